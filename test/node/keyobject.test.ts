// Node KeyObjects as keys: accepted everywhere a key is, bound to the algorithm like any other
// key, and imported once per (alg, usage).
import { createPublicKey, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { rejects } from '../portable/support.js';

describe('KeyObject keys', () => {
  it('HS256 with a secret KeyObject, RS256/ES256/EdDSA with key pair KeyObjects', async () => {
    const secret = createSecretKey(crypto.getRandomValues(new Uint8Array(32)));
    const hs = await jose.signJwt({ sub: 'a' }, secret, { alg: 'HS256', expiresIn: 60 });
    expect((await jose.verifyJwt(hs, secret, { algorithms: ['HS256'] })).payload.sub).toBe('a');
    const pairs = {
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      EdDSA: generateKeyPairSync('ed25519'),
    };
    for (const [alg, { publicKey, privateKey }] of Object.entries(pairs)) {
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
    await rejects(jose.signJwt({}, createSecretKey(new Uint8Array(16)), { alg: 'HS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /at least 32 bytes/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await rejects(jose.signJwt({}, weak.privateKey, { alg: 'RS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /2048/);
    await rejects(jose.signJwt({}, publicKey, { alg: 'ES256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /public/);
  });
  it('a KeyObject from a PEM string works, the string itself does not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const token = await jose.signCompact('x', privateKey, { alg: 'ES384' });
    expect((await jose.verifyCompact(token, createPublicKey(pem), { algorithms: ['ES384'] })).payload).toEqual(new TextEncoder().encode('x'));
    await rejects(jose.verifyCompact(token, pem as never, { algorithms: ['ES384'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /never a key/);
  });
});
