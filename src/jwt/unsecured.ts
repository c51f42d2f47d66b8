/**
 * Unsecured JWTs (RFC 7519 §6): the only place `alg: "none"` exists in josekit. Use them only
 * where the token's integrity is protected by other means.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { loneSurrogateAt } from '../encoding/utf8.js';
import { JoseInvalidOptions, JwtInvalid } from '../errors.js';
import { splitCompact } from '../jws/compact.js';
import { parseProtectedHeader, type JoseHeader } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { decodeSegment } from '../jws/segment.js';
import {
  CLAIM_BUILD_OPTION_NAMES,
  CLAIM_OPTION_NAMES,
  buildClaims,
  compileClaimOptions,
  parseClaims,
  validateClaims,
  type ClaimBuildOptions,
  type ClaimOptions,
  type JwtPayload,
} from './claims.js';
import { kindOf, show } from '../encoding/show.js';
import { readOptions, rejectUnknownOptions } from '../options.js';
import { migrationHint } from '../options-migration.js';

/** Options of {@link encodeUnsecuredJwt}. */
export interface UnsecuredJwtOptions extends ClaimBuildOptions {
  /** Header `typ`. Default `'JWT'`. */
  typ?: string;
}

const UNSECURED_OPTION_NAMES = ['typ', ...CLAIM_BUILD_OPTION_NAMES] as const;

/**
 * Encodes an Unsecured JWT (RFC 7519 §6.1: `alg: "none"`, empty signature). Claims and options
 * are checked as by signJwt, except that no lifetime is required (these tokens are for tests and
 * fixtures, and are never accepted by a verify function).
 *
 * @param claims - the claims: a plain object of JSON values (checked as by signJwt).
 * @param options - `typ` and the claim options of signJwt (`expiresIn`, `issuer`, …).
 * @returns the token, ending in ".".
 * @throws JwtInvalid for claims that are not exact JSON; JoseInvalidOptions for bad options and
 *   for unpaired surrogates in claim names, claim values or `typ`.
 *
 * @example
 * ```ts
 * const token = await encodeUnsecuredJwt({ sub: 'test' }, { expiresIn: '5m' }); // "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ…."
 * ```
 */
export async function encodeUnsecuredJwt(claims: object, options: UnsecuredJwtOptions = {}): Promise<string> {
  const o: { readonly [K in keyof UnsecuredJwtOptions]?: unknown } = readOptions<UnsecuredJwtOptions>(options, UNSECURED_OPTION_NAMES, 'encodeUnsecuredJwt', 'reject', migrationHint);
  const typ = o.typ === undefined ? 'JWT' : o.typ;
  if (typeof typ !== 'string') throw new JoseInvalidOptions(`"typ" must be a string, got ${kindOf(typ)}`, { step: 'options' });
  if (loneSurrogateAt(typ) !== -1) throw new JoseInvalidOptions('"typ" has an unpaired surrogate, which UTF-8 cannot encode', { step: 'options' });
  const payload = buildClaims(claims, o);
  return `${b64encode(JSON.stringify({ alg: 'none', typ }))}.${b64encode(JSON.stringify(payload))}.`;
}

/**
 * Decodes an Unsecured JWT and validates its claims with the same rules as verifyJwt (`exp`
 * required by default, `aud` checked whenever present). Only `alg: "none"` with an empty
 * signature is accepted here.
 *
 * @param token - the compact token (at most 65536 characters).
 * @param options - the claim options of verifyJwt (`issuer`, `audience`, `typ`, `currentDate`, …).
 * @returns the claims and the header.
 * @throws JwsInvalid or JwtInvalid for a malformed token or one that is not unsecured;
 *   JwtClaimValidationFailed (JwtExpired, JwtNotYetValid) for a failed claim;
 *   JoseInvalidOptions for bad options.
 *
 * @example
 * ```ts
 * const { payload } = await decodeUnsecuredJwt(token, { issuer: 'test-fixture', audience: 'tests' });
 * ```
 */
export async function decodeUnsecuredJwt<T = JwtPayload>(
  token: string,
  options: ClaimOptions = {},
): Promise<{ payload: T & JwtPayload; header: JoseHeader }> {
  const compiled = compileClaimOptions(options, 'decodeUnsecuredJwt');
  rejectUnknownOptions(options, CLAIM_OPTION_NAMES, 'decodeUnsecuredJwt', migrationHint);
  const { headerSegment, payloadSegment, signatureSegment } = splitCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  const header = parseProtectedHeader(headerSegment, DEFAULT_MAX_TOKEN_LENGTH) as JoseHeader;
  if (header.alg !== 'none') throw new JwtInvalid(`an unsecured JWT has alg "none", this one has ${show(header.alg)}`, { step: 'check header' });
  if (signatureSegment !== '') throw new JwtInvalid('an unsecured JWT has an empty signature segment', { step: 'check header' });
  if (header.crit !== undefined) throw new JwtInvalid('an unsecured JWT cannot carry "crit"', { step: 'check header' });
  const payload = parseClaims(decodeSegment(payloadSegment, 'payload', 'decode payload'), DEFAULT_MAX_TOKEN_LENGTH);
  await validateClaims(payload, header, compiled);
  return { payload: payload as T & JwtPayload, header };
}
