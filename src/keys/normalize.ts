/**
 * Turns any accepted key input into a checked CryptoKey for one algorithm and operation, with
 * caches so the hot path never re-imports: a JWK object or a Uint8Array is imported once per
 * (alg, usage). A cache entry remembers the key material it was made from and is used only
 * while the object still holds that material, so mutating a JWK or a secret in place can never
 * serve a stale key.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { decode as b64decode, encode as b64encode } from '../encoding/base64url.js';
import { copyBytes as copyPlainBytes } from '../encoding/bytes.js';
import { algorithmForCurve, type AlgorithmEntry } from '../jwa/algorithms.js';
import { JoseKeyInvalid, type JoseStep } from '../errors.js';
import { checkCryptoKey, checkEdwardsCryptoKey, ecPointProblem, hmacSizeProblem, hmacVerifySizeProblem, markEdwardsChecked } from './check.js';
import { ecPointOfSpki, type SpkiInfo } from './der.js';
import { checkJwkSnapshot, JWK_METADATA_MEMBERS, materialMembers, snapshotJwk, type JwkSnapshot } from './jwk.js';
import { keyObjectToJwk } from './keyobject.js';
import { isCryptoKey, isKeyObject, isPlainObject, isUint8Array, type KeyUsageKind } from './types.js';
import { kindOf } from '../encoding/show.js';

interface CacheEntry {
  /** The material the key was imported from: a copy of the secret bytes, or the JWK's fingerprint. */
  readonly source: Uint8Array | string;
  readonly key: Promise<CryptoKey>;
  /** The key, once imported: a hit then needs no await. */
  resolved?: CryptoKey;
}

const cache = new WeakMap<object, Map<string, CacheEntry>>();

// The intrinsic length getter: a Uint8Array subclass may override `length` with a getter that
// throws or lies; the intrinsic one reads the real length and never throws.
const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get!;
const lengthOf = (bytes: Uint8Array): number => typedArrayLength.call(bytes) as number;

/**
 * A string that differs whenever anything differs that decides what a JWK imports to or whether
 * it is allowed: the metadata members and the key type's material members, each tagged with its
 * type and length-prefixed, so that no two different member values ever give the same string
 * (`use: "sig"` and `use: ["sig"]`, `key_ops: ["verify", "sign"]` and `["verify,sign"]`).
 * Undefined means "do not cache": a member has a type no valid JWK has, or the kty is unknown;
 * the JWK checks then refuse the key with the precise reason. Reads only the snapshot, never the
 * caller's object, so no getter or `toString` runs here.
 */
function jwkFingerprint(jwk: JwkSnapshot): string | undefined {
  const material = materialMembers(jwk.kty);
  if (!material) return undefined;
  const values = jwk as Record<string, unknown>;
  let out = '';
  for (const names of [JWK_METADATA_MEMBERS, material]) {
    for (const name of names) {
      const value = values[name];
      if (value === undefined) out += '-';
      else if (typeof value === 'string') out += `s${value.length}:${value}`;
      else if (typeof value === 'boolean') out += value ? 't' : 'f';
      else if (name === 'key_ops' && Array.isArray(value)) {
        // The snapshot holds a frozen copy of key_ops; its elements must be strings to be cached.
        out += `a${value.length}:`;
        for (const op of value) {
          if (typeof op !== 'string') return undefined;
          out += `${op.length}:${op}`;
        }
      } else return undefined;
    }
  }
  // "oth" only matters by its presence (multi-prime RSA keys are refused).
  return values.oth === undefined ? out : undefined;
}

/**
 * A copy of a caller's bytes, made with the Uint8Array constructor, which reads the view's
 * internal slots (no `length` getter, no species); a view over a detached buffer is refused.
 */
