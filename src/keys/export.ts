/**
 * Key export to JWK, SPKI and PKCS#8 PEM.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { JoseKeyInvalid } from '../errors.js';
import { derToPem } from './pem.js';
import { isCryptoKey, isUint8Array, type Jwk } from './types.js';

function requireCryptoKey(key: unknown): CryptoKey {
  if (!isCryptoKey(key)) throw new JoseKeyInvalid('expected a CryptoKey', { step: 'export key' });
  return key;
}

/**
 * Exports a key as a JWK with only its key material (`kty`, `crv`, `n`, `e`, `x`, `y`, `d`, `k`, …):
 * WebCrypto's `ext`, `key_ops` and `alg` are dropped. Add `kid`, `alg` and `use` before publishing.
 * A Uint8Array secret becomes an `oct` JWK.
 *
 * @example
 * ```ts
 * const jwk = { ...(await exportJwk(publicKey)), kid: 'key-2026-11', alg: 'ES256', use: 'sig' };
 * ```
 */
export async function exportJwk(key: CryptoKey | Uint8Array): Promise<Jwk> {
  if (isUint8Array(key)) return { kty: 'oct', k: b64encode(key) };
  const exported = await backend.exportKey('jwk', requireCryptoKey(key));
  const jwk: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exported)) {
    // Some runtimes (workerd) list every member, with undefined for the absent ones.
    if (value !== undefined && name !== 'ext' && name !== 'key_ops' && name !== 'alg') jwk[name] = value;
  }
  return jwk as Jwk;
}

/**
 * Exports a public CryptoKey as SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
 *
 * @example
 * ```ts
 * const pem = await exportSpki(publicKey);
 * ```
 */
export async function exportSpki(key: CryptoKey): Promise<string> {
  if (requireCryptoKey(key).type !== 'public') throw new JoseKeyInvalid(`SPKI holds public keys; this key is ${key.type}`, { step: 'export key' });
  return derToPem(await backend.exportKey('spki', key), 'PUBLIC KEY');
}

/**
 * Exports a private CryptoKey as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). The key must have
 * been created or imported with `{ extractable: true }`.
 *
 * @example
 * ```ts
 * const pem = await exportPkcs8(privateKey);
 * ```
 */
export async function exportPkcs8(key: CryptoKey): Promise<string> {
  if (requireCryptoKey(key).type !== 'private') throw new JoseKeyInvalid(`PKCS#8 holds private keys; this key is ${key.type}`, { step: 'export key' });
  return derToPem(await backend.exportKey('pkcs8', key), 'PRIVATE KEY');
}
