/**
 * Unverified decoding: for routing and debugging only, never for trust. Still strict about form,
 * with the same rules verification applies (three segments, canonical base64url in each, a JSON
 * object header whose registered parameters have their types, a JSON object payload), so a
 * token that decodes here is never rejected later for its form.
 *
 * @module
 */

import { asJoseError, JoseInvalidOptions, JwsInvalid, JwtInvalid } from '../errors.js';
import { kindOf } from '../encoding/show.js';
import { readOptions } from '../options.js';
import { splitCompact, type CompactSegments } from '../jws/compact.js';
import { checkHeaderForm, parseProtectedHeader, type JoseHeader } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { decodeSegment, type PaddingRule } from '../jws/segment.js';
import { encodeText } from '../jws/sign.js';
import { parseClaims, type JwtPayload } from './claims.js';

/** Options of the decode functions. */
export interface DecodeOptions {
  /** Longest accepted token, in characters. Default 65536, as for verification. */
  maxTokenLength?: number;
  /**
   * Accept segments that end in correct base64 `=` padding, as verifyJwt's `allowPadding` does
   * (AWS Application Load Balancer tokens), so that such a token can be routed (by `kid` or
   * `signer`) before it is verified. Off by default, as JOSE's base64url is unpadded (RFC 7515
   * §2); the same padding rules apply as on verification.
   *
   * @example
   * ```ts
   * const { kid, signer } = decodeHeader(request.headers.get('x-amzn-oidc-data')!, { allowPadding: true });
   * ```
   */
  allowPadding?: boolean;
}

/** Splits a compact JWS and checks the form of its three segments, as verifyCompact would. */
function readCompact(
  token: unknown,
  options: unknown,
  where: string,
): { segments: CompactSegments; header: JoseHeader; b64: boolean; max: number; padding: PaddingRule } {
  const read = readOptions<DecodeOptions>(options, ['maxTokenLength', 'allowPadding'], where);
  const max = read.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (!Number.isSafeInteger(max) || max <= 0) throw new JoseInvalidOptions('"maxTokenLength" must be a positive integer', { step: 'options' });
  if (read.allowPadding !== undefined && typeof read.allowPadding !== 'boolean') {
    throw new JoseInvalidOptions(`"allowPadding" must be a boolean, got ${kindOf(read.allowPadding)}`, { step: 'options' });
  }
  const padding: PaddingRule = read.allowPadding === true ? 'allow' : 'hint';
  const segments = splitCompact(token, max);
  const { header, b64 } = checkHeaderForm(parseProtectedHeader(segments.headerSegment, max, padding), undefined);
  if (b64) decodeSegment(segments.payloadSegment, 'payload', 'decode payload', padding);
  else encodeText(segments.payloadSegment, 'the unencoded payload', JwsInvalid, 'decode payload');
  decodeSegment(segments.signatureSegment, 'signature', 'decode signature', padding);
  return { segments, header, b64, max, padding };
}

/**
 * Decodes a JWT's claims without verifying anything. Do not trust the result. Throws JwsInvalid
 * or JwtInvalid, naming the step, for a token that verifyJwt would refuse for its form.
 *
 * @example
 * ```ts
 * const { iss } = decodeJwt(token); // e.g. to pick which issuer's verifier to use
 * ```
 */
export function decodeJwt<T = JwtPayload>(token: string, options?: DecodeOptions): T & JwtPayload {
  try {
    const { segments, b64, max, padding } = readCompact(token, options, 'decodeJwt');
    if (!b64) throw new JwtInvalid('a JWT cannot use an unencoded payload (b64: false)', { step: 'parse claims' });
    if (segments.payloadSegment === '') throw new JwtInvalid('the token has no payload (a detached JWS is not a JWT)', { step: 'decode payload' });
    return parseClaims(decodeSegment(segments.payloadSegment, 'payload', 'decode payload', padding), max) as T & JwtPayload;
  } catch (err) {
    throw asJoseError(err, JwsInvalid, 'split', 'the token or options');
  }
}

/**
 * Decodes the protected header of a compact JWS or JWT without verifying anything. The whole
 * token's form is checked, as verifyCompact would check it.
 *
 * @example
 * ```ts
 * const { kid, alg } = decodeHeader(token);
 * ```
 */
export function decodeHeader(token: string, options?: DecodeOptions): JoseHeader {
  try {
    return readCompact(token, options, 'decodeHeader').header;
  } catch (err) {
    throw asJoseError(err, JwsInvalid, 'split', 'the token or options');
  }
}