export function copyBytes(bytes: Uint8Array, step: JoseStep): Uint8Array {
  try {
    return copyPlainBytes(bytes);
  } catch (err) {
    throw new JoseKeyInvalid('the Uint8Array cannot be read (its buffer was detached or transferred)', { step, cause: err });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = lengthOf(a);
  if (n !== lengthOf(b)) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cached(
  holder: object,
  slot: string,
  source: Uint8Array | string,
  step: JoseStep,
  make: () => Promise<CryptoKey>,
): CryptoKey | Promise<CryptoKey> {
  let slots = cache.get(holder);
  const hit = slots?.get(slot);
  if (hit && (typeof source === 'string' ? hit.source === source : sameBytes(hit.source as Uint8Array, source))) return hit.resolved ?? hit.key;
  const kept = typeof source === 'string' ? source : copyBytes(source, step);
  const key = make();
  if (!slots) cache.set(holder, (slots = new Map()));
  const entry: CacheEntry = { source: kept, key };
  slots.set(slot, entry);
  key.then(
    (resolved) => {
      entry.resolved = resolved;
    },
    () => {
      if (slots!.get(slot) === entry) slots!.delete(slot);
    },
  );
  return key;
}

/**
 * What key each CryptoKey josekit made holds, as one canonical string of its public material,
 * whatever form the key came in: {@link jwkIdentity} of the JWK public members in canonical form
 * (EC: x and y as fixed-length coordinates, an SPKI's compressed point decompressed; RSA: n and e
 * without leading zero octets; OKP: x; oct: k). A JWK, a KeyObject, an SPKI, a certificate or an
 * x5c entry of one key all give the same identity. Used where "distinct keys" matters
 * (verifyGeneral's `{ atLeast: n }`).
 */
const identities = new WeakMap<CryptoKey, string>();

/** Records `identity` as the key material of `key`. */
export function rememberIdentity(key: CryptoKey, identity: string): CryptoKey {
  identities.set(key, identity);
  return key;
}

/** The identity recorded when josekit made `key`, or undefined for a key made elsewhere. */
export function recordedIdentity(key: CryptoKey): string | undefined {
  return identities.get(key);
}

/**
 * The identity of a key given as JWK members in canonical form (as checked JWKs, backend JWK
 * exports and {@link spkiPublicJwk} give them): the public members only, so a private JWK and its
 * public half are one key. base64url has no ".", so the joined members cannot run together.
 */
export function jwkIdentity(material: Readonly<Record<string, unknown>>): string {
  return `jwk:${['kty', 'crv', 'x', 'y', 'n', 'e', 'k'].map((name) => (typeof material[name] === 'string' ? material[name] : '')).join('.')}`;
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function toBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (base %= modulus; exponent > 0n; exponent >>= 1n, base = (base * base) % modulus) {
    if (exponent & 1n) result = (result * base) % modulus;
  }
  return result;
}

/**
 * The y coordinate of the compressed point (x, parity of y) on the algorithm's curve
 * y² = x³ − 3x + b over GF(p), or a JoseKeyInvalid when x is not below p or is the x of no point.
 * For P-256, P-384 and P-521, p ≡ 3 (mod 4), so a square root of r is r^((p+1)/4) mod p.
 */
export function decompressEcPoint(entry: AlgorithmEntry, x: Uint8Array, yIsOdd: boolean, step: JoseStep): Uint8Array {
  const { p, b } = entry.curveEquation!;
  const X = toBigInt(x);
  if (X >= p) throw new JoseKeyInvalid(`the compressed public point's x is not below the ${entry.crv} field prime`, { step });
  const rhs = (((X * X * X - 3n * X + b) % p) + p) % p;
  let Y = modPow(rhs, (p + 1n) / 4n, p);
  if ((Y * Y) % p !== rhs || (Y === 0n && yIsOdd)) {
    throw new JoseKeyInvalid(`the compressed public point is not on the ${entry.crv} curve (no point has its x)`, { step });
  }
  if (((Y & 1n) === 1n) !== yIsOdd) Y = p - Y;
  return toBytes(Y, x.length);
}

/**
 * The canonical public JWK members of a key read from an SPKI for `entry` (the variant for the
 * key's curve): what {@link jwkIdentity} and, for a compressed EC point, the platform import take.
 * The SPKI's key type has already been matched to `entry`; EC points are checked to be on the
 * curve here (a compressed point is decompressed first).
 */
export function spkiPublicJwk(spki: SpkiInfo, entry: AlgorithmEntry, step: JoseStep): { kty: string; crv?: string; x?: string; y?: string; n?: string; e?: string } {
  if (entry.kty === 'RSA') return { kty: 'RSA', n: b64encode(spki.rsa!.n), e: b64encode(spki.rsa!.e) };
  if (entry.kty === 'OKP') return { kty: 'OKP', crv: entry.crv!, x: b64encode(spki.publicKey) };
  const point = ecPointOfSpki(spki.publicKey, entry.signatureLength! / 2);
  const y = 'y' in point ? point.y : decompressEcPoint(entry, point.x, point.yIsOdd, step);
  const problem = ecPointProblem(entry, point.x, y);
  if (problem) throw new JoseKeyInvalid(problem, { step });
  return { kty: 'EC', crv: entry.crv!, x: b64encode(point.x), y: b64encode(y) };
}

/**
 * What to do instead, for the size error. `importSecret` makes a key for signing and verifying
 * alike, so its message says that legacy tokens are verified by passing the bytes themselves
 * under allowShortSecret, and that signing needs a new secret. A signing call only learns the
 * latter: there is nothing to opt into when signing.
 */
function shortSecretHint(entry: AlgorithmEntry, step: JoseStep): string {
  const min = entry.minSecretBytes!;
  const fresh = `generateSecret("${entry.alg}"), or crypto.getRandomValues(new Uint8Array(${min}))`;
  return step === 'import key'
    ? `. Tokens already signed with a secret this short can still be verified: pass the bytes themselves (not an imported key) to verifyJwt, createJwtVerifier or verifyCompact with allowShortSecret: true. To sign, make a new secret of at least ${min} bytes (${fresh})`
    : `. Signing needs a new secret of at least ${min} bytes (${fresh})`;
}

/**
 * Imports an HMAC secret after the size rule; not cached (callers cache). `step` is "import key"
 * for importSecret, "sign" for a secret given to a signing function.
 */
export async function importSecretBytes(bytes: Uint8Array, entry: AlgorithmEntry, extractable: boolean, step: JoseStep): Promise<CryptoKey> {
  if (entry.family !== 'HMAC') {
    throw new JoseKeyInvalid(
      `a Uint8Array is only ever an HMAC secret; ${entry.alg} needs a ${entry.kty} key (CryptoKey or JWK; import PEM with importSpki/importPkcs8)`,
      { step },
    );
  }
  // A private copy: what is imported is exactly what was measured, whatever the caller's view does.
  const secret = copyBytes(bytes, step);
  const problem = hmacSizeProblem(secret.length, entry);
  if (problem) throw new JoseKeyInvalid(problem + shortSecretHint(entry, step), { step });
  return rememberIdentity(await backend.importKey('raw', secret, entry, ['sign', 'verify'], extractable), jwkIdentity({ kty: 'oct', k: b64encode(secret) }));
}

/**
 * Imports an HMAC secret that is only ever to verify: under allowShortSecret, any length but zero.
 * The key's one usage is "verify", and every signing path checks the size rule again, so a short
 * secret never signs. Throws synchronously for an empty secret, so nothing is cached for it.
 */
function importShortSecret(bytes: Uint8Array, entry: AlgorithmEntry, step: JoseStep): Promise<CryptoKey> {
  const secret = copyBytes(bytes, step);
  const problem = hmacVerifySizeProblem(secret.length, entry, true);
  if (problem) throw new JoseKeyInvalid(problem, { step });
  return importVerifyOnly(secret, entry);
}

async function importVerifyOnly(secret: Uint8Array, entry: AlgorithmEntry): Promise<CryptoKey> {
  return rememberIdentity(await backend.importKey('raw', secret, entry, ['verify'], false), jwkIdentity({ kty: 'oct', k: b64encode(secret) }));
}

/**
 * The same algorithm entry with no minimum secret size: only for judging the other JWK rules
 * (kty, alg, use, key_ops) of a short oct JWK, never imported with nor handed out.
 */
const withoutMinimum = new Map<AlgorithmEntry, AlgorithmEntry>();
function noSecretMinimum(entry: AlgorithmEntry): AlgorithmEntry {
  let relaxed = withoutMinimum.get(entry);
  if (relaxed === undefined) withoutMinimum.set(entry, (relaxed = Object.freeze({ ...entry, minSecretBytes: 0 })));
  return relaxed;
}

/** The secret of an oct JWK whose `k` is canonical base64url shorter than the minimum, or undefined. */
function shortOctSecret(jwk: JwkSnapshot, entry: AlgorithmEntry): Uint8Array | undefined {
  if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') return undefined;
  let k: Uint8Array;
  try {
    k = b64decode(jwk.k);
  } catch {
    return undefined; // the JWK checks say what is wrong with it
  }
  return k.length < entry.minSecretBytes! ? copyPlainBytes(k) : undefined;
}

/**
 * Imports a JWK to verify an HMAC signature. A JWK of at least the minimum size takes the usual
 * path. A shorter oct JWK passes every other JWK rule first, then is refused with a message naming
 * allowShortSecret, or under it imported verify-only (never empty).
 */
async function importJwkToVerifyHmac(jwk: JwkSnapshot, entry: AlgorithmEntry, allowShortSecret: boolean, step: JoseStep): Promise<CryptoKey> {
  const secret = shortOctSecret(jwk, entry);
  if (secret === undefined) return importSnapshot(jwk, entry, 'verify', false, step);
  checkJwkSnapshot(jwk, noSecretMinimum(entry), 'verify', step);
  const problem = hmacVerifySizeProblem(secret.length, entry, allowShortSecret);
  if (problem) throw new JoseKeyInvalid(problem, { step });
  return importVerifyOnly(secret, entry);
}

/** Imports a JWK snapshot after the JWK checks; the result is also checked as a CryptoKey. */
async function importSnapshot(
  jwk: JwkSnapshot,
  entry: AlgorithmEntry,
  usage: KeyUsageKind | undefined,
  extractable: boolean,
  step: JoseStep,
): Promise<CryptoKey> {
  // A runtime without the algorithm (Ed448) says so before any judgement of a key of its curve.
  const variant = entry.kty === 'OKP' ? algorithmForCurve(entry, jwk.crv) : entry;
  if (variant) await backend.requireSupported(variant, step);
  const checked = checkJwkSnapshot(jwk, entry, usage, step);
  const key = await backend.importKey('jwk', checked.material, checked.entry, checked.usages, extractable);
  checkCryptoKey(key, checked.entry, checked.usages[0]!, step);
  // The point was checked before import (jwk.ts): remember that for this CryptoKey.
  if (checked.entry.kty === 'OKP' && key.type === 'public') markEdwardsChecked(key);
  return rememberIdentity(key, jwkIdentity(checked.material as Record<string, unknown>));
}

/** Imports a JWK after the JWK checks; the result is also checked as a CryptoKey. */
export async function importCheckedJwk(
  jwk: unknown,
  entry: AlgorithmEntry,
  usage: KeyUsageKind | undefined,
  extractable: boolean,
  step: JoseStep,
): Promise<CryptoKey> {
  return importSnapshot(snapshotJwk(jwk, step), entry, usage, extractable, step);
}

/** The (alg, usage) checks each CryptoKey has passed. */
const checkedKeys = new WeakMap<CryptoKey, Set<string>>();

/** The cache slot of keys made under allowShortSecret: verify-only, and never seen by a call without it. */
const shortSecretSlot = (entry: AlgorithmEntry): string => `${entry.alg}:verify:allowShortSecret`;

/**
 * Returns a CryptoKey for `entry` and `usage` from a CryptoKey, Uint8Array secret, JWK or Node
 * KeyObject, enforcing the key-binding and size rules. A key already imported (or checked) is
 * returned as it is, with no promise to await; otherwise a promise. May throw synchronously. An
 * EdDSA public CryptoKey is checked for a small-order point (see checkEdwardsCryptoKey).
 * `allowShortSecret` (verify only) lets a Uint8Array or oct JWK shorter than the hash output
 * verify; such keys are imported verify-only and cached in a slot of their own.
 */
export function toCryptoKey(
  key: unknown,
  entry: AlgorithmEntry,
  usage: KeyUsageKind,
  step: JoseStep,
  allowShortSecret = false,
): CryptoKey | Promise<CryptoKey> {
  if (isCryptoKey(key)) {
    // A CryptoKey never changes: once it passed the checks for (alg, usage), it passes them again.
    const slot = `${entry.alg}:${usage}`;
    const passed = checkedKeys.get(key);
    if (passed?.has(slot)) return key;
    checkCryptoKey(key, entry, usage, step);
    const remember = (): CryptoKey => {
      if (passed) passed.add(slot);
      else checkedKeys.set(key, new Set([slot]));
      return key;
    };
    if (entry.kty !== 'OKP') return remember();
    const checked = checkEdwardsCryptoKey(key, step);
    return checked === undefined ? remember() : checked.then(remember);
  }
  if (isUint8Array(key)) {
    if (usage === 'verify' && entry.family === 'HMAC') {
      if (allowShortSecret) return cached(key, shortSecretSlot(entry), key, step, () => importShortSecret(key, entry, step));
      // Refused here, before the import, with the message for verification (naming allowShortSecret).
      return cached(key, entry.alg, key, step, () => {
        const problem = hmacVerifySizeProblem(lengthOf(key), entry, false);
        if (problem) throw new JoseKeyInvalid(problem, { step });
        return importSecretBytes(key, entry, false, step);
      });
    }
    // A secret is imported once for sign and verify together.
    return cached(key, entry.alg, key, step, () => importSecretBytes(key, entry, false, step));
  }
  if (typeof key === 'string') {
    throw new JoseKeyInvalid(
      'a string is never a key: encode an HMAC secret as a Uint8Array (e.g. new TextEncoder().encode(secret)), and import PEM with importSpki/importPkcs8/importX509',
      { step },
    );
  }
  if (isPlainObject(key)) {
    const snapshot = snapshotJwk(key, step);
    const fingerprint = jwkFingerprint(snapshot);
    const hmacVerify = usage === 'verify' && entry.family === 'HMAC';
    const make = hmacVerify
      ? () => importJwkToVerifyHmac(snapshot, entry, allowShortSecret, step)
      : () => importSnapshot(snapshot, entry, usage, false, step);
    const slot = hmacVerify && allowShortSecret ? shortSecretSlot(entry) : `${entry.alg}:${usage}`;
    return fingerprint === undefined ? make() : cached(key, slot, fingerprint, step, make);
  }
  if (isKeyObject(key)) {
    // KeyObjects are immutable: one export and import per (alg, usage), cached by identity.
    return cached(key, `${entry.alg}:${usage}`, 'KeyObject', step, async () => importSnapshot(snapshotJwk(keyObjectToJwk(key, step), step), entry, usage, false, step));
  }
  throw new JoseKeyInvalid(`expected a CryptoKey, a Uint8Array secret, a JWK object or a KeyObject, got ${kindOf(key)}`, { step });
}
