// Shared helpers of the portable suite: keys per algorithm (made once), runtime feature probes,
// and a rejection matcher that checks class and code together.
import { expect } from 'vitest';
import * as jose from 'josekit';

export const ASYMMETRIC = jose.JWS_ALGORITHMS.filter((alg) => !alg.startsWith('HS'));
export const SYMMETRIC = jose.JWS_ALGORITHMS.filter((alg) => alg.startsWith('HS'));

/** The runtime's own answer, asked directly of WebCrypto, not of josekit. */
export async function platformSupports(alg: string): Promise<boolean> {
  if (alg !== 'Ed448') return true;
  try {
    await crypto.subtle.generateKey({ name: 'Ed448' }, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

export interface KeyPairFor {
  signKey: CryptoKey;
  verifyKey: CryptoKey;
  /** Exported JWKs (public and private; for HMAC both are the oct JWK). */
  publicJwk: jose.Jwk;
  privateJwk: jose.Jwk;
}

const pairs = new Map<string, Promise<KeyPairFor>>();

/** Extractable keys for an algorithm, generated once per run. */
export function keysFor(alg: jose.JwsAlgorithm): Promise<KeyPairFor> {
  let pair = pairs.get(alg);
  if (!pair) {
    pair = (async () => {
      if (alg.startsWith('HS')) {
        const secret = await jose.generateSecret(alg, { extractable: true });
        const jwk = await jose.exportJwk(secret);
        return { signKey: secret, verifyKey: secret, publicJwk: jwk, privateJwk: jwk };
      }
      const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
      return { signKey: privateKey, verifyKey: publicKey, publicJwk: await jose.exportJwk(publicKey), privateJwk: await jose.exportJwk(privateKey) };
    })();
    pairs.set(alg, pair);
  }
  return pair;
}

/** Asserts that `promise` rejects with an instance of `cls` carrying `code` (and the message pattern). */
export async function rejects(
  promise: Promise<unknown> | (() => unknown),
  cls: abstract new (...args: never[]) => jose.JoseError,
  code: string,
  message?: RegExp,
): Promise<jose.JoseError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    error = err;
  }
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(cls);
  expect((error as jose.JoseError).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
  return error as jose.JoseError;
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
export const bytes = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
