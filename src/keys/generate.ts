/**
 * Key generation for every algorithm in the registry.
 *
 * @module
 */

import { show } from '../encoding/show.js';
import * as backend from '../crypto/backend.js';
import { MIN_RSA_BITS, requireAlgorithm, type JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions } from '../errors.js';
import { readOptions } from '../options.js';
import { markEdwardsChecked } from './check.js';

/**
 * Largest RSA modulus generated. Generation time grows with the fourth power of the size; past
 * this a typo (an extra zero) would hang the process instead of failing.
 */
const MAX_RSA_BITS = 16384;

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** Whether the private key may be exported. Default false (public keys are always exportable). */
  extractable?: boolean;
  /** RSA modulus size in bits, a multiple of 8. Default and minimum 2048, maximum 16384. */
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
 * "EdDSA" makes an Ed25519 pair (to use Ed448 under "EdDSA", generate with "Ed448" and sign
 * with alg "EdDSA", or better, with alg "Ed448").
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = await generateKeyPair('ES256');
 * ```
 */
export async function generateKeyPair(
  alg: JwsAlgorithm,
  options?: GenerateKeyPairOptions,
): Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> {
  const entry = requireAlgorithm(alg, 'generate key');
  const given = readOptions<GenerateKeyPairOptions>(options, ['extractable', 'modulusLength'], 'generateKeyPair');
  if (entry.family === 'HMAC') throw new JoseInvalidOptions(`${entry.alg} uses a shared secret: use generateSecret`, { step: 'options' });
  const modulusLength: unknown = given.modulusLength ?? MIN_RSA_BITS;
  if (
    entry.kty === 'RSA' &&
    (typeof modulusLength !== 'number' ||
      !Number.isSafeInteger(modulusLength) ||
      modulusLength < MIN_RSA_BITS ||
      modulusLength > MAX_RSA_BITS ||
      modulusLength % 8 !== 0)
  ) {
    throw new JoseInvalidOptions(
      `"modulusLength" must be a whole number of bytes from ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits, got ${show(modulusLength)}`,
      { step: 'options' },
    );
  }
  const pair = await backend.generateKeyPair(entry, extractableOption(given.extractable), modulusLength as number);
  // A generated EdDSA public key is a multiple of the base point: never small-order.
  if (entry.kty === 'OKP') markEdwardsChecked(pair.publicKey);
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
export async function generateSecret(alg: JwsAlgorithm, options?: GenerateSecretOptions): Promise<CryptoKey> {
  const entry = requireAlgorithm(alg, 'generate key');
  const given = readOptions<GenerateSecretOptions>(options, ['extractable'], 'generateSecret');
  if (entry.family !== 'HMAC') throw new JoseInvalidOptions(`${entry.alg} uses a key pair: use generateKeyPair`, { step: 'options' });
  return backend.generateSecret(entry, extractableOption(given.extractable));
}
