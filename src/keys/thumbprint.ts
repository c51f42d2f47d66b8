/**
 * JWK Thumbprints (RFC 7638) and JWK Thumbprint URIs (RFC 9278).
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { JoseInvalidOptions, JoseNotSupported, JwkInvalid } from '../errors.js';
import { errorText } from '../options.js';
import { exportJwk } from './export.js';
import { isCryptoKey, isKeyObject, isPlainObject, isUint8Array, type Jwk, type KeyObjectLike, } from './types.js';

/** Digests for thumbprints. */
export type ThumbprintDigest = 'sha256' | 'sha384' | 'sha512';

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Null-prototype tables: the digest and kty come from the caller, and "constructor" must not resolve. */
function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const HASHES = table<HashName>({ sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' });
// RFC 7638 §3.2: the required members of each key type, in lexicographic order.
const REQUIRED = table<readonly string[]>({
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
});

/** Reads one member of the caller's JWK; a throwing getter or Proxy trap is a JwkInvalid. */
function read(jwk: Record<string, unknown>, name: string): unknown {
  try {
    return jwk[name];
  } catch (err) {
    throw new JwkInvalid(`JWK member "${name}" cannot be read: ${errorText(err)}`, { step: 'export key', cause: err });
  }
}

/** The canonical JSON of RFC 7638 §3: required members only, sorted, no whitespace. */
async function thumbprintInput(jwkOrKey: unknown): Promise<string> {
  let jwk: Record<string, unknown>;
  if (isCryptoKey(jwkOrKey) || isUint8Array(jwkOrKey) || isKeyObject(jwkOrKey)) jwk = await exportJwk(jwkOrKey);
  else if (isPlainObject(jwkOrKey)) jwk = jwkOrKey;
  else throw new JwkInvalid(`a thumbprint needs a JWK object, a CryptoKey, a KeyObject or a Uint8Array secret, got ${kindOf(jwkOrKey)}`, { step: 'export key' });
  const kty = read(jwk, 'kty');
  if (typeof kty !== 'string') throw new JwkInvalid('JWK member "kty" must be a string', { step: 'export key' });
  const members = REQUIRED[kty];
  if (!members) throw new JoseNotSupported(`no thumbprint is defined for kty ${show(kty)}`, { step: 'export key' });
  const parts: string[] = [];
  for (const name of members) {
    // Each member is read once: what is checked to be a string is what is hashed.
    const value = name === 'kty' ? kty : read(jwk, name);
    if (typeof value !== 'string') throw new JwkInvalid(`JWK member "${name}" is needed for the thumbprint and must be a string`, { step: 'export key' });
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

function hashFor(digest: unknown): HashName {
  const hash = typeof digest === 'string' ? HASHES[digest] : undefined;
  if (!hash) throw new JoseInvalidOptions(`the thumbprint digest must be "sha256", "sha384" or "sha512", got ${show(digest)}`, { step: 'options' });
  return hash;
}

/**
 * The RFC 7638 thumbprint of a key: base64url of the hash of its required members. Private
 * members do not count, so a private key and its public key share a thumbprint. Takes a JWK, a
 * CryptoKey (it must be extractable), a Node KeyObject or a Uint8Array secret.
 *
 * Member values are hashed exactly as the JWK gives them, as RFC 7638 §3 specifies: an RSA `n`
 * or `e` written with leading zero octets (which RFC 7518 §6.3.1 does not allow, but some
 * providers publish) gives a different thumbprint than the same key in its canonical form, which
 * is the form other implementations and `exportJwk` produce. Publish keys in canonical form
 * (`exportJwk` output) so that thumbprints agree everywhere.
 *
 * @example
 * ```ts
 * const kid = await jwkThumbprint(publicJwk); // e.g. "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
 * ```
 */
export async function jwkThumbprint(
  jwkOrKey: Jwk | CryptoKey | Uint8Array | KeyObjectLike,
  digest: ThumbprintDigest = 'sha256',
): Promise<string> {
  const hash = hashFor(digest);
  const input = await thumbprintInput(jwkOrKey);
  let bytes: Uint8Array;
  try {
    bytes = utf8Encode(input);
  } catch (err) {
    // JSON.stringify escapes lone surrogates, so this is not expected; it must still not escape as a bare Error.
    throw new JwkInvalid('a member needed for the thumbprint is not well-formed Unicode', { step: 'export key', cause: err });
  }
  return b64encode(await backend.digest(hash, bytes));
}

/**
 * The RFC 9278 thumbprint URI: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 *
 * @example
 * ```ts
 * const uri = await jwkThumbprintUri(publicJwk);
 * ```
 */
export async function jwkThumbprintUri(
  jwkOrKey: Jwk | CryptoKey | Uint8Array | KeyObjectLike,
  digest: ThumbprintDigest = 'sha256',
): Promise<string> {
  const thumbprint = await jwkThumbprint(jwkOrKey, digest);
  return `urn:ietf:params:oauth:jwk-thumbprint:${hashFor(digest).toLowerCase()}:${thumbprint}`;
}
