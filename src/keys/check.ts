/**
 * Key-to-algorithm binding (DESIGN principle 1) and key size rules (principle 2) for CryptoKeys.
 * JWKs are checked in `jwk.ts` before import and then pass through here too. CryptoKeys come
 * from the caller and may be look-alikes: their members are read defensively.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { show } from '../encoding/show.js';
import { algorithmForKey, MIN_RSA_BITS, type AlgorithmEntry } from '../jwa/algorithms.js';
import { JoseKeyInvalid, type JoseStep } from '../errors.js';
import { edwardsPointProblem } from './edwards.js';
import { isUint8Array, type KeyUsageKind } from './types.js';

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

/** Why an RSA public exponent is unsafe, or undefined. e must be odd and at least 3. */
export function rsaExponentProblem(e: Uint8Array): string | undefined {
  const value = toBigInt(e);
  if (value < 3n || (value & 1n) === 0n) {
    // An even exponent can be arbitrarily long: name its size rather than print it.
    const shown = value < 1n << 64n ? `${value}` : `of ${bitLength(e)} bits`;
    return `RSA public exponent ${shown} is not allowed (it must be odd and at least 3; e = 1 lets anyone forge signatures)`;
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
export function ecPointProblem(entry: AlgorithmEntry, x: Uint8Array, y: Uint8Array): string | undefined {
  const { p, b } = entry.curveEquation!;
  const X = toBigInt(x);
  const Y = toBigInt(y);
  if (X >= p || Y >= p) return `the public point's coordinates are not below the ${entry.crv} field prime`;
  const rhs = (((X * X * X - 3n * X + b) % p) + p) % p;
  return (Y * Y) % p === rhs ? undefined : `the public point (x, y) is not on the ${entry.crv} curve`;
}

/** Why an RSA modulus of `bits` bits is too small for `alg`, or undefined. */
export function rsaSizeProblem(bits: number, alg: string): string | undefined {
  return bits < MIN_RSA_BITS ? `${alg} needs an RSA modulus of at least ${MIN_RSA_BITS} bits; this key has ${bits}` : undefined;
}

/** Why an HMAC secret of `bytes` bytes is too short for the algorithm, or undefined. */
export function hmacSizeProblem(bytes: number, entry: AlgorithmEntry): string | undefined {
  const min = entry.minSecretBytes!;
  return bytes < min
    ? `${entry.alg} needs a secret of at least ${min} bytes (RFC 7518 §3.2: no shorter than the hash output); this one has ${bytes}`
    : undefined;
}

/**
 * Why an HMAC secret of `bytes` bytes cannot verify, or undefined. Without `allowShortSecret`
 * the rule of {@link hmacSizeProblem}, naming the option: verifying tokens already issued is the
 * one thing a short secret may still do, while it is being rotated. With it, any length but zero:
 * an empty secret is no secret at all (anyone can compute the MAC).
 */
export function hmacVerifySizeProblem(bytes: number, entry: AlgorithmEntry, allowShortSecret: boolean): string | undefined {
  const min = entry.minSecretBytes!;
  if (bytes === 0) return `${entry.alg} cannot verify with an empty secret (allowShortSecret does not change that)`;
  if (bytes >= min || allowShortSecret) return undefined;
  return `${hmacSizeProblem(bytes, entry)}; pass allowShortSecret: true to verify legacy tokens while you rotate to a secret of at least ${min} bytes (signing with it stays refused)`;
}

/** "RSA-PSS/SHA-256", "ECDSA/P-256": from a CryptoKey's algorithm or a registry entry's. */
function describe(algorithm: { name: string; hash?: string | { name: string }; namedCurve?: string }): string {
  const hash = typeof algorithm.hash === 'string' ? algorithm.hash : algorithm.hash?.name;
  const text = [algorithm.name, hash, algorithm.namedCurve].filter((part) => typeof part === 'string').join('/');
  // A look-alike CryptoKey's algorithm name is the caller's text: keep messages short.
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** What checkCryptoKey reads of a CryptoKey, read once and type-checked. */
interface CryptoKeyFacts {
  readonly type: string;
  readonly usages: readonly string[];
  readonly algorithm: {
    name: string;
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
    publicExponent?: Uint8Array;
    length?: number;
  };
}

/**
 * Reads the members of a CryptoKey. A real CryptoKey always has them; a look-alike (an object
 * that only claims the CryptoKey tag, or a Proxy) may not, or may throw: that is a
 * JoseKeyInvalid, never a TypeError.
 */
function cryptoKeyFacts(key: CryptoKey, step: JoseStep): CryptoKeyFacts {
  let facts: CryptoKeyFacts | undefined;
  try {
    const { type, usages, algorithm } = key as { type: unknown; usages: unknown; algorithm: unknown };
    const name = (algorithm as { name?: unknown } | null | undefined)?.name;
    if (typeof type === 'string' && Array.isArray(usages) && typeof name === 'string') {
      const a = algorithm as Record<string, unknown>;
      const hash = (a.hash as { name?: unknown } | undefined)?.name;
      facts = {
        type,
        usages: Array.from(usages as unknown[]).filter((u): u is string => typeof u === 'string'),
        algorithm: {
          name,
          ...(typeof hash === 'string' ? { hash: { name: hash } } : {}),
          ...(typeof a.namedCurve === 'string' ? { namedCurve: a.namedCurve } : {}),
          ...(typeof a.modulusLength === 'number' ? { modulusLength: a.modulusLength } : {}),
          ...(isUint8Array(a.publicExponent) ? { publicExponent: a.publicExponent } : {}),
          ...(typeof a.length === 'number' ? { length: a.length } : {}),
        },
      };
    }
  } catch {
    // fall through to the refusal below
  }
  if (!facts) throw new JoseKeyInvalid('the value looks like a CryptoKey but its type, usages or algorithm cannot be read', { step });
  return facts;
}

/** How an algorithm's key is named in messages: "EdDSA" takes two curves. */
function describeEntry(entry: AlgorithmEntry): string {
  return entry.alg === 'EdDSA' ? 'Ed25519 or Ed448' : describe(entry.keyAlgorithm);
}

/**
 * Asserts that a CryptoKey fits the algorithm and the operation. Throws JoseKeyInvalid naming
 * the mismatch. "EdDSA" takes Ed25519 and Ed448 keys (RFC 8037 §3.1); "Ed25519" and "Ed448"
 * only their own. Small-order EdDSA public keys are refused separately and asynchronously by
 * {@link checkEdwardsCryptoKey}.
 */
export function checkCryptoKey(key: CryptoKey, entry: AlgorithmEntry, usage: KeyUsageKind, step: JoseStep): CryptoKey {
  const fail = (why: string): never => {
    throw new JoseKeyInvalid(why, { step });
  };
  const { type, usages, algorithm } = cryptoKeyFacts(key, step);
  const expected = algorithmForKey(entry, key).keyAlgorithm;
  if (
    algorithm.name !== expected.name ||
    (expected.hash !== undefined && algorithm.hash?.name !== expected.hash) ||
    (expected.namedCurve !== undefined && algorithm.namedCurve !== expected.namedCurve)
  ) {
    fail(`the CryptoKey is a ${describe(algorithm)} key; ${entry.alg} needs a ${describeEntry(entry)} key`);
  }
  if (entry.kty === 'RSA') {
    const sizeProblem = rsaSizeProblem(algorithm.modulusLength ?? 0, entry.alg);
    if (sizeProblem) fail(sizeProblem);
    const exponentProblem = algorithm.publicExponent && rsaExponentProblem(algorithm.publicExponent);
    if (exponentProblem) fail(exponentProblem);
  } else if (entry.family === 'HMAC') {
    const sizeProblem = hmacSizeProblem(Math.floor((algorithm.length ?? 0) / 8), entry);
    // allowShortSecret is for secret material josekit imports itself, not for a CryptoKey made elsewhere.
    if (sizeProblem) fail(usage === 'verify' ? `${sizeProblem} (allowShortSecret applies only to a secret given as a Uint8Array or an oct JWK)` : sizeProblem);
  }
  if (usage === 'sign' && type === 'public') fail(`a public key cannot sign; ${entry.alg} signing needs the private key`);
  if (usage === 'verify' && type === 'private') {
    fail(`a private key cannot verify in WebCrypto; pass the public key (or the JWK, whose public part josekit uses)`);
  }
  if (!usages.includes(usage)) {
    fail(`the CryptoKey's usages ${show(usages)} do not include "${usage}"`);
  }
  return key;
}

/**
 * What is known about EdDSA public CryptoKeys: undefined for a good key, the problem for a bad
 * one. Keys josekit imported or generated itself are entered when they are made (their points
 * were checked before import, or come from key generation), so even non-extractable ones are
 * known.
 */
const edwardsVerdicts = new WeakMap<CryptoKey, string | undefined>();

/** Records that josekit checked (or generated) this EdDSA public key's point and it is good. */
export function markEdwardsChecked(key: CryptoKey): void {
  edwardsVerdicts.set(key, undefined);
}

/**
 * Refuses an EdDSA public CryptoKey whose point is small-order, non-canonical or off the curve.
 * The point is read by exporting the key in raw form once; the verdict is cached per key. A
 * public CryptoKey made elsewhere as non-extractable cannot be exported, so it cannot be checked
 * and is refused: import public keys with josekit (or as extractable). Resolves at once for
 * other keys.
 */
export function checkEdwardsCryptoKey(key: CryptoKey, step: JoseStep): void | Promise<void> {
  if (edwardsVerdicts.has(key)) {
    // Known already: decided without a promise (the common case, on every verification).
    const known = edwardsVerdicts.get(key);
    if (known !== undefined) throw new JoseKeyInvalid(known, { step });
    return;
  }
  return checkEdwardsCryptoKeyOnce(key, step);
}

async function checkEdwardsCryptoKeyOnce(key: CryptoKey, step: JoseStep): Promise<void> {
  let name: unknown;
  let type: unknown;
  let extractable: unknown;
  try {
    ({ type, extractable } = key);
    name = (key.algorithm as { name?: unknown }).name;
  } catch {
    return; // checkCryptoKey has already refused anything unreadable
  }
  if (type !== 'public' || (name !== 'Ed25519' && name !== 'Ed448')) return;
  let problem: string | undefined;
  if (edwardsVerdicts.has(key)) {
    problem = edwardsVerdicts.get(key);
  } else {
    const unchecked = `this ${name} public CryptoKey was made outside josekit as non-extractable, so its point cannot be checked for small order (with a small-order key, signatures made without any private key verify): import the public key with importJwk/importSpki, or pass the JWK`;
    if (extractable !== true) throw new JoseKeyInvalid(unchecked, { step });
    let raw: Uint8Array;
    try {
      raw = await backend.exportKey('raw', key);
    } catch {
      throw new JoseKeyInvalid(unchecked, { step });
    }
    problem = edwardsPointProblem(name, raw);
    edwardsVerdicts.set(key, problem);
  }
  if (problem !== undefined) throw new JoseKeyInvalid(problem, { step });
}
