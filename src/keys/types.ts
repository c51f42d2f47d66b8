/**
 * Key types accepted across the API, and the type tests that tell them apart. The tests are
 * total: whatever they are given (a Proxy whose traps throw, an object with a throwing
 * `Symbol.toStringTag` getter, a revoked Proxy) they answer true or false and never throw, so
 * that a hostile value ends in a josekit error rather than a TypeError.
 *
 * @module
 */

import { isUint8Array } from '../encoding/bytes.js';

export { isUint8Array };

/**
 * The shape of WebCrypto's `CryptoKey` (W3C Web Cryptography API §13), for TypeScript projects
 * whose types declare none (`@types/node` without the DOM lib). In josekit's declarations,
 * `CryptoKey` is the platform's own type wherever the project's types declare one (the DOM lib,
 * Deno, workers types) and this shape otherwise, so keys stay keys: a string is never one, and a
 * key josekit returns can be passed to `crypto.subtle` and `node:crypto`'s webcrypto.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('ES256');
 * publicKey.algorithm.name; // 'ECDSA', with or without the DOM lib
 * ```
 */
export interface CryptoKeyShape {
  /** The WebCrypto algorithm the key belongs to (`name`, and its parameters). */
  readonly algorithm: { readonly name: string };
  /** Whether the key material may be exported. */
  readonly extractable: boolean;
  /** `secret` (HMAC), `public` or `private`. */
  readonly type: 'secret' | 'public' | 'private';
  /** The operations the key may be used for. */
  readonly usages: Array<'encrypt' | 'decrypt' | 'sign' | 'verify' | 'deriveKey' | 'deriveBits' | 'wrapKey' | 'unwrapKey'>;
}

/** A JSON Web Key (RFC 7517) of a signing key type. */
export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  ext?: boolean;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  k?: string;
  x5c?: string[];
  x5t?: string;
  'x5t#S256'?: string;
  x5u?: string;
  [member: string]: unknown;
}

/**
 * The part of Node's `KeyObject` josekit uses, described structurally so that the portable code
 * never imports `node:crypto`: its type and its own `export` method (JWK, and SPKI/PKCS#8 DER).
 */
export interface KeyObjectLike {
  readonly type: 'secret' | 'public' | 'private';
  /** The key as a JWK object. */
  export(options: { format: 'jwk' }): unknown;
  /** The key as SPKI (public) or PKCS#8 (private) DER bytes. */
  export(options: { type: 'spki' | 'pkcs8'; format: 'der' }): unknown;
}

/**
 * Anything josekit accepts as a key: a WebCrypto `CryptoKey`, a `Uint8Array` (only ever an HMAC
 * secret), a JWK object, or on Node a `KeyObject`. Strings are never keys: import PEM with
 * `importSpki`/`importPkcs8`.
 *
 * EdDSA public keys are refused when they are small-order points (with those, signatures made
 * without any private key verify). JWKs, KeyObjects and keys josekit imported or generated are
 * always checked; a public CryptoKey made elsewhere is checked by exporting it once, which
 * WebCrypto allows only when it is extractable. A non-extractable EdDSA public CryptoKey created
 * outside josekit cannot be checked and is refused: import public keys with josekit (or as
 * extractable).
 */
export type Key = CryptoKey | Uint8Array | Jwk | KeyObjectLike;


/** True for a Node KeyObject (duck-typed: its constructor is named KeyObject, or a subclass). */
export function isKeyObject(value: unknown): value is KeyObjectLike {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const candidate = value as Partial<KeyObjectLike> & { asymmetricKeyType?: unknown; symmetricKeySize?: unknown };
    const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    return (
      typeof candidate.export === 'function' &&
      (candidate.type === 'secret' || candidate.type === 'public' || candidate.type === 'private') &&
      typeof name === 'string' &&
      /KeyObject$/.test(name)
    );
  } catch {
    return false;
  }
}

/** What the key will be used for. */
export type KeyUsageKind = 'sign' | 'verify';

const CryptoKeyClass = (globalThis as { CryptoKey?: abstract new () => CryptoKey }).CryptoKey;

/**
 * True for a CryptoKey, also one from another realm (a VM context or an iframe). A look-alike
 * (an object claiming the CryptoKey tag) can pass; every reader of a CryptoKey's members
 * (checkCryptoKey, the backend) therefore treats them as untrusted too.
 */
export function isCryptoKey(value: unknown): value is CryptoKey {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (CryptoKeyClass !== undefined && value instanceof CryptoKeyClass) return true;
    return Object.prototype.toString.call(value) === '[object CryptoKey]';
  } catch {
    return false;
  }
}

/** True for an object that is not an array, a typed array, a CryptoKey or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
  } catch {
    // A revoked Proxy, or one whose getPrototypeOf trap throws.
    return false;
  }
}
