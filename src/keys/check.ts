/**
 * Key-to-algorithm binding (DESIGN principle 1) and key size rules (principle 2) for CryptoKeys.
 * JWKs are checked in `jwk.ts` before import and then pass through here too.
 *
 * @module
 */

import { MIN_RSA_BITS, type JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseKeyInvalid, type JoseStep } from '../errors.js';
import type { KeyUsageKind } from './types.js';

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

/** Why an RSA public exponent is unsafe, or undefined. e must be odd and at least 3. */
export function rsaExponentProblem(e: Uint8Array): string | undefined {
  const value = toBigInt(e);
  if (value < 3n || (value & 1n) === 0n) {
    return `RSA public exponent ${value} is not allowed (it must be odd and at least 3; e = 1 lets anyone forge signatures)`;
  }
  return undefined;
}

/** Bit length of a big-endian unsigned integer. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}


/**
 * Why (x, y) is not a point of the algorithm's curve, or undefined. Not every WebCrypto checks
 * this on import (Deno does not), and a key that imports should be a key that works.
 */
export function ecPointProblem(entry: JwsAlgorithm, x: Uint8Array, y: Uint8Array): string | undefined {
  const { p, b } = entry.curveEquation!;
  const X = toBigInt(x);
  const Y = toBigInt(y);
  if (X >= p || Y >= p) return `the public point's coordinates are not below the ${entry.crv} field prime`;
  const rhs = (((X * X * X - 3n * X + b) % p) + p) % p;
  return (Y * Y) % p === rhs ? undefined : `the public point (x, y) is not on the ${entry.crv} curve`;
}

export function rsaSizeProblem(bits: number, alg: string): string | undefined {
  return bits < MIN_RSA_BITS ? `${alg} needs an RSA modulus of at least ${MIN_RSA_BITS} bits; this key has ${bits}` : undefined;
}

export function hmacSizeProblem(bytes: number, entry: JwsAlgorithm): string | undefined {
  const min = entry.minSecretBytes!;
  return bytes < min
    ? `${entry.alg} needs a secret of at least ${min} bytes (RFC 7518 §3.2: no shorter than the hash output); this one has ${bytes}`
    : undefined;
}

/** "RSA-PSS/SHA-256", "ECDSA/P-256": from a CryptoKey's algorithm or a registry entry's. */
function describe(algorithm: { name: string; hash?: string | { name: string }; namedCurve?: string }): string {
  const hash = typeof algorithm.hash === 'string' ? algorithm.hash : algorithm.hash?.name;
  return [algorithm.name, hash, algorithm.namedCurve].filter(Boolean).join('/');
}

/**
 * Asserts that a CryptoKey fits the algorithm and the operation. Throws JoseKeyInvalid naming
 * the mismatch.
 */
export function checkCryptoKey(key: CryptoKey, entry: JwsAlgorithm, usage: KeyUsageKind, step: JoseStep): CryptoKey {
  const fail = (why: string): never => {
    throw new JoseKeyInvalid(why, { step });
  };
  const algorithm = key.algorithm as KeyAlgorithm & {
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
    publicExponent?: Uint8Array;
    length?: number;
  };
  const expected = entry.keyAlgorithm;
  if (
    algorithm.name !== expected.name ||
    (expected.hash !== undefined && algorithm.hash?.name !== expected.hash) ||
    (expected.namedCurve !== undefined && algorithm.namedCurve !== expected.namedCurve)
  ) {
    fail(`the CryptoKey is a ${describe(algorithm)} key; ${entry.alg} needs a ${describe(expected)} key`);
  }
  if (entry.kty === 'RSA') {
    const sizeProblem = rsaSizeProblem(algorithm.modulusLength ?? 0, entry.alg);
    if (sizeProblem) fail(sizeProblem);
    const exponentProblem = algorithm.publicExponent && rsaExponentProblem(algorithm.publicExponent);
    if (exponentProblem) fail(exponentProblem);
  } else if (entry.family === 'HMAC') {
    const sizeProblem = hmacSizeProblem(Math.floor((algorithm.length ?? 0) / 8), entry);
    if (sizeProblem) fail(sizeProblem);
  }
  if (usage === 'sign' && key.type === 'public') fail(`a public key cannot sign; ${entry.alg} signing needs the private key`);
  if (usage === 'verify' && key.type === 'private') {
    fail(`a private key cannot verify in WebCrypto; pass the public key (or the JWK, whose public part josekit uses)`);
  }
  if (!key.usages.includes(usage)) {
    fail(`the CryptoKey's usages [${key.usages.join(', ')}] do not include "${usage}"`);
  }
  return key;
}
