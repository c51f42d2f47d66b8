/**
 * Usage errors of the `josekit` command, and the "did you mean" suggestion they carry.
 *
 * @module
 */

/**
 * The command line cannot be acted on as given: an unknown, missing or conflicting flag, or an
 * input file that cannot be read or used. Exit code 2; the message is printed without a stack.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short names. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `name`, if one is close enough to be what was meant: a unique
 * candidate that starts with it (`clock` for `clock-tolerance`), or the nearest by edit distance
 * within a third of the name's length (at least 2). Case is ignored.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const prefixed = candidates.filter((c) => wanted.length >= 2 && c.toLowerCase().startsWith(wanted));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
