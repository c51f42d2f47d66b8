/**
 * JWK Thumbprints (RFC 7638), JWK Thumbprint URIs (RFC 9278), and X.509 certificate thumbprints
 * (the JWS `x5t` and `x5t#S256` values, RFC 7515 §4.1.7 and §4.1.8).
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { JoseInvalidOptions, JoseNotSupported, JwkInvalid } from '../errors.js';
import { errorText } from '../options.js';
import { readSpki, spkiFromCertificate } from './der.js';
import { exportJwk } from './export.js';
import { certificateToDer } from './pem.js';
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

/** Digests of X.509 thumbprints: SHA-1 for `x5t`, SHA-256 for `x5t#S256`. */
export type X509ThumbprintDigest = 'sha1' | 'sha256';

const X509_HASHES = table<'SHA-1' | 'SHA-256'>({ sha1: 'SHA-1', sha256: 'SHA-256' });

/**
 * The thumbprint of an X.509 certificate: base64url (no padding) of the SHA-1 or SHA-256 hash of
 * its DER bytes. With `'sha1'` this is the JWS/JWK `x5t` value (RFC 7515 §4.1.7, RFC 7517 §4.8),
 * with `'sha256'` the `x5t#S256` value (RFC 7515 §4.1.8, RFC 7517 §4.9).
 *
 * The certificate is given as importX509 takes it: PEM (`-----BEGIN CERTIFICATE-----`) or one
 * `x5c` entry (standard base64 of the DER, RFC 7515 §4.1.6). It is read as strictly as importX509
 * reads it, with the same messages, so that a thumbprint is only ever computed over a
 * certificate. Its key type does not matter, and nothing about the certificate is trusted:
 * comparing a thumbprint tells you which certificate a header or JWK names, not that it is valid.
 *
 * @param pemOrX5cEntry - the certificate: PEM text, or one x5c entry.
 * @param digest - `'sha1'` (`x5t`) or `'sha256'` (`x5t#S256`); required.
 * @returns the thumbprint, base64url without padding (27 characters for SHA-1, 43 for SHA-256).
 * @throws {@link JoseInvalidOptions} when `digest` is not `'sha1'` or `'sha256'`.
 * @throws {@link JoseKeyInvalid} when the input is not a PEM certificate or a valid x5c entry,
 * or its DER is not a well-formed certificate.
 *
 * @example The x5t#S256 of a certificate, for a JWK or a JWS header
 * ```ts
 * const jwk = { ...publicJwk, x5c: [leafBase64], 'x5t#S256': await x509Thumbprint(leafBase64, 'sha256') };
 * ```
 *
 * @example Checking that a JWK's x5t names its certificate
 * ```ts
 * if ((await x509Thumbprint(jwk.x5c[0], 'sha1')) !== jwk.x5t) throw new Error('x5t does not match x5c[0]');
 * ```
 */
export async function x509Thumbprint(pemOrX5cEntry: string, digest: X509ThumbprintDigest): Promise<string> {
  const hash = typeof digest === 'string' ? X509_HASHES[digest] : undefined;
  if (!hash) {
    throw new JoseInvalidOptions(`the x509Thumbprint digest must be "sha1" (x5t) or "sha256" (x5t#S256), got ${show(digest)}`, { step: 'options' });
  }
  const der = certificateToDer(pemOrX5cEntry, 'import key');
  // The same reading importX509 does: the outer structure, then the key's SubjectPublicKeyInfo.
  readSpki(spkiFromCertificate(der), 'certificate');
  // SHA-1 only names a public certificate here (x5t); it is never a signature hash in josekit.
  return b64encode(await backend.digest(hash, der));
}
