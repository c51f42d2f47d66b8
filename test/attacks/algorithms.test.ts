// Attacks on algorithm choice and key binding: alg "none", RS256 → HS256 key confusion in every
// form the public key can take, missing allowlists, strings and lookalike objects as keys, and
// key types the algorithm does not name. Peer CVEs are named in the test titles.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { CLAIMS, NOW, b64, compact, guardPrototype, hmac256, keys, rejects, type Keys } from './support.js';

guardPrototype();
let k: Keys;
beforeAll(async () => {
  k = await keys();
});

/** A DSA public key (made once with node:crypto; DSA is not a JOSE algorithm). */
const DSA_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBuDCCASwGByqGSM44BAEwggEfAoGBAPplpkSe1H3az2mAgV+4flYF6HSRvPcn
vMOQ1rmWdI3EJt3AwtBk8JA+X3ohZ+nBnhuwFbiqYyxv/UeonL8XWjailZp5henO
mBCBpP/1RyWd7CZl/JviefEGZbXNJuI6R8/pirKFtxvy23eOtPakNESC5fs3IGDK
fmmfI5kl8mYdAhUAwtabN6NwvDIUwkrgyQS8e4Wl4AsCgYEAquwwwk0YLWfCiCfA
046jOlk/XGywupW86w2Eo2FZI709jgzm8hSwi9CbqQwxrw/0xFozfAF2r3pjM03J
yScNX0MFdH3kInWvOfnnX9cucK2SikYA32TIy9Gv3VsD8rMaKeMWpAWpOeobuh4z
o2akytt8rIgquWY6HPoedB6WV9MDgYUAAoGBAPjHHPteHk5sbP8NkqtGyDbIRjWW
J9/YLBZomCTzcerweZsEMOfoqpW/wlPvB/rt8p1cPXPnem8dNRcOzXYetqm+ggDc
I6z4jkhHY4TEV5+xLGaPaA3G+TM77vrolARq64slJdWUgYPfoBrvukZwnkbyIPJ7
z+cAWJIlMyET8QLe
-----END PUBLIC KEY-----`;

const NOT_ALLOWED = ['ERR_JOSE_ALG_NOT_ALLOWED', jose.JoseAlgNotAllowed] as const;
const KEY_INVALID = ['ERR_JOSE_KEY_INVALID', jose.JoseKeyInvalid] as const;

describe('alg "none"', () => {
  for (const alg of ['none', 'None', 'NONE', 'nOnE', 'none ', ' none', 'none\u0000', 'nonE']) {
    it(`alg ${JSON.stringify(alg)} with an empty signature is not in any allowlist`, async () => {
      const token = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(JSON.stringify(CLAIMS))}.`;
      await rejects(jose.verifyJwt(token, k.secret, { algorithms: ['HS256'], currentDate: NOW }), NOT_ALLOWED[1], NOT_ALLOWED[0]);
      await rejects(jose.verifyCompact(token, k.rsa.publicKey, { algorithms: ['RS256', 'ES256'] }), NOT_ALLOWED[1], NOT_ALLOWED[0]);
    });
  }
  it('alg "none" written with JSON escapes ("\\u006eone") is still "none"', async () => {
    const token = `${b64('{"alg":"\\u006eone"}')}.${b64(JSON.stringify(CLAIMS))}.`;
    await rejects(jose.verifyJwt(token, k.secret, { algorithms: ['HS256'], currentDate: NOW }), NOT_ALLOWED[1], NOT_ALLOWED[0]);
  });
  it('"none" cannot be put in an allowlist (CVE-2022-23540: an insecure default lets "none" through)', async () => {
    const token = await jose.encodeUnsecuredJwt({ sub: 'admin' }, { expiresIn: 60 });
    for (const algorithms of [['none'], ['None'], ['HS256', 'none']]) {
      // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.verifyJwt(token, k.secret, { algorithms }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    }
  });
  it('CVE-2022-23540: verifying without an algorithms allowlist is refused, whatever the key', async () => {
    const token = await jose.encodeUnsecuredJwt({ sub: 'admin' }, { expiresIn: 60 });
    for (const key of [k.secret, k.rsa.publicKey, k.rsa.publicJwk, undefined, null]) {
      for (const options of [undefined, {}, { algorithms: [] }, { algorithms: undefined }]) {
        await rejects(jose.verifyJwt(token, key as never, options as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      }
    }
  });
  it('an unsecured token with a signature, or alg none with a key, still fails the allowlist', async () => {
    const token = compact({ alg: 'none' }, CLAIMS, (input) => hmac256(k.secret, input));
    await rejects(jose.verifyJwt(token, k.secret, { algorithms: ['HS256'], currentDate: NOW }), NOT_ALLOWED[1], NOT_ALLOWED[0]);
    await rejects(jose.createJwtVerifier(k.secret, { algorithms: ['HS256'], currentDate: NOW })(token), NOT_ALLOWED[1], NOT_ALLOWED[0]);
  });
});

describe('RS256 → HS256 key confusion', () => {
  /** HS256 tokens forged with each form of the victim's public RSA key as the HMAC secret. */
  const forgeries = (): Array<[string, string]> => {
    const spkiDer = new Uint8Array(Buffer.from(k.rsa.spki.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    return [
      ['SPKI PEM text', compact({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, sub: 'admin' }, (i) => hmac256(k.rsa.spki, i))],
      ['SPKI DER bytes', compact({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, sub: 'admin' }, (i) => hmac256(spkiDer, i))],
      ['JWK JSON text', compact({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, sub: 'admin' }, (i) => hmac256(JSON.stringify(k.rsa.publicJwk), i))],
      ['modulus bytes', compact({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, sub: 'admin' }, (i) => hmac256(Buffer.from(k.rsa.publicJwk.n!, 'base64url'), i))],
    ];
  };
  it('an RS256 verifier never runs HMAC: the forged HS256 token fails the allowlist', async () => {
    for (const [, token] of forgeries()) {
      for (const key of [k.rsa.publicKey, k.rsa.publicJwk]) {
        await rejects(jose.verifyJwt(token, key, { algorithms: ['RS256'], currentDate: NOW }), NOT_ALLOWED[1], NOT_ALLOWED[0]);
      }
    }
  });
  it('even with HS256 wrongly allowed too, an RSA CryptoKey or JWK is never an HMAC secret', async () => {
    for (const [, token] of forgeries()) {
      for (const key of [k.rsa.publicKey, k.rsa.publicJwk]) {
        await rejects(jose.verifyJwt(token, key, { algorithms: ['RS256', 'HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
      }
    }
  });
  it('CVE-2022-23541: a key resolver that returns the RSA public key for any alg does not make it an HMAC secret', async () => {
    const resolver = async () => k.rsa.publicJwk;
    for (const [, token] of forgeries()) {
      await rejects(jose.verifyJwt(token, resolver, { algorithms: ['RS256', 'HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
    }
  });
  it('CVE-2023-48223: a PEM public key passed as a string is never sniffed into an HMAC secret', async () => {
    const [[, token]] = forgeries();
    await rejects(jose.verifyJwt(token!, k.rsa.spki as never, { algorithms: ['RS256', 'HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
    await rejects(jose.verifyJwt(token!, k.rsa.spki as never, { algorithms: ['HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
  });
  it('CVE-2026-34950 (GHSA-mvf2-f6gm-w987): a whitespace-prefixed PEM string is no more a key than a plain one', async () => {
    const pem = `  \n\t${k.rsa.spki}`;
    const token = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(pem, i));
    await rejects(jose.verifyJwt(token, pem as never, { algorithms: ['HS256', 'RS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
    const rs = await jose.signJwt(CLAIMS, k.rsa.privateKey, { alg: 'RS256' });
    await rejects(jose.verifyJwt(rs, pem as never, { algorithms: ['RS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
  });
  it('PEM bytes passed as a Uint8Array are only ever an HMAC secret: refused for RS256', async () => {
    const rs = compact({ alg: 'RS256' }, CLAIMS, () => new Uint8Array(256));
    await rejects(jose.verifyJwt(rs, new TextEncoder().encode(k.rsa.spki), { algorithms: ['RS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
  });
  it('GHSA-g3jj-5cmm-3hxx: a JWK\'s JSON text used as an HMAC secret does not verify against the JWK object', async () => {
    const token = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(JSON.stringify(k.rsa.publicJwk), i));
    await rejects(jose.verifyJwt(token, k.rsa.publicJwk, { algorithms: ['HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
    const set = jose.createLocalJwks({ keys: [k.rsa.publicJwk] });
    await rejects(jose.verifyJwt(token, set, { algorithms: ['HS256', 'RS256'], currentDate: NOW }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
  });
  it('ES256 → HS256: an EC public key is never an HMAC secret either', async () => {
    const token = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256(JSON.stringify(k.es256.publicJwk), i));
    await rejects(jose.verifyJwt(token, k.es256.publicKey, { algorithms: ['ES256', 'HS256'], currentDate: NOW }), KEY_INVALID[1], KEY_INVALID[0]);
  });
});

describe('keys of the wrong kind', () => {
  it('CVE-2022-23539: a legacy key type (DSA) is refused for RS256', async () => {
    const pem = DSA_PUBLIC_KEY;
    await rejects(jose.importSpki(pem, 'RS256'), KEY_INVALID[1], KEY_INVALID[0]);
    await rejects(jose.importSpki(pem, 'ES256'), KEY_INVALID[1], KEY_INVALID[0]);
  });
  it('CVE-2022-23539: an RSA key cannot verify PS256 from an RS256 CryptoKey, nor EC from RSA', async () => {
    const token = await jose.signJwt({ sub: 'a' }, k.rsa.privateKey, { alg: 'RS256', expiresIn: 60 });
    await rejects(jose.verifyJwt(token.replace(/^[^.]+/, b64('{"alg":"PS256","typ":"JWT"}')), k.rsa.publicKey, { algorithms: ['PS256'] }), KEY_INVALID[1], KEY_INVALID[0]);
    await rejects(jose.verifyJwt(token, k.es256.publicKey, { algorithms: ['RS256'] }), KEY_INVALID[1], KEY_INVALID[0]);
  });
  it('CVE-2022-23529: a key object with a hostile toString is not called, and is refused', async () => {
    let called = false;
    const evil = { toString: () => ((called = true), 'secret'), valueOf: () => ((called = true), 1) };
    const token = compact({ alg: 'HS256' }, CLAIMS, (i) => hmac256('secret', i));
    await rejects(jose.verifyJwt(token, evil as never, { algorithms: ['HS256'], currentDate: NOW }), jose.JwkInvalid, 'ERR_JWK_INVALID');
    expect(called).toBe(false);
  });
  it('a private key handed to a verifier is used by its public part only (no sign-with-verify-key tricks)', async () => {
    const token = await jose.signJwt(CLAIMS, k.attacker.privateKey, { alg: 'ES256' });
    await rejects(jose.verifyJwt(token, k.es256.publicJwk, { algorithms: ['ES256'], currentDate: NOW }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
});
