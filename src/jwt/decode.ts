/**
 * Unverified decoding: for routing and debugging only, never for trust. Still strict about
 * encoding and JSON, so a token that decodes here is not rejected later for its form.
 *
 * @module
 */

import { JoseInvalidOptions, JwtInvalid } from '../errors.js';
import { splitCompact } from '../jws/compact.js';
import { parseProtectedHeader, type JoseHeader } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { decodeSegment } from '../jws/segment.js';
import { parseClaims, type JwtPayload } from './claims.js';

/** Options of the decode functions. */
export interface DecodeOptions {
  /** Longest accepted token, in characters. Default 65536, as for verification. */
  maxTokenLength?: number;
}

function maxLength(options: DecodeOptions): number {
  const max = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (!Number.isSafeInteger(max) || max <= 0) throw new JoseInvalidOptions('"maxTokenLength" must be a positive integer', { step: 'options' });
  return max;
}

/**
 * Decodes a JWT's claims without verifying anything. Do not trust the result.
 *
 * @example
 * ```ts
 * const { iss } = decodeJwt(token); // e.g. to pick which issuer's verifier to use
 * ```
 */
export function decodeJwt<T = JwtPayload>(token: string, options: DecodeOptions = {}): T & JwtPayload {
  const max = maxLength(options);
  const { payloadSegment } = splitCompact(token, max);
  if (payloadSegment === '') throw new JwtInvalid('the token has no payload (detached JWS)', { step: 'decode payload' });
  return parseClaims(decodeSegment(payloadSegment, 'payload', 'decode payload'), max) as T & JwtPayload;
}

/**
 * Decodes a compact JWS or JWT's protected header without verifying anything.
 *
 * @example
 * ```ts
 * const { kid, alg } = decodeHeader(token);
 * ```
 */
export function decodeHeader(token: string, options: DecodeOptions = {}): JoseHeader {
  const max = maxLength(options);
  const { headerSegment } = splitCompact(token, max);
  return parseProtectedHeader(headerSegment, max) as JoseHeader;
}
