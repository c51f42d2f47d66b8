/**
 * The crypto backend of the Node build: the same seam as `./webcrypto.js`, with sign, verify and
 * digest done by `node:crypto`, which is several times faster on Node than Node's own WebCrypto
 * (whose every call crosses to a thread pool and back). Keys stay CryptoKeys everywhere: they are
 * imported, checked, generated and exported through WebCrypto exactly as in every other runtime
 * (one set of rules), and each CryptoKey is turned into a `KeyObject` once, by `KeyObject.from`,
 * cached per key. Only the signature arithmetic moves.
 *
 * Selected by the package.json "node" export condition (built as `dist/node.*`); `josekit/web`
 * keeps WebCrypto on Node too.
 *
 * @module
 */

import { constants, createHash, createHmac, KeyObject, sign as nodeSign, timingSafeEqual, verify as nodeVerify } from 'node:crypto';
import { useNativeBase64url } from '../encoding/base64url.js';
import { algorithmForKey, type JwsAlgorithm } from '../jwa/algorithms.js';
import { translate, type SigningInput } from './webcrypto.js';

export { exportKey, generateKeyPair, generateSecret, importKey, randomBytes, requireSupported } from './webcrypto.js';

// Node has no Uint8Array.fromBase64 before v25: node:buffer does the arithmetic after the strict
// checks. Small results are views into Buffer's shared pool: josekit reads them internally, and
// copies bytes before handing them to a caller (see encoding/base64url.ts decode's contract).
useNativeBase64url(
  (input) => Buffer.from(input, 'base64url'),
  (input) => (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength)).toString('base64url'),
);

/** node:crypto's names of the JOSE hashes. */
const HASH = Object.assign(Object.create(null) as Record<string, string>, { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' });

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** The KeyObject of a CryptoKey, made once per key (KeyObject.from works on non-extractable keys too). */
function keyObjectOf(key: CryptoKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

type SignKey = KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' };

/** The digest name and key parameters node:crypto needs for one signature of `entry`'s family. */
function parameters(entry: JwsAlgorithm, key: CryptoKey): [string | null, SignKey] {
  const keyObject = keyObjectOf(key);
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

function hmac(entry: JwsAlgorithm, key: CryptoKey, data: SigningInput): Buffer {
  const mac = createHmac(HASH[entry.hash!]!, keyObjectOf(key));
  return (typeof data === 'string' ? mac.update(data, 'latin1') : mac.update(data)).digest();
}

/** An ASCII signing input as bytes (latin1 is one byte per character, and ASCII is latin1). */
const bytesOf = (data: SigningInput): Uint8Array => (typeof data === 'string' ? Buffer.from(data, 'latin1') : data);

/** Signs `data`; the key has already been checked against the algorithm (as in the WebCrypto backend). */
export async function sign(entry: JwsAlgorithm, key: CryptoKey, data: SigningInput): Promise<Uint8Array> {
  try {
    if (entry.family === 'HMAC') return hmac(entry, key, data);
    const [hash, signKey] = parameters(algorithmForKey(entry, key), key);
    return nodeSign(hash, bytesOf(data), signKey);
  } catch (err) {
    throw translate(err, 'sign', `${entry.alg} signing failed`);
  }
}

/** Verifies `signature` over `data`; the key has already been checked against the algorithm. */
export function verify(entry: JwsAlgorithm, key: CryptoKey, signature: Uint8Array, data: SigningInput): boolean {
  try {
    if (entry.family === 'HMAC') {
      const mac = hmac(entry, key, data);
      // Constant time: the comparison must not tell an attacker how many leading bytes matched.
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    }
    const [hash, verifyKey] = parameters(algorithmForKey(entry, key), key);
    return nodeVerify(hash, bytesOf(data), verifyKey, signature);
  } catch (err) {
    throw translate(err, 'verify signature', `${entry.alg} verification failed`);
  }
}

/** SHA-2 digest. */
export async function digest(hash: 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  return createHash(HASH[hash]!).update(data).digest();
}
