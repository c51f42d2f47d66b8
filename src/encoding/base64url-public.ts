/**
 * The public `base64url` namespace: strict, canonical, unpadded base64url.
 *
 * @module
 */

import { JoseError } from '../errors.js';
import { copyBytes, isUint8Array } from './bytes.js';
import { Utf8Error, utf8Encode } from './utf8.js';
import { Base64urlError, decode as strictDecode, encode as strictEncode } from './base64url.js';

/**
 * Encodes bytes, or a string as UTF-8, as unpadded base64url.
 *
 * @example
 * ```ts
 * base64url.encode('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function encode(input: Uint8Array | string): string {
  if (typeof input === 'string') {
    // TextEncoder would turn an unpaired surrogate into U+FFFD: refuse rather than encode other text.
    try {
      return strictEncode(utf8Encode(input));
    } catch (err) {
      if (err instanceof Utf8Error) throw new JoseError(`the string ${err.message}`, { step: 'encode' });
      throw err;
    }
  }
  if (!isUint8Array(input)) throw new JoseError('base64url.encode takes a Uint8Array or a string', { step: 'encode' });
  return strictEncode(input);
}

/**
 * Decodes canonical unpadded base64url. Padding, whitespace, `+`, `/`, impossible lengths and
 * non-zero trailing bits throw a JoseError.
 *
 * @example
 * ```ts
 * base64url.decode('aGk'); // Uint8Array [104, 105]
 * ```
 */
export function decode(input: string): Uint8Array {
  if (typeof input !== 'string') throw new JoseError('base64url.decode takes a string', { step: 'encode' });
  try {
    return copyBytes(strictDecode(input));
  } catch (err) {
    if (err instanceof Base64urlError) throw new JoseError(`not canonical base64url: ${err.message}`, { step: 'encode' });
    throw err;
  }
}
