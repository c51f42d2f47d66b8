// Key handling: generation, export/import round trips, JWK and PEM rejections, CryptoKey
// binding, the JWK/secret import caches, and the RFC 8037 keys.
//
// PORTABLE: runs unchanged in Node, browsers, Deno, Bun, workerd and edge-runtime. Only vitest,
// josekit, ./support.js and JSON vectors are imported; nothing runtime-specific.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import rfc8037A1 from '../../vectors/rfc/rfc8037-A1.json';
import rfc8037A2 from '../../vectors/rfc/rfc8037-A2.json';
import rfc8037A4 from '../../vectors/rfc/rfc8037-A4.json';
import { ASYMMETRIC, SYMMETRIC, bytes, keysFor, platformSupports, rejects, text } from './support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const JWK_INVALID = 'ERR_JWK_INVALID';
const NOT_SUPPORTED = 'ERR_JOSE_NOT_SUPPORTED';
const INVALID_OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';
const VERIFICATION_FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';

/** What WebCrypto reports as `key.algorithm` for each JWS algorithm's keys. */
const KEY_ALGORITHM: Record<string, Record<string, unknown>> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' }, modulusLength: 2048 },
  RS384: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-384' }, modulusLength: 2048 },
  RS512: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-512' }, modulusLength: 2048 },
  PS256: { name: 'RSA-PSS', hash: { name: 'SHA-256' }, modulusLength: 2048 },
  PS384: { name: 'RSA-PSS', hash: { name: 'SHA-384' }, modulusLength: 2048 },
  PS512: { name: 'RSA-PSS', hash: { name: 'SHA-512' }, modulusLength: 2048 },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  ES512: { name: 'ECDSA', namedCurve: 'P-521' },
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
  Ed448: { name: 'Ed448' },
};

/** Members each kty's private JWK must carry (public JWKs: the same minus the private ones). */
const PRIVATE_MEMBERS: Record<string, string[]> = {
  RSA: ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['kty', 'crv', 'x', 'y', 'd'],
  OKP: ['kty', 'crv', 'x', 'd'],
  oct: ['kty', 'k'],
};
const PUBLIC_MEMBERS: Record<string, string[]> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};

/**
 * Ed448 is optional. Where the platform lacks it, josekit must say so with
 * ERR_JOSE_NOT_SUPPORTED; this asserts that and returns true so the caller stops there.
 */
async function ed448Unavailable(alg: jose.JwsAlgorithm): Promise<boolean> {
  if (await platformSupports(alg)) return false;
  await rejects(jose.generateKeyPair(alg), jose.JoseNotSupported, NOT_SUPPORTED);
  return true;
}

/** Signs with `signKey`, verifies with `verifyKey`, and returns the token. */
async function signAndVerify(alg: jose.JwsAlgorithm, signKey: jose.Key, verifyKey: jose.Key, message = `payload for ${alg}`): Promise<string> {
  const token = await jose.signCompact(message, signKey, { alg });
  const { payload, header } = await jose.verifyCompact(token, verifyKey, { algorithms: [alg] });
  expect(text(payload)).toBe(message);
  expect(header.alg).toBe(alg);
  return token;
}

/** A PEM's lines: BEGIN, base64 body in 64-character lines (the last may be shorter), END. */
function expectPem(pem: string, label: string): void {
  const lines = pem.trim().split('\n');
  expect(lines[0]).toBe(`-----BEGIN ${label}-----`);
  expect(lines[lines.length - 1]).toBe(`-----END ${label}-----`);
  const body = lines.slice(1, -1);
  expect(body.length).toBeGreaterThan(0);
  body.forEach((line, i) => {
    expect(line).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    if (i < body.length - 1) expect(line).toHaveLength(64);
    else expect(line.length).toBeLessThanOrEqual(64);
  });
}

/** A CryptoKey is recognised without instanceof (CryptoKey may come from another realm). */
function expectCryptoKey(key: unknown, type: KeyType): void {
  expect(Object.prototype.toString.call(key)).toBe('[object CryptoKey]');
  expect((key as CryptoKey).type).toBe(type);
}

const rsa1024 = (() => {
  let pair: Promise<CryptoKeyPair> | undefined;
  return (): Promise<CryptoKeyPair> =>
    (pair ??= crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    ) as Promise<CryptoKeyPair>);
})();

/** Replaces the PEM armour label of `pem` (the body is kept). */
const relabel = (pem: string, begin: string, end = begin): string =>
  pem.replace(/-----BEGIN [A-Z ]+-----/, `-----BEGIN ${begin}-----`).replace(/-----END [A-Z ]+-----/, `-----END ${end}-----`);

// RFC 8032 §7.4 "-----Blank" Ed448 key pair, as an OKP JWK (57-byte d and x).
const ED448_JWK: jose.Jwk = {
  kty: 'OKP',
  crv: 'Ed448',
  d: 'bIKlYsuAjRDWMr6JyFE-v2ySnzTd-oyfY8mWDvbjSKNSjIo_zC8ETjmj_FuUSS-PAy51SaIAmPlb',
  x: 'X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA',
};

// ---------------------------------------------------------------------------------------------

describe('generateKeyPair: key types and algorithms for every asymmetric alg', () => {
  for (const alg of ASYMMETRIC) {
    it(alg, async () => {
      if (await ed448Unavailable(alg)) return;
      const { publicKey, privateKey } = await jose.generateKeyPair(alg);
      expectCryptoKey(publicKey, 'public');
      expectCryptoKey(privateKey, 'private');
      expect(publicKey.algorithm).toMatchObject(KEY_ALGORITHM[alg]!);
      expect(privateKey.algorithm).toMatchObject(KEY_ALGORITHM[alg]!);
      expect(publicKey.usages).toEqual(['verify']);
      expect(privateKey.usages).toEqual(['sign']);
      expect(publicKey.extractable).toBe(true);
      await signAndVerify(alg, privateKey, publicKey);
    });
  }
});

