/**
 * The one verify core used by the compact, flattened and general serialisations: header rules,
 * payload decoding, key resolution, strict signature decoding, signature shape checks, and the
 * signature check itself, for one signature.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { algorithmForKey, type AlgorithmEntry } from '../jwa/algorithms.js';
import { copyBytes, isUint8Array } from '../encoding/bytes.js';
import { kindOf } from '../encoding/show.js';
import { isJoseError, JoseInvalidOptions, JoseKeyInvalid, JwsInvalid, JwsSignatureVerificationFailed } from '../errors.js';
import { errorText } from '../options.js';
import { toCryptoKey } from '../keys/normalize.js';
import type { SigningInput } from '../crypto/webcrypto.js';
import type { Key } from '../keys/types.js';
import { checkHeader, type JoseHeader } from './header.js';
import type { CompiledJwsOptions } from './options.js';
import { decodeSegment } from './segment.js';
import { encodeText, signingInput } from './sign.js';

/**
 * Picks the verification key from the token's header. Called only after the alg allowlist and
 * `crit` checks passed; `header` holds the protected and unprotected members joined.
 */
export type KeyResolver<T = unknown> = (header: JoseHeader, token: T) => Key | Promise<Key>;

/** A key, or a function that picks one from the header. */
export type KeyOrResolver<T = unknown> = Key | KeyResolver<T>;

/** Checks what the caller or the resolver gave as the key. */
function givenKey(given: unknown, entry: AlgorithmEntry, allowShortSecret: boolean): CryptoKey | Promise<CryptoKey> {
  if (given === undefined || given === null) throw new JoseKeyInvalid('no key was given (the key or resolver returned nothing)', { step: 'resolve key' });
  return toCryptoKey(given, entry, 'verify', 'resolve key', allowShortSecret);
}

function resolverFailed(err: unknown): never {
  if (isJoseError(err)) throw err;
  throw new JoseKeyInvalid(`the key resolver threw: ${errorText(err)}`, { step: 'resolve key', cause: err });
}

/**
 * Resolves and checks the verification key for `entry`: the key itself when it is at hand (a key
 * imported before), otherwise a promise.
 */
function resolveKey(
  keyOrResolver: unknown,
  header: JoseHeader,
  token: unknown,
  entry: AlgorithmEntry,
  allowShortSecret: boolean,
): CryptoKey | Promise<CryptoKey> {
  if (typeof keyOrResolver !== 'function') return givenKey(keyOrResolver, entry, allowShortSecret);
  let given: unknown;
  try {
    given = (keyOrResolver as KeyResolver)(header, token);
  } catch (err) {
    resolverFailed(err);
  }
  return isThenable(given)
    ? Promise.resolve(given).then((key) => givenKey(key, entry, allowShortSecret), resolverFailed)
    : givenKey(given, entry, allowShortSecret);
}

/** Whether a resolver's result must be awaited (a promise, or any thenable, as await would). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return true; // a throwing "then" getter: let the promise machinery report it as a rejection
  }
}

function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function isZero(a: Uint8Array): boolean {
  for (const byte of a) if (byte !== 0) return false;
  return true;
}

const rsaLengths = new WeakMap<CryptoKey, number>();

/** An RSA key's signature size in bytes, read once per key (CryptoKey#algorithm builds a new object on every read). */
function rsaSignatureLength(key: CryptoKey): number {
  let length = rsaLengths.get(key);
  if (length === undefined) {
    length = Math.ceil(((key.algorithm as RsaHashedKeyAlgorithm).modulusLength ?? 0) / 8);
    rsaLengths.set(key, length);
  }
  return length;
}

/** Why a signature cannot be valid for the algorithm and key, before asking the platform. */
function shapeProblem(entry: AlgorithmEntry, key: CryptoKey, signature: Uint8Array): string | undefined {
  const expected = entry.signatureLength ?? rsaSignatureLength(key);
  if (signature.length !== expected) {
    const hint = entry.family === 'ECDSA' && signature[0] === 0x30 ? ' (it looks DER-encoded; JWS uses the raw r‖s form)' : '';
    return `${entry.alg} signatures are ${expected} bytes, this one is ${signature.length}${hint}`;
  }
  if (entry.curveOrder) {
    const half = expected / 2;
    for (const [name, part] of [['r', signature.subarray(0, half)], ['s', signature.subarray(half)]] as const) {
      if (isZero(part)) return `ECDSA ${name} is zero`;
      if (!lessThan(part, entry.curveOrder)) return `ECDSA ${name} is not below the group order`;
    }
  }
  return undefined;
}

