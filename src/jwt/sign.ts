/**
 * signJwt: claims (plus option claims) into a signed compact JWT.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions } from '../errors.js';
import { buildHeader, createSignature, type HeaderOptions } from '../jws/sign.js';
import type { Key } from '../keys/types.js';
import { buildClaims, type ClaimBuildOptions } from './claims.js';

/** Options of {@link signJwt}. */
export interface SignJwtOptions extends ClaimBuildOptions, HeaderOptions {
  /** Header `typ`. Default `'JWT'`. */
  typ?: string;
}

/**
 * Signs a JWT. The caller's claims object is never mutated; registered claims given as options
 * (`expiresIn`, `issuer`, …) must not also be in `claims`.
 *
 * @example
 * ```ts
 * const token = await signJwt({ scope: 'read' }, privateKey, {
 *   alg: 'ES256', kid: 'key-2026-11', issuer: 'https://auth.example', audience: 'api', subject: 'user-42', expiresIn: '15m',
 * });
 * ```
 */
export async function signJwt(claims: Record<string, unknown>, key: Key, options: SignJwtOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) throw new JoseInvalidOptions('options with "alg" are required', { step: 'options' });
  const entry = requireAlgorithm(options.alg, 'options');
  const payload = buildClaims(claims, options);
  const header = buildHeader({
    alg: entry.alg,
    kid: options.kid,
    typ: options.typ === undefined ? 'JWT' : options.typ,
    cty: options.cty,
    crit: options.crit,
    header: options.header,
  });
  const signingInput = `${b64encode(JSON.stringify(header))}.${b64encode(JSON.stringify(payload))}`;
  return `${signingInput}.${await createSignature(entry, key, utf8Encode(signingInput))}`;
}
