// Helpers of the attack corpus: keys made once per file, hand-made tokens (any header and payload
// text, signed with any raw key, so that attacks josekit's own signers refuse can be built),
// and the Object.prototype guard every file runs after each test.
import { createHmac } from 'node:crypto';
import { afterEach } from 'vitest';
import * as jose from 'josekit';
import { assertPrototypeUntouched, prototypeSnapshot } from '../property/support.js';

export { rejects } from '../portable/support.js';

/** Registers an afterEach that checks Object.prototype has not gained, lost or changed anything. */
export function guardPrototype(): void {
  const before = prototypeSnapshot();
  afterEach(() => assertPrototypeUntouched(before));
}

export const b64 = (data: Uint8Array | string): string =>
  (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64url');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const NOW = new Date('2026-06-01T12:00:00Z');

/** [class, code] pairs for rejects(…, ...X). */
export const SIG_FAILED = [jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'] as const;
export const INVALID = [jose.JwsInvalid, 'ERR_JWS_INVALID'] as const;
export const OPTIONS = [jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS'] as const;
export const KEY_INVALID = [jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID'] as const;
export const CLAIM_FAILED = [jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED'] as const;
/** Verify options for HS256 tokens checked against NOW; JWS_HS for the JWS functions, which take no claim options. */
export const HS: { algorithms: jose.JwsAlgorithm[]; currentDate: Date } = { algorithms: ['HS256'], currentDate: NOW };
export const JWS_HS: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['HS256'] };
export const T = Math.floor(NOW.getTime() / 1000);

/** HMAC-SHA-256 over `input` with any secret, even ones josekit refuses (empty, short, PEM text). */
export function hmac256(secret: Uint8Array | string, input: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret)).update(input).digest());
}

/** A compact token from header and payload texts, signed by `sign` over the signing input. */
export function compact(header: string | object, payload: string | object | Uint8Array, sign: (input: string) => Uint8Array): string {
  const h = b64(typeof header === 'string' ? header : JSON.stringify(header));
  const p = payload instanceof Uint8Array ? b64(payload) : b64(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return `${h}.${p}.${b64(sign(`${h}.${p}`))}`;
}

export interface Keys {
  secret: Uint8Array;
  rsa: { publicKey: CryptoKey; privateKey: CryptoKey; publicJwk: jose.Jwk; privateJwk: jose.Jwk; spki: string };
  es256: { publicKey: CryptoKey; privateKey: CryptoKey; publicJwk: jose.Jwk };
  es384: { publicKey: CryptoKey; privateKey: CryptoKey };
  es512: { publicKey: CryptoKey; privateKey: CryptoKey };
  ed25519: { publicKey: CryptoKey; privateKey: CryptoKey; publicJwk: jose.Jwk };
  attacker: { publicKey: CryptoKey; privateKey: CryptoKey; publicJwk: jose.Jwk };
}

let made: Promise<Keys> | undefined;

/** The victim's keys (and an attacker's ES256 pair), made once per test file. */
export function keys(): Promise<Keys> {
  made ??= (async () => {
    const rsa = await jose.generateKeyPair('RS256', { extractable: true });
    const es256 = await jose.generateKeyPair('ES256', { extractable: true });
    const es384 = await jose.generateKeyPair('ES384', { extractable: true });
    const es512 = await jose.generateKeyPair('ES512', { extractable: true });
    const ed25519 = await jose.generateKeyPair('EdDSA', { extractable: true });
    const attacker = await jose.generateKeyPair('ES256', { extractable: true });
    return {
      secret: crypto.getRandomValues(new Uint8Array(32)),
      rsa: { ...rsa, publicJwk: await jose.exportJwk(rsa.publicKey), privateJwk: await jose.exportJwk(rsa.privateKey), spki: await jose.exportSpki(rsa.publicKey) },
      es256: { ...es256, publicJwk: await jose.exportJwk(es256.publicKey) },
      es384,
      es512,
      ed25519: { ...ed25519, publicJwk: await jose.exportJwk(ed25519.publicKey) },
      attacker: { ...attacker, publicJwk: await jose.exportJwk(attacker.publicKey) },
    };
  })();
  return made;
}

/** Signs with a WebCrypto private key (ECDSA/EdDSA/RSA) over any input. */
export async function rawSign(key: CryptoKey, input: string, hash = 'SHA-256'): Promise<Uint8Array> {
  const name = key.algorithm.name;
  const params = name === 'ECDSA' ? { name, hash } : name === 'RSA-PSS' ? { name, saltLength: 32 } : { name };
  return new Uint8Array(await crypto.subtle.sign(params, key, utf8(input) as BufferSource));
}

/** An async variant of {@link compact} for WebCrypto keys. */
export async function compactWith(key: CryptoKey, header: string | object, payload: string | object, hash?: string): Promise<string> {
  const h = b64(typeof header === 'string' ? header : JSON.stringify(header));
  const p = b64(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return `${h}.${p}.${b64(await rawSign(key, `${h}.${p}`, hash))}`;
}

/** Claims that pass the default checks at {@link NOW}. */
export const CLAIMS = { sub: 'user-1', iat: T, exp: T + 600 };
