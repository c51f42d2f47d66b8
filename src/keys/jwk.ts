/**
 * JWK checks before import: structure (JwkInvalid) and fitness for one algorithm and operation
 * (JoseKeyInvalid). Only the key material members reach WebCrypto, so metadata that WebCrypto
 * implementations treat differently (`alg` spellings, `use`, `key_ops`) is judged here, once.
 *
 * A JWK is first copied into a snapshot: every member josekit looks at is read exactly once, so a
 * getter or Proxy cannot show the checks one value and the import another, and a member that
 * cannot be read is a JwkInvalid rather than whatever the getter threw.
 *
 * @module
 */

import { show } from '../encoding/show.js';
import { Base64urlError, decode as b64decode, encode as b64encode } from '../encoding/base64url.js';
import { algorithmForCurve, type AlgorithmEntry } from '../jwa/algorithms.js';
import { JoseKeyInvalid, JoseNotSupported, JwkInvalid, type JoseStep } from '../errors.js';
import { errorText } from '../options.js';
import { bitLength, ecPointProblem, hmacSizeProblem, rsaExponentProblem, rsaSizeProblem } from './check.js';
import { edwardsPointProblem } from './edwards.js';
import { isPlainObject, type KeyUsageKind } from './types.js';

/** Lookup tables keyed by JWK values: null-prototype, so "constructor" or "__proto__" never resolve. */
function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const PRIVATE_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const RSA_CRT: readonly string[] = ['p', 'q', 'dp', 'dq', 'qi'];
/** The members of each key type that reach WebCrypto. */
const MATERIAL = table<readonly string[]>({
  oct: ['k'],
  RSA: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['crv', 'x', 'y', 'd'],
  OKP: ['crv', 'x', 'd'],
});
const REQUIRED = table<readonly string[]>({ oct: ['k'], RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] });
const OKP_BYTES = table<number>({ Ed25519: 32, Ed448: 57 });

