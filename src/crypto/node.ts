/**
 * The crypto backend of the Node build: the same seam as `./webcrypto.js`, with sign, verify and
 * digest done by `node:crypto`, which is several times faster on Node than Node's own WebCrypto
 * (whose every call crosses to a thread pool and back). Keys stay CryptoKeys everywhere: they are
 * imported, checked, generated and exported through WebCrypto exactly as in every other runtime
 * (one set of rules), and each gets a `KeyObject` twin made from the same material. Only the
 * signature arithmetic moves.
 *
 * Selected by the package.json "node" export condition (built as `dist/node.*`); `josekit/web`
 * keeps WebCrypto on Node too.
 *
 * @module
 */

import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
} from 'node:crypto';
import { useNativeBase64url } from '../encoding/base64url.js';
import { algorithmForKey, type AlgorithmEntry } from '../jwa/algorithms.js';
import * as web from './webcrypto.js';
import { translate, type SigningInput } from './webcrypto.js';

export { exportKey, randomBytes, requireSupported } from './webcrypto.js';

// Node has no Uint8Array.fromBase64 before v25: node:buffer does the arithmetic after the strict
// checks. Small results are views into Buffer's shared pool: josekit reads them internally, and
// copies bytes before handing them to a caller (see encoding/base64url.ts decode's contract).
useNativeBase64url(
  (input) => Buffer.from(input, 'base64url'),
  (input) => (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength)).toString('base64url'),
);

