/**
 * Key export to JWK, SPKI and PKCS#8 PEM, from CryptoKeys, Uint8Array secrets (JWK only) and Node
 * KeyObjects (through the object's own `export`, so the portable code never imports node:crypto).
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { JoseError, JoseKeyInvalid } from '../errors.js';
import { keyObjectToDer, keyObjectToJwk, keyObjectType } from './keyobject.js';
import { copyBytes } from './normalize.js';
import { derToPem } from './pem.js';
import { isCryptoKey, isKeyObject, isUint8Array, type Jwk, type KeyObjectLike, } from './types.js';

const STEP = 'export key';

/** The key's type ("secret", "public", "private"), or a JoseKeyInvalid for anything else. */
function keyType(key: unknown, accepts: string): { type: string; keyObject?: KeyObjectLike; cryptoKey?: CryptoKey } {
  if (isCryptoKey(key)) {
    let type: unknown;
    try {
      type = key.type;
    } catch {
      type = undefined;
    }
    if (typeof type !== 'string') throw new JoseKeyInvalid('the value looks like a CryptoKey but has no key type', { step: STEP });
    return { type, cryptoKey: key };
  }
  if (isKeyObject(key)) return { type: keyObjectType(key, STEP), keyObject: key };
  throw new JoseKeyInvalid(`expected ${accepts}, got ${kindOf(key)}`, { step: STEP });
}

/** The members of an exported JWK worth keeping: key material, no WebCrypto/Node bookkeeping. */
function materialOnly(exported: Record<string, unknown>): Jwk {
  const jwk: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exported)) {
    // Some runtimes (workerd) list every member, with undefined for the absent ones. Members are
    // defined, not assigned, so that a "__proto__" member stays a member.
    if (value !== undefined && name !== 'ext' && name !== 'key_ops' && name !== 'alg') {
      Object.defineProperty(jwk, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return jwk as Jwk;
}

/**
 * Exports a key as a JWK with only its key material (`kty`, `crv`, `n`, `e`, `x`, `y`, `d`, `k`, …):
 * WebCrypto's `ext`, `key_ops` and `alg` are dropped. Add `kid`, `alg` and `use` before publishing.
 * A Uint8Array secret becomes an `oct` JWK; a Node KeyObject is exported through its own `export`.
 *
 * @example
 * ```ts
 * const jwk = { ...(await exportJwk(publicKey)), kid: 'key-2026-11', alg: 'ES256', use: 'sig' };
 * ```
 */
export async function exportJwk(key: CryptoKey | Uint8Array | KeyObjectLike): Promise<Jwk> {
  if (isUint8Array(key)) return { kty: 'oct', k: b64encode(copyBytes(key, STEP)) };
  const { cryptoKey, keyObject } = keyType(key, 'a CryptoKey, a Uint8Array secret or a KeyObject');
  if (keyObject) {
    let exported: Record<string, unknown>;
    try {
      // A snapshot of the plain members Node returned (no getters run later).
      exported = { ...keyObjectToJwk(keyObject, STEP) };
    } catch (err) {
      if (err instanceof JoseError) throw err;
      throw new JoseKeyInvalid('the KeyObject exported a JWK that cannot be read', { step: STEP, cause: err });
    }
    return materialOnly(exported);
  }
  return materialOnly((await backend.exportKey('jwk', cryptoKey!)) as Record<string, unknown>);
}

/**
 * Exports a public key (CryptoKey or Node KeyObject) as SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
 *
 * @example
 * ```ts
 * const pem = await exportSpki(publicKey);
 * ```
 */
export async function exportSpki(key: CryptoKey | KeyObjectLike): Promise<string> {
  const { type, cryptoKey, keyObject } = keyType(key, 'a public CryptoKey or KeyObject');
  if (type !== 'public') throw new JoseKeyInvalid(`SPKI holds public keys; this key is ${show(type)}`, { step: STEP });
  const der = keyObject ? keyObjectToDer(keyObject, 'spki', STEP) : await backend.exportKey('spki', cryptoKey!);
  return derToPem(der, 'PUBLIC KEY');
}

/**
 * Exports a private key (CryptoKey or Node KeyObject) as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
 * A CryptoKey must have been created or imported with `{ extractable: true }`.
 *
 * @example
 * ```ts
 * const pem = await exportPkcs8(privateKey);
 * ```
 */
export async function exportPkcs8(key: CryptoKey | KeyObjectLike): Promise<string> {
  const { type, cryptoKey, keyObject } = keyType(key, 'a private CryptoKey or KeyObject');
  if (type !== 'private') throw new JoseKeyInvalid(`PKCS#8 holds private keys; this key is ${show(type)}`, { step: STEP });
  const der = keyObject ? keyObjectToDer(keyObject, 'pkcs8', STEP) : await backend.exportKey('pkcs8', cryptoKey!);
  return derToPem(der, 'PRIVATE KEY');
}
