/**
 * Local JWK Sets: pick the verification key for a token from a set, by `kid` when the token has
 * one, otherwise by what fits its algorithm.
 *
 * @module
 */

import { acceptsCurve, lookupAlgorithm, type AlgorithmEntry } from '../jwa/algorithms.js';
import { copyJsonValue, JsonValueError } from '../encoding/json.js';
import { show } from '../encoding/show.js';
import { readOptions } from '../options.js';
import { asJoseError, JoseInvalidOptions, JoseNotSupported, JwksInvalid, JwksMultipleMatchingKeys, JwksNoMatchingKey, JwsInvalid } from '../errors.js';
import type { JoseHeader } from '../jws/header.js';
import type { KeyResolver } from '../jws/verify.js';
import { isPlainObject, type Jwk } from '../keys/types.js';

/** A JWK Set (RFC 7517 §5). */
export interface JwkSet {
  keys: Jwk[];
  [member: string]: unknown;
}

/** Options of {@link createLocalJwks}. */
export interface LocalJwksOptions {
  /** Allow `oct` (HMAC) keys. Default false: a set of shared secrets must be private. */
  allowSymmetric?: boolean;
}

/** A resolver over a JWK Set, with a copy of the set it selects from. */
export type JwksResolver = KeyResolver<unknown> & {
  /** A copy of the JWK Set the resolver selects from. */
  jwks(): JwkSet;
};

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

/** How a key is named in messages: its kid, or what it is when it has none (or an unusable one). */
function label(jwk: Jwk): string {
  if (typeof jwk.kid === 'string') return show(jwk.kid);
  const kind = `${show(jwk.kty)}${jwk.crv === undefined ? '' : ` ${show(jwk.crv)}`}`;
  return jwk.kid === undefined ? `(${kind}, no kid)` : `(${kind}, kid ${show(jwk.kid)} is not a string: skipped)`;
}

/** Lists at most a few labels, then a count: a set of 10,000 keys must not make a 300 kB message. */
const LISTED = 5;
function listLabels(keys: readonly Jwk[]): string {
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, LISTED).map(label).join(', ');
  return keys.length > LISTED ? `${shown} and ${keys.length - LISTED} more` : shown;
}

/** Validates a set and returns a deep copy of it that nobody else holds. */
export function copyJwkSet(input: unknown, options: LocalJwksOptions): JwkSet {
  const fail = (message: string): never => {
    throw new JwksInvalid(message, { step: 'select key' });
  };
  if (!isPlainObject(input) || !Array.isArray(input.keys)) fail('a JWK Set must be an object with a "keys" array');
  let set: JwkSet;
  try {
    // Plain objects read once from a checked copy: nobody else holds them, and nothing was dropped.
    set = JSON.parse(JSON.stringify(copyJsonValue(input, (path) => (path === '' ? 'the JWK Set' : `JWK Set member ${path}`)))) as JwkSet;
  } catch (err) {
    if (err instanceof JsonValueError) fail(`a JWK Set must be plain JSON data: ${err.message}`);
    throw err;
  }
  set.keys.forEach((jwk, i) => {
    if (!isPlainObject(jwk) || typeof jwk.kty !== 'string') fail(`key ${i + 1} of the set is not a JWK with a "kty" string`);
    for (const name of PRIVATE) {
      if (jwk[name] !== undefined) fail(`key ${label(jwk)} holds private key material ("${name}"); publish only public keys`);
    }
    if (jwk.kty === 'oct' && !options.allowSymmetric) {
      fail(`key ${label(jwk)} is a symmetric (oct) key; pass allowSymmetric: true if this set is private to you`);
    }
  });
  return set;
}

/** Whether a key may serve the alg at all. A `kid` that is not a string makes a key unusable (RFC 7517 §4.5). */
function fits(jwk: Jwk, entry: AlgorithmEntry): boolean {
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') return false;
  if (jwk.kty !== entry.kty) return false;
  if (!acceptsCurve(entry, jwk.crv)) return false;
  if (jwk.alg !== undefined && jwk.alg !== entry.alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return false;
  return true;
}

function material(jwk: Jwk): string {
  return JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e, jwk.k]);
}

/** Selects the one key of `set` that the header designates. */
export function selectKey(set: JwkSet, header: JoseHeader): Jwk {
  const entry = lookupAlgorithm(header?.alg);
  if (!entry) throw new JoseNotSupported(`cannot select a key for alg ${show(header?.alg)}`, { step: 'select key' });
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== 'string') throw new JwsInvalid(`header "kid" must be a string, got ${show(kid)}`, { step: 'select key' });
  const byKid = kid === undefined ? set.keys : set.keys.filter((jwk) => jwk.kid === kid);
  const candidates = byKid.filter((jwk) => fits(jwk, entry));
  // Identical keys listed twice are one key.
  const distinct = [...new Map(candidates.map((jwk) => [material(jwk), jwk])).values()];
  if (distinct.length === 1) return distinct[0]!;
  const has = listLabels(set.keys);
  if (distinct.length === 0) {
    if (kid !== undefined && byKid.length === 0) {
      throw new JwksNoMatchingKey(`no key in the JWK Set matches kid ${show(kid)} (set has: ${has})`, { step: 'select key' });
    }
    const wanted = `kty "${entry.kty}"${entry.crv ? `, crv "${entry.crv}"${entry.alg === 'EdDSA' ? ' or "Ed448"' : ''}` : ''}, usable for ${entry.alg} signatures`;
    throw new JwksNoMatchingKey(
      `no key in the JWK Set${kid === undefined ? '' : ` with kid ${show(kid)}`} fits alg ${entry.alg} (needs ${wanted}; set has: ${has})`,
      { step: 'select key' },
    );
  }
  throw new JwksMultipleMatchingKeys(
    `${distinct.length} keys in the JWK Set fit alg ${entry.alg}${kid === undefined ? ' and the token has no kid' : ` with kid ${show(kid)}`}: ${listLabels(distinct)}`,
    { step: 'select key' },
  );
}

/**
 * A key resolver over a local JWK Set. With a `kid` in the header, the key with that `kid`;
 * without, the one key whose `kty`/`crv`/`alg` fit the header's alg. Keys with a `use` other
 * than `sig`, or `key_ops` without `verify`, are never chosen. Imported keys are cached.
 *
 * @example
 * ```ts
 * const jwks = createLocalJwks({ keys: [publicJwk] });
 * const { payload } = await verifyJwt(token, jwks, { algorithms: ['ES256'] });
 * ```
 */
export function createLocalJwks(jwks: JwkSet, options?: LocalJwksOptions): JwksResolver {
  try {
    const opts = readOptions<LocalJwksOptions>(options, ['allowSymmetric'], 'createLocalJwks');
    if (opts.allowSymmetric !== undefined && typeof opts.allowSymmetric !== 'boolean') {
      throw new JoseInvalidOptions('"allowSymmetric" must be a boolean', { step: 'options' });
    }
    const set = copyJwkSet(jwks, opts);
    const resolver = (header: JoseHeader) => {
      try {
        return selectKey(set, header);
      } catch (err) {
        throw asJoseError(err, JwsInvalid, 'select key', 'the header');
      }
    };
    return Object.assign(resolver, { jwks: () => JSON.parse(JSON.stringify(set)) as JwkSet });
  } catch (err) {
    throw asJoseError(err, JwksInvalid, 'select key', 'the JWK Set or options');
  }
}
