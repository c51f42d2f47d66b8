/**
 * Strict decoding of one base64url segment of a JWS, with the error naming the segment.
 *
 * @module
 */

import { Base64urlError, decode } from '../encoding/base64url.js';
import { JwsInvalid, type JoseStep } from '../errors.js';

/** Decodes a segment (`name` is "protected header", "payload" or "signature"). */
export function decodeSegment(segment: string, name: string, step: JoseStep): Uint8Array {
  try {
    return decode(segment);
  } catch (err) {
    if (err instanceof Base64urlError) throw new JwsInvalid(`the ${name} is not canonical base64url: ${err.message}`, { step });
    throw err;
  }
}
