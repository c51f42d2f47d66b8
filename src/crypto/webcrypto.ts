/**
 * The crypto backend over WebCrypto: the only module that touches `crypto.subtle`. Every other
 * layer reaches crypto through `./backend.js`, so a runtime-specific backend can replace this
 * one without touching the JOSE code. Platform errors are turned into josekit errors here.
 *
 * @module
 */

import { algorithmForKey, type AlgorithmEntry } from '../jwa/algorithms.js';
import { errorText, isJoseError, JoseKeyInvalid, JoseNotSupported, type JoseError, type JoseStep } from '../errors.js';

type KeyFormat = 'raw' | 'jwk' | 'spki' | 'pkcs8';

/**
 * What is signed: bytes, or the ASCII text of an encoded JWS Signing Input (RFC 7515 §5.1), which
 * a backend may hash without first copying it to bytes.
 */
export type SigningInput = Uint8Array | string;

const encoder = new TextEncoder();
const bytesOf = (input: SigningInput): Uint8Array => (typeof input === 'string' ? encoder.encode(input) : input);

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new JoseNotSupported(
      'WebCrypto (globalThis.crypto.subtle) is not available; in a browser it exists only in secure contexts (https or localhost)',
    );
  }
  return s;
}

const support = new Map<string, Promise<boolean>>();

/**
 * Whether this runtime implements the algorithm (only optional ones, such as Ed448, are probed).
 * Probes are keyed by the WebCrypto algorithm, not the JWS name: "EdDSA" with an Ed448 key and
 * "Ed448" share one probe.
 */
function isSupported(entry: AlgorithmEntry): Promise<boolean> {
  if (!entry.optional) return Promise.resolve(true);
  const name = entry.keyAlgorithm.name;
  let probe = support.get(name);
  if (!probe) {
    probe = (async () => subtle().generateKey(entry.keyAlgorithm, false, ['sign', 'verify']))().then(
      () => true,
      () => false,
    );
    support.set(name, probe);
  }
  return probe;
}

/** Throws JoseNotSupported when this runtime's WebCrypto lacks the algorithm (say, Ed448). */
export async function requireSupported(entry: AlgorithmEntry, step: JoseStep): Promise<void> {
  if (!(await isSupported(entry))) {
    const what = entry.alg === entry.keyAlgorithm.name ? entry.alg : `${entry.alg} with an ${entry.keyAlgorithm.name} key`;
    throw new JoseNotSupported(`${what} is not implemented by this runtime's WebCrypto`, { step });
  }
}

export function translate(err: unknown, step: JoseStep, what: string): JoseError {
  if (isJoseError(err)) return err;
  let name: unknown;
  try {
    name = (err as { name?: unknown } | null)?.name;
  } catch {
    name = undefined;
  }
  const message = errorText(err);
  if (name === 'NotSupportedError') return new JoseNotSupported(`${what}: ${message}`, { step, cause: err });
  return new JoseKeyInvalid(`${what}: ${message}`, { step, cause: err });
}

/** Imports key material for one algorithm. */
export async function importKey(
  format: KeyFormat,
  data: Uint8Array | JsonWebKey,
  entry: AlgorithmEntry,
  usages: KeyUsage[],
  extractable: boolean,
): Promise<CryptoKey> {
  await requireSupported(entry, 'import key');
  try {
    return await (format === 'jwk'
      ? subtle().importKey('jwk', data as JsonWebKey, entry.keyAlgorithm, extractable, usages)
      : subtle().importKey(format, data as BufferSource, entry.keyAlgorithm, extractable, usages));
  } catch (err) {
    throw translate(err, 'import key', `the ${format === 'jwk' ? 'JWK' : format.toUpperCase()} key material was refused for ${entry.alg}`);
  }
}

/**
 * Signs `data`; the key has already been checked against the algorithm. The parameters come from
 * the key's variant of the algorithm ("EdDSA" signs with Ed448 when the key is an Ed448 key).
 */
export async function sign(entry: AlgorithmEntry, key: CryptoKey, data: SigningInput): Promise<Uint8Array> {
  try {
    return new Uint8Array(await subtle().sign(algorithmForKey(entry, key).signAlgorithm, key, bytesOf(data) as BufferSource));
  } catch (err) {
    throw translate(err, 'sign', `${entry.alg} signing failed`);
  }
}

/**
 * Verifies `signature` over `data`; the key has already been checked against the algorithm (see
 * {@link sign}). The seam's type is `boolean | Promise<boolean>`: a backend that can answer at
 * once (node:crypto) does, and callers await only a promise.
 */
export async function verify(entry: AlgorithmEntry, key: CryptoKey, signature: Uint8Array, data: SigningInput): Promise<boolean> {
  try {
    return await subtle().verify(algorithmForKey(entry, key).signAlgorithm, key, signature as BufferSource, bytesOf(data) as BufferSource);
  } catch (err) {
    throw translate(err, 'verify signature', `${entry.alg} verification failed`);
  }
}

/** SHA-2 digest, or SHA-1 for X.509 `x5t` thumbprints only (never a signature hash here). */
export async function digest(hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  try {
    return new Uint8Array(await subtle().digest(hash, data as BufferSource));
  } catch (err) {
    throw translate(err, 'export key', `${hash} digest failed`);
  }
}

/** Generates an asymmetric key pair for the algorithm. */
export async function generateKeyPair(entry: AlgorithmEntry, extractable: boolean, modulusLength: number): Promise<CryptoKeyPair> {
  await requireSupported(entry, 'generate key');
  const params =
    entry.kty === 'RSA' ? { ...entry.keyAlgorithm, modulusLength, publicExponent: new Uint8Array([1, 0, 1]) } : entry.keyAlgorithm;
  try {
    return (await subtle().generateKey(params, extractable, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (err) {
    throw translate(err, 'generate key', `${entry.alg} key generation failed`);
  }
}

/** Generates an HMAC secret as long as the hash output. */
export async function generateSecret(entry: AlgorithmEntry, extractable: boolean): Promise<CryptoKey> {
  try {
    const params = { ...entry.keyAlgorithm, length: entry.minSecretBytes! * 8 };
    return (await subtle().generateKey(params, extractable, ['sign', 'verify'])) as CryptoKey;
  } catch (err) {
    throw translate(err, 'generate key', `${entry.alg} secret generation failed`);
  }
}

/** Exports a key; non-extractable keys are refused with JoseKeyInvalid. */
export async function exportKey(format: 'jwk', key: CryptoKey): Promise<JsonWebKey>;
export async function exportKey(format: 'spki' | 'pkcs8' | 'raw', key: CryptoKey): Promise<Uint8Array>;
export async function exportKey(format: KeyFormat, key: CryptoKey): Promise<JsonWebKey | Uint8Array> {
  let extractable: unknown;
  try {
    extractable = key.extractable;
  } catch {
    extractable = undefined; // a CryptoKey look-alike: refused below like a non-extractable key
  }
  if (extractable !== true) {
    throw new JoseKeyInvalid('the CryptoKey is not extractable; create it with { extractable: true } to export it', {
      step: 'export key',
    });
  }
  try {
    const out = await subtle().exportKey(format, key);
    return format === 'jwk' ? (out as JsonWebKey) : new Uint8Array(out as ArrayBuffer);
  } catch (err) {
    throw translate(err, 'export key', `the key cannot be exported as ${format}`);
  }
}

/** Random bytes from the platform CSPRNG. */
export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
