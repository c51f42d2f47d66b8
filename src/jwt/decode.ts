/**
 * Unverified decoding: for routing and debugging only, never for trust. Still strict about
 * encoding and JSON, so a token that decodes here is not rejected later for its form.
 *
 * @module
 */

import { JwtInvalid } from '../errors.js';
import { splitCompact } from '../jws/compact.js';
import { parseProtectedHeader, type JoseHeader } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { decodeSegment } from '../jws/segment.js';
import { parseClaims, type JwtPayload } from './claims.js';

/**
 * Decodes a JWT's claims without verifying anything. Do not trust the result.
 *
 * @example
 * ```ts
 * const { iss } = decodeJwt(token); // e.g. to pick which issuer's verifier to use
 * ```
 */
export function decodeJwt<T = JwtPayload>(token: string): T & JwtPayload {
  const { payloadSegment } = splitCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  if (payloadSegment === '') throw new JwtInvalid('the token has no payload (detached JWS)', { step: 'decode payload' });
  return parseClaims(decodeSegment(payloadSegment, 'payload', 'decode payload'), DEFAULT_MAX_TOKEN_LENGTH) as T & JwtPayload;
}

/**
 * Decodes a compact JWS or JWT's protected header without verifying anything.
 *
 * @example
 * ```ts
 * const { kid, alg } = decodeHeader(token);
 * ```
 */
export function decodeHeader(token: string): JoseHeader {
  const { headerSegment } = splitCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  return parseProtectedHeader(headerSegment, DEFAULT_MAX_TOKEN_LENGTH) as JoseHeader;
}
