/**
 * UTF-8 in both directions, never lossy. Decoding is fatal: malformed byte sequences are errors,
 * never U+FFFD. Encoding refuses strings with an unpaired surrogate, which TextEncoder would
 * silently turn into U+FFFD (so that '\ud800' and '\udfff' would encode to the same bytes, and a
 * signature over one would verify the other). A byte-order mark is kept (not silently stripped),
 * so it then fails JSON parsing as the stray character it is.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Thrown by {@link utf8Encode}; callers rewrap it with their step and error class. */
export class Utf8Error extends Error {}

type WellFormed = { isWellFormed(): boolean };
const hasIsWellFormed = typeof (String.prototype as unknown as Partial<WellFormed>).isWellFormed === 'function';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Offset of the first unpaired surrogate in `input`, or -1 when the string is well formed. */
export function loneSurrogateAt(input: string): number {
  if (hasIsWellFormed && (input as unknown as WellFormed).isWellFormed()) return -1;
  const match = LONE_SURROGATE.exec(input);
  return match ? match.index : -1;
}

/** Encodes a string as UTF-8 bytes; throws {@link Utf8Error} for a string with an unpaired surrogate. */
export function utf8Encode(input: string): Uint8Array {
  const at = loneSurrogateAt(input);
  if (at !== -1) {
    throw new Utf8Error(`has an unpaired surrogate (U+${input.charCodeAt(at).toString(16).toUpperCase()}) at offset ${at}, which UTF-8 cannot encode`);
  }
  return encoder.encode(input);
}

/** Decodes UTF-8 bytes; throws a TypeError on malformed input (callers rewrap it). */
export function utf8Decode(input: Uint8Array): string {
  return decoder.decode(input);
}
