/**
 * The JWS algorithm registry (RFC 7518 §3, RFC 8037, RFC 9864): everything josekit knows about
 * each `alg`, in one null-prototype table so that names like `__proto__` or `constructor` never
 * resolve. `none` is deliberately absent: only the unsecured-JWT helpers know it.
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import { JoseInvalidOptions, JoseNotSupported, type JoseStep } from '../errors.js';

/** `kty` values of signing keys. */
export type KeyType = 'oct' | 'RSA' | 'EC' | 'OKP';
/** Curves (`crv`) of EC and OKP signing keys. */
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'Ed448';
/** Hash functions used by the algorithms. */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';
/** Algorithm families. */
export type Family = 'HMAC' | 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'EdDSA';

/**
 * Every JWS `alg` josekit implements (RFC 7518 §3.1, RFC 8037 §3.1, RFC 9864): the type of every
 * `alg` and `algorithms` parameter, so a misspelt name does not compile and editors complete it.
 *
 * @example
 * ```ts
 * const algorithms: JwsAlgorithm[] = ['ES256', 'EdDSA'];
 * ```
 */
export type JwsAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'
  | 'Ed448';

/** Everything about one algorithm, in the registry. */
export interface AlgorithmEntry {
  readonly alg: JwsAlgorithm;
  readonly family: Family;
  readonly kty: KeyType;
  /** Curve for EC and OKP keys. */
  readonly crv?: Curve;
  /** Hash for HMAC, RSA and ECDSA. */
  readonly hash?: HashName;
  /** WebCrypto parameters for importing and generating the key. */
  readonly keyAlgorithm: Readonly<{ name: string; hash?: HashName; namedCurve?: string }>;
  /** WebCrypto parameters for sign/verify. */
  readonly signAlgorithm: Readonly<{ name: string; hash?: HashName; saltLength?: number }>;
  /** Exact signature size in bytes, where it is fixed by the algorithm (HMAC, ECDSA, EdDSA). */
  readonly signatureLength?: number;
  /** Minimum HMAC secret size in bytes (RFC 7518 §3.2: at least the hash output). */
  readonly minSecretBytes?: number;
  /** ECDSA group order n, big-endian, padded to the coordinate size: r and s must be in [1, n-1]. */
  readonly curveOrder?: Uint8Array;
  /** ECDSA curve y² = x³ − 3x + b over GF(p): public points are checked against it. */
  readonly curveEquation?: { readonly p: bigint; readonly b: bigint };
  /** Present only where the runtime's WebCrypto implements it (feature-detected). */
  readonly optional?: boolean;
}

/** Smallest RSA modulus accepted, on sign and on verify (RFC 7518 §3.3). */
export const MIN_RSA_BITS = 2048;

function hex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// Group orders from SEC 2 / FIPS 186-4 (checked against `openssl ecparam -param_enc explicit`).
const P256_N = hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const P384_N = hex('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');
const P521_N = hex(
  '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
);

const hmac = (alg: JwsAlgorithm, hash: HashName, bytes: number): AlgorithmEntry => ({
  alg,
  family: 'HMAC',
  kty: 'oct',
  hash,
  keyAlgorithm: { name: 'HMAC', hash },
  signAlgorithm: { name: 'HMAC' },
  signatureLength: bytes,
  minSecretBytes: bytes,
});
const rsa = (alg: JwsAlgorithm, hash: HashName): AlgorithmEntry => ({
  alg,
  family: 'RSASSA-PKCS1-v1_5',
  kty: 'RSA',
  hash,
  keyAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash },
  signAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
});
const pss = (alg: JwsAlgorithm, hash: HashName, saltLength: number): AlgorithmEntry => ({
  alg,
  family: 'RSA-PSS',
  kty: 'RSA',
  hash,
  keyAlgorithm: { name: 'RSA-PSS', hash },
  signAlgorithm: { name: 'RSA-PSS', saltLength },
});
// Field primes and b coefficients (a = p − 3) of the same curves.
const P256 = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};
const P384 = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
};
const P521 = {
  p: (1n << 521n) - 1n,
  b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
};

