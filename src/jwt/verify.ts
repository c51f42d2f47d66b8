/**
 * verifyJwt and createJwtVerifier: the whole pipeline, split → decode → parse header → check
 * alg/crit → resolve key → verify signature → parse claims → validate claims. The signature is
 * always checked before any claim is looked at.
 *
 * @module
 */

import { JoseInvalidOptions, JwtInvalid } from '../errors.js';
import { verifyCompactCompiled } from '../jws/compact.js';
import type { JoseHeader } from '../jws/header.js';
import { compileJwsOptions, type CompiledJwsOptions, type JwsVerifyOptions } from '../jws/options.js';
import type { KeyOrResolver } from '../jws/verify.js';
import { compileClaimOptions, parseClaims, validateClaims, type ClaimOptions, type CompiledClaimOptions, type JwtPayload } from './claims.js';

/** Options of {@link verifyJwt}. */
export interface VerifyJwtOptions extends JwsVerifyOptions, ClaimOptions {}

/** Options of {@link createJwtVerifier}. */
export interface JwtVerifierOptions extends VerifyJwtOptions {
  /**
   * Opt-in cache of verified tokens, keyed by the exact token text. A hit skips the signature
   * check but re-runs every claim check (so expiry still applies) on a fresh copy of the claims.
   * Entries are dropped when the token expires. With a key resolver (JWKS), a cached token stays
   * accepted until it expires or is evicted even if its key is rotated out.
   */
  cache?: { max: number };
}

/** The result of a successful JWT verification. */
export interface VerifyJwtResult<T = JwtPayload> {
  /** The verified claims. */
  payload: T & JwtPayload;
  /** The protected header. */
  header: JoseHeader;
  /** The key that verified the signature. */
  key: CryptoKey;
}

interface Compiled {
  readonly jws: CompiledJwsOptions;
  readonly claims: CompiledClaimOptions;
}

function compile(options: VerifyJwtOptions): Compiled {
  return { jws: compileJwsOptions(options), claims: compileClaimOptions(options) };
}

const EMPTY_PAYLOAD_HINT = ' (the payload segment is empty: a detached JWS is not a JWT)';

async function verifySignedClaims(
  token: string,
  keyOrResolver: KeyOrResolver<string>,
  compiled: Compiled,
): Promise<{ payload: JwtPayload; header: JoseHeader; key: CryptoKey; text: Uint8Array }> {
  const { payload: bytes, header, key, b64 } = await verifyCompactCompiled(token, keyOrResolver, compiled.jws, undefined, EMPTY_PAYLOAD_HINT);
  if (!b64) throw new JwtInvalid('a JWT cannot use an unencoded payload (b64: false)', { step: 'parse claims' });
  return { payload: parseClaims(bytes, compiled.jws.maxTokenLength), header, key, text: bytes };
}

/** The whole pipeline with options already compiled. */
async function verifyCompiled<T>(token: string, keyOrResolver: KeyOrResolver<string>, compiled: Compiled): Promise<VerifyJwtResult<T>> {
  const { payload, header, key } = await verifySignedClaims(token, keyOrResolver, compiled);
  await validateClaims(payload, header, compiled.claims);
  return { payload: payload as T & JwtPayload, header, key };
}

/**
 * Verifies a JWT and validates its claims. `algorithms` is required; `exp` is required unless
 * `requireExp: false`; `issuer`, `audience`, `subject` and `maxTokenAge` make their claims required.
 *
 * @example
 * ```ts
 * const { payload } = await verifyJwt<{ scope: string }>(token, publicKey, {
 *   algorithms: ['ES256'], issuer: 'https://auth.example', audience: 'api',
 * });
 * ```
 */
export async function verifyJwt<T = JwtPayload>(
  token: string,
  keyOrResolver: KeyOrResolver<string>,
  options: VerifyJwtOptions,
): Promise<VerifyJwtResult<T>> {
  return verifyCompiled<T>(token, keyOrResolver, compile(options));
}

interface CacheEntry {
  /** Claims and header as JSON text: every hit gets fresh objects nobody else holds. */
  readonly text: string;
  readonly headerText: string;
  readonly key: CryptoKey;
  /** Epoch ms after which the entry is useless (the token's exp). */
  readonly until: number;
}

/**
 * Creates a reusable verifier: options are checked once, here (bad options throw now, not at the
 * first token), and the returned function does no option work.
 *
 * @example
 * ```ts
 * const verify = createJwtVerifier(jwks, { algorithms: ['RS256'], issuer: 'https://auth.example', audience: 'api' });
 * const { payload } = await verify(token);
 * ```
 */
export function createJwtVerifier<T = JwtPayload>(
  keyOrResolver: KeyOrResolver<string>,
  options: JwtVerifierOptions,
): (token: string) => Promise<VerifyJwtResult<T>> {
  const compiled = compile(options);
  const max = options.cache?.max;
  if (options.cache !== undefined && (!Number.isSafeInteger(max) || max! < 1)) {
    throw new JoseInvalidOptions('"cache.max" must be a positive integer', { step: 'options' });
  }
  if (max === undefined) return (token) => verifyCompiled<T>(token, keyOrResolver, compiled);

  const cache = new Map<string, CacheEntry>();
  const decoder = new TextDecoder();
  return async (token) => {
    const hit = typeof token === 'string' ? cache.get(token) : undefined;
    if (hit && Date.now() < hit.until) {
      // Refresh its place in the LRU order, and check the claims again on a fresh copy.
      cache.delete(token);
      cache.set(token, hit);
      const payload = JSON.parse(hit.text) as JwtPayload;
      const header = JSON.parse(hit.headerText) as JoseHeader;
      await validateClaims(payload, header, compiled.claims);
      return { payload: payload as T & JwtPayload, header, key: hit.key };
    }
    if (hit) cache.delete(token);
    const { payload, header, key, text } = await verifySignedClaims(token, keyOrResolver, compiled);
    // Captured before `validate` runs, which may change the objects it is given.
    const headerText = JSON.stringify(header);
    await validateClaims(payload, header, compiled.claims);
    if (typeof payload.exp === 'number') {
      cache.set(token, { text: decoder.decode(text), headerText, key, until: payload.exp * 1000 });
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return { payload: payload as T & JwtPayload, header, key };
  };
}