describe('generateKeyPair: private keys are not extractable unless asked', () => {
  for (const alg of ASYMMETRIC) {
    it(alg, async () => {
      if (await ed448Unavailable(alg)) return;
      const { publicKey, privateKey } = await jose.generateKeyPair(alg);
      expect(privateKey.extractable).toBe(false);
      await rejects(jose.exportPkcs8(privateKey), jose.JoseKeyInvalid, KEY_INVALID, /extractable/);
      await rejects(jose.exportJwk(privateKey), jose.JoseKeyInvalid, KEY_INVALID, /extractable/);
      // The public key still exports.
      expectPem(await jose.exportSpki(publicKey), 'PUBLIC KEY');
      const extractable = await jose.generateKeyPair(alg, { extractable: true });
      expect(extractable.privateKey.extractable).toBe(true);
      expectPem(await jose.exportPkcs8(extractable.privateKey), 'PRIVATE KEY');
    });
  }

  it('rejects a non-boolean "extractable"', async () => {
    await rejects(jose.generateKeyPair('ES256', { extractable: 'yes' as unknown as boolean }), jose.JoseInvalidOptions, INVALID_OPTIONS);
    await rejects(jose.generateSecret('HS256', { extractable: 1 as unknown as boolean }), jose.JoseInvalidOptions, INVALID_OPTIONS);
  });
});

