/**
 * Strict decoding of one base64url segment of a JWS, with the error naming the segment.
 *
 * @module
 */

import { Base64urlError, decode, withoutPadding } from '../encoding/base64url.js';
import { JwsInvalid, type JoseStep } from '../errors.js';

/**
 * How a segment's `=` padding is treated: `'allow'` accepts exactly the padding its length needs
 * (compact verifiers with `allowPadding: true`); `'hint'` refuses it and, when correct padding is
 * the only problem, names `allowPadding` (compact verifiers and decoders without it); `'refuse'`
 * refuses it without the hint (the JSON serialisations, which have no such option).
 */
export type PaddingRule = 'allow' | 'hint' | 'refuse';

const ONLY_PADDED =
  'it ends in "=" padding, which JOSE leaves out (RFC 7515 §2); for tokens from an issuer that pads, such as the AWS Application Load Balancer, pass allowPadding: true';

/** Whether the only thing wrong with `segment` is correct padding. Called on failures only. */
function onlyPadded(segment: string): boolean {
  try {
    const unpadded = withoutPadding(segment);
    if (unpadded === segment) return false;
    decode(unpadded);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a segment (`name` is "protected header", "payload" or "signature"). With `padding`
 * `'allow'`, correct padding is taken off first; the rest must still be canonical.
 */
export function decodeSegment(segment: string, name: string, step: JoseStep, padding: PaddingRule = 'refuse'): Uint8Array {
  try {
    return decode(padding === 'allow' ? withoutPadding(segment) : segment);
  } catch (err) {
    if (err instanceof Base64urlError) {
      const why = padding === 'hint' && onlyPadded(segment) ? ONLY_PADDED : err.message;
      throw new JwsInvalid(`the ${name} is not canonical base64url: ${why}`, { step });
    }
    throw err;
  }
}
