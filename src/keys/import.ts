/**
 * Public key import functions. Each binds the key to one algorithm and applies the same rules
 * as the sign and verify paths, so a key that imports is a key that can be used.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { algorithmForCurve, requireAlgorithm, type JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JoseKeyInvalid } from '../errors.js';
import { readOptions } from '../options.js';
import { checkCryptoKey, markEdwardsChecked } from './check.js';
import { readPkcs8KeyType, readSpki, spkiFromCertificate } from './der.js';
import { edwardsPointProblem } from './edwards.js';
import { importCheckedJwk, importSecretBytes, jwkIdentity, rememberIdentity, spkiPublicJwk } from './normalize.js';
import { certificateToDer, pemToDer, type PemLabel } from './pem.js';
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
export async function importJwk(jwk: Jwk, alg: JwsAlgorithm, options?: ImportOptions): Promise<CryptoKey> {
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
  const isCertificate = label === 'CERTIFICATE';
  // A certificate comes as PEM or as one x5c entry; both give the same DER and the same checks.
  const der = isCertificate ? spkiFromCertificate(certificateToDer(pem, 'import key')) : pemToDer(pem, label, 'import key');
  const spki = kind === 'spki' ? readSpki(der, isCertificate ? 'certificate' : 'SubjectPublicKeyInfo') : undefined;
  const found = spki ? spki.keyType : readPkcs8KeyType(der);
  const source = isCertificate ? 'the certificate' : 'the PEM';
  // An unknown key type is shown as its OID, which the input can make arbitrarily long.
  const shown = found.length > 64 ? `${found.slice(0, 64)}…` : found;
  // The AlgorithmIdentifier decides the key type, so that no platform's import can relabel a key.
  if (entry.kty === 'OKP') {
    const forCurve = algorithmForCurve(entry, found);
    if (!forCurve) {
      const wanted = entry.alg === 'EdDSA' ? 'an Ed25519 or Ed448' : `an ${entry.crv}`;
      throw new JoseKeyInvalid(`${source} holds a ${shown} key; ${entry.alg} needs ${wanted} key`, { step: 'import key' });
    }
    entry = forCurve;
  } else {
    const wanted = entry.kty === 'RSA' ? 'RSA' : `EC ${entry.crv}`;
    if (found !== wanted) throw new JoseKeyInvalid(`${source} holds a ${shown} key; ${entry.alg} needs a ${wanted} key`, { step: 'import key' });
  }
  await backend.requireSupported(entry, 'import key');
  // The key's canonical public members: its identity, whichever encoding the SPKI used (a JWK of
  // the same key has the same one), and for a compressed EC point what the platform imports.
  const publicJwk = spki ? spkiPublicJwk(spki, entry, 'import key') : undefined;
  if (spki && entry.kty === 'OKP') {
    const problem = edwardsPointProblem(entry.crv as 'Ed25519' | 'Ed448', spki.publicKey);
    if (problem) throw new JoseKeyInvalid(problem, { step: 'import key' });
  }
  const usage = kind === 'spki' ? 'verify' : 'sign';
  // A compressed point (RFC 5480 §2.2) is imported uncompressed, so that every runtime reads it
  // the same way (not every WebCrypto decompresses).
  const compressed = publicJwk?.kty === 'EC' && spki!.publicKey[0] !== 0x04;
  const key = compressed
    ? await backend.importKey('jwk', { ...publicJwk, ext: true }, entry, [usage], extractable)
    : await backend.importKey(kind, der, entry, [usage], extractable);
  checkCryptoKey(key, entry, usage, 'import key');
  if (spki && entry.kty === 'OKP') markEdwardsChecked(key);
  return publicJwk ? rememberIdentity(key, jwkIdentity(publicJwk)) : key;
}

/**
 * Imports a PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`) as a verification key. Text
 * around the block, and blocks with other labels, are ignored (RFC 7468 §2). The DER is read
 * strictly, and the key type comes from its AlgorithmIdentifier. An RSA key's RSAPublicKey is
 * exactly two positive INTEGERs with nothing after it. EC points may be uncompressed or
 * compressed (RFC 5480 §2.2) and must be on the curve; EdDSA points must not be small-order
 * (anyone could forge signatures for those). The key is the same key, for verifyGeneral's
 * `{ atLeast: n }`, as its JWK or certificate, whichever encoding the SPKI used.
 *
 * @example
 * ```ts
 * const publicKey = await importSpki(pem, 'RS256');
 * ```
 */
export function importSpki(pem: string, alg: JwsAlgorithm, options?: ImportOptions): Promise<CryptoKey> {
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
export function importPkcs8(pem: string, alg: JwsAlgorithm, options?: ImportOptions): Promise<CryptoKey> {
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
export async function importSecret(bytes: Uint8Array, alg: JwsAlgorithm, options?: ImportOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'import key');
  if (!isUint8Array(bytes)) throw new JoseKeyInvalid('importSecret takes the secret as a Uint8Array', { step: 'import key' });
  return importSecretBytes(bytes, entry, extractableOption(options, 'importSecret'), 'import key');
}

/**
 * Imports the public key of an X.509 certificate as a verification key. The certificate is
 * either
 *
 * - PEM (`-----BEGIN CERTIFICATE-----`; text around the block is ignored, RFC 7468 §2), or
 * - one entry of an `x5c` array, as found in a JWS header (RFC 7515 §4.1.6) or a JWK
 *   (RFC 7517 §4.7): standard base64 of the DER certificate (RFC 4648 §4: `+`, `/` and `=`
 *   padding, not base64url), on one line.
 *
 * A string containing a `-----BEGIN` or `-----END` line is read as PEM; anything else as an x5c
 * entry, strictly: whitespace, line breaks, base64url characters (`-`, `_`), missing or wrong
 * padding and non-canonical trailing bits are refused, each with its own message.
 *
 * Only the SubjectPublicKeyInfo is read: the certificate's signature, chain, validity period
 * and extensions are not checked. Establish trust in the certificate yourself: a certificate
 * taken from a token's `x5c` header is chosen by whoever made the token, so it proves nothing
 * until you have validated its chain against your own trust anchors. A PEM holding several
 * certificates (a chain) is refused, and an x5c entry is one certificate: pass the leaf
 * certificate (`x5c[0]`) alone. The DER is read strictly and the key is checked as importSpki
 * checks it (RSA size, EC curve and point, small-order EdDSA points, the algorithm binding).
 *
 * @throws {@link JoseKeyInvalid} when the text is neither a PEM certificate nor a valid x5c
 * entry, the DER is not a well-formed certificate, or its key does not suit `alg`.
 * @throws {@link JoseInvalidOptions} for unknown or mistyped options.
 *
 * @example PEM
 * ```ts
 * const publicKey = await importX509(certificatePem, 'RS256');
 * ```
 *
 * @example The leaf certificate of a JWK's x5c
 * ```ts
 * const publicKey = await importX509(jwk.x5c[0], 'RS256'); // "MIIDQjCCAiqgAwIBAgIGATz/FuLi…"
 * ```
 */
export function importX509(pemOrX5cEntry: string, alg: JwsAlgorithm, options?: ImportOptions): Promise<CryptoKey> {
  return importDer(pemOrX5cEntry, alg, options, 'CERTIFICATE', 'importX509');
}
