/**
 * signJwt: claims (plus option claims) into a signed compact JWT.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { requireAlgorithm } from '../jwa/algorithms.js';
import { asJoseError, JoseInvalidOptions } from '../errors.js';
import { HEADER_OPTION_NAMES, buildHeader, createSignature, type HeaderOptions } from '../jws/sign.js';
import type { Key } from '../keys/types.js';
import { readOptions } from '../options.js';
import { migrationHint } from '../options-migration.js';
import { CLAIM_BUILD_OPTION_NAMES, buildClaims, type ClaimBuildOptions } from './claims.js';

/** Options of {@link signJwt}. */
export interface SignJwtOptions extends ClaimBuildOptions, HeaderOptions {
  /** Header `typ`. Default `'JWT'`. */
  typ?: string;
}

const SIGN_OPTION_NAMES = [...HEADER_OPTION_NAMES, ...CLAIM_BUILD_OPTION_NAMES] as const;

/**
 * Encoded protected headers made only of named string options (the usual case: alg, kid, typ),
 * so that a service signing many tokens builds each distinct header once. Bounded.
 */
const headerSegments = new Map<string, string>();
const HEADER_SEGMENTS_MAX = 64;

/** The base64url protected header for these options, built by buildHeader (and so checked by it). */
function protectedSegment(alg: string, o: { readonly [K in keyof SignJwtOptions]?: unknown }): string {
  const parts = { alg, kid: o.kid, typ: o.typ === undefined ? 'JWT' : o.typ, cty: o.cty, crit: o.crit, header: o.header };
  const plain = parts.crit === undefined && parts.header === undefined;
  // Only strings (or absent) make a cache key that says exactly which header it is.
  const cacheable = plain && [parts.kid, parts.typ, parts.cty].every((v) => v === undefined || typeof v === 'string');
  // Length-prefixed, so no two different headers share a key whatever characters they hold.
  const field = (v: unknown) => (v === undefined ? '-' : `${(v as string).length}:${v as string}`);
  const cacheKey = cacheable ? `${alg}|${field(parts.kid)}|${field(parts.typ)}|${field(parts.cty)}` : undefined;
  const known = cacheKey === undefined ? undefined : headerSegments.get(cacheKey);
  if (known !== undefined) return known;
  const segment = b64encode(JSON.stringify(buildHeader(parts as Parameters<typeof buildHeader>[0])));
  if (cacheKey !== undefined) {
    if (headerSegments.size >= HEADER_SEGMENTS_MAX) headerSegments.delete(headerSegments.keys().next().value!);
    headerSegments.set(cacheKey, segment);
  }
  return segment;
}

/**
 * Signs a JWT (RFC 7519 §7.1) as a JWS Compact Serialization. The caller's claims object is
 * never mutated; registered claims given as options (`expiresIn`, `issuer`, …) must not also be
 * in `claims`. What is signed is exactly what was checked: claims are copied once, and values
 * JSON cannot represent exactly (undefined, functions, bigints, non-finite numbers, holes,
 * `toJSON`, cycles) are refused, never dropped. `iat` is whole seconds; `expiresIn` and
 * `notBefore` take seconds, a duration string or a Date.
 *
 * A lifetime decision is required, so that what is signed passes josekit's own default verifier
 * (which requires `exp`): `expiresIn`, an `exp` claim, or `expiresIn: false` for a token that
 * never expires on purpose (its verifiers then need `requireExp: false`).
 *
 * @param claims - a plain JSON object (any object type, interfaces included; checked at run time).
 * @param key - a CryptoKey, a JWK, a Uint8Array HMAC secret (or a Node KeyObject) fitting `alg`.
 * @param options - `alg` (required), the lifetime (`expiresIn`, unless the claims have `exp`),
 *   header options and claim options.
 * @returns the compact JWT.
 * @throws JoseInvalidOptions (step `'options'`) without a lifetime decision, naming the three
 *   ways to make one; JwtInvalid for claims that are not exact JSON; JoseInvalidOptions for bad
 *   options and for unpaired surrogates in claim names or values (UTF-8 cannot encode them);
 *   JoseNotSupported for an unknown alg; JoseKeyInvalid for a key that does not fit it.
 *
 * @example
 * ```ts
 * const token = await signJwt({ scope: 'read' }, privateKey, {
 *   alg: 'ES256', kid: 'key-2026-11', issuer: 'https://auth.example', audience: 'api', subject: 'user-42', expiresIn: '15m',
 * });
 * // A token that never expires, on purpose (verify it with requireExp: false):
 * const forever = await signJwt({ sub: 'device-7' }, privateKey, { alg: 'ES256', expiresIn: false });
 * ```
 */
export async function signJwt(claims: object, key: Key, options: SignJwtOptions): Promise<string> {
  try {
    if (options === undefined) throw new JoseInvalidOptions('options with "alg" are required', { step: 'options' });
    const o: { readonly [K in keyof SignJwtOptions]?: unknown } = readOptions<SignJwtOptions>(options, SIGN_OPTION_NAMES, 'signJwt', 'reject', migrationHint);
    const entry = requireAlgorithm(o.alg, 'options');
    const payload = buildClaims(claims, o, 'signJwt');
    const signingInput = `${protectedSegment(entry.alg, o)}.${b64encode(JSON.stringify(payload))}`;
    return `${signingInput}.${await createSignature(entry, key, signingInput)}`;
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the claims, key or options');
  }
}
