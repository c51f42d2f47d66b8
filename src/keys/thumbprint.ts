/**
 * JWK Thumbprints (RFC 7638) and JWK Thumbprint URIs (RFC 9278).
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { JoseInvalidOptions, JoseNotSupported, JwkInvalid } from '../errors.js';
import { exportJwk } from './export.js';
import { isCryptoKey, isPlainObject, isUint8Array, type Jwk } from './types.js';

/** Digests for thumbprints. */
export type ThumbprintDigest = 'sha256' | 'sha384' | 'sha512';

const HASHES = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;
// RFC 7638 §3.2: the required members of each key type, in lexicographic order.
const REQUIRED: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};

/** The canonical JSON of RFC 7638 §3: required members only, sorted, no whitespace. */
async function thumbprintInput(jwkOrKey: unknown): Promise<string> {
  let jwk: Jwk;
  if (isCryptoKey(jwkOrKey) || isUint8Array(jwkOrKey)) jwk = await exportJwk(jwkOrKey);
  else if (isPlainObject(jwkOrKey)) jwk = jwkOrKey as Jwk;
  else throw new JwkInvalid('a thumbprint needs a JWK object, a CryptoKey or a Uint8Array secret', { step: 'export key' });
  if (typeof jwk.kty !== 'string') throw new JwkInvalid('JWK member "kty" must be a string', { step: 'export key' });
  const members = REQUIRED[jwk.kty];
  if (!members) throw new JoseNotSupported(`no thumbprint is defined for kty ${JSON.stringify(jwk.kty)}`, { step: 'export key' });
  return `{${members
    .map((name) => {
      const value = jwk[name];
      if (typeof value !== 'string') throw new JwkInvalid(`JWK member "${name}" is needed for the thumbprint and must be a string`, { step: 'export key' });
      return `${JSON.stringify(name)}:${JSON.stringify(value)}`;
    })
    .join(',')}}`;
}

function hashFor(digest: unknown): 'SHA-256' | 'SHA-384' | 'SHA-512' {
  const hash = typeof digest === 'string' ? HASHES[digest as ThumbprintDigest] : undefined;
  if (!hash) throw new JoseInvalidOptions('the thumbprint digest must be "sha256", "sha384" or "sha512"', { step: 'options' });
  return hash;
}

/**
 * The RFC 7638 thumbprint of a key: base64url of the hash of its required members. Private
 * members do not count, so a private key and its public key share a thumbprint.
 *
 * @example
 * ```ts
 * const kid = await jwkThumbprint(publicJwk); // e.g. "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
 * ```
 */
export async function jwkThumbprint(jwkOrKey: Jwk | CryptoKey | Uint8Array, digest: ThumbprintDigest = 'sha256'): Promise<string> {
  const hash = hashFor(digest);
  return b64encode(await backend.digest(hash, utf8Encode(await thumbprintInput(jwkOrKey))));
}

/**
 * The RFC 9278 thumbprint URI: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 *
 * @example
 * ```ts
 * const uri = await jwkThumbprintUri(publicJwk);
 * ```
 */
export async function jwkThumbprintUri(jwkOrKey: Jwk | CryptoKey | Uint8Array, digest: ThumbprintDigest = 'sha256'): Promise<string> {
  const thumbprint = await jwkThumbprint(jwkOrKey, digest);
  return `urn:ietf:params:oauth:jwk-thumbprint:${hashFor(digest).toLowerCase()}:${thumbprint}`;
}
