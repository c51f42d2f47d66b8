/**
 * UTF-8 with fatal decoding: malformed byte sequences are errors, never U+FFFD. A byte-order
 * mark is kept (not silently stripped), so it then fails JSON parsing as the stray character
 * it is.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a string as UTF-8 bytes. */
export function utf8Encode(input: string): Uint8Array {
  return encoder.encode(input);
}

/** Decodes UTF-8 bytes; throws a TypeError on malformed input (callers rewrap it). */
export function utf8Decode(input: Uint8Array): string {
  return decoder.decode(input);
}
