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
