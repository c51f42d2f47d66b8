// Attacks on signatures and weak keys: ECDSA psychic signatures (CVE-2022-21449), DER and
// out-of-range r/s, non-canonical encodings of a valid signature, RSA e = 1 and small moduli,
// short and empty HMAC secrets, small-order Ed25519 public keys.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { KEY_INVALID, INVALID, SIG_FAILED, CLAIMS, NOW, b64, compact, compactWith, guardPrototype, hmac256, keys, rejects, unb64, type Keys } from './support.js';

guardPrototype();
let k: Keys;
beforeAll(async () => {
  k = await keys();
});


const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const ORDER: Record<string, Uint8Array> = {
  ES256: hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  ES384: hex('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
  ES512: hex('01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
};
const HASH: Record<string, string> = { ES256: 'SHA-256', ES384: 'SHA-384', ES512: 'SHA-512' };
const pair = (alg: string) => (alg === 'ES256' ? k.es256 : alg === 'ES384' ? k.es384 : k.es512);
const toBig = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const fromBig = (v: bigint, size: number) => hex(v.toString(16).padStart(size * 2, '0'));

/** Replaces the signature segment of a compact token. */
const withSignature = (token: string, signature: Uint8Array | string) =>
  `${token.slice(0, token.lastIndexOf('.'))}.${typeof signature === 'string' ? signature : b64(signature)}`;

describe('ECDSA', () => {
  for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
    it(`CVE-2022-21449 psychic signature: r = s = 0 is refused for ${alg}`, async () => {
      const size = ORDER[alg]!.length;
      const token = compact({ alg }, CLAIMS, () => new Uint8Array(2 * size));
      await rejects(jose.verifyJwt(token, pair(alg).publicKey, { algorithms: [alg], currentDate: NOW }), ...SIG_FAILED, /zero/);
    });
    it(`r or s equal to n, or above it, is refused for ${alg}`, async () => {
      const n = ORDER[alg]!;
      const size = n.length;
      const good = await compactWith(pair(alg).privateKey, { alg }, CLAIMS, HASH[alg]);
      const sig = unb64(good.split('.')[2]!);
      const [r, s] = [sig.subarray(0, size), sig.subarray(size)];
      const top = fromBig((1n << BigInt(size * 8)) - 1n, size);
      for (const bad of [[n, s], [r, n], [top, s], [r, top]]) {
        const token = withSignature(good, new Uint8Array([...bad[0]!, ...bad[1]!]));
        await rejects(jose.verifyJwt(token, pair(alg).publicKey, { algorithms: [alg], currentDate: NOW }), ...SIG_FAILED, /group order/);
      }
      // r + n still fits in the coordinate size for P-521 (n < 2^521 < 2^528): the classic wrap-around.
      if (alg === 'ES512') {
        const wrapped = toBig(r) + toBig(n);
        const token = withSignature(good, new Uint8Array([...fromBig(wrapped, size), ...s]));
        await rejects(jose.verifyJwt(token, pair(alg).publicKey, { algorithms: [alg], currentDate: NOW }), ...SIG_FAILED);
      }
    });
  }
  it('a DER-encoded ECDSA signature is refused (JWS uses raw r‖s)', async () => {
    const good = await compactWith(k.es256.privateKey, { alg: 'ES256' }, CLAIMS);
    const sig = unb64(good.split('.')[2]!);
    const int = (b: Uint8Array) => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      const body = b[i]! & 0x80 ? [0, ...b.subarray(i)] : [...b.subarray(i)];
      return [0x02, body.length, ...body];
    };
    const body = [...int(sig.subarray(0, 32)), ...int(sig.subarray(32))];
    const der = new Uint8Array([0x30, body.length, ...body]);
    await rejects(jose.verifyJwt(withSignature(good, der), k.es256.publicKey, { algorithms: ['ES256'], currentDate: NOW }), ...SIG_FAILED, /DER/);
  });
  it('documented non-guarantee: ECDSA is malleable, (r, n − s) verifies too — never use a signature as an id (use jti)', async () => {
    const good = await compactWith(k.es256.privateKey, { alg: 'ES256' }, CLAIMS);
    const sig = unb64(good.split('.')[2]!);
    const s = toBig(sig.subarray(32));
    const twin = withSignature(good, new Uint8Array([...sig.subarray(0, 32), ...fromBig(toBig(ORDER.ES256!) - s, 32)]));
    expect(twin).not.toBe(good);
    const { payload } = await jose.verifyJwt(twin, k.es256.publicKey, { algorithms: ['ES256'], currentDate: NOW });
    expect(payload.sub).toBe('user-1');
  });
});

