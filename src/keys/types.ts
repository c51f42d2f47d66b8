/**
 * Key types accepted across the API.
 *
 * @module
 */

export { isUint8Array } from '../encoding/bytes.js';

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
 * never imports `node:crypto`.
 */
export interface KeyObjectLike {
  readonly type: 'secret' | 'public' | 'private';
  export(options: { format: 'jwk' }): unknown;
}

/**
 * Anything josekit accepts as a key: a WebCrypto `CryptoKey`, a `Uint8Array` (only ever an HMAC
 * secret), a JWK object, or on Node a `KeyObject`. Strings are never keys: import PEM with
 * `importSpki`/`importPkcs8`.
 */
export type Key = CryptoKey | Uint8Array | Jwk | KeyObjectLike;

/** True for a Node KeyObject (duck-typed: its constructor is named KeyObject, or a subclass). */
export function isKeyObject(value: unknown): value is KeyObjectLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<KeyObjectLike> & { asymmetricKeyType?: unknown; symmetricKeySize?: unknown };
  return (
    typeof candidate.export === 'function' &&
    (candidate.type === 'secret' || candidate.type === 'public' || candidate.type === 'private') &&
    /KeyObject$/.test(Object.getPrototypeOf(value)?.constructor?.name ?? '')
  );
}

/** What the key will be used for. */
export type KeyUsageKind = 'sign' | 'verify';

/** True for a CryptoKey, also one from another realm (a VM context or an iframe). */
const CryptoKeyClass = (globalThis as { CryptoKey?: abstract new () => CryptoKey }).CryptoKey;

export function isCryptoKey(value: unknown): value is CryptoKey {
  if (CryptoKeyClass !== undefined && value instanceof CryptoKeyClass) return true;
  return Object.prototype.toString.call(value) === '[object CryptoKey]';
}

/** True for an object that is not an array, a typed array, a CryptoKey or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}