/** Every member josekit reads from a JWK (metadata, material, and "oth", which is refused). */
const SNAPSHOT_MEMBERS = ['kty', 'crv', 'alg', 'use', 'key_ops', 'ext', 'k', 'n', 'e', 'x', 'y', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;
/** No real key_ops has more values than this (RFC 7517 §4.3 defines eight, and none repeats). */
const MAX_KEY_OPS = 32;

/** The members of a JWK that josekit reads, each read once; absent members are left out. */
export type JwkSnapshot = { readonly [name in (typeof SNAPSHOT_MEMBERS)[number]]?: unknown };

/** The metadata members that decide whether and how a JWK is used, for any key type. */
export const JWK_METADATA_MEMBERS: readonly string[] = ['kty', 'alg', 'use', 'key_ops', 'ext'];

/** The members of kty `kty` that reach WebCrypto, or undefined for a kty josekit does not know. */
export function materialMembers(kty: unknown): readonly string[] | undefined {
  return typeof kty === 'string' ? MATERIAL[kty] : undefined;
}

/** A copy of an array member, read element by element; a non-array is returned as it is. */
function copyArray(value: unknown, name: string, step: JoseStep): unknown {
  try {
    if (!Array.isArray(value)) return value;
    const length = value.length;
    if (length > MAX_KEY_OPS) throw new JwkInvalid(`JWK member "${name}" has ${length} values; a key has at most a few`, { step });
    const copy: unknown[] = [];
    for (let i = 0; i < length; i++) copy.push(value[i]);
    return Object.freeze(copy);
  } catch (err) {
    if (err instanceof JwkInvalid) throw err;
    throw new JwkInvalid(`JWK member "${name}" cannot be read as an array: ${errorText(err)}`, { step, cause: err });
  }
}

/**
 * Reads the members josekit uses from a JWK, once each, into a null-prototype snapshot. Throws
 * JwkInvalid when `input` is not a plain object or a member cannot be read.
 */
export function snapshotJwk(input: unknown, step: JoseStep): JwkSnapshot {
  if (!isPlainObject(input)) throw new JwkInvalid('a JWK must be a plain JSON object', { step });
  const snapshot = Object.create(null) as Record<string, unknown>;
  for (const name of SNAPSHOT_MEMBERS) {
    let value: unknown;
    try {
      value = input[name];
    } catch (err) {
      throw new JwkInvalid(`JWK member "${name}" cannot be read: ${errorText(err)}`, { step, cause: err });
    }
    if (value !== undefined) snapshot[name] = name === 'key_ops' ? copyArray(value, name, step) : value;
  }
  return snapshot;
}

/** The result of checking a JWK: what to hand to WebCrypto, for which usages and algorithm. */
export interface CheckedJwk {
  readonly material: JsonWebKey;
  readonly usages: KeyUsageKind[];
  readonly isPrivate: boolean;
  /** The registry entry the key serves: for "EdDSA" with an Ed448 JWK, the Ed448 variant. */
  readonly entry: AlgorithmEntry;
}

function member(jwk: JwkSnapshot, name: string, step: JoseStep): Uint8Array {
  const value = (jwk as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw new JwkInvalid(`JWK member "${name}" must be a base64url string`, { step });
  try {
    return b64decode(value);
  } catch (err) {
    throw new JwkInvalid(`JWK member "${name}" is not canonical base64url: ${(err as Base64urlError).message}`, { step });
  }
}

/**
 * An RSA integer member without leading zero octets. RFC 7518 §2 (Base64urlUInt) asks for the
 * shortest form, but some providers publish `n` with a leading 0x00 (a DER habit), and some
 * WebCrypto implementations then refuse the key. The value is the same number either way.
 */
function rsaInteger(jwk: JwkSnapshot, name: string, step: JoseStep): { bytes: Uint8Array; text: string } {
  const bytes = member(jwk, name, step);
  let zeros = 0;
  while (zeros < bytes.length - 1 && bytes[zeros] === 0) zeros++;
  if (zeros === 0) return { bytes, text: (jwk as Record<string, string>)[name]! };
  const stripped = bytes.subarray(zeros);
  return { bytes: stripped, text: b64encode(stripped) };
}

/**
 * Checks a JWK for one algorithm. `usage` undefined means "whatever this key can do" (importJwk).
 */
export function checkJwk(input: unknown, entry: AlgorithmEntry, usage: KeyUsageKind | undefined, step: JoseStep): CheckedJwk {
  return checkJwkSnapshot(snapshotJwk(input, step), entry, usage, step);
}

/** {@link checkJwk} for a JWK already read by {@link snapshotJwk}. */
export function checkJwkSnapshot(jwk: JwkSnapshot, entry: AlgorithmEntry, usage: KeyUsageKind | undefined, step: JoseStep): CheckedJwk {
  const mismatch = (why: string): never => {
    throw new JoseKeyInvalid(why, { step });
  };
  const all = jwk as Record<string, unknown>;
  const kty = jwk.kty;
  if (typeof kty !== 'string') throw new JwkInvalid('JWK member "kty" must be a string', { step });
  const required = REQUIRED[kty];
  if (!required) throw new JoseNotSupported(`JWK kty ${show(kty)} is not a signing key type josekit supports`, { step });
  if (kty !== entry.kty) mismatch(`the JWK has kty ${show(kty)}; ${entry.alg} needs kty "${entry.kty}"`);
  for (const name of required) {
    if (all[name] === undefined) throw new JwkInvalid(`JWK of kty "${kty}" is missing "${name}"`, { step });
  }
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string') throw new JwkInvalid('JWK member "alg" must be a string', { step });
    if (jwk.alg !== entry.alg) mismatch(`the JWK is for alg ${show(jwk.alg)}, not "${entry.alg}"`);
  }
  if (jwk.use !== undefined) {
    if (typeof jwk.use !== 'string') throw new JwkInvalid('JWK member "use" must be a string', { step });
    if (jwk.use !== 'sig') mismatch(`the JWK has use ${show(jwk.use)}; signing keys must have use "sig" or none`);
  }
  if (jwk.ext !== undefined && typeof jwk.ext !== 'boolean') throw new JwkInvalid('JWK member "ext" must be a boolean', { step });
  let ops: readonly string[] | undefined;
  if (jwk.key_ops !== undefined) {
    const given = jwk.key_ops;
    if (!Array.isArray(given) || given.some((op) => typeof op !== 'string')) {
      throw new JwkInvalid('JWK member "key_ops" must be an array of strings', { step });
    }
    if (new Set(given).size !== given.length) throw new JwkInvalid('JWK member "key_ops" repeats a value', { step });
    ops = given as readonly string[];
  }
  if (kty === 'RSA' && jwk.oth !== undefined) {
    throw new JoseNotSupported('multi-prime RSA JWKs ("oth") are not supported', { step });
  }

  let effective = entry;
  const isPrivate = kty === 'oct' || jwk.d !== undefined;
  /** Material values that differ from the JWK's (RSA integers without leading zeros). */
  const canonical = Object.create(null) as Record<string, string>;
  if (kty === 'oct') {
    const problem = hmacSizeProblem(member(jwk, 'k', step).length, entry);
    if (problem) mismatch(problem);
  } else if (kty === 'RSA') {
    for (const name of MATERIAL.RSA!) if (all[name] !== undefined) canonical[name] = rsaInteger(jwk, name, step).text;
    const sizeProblem = rsaSizeProblem(bitLength(member(jwk, 'n', step)), entry.alg);
    if (sizeProblem) mismatch(sizeProblem);
    const exponentProblem = rsaExponentProblem(member(jwk, 'e', step));
    if (exponentProblem) mismatch(exponentProblem);
    // RFC 7518 §6.3.2: the CRT members come all together or not at all.
    const crt = RSA_CRT.filter((name) => all[name] !== undefined);
    if (crt.length > 0 && crt.length < 5) {
      const missing = RSA_CRT.filter((name) => all[name] === undefined);
      throw new JwkInvalid(`RSA JWK has some CRT members but not ${missing.map((m) => `"${m}"`).join(', ')} (RFC 7518 §6.3.2: all or none)`, { step });
    }
    if (crt.length > 0 && jwk.d === undefined) throw new JwkInvalid('RSA JWK has CRT members but no "d"', { step });
  } else {
    const forCurve = algorithmForCurve(entry, jwk.crv);
    if (!forCurve) {
      const needs = entry.alg === 'EdDSA' ? '"Ed25519" or "Ed448"' : `"${entry.crv}"`;
      mismatch(`the JWK has crv ${show(jwk.crv)}; ${entry.alg} needs crv ${needs}`);
    }
    effective = forCurve!;
    const crv = effective.crv!;
    const size = kty === 'EC' ? effective.signatureLength! / 2 : OKP_BYTES[crv]!;
    const coordinates = (kty === 'EC' ? ['x', 'y'] : ['x']).map((name) => {
      const value = member(jwk, name, step);
      if (value.length !== size) throw new JwkInvalid(`JWK member "${name}" is ${value.length} bytes; ${crv} needs ${size}`, { step });
      return value;
    });
    const problem =
      kty === 'EC'
        ? ecPointProblem(effective, coordinates[0]!, coordinates[1]!)
        : edwardsPointProblem(crv as 'Ed25519' | 'Ed448', coordinates[0]!);
    if (problem) throw new JoseKeyInvalid(problem, { step });
    if (jwk.d !== undefined && member(jwk, 'd', step).length !== size) {
      throw new JwkInvalid(`JWK member "d" is not ${size} bytes as ${crv} needs`, { step });
    }
  }

  // What the key can do, narrowed by key_ops, then by the requested usage.
  let usages: KeyUsageKind[] = kty === 'oct' ? ['sign', 'verify'] : isPrivate ? ['sign', 'verify'] : ['verify'];
  if (ops) usages = usages.filter((u) => ops!.includes(u));
  if (usage !== undefined) {
    if (!usages.includes(usage)) {
      if (usage === 'sign' && !isPrivate) mismatch(`a public JWK cannot sign; ${entry.alg} signing needs the private key ("d")`);
      mismatch(`the JWK's key_ops ${show(ops)} do not include "${usage}"`);
    }
    usages = [usage];
  } else if (usages.length === 0) {
    mismatch(`the JWK's key_ops ${show(ops)} allow neither "sign" nor "verify"`);
  }
  // WebCrypto cannot verify with a private key: a private JWK used to verify imports its public part.
  const asymmetric = kty !== 'oct';
  if (asymmetric && usages.length === 2) usages = ['sign'];
  const keepPrivate = asymmetric ? usages[0] === 'sign' : true;
  const material: Record<string, unknown> = { kty };
  for (const name of MATERIAL[kty]!) {
    if (all[name] === undefined) continue;
    if (!keepPrivate && PRIVATE_MEMBERS.includes(name)) continue;
    material[name] = canonical[name] ?? all[name];
  }
  material.ext = true;
  return { material: material as JsonWebKey, usages, isPrivate, entry: effective };
}
