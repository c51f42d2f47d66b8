/**
 * Public key import functions. Each binds the key to one algorithm and applies the same rules
 * as the sign and verify paths, so a key that imports is a key that can be used.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JoseKeyInvalid } from '../errors.js';
import { checkCryptoKey, ecPointProblem } from './check.js';
import { importCheckedJwk, importSecretBytes } from './normalize.js';
import { ecPointOfSpki, keyTypeOf, spkiFromCertificate } from './der.js';
import { pemToDer, type PemLabel } from './pem.js';
import { isUint8Array, type Jwk } from './types.js';

/** Options of the import functions. */
export interface ImportOptions {
  /** Whether the resulting CryptoKey may be exported again. Default false. */
  extractable?: boolean;
}

function extractableOption(options: ImportOptions | undefined): boolean {
  const extractable = options?.extractable ?? false;
  if (typeof extractable !== 'boolean') throw new JoseInvalidOptions('"extractable" must be a boolean', { step: 'options' });
  return extractable;
}

/**
 * Imports a JWK as a CryptoKey for one algorithm. `kty`, `crv`, `alg`, `use` and `key_ops` must
 * agree with `alg`; RSA keys need at least 2048 bits and a safe exponent; HMAC keys at least the
 * hash length. A private JWK becomes a signing key, a public JWK a verification key.
 *
 * @example
 * ```ts
 * const key = await importJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, 'EdDSA');
 * ```
 */
export async function importJwk(jwk: Jwk, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'import key');
  return importCheckedJwk(jwk, entry, undefined, extractableOption(options), 'import key');
}

async function importDer(pem: string, alg: string, options: ImportOptions | undefined, label: PemLabel): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'import key');
  const extractable = extractableOption(options);
  const kind = label === 'PRIVATE KEY' ? 'pkcs8' : 'spki';
  if (entry.family === 'HMAC') {
    throw new JoseKeyInvalid(`${alg} uses a shared secret, not a ${kind === 'spki' ? 'public' : 'private'} key: use importSecret`, {
      step: 'import key',
    });
  }
  const pemDer = pemToDer(pem, label, 'import key');
  const der = label === 'CERTIFICATE' ? spkiFromCertificate(pemDer) : pemDer;
  const found = keyTypeOf(der, kind);
  const wanted = entry.kty === 'RSA' ? 'RSA' : entry.kty === 'EC' ? `EC ${entry.crv}` : entry.crv!;
  if (found !== wanted) throw new JoseKeyInvalid(`the PEM holds a ${found} key; ${alg} needs a ${wanted} key`, { step: 'import key' });
  const point = entry.kty === 'EC' && kind === 'spki' ? ecPointOfSpki(der, entry.signatureLength! / 2) : undefined;
  const pointProblem = point && ecPointProblem(entry, point.x, point.y);
  if (pointProblem) throw new JoseKeyInvalid(pointProblem, { step: 'import key' });
  const usage = kind === 'spki' ? 'verify' : 'sign';
  const key = await backend.importKey(kind, der, entry, [usage], extractable);
  return checkCryptoKey(key, entry, usage, 'import key');
}

/**
 * Imports a PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`) as a verification key.
 *
 * @example
 * ```ts
 * const publicKey = await importSpki(pem, 'RS256');
 * ```
 */
export function importSpki(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'PUBLIC KEY');
}

/**
 * Imports a PEM PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`) as a signing key. PKCS#1,
 * SEC1 and encrypted keys are refused with the `openssl` command that converts them.
 *
 * @example
 * ```ts
 * const privateKey = await importPkcs8(pem, 'ES256');
 * ```
 */
export function importPkcs8(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'PRIVATE KEY');
}

/**
 * Imports raw secret bytes as an HMAC key for HS256/384/512. The secret must be at least as long
 * as the hash output (32, 48 or 64 bytes; RFC 7518 §3.2).
 *
 * @example
 * ```ts
 * const key = await importSecret(crypto.getRandomValues(new Uint8Array(32)), 'HS256');
 * ```
 */
export async function importSecret(bytes: Uint8Array, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'import key');
  if (!isUint8Array(bytes)) throw new JoseKeyInvalid('importSecret takes the secret as a Uint8Array', { step: 'import key' });
  return importSecretBytes(bytes, entry, extractableOption(options), 'import key');
}

/**
 * Imports the public key of a PEM X.509 certificate (`-----BEGIN CERTIFICATE-----`) as a
 * verification key. Only the SubjectPublicKeyInfo is read: the certificate's signature, chain,
 * validity period and extensions are not checked. Establish trust in the certificate yourself.
 *
 * @example
 * ```ts
 * const publicKey = await importX509(certificatePem, 'RS256');
 * ```
 */
export function importX509(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'CERTIFICATE');
}
