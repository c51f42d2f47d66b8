/**
 * Unsecured JWTs (RFC 7519 §6): the only place `alg: "none"` exists in josekit. Use them only
 * where the token's integrity is protected by other means.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { JoseInvalidOptions, JwtInvalid } from '../errors.js';
import { splitCompact } from '../jws/compact.js';
import { parseProtectedHeader, type JoseHeader } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { decodeSegment } from '../jws/segment.js';
import { buildClaims, compileClaimOptions, parseClaims, validateClaims, type ClaimBuildOptions, type ClaimOptions, type JwtPayload } from './claims.js';

/** Options of {@link encodeUnsecuredJwt}. */
export interface UnsecuredJwtOptions extends ClaimBuildOptions {
  /** Header `typ`. Default `'JWT'`. */
  typ?: string;
}

/**
 * Encodes an Unsecured JWT (`alg: "none"`, empty signature).
 *
 * @example
 * ```ts
 * const token = await encodeUnsecuredJwt({ sub: 'test' }, { expiresIn: '5m' }); // "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ…."
 * ```
 */
export async function encodeUnsecuredJwt(claims: Record<string, unknown>, options: UnsecuredJwtOptions = {}): Promise<string> {
  const typ = options.typ === undefined ? 'JWT' : options.typ;
  if (typeof typ !== 'string') throw new JoseInvalidOptions('"typ" must be a string', { step: 'options' });
  return `${b64encode(JSON.stringify({ alg: 'none', typ }))}.${b64encode(JSON.stringify(buildClaims(claims, options)))}.`;
}

/**
 * Decodes an Unsecured JWT and validates its claims with the same rules as verifyJwt (`exp`
 * required by default). Only `alg: "none"` with an empty signature is accepted here.
 *
 * @example
 * ```ts
 * const { payload } = await decodeUnsecuredJwt(token, { issuer: 'test-fixture' });
 * ```
 */
export async function decodeUnsecuredJwt<T = JwtPayload>(
  token: string,
  options: ClaimOptions = {},
): Promise<{ payload: T & JwtPayload; header: JoseHeader }> {
  const compiled = compileClaimOptions(options);
  const { headerSegment, payloadSegment, signatureSegment } = splitCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  const header = parseProtectedHeader(headerSegment, DEFAULT_MAX_TOKEN_LENGTH) as JoseHeader;
  if (header.alg !== 'none') throw new JwtInvalid(`an unsecured JWT has alg "none", this one has ${JSON.stringify(header.alg)}`, { step: 'check header' });
  if (signatureSegment !== '') throw new JwtInvalid('an unsecured JWT has an empty signature segment', { step: 'check header' });
  if (header.crit !== undefined) throw new JwtInvalid('an unsecured JWT cannot carry "crit"', { step: 'check header' });
  const payload = parseClaims(decodeSegment(payloadSegment, 'payload', 'decode payload'), DEFAULT_MAX_TOKEN_LENGTH);
  await validateClaims(payload, header, compiled);
  return { payload: payload as T & JwtPayload, header };
}
