/**
 * verifyJwt and createJwtVerifier: the whole pipeline, split → decode → parse header → check
 * alg/crit → resolve key → verify signature → parse claims → validate claims. The signature is
 * always checked before any claim is looked at.
 *
 * @module
 */

import { asJoseError, JoseInvalidOptions, JwsInvalid, JwtInvalid } from '../errors.js';
import { verifyCompactCompiled } from '../jws/compact.js';
import type { JoseHeader } from '../jws/header.js';
import { JWS_VERIFY_OPTION_NAMES, compileJwsOptions, type CompiledJwsOptions, type JwsVerifyOptions } from '../jws/options.js';
import type { KeyOrResolver } from '../jws/verify.js';
import { readOptions, rejectUnknownOptions } from '../options.js';
import { migrationHint } from '../options-migration.js';
import { copyParsedJson } from '../encoding/json.js';
import {
  CLAIM_OPTION_NAMES,
  compileClaimOptions,
  parseClaims,
  validateClaims,
  type ClaimOptions,
  type CompiledClaimOptions,
  type JwtPayload,
} from './claims.js';

/** Options of {@link verifyJwt}. */
export interface VerifyJwtOptions<T = JwtPayload> extends JwsVerifyOptions, ClaimOptions<T> {}

/** Options of {@link createJwtVerifier}. */
export interface JwtVerifierOptions<T = JwtPayload> extends VerifyJwtOptions<T> {
  /**
   * Opt-in cache of verified tokens, keyed by the exact token text. A hit skips the signature
   * check but re-runs every claim check (expiry and `aud` included) on a fresh copy of the claims.
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

const VERIFY_OPTION_NAMES: readonly string[] = [...JWS_VERIFY_OPTION_NAMES, ...CLAIM_OPTION_NAMES];
const VERIFIER_OPTION_NAMES: readonly string[] = [...VERIFY_OPTION_NAMES, 'cache'];

function compile(options: unknown, where: string, known: readonly string[]): Compiled {
  // Unknown names first: `{ algorithm: 'RS256' }` should hear about "algorithms", the name it missed.
  rejectUnknownOptions(options, known, where, migrationHint);
  let jws: CompiledJwsOptions;
  try {
    jws = compileJwsOptions(options as JwsVerifyOptions);
  } catch (err) {
    // A getter or proxy trap that throws while the JWS options are read is still an options error.
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the options');
  }
  return { jws, claims: compileClaimOptions(options, where) };
}

const EMPTY_PAYLOAD_HINT = ' (the payload segment is empty: a detached JWS is not a JWT)';

interface SignedClaims {
  readonly payload: JwtPayload;
  readonly header: JoseHeader;
  readonly key: CryptoKey;
}

/** The signed part of the pipeline; synchronous when nothing in it needs a promise (a key at hand, node:crypto). */
function verifySignedClaims(token: string, keyOrResolver: KeyOrResolver<string>, compiled: Compiled): SignedClaims | Promise<SignedClaims> {
  const verified = verifyCompactCompiled(token, keyOrResolver, compiled.jws, undefined, EMPTY_PAYLOAD_HINT);
  const claims = ({ payload: bytes, header, key, b64 }: Awaited<typeof verified>): SignedClaims => {
    if (!b64) throw new JwtInvalid('a JWT cannot use an unencoded payload (b64: false)', { step: 'parse claims' });
    return { payload: parseClaims(bytes, compiled.jws.maxTokenLength), header, key };
  };
  return verified instanceof Promise ? verified.then(claims) : claims(verified);
}

/** The whole pipeline with options already compiled: one await at most, where a step needs it. */
async function verifyCompiled<T>(token: string, keyOrResolver: KeyOrResolver<string>, compiled: Compiled): Promise<VerifyJwtResult<T>> {
  try {
    const signed = verifySignedClaims(token, keyOrResolver, compiled);
    const { payload, header, key } = signed instanceof Promise ? await signed : signed;
    const validated = validateClaims(payload, header, compiled.claims);
    if (validated !== undefined) await validated;
    return { payload: payload as T & JwtPayload, header, key };
  } catch (err) {
    return anyJoseError(err);
  }
}

/**
 * Verifies a JWT (RFC 7519 §7.2) and validates its claims. `algorithms` is required; `exp` is
 * required unless `requireExp: false`; `issuer`, `audience`, `subject` and `maxTokenAge` make
 * their claims required. A token with an `aud` fails unless `audience` names one of its values
 * (RFC 7519 §4.1.3) or is `false` (any audience, on purpose). Times are compared with the
 * clock's milliseconds, so a fractional `exp` or `nbf` takes effect at its exact instant.
 *
 * @param token - the compact JWT.
 * @param keyOrResolver - the key, or a resolver called with the header once the alg is allowed.
 * @param options - `algorithms` (required), the claim options, and the JWS options `crit`,
 *   `maxTokenLength`, `allowShortSecret` and `allowPadding`.
 * @returns the verified claims, the protected header and the CryptoKey that verified it.
 * @throws JoseInvalidOptions for bad options; JwsInvalid, JoseAlgNotAllowed, JoseNotSupported,
 *   JoseKeyInvalid or JwsSignatureVerificationFailed before the claims are read; JwtInvalid for
 *   a claims set that is not a JSON object; JwtClaimValidationFailed (JwtExpired,
 *   JwtNotYetValid) naming the failed `claim` and `reason`.
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
  options: VerifyJwtOptions<T>,
): Promise<VerifyJwtResult<T>> {
  return verifyCompiled<T>(token, keyOrResolver, compile(options, 'verifyJwt', VERIFY_OPTION_NAMES));
}

/** The last line of "every input ends in a result or a JoseError", for the verify pipelines. */
function anyJoseError(err: unknown): never {
  throw asJoseError(err, JwsInvalid, 'split', 'the token, key or options');
}

interface CacheEntry {
  /** Claims and header as verified, never handed out: every hit gets fresh copies of them. */
  readonly payload: JwtPayload;
  readonly header: JoseHeader;
  readonly key: CryptoKey;
  /** Epoch ms after which the entry is useless (the token's exp). */
  readonly until: number;
}

/**
 * Creates a reusable verifier: options are checked once, here (bad options throw now, not at the
 * first token), and the returned function does no option work. Every claim rule of
 * {@link verifyJwt} applies to every call, cache hits included.
 *
 * @param keyOrResolver - the key, or a resolver (for example a JWK Set).
 * @param options - the options of verifyJwt, plus `cache: { max }` (a positive integer).
 * @returns `(token) => Promise<VerifyJwtResult>`, which throws what verifyJwt throws.
 * @throws JoseInvalidOptions (synchronously) for bad options.
 *
 * @example
 * ```ts
 * const verify = createJwtVerifier(jwks, { algorithms: ['RS256'], issuer: 'https://auth.example', audience: 'api' });
 * const { payload } = await verify(token);
 * ```
 */
export function createJwtVerifier<T = JwtPayload>(
  keyOrResolver: KeyOrResolver<string>,
  options: JwtVerifierOptions<T>,
): (token: string) => Promise<VerifyJwtResult<T>> {
  const compiled = compile(options, 'createJwtVerifier', VERIFIER_OPTION_NAMES);
  const { cache: cacheOption } = readOptions<JwtVerifierOptions>(options, ['cache'], 'createJwtVerifier', 'ignore');
  if (cacheOption === undefined) return (token) => verifyCompiled<T>(token, keyOrResolver, compiled);
  const { max } = readOptions<{ max: unknown }>(cacheOption, ['max'], 'createJwtVerifier\'s "cache"');
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) {
    throw new JoseInvalidOptions('"cache.max" must be a positive integer', { step: 'options' });
  }