/**
 * Verifies `signature` over `input`, throwing JwsSignatureVerificationFailed with the reason.
 * `hint` is appended to the failure message (e.g. about a missing detached payload).
 */
export function verifySignature(
  entry: AlgorithmEntry,
  key: CryptoKey,
  signature: Uint8Array,
  input: SigningInput,
  hint = '',
): void | Promise<void> {
  const problem = shapeProblem(entry, key, signature);
  if (problem) throw new JwsSignatureVerificationFailed(problem, { step: 'verify signature' });
  const decide = (valid: boolean): void => {
    if (!valid) {
      throw new JwsSignatureVerificationFailed(`the ${entry.alg} signature does not match the key and signing input${hint}`, {
        step: 'verify signature',
      });
    }
  };
  // A backend may answer at once (node:crypto) or later (WebCrypto): no await when it need not.
  const verdict = backend.verify(entry, key, signature, input);
  return typeof verdict === 'boolean' ? decide(verdict) : verdict.then(decide);
}

/** One signature of a JWS in any serialisation, with its protected header already parsed. */
export interface SignatureParts {
  /** The protected header segment as sent ('' when there is none). */
  readonly protectedSegment: string;
  readonly protectedHeader: Record<string, unknown> | undefined;
  readonly unprotectedHeader: Record<string, unknown> | undefined;
  readonly signatureSegment: string;
}

/** Where the payload comes from: the JWS itself (a segment) or the caller (detached). */
export type PayloadSource = { readonly segment: string; readonly hint?: string } | { readonly detached: Uint8Array };

/**
 * The detached payload as bytes this call alone holds: copied before anything else runs (a
 * resolver, an await), so the payload a verify function returns is exactly the bytes whose
 * signature it checked. A string is encoded as UTF-8; an unpaired surrogate is refused.
 */
export function detachedBytes(detachedPayload: unknown): Uint8Array {
  if (typeof detachedPayload === 'string') return encodeText(detachedPayload, 'detachedPayload', JwsInvalid, 'decode payload');
  if (isUint8Array(detachedPayload)) return copyBytes(detachedPayload);
  throw new JoseInvalidOptions(`"detachedPayload" must be a Uint8Array or a string, got ${kindOf(detachedPayload)}`, { step: 'options' });
}

/** What a verified signature yields. */
export interface VerifiedSignature {
  readonly payload: Uint8Array;
  readonly header: JoseHeader;
  readonly key: CryptoKey;
  readonly b64: boolean;
}

/**
 * Verifies one signature: header rules (alg allowlist, crit, b64, disjoint headers), payload,
 * signature decoding, key resolution, shape checks, then the platform's verify.
 */
export function verifyJwsSignature(
  parts: SignatureParts,
  source: PayloadSource,
  keyOrResolver: unknown,
  options: CompiledJwsOptions,
  token: unknown,
): VerifiedSignature | Promise<VerifiedSignature> {
  const { header, entry, b64 } = checkHeader(parts.protectedHeader, parts.unprotectedHeader, options);
  let payload: Uint8Array;
  let input: SigningInput;
  let hint = '';
  if ('detached' in source) {
    payload = source.detached;
    input = signingInput(parts.protectedSegment, payload, b64);
  } else {
    payload = b64
      ? decodeSegment(source.segment, 'payload', 'decode payload', options.padding)
      : encodeText(source.segment, 'the unencoded payload', JwsInvalid, 'decode payload');
    // The segments as they appear (padded ones too, under allowPadding): what the signer signed.
    input = b64 ? `${parts.protectedSegment}.${source.segment}` : signingInput(parts.protectedSegment, payload, false);
    hint = source.hint ?? '';
  }
  const signature = decodeSegment(parts.signatureSegment, 'signature', 'decode signature', options.padding);
  // Without a promise in sight (a key at hand, node:crypto), the whole check runs synchronously.
  const withKey = (key: CryptoKey): VerifiedSignature | Promise<VerifiedSignature> => {
    // "EdDSA" names Ed25519 and Ed448 alike (RFC 8037 §3.1): the key says which, and so its signature size.
    const checked = verifySignature(algorithmForKey(entry, key), key, signature, input, hint);
    const verified: VerifiedSignature = { payload, header, key, b64 };
    return checked === undefined ? verified : checked.then(() => verified);
  };
  const key = resolveKey(keyOrResolver, header, token, entry, options.allowShortSecret);
  return key instanceof Promise ? key.then(withKey) : withKey(key);
}