describe('one signature, one text (canonical base64url)', () => {
  it('panva/jose#589: a letter appended to a valid ES384 signature is refused', async () => {
    const good = await compactWith(k.es384.privateKey, { alg: 'ES384' }, CLAIMS, 'SHA-384');
    await rejects(jose.verifyJwt(`${good}A`, k.es384.publicKey, { algorithms: ['ES384'], currentDate: NOW }), ...INVALID);
  });
  it('jpadilla/pyjwt#676: "=" padding on a valid signature is refused', async () => {
    const good = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(k.secret, i));
    await rejects(jose.verifyJwt(`${good}=`, k.secret, { algorithms: ['HS256'], currentDate: NOW }), ...INVALID);
  });
  it('authlib/joserfc#51: changing only the unused low bits of the last character is refused', async () => {
    const good = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(k.secret, i));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = good.at(-1)!;
    // 32 bytes → 43 characters: the last one carries 4 data bits and 2 unused bits.
    const twin = `${good.slice(0, -1)}${alphabet[alphabet.indexOf(last) | 1]}`;
    expect(Buffer.from(twin.split('.')[2]!, 'base64url')).toEqual(Buffer.from(good.split('.')[2]!, 'base64url'));
    await rejects(jose.verifyJwt(twin, k.secret, { algorithms: ['HS256'], currentDate: NOW }), ...INVALID, /not canonical/);
  });
  it('whitespace, "+" and "/" inside a signature are refused', async () => {
    const good = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(k.secret, i));
    const sig = good.split('.')[2]!;
    for (const bad of [` ${sig}`, `${sig.slice(0, 4)}\n${sig.slice(4)}`, Buffer.from(sig, 'base64url').toString('base64')]) {
      if (bad === sig) continue;
      await rejects(jose.verifyJwt(withSignature(good, bad), k.secret, { algorithms: ['HS256'], currentDate: NOW }), ...INVALID);
    }
  });
});

describe('RSA', () => {
  /** PKCS#1 v1.5 encoding of SHA-256(input): with e = 1 this is a valid signature anyone can make. */
  function emsa(input: string, size: number): Uint8Array {
    const t = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(input).digest()]);
    return new Uint8Array(Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(size - t.length - 3, 0xff), Buffer.from([0]), t]));
  }
  it('RSA e = 1 (signature = encoded message, forgeable by anyone) is refused as a JWK and as a CryptoKey', async () => {
    const jwk = { kty: 'RSA', n: k.rsa.publicJwk.n!, e: 'AQ' };
    const token = compact({ alg: 'RS256' }, { ...CLAIMS, sub: 'admin' }, (input) => emsa(input, 256));
    await rejects(jose.verifyJwt(token, jwk, { algorithms: ['RS256'], currentDate: NOW }), ...KEY_INVALID, /exponent/);
    await rejects(jose.importJwk(jwk, 'RS256'), ...KEY_INVALID, /exponent/);
    let platformKey: CryptoKey | undefined;
    try {
      platformKey = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    } catch {
      // This platform refuses e = 1 itself; the JWK path above is the one that matters here.
    }
    if (platformKey) await rejects(jose.verifyJwt(token, platformKey, { algorithms: ['RS256'], currentDate: NOW }), ...KEY_INVALID, /exponent/);
  });
  it('an even RSA exponent is refused', async () => {
    await rejects(jose.importJwk({ kty: 'RSA', n: k.rsa.publicJwk.n!, e: 'AQAA' }, 'RS256'), ...KEY_INVALID);
  });
  it('a 1024-bit RSA key is refused on verify and on sign', async () => {
    const small = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const token = await compactWith(small.privateKey, { alg: 'RS256' }, CLAIMS);
    await rejects(jose.verifyJwt(token, small.publicKey, { algorithms: ['RS256'], currentDate: NOW }), ...KEY_INVALID, /2048/);
    const jwk = (await crypto.subtle.exportKey('jwk', small.publicKey)) as jose.Jwk;
    await rejects(jose.verifyJwt(token, { kty: 'RSA', n: jwk.n!, e: jwk.e! }, { algorithms: ['RS256'], currentDate: NOW }), ...KEY_INVALID, /2048/);
    await rejects(jose.signJwt({ sub: 'a' }, small.privateKey, { alg: 'RS256', expiresIn: 60 }), ...KEY_INVALID, /2048/);
  });
});

