/**
 * Key generation for every algorithm in the registry.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { MIN_RSA_BITS, requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions } from '../errors.js';

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** Whether the private key may be exported. Default false (public keys are always exportable). */
  extractable?: boolean;
  /** RSA modulus size in bits. Default and minimum 2048. */
  modulusLength?: number;
}

/** Options of {@link generateSecret}. */
export interface GenerateSecretOptions {
  /** Whether the secret may be exported. Default false. */
  extractable?: boolean;
}

function extractableOption(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new JoseInvalidOptions('"extractable" must be a boolean', { step: 'options' });
  return value;
}

/**
 * Generates a key pair for an asymmetric algorithm (RS*, PS*, ES*, EdDSA, Ed25519, Ed448).
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = await generateKeyPair('ES256');
 * ```
 */
export async function generateKeyPair(
  alg: string,
  options?: GenerateKeyPairOptions,
): Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> {
  const entry = requireAlgorithm(alg, 'generate key');
  if (entry.family === 'HMAC') throw new JoseInvalidOptions(`${alg} uses a shared secret: use generateSecret`, { step: 'options' });
  const modulusLength = options?.modulusLength ?? MIN_RSA_BITS;
  if (entry.kty === 'RSA' && (!Number.isSafeInteger(modulusLength) || modulusLength < MIN_RSA_BITS || modulusLength % 8 !== 0)) {
    throw new JoseInvalidOptions(`"modulusLength" must be a whole number of bytes, at least ${MIN_RSA_BITS} bits`, { step: 'options' });
  }
  const pair = await backend.generateKeyPair(entry, extractableOption(options?.extractable), modulusLength);
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/**
 * Generates an HMAC secret (HS256/384/512) as long as the hash output.
 *
 * @example
 * ```ts
 * const secret = await generateSecret('HS256');
 * ```
 */
export async function generateSecret(alg: string, options?: GenerateSecretOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'generate key');
  if (entry.family !== 'HMAC') throw new JoseInvalidOptions(`${alg} uses a key pair: use generateKeyPair`, { step: 'options' });
  return backend.generateSecret(entry, extractableOption(options?.extractable));
}
