/**
 * Time for JWTs: NumericDate seconds (RFC 7519 §2), durations (`'15m'`, `'2 hours'`, numbers
 * as seconds), and the human forms used in error messages.
 *
 * A NumericDate may be fractional, so every comparison uses the clock's full (millisecond)
 * precision and every message shows a fractional instant with its fraction: flooring either side
 * would move an expiry by up to a second.
 *
 * @module
 */

import { JoseInvalidOptions } from '../errors.js';
import { kindOf, show } from '../encoding/show.js';

/** Seconds per unit. Null-prototype, so that `'1 constructor'` or `'1 valueof'` is no unit. */
const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, {
    s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
    m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
    h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
    d: 86400, day: 86400, days: 86400,
    w: 604800, week: 604800, weeks: 604800,
    y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600,
  }),
);
const DURATION = /^([+-])? ?(\d+(?:\.\d+)?) ?([a-z]+)(?: (ago|from now))?$/i;

/**
 * The largest instant a Date can hold, in seconds either side of the epoch (ECMA-262 §21.4.1.22,
 * ±8.64e15 ms). A duration beyond it can never give an instant a Date (or an error's `times`) can show.
 */
export const MAX_INSTANT_SECONDS = 8.64e12;

function invalid(message: string): never {
  throw new JoseInvalidOptions(message, { step: 'options' });
}

/**
 * Parses a duration into seconds: a finite number is seconds; a string is a number with a unit
 * (`30s`, `15m`, `2 hours`, `7d`, `1 week`, `1 year`, optionally `ago`/`from now` or a sign).
 * A bare numeric string is refused: other libraries read `"120"` as milliseconds. Anything that
 * is not a number or a string is refused before it is looked at (no `toString` is called), and
 * so is a duration longer than a Date can span (`'9'.repeat(400) + 's'` is Infinity seconds).
 *
 * @throws JoseInvalidOptions naming `option`.
 */
export function parseDuration(value: unknown, option: string): number {
  let seconds: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(`"${option}" must be a finite number of seconds, got ${show(value)}`);
    seconds = value;
  } else if (typeof value === 'string') {
    const match = DURATION.exec(value.trim());
    const unit = match ? UNIT_SECONDS[match[3]!.toLowerCase()] : undefined;
    if (!match || unit === undefined) {
      invalid(`"${option}" ${show(value)} is not a duration; use a number of seconds or a string like "30s", "15m", "2 hours", "7d"`);
    }
    if (match[1] && match[4]) invalid(`"${option}" ${show(value)} has both a sign and "${match[4]}"`);
    const magnitude = Number(match[2]) * unit;
    seconds = match[1] === '-' || match[4]?.toLowerCase() === 'ago' ? -magnitude : magnitude;
  } else {
    invalid(`"${option}" must be seconds (a number) or a duration string like "15m", got ${kindOf(value)}`);
  }
  // A long digit string overflows to Infinity; anything past the Date range is as unusable.
  if (!(Math.abs(seconds) <= MAX_INSTANT_SECONDS)) {
    invalid(`"${option}" ${show(value)} is longer than any instant a Date can hold (${MAX_INSTANT_SECONDS} seconds, about 273,790 years)`);
  }
  return seconds;
}

/**
 * The time value (epoch ms, NaN for an Invalid Date) of a genuine Date, from any realm, or
 * undefined for anything else. Reads the internal slot, never a `getTime` the value may have
 * overridden, so a Date subclass or a proxy cannot show one time to a check and another later.
 */
export function dateMillis(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
}

/** Whole seconds (floored) of an epoch-ms time: the `iat` a signer writes. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The digits after the decimal point of a positive, non-integer number, shortest form. */
function fractionDigits(value: number): string {
  let text = String(value);
  // Only values below 1e-6 print with an exponent while having a fraction.
  if (text.includes('e')) text = value.toFixed(20).replace(/0+$/, '');
  return text.slice(text.indexOf('.') + 1);
}

/**
 * A NumericDate in ISO 8601: `2026-11-22T10:00:00Z` for whole seconds, and with the fraction
 * when there is one (`2026-11-22T10:00:00.500Z`, at least milliseconds, more digits when the
 * value has them). A value no Date can hold is shown as the number it is.
 */
export function isoInstant(seconds: number): string {
  if (!(Math.abs(seconds) <= MAX_INSTANT_SECONDS)) return String(seconds);
  const whole = Math.floor(seconds);
  const base = new Date(whole * 1000).toISOString().slice(0, -5); // without ".000Z"
  if (whole === seconds) return `${base}Z`;
  let digits = fractionDigits(Math.abs(seconds));
  if (seconds < 0) {
    // -12.3 is 0.7 s after -13: the fraction shown counts up from the floored second.
    digits = (10n ** BigInt(digits.length) - BigInt(digits)).toString().padStart(digits.length, '0');
  }
  return `${base}.${digits.padEnd(3, '0')}Z`;
}

/**
 * A compact human duration: 45s, 3m12s, 2h5m, 3d4h, 2y10d; under a minute it keeps the
 * milliseconds (1.5s, 400ms), so that a sub-second expiry does not read "0s ago".
 */
export function formatDuration(totalSeconds: number): string {
  const abs = Math.abs(totalSeconds);
  if (!Number.isFinite(abs)) return `${abs}s`;
  const ms = Math.round(abs * 1000);
  if (ms < 60_000) {
    if (ms === 0) return abs === 0 ? '0s' : '<1ms';
    if (ms % 1000 === 0) return `${ms / 1000}s`;
    return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
  }
  let rest = Math.round(abs);
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

/** "3m12s ago" / "in 4m" relative to now (both in seconds, fractions allowed). */
export function relative(seconds: number, now: number): string {
  const delta = seconds - now;
  if (delta === 0) return 'now';
  return delta < 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(delta)}`;
}
