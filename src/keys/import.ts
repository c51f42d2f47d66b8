/**
 * Public key import functions. Each binds the key to one algorithm and applies the same rules
 * as the sign and verify paths, so a key that imports is a key that can be used.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { algorithmForCurve, requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JoseKeyInvalid } from '../errors.js';
import { readOptions } from '../options.js';
import { checkCryptoKey, ecPointProblem, markEdwardsChecked } from './check.js';
import { ecPointOfSpki, readPkcs8KeyType, readSpki, spkiFromCertificate } from './der.js';
import { edwardsPointProblem } from './edwards.js';
import { importCheckedJwk, importSecretBytes, rememberIdentity } from './normalize.js';
import { pemToDer, type PemLabel } from './pem.js';
import { isUint8Array, type Jwk } from './types.js';

/** Options of the import functions. */
export interface ImportOptions {
  /** Whether the resulting CryptoKey may be exported again. Default false. */
  extractable?: boolean;
}

const IMPORT_OPTION_NAMES = ['extractable'] as const;

function extractableOption(options: unknown, where: string): boolean {
  const { extractable = false } = readOptions<ImportOptions>(options, IMPORT_OPTION_NAMES, where);
  if (typeof extractable !== 'boolean') throw new JoseInvalidOptions('"extractable" must be a boolean', { step: 'options' });
  return extractable;
}

/**
 * Imports a JWK as a CryptoKey for one algorithm. `kty`, `crv`, `alg`, `use` and `key_ops` must
 * agree with `alg`; RSA keys need at least 2048 bits and a safe exponent; HMAC keys at least the
 * hash length; EdDSA public keys must not be small-order points (anyone could forge signatures
 * for those). "EdDSA" takes Ed25519 and, where the runtime has it, Ed448 keys (RFC 8037 §3.1).
 * RSA members written with leading zero octets are imported as the numbers they are. A private
 * JWK becomes a signing key, a public JWK a verification key.
 *
 * @example
 * ```ts
 * const key = await importJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, 'EdDSA');
 * ```
 */
export async function importJwk(jwk: Jwk, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'import key');
  return importCheckedJwk(jwk, entry, undefined, extractableOption(options, 'importJwk'), 'import key');
}

async function importDer(pem: unknown, alg: unknown, options: unknown, label: PemLabel, where: string): Promise<CryptoKey> {
  let entry = requireAlgorithm(alg, 'import key');
  const extractable = extractableOption(options, where);
  const kind = label === 'PRIVATE KEY' ? 'pkcs8' : 'spki';
  if (entry.family === 'HMAC') {
    throw new JoseKeyInvalid(`${entry.alg} uses a shared secret, not a ${kind === 'spki' ? 'public' : 'private'} key: use importSecret`, {
      step: 'import key',
    });
  }
  const pemDer = pemToDer(pem, label, 'import key');
  const der = label === 'CERTIFICATE' ? spkiFromCertificate(pemDer) : pemDer;
  const spki = kind === 'spki' ? readSpki(der, label === 'CERTIFICATE' ? 'certificate' : 'SubjectPublicKeyInfo') : undefined;
  const found = spki ? spki.keyType : readPkcs8KeyType(der);
  // An unknown key type is shown as its OID, which the input can make arbitrarily long.
  const shown = found.length > 64 ? `${found.slice(0, 64)}…` : found;
  // The AlgorithmIdentifier decides the key type, so that no platform's import can relabel a key.
  if (entry.kty === 'OKP') {
    const forCurve = algorithmForCurve(entry, found);
    if (!forCurve) {
      const wanted = entry.alg === 'EdDSA' ? 'an Ed25519 or Ed448' : `an ${entry.crv}`;
      throw new JoseKeyInvalid(`the PEM holds a ${shown} key; ${entry.alg} needs ${wanted} key`, { step: 'import key' });
    }
    entry = forCurve;
  } else {
    const wanted = entry.kty === 'RSA' ? 'RSA' : `EC ${entry.crv}`;
    if (found !== wanted) throw new JoseKeyInvalid(`the PEM holds a ${shown} key; ${entry.alg} needs a ${wanted} key`, { step: 'import key' });
  }
  await backend.requireSupported(entry, 'import key');
  if (spki && entry.kty === 'EC') {
    const point = ecPointOfSpki(spki.publicKey, entry.signatureLength! / 2);
    const problem = point && ecPointProblem(entry, point.x, point.y);
    if (problem) throw new JoseKeyInvalid(problem, { step: 'import key' });
  }
  if (spki && entry.kty === 'OKP') {
    const problem = edwardsPointProblem(entry.crv as 'Ed25519' | 'Ed448', spki.publicKey);
    if (problem) throw new JoseKeyInvalid(problem, { step: 'import key' });
  }
  const usage = kind === 'spki' ? 'verify' : 'sign';
  const key = await backend.importKey(kind, der, entry, [usage], extractable);
  checkCryptoKey(key, entry, usage, 'import key');
  if (spki && entry.kty === 'OKP') markEdwardsChecked(key);
  return spki ? rememberIdentity(key, `spki:${spki.keyType}:${b64encode(spki.publicKey)}`) : key;
}

/**
 * Imports a PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`) as a verification key. Text
 * around the block, and blocks with other labels, are ignored (RFC 7468 §2). The DER is read
 * strictly, and the key type comes from its AlgorithmIdentifier. EC points must be on the curve;
 * EdDSA points must not be small-order (anyone could forge signatures for those).
 *
 * @example
 * ```ts
 * const publicKey = await importSpki(pem, 'RS256');
 * ```
 */
export function importSpki(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'PUBLIC KEY', 'importSpki');
}

/**
 * Imports a PEM PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`) as a signing key. PKCS#1,
 * SEC1 and encrypted keys are refused with the `openssl` command that converts them. Text around
 * the block, and blocks with other labels (a certificate next to the key), are ignored.
 *
 * @example
 * ```ts
 * const privateKey = await importPkcs8(pem, 'ES256');
 * ```
 */
export function importPkcs8(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'PRIVATE KEY', 'importPkcs8');
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
  return importSecretBytes(bytes, entry, extractableOption(options, 'importSecret'), 'import key');
}

/**
 * Imports the public key of a PEM X.509 certificate (`-----BEGIN CERTIFICATE-----`) as a
 * verification key. Only the SubjectPublicKeyInfo is read: the certificate's signature, chain,
 * validity period and extensions are not checked. Establish trust in the certificate yourself.
 * A PEM holding several certificates (a chain) is refused: pass the leaf certificate alone.
 * The key is checked as importSpki checks it.
 *
 * @example
 * ```ts
 * const publicKey = await importX509(certificatePem, 'RS256');
 * ```
 */
export function importX509(pem: string, alg: string, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pem, alg, options, 'CERTIFICATE', 'importX509');
}