const ecdsa = (
  alg: JwsAlgorithm,
  hash: HashName,
  crv: Curve,
  coordinateBytes: number,
  curveOrder: Uint8Array,
  curveEquation: { p: bigint; b: bigint },
): AlgorithmEntry => ({
  alg,
  family: 'ECDSA',
  kty: 'EC',
  crv,
  hash,
  keyAlgorithm: { name: 'ECDSA', namedCurve: crv },
  signAlgorithm: { name: 'ECDSA', hash },
  signatureLength: 2 * coordinateBytes,
  curveOrder,
  curveEquation,
});
const eddsa = (alg: JwsAlgorithm, crv: 'Ed25519' | 'Ed448', signatureLength: number, optional?: true): AlgorithmEntry => ({
  alg,
  family: 'EdDSA',
  kty: 'OKP',
  crv,
  keyAlgorithm: { name: crv },
  signAlgorithm: { name: crv },
  signatureLength,
  ...(optional ? { optional } : {}),
});

const entries: AlgorithmEntry[] = [
  hmac('HS256', 'SHA-256', 32),
  hmac('HS384', 'SHA-384', 48),
  hmac('HS512', 'SHA-512', 64),
  rsa('RS256', 'SHA-256'),
  rsa('RS384', 'SHA-384'),
  rsa('RS512', 'SHA-512'),
  pss('PS256', 'SHA-256', 32),
  pss('PS384', 'SHA-384', 48),
  pss('PS512', 'SHA-512', 64),
  ecdsa('ES256', 'SHA-256', 'P-256', 32, P256_N, P256),
  ecdsa('ES384', 'SHA-384', 'P-384', 48, P384_N, P384),
  ecdsa('ES512', 'SHA-512', 'P-521', 66, P521_N, P521),
  // RFC 8037 "EdDSA" is polymorphic: this entry describes it with an Ed25519 key (what
  // generateKeyPair('EdDSA') makes); an Ed448 key gets EDDSA_WITH_ED448 via algorithmForKey.
  eddsa('EdDSA', 'Ed25519', 64),
  eddsa('Ed25519', 'Ed25519', 64),
  eddsa('Ed448', 'Ed448', 114, true),
];

const table: Record<string, AlgorithmEntry> = Object.create(null);
for (const e of entries) table[e.alg] = Object.freeze(e);
Object.freeze(table);

/**
 * "EdDSA" (RFC 8037 §3.1) with an Ed448 key: the same `alg`, Ed448's WebCrypto parameters and
 * 114-byte signatures. Not in the table (the name "EdDSA" resolves to the Ed25519 entry); reached
 * only through {@link algorithmForKey} and {@link algorithmForCurve}, so it is never chosen by a
 * token, only by the key the caller supplied.
 */
const EDDSA_WITH_ED448: AlgorithmEntry = Object.freeze(eddsa('EdDSA', 'Ed448', 114, true));

/**
 * Every `alg` josekit implements, in registry order. Ed448 is listed everywhere but works only
 * where the runtime's WebCrypto has it (elsewhere: JoseNotSupported).
 *
 * @example
 * ```ts
 * JWS_ALGORITHMS.includes('ES256'); // true
 * ```
 */
export const JWS_ALGORITHMS: readonly JwsAlgorithm[] = Object.freeze(entries.map((e) => e.alg));

/** Looks an `alg` up; undefined for unknown names and for anything that is not a string. */
export function lookupAlgorithm(alg: unknown): AlgorithmEntry | undefined {
  return typeof alg === 'string' ? table[alg] : undefined;
}

/**
 * The registry entry for an `alg` option, or a JoseInvalidOptions/JoseNotSupported naming what
 * is wrong. `none` gets its own message: it is never a signing algorithm here.
 */