/** node:crypto's names of the JOSE hashes. */
const HASH = Object.assign(Object.create(null) as Record<string, string>, { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' });

/**
 * The KeyObject twin of each CryptoKey: made from the same material when the key is imported or
 * generated here, or by KeyObject.from for an extractable CryptoKey made elsewhere (Node
 * deprecates KeyObject.from on non-extractable keys). A key with no twin is signed and verified
 * by WebCrypto, correctly, only slower.
 */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObjectOf(key: CryptoKey): KeyObject | undefined {
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    try {
      if (key.extractable !== true) return undefined;
      keyObject = KeyObject.from(key);
    } catch {
      // Not a real CryptoKey (a look-alike, a throwing getter): WebCrypto refuses it, and its
      // refusal is translated into a JoseKeyInvalid like any other.
      return undefined;
    }
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/** The KeyObject for material WebCrypto has just accepted (so node:crypto reads the same key). */
function twinOf(format: 'raw' | 'jwk' | 'spki' | 'pkcs8', data: Uint8Array | JsonWebKey, isPrivate: boolean): KeyObject {
  if (format === 'raw') return createSecretKey(data as Uint8Array);
  if (format === 'spki') return createPublicKey({ key: Buffer.from(data as Uint8Array), format: 'der', type: 'spki' });
  if (format === 'pkcs8') return createPrivateKey({ key: Buffer.from(data as Uint8Array), format: 'der', type: 'pkcs8' });
  const jwk = data as JsonWebKey;
  if (jwk.kty === 'oct') return createSecretKey(Buffer.from(jwk.k!, 'base64url'));
  return isPrivate ? createPrivateKey({ key: jwk as never, format: 'jwk' }) : createPublicKey({ key: jwk as never, format: 'jwk' });
}

/** Imports through WebCrypto (every check and error as in the WebCrypto build), and keeps a KeyObject twin. */
export async function importKey(
  format: 'raw' | 'jwk' | 'spki' | 'pkcs8',
  data: Uint8Array | JsonWebKey,
  entry: AlgorithmEntry,
  usages: KeyUsage[],
  extractable: boolean,
): Promise<CryptoKey> {
  const key = await web.importKey(format, data, entry, usages, extractable);
  try {
    keyObjects.set(key, twinOf(format, data, key.type === 'private'));
  } catch {
    // node:crypto refused what WebCrypto took: this key stays on WebCrypto.
  }
  return key;
}

/** Generates through WebCrypto; the private key's twin comes from an extractable copy. */
export async function generateKeyPair(entry: AlgorithmEntry, extractable: boolean, modulusLength: number): Promise<CryptoKeyPair> {
  const pair = await web.generateKeyPair(entry, true, modulusLength);
  const privateTwin = KeyObject.from(pair.privateKey);
  keyObjects.set(pair.publicKey, KeyObject.from(pair.publicKey));
  if (extractable) {
    keyObjects.set(pair.privateKey, privateTwin);
    return pair;
  }
  // A non-extractable private key, as asked: the same key again, imported without export rights.
  const privateKey = await web.importKey('pkcs8', new Uint8Array(privateTwin.export({ format: 'der', type: 'pkcs8' })), entry, ['sign'], false);
  keyObjects.set(privateKey, privateTwin);
  return { publicKey: pair.publicKey, privateKey };
}

/** Generates an HMAC secret through WebCrypto, with its twin. */
export async function generateSecret(entry: AlgorithmEntry, extractable: boolean): Promise<CryptoKey> {
  const secret = await web.generateSecret(entry, true);
  const twin = KeyObject.from(secret);
  if (extractable) {
    keyObjects.set(secret, twin);
    return secret;
  }
  const key = await web.importKey('raw', new Uint8Array(twin.export()), entry, ['sign', 'verify'], false);
  keyObjects.set(key, twin);
  return key;
}

type SignKey = KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' };

/** The digest name and key parameters node:crypto needs for one signature of `entry`'s family. */
function parameters(entry: AlgorithmEntry, keyObject: KeyObject): [string | null, SignKey] {
  switch (entry.family) {
    case 'RSA-PSS':
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return [HASH[entry.hash!]!, { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: entry.signAlgorithm.saltLength! }];
    case 'ECDSA':
      // JWS carries r‖s (RFC 7518 §3.4), which node:crypto calls IEEE P1363.
      return [HASH[entry.hash!]!, { key: keyObject, dsaEncoding: 'ieee-p1363' }];
    case 'EdDSA':
      return [null, keyObject];
    default:
      return [HASH[entry.hash!]!, keyObject];
  }
}

function hmac(entry: AlgorithmEntry, keyObject: KeyObject, data: SigningInput): Buffer {
  const mac = createHmac(HASH[entry.hash!]!, keyObject);
  return (typeof data === 'string' ? mac.update(data, 'latin1') : mac.update(data)).digest();
}

/** An ASCII signing input as bytes (latin1 is one byte per character, and ASCII is latin1). */
const bytesOf = (data: SigningInput): Uint8Array => (typeof data === 'string' ? Buffer.from(data, 'latin1') : data);

/** Signs `data`; the key has already been checked against the algorithm (as in the WebCrypto backend). */
export async function sign(entry: AlgorithmEntry, key: CryptoKey, data: SigningInput): Promise<Uint8Array> {
  const keyObject = keyObjectOf(key);
  if (keyObject === undefined) return web.sign(entry, key, data);
  try {
    if (entry.family === 'HMAC') return hmac(entry, keyObject, data);
    const [hash, signKey] = parameters(algorithmForKey(entry, key), keyObject);
    return nodeSign(hash, bytesOf(data), signKey);
  } catch (err) {
    throw translate(err, 'sign', `${entry.alg} signing failed`);
  }
}

/** Verifies `signature` over `data`; the key has already been checked against the algorithm. */
export function verify(entry: AlgorithmEntry, key: CryptoKey, signature: Uint8Array, data: SigningInput): boolean | Promise<boolean> {
  const keyObject = keyObjectOf(key);
  if (keyObject === undefined) return web.verify(entry, key, signature, data);
  try {
    if (entry.family === 'HMAC') {
      const mac = hmac(entry, keyObject, data);
      // Constant time: the comparison must not tell an attacker how many leading bytes matched.
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    }
    const [hash, verifyKey] = parameters(algorithmForKey(entry, key), keyObject);
    return nodeVerify(hash, bytesOf(data), verifyKey, signature);
  } catch (err) {
    throw translate(err, 'verify signature', `${entry.alg} verification failed`);
  }
}

/** SHA-2 digest, or SHA-1 for X.509 `x5t` thumbprints only (never a signature hash here). */
export async function digest(hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  return createHash(HASH[hash]!).update(data).digest();
}
