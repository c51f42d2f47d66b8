/**
 * Time for JWTs: NumericDate seconds (RFC 7519 §2), durations (`'15m'`, `'2 hours'`, numbers
 * as seconds), and the human forms used in error messages.
 *
 * @module
 */

import { JoseInvalidOptions } from '../errors.js';

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600,
};
const DURATION = /^([+-])? ?(\d+(?:\.\d+)?) ?([a-z]+)(?: (ago|from now))?$/i;

/**
 * Parses a duration into seconds: a finite number is seconds; a string is a number with a unit
 * (`30s`, `15m`, `2 hours`, `7d`, `1 week`, `1 year`, optionally `ago`/`from now` or a sign).
 * A bare numeric string is refused: other libraries read `"120"` as milliseconds.
 */
export function parseDuration(value: unknown, option: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new JoseInvalidOptions(`"${option}" must be a finite number of seconds`, { step: 'options' });
    return value;
  }
  if (typeof value !== 'string') throw new JoseInvalidOptions(`"${option}" must be seconds (a number) or a duration string like "15m"`, { step: 'options' });
  const match = DURATION.exec(value.trim());
  const unit = match ? UNIT_SECONDS[match[3]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new JoseInvalidOptions(
      `"${option}" ${JSON.stringify(value)} is not a duration; use a number of seconds or a string like "30s", "15m", "2 hours", "7d"`,
      { step: 'options' },
    );
  }
  const seconds = Number(match[2]) * unit;
  const negative = match[1] === '-' || match[4]?.toLowerCase() === 'ago';
  if (match[1] && match[4]) throw new JoseInvalidOptions(`"${option}" ${JSON.stringify(value)} has both a sign and "${match[4]}"`, { step: 'options' });
  return negative ? -seconds : seconds;
}

/** Current time in whole seconds. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** ISO 8601 without milliseconds: 2026-11-22T10:00:00Z. */
export function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A compact human duration: 45s, 3m12s, 2h5m, 3d4h, 2y10d. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.round(Math.abs(totalSeconds));
  if (rest < 60) return `${rest}s`;
  const parts: string[] = [];
  for (const [unit, size] of [['y', 31557600], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join('');
}

/** "3m12s ago" / "in 4m" relative to now. */
export function relative(seconds: number, now: number): string {
  const delta = seconds - now;
  if (delta === 0) return 'now';
  return delta < 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(delta)}`;
}