describe('HMAC secrets', () => {
  it('auth0/node-jsonwebtoken#718: a secret shorter than the hash output is refused on sign and verify', async () => {
    const short = new Uint8Array(31).fill(7);
    await rejects(jose.signJwt({ sub: 'a' }, short, { alg: 'HS256', expiresIn: 60 }), ...KEY_INVALID, /32 bytes/);
    const token = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(short, i));
    await rejects(jose.verifyJwt(token, short, { algorithms: ['HS256'], currentDate: NOW }), ...KEY_INVALID, /32 bytes/);
    await rejects(jose.verifyJwt(token, { kty: 'oct', k: b64(short) }, { algorithms: ['HS256'], currentDate: NOW }), ...KEY_INVALID);
    const platformKey = await crypto.subtle.importKey('raw', short, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    await rejects(jose.verifyJwt(token, platformKey, { algorithms: ['HS256'], currentDate: NOW }), ...KEY_INVALID);
  });
  it('GHSA-gmvf-9v4p-v8jc: an async resolver that falls back to an empty secret cannot verify a token made with one', async () => {
    const token = compact({ alg: 'HS256', kid: 'unknown' }, { ...CLAIMS, sub: 'admin' }, (i) => hmac256(new Uint8Array(0), i));
    const secrets: Record<string, Uint8Array> = { known: k.secret };
    for (const fallback of [new Uint8Array(0), '', undefined, null]) {
      const resolver = async (header: jose.JoseHeader) => secrets[header.kid!] ?? fallback;
      await rejects(jose.verifyJwt(token, resolver as never, { algorithms: ['HS256'], currentDate: NOW }), ...KEY_INVALID);
    }
    const set = jose.createLocalJwks({ keys: [{ kty: 'oct', kid: 'unknown', k: '' }] }, { allowSymmetric: true });
    await rejects(jose.verifyJwt(token, set, { algorithms: ['HS256'], currentDate: NOW }), ...KEY_INVALID);
  });
});

describe('Ed25519 small-order public keys', () => {
  const IDENTITY_X = 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  // R = the identity point, S = 0: for A = identity, [S]B = R + [k]A holds for every message.
  const FORGED = new Uint8Array(64);
  FORGED[0] = 1;
  for (const alg of ['EdDSA', 'Ed25519'] as const) {
    it(`the identity point as the public key, with the universal forgery, is refused for ${alg}`, async () => {
      const token = compact({ alg }, { ...CLAIMS, sub: 'admin' }, () => FORGED);
      await rejects(jose.verifyJwt(token, { kty: 'OKP', crv: 'Ed25519', x: IDENTITY_X }, { algorithms: [alg], currentDate: NOW }), ...KEY_INVALID);
    });
  }
  it('the same key as a CryptoKey imported around josekit is refused too', async () => {
    let platformKey: CryptoKey | undefined;
    try {
      platformKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: IDENTITY_X }, { name: 'Ed25519' }, true, ['verify']);
    } catch {
      // The platform refuses the point itself.
    }
    const token = compact({ alg: 'EdDSA' }, { ...CLAIMS, sub: 'admin' }, () => FORGED);
    if (platformKey) await rejects(jose.verifyJwt(token, platformKey, { algorithms: ['EdDSA'], currentDate: NOW }), ...KEY_INVALID);
  });
  // The eight small-order points (canonical encodings), and non-canonical encodings of two of them.
  const SMALL_ORDER = [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  ];
  for (const point of SMALL_ORDER) {
    it(`small-order point ${point.slice(0, 8)}…${point.slice(-4)} is refused by importJwk and verifyJwt`, async () => {
      const jwk = { kty: 'OKP', crv: 'Ed25519', x: b64(hex(point)) };
      await rejects(jose.importJwk(jwk, 'EdDSA'), ...KEY_INVALID);
      const token = compact({ alg: 'Ed25519' }, CLAIMS, () => FORGED);
      await rejects(jose.verifyJwt(token, jwk, { algorithms: ['Ed25519'], currentDate: NOW }), ...KEY_INVALID);
    });
  }
});
