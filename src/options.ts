/**
 * Reading a caller's options object safely: whatever is passed (null, a number, a Proxy whose
 * traps throw, an object with throwing getters), the result is a plain snapshot of the known
 * option names or a JoseInvalidOptions. Functions then validate the snapshot's values, and never
 * touch the caller's object again (so a getter cannot answer differently the second time).
 *
 * @module
 */

import { kindOf, show } from './encoding/show.js';
import { errorText, JoseInvalidOptions } from './errors.js';

/** Advice for an option name another library uses (see options-migration.ts), or undefined. */
export type MigrationHints = (name: string, known: readonly string[], where: string) => string | undefined;

export { errorText };

/**
 * A snapshot of the options named in `known`: `undefined` gives an empty snapshot; anything
 * that is not an object, or whose members cannot be read, is a JoseInvalidOptions naming `where`;
 * so is an option name not in `known` (see {@link rejectUnknownOptions}), unless `others` is
 * 'ignore' (for a reader of a subset, whose caller checks the whole).
 */
export function readOptions<T extends object>(
  value: unknown,
  known: readonly (keyof T & string)[],
  where: string,
  others: 'reject' | 'ignore' = 'reject',
  migration?: MigrationHints,
): Partial<T> {
  const snapshot = Object.create(null) as Partial<T>;
  if (value === undefined) return snapshot;
  if (typeof value !== 'object' || value === null || kindOf(value) === 'an array') {
    throw new JoseInvalidOptions(`the options of ${where} must be an object, got ${kindOf(value)}`, { step: 'options' });
  }
  if (others === 'reject') rejectUnknownOptions(value, known, where, migration);
  for (const name of known) {
    let member: unknown;
    try {
      member = (value as Record<string, unknown>)[name];
    } catch (err) {
      throw new JoseInvalidOptions(`option "${name}" of ${where} cannot be read: ${errorText(err)}`, { step: 'options', cause: err });
    }
    if (member !== undefined) (snapshot as Record<string, unknown>)[name] = member;
  }
  return snapshot;
}

/** Edit distance (insert, delete, substitute), ASCII case ignored: for "did you mean" only. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length]!;
}

/**
 * Refuses option names the function does not know, naming the closest known one: a misspelt
 * `audiance` must not leave a check silently unset. A name another library uses (`maxAge`,
 * `keyid`, `ignoreExpiration`, …) gets josekit's spelling or what to do instead, and where the
 * name comes from, from the functions that pass `migration` (options-migration.ts: the functions
 * people port code to; kept out of this module so that a decode-only bundle does not carry it). Only own enumerable names count (as for JSON), so
 * an own `__proto__` is an unknown option too.
 *
 * @throws JoseInvalidOptions.
 */
export function rejectUnknownOptions(options: unknown, known: readonly string[], where: string, migration?: MigrationHints): void {
  if (typeof options !== 'object' || options === null) return; // the type is reported by readOptions
  let names: string[];
  try {
    names = Object.keys(options);
  } catch (err) {
    throw new JoseInvalidOptions(`the options of ${where} could not be read: ${errorText(err)}`, { step: 'options', cause: err });
  }
  for (const name of names) {
    if (known.includes(name)) continue;
    const advice = migration?.(name, known, where);
    if (advice !== undefined) {
      throw new JoseInvalidOptions(`unknown option ${show(name)} for ${where}: ${advice}; known options: ${known.join(', ')}`, { step: 'options' });
    }
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
      const d = distance(name.slice(0, 64), candidate);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    const hint = best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
    throw new JoseInvalidOptions(`unknown option ${show(name)} for ${where}${hint}; known options: ${known.join(', ')}`, { step: 'options' });
  }
}