export function requireAlgorithm(alg: unknown, step: JoseStep): AlgorithmEntry {
  const entry = lookupAlgorithm(alg);
  if (entry) return entry;
  if (typeof alg !== 'string') {
    let kind: string;
    try {
      kind = kindOf(alg);
    } catch {
      kind = 'an object'; // a revoked Proxy: Array.isArray throws on it
    }
    throw new JoseInvalidOptions(`"alg" must be a string naming a JWS algorithm, got ${kind}`, { step });
  }
  if (alg.toLowerCase() === 'none') {
    throw new JoseInvalidOptions('"none" is not a signing algorithm; unsecured JWTs are made only by encodeUnsecuredJwt', { step });
  }
  throw new JoseNotSupported(`unknown or unsupported JWS algorithm ${show(alg)} (supported: ${JWS_ALGORITHMS.join(', ')})`, { step });
}

/**
 * The entry to use for a key of curve `crv` under `entry`, or undefined when such a key cannot
 * serve the algorithm. "EdDSA" takes Ed25519 and Ed448 keys (RFC 8037 §3.1; RFC 9864 deprecates
 * the name without narrowing it); "Ed25519", "Ed448" and the ECDSA algorithms take only their own
 * curve. Entries without a curve (RSA, HMAC) give undefined for every `crv` but undefined.
 *
 * @example
 * ```ts
 * algorithmForCurve(lookupAlgorithm('EdDSA')!, 'Ed448')?.signatureLength; // 114
 * algorithmForCurve(lookupAlgorithm('Ed25519')!, 'Ed448'); // undefined
 * ```
 */
export function algorithmForCurve(entry: AlgorithmEntry, crv: unknown): AlgorithmEntry | undefined {
  if (crv === entry.crv) return entry;
  if (entry.alg === 'EdDSA' && crv === 'Ed448') return EDDSA_WITH_ED448;
  return undefined;
}

/**
 * Whether a key whose `crv` is `crv` can serve `entry`'s algorithm: "EdDSA" accepts "Ed25519"
 * and "Ed448"; "Ed25519", "Ed448", "ES256", "ES384" and "ES512" accept only their own curve.
 * For algorithms without a curve (RSA, HMAC) the curve plays no part and this is true: the key
 * type (`kty`) decides there, and is checked separately.
 *
 * @example
 * ```ts
 * acceptsCurve(lookupAlgorithm('EdDSA')!, 'Ed448'); // true
 * acceptsCurve(lookupAlgorithm('Ed25519')!, 'Ed448'); // false
 * ```
 */
export function acceptsCurve(entry: AlgorithmEntry, crv: unknown): boolean {
  if (entry.crv === undefined) return true;
  return algorithmForCurve(entry, crv) !== undefined;
}

/**
 * The entry that describes signing or verifying `entry`'s algorithm with `key`: for "EdDSA"
 * with an Ed448 CryptoKey, an Ed448 variant whose `alg` is still "EdDSA" (114-byte signatures,
 * WebCrypto algorithm Ed448, optional); otherwise `entry` itself. The key's binding to the
 * algorithm is checked elsewhere (checkCryptoKey); this only picks the parameters. Never throws.
 *
 * @example
 * ```ts
 * const params = algorithmForKey(lookupAlgorithm('EdDSA')!, ed448PublicKey).signAlgorithm; // { name: 'Ed448' }
 * ```
 */
export function algorithmForKey(entry: AlgorithmEntry, key: CryptoKey): AlgorithmEntry {
  if (entry.alg !== 'EdDSA') return entry;
  let name: unknown;
  try {
    name = (key.algorithm as { name?: unknown } | undefined)?.name;
  } catch {
    // Not a real CryptoKey: leave it to the checks that refuse it.
    return entry;
  }
  return name === 'Ed448' ? EDDSA_WITH_ED448 : table.EdDSA!;
}
