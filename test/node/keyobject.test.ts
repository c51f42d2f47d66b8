// Node KeyObjects as keys: accepted everywhere a key is, bound to the algorithm like any other
// key, and imported once per (alg, usage).
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { rejects } from '../portable/support.js';

describe('KeyObject keys', () => {
  it('HS256 with a secret KeyObject, RS256/ES256/EdDSA with key pair KeyObjects', async () => {
    const secret = createSecretKey(crypto.getRandomValues(new Uint8Array(32)));
    const hs = await jose.signJwt({ sub: 'a' }, secret, { alg: 'HS256', expiresIn: 60 });
    expect((await jose.verifyJwt(hs, secret, { algorithms: ['HS256'] })).payload.sub).toBe('a');
    const pairs: Array<[jose.JwsAlgorithm, { publicKey: KeyObject; privateKey: KeyObject }]> = [
      ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
      ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
      ['EdDSA', generateKeyPairSync('ed25519')],
    ];
    for (const [alg, { publicKey, privateKey }] of pairs) {
      const token = await jose.signJwt({ sub: alg }, privateKey, { alg, expiresIn: 60 });
      expect((await jose.verifyJwt(token, publicKey, { algorithms: [alg] })).payload.sub).toBe(alg);
      // The private KeyObject verifies too (its public part is used).
      expect((await jose.verifyJwt(token, privateKey, { algorithms: [alg] })).payload.sub).toBe(alg);
    }
  });
  it('a KeyObject is bound to its algorithm and to the size rules', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await jose.signJwt({}, new Uint8Array(32).fill(1), { alg: 'HS256', expiresIn: 60 });
    // The classic confusion: an HS256 token checked against a public key object.
    await rejects(jose.verifyJwt(token, publicKey, { algorithms: ['HS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /kty "EC"; HS256 needs kty "oct"/);
    await rejects(jose.signJwt({}, createSecretKey(new Uint8Array(16)), { alg: 'HS256', expiresIn: 60 }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /at least 32 bytes/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await rejects(jose.signJwt({}, weak.privateKey, { alg: 'RS256', expiresIn: 60 }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /2048/);
    await rejects(jose.signJwt({}, publicKey, { alg: 'ES256', expiresIn: 60 }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /public/);
  });
  it('a KeyObject from a PEM string works, the string itself does not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const token = await jose.signCompact('x', privateKey, { alg: 'ES384' });
    expect((await jose.verifyCompact(token, createPublicKey(pem), { algorithms: ['ES384'] })).payload).toEqual(new TextEncoder().encode('x'));
    await rejects(jose.verifyCompact(token, pem as never, { algorithms: ['ES384'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /never a key/);
  });
});

describe('KeyObjects in exportJwk, exportSpki, exportPkcs8 and jwkThumbprint', () => {
  const pairs: Array<[string, { publicKey: KeyObject; privateKey: KeyObject }]> = [
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['EC P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['EC P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' })],
    ['Ed25519', generateKeyPairSync('ed25519')],
    ['Ed448', generateKeyPairSync('ed448')],
  ];

  for (const [name, { publicKey, privateKey }] of pairs) {
    it(`${name}: the same JWK, PEM and thumbprint as Node's own export`, async () => {
      const publicJwk = publicKey.export({ format: 'jwk' }) as jose.Jwk;
      const privateJwk = privateKey.export({ format: 'jwk' }) as jose.Jwk;
      expect(await jose.exportJwk(publicKey)).toEqual(publicJwk);
      expect(await jose.exportJwk(privateKey)).toEqual(privateJwk);
      expect(await jose.exportSpki(publicKey)).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
      expect(await jose.exportPkcs8(privateKey)).toBe(privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const thumbprint = await jose.jwkThumbprint(publicJwk);
      expect(await jose.jwkThumbprint(publicKey)).toBe(thumbprint);
      expect(await jose.jwkThumbprint(privateKey)).toBe(thumbprint);
      expect(await jose.jwkThumbprintUri(publicKey, 'sha384')).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-384:${await jose.jwkThumbprint(publicJwk, 'sha384')}`);
      // The PEM josekit writes is read back by Node as the same key.
      expect(createPublicKey(await jose.exportSpki(publicKey)).export({ format: 'jwk' })).toEqual(publicJwk);
      expect(createPrivateKey(await jose.exportPkcs8(privateKey)).export({ format: 'jwk' })).toEqual(privateJwk);
    });
  }

  it('a secret KeyObject: exportJwk and jwkThumbprint, not SPKI or PKCS#8', async () => {
    const bytes = new Uint8Array(32).map((_, i) => i);
    const secret = createSecretKey(bytes);
    expect(await jose.exportJwk(secret)).toEqual({ kty: 'oct', k: jose.base64url.encode(bytes) });
    expect(await jose.jwkThumbprint(secret)).toBe(await jose.jwkThumbprint(bytes));
    await rejects(jose.exportSpki(secret as never), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /SPKI holds public keys; this key is "secret"/);
    await rejects(jose.exportPkcs8(secret as never), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /PKCS#8 holds private keys; this key is "secret"/);
  });

  it('SPKI takes public KeyObjects only, PKCS#8 private ones only', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await rejects(jose.exportSpki(privateKey), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /SPKI holds public keys; this key is "private"/);
    await rejects(jose.exportPkcs8(publicKey), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /PKCS#8 holds private keys; this key is "public"/);
  });

  it('a key type without a JWK form (DH) is ERR_JOSE_NOT_SUPPORTED; its SPKI still exports', async () => {
    // @types/node lacks the "dh" overload of generateKeyPairSync.
    const dh = (generateKeyPairSync as unknown as (type: string, options: object) => { publicKey: KeyObject })('dh', { group: 'modp14' });
    await rejects(jose.exportJwk(dh.publicKey), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /cannot be exported as a JWK/);
    await rejects(jose.jwkThumbprint(dh.publicKey), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
    expect(await jose.exportSpki(dh.publicKey)).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('the output is josekit\'s own: an exported JWK is a fresh plain object with key material only', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const first = await jose.exportJwk(publicKey);
    first.x = 'changed';
    expect((await jose.exportJwk(publicKey)).x).not.toBe('changed');
    expect(Object.keys(await jose.exportJwk(publicKey)).sort()).toEqual(['crv', 'kty', 'x']);
  });
});

describe('KeyObjects: small-order EdDSA keys and "EdDSA" with Ed448 keys', () => {
  it('a small-order Ed25519 KeyObject is refused for verification', async () => {
    const identity = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, format: 'jwk' });
    const forged = `${jose.base64url.encode('{"alg":"EdDSA"}')}.${jose.base64url.encode('x')}.${jose.base64url.encode(new Uint8Array([1, ...new Uint8Array(63)]))}`;
    await rejects(jose.verifyCompact(forged, identity, { algorithms: ['EdDSA'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /small-order point \(order 1\)/);
  });

  it('an Ed448 KeyObject signs under "EdDSA", and is refused for "Ed25519"', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed448');
    const token = await jose.signCompact('ed448', privateKey, { alg: 'EdDSA' });
    expect(jose.base64url.decode(token.split('.')[2]!)).toHaveLength(114);
    await rejects(jose.signCompact('x', privateKey, { alg: 'Ed25519' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /crv "Ed448"; Ed25519 needs crv "Ed25519"/);
    await rejects(jose.verifyCompact(token, publicKey, { algorithms: ['Ed25519'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('an EdDSA token signed with an Ed448 KeyObject verifies with the public KeyObject', async () => {
    // Needs the verify core to take the signature size from algorithmForKey (114 bytes for Ed448).
    const { publicKey, privateKey } = generateKeyPairSync('ed448');
    const token = await jose.signCompact('ed448', privateKey, { alg: 'EdDSA' });
    expect((await jose.verifyCompact(token, publicKey, { algorithms: ['EdDSA'] })).payload).toEqual(new TextEncoder().encode('ed448'));
  });
});
