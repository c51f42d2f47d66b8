/**
 * Turns any accepted key input into a checked CryptoKey for one algorithm and operation, with
 * caches so the hot path never re-imports: a JWK object or a Uint8Array is imported once per
 * (alg, usage). A cache entry remembers the key material it was made from and is used only
 * while the object still holds that material, so mutating a JWK or a secret in place can never
 * serve a stale key.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import type { JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseKeyInvalid, type JoseStep } from '../errors.js';
import { checkCryptoKey, hmacSizeProblem } from './check.js';
import { checkJwk } from './jwk.js';
import { isCryptoKey, isKeyObject, isPlainObject, isUint8Array, type Jwk, type KeyUsageKind } from './types.js';

interface CacheEntry {
  /** The material the key was imported from: a copy of the secret bytes, or the JWK's members. */
  readonly source: Uint8Array | string;
  readonly key: Promise<CryptoKey>;
}

const cache = new WeakMap<object, Map<string, CacheEntry>>();

function jwkFingerprint(jwk: Jwk): string {
  // Every member that can change what is imported or whether it is allowed.
  const ops = Array.isArray(jwk.key_ops) ? jwk.key_ops.join(',') : String(jwk.key_ops);
  return `${jwk.kty}|${jwk.crv}|${jwk.alg}|${jwk.use}|${ops}|${jwk.ext}|${jwk.k}|${jwk.n}|${jwk.e}|${jwk.x}|${jwk.y}|${jwk.d}|${jwk.p}|${jwk.q}|${jwk.dp}|${jwk.dq}|${jwk.qi}|${jwk.oth}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cached(holder: object, slot: string, source: Uint8Array | string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let slots = cache.get(holder);
  const hit = slots?.get(slot);
  if (hit && (typeof source === 'string' ? hit.source === source : sameBytes(hit.source as Uint8Array, source))) return hit.key;
  const key = make();
  if (!slots) cache.set(holder, (slots = new Map()));
  const entry: CacheEntry = { source: typeof source === 'string' ? source : source.slice(), key };
  slots.set(slot, entry);
  key.catch(() => {
    if (slots!.get(slot) === entry) slots!.delete(slot);
  });
  return key;
}

/** Imports an HMAC secret after the size rule; not cached (callers cache). */
export function importSecretBytes(bytes: Uint8Array, entry: JwsAlgorithm, extractable: boolean, step: JoseStep): Promise<CryptoKey> {
  if (entry.family !== 'HMAC') {
    throw new JoseKeyInvalid(
      `a Uint8Array is only ever an HMAC secret; ${entry.alg} needs a ${entry.kty} key (CryptoKey or JWK; import PEM with importSpki/importPkcs8)`,
      { step },
    );
  }
  const problem = hmacSizeProblem(bytes.length, entry);
  if (problem) throw new JoseKeyInvalid(problem, { step });
  return backend.importKey('raw', bytes, entry, ['sign', 'verify'], extractable);
}

/** Imports a JWK after the JWK checks; the result is also checked as a CryptoKey. */
export async function importCheckedJwk(
  jwk: unknown,
  entry: JwsAlgorithm,
  usage: KeyUsageKind | undefined,
  extractable: boolean,
  step: JoseStep,
): Promise<CryptoKey> {
  const checked = checkJwk(jwk, entry, usage, step);
  const key = await backend.importKey('jwk', checked.material, entry, checked.usages, extractable);
  return checkCryptoKey(key, entry, checked.usages[0]!, step);
}

/**
 * Returns a CryptoKey for `entry` and `usage` from a CryptoKey, Uint8Array secret or JWK,
 * enforcing the key-binding and size rules. Synchronous failures are thrown as rejections.
 */
export async function toCryptoKey(key: unknown, entry: JwsAlgorithm, usage: KeyUsageKind, step: JoseStep): Promise<CryptoKey> {
  if (isCryptoKey(key)) return checkCryptoKey(key, entry, usage, step);
  if (isUint8Array(key)) {
    // A secret is imported once for sign and verify together.
    return cached(key, entry.alg, key, () => importSecretBytes(key, entry, false, step));
  }
  if (typeof key === 'string') {
    throw new JoseKeyInvalid(
      'a string is never a key: encode an HMAC secret as a Uint8Array (e.g. new TextEncoder().encode(secret)), and import PEM with importSpki/importPkcs8/importX509',
      { step },
    );
  }
  if (isPlainObject(key)) {
    return cached(key, `${entry.alg}:${usage}`, jwkFingerprint(key as Jwk), () => importCheckedJwk(key, entry, usage, false, step));
  }
  if (isKeyObject(key)) {
    // KeyObjects are immutable: one export and import per (alg, usage), cached by identity.
    return cached(key, `${entry.alg}:${usage}`, 'KeyObject', async () => {
      let jwk: Jwk;
      try {
        jwk = key.export({ format: 'jwk' }) as Jwk;
      } catch (err) {
        throw new JoseKeyInvalid(`the KeyObject cannot be exported as a JWK: ${(err as Error).message}`, { step, cause: err });
      }
      return importCheckedJwk(jwk, entry, usage, false, step);
    });
  }
  throw new JoseKeyInvalid(
    `expected a CryptoKey, a Uint8Array secret, a JWK object or a KeyObject, got ${key === null ? 'null' : Array.isArray(key) ? 'an array' : typeof key}`,
    { step },
  );
}
