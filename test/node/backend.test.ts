// Which crypto does each build use: the suite runs twice (vitest.config.ts projects), and the Node
// build must do its signature arithmetic in node:crypto, never in Node's WebCrypto, while the
// WebCrypto build uses crypto.subtle. Keys are CryptoKeys in both.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as jose from 'josekit';

const build = process.env.JOSEKIT_BUILD;

describe(`the ${build} build`, () => {
  afterEach(() => vi.restoreAllMocks());

  it('is one of the two builds', () => {
    expect(['node', 'webcrypto']).toContain(build);
  });

  for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
    it(`${alg}: sign and verify ${build === 'node' ? 'never call' : 'call'} crypto.subtle.sign/verify, and return CryptoKeys`, async () => {
      const keys = alg === 'HS256' ? { privateKey: await jose.generateSecret(alg), publicKey: undefined } : await jose.generateKeyPair(alg);
      const signSpy = vi.spyOn(crypto.subtle, 'sign');
      const verifySpy = vi.spyOn(crypto.subtle, 'verify');
      const token = await jose.signJwt({ sub: 'u' }, keys.privateKey, { alg, expiresIn: 60 });
      const { key } = await jose.verifyJwt(token, keys.publicKey ?? keys.privateKey, { algorithms: [alg] });
      expect(key).toBeInstanceOf(CryptoKey);
      const calls = signSpy.mock.calls.length + verifySpy.mock.calls.length;
      if (build === 'node') expect(calls).toBe(0);
      else expect(calls).toBe(2);
      // And a tampered token is refused by either arithmetic.
      const [h, p, s] = token.split('.');
      const flipped = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
      await expect(jose.verifyJwt(flipped, keys.publicKey ?? keys.privateKey, { algorithms: [alg] })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_JWS_/) });
    });
  }
});

describe(`the ${build} build with imported keys`, () => {
  afterEach(() => vi.restoreAllMocks());

  it('keys from JWKs, PEM and secret bytes sign and verify through the build\'s own crypto', async () => {
    const es = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = await jose.exportJwk(es.publicKey);
    const pkcs8 = await jose.exportPkcs8(es.privateKey);
    const spki = await jose.exportSpki(es.publicKey);
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const signSpy = vi.spyOn(crypto.subtle, 'sign');
    const verifySpy = vi.spyOn(crypto.subtle, 'verify');
    const token = await jose.signJwt({}, await jose.importPkcs8(pkcs8, 'ES256'), { alg: 'ES256', expiresIn: 60 });
    await jose.verifyJwt(token, jwk, { algorithms: ['ES256'] });
    await jose.verifyJwt(token, await jose.importSpki(spki, 'ES256'), { algorithms: ['ES256'] });
    const mac = await jose.signJwt({}, secret, { alg: 'HS256', expiresIn: 60 });
    await jose.verifyJwt(mac, secret, { algorithms: ['HS256'] });
    await jose.verifyJwt(mac, await jose.importSecret(secret, 'HS256'), { algorithms: ['HS256'] });
    const calls = signSpy.mock.calls.length + verifySpy.mock.calls.length;
    expect(calls).toBe(build === 'node' ? 0 : 6);
  });

  it('a non-extractable CryptoKey made elsewhere still works (through WebCrypto in the Node build)', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const token = await jose.signJwt({}, key, { alg: 'HS256', expiresIn: 60 });
    expect((await jose.verifyJwt(token, raw, { algorithms: ['HS256'] })).payload.exp).toBeTypeOf('number');
  });
});