describe('generateKeyPair: RSA modulusLength', () => {
  it('defaults to 2048 bits', async () => {
    const { publicKey } = await jose.generateKeyPair('RS256');
    expect((publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
  });

  it('accepts 3072 bits, and the key signs', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('PS256', { modulusLength: 3072 });
    expect((publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(3072);
    const token = await signAndVerify('PS256', privateKey, publicKey);
    expect(jose.base64url.decode(token.split('.')[2]!)).toHaveLength(384);
  });

  it('rejects 1024, 2047 and the string "2048"', async () => {
    for (const modulusLength of [1024, 2047, '2048' as unknown as number]) {
      await rejects(jose.generateKeyPair('RS256', { modulusLength }), jose.JoseInvalidOptions, INVALID_OPTIONS, /modulusLength/);
    }
  });
});

describe('generateKeyPair / generateSecret: wrong or unknown algorithms', () => {
  it('generateKeyPair("HS256") is refused: HMAC uses generateSecret', async () => {
    await rejects(jose.generateKeyPair('HS256'), jose.JoseInvalidOptions, INVALID_OPTIONS, /generateSecret/);
  });

  it('generateSecret("RS256") is refused: RSA uses generateKeyPair', async () => {
    await rejects(jose.generateSecret('RS256'), jose.JoseInvalidOptions, INVALID_OPTIONS, /generateKeyPair/);
  });

  it('"none" is never a signing algorithm', async () => {
    // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateKeyPair('none'), jose.JoseInvalidOptions, INVALID_OPTIONS, /none/);
    // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateSecret('none'), jose.JoseInvalidOptions, INVALID_OPTIONS, /none/);
  });

  it('an unknown alg (ES256K) is not supported', async () => {
    // @ts-expect-error ES256K is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateKeyPair('ES256K'), jose.JoseNotSupported, NOT_SUPPORTED, /ES256K/);
    // @ts-expect-error HS1 is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateSecret('HS1'), jose.JoseNotSupported, NOT_SUPPORTED);
    // Names of Object.prototype members never resolve to an algorithm.
    for (const alg of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      // @ts-expect-error a prototype member's name is not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.generateKeyPair(alg), jose.JoseNotSupported, NOT_SUPPORTED);
    }
    // Case matters: "es256" is not ES256.
    // @ts-expect-error "es256" is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateKeyPair('es256'), jose.JoseNotSupported, NOT_SUPPORTED);
  });

  it('a non-string alg is an options error', async () => {
    // @ts-expect-error a number is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.generateKeyPair(256), jose.JoseInvalidOptions, INVALID_OPTIONS, /string/);
    // @ts-expect-error the alg is required: the runtime refusal is what is tested
    await rejects(jose.generateSecret(undefined), jose.JoseInvalidOptions, INVALID_OPTIONS, /string/);
  });
});

describe('generateSecret: secret sizes', () => {
  const sizes: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
  for (const alg of SYMMETRIC) {
    it(`${alg} makes a ${sizes[alg]}-byte secret`, async () => {
      const secret = await jose.generateSecret(alg, { extractable: true });
      expectCryptoKey(secret, 'secret');
      expect(secret.algorithm).toMatchObject({ name: 'HMAC', hash: { name: `SHA-${alg.slice(2)}` } });
      const jwk = await jose.exportJwk(secret);
      expect(jwk.kty).toBe('oct');
      expect(jose.base64url.decode(jwk.k!)).toHaveLength(sizes[alg]!);
      // Not extractable by default.
      const hidden = await jose.generateSecret(alg);
      expect(hidden.extractable).toBe(false);
      await rejects(jose.exportJwk(hidden), jose.JoseKeyInvalid, KEY_INVALID);
    });
  }
});

describe('export/import round trips: JWK, for every alg', () => {
  for (const alg of jose.JWS_ALGORITHMS) {
    it(alg, async () => {
      if (await ed448Unavailable(alg)) return;
      const { signKey, verifyKey, publicJwk, privateJwk } = await keysFor(alg);
      for (const jwk of [publicJwk, privateJwk]) {
        expect(jwk).not.toHaveProperty('ext');
        expect(jwk).not.toHaveProperty('key_ops');
        expect(jwk).not.toHaveProperty('alg');
      }
      expect(Object.keys(privateJwk).sort()).toEqual([...PRIVATE_MEMBERS[privateJwk.kty]!].sort());
      if (privateJwk.kty !== 'oct') expect(Object.keys(publicJwk).sort()).toEqual([...PUBLIC_MEMBERS[publicJwk.kty]!].sort());

      const importedSign = await jose.importJwk(privateJwk, alg, { extractable: true });
      const importedVerify = await jose.importJwk(publicJwk, alg, { extractable: true });
      // Same material: re-exporting gives the same JWKs.
      expect(await jose.exportJwk(importedSign)).toEqual(privateJwk);
      expect(await jose.exportJwk(importedVerify)).toEqual(publicJwk);
      // Imported keys interoperate with the originals both ways.
      await signAndVerify(alg, importedSign, verifyKey);
      await signAndVerify(alg, signKey, importedVerify);
      // And the JWK objects themselves work as keys; a private JWK also verifies (its public part).
      await signAndVerify(alg, privateJwk, publicJwk);
      await signAndVerify(alg, signKey, privateJwk);
    });
  }
});

describe('export/import round trips: SPKI and PKCS#8 PEM, for every asymmetric alg', () => {
  for (const alg of ASYMMETRIC) {
    it(alg, async () => {
      if (await ed448Unavailable(alg)) return;
      const { signKey, verifyKey } = await keysFor(alg);
      const spki = await jose.exportSpki(verifyKey);
      const pkcs8 = await jose.exportPkcs8(signKey);
      expectPem(spki, 'PUBLIC KEY');
      expectPem(pkcs8, 'PRIVATE KEY');
      const importedVerify = await jose.importSpki(spki, alg, { extractable: true });
      const importedSign = await jose.importPkcs8(pkcs8, alg, { extractable: true });
      expectCryptoKey(importedVerify, 'public');
      expectCryptoKey(importedSign, 'private');
      expect(importedSign.extractable).toBe(true);
      expect(await jose.exportSpki(importedVerify)).toBe(spki);
      expect(await jose.exportPkcs8(importedSign)).toBe(pkcs8);
      await signAndVerify(alg, importedSign, verifyKey);
      await signAndVerify(alg, signKey, importedVerify);
      // Imports are not extractable by default.
      const hidden = await jose.importPkcs8(pkcs8, alg);
      expect(hidden.extractable).toBe(false);
    });
  }

  it('export functions refuse anything but a CryptoKey', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.exportJwk(publicJwk as unknown as CryptoKey), jose.JoseKeyInvalid, KEY_INVALID, /CryptoKey/);
    await rejects(jose.exportSpki(new Uint8Array(32) as unknown as CryptoKey), jose.JoseKeyInvalid, KEY_INVALID, /CryptoKey/);
    await rejects(jose.exportPkcs8('pem' as unknown as CryptoKey), jose.JoseKeyInvalid, KEY_INVALID, /CryptoKey/);
  });

  it('exportSpki refuses a private key and exportPkcs8 a public key', async () => {
    const { signKey, verifyKey } = await keysFor('ES256');
    await rejects(jose.exportSpki(signKey), jose.JoseKeyInvalid, KEY_INVALID, /public/);
    await rejects(jose.exportPkcs8(verifyKey), jose.JoseKeyInvalid, KEY_INVALID, /private/);
  });
});

describe('export/import round trips: raw HMAC secrets', () => {
  const secret32 = new Uint8Array(32).map((_, i) => i);

  it('importSecret takes a 32-byte Uint8Array and the key signs HS256', async () => {
    const key = await jose.importSecret(secret32, 'HS256');
    expectCryptoKey(key, 'secret');
    expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 });
    const token = await signAndVerify('HS256', key, secret32);
    // The raw bytes and the imported key make the same (deterministic) MAC.
    expect(await jose.signCompact('payload for HS256', secret32, { alg: 'HS256' })).toBe(token);
  });

  it('importSecret refuses a secret shorter than the hash, and a string', async () => {
    await rejects(jose.importSecret(new Uint8Array(47), 'HS384'), jose.JoseKeyInvalid, KEY_INVALID, /48/);
    await rejects(jose.importSecret('a'.repeat(64) as unknown as Uint8Array, 'HS256'), jose.JoseKeyInvalid, KEY_INVALID);
  });

  it('exportJwk(Uint8Array) gives an oct JWK', async () => {
    expect(await jose.exportJwk(secret32)).toStrictEqual({ kty: 'oct', k: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8' });
    const jwk = await jose.exportJwk(secret32);
    const imported = await jose.importJwk(jwk, 'HS256', { extractable: true });
    expect(await jose.exportJwk(imported)).toEqual(jwk);
    await signAndVerify('HS256', imported, secret32);
  });
});

describe('importJwk rejections: key does not fit the algorithm (ERR_JOSE_KEY_INVALID)', () => {
  it('kty mismatch: an RSA JWK for ES256', async () => {
    const { publicJwk } = await keysFor('RS256');
    await rejects(jose.importJwk(publicJwk, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /kty/);
  });

  it('crv mismatch: a P-384 JWK for ES256', async () => {
    const { publicJwk } = await keysFor('ES384');
    await rejects(jose.importJwk(publicJwk, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /crv/);
  });

  it('jwk.alg mismatch', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, alg: 'ES384' }, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /ES384/);
    const rsa = (await keysFor('RS256')).publicJwk;
    await rejects(jose.importJwk({ ...rsa, alg: 'RS256' }, 'PS256'), jose.JoseKeyInvalid, KEY_INVALID, /RS256/);
    // A matching alg and use "sig" are fine.
    expectCryptoKey(await jose.importJwk({ ...publicJwk, alg: 'ES256', use: 'sig' }, 'ES256'), 'public');
  });

  it('use "enc"', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, use: 'enc' }, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /use/);
  });

  it('a public JWK with key_ops ["sign"] cannot verify', async () => {
    const { publicJwk, signKey } = await keysFor('ES256');
    const jwk = { ...publicJwk, key_ops: ['sign'] };
    await rejects(jose.importJwk(jwk, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/);
    const token = await jose.signCompact('x', signKey, { alg: 'ES256' });
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/);
    // With key_ops ["verify"] it verifies.
    await jose.verifyCompact(token, { ...publicJwk, key_ops: ['verify'] }, { algorithms: ['ES256'] });
  });

  it('an oct secret shorter than the hash: 31 bytes for HS256, 63 for HS512', async () => {
    const oct = (n: number): jose.Jwk => ({ kty: 'oct', k: jose.base64url.encode(new Uint8Array(n).fill(1)) });
    await rejects(jose.importJwk(oct(31), 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /32/);
    await rejects(jose.importJwk(oct(63), 'HS512'), jose.JoseKeyInvalid, KEY_INVALID, /64/);
    await rejects(jose.importJwk(oct(32), 'HS384'), jose.JoseKeyInvalid, KEY_INVALID, /48/);
    // The boundary sizes import.
    expectCryptoKey(await jose.importJwk(oct(32), 'HS256'), 'secret');
    expectCryptoKey(await jose.importJwk(oct(64), 'HS512'), 'secret');
  });

  it('an RSA key under 2048 bits', async () => {
    const { publicKey, privateKey } = await rsa1024();
    const publicJwk = (await crypto.subtle.exportKey('jwk', publicKey)) as jose.Jwk;
    const privateJwk = (await crypto.subtle.exportKey('jwk', privateKey)) as jose.Jwk;
    await rejects(jose.importJwk(publicJwk, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /2048/);
    await rejects(jose.importJwk(privateJwk, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /2048/);
  });

  it('an RSA exponent of 1 or an even exponent', async () => {
    const { publicJwk } = await keysFor('RS256');
    expect(publicJwk.e).toBe('AQAB');
    await rejects(jose.importJwk({ ...publicJwk, e: 'AQ' }, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /exponent/);
    await rejects(jose.importJwk({ ...publicJwk, e: 'Ag' }, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /exponent/);
  });

  it('key_ops that allow neither sign nor verify', async () => {
    const { publicJwk, privateJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, key_ops: [] }, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/);
    await rejects(jose.importJwk({ ...privateJwk, key_ops: ['encrypt'] }, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/);
    // A private JWK restricted to "verify" imports as the public verification key.
    expectCryptoKey(await jose.importJwk({ ...privateJwk, key_ops: ['verify'] }, 'ES256'), 'public');
  });

  it('a public JWK passed to signCompact', async () => {
    for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
      const { publicJwk } = await keysFor(alg);
      await rejects(jose.signCompact('x', publicJwk, { alg }), jose.JoseKeyInvalid, KEY_INVALID, /private/);
    }
  });
});

describe('importJwk rejections: structurally broken JWKs (ERR_JWK_INVALID)', () => {
  it('key_ops that is not an array', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, key_ops: 'verify' as unknown as string[] }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /key_ops/);
  });

  it('key_ops with a repeated value', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, key_ops: ['verify', 'verify'] }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /key_ops/);
  });

  it('a missing member: EC without "y", RSA without "e", oct without "k"', async () => {
    const { y: _y, ...noY } = (await keysFor('ES256')).publicJwk;
    await rejects(jose.importJwk(noY as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /"y"/);
    const { e: _e, ...noE } = (await keysFor('RS256')).publicJwk;
    await rejects(jose.importJwk(noE as jose.Jwk, 'RS256'), jose.JwkInvalid, JWK_INVALID, /"e"/);
    await rejects(jose.importJwk({ kty: 'oct' }, 'HS256'), jose.JwkInvalid, JWK_INVALID, /"k"/);
  });

  it('a padded (non-canonical) base64url member', async () => {
    const { publicJwk } = await keysFor('ES256');
    await rejects(jose.importJwk({ ...publicJwk, x: `${publicJwk.x}=` }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /"x"/);
    const ed = (await keysFor('EdDSA')).publicJwk;
    await rejects(jose.importJwk({ ...ed, x: `${ed.x}=` }, 'EdDSA'), jose.JwkInvalid, JWK_INVALID, /"x"/);
    // Standard-alphabet base64 ("+" and "/") is not base64url either.
    await rejects(jose.importJwk({ ...ed, x: ed.x!.replace(/-/g, '+').replace(/_/g, '/').replace(/^./, '+') }, 'EdDSA'), jose.JwkInvalid, JWK_INVALID);
  });

  it('a coordinate of the wrong length', async () => {
    const { publicJwk } = await keysFor('ES256');
    const p384 = (await keysFor('ES384')).publicJwk;
    // 48-byte x on a P-256 key.
    await rejects(jose.importJwk({ ...publicJwk, x: p384.x }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /32/);
    // 31-byte y.
    const shortY = jose.base64url.encode(jose.base64url.decode(publicJwk.y!).subarray(1));
    await rejects(jose.importJwk({ ...publicJwk, y: shortY }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /"y"/);
    // 33-byte Ed25519 x.
    const ed = (await keysFor('EdDSA')).publicJwk;
    const longX = jose.base64url.encode(new Uint8Array([0, ...jose.base64url.decode(ed.x!)]));
    await rejects(jose.importJwk({ ...ed, x: longX }, 'EdDSA'), jose.JwkInvalid, JWK_INVALID, /"x"/);
  });

  it('members of the wrong type: kty missing, alg/x not strings, ext not a boolean', async () => {
    const { publicJwk } = await keysFor('ES256');
    const { kty: _kty, ...noKty } = publicJwk;
    await rejects(jose.importJwk(noKty as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /kty/);
    await rejects(jose.importJwk({ ...publicJwk, alg: 256 } as unknown as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /alg/);
    await rejects(jose.importJwk({ ...publicJwk, x: 1 } as unknown as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /"x"/);
    await rejects(jose.importJwk({ ...publicJwk, ext: 'true' } as unknown as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /ext/);
  });

  it('a private "d" of the wrong length', async () => {
    await rejects(jose.importJwk({ ...rfc8037A1.jwk, d: 'AAAA' }, 'EdDSA'), jose.JwkInvalid, JWK_INVALID, /"d"/);
    const { privateJwk } = await keysFor('ES384');
    const short = jose.base64url.encode(jose.base64url.decode(privateJwk.d!).subarray(2));
    await rejects(jose.importJwk({ ...privateJwk, d: short }, 'ES384'), jose.JwkInvalid, JWK_INVALID, /"d"/);
  });

  it('an RSA private JWK with only some of the CRT members (q missing)', async () => {
    // RFC 7518 §6.3.2: once any of p, q, dp, dq, qi is present all of them must be; the JWK is
    // structurally broken, so the error names the missing member rather than WebCrypto's refusal.
    const { q: _q, ...noQ } = (await keysFor('RS256')).privateJwk;
    await rejects(jose.importJwk(noQ as jose.Jwk, 'RS256'), jose.JwkInvalid, JWK_INVALID, /"q"/);
  });

  it('a class instance is not a JWK', async () => {
    const { publicJwk } = await keysFor('ES256');
    class NotJson {
      kty = publicJwk.kty;
      crv = publicJwk.crv;
      x = publicJwk.x;
      y = publicJwk.y;
    }
    await rejects(jose.importJwk(new NotJson() as unknown as jose.Jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /plain/);
    // A null-prototype object (JSON.parse output re-homed) is fine.
    expectCryptoKey(await jose.importJwk(Object.assign(Object.create(null), publicJwk), 'ES256'), 'public');
  });

  it('not an object', async () => {
    for (const value of [null, undefined, 'a JWK', 42, [], new Uint8Array(32)]) {
      await rejects(jose.importJwk(value as unknown as jose.Jwk, 'HS256'), jose.JwkInvalid, JWK_INVALID, /object/);
    }
  });
});

describe('importJwk rejections: unsupported JWKs (ERR_JOSE_NOT_SUPPORTED)', () => {
  it('a multi-prime RSA JWK ("oth")', async () => {
    const { privateJwk } = await keysFor('RS256');
    const oth = [{ r: privateJwk.p, d: privateJwk.dp, t: privateJwk.qi }];
    await rejects(jose.importJwk({ ...privateJwk, oth }, 'RS256'), jose.JoseNotSupported, NOT_SUPPORTED, /oth/);
  });

  it('an unknown kty', async () => {
    await rejects(jose.importJwk({ kty: 'foo', k: 'AAAA' }, 'HS256'), jose.JoseNotSupported, NOT_SUPPORTED, /foo/);
  });

  it('an unknown alg', async () => {
    const { publicJwk } = await keysFor('ES256');
    // @ts-expect-error ES256K is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.importJwk(publicJwk, 'ES256K'), jose.JoseNotSupported, NOT_SUPPORTED);
  });
});

describe('Ed448: full support where the platform has it, ERR_JOSE_NOT_SUPPORTED elsewhere', () => {
  it('generateKeyPair and importJwk of the RFC 8032 Ed448 key', async () => {
    const { d: _d, ...publicJwk } = ED448_JWK;
    if (!(await platformSupports('Ed448'))) {
      await rejects(jose.generateKeyPair('Ed448'), jose.JoseNotSupported, NOT_SUPPORTED, /Ed448/);
      await rejects(jose.importJwk(ED448_JWK, 'Ed448'), jose.JoseNotSupported, NOT_SUPPORTED, /Ed448/);
      await rejects(jose.importJwk(publicJwk as jose.Jwk, 'Ed448'), jose.JoseNotSupported, NOT_SUPPORTED, /Ed448/);
      return;
    }
    const signKey = await jose.importJwk(ED448_JWK, 'Ed448');
    const verifyKey = await jose.importJwk(publicJwk as jose.Jwk, 'Ed448');
    expect(signKey.algorithm.name).toBe('Ed448');
    const token = await signAndVerify('Ed448', signKey, verifyKey);
    expect(jose.base64url.decode(token.split('.')[2]!)).toHaveLength(114);
    // An Ed25519 key is not an Ed448 key.
    await rejects(jose.importJwk(rfc8037A2.jwk, 'Ed448'), jose.JoseKeyInvalid, KEY_INVALID, /crv/);
  });
});

describe('"EdDSA" with Ed448 keys (RFC 8037 §3.1; RFC 9864 deprecates the name without narrowing it)', () => {
  const { d: _d, ...ED448_PUBLIC } = ED448_JWK;

  it('importJwk, importSpki and importPkcs8 take Ed448 keys for "EdDSA" where the runtime has Ed448', async () => {
    if (!(await platformSupports('Ed448'))) {
      await rejects(jose.importJwk(ED448_PUBLIC as jose.Jwk, 'EdDSA'), jose.JoseNotSupported, NOT_SUPPORTED, /EdDSA with an Ed448 key/);
      await rejects(jose.importJwk(ED448_JWK, 'EdDSA'), jose.JoseNotSupported, NOT_SUPPORTED, /Ed448/);
      return;
    }
    const verifyKey = await jose.importJwk(ED448_PUBLIC as jose.Jwk, 'EdDSA', { extractable: true });
    const signKey = await jose.importJwk(ED448_JWK, 'EdDSA', { extractable: true });
    expectCryptoKey(verifyKey, 'public');
    expectCryptoKey(signKey, 'private');
    expect(verifyKey.algorithm.name).toBe('Ed448');
    expect(signKey.algorithm.name).toBe('Ed448');
    expect(await jose.exportJwk(verifyKey)).toEqual(ED448_PUBLIC);
    const spki = await jose.exportSpki(verifyKey);
    const pkcs8 = await jose.exportPkcs8(signKey);
    expect((await jose.importSpki(spki, 'EdDSA')).algorithm.name).toBe('Ed448');
    expect((await jose.importPkcs8(pkcs8, 'EdDSA')).algorithm.name).toBe('Ed448');
    // A JWK that names its alg as "EdDSA" is fine; one that says "Ed448" is bound to "Ed448".
    await jose.importJwk({ ...ED448_PUBLIC, alg: 'EdDSA' } as jose.Jwk, 'EdDSA');
    await rejects(jose.importJwk({ ...ED448_PUBLIC, alg: 'Ed448' } as jose.Jwk, 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /"Ed448", not "EdDSA"/);
  });

  it('"Ed25519" and "Ed448" take only their own curve, in every key format', async () => {
    await rejects(jose.importJwk(ED448_PUBLIC as jose.Jwk, 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, /crv "Ed448"; Ed25519 needs crv "Ed25519"/);
    await rejects(jose.importJwk(rfc8037A2.jwk, 'Ed448'), jose.JoseKeyInvalid, KEY_INVALID, /crv "Ed25519"; Ed448 needs crv "Ed448"/);
    // Other curves are not EdDSA curves at all.
    await rejects(jose.importJwk({ ...rfc8037A2.jwk, crv: 'X25519' }, 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /needs crv "Ed25519" or "Ed448"/);
    const ed25519 = await keysFor('Ed25519');
    await rejects(jose.importSpki(await jose.exportSpki(ed25519.verifyKey), 'Ed448'), jose.JoseKeyInvalid, KEY_INVALID, /Ed25519 key; Ed448 needs an Ed448 key/);
    if (!(await platformSupports('Ed448'))) return;
    const ed448 = await keysFor('Ed448');
    await rejects(jose.importSpki(await jose.exportSpki(ed448.verifyKey), 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, /Ed448 key; Ed25519 needs an Ed25519 key/);
    await rejects(jose.importPkcs8(await jose.exportPkcs8(ed448.signKey), 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, /Ed448 key/);
    await rejects(jose.signCompact('x', ed448.signKey, { alg: 'Ed25519' }), jose.JoseKeyInvalid, KEY_INVALID, /Ed448 key; Ed25519 needs a Ed25519 key/);
    await rejects(jose.signCompact('x', ed25519.signKey, { alg: 'Ed448' }), jose.JoseKeyInvalid, KEY_INVALID, /Ed25519 key; Ed448 needs a Ed448 key/);
  });

  it('generateKeyPair("EdDSA") still makes an Ed25519 pair', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('EdDSA');
    expect(publicKey.algorithm.name).toBe('Ed25519');
    expect(privateKey.algorithm.name).toBe('Ed25519');
  });

  it('an Ed448 key signs under "EdDSA" (114-byte signatures, header alg "EdDSA")', async () => {
    if (await ed448Unavailable('Ed448')) return;
    const { signKey, privateJwk } = await keysFor('Ed448');
    for (const sign of [signKey, privateJwk]) {
      const token = await jose.signCompact('payload for EdDSA/Ed448', sign, { alg: 'EdDSA' });
      expect(JSON.parse(text(jose.base64url.decode(token.split('.')[0]!)))).toEqual({ alg: 'EdDSA' });
      expect(jose.base64url.decode(token.split('.')[2]!)).toHaveLength(114);
      // An "EdDSA" token is not an "Ed448" token.
      await rejects(jose.verifyCompact(token, (await keysFor('Ed448')).verifyKey, { algorithms: ['Ed448'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('an EdDSA token signed with an Ed448 key verifies (CryptoKey and JWK), and not with an Ed25519 key', async () => {
    // Needs the verify core to take the signature size from algorithmForKey (114 bytes for Ed448).
    if (await ed448Unavailable('Ed448')) return;
    const { signKey, verifyKey, privateJwk, publicJwk } = await keysFor('Ed448');
    for (const [sign, verify] of [
      [signKey, verifyKey],
      [privateJwk, publicJwk],
    ] as const) {
      const token = await jose.signCompact('payload for EdDSA/Ed448', sign, { alg: 'EdDSA' });
      const { payload, header } = await jose.verifyCompact(token, verify, { algorithms: ['EdDSA'] });
      expect(text(payload)).toBe('payload for EdDSA/Ed448');
      expect(header.alg).toBe('EdDSA');
      await rejects(jose.verifyCompact(token, (await keysFor('Ed25519')).verifyKey, { algorithms: ['EdDSA'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
    }
  });
});

describe('PEM rejections', () => {
  it('importSpki given a PKCS#8 PEM names importPkcs8', async () => {
    const pkcs8 = await jose.exportPkcs8((await keysFor('ES256')).signKey);
    await rejects(jose.importSpki(pkcs8, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importPkcs8/);
  });

  it('importPkcs8 given an SPKI PEM names importSpki', async () => {
    const spki = await jose.exportSpki((await keysFor('ES256')).verifyKey);
    await rejects(jose.importPkcs8(spki, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importSpki/);
  });

  it('PKCS#1 and SEC1 private keys name the openssl conversion', async () => {
    const pkcs8 = await jose.exportPkcs8((await keysFor('RS256')).signKey);
    for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY']) {
      const pem = relabel(pkcs8, label);
      await rejects(jose.importSpki(pem, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /openssl/);
      await rejects(jose.importPkcs8(pem, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /openssl pkcs8/);
    }
  });

  it('a CERTIFICATE names importX509', async () => {
    const cert = relabel(await jose.exportSpki((await keysFor('ES256')).verifyKey), 'CERTIFICATE');
    await rejects(jose.importSpki(cert, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importX509/);
  });

  it('garbage and non-PEM text', async () => {
    await rejects(jose.importSpki('hello world', 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /PEM/);
    await rejects(jose.importSpki('', 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /PEM/);
    await rejects(jose.importSpki('-----BEGIN PUBLIC KEY-----\n!!!not base64!!!\n-----END PUBLIC KEY-----', 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /base64/);
    await rejects(jose.importSpki('-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----', 'ES256'), jose.JoseKeyInvalid, KEY_INVALID);
  });

  it('a non-string', async () => {
    const spki = await jose.exportSpki((await keysFor('ES256')).verifyKey);
    for (const value of [null, undefined, 42, bytes(spki), { pem: spki }]) {
      await rejects(jose.importSpki(value as unknown as string, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /PEM/);
      await rejects(jose.importPkcs8(value as unknown as string, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /PEM/);
    }
  });

  it('BEGIN and END labels that do not match', async () => {
    const spki = await jose.exportSpki((await keysFor('ES256')).verifyKey);
    await rejects(jose.importSpki(relabel(spki, 'PUBLIC KEY', 'PRIVATE KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /does not match/);
  });

  it('an HMAC alg names importSecret', async () => {
    const { verifyKey, signKey } = await keysFor('ES256');
    await rejects(jose.importSpki(await jose.exportSpki(verifyKey), 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /importSecret/);
    await rejects(jose.importPkcs8(await jose.exportPkcs8(signKey), 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /importSecret/);
  });

  it('an SPKI PEM of a 1024-bit RSA key', async () => {
    const pem = await jose.exportSpki((await rsa1024()).publicKey);
    await rejects(jose.importSpki(pem, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /2048/);
  });

  it('a PEM of another key type for the alg', async () => {
    const spki = await jose.exportSpki((await keysFor('ES256')).verifyKey);
    const err = await rejects(jose.importSpki(spki, 'ES384'), jose.JoseError, KEY_INVALID);
    expect(err.message).toMatch(/ES384/);
  });
});

describe('CryptoKey binding: a key is used only with its own algorithm and operation', () => {
  it('an RSASSA-PKCS1-v1_5 key used with PS256', async () => {
    const { signKey, verifyKey } = await keysFor('RS256');
    await rejects(jose.signCompact('x', signKey, { alg: 'PS256' }), jose.JoseKeyInvalid, KEY_INVALID, /RSA-PSS/);
    const token = await jose.signCompact('x', (await keysFor('PS256')).signKey, { alg: 'PS256' });
    await rejects(jose.verifyCompact(token, verifyKey, { algorithms: ['PS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /RSA-PSS/);
  });

  it('an ES256 key used with ES384', async () => {
    const { signKey, verifyKey } = await keysFor('ES256');
    await rejects(jose.signCompact('x', signKey, { alg: 'ES384' }), jose.JoseKeyInvalid, KEY_INVALID, /P-384/);
    const token = await jose.signCompact('x', (await keysFor('ES384')).signKey, { alg: 'ES384' });
    await rejects(jose.verifyCompact(token, verifyKey, { algorithms: ['ES384'] }), jose.JoseKeyInvalid, KEY_INVALID, /P-384/);
  });

  it('an HMAC SHA-256 CryptoKey used for HS512', async () => {
    const key = await jose.importSecret(new Uint8Array(64).fill(3), 'HS256');
    await rejects(jose.signCompact('x', key, { alg: 'HS512' }), jose.JoseKeyInvalid, KEY_INVALID, /SHA-256/);
    const token = await jose.signCompact('x', new Uint8Array(64).fill(3), { alg: 'HS512' });
    await rejects(jose.verifyCompact(token, key, { algorithms: ['HS512'] }), jose.JoseKeyInvalid, KEY_INVALID, /SHA-256/);
  });

  it('the mismatch message names the hash the alg needs', async () => {
    // Both sides of the mismatch are named with their hash: "HMAC/SHA-256 key; HS512 needs a HMAC/SHA-512 key".
    const hmac = await jose.importSecret(new Uint8Array(64).fill(3), 'HS256');
    await rejects(jose.signCompact('x', hmac, { alg: 'HS512' }), jose.JoseKeyInvalid, KEY_INVALID, /needs a HMAC\/SHA-512 key/);
    const { signKey } = await keysFor('RS256');
    await rejects(jose.signCompact('x', signKey, { alg: 'RS384' }), jose.JoseKeyInvalid, KEY_INVALID, /needs a RSASSA-PKCS1-v1_5\/SHA-384 key/);
  });

  it('an HMAC CryptoKey shorter than the hash (made directly with WebCrypto)', async () => {
    const short = await crypto.subtle.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    await rejects(jose.signCompact('x', short, { alg: 'HS256' }), jose.JoseKeyInvalid, KEY_INVALID, /32/);
    const token = await jose.signCompact('x', new Uint8Array(32), { alg: 'HS256' });
    await rejects(jose.verifyCompact(token, short, { algorithms: ['HS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /32/);
  });

  it('a CryptoKey without the needed usage', async () => {
    const verifyOnly = await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    await rejects(jose.signCompact('x', verifyOnly, { alg: 'HS256' }), jose.JoseKeyInvalid, KEY_INVALID, /usages/);
    const token = await jose.signCompact('x', new Uint8Array(32), { alg: 'HS256' });
    await jose.verifyCompact(token, verifyOnly, { algorithms: ['HS256'] });
  });

  it('a 1024-bit RSA CryptoKey, on sign and on verify', async () => {
    const { publicKey, privateKey } = await rsa1024();
    await rejects(jose.signCompact('x', privateKey, { alg: 'RS256' }), jose.JoseKeyInvalid, KEY_INVALID, /2048/);
    const token = await jose.signCompact('x', (await keysFor('RS256')).signKey, { alg: 'RS256' });
    await rejects(jose.verifyCompact(token, publicKey, { algorithms: ['RS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /2048/);
  });

  it('a private key to verify, a public key to sign', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      const { signKey, verifyKey } = await keysFor(alg);
      const token = await jose.signCompact('x', signKey, { alg });
      await rejects(jose.verifyCompact(token, signKey, { algorithms: [alg] }), jose.JoseKeyInvalid, KEY_INVALID, /private key/);
      await rejects(jose.signCompact('x', verifyKey, { alg }), jose.JoseKeyInvalid, KEY_INVALID, /public key/);
    }
  });

  it('a string is never a key', async () => {
    const secret = 'a-string-secret-that-is-at-least-32-bytes-long!!';
    await rejects(jose.signCompact('x', secret as unknown as jose.Key, { alg: 'HS256' }), jose.JoseKeyInvalid, KEY_INVALID, /never a key/);
    const token = await jose.signCompact('x', bytes(secret), { alg: 'HS256' });
    await rejects(jose.verifyCompact(token, secret as unknown as jose.Key, { algorithms: ['HS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /never a key/);
    const pem = await jose.exportSpki((await keysFor('RS256')).verifyKey);
    const rsToken = await jose.signCompact('x', (await keysFor('RS256')).signKey, { alg: 'RS256' });
    await rejects(jose.verifyCompact(rsToken, pem as unknown as jose.Key, { algorithms: ['RS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /never a key/);
  });

  it('a Uint8Array is only an HMAC secret', async () => {
    await rejects(jose.signCompact('x', new Uint8Array(256), { alg: 'RS256' }), jose.JoseKeyInvalid, KEY_INVALID, /HMAC/);
    const token = await jose.signCompact('x', (await keysFor('ES256')).signKey, { alg: 'ES256' });
    await rejects(jose.verifyCompact(token, new Uint8Array(64), { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /HMAC/);
  });

  it('a raw secret shorter than the hash, on sign and on verify', async () => {
    await rejects(jose.signCompact('x', new Uint8Array(31), { alg: 'HS256' }), jose.JoseKeyInvalid, KEY_INVALID, /32/);
    const token = await jose.signCompact('x', new Uint8Array(32), { alg: 'HS256' });
    await rejects(jose.verifyCompact(token, new Uint8Array(31), { algorithms: ['HS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /32/);
  });
});

describe('key caches: reusing and mutating JWK objects and secrets', () => {
  it('the same JWK object verifies twice', async () => {
    const { signKey, publicJwk } = await keysFor('ES256');
    const jwk = { ...publicJwk };
    const token = await jose.signCompact('twice', signKey, { alg: 'ES256' });
    for (let i = 0; i < 2; i++) {
      const { payload } = await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
      expect(text(payload)).toBe('twice');
    }
    const other = await jose.signCompact('other', (await jose.generateKeyPair('ES256')).privateKey, { alg: 'ES256' });
    await rejects(jose.verifyCompact(other, jwk, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
  });

  // Swaps the public material of a JWK object in place and checks the cache follows.
  const mutations: Array<[jose.JwsAlgorithm, string, (from: jose.Jwk, to: jose.Jwk) => void]> = [
    ['EdDSA', 'x', (from, to) => void (to.x = from.x)],
    ['ES256', 'x and y', (from, to) => void ((to.x = from.x), (to.y = from.y))],
    ['RS256', 'n', (from, to) => void (to.n = from.n)],
    ['HS256', 'k', (from, to) => void (to.k = from.k)],
  ];
  for (const [alg, members, swap] of mutations) {
    it(`${alg}: a JWK whose ${members} is replaced in place verifies with the new material`, async () => {
      const old = await keysFor(alg);
      const fresh = alg.startsWith('HS')
        ? await (async () => {
            const secret = await jose.generateSecret(alg, { extractable: true });
            const jwk = await jose.exportJwk(secret);
            return { signKey: secret, publicJwk: jwk };
          })()
        : await (async () => {
            const pair = await jose.generateKeyPair(alg, { extractable: true });
            return { signKey: pair.privateKey, publicJwk: await jose.exportJwk(pair.publicKey) };
          })();
      const jwk: jose.Jwk = { ...old.publicJwk };
      const oldToken = await jose.signCompact('old', old.signKey, { alg });
      const newToken = await jose.signCompact('new', fresh.signKey, { alg });
      await jose.verifyCompact(oldToken, jwk, { algorithms: [alg] });
      await jose.verifyCompact(oldToken, jwk, { algorithms: [alg] });
      await rejects(jose.verifyCompact(newToken, jwk, { algorithms: [alg] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);

      swap(fresh.publicJwk, jwk);
      await rejects(jose.verifyCompact(oldToken, jwk, { algorithms: [alg] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
      const { payload } = await jose.verifyCompact(newToken, jwk, { algorithms: [alg] });
      expect(text(payload)).toBe('new');
    });
  }

  it('a private JWK whose x and d are replaced in place signs with the new key', async () => {
    const old = await keysFor('EdDSA');
    const fresh = await jose.generateKeyPair('EdDSA', { extractable: true });
    const freshJwk = await jose.exportJwk(fresh.privateKey);
    const jwk: jose.Jwk = { ...old.privateJwk };
    await signAndVerify('EdDSA', jwk, old.verifyKey);
    jwk.x = freshJwk.x;
    jwk.d = freshJwk.d;
    const token = await jose.signCompact('after', jwk, { alg: 'EdDSA' });
    await jose.verifyCompact(token, fresh.publicKey, { algorithms: ['EdDSA'] });
    await rejects(jose.verifyCompact(token, old.verifyKey, { algorithms: ['EdDSA'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
  });

  it('a Uint8Array secret overwritten in place verifies with the new bytes', async () => {
    const secret = new Uint8Array(32).fill(0x11);
    const oldToken = await jose.signCompact('old', secret, { alg: 'HS256' });
    await jose.verifyCompact(oldToken, secret, { algorithms: ['HS256'] });
    await jose.verifyCompact(oldToken, secret, { algorithms: ['HS256'] });

    secret.fill(0x22);
    const newToken = await jose.signCompact('new', new Uint8Array(32).fill(0x22), { alg: 'HS256' });
    await rejects(jose.verifyCompact(oldToken, secret, { algorithms: ['HS256'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
    const { payload } = await jose.verifyCompact(newToken, secret, { algorithms: ['HS256'] });
    expect(text(payload)).toBe('new');
    // Signing with the mutated object uses the new bytes too.
    expect(await jose.signCompact('new', secret, { alg: 'HS256' })).toBe(newToken);

    // A single changed byte is noticed as well.
    secret[31] = 0x23;
    await rejects(jose.verifyCompact(newToken, secret, { algorithms: ['HS256'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
  });

  it('a JWK changed to use "enc" after first use is then rejected', async () => {
    const { signKey, publicJwk } = await keysFor('ES256');
    const jwk: jose.Jwk = { ...publicJwk, use: 'sig' };
    const token = await jose.signCompact('x', signKey, { alg: 'ES256' });
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
    jwk.use = 'enc';
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /use/);
    jwk.use = 'sig';
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
  });

  it('a JWK given key_ops without "verify" after first use is then rejected', async () => {
    const { signKey, publicJwk } = await keysFor('ES256');
    const jwk: jose.Jwk = { ...publicJwk };
    const token = await jose.signCompact('x', signKey, { alg: 'ES256' });
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
    jwk.key_ops = ['sign'];
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/);
  });
});

describe('RFC 8037 A.1 / A.2 Ed25519 keys', () => {
  for (const alg of ['EdDSA', 'Ed25519'] as const) {
    it(`import as ${alg}: A.1 signs, A.2 verifies`, async () => {
      const signKey = await jose.importJwk(rfc8037A1.jwk, alg);
      const verifyKey = await jose.importJwk(rfc8037A2.jwk, alg, { extractable: true });
      expectCryptoKey(signKey, 'private');
      expectCryptoKey(verifyKey, 'public');
      expect(signKey.algorithm.name).toBe('Ed25519');
      expect(verifyKey.algorithm.name).toBe('Ed25519');
      expect(await jose.exportJwk(verifyKey)).toEqual(rfc8037A2.jwk);
      await signAndVerify(alg, signKey, verifyKey);
      await signAndVerify(alg, rfc8037A1.jwk, rfc8037A2.jwk);
    });
  }

  it('A.1 reproduces the RFC 8037 A.4 EdDSA signature byte for byte', async () => {
    const token = await jose.signCompact(rfc8037A4.payload, rfc8037A1.jwk, { alg: 'EdDSA' });
    expect(token).toBe(rfc8037A4.compact);
    const { payload } = await jose.verifyCompact(rfc8037A4.compact, rfc8037A2.jwk, { algorithms: ['EdDSA'] });
    expect(text(payload)).toBe(rfc8037A4.payload);
  });

  it('the A.1 key with alg "EdDSA" is refused for Ed25519 and for ES256', async () => {
    await rejects(jose.importJwk({ ...rfc8037A2.jwk, alg: 'EdDSA' }, 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, /EdDSA/);
    await rejects(jose.importJwk(rfc8037A1.jwk, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /kty/);
  });
});
