// Every registered algorithm signs and verifies through the public API, with each key form.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { keysFor, platformSupports, rejects, text } from './support.js';

describe('the algorithm registry', () => {
  it('lists exactly the supported JWS algorithms, without none', () => {
    expect([...jose.JWS_ALGORITHMS]).toEqual([
      'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
      'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'Ed448',
    ]);
  });
  it('rejects unknown and prototype-chain names as algorithms', async () => {
    for (const alg of ['ES256K', '__proto__', 'constructor', 'toString', 'hs256', '']) {
      // @ts-expect-error not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.signCompact('x', new Uint8Array(64), { alg }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
      // @ts-expect-error not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.verifyCompact('a.b.c', new Uint8Array(64), { algorithms: [alg] }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
    }
  });
});

const SIGNATURE_BYTES: Record<string, number> = {
  HS256: 32, HS384: 48, HS512: 64, RS256: 256, RS384: 256, RS512: 256, PS256: 256, PS384: 256, PS512: 256,
  ES256: 64, ES384: 96, ES512: 132, EdDSA: 64, Ed25519: 64, Ed448: 114,
};

for (const alg of jose.JWS_ALGORITHMS) {
  describe(`${alg} round trip`, () => {
    it(`${alg} signs and verifies with CryptoKeys and JWKs, and rejects tampering`, async () => {
      if (!(await platformSupports(alg))) {
        // This runtime's WebCrypto lacks the algorithm: it must be refused cleanly, not crash.
        await rejects(jose.generateKeyPair(alg), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', new RegExp(alg));
        const jwk = { kty: 'OKP', crv: 'Ed448', x: jose.base64url.encode(new Uint8Array(57)) };
        await rejects(jose.verifyCompact('eyJhbGciOiJFZDQ0OCJ9.e30.AA', jwk, { algorithms: [alg] }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
        return;
      }
      const keys = await keysFor(alg);
      const token = await jose.signCompact('payload', keys.signKey, { alg, kid: 'k1', typ: 'example' });
      const [h, p, s] = token.split('.');
      expect(JSON.parse(text(jose.base64url.decode(h!)))).toEqual({ alg, kid: 'k1', typ: 'example' });
      expect(text(jose.base64url.decode(p!))).toBe('payload');
      expect(jose.base64url.decode(s!)).toHaveLength(SIGNATURE_BYTES[alg]!);

      for (const key of [keys.verifyKey, keys.publicJwk, keys.privateJwk]) {
        const result = await jose.verifyCompact(token, key, { algorithms: [alg] });
        expect(text(result.payload)).toBe('payload');
        expect(result.header.kid).toBe('k1');
        expect(result.key.type).toBe(alg.startsWith('HS') ? 'secret' : 'public');
      }
      // Signing with the private JWK gives a token the CryptoKey verifies.
      const fromJwk = await jose.signCompact(new Uint8Array([0, 1, 2]), keys.privateJwk, { alg });
      expect((await jose.verifyCompact(fromJwk, keys.verifyKey, { algorithms: [alg] })).payload).toEqual(new Uint8Array([0, 1, 2]));

      // Tampered payload, tampered signature.
      const otherPayload = jose.base64url.encode('payloae');
      await rejects(jose.verifyCompact(`${h}.${otherPayload}.${s}`, keys.verifyKey, { algorithms: [alg] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      const sig = jose.base64url.decode(s!);
      sig[sig.length >> 1] ^= 1;
      await rejects(jose.verifyCompact(`${h}.${p}.${jose.base64url.encode(sig)}`, keys.verifyKey, { algorithms: [alg] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });
  });
}

describe('a key resolver', () => {
  it('receives the protected header and the token, and its key is used', async () => {
    const keys = await keysFor('ES256');
    const token = await jose.signCompact('x', keys.signKey, { alg: 'ES256', kid: 'a' });
    const seen: unknown[] = [];
    const result = await jose.verifyCompact(
      token,
      (header, t) => {
        seen.push(header.kid, t);
        return keys.publicJwk;
      },
      { algorithms: ['ES256'] },
    );
    expect(seen).toEqual(['a', token]);
    expect(result.key.type).toBe('public');
  });
  it('is never called when the alg is not allowed', async () => {
    const keys = await keysFor('HS256');
    const token = await jose.signCompact('x', keys.signKey, { alg: 'HS256' });
    let called = false;
    await rejects(
      jose.verifyCompact(token, () => ((called = true), keys.verifyKey), { algorithms: ['ES256'] }),
      jose.JoseAlgNotAllowed,
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
    expect(called).toBe(false);
  });
  it('errors it throws are wrapped, JoseErrors pass through', async () => {
    const keys = await keysFor('HS256');
    const token = await jose.signCompact('x', keys.signKey, { alg: 'HS256' });
    await rejects(jose.verifyCompact(token, () => { throw new Error('db down'); }, { algorithms: ['HS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /db down/);
    await rejects(jose.verifyCompact(token, async () => { throw new jose.JwksNoMatchingKey('none'); }, { algorithms: ['HS256'] }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    await rejects(jose.verifyCompact(token, () => undefined as never, { algorithms: ['HS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /no key/);
  });
});
