// Compiled (never run) by test/package/run.mjs as an app that installed the packed josekit, under
// several module settings, with and without the DOM lib, and with @types/node 20, 22 and 24.
// Every @ts-expect-error line is a mistake the types must catch; tsc fails if one compiles.
import {
  JoseError,
  JwtExpired,
  createJwtVerifier,
  generateKeyPair,
  generateSecret,
  importJwk,
  signJwt,
  verifyJwt,
  type CryptoKey,
  type JoseErrorCode,
  type JwsAlgorithm,
  type JwtPayload,
  type Key,
} from 'josekit';
import * as web from 'josekit/web';

declare const key: CryptoKey;
declare const token: string;

// Keys stay typed without the DOM lib: a string is never a key, and a key has its members.
export const aKey: Key = key;
export const keyFacts: [string, boolean, 'secret' | 'public' | 'private', string[]] = [key.algorithm.name, key.extractable, key.type, key.usages];
export async function generated(): Promise<string> {
  const { publicKey } = await generateKeyPair('ES256');
  return publicKey.algorithm.name;
}
// @ts-expect-error an object with one member of a key is not a key
export const halfAKey: CryptoKey = { extractable: true };
// @ts-expect-error strings are never keys (import PEM with importSpki)
export const notAKey: Key = 'a string';
// @ts-expect-error a number is not a CryptoKey either
export const notACryptoKey: CryptoKey = 42;

// Algorithm names are a union: a misspelt one does not compile.
export const algorithms: JwsAlgorithm[] = ['ES256', 'EdDSA', 'HS256'];
// @ts-expect-error 'HS265' is no JWS algorithm
export const misspelt: JwsAlgorithm = 'HS265';

export async function mistakes(): Promise<void> {
  // @ts-expect-error misspelt alg in the allowlist
  await verifyJwt(token, key, { algorithms: ['HS265'] });
  // @ts-expect-error misspelt alg when signing
  await signJwt({}, key, { alg: 'RS257', expiresIn: '1h' });
  // @ts-expect-error misspelt alg when generating
  await generateKeyPair('ES257');
  // @ts-expect-error misspelt alg for a secret
  await generateSecret('HS255');
  // @ts-expect-error misspelt alg when importing
  await importJwk({ kty: 'EC' }, 'ES265');
}

// Error codes are a union, and each class's code is its literal.
export function status(err: JoseError): number {
  switch (err.code) {
    case 'ERR_JWT_EXPIRED':
      return 401;
    // @ts-expect-error misspelt code
    case 'ERR_JWT_EXPRIED':
      return 401;
    default:
      return 400;
  }
}
declare const expired: JwtExpired;
export const expiredCode: 'ERR_JWT_EXPIRED' = expired.code;
export const anyCode: JoseErrorCode = expired.code;
// @ts-expect-error a JwtExpired's code is not another class's
export const wrongCode: 'ERR_JWS_INVALID' = expired.code;

// validate receives T & JwtPayload.
export const verifier = createJwtVerifier<{ scope: string }>(key, {
  algorithms: ['ES256'],
  validate: (payload) => {
    const scope: string = payload.scope;
    const exp: number | undefined = payload.exp;
    // @ts-expect-error scope is a string
    const asNumber: number = payload.scope;
    return scope.length > 0 && exp !== undefined && asNumber > 0;
  },
});
export async function typedVerify(): Promise<JwtPayload & { scope: string }> {
  const { payload } = await verifyJwt<{ scope: string }>(token, key, { algorithms: ['ES256'], validate: (p) => p.scope === 'read' });
  return payload;
}

// signJwt takes claims typed by an interface (no index signature needed).
interface SessionClaims {
  sub: string;
  scope: string;
  roles: string[];
}
declare const claims: SessionClaims;
export const signed: Promise<string> = signJwt(claims, key, { alg: 'ES256', expiresIn: '15m' });

// josekit/web has the same API and types.
export const webKey: web.Key = key;
export const webVerify: typeof verifyJwt = web.verifyJwt;
// @ts-expect-error the same algorithm union
export const webAlg: web.JwsAlgorithm = 'none';