  const cache = new Map<string, CacheEntry>();
  return async (token) => {
    try {
      const hit = typeof token === 'string' ? cache.get(token) : undefined;
      if (hit && Date.now() < hit.until) {
        // Refresh its place in the LRU order, and check the claims again on a fresh copy.
        cache.delete(token);
        cache.set(token, hit);
        const payload = copyParsedJson(hit.payload);
        const header = copyParsedJson(hit.header);
        const validated = validateClaims(payload, header, compiled.claims);
        if (validated !== undefined) await validated;
        return { payload: payload as T & JwtPayload, header, key: hit.key };
      }
      if (hit) cache.delete(token);
      const signed = verifySignedClaims(token, keyOrResolver, compiled);
      const { payload, header, key } = signed instanceof Promise ? await signed : signed;
      // Copied before `validate` runs, which may change the objects it is given.
      const kept = { payload: copyParsedJson(payload), header: copyParsedJson(header) };
      const validated = validateClaims(payload, header, compiled.claims);
      if (validated !== undefined) await validated;
      if (typeof payload.exp === 'number') {
        cache.set(token, { ...kept, key, until: payload.exp * 1000 });
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return { payload: payload as T & JwtPayload, header, key };
    } catch (err) {
      return anyJoseError(err);
    }
  };
}
