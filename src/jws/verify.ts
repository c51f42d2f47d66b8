/**
 * The one verify core used by the compact and JSON serialisations: key resolution, strict
 * signature decoding, signature shape checks, and the signature check itself.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import type { JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseError, JoseKeyInvalid, JwsSignatureVerificationFailed } from '../errors.js';
import { toCryptoKey } from '../keys/normalize.js';
import type { Key } from '../keys/types.js';
import type { JoseHeader } from './header.js';

/**
 * Picks the verification key from the token's header. Called only after the alg allowlist and
 * `crit` checks passed; `header` holds the protected and unprotected members joined.
 */
export type KeyResolver<T = unknown> = (header: JoseHeader, token: T) => Key | Promise<Key>;

/** A key, or a function that picks one from the header. */
export type KeyOrResolver<T = unknown> = Key | KeyResolver<T>;

/** Resolves and checks the verification key for `entry`. */
export async function resolveKey(keyOrResolver: unknown, header: JoseHeader, token: unknown, entry: JwsAlgorithm): Promise<CryptoKey> {
  let key = keyOrResolver;
  if (typeof keyOrResolver === 'function') {
    try {
      key = await (keyOrResolver as KeyResolver)(header, token);
    } catch (err) {
      if (err instanceof JoseError) throw err;
      throw new JoseKeyInvalid(`the key resolver threw: ${(err as Error)?.message ?? String(err)}`, { step: 'resolve key', cause: err });
    }
  }
  if (key === undefined || key === null) throw new JoseKeyInvalid('no key was given (the key or resolver returned nothing)', { step: 'resolve key' });
  return toCryptoKey(key, entry, 'verify', 'resolve key');
}

function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function isZero(a: Uint8Array): boolean {
  for (const byte of a) if (byte !== 0) return false;
  return true;
}

/** Why a signature cannot be valid for the algorithm and key, before asking the platform. */
function shapeProblem(entry: JwsAlgorithm, key: CryptoKey, signature: Uint8Array): string | undefined {
  const expected =
    entry.signatureLength ?? Math.ceil(((key.algorithm as RsaHashedKeyAlgorithm).modulusLength ?? 0) / 8);
  if (signature.length !== expected) {
    const hint = entry.family === 'ECDSA' && signature[0] === 0x30 ? ' (it looks DER-encoded; JWS uses the raw r‖s form)' : '';
    return `${entry.alg} signatures are ${expected} bytes, this one is ${signature.length}${hint}`;
  }
  if (entry.curveOrder) {
    const half = expected / 2;
    for (const [name, part] of [['r', signature.subarray(0, half)], ['s', signature.subarray(half)]] as const) {
      if (isZero(part)) return `ECDSA ${name} is zero`;
      if (!lessThan(part, entry.curveOrder)) return `ECDSA ${name} is not below the group order`;
    }
  }
  return undefined;
}

/**
 * Verifies `signature` over `input`, throwing JwsSignatureVerificationFailed with the reason.
 * `hint` is appended to the failure message (e.g. about a missing detached payload).
 */
export async function verifySignature(
  entry: JwsAlgorithm,
  key: CryptoKey,
  signature: Uint8Array,
  input: Uint8Array,
  hint = '',
): Promise<void> {
  const problem = shapeProblem(entry, key, signature);
  if (problem) throw new JwsSignatureVerificationFailed(problem, { step: 'verify signature' });
  if (!(await backend.verify(entry, key, signature, input))) {
    throw new JwsSignatureVerificationFailed(`the ${entry.alg} signature does not match the key and signing input${hint}`, {
      step: 'verify signature',
    });
  }
}
