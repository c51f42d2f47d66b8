// Migration hints: an option named as jose, jsonwebtoken or fast-jwt name it is refused (as every
// unknown option is), and the message gives josekit's spelling or what to do instead, and where
// the name comes from; only where that advice fits the function that was called.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { keysFor, rejects, type KeyPairFor } from './support.js';

const T0 = 1767225600;
const at = (seconds: number) => new Date(seconds * 1000);
const HS: jose.JwsAlgorithm[] = ['HS256'];
const JWKS_URL = 'https://auth.example/.well-known/jwks.json';

let hs: KeyPairFor;
let token: string;
beforeAll(async () => {
  hs = await keysFor('HS256');
  token = await jose.signJwt({ sub: 'u', iss: 'a' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '1h' });
});

/** Options with one extra (unknown) member, typed loosely on purpose: the runtime refusal is what is tested. */
const signWith = (extra: Record<string, unknown>) =>
  jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', expiresIn: '5m', ...extra } as unknown as jose.SignJwtOptions);
const verifyWith = (extra: Record<string, unknown>) =>
  jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0), ...extra } as unknown as jose.VerifyJwtOptions);
const verifierWith = (extra: Record<string, unknown>) => () =>
  jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, currentDate: at(T0), ...extra } as unknown as jose.JwtVerifierOptions);
const remoteWith = (extra: Record<string, unknown>) => () => jose.createRemoteJwks(JWKS_URL, extra as unknown as jose.RemoteJwksOptions);

/** Expects a JoseInvalidOptions at step 'options' naming `name` for `where`, whose message matches every pattern. */
async function refused(run: Promise<unknown> | (() => unknown), name: string, where: string, ...patterns: RegExp[]): Promise<string> {
  const err = await rejects(run, jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  expect(err.step).toBe('options');
  expect(err.message.startsWith(`options: unknown option "${name}" for ${where}: `), err.message).toBe(true);
  // The list of what the function does take is still there.
  expect(err.message).toMatch(/; known options: [a-zA-Z, ]+$/);
  for (const pattern of patterns) expect(err.message).toMatch(pattern);
  return err.message;
}

describe('signJwt: jsonwebtoken and fast-jwt signing names', () => {
  it('keyid → kid (jsonwebtoken), and kid works', async () => {
    await refused(signWith({ keyid: 'k1' }), 'keyid', 'signJwt', /josekit's name is "kid" \("keyid" in jsonwebtoken\)/);
    expect(jose.decodeHeader(await signWith({ kid: 'k1' })).kid).toBe('k1');
  });
  it('algorithm → alg (jsonwebtoken, fast-jwt)', async () => {
    await refused(signWith({ algorithm: 'HS256' }), 'algorithm', 'signJwt', /josekit's name is "alg" \("algorithm" in jsonwebtoken and fast-jwt\)/);
  });
  it('jwtid → jwtId (jsonwebtoken), and jwtId works', async () => {
    await refused(signWith({ jwtid: 'id-1' }), 'jwtid', 'signJwt', /josekit's name is "jwtId" \("jwtid" in jsonwebtoken\)/);
    expect(jose.decodeJwt(await signWith({ jwtId: 'id-1' })).jti).toBe('id-1');
  });
  it('noTimestamp → issuedAt: false (jsonwebtoken, fast-jwt), and that omits iat', async () => {
    await refused(signWith({ noTimestamp: true }), 'noTimestamp', 'signJwt', /josekit spells it issuedAt: false \("noTimestamp: true" in jsonwebtoken and fast-jwt\)/);
    expect(jose.decodeJwt(await signWith({ issuedAt: false })).iat).toBeUndefined();
  });
  it('clockTimestamp → currentDate, a Date', async () => {
    await refused(signWith({ clockTimestamp: T0 }), 'clockTimestamp', 'signJwt', /josekit's name is "currentDate"/, /a Date, where jsonwebtoken counted seconds and fast-jwt milliseconds/);
    expect(jose.decodeJwt(await signWith({ currentDate: at(T0) })).iat).toBe(T0);
  });
  const claims: Array<[string, string]> = [['iss', 'issuer'], ['sub', 'subject'], ['aud', 'audience'], ['jti', 'jwtId'], ['exp', 'expiresIn'], ['nbf', 'notBefore'], ['iat', 'issuedAt']];
  for (const [claim, option] of claims) {
    it(`"${claim}" as an option (fast-jwt's createSigner) → ${option}, or the claim itself`, async () => {
      await refused(signWith({ [claim]: 'x' }), claim, 'signJwt', new RegExp(`"${claim}" is a claim, not an option: pass ${option}, or put "${claim}" in the claims`));
    });
  }
  it('allowInsecureKeySizes and allowInvalidAsymmetricKeyTypes (jsonwebtoken): josekit has no such switch', async () => {
    const sizes = await refused(signWith({ allowInsecureKeySizes: true }), 'allowInsecureKeySizes', 'signJwt', /josekit has no such switch/, /RSA keys need at least 2048 bits/);
    // Signing never takes a short secret, so the verify-side opt-in is not offered here.
    expect(sizes).not.toMatch(/allowShortSecret/);
    await refused(signWith({ allowInvalidAsymmetricKeyTypes: true }), 'allowInvalidAsymmetricKeyTypes', 'signJwt', /josekit has no such switch/, /a key must fit the alg/);
  });
  it('expiresIn and notBefore are signJwt options: no hint, they work', async () => {
    const payload = jose.decodeJwt(await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60, notBefore: 10 }));
    expect([payload.exp, payload.nbf]).toEqual([T0 + 60, T0 + 10]);
  });
});

describe('verifyJwt: jsonwebtoken, fast-jwt and jose verifying names', () => {
  it('maxAge → maxTokenAge (seconds or a duration string), and maxTokenAge works', async () => {
    await refused(verifyWith({ maxAge: '1h' }), 'maxAge', 'verifyJwt', /josekit's name is "maxTokenAge" \("maxAge" in jsonwebtoken and fast-jwt\); seconds or a duration string like "1h"/, /fast-jwt counted milliseconds/);
    expect((await verifyWith({ maxTokenAge: '1h' })).payload.sub).toBe('u');
  });
  it('algorithm and allowedAlgorithms → algorithms', async () => {
    await refused(verifyWith({ algorithm: 'HS256' }), 'algorithm', 'verifyJwt', /josekit's name is "algorithms", the non-empty list of algs this verifier accepts/);
    await refused(verifyWith({ allowedAlgorithms: ['HS256'] }), 'allowedAlgorithms', 'verifyJwt', /josekit's name is "algorithms"/);
  });
  it('a port that has only jsonwebtoken\'s `algorithm` (no `algorithms` at all) hears the name it missed', async () => {
    await refused(jose.verifyJwt(token, hs.verifyKey, { algorithm: 'HS256' } as never), 'algorithm', 'verifyJwt', /josekit's name is "algorithms"/);
    expect(() => jose.createJwtVerifier(hs.verifyKey, { algorithm: 'HS256' } as never)).toThrow(/josekit's name is "algorithms"/);
  });
  it('expiresIn is a signing option: on verify, maxTokenAge or exp', async () => {
    await refused(verifyWith({ expiresIn: '1h' }), 'expiresIn', 'verifyJwt', /expiresIn is a signing option; on verify use maxTokenAge .* or rely on "exp"/);
  });
  it('notBefore is a signing option: nbf is always checked on verify', async () => {
    await refused(verifyWith({ notBefore: 0 }), 'notBefore', 'verifyJwt', /notBefore is a signing option; on verify a token's "nbf" is always checked/, /clockTolerance/);
  });
  it('ignoreExpiration: no such switch; clockTolerance, or requireExp: false', async () => {
    await refused(
      verifyWith({ ignoreExpiration: true }),
      'ignoreExpiration',
      'verifyJwt',
      /josekit has no switch to ignore exp \("ignoreExpiration" in jsonwebtoken and fast-jwt\): use clockTolerance, or requireExp: false for tokens without exp/,
    );
  });
  it('ignoreNotBefore: no such switch; clockTolerance', async () => {
    await refused(verifyWith({ ignoreNotBefore: true }), 'ignoreNotBefore', 'verifyJwt', /josekit has no switch to ignore nbf/, /clockTolerance/);
  });
  it('clockTimestamp → currentDate', async () => {
    await refused(verifyWith({ clockTimestamp: T0 }), 'clockTimestamp', 'verifyJwt', /josekit's name is "currentDate" \("clockTimestamp" in jsonwebtoken and fast-jwt\)/);
  });
  it('complete: verifyJwt always returns { payload, header, key }', async () => {
    await refused(verifyWith({ complete: true }), 'complete', 'verifyJwt', /verifyJwt always returns \{ payload, header, key \}/);
    const result = await verifyWith({});
    expect(Object.keys(result).sort()).toEqual(['header', 'key', 'payload']);
  });
  it('jwtid: no jti check option; validate', async () => {
    const message = await refused(verifyWith({ jwtid: 'id-1' }), 'jwtid', 'verifyJwt', /check "jti" in validate/);
    // verifyJwt has no jwtId option, so it is not suggested.
    expect(message).not.toMatch(/"jwtId"/);
  });
  it('allowedIss, allowedAud, allowedSub (fast-jwt) → issuer, audience, subject', async () => {
    await refused(verifyWith({ allowedIss: 'a' }), 'allowedIss', 'verifyJwt', /josekit's name is "issuer" \("allowedIss" in fast-jwt\)/);
    await refused(verifyWith({ allowedAud: 'api' }), 'allowedAud', 'verifyJwt', /josekit's name is "audience" \("allowedAud" in fast-jwt\)/);
    await refused(verifyWith({ allowedSub: 'u' }), 'allowedSub', 'verifyJwt', /josekit's name is "subject" \("allowedSub" in fast-jwt\)/);
  });
  it('an issuer list is taken as it is (as in jsonwebtoken and jose): no hint needed', async () => {
    expect((await verifyWith({ issuer: ['other', 'a'] })).payload.iss).toBe('a');
    await rejects(verifyWith({ issuer: ['other', 'b'] }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /"iss" is "a", expected one of \["other","b"\]/);
  });
  it('cache (fast-jwt): verifyJwt keeps none; createJwtVerifier does', async () => {
    await refused(verifyWith({ cache: true }), 'cache', 'verifyJwt', /verifyJwt keeps no cache: create a verifier once with createJwtVerifier/);
  });
  it('allowInsecureKeySizes: no such switch; allowShortSecret is the verify-side opt-in for legacy HMAC secrets', async () => {
    await refused(verifyWith({ allowInsecureKeySizes: true }), 'allowInsecureKeySizes', 'verifyJwt', /josekit has no such switch/, /pass allowShortSecret: true while you rotate/);
    await refused(verifyWith({ allowInvalidAsymmetricKeyTypes: true }), 'allowInvalidAsymmetricKeyTypes', 'verifyJwt', /a key must fit the alg/);
  });
});

describe('createJwtVerifier: the same hints, said of the verifier', () => {
  it('maxAge → maxTokenAge', async () => {
    await refused(verifierWith({ maxAge: 60 }), 'maxAge', 'createJwtVerifier', /josekit's name is "maxTokenAge"/);
  });
  it('complete: the verifier always resolves to { payload, header, key }', async () => {
    await refused(verifierWith({ complete: true }), 'complete', 'createJwtVerifier', /the verifier createJwtVerifier makes always resolves to \{ payload, header, key \}/);
  });
  it('ignoreExpiration and clockTimestamp', async () => {
    await refused(verifierWith({ ignoreExpiration: true }), 'ignoreExpiration', 'createJwtVerifier', /requireExp: false/);
    await refused(verifierWith({ clockTimestamp: T0 }), 'clockTimestamp', 'createJwtVerifier', /josekit's name is "currentDate"/);
  });
  it('cache is its own option here: no hint, and fast-jwt\'s cache: true is refused by its own rule', async () => {
    const verify = jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, currentDate: at(T0), cache: { max: 2 } });
    expect((await verify(token)).payload.sub).toBe('u');
    await rejects(verifierWith({ cache: true }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /^(?!.*keeps no cache)/);
  });
});

describe('createRemoteJwks: jose createRemoteJWKSet names', () => {
  it('cooldownDuration → cooldownMs', async () => {
    await refused(remoteWith({ cooldownDuration: 30_000 }), 'cooldownDuration', 'createRemoteJwks', /josekit's name is "cooldownMs" \("cooldownDuration" in jose's createRemoteJWKSet\); milliseconds, as there/);
  });
  it('cacheMaxAge → maxAgeMs', async () => {
    await refused(remoteWith({ cacheMaxAge: 600_000 }), 'cacheMaxAge', 'createRemoteJwks', /josekit's name is "maxAgeMs" \("cacheMaxAge" in jose's createRemoteJWKSet\)/);
  });
  it('timeoutDuration → timeoutMs', async () => {
    await refused(remoteWith({ timeoutDuration: 5000 }), 'timeoutDuration', 'createRemoteJwks', /josekit's name is "timeoutMs" \("timeoutDuration" in jose's createRemoteJWKSet\)/);
  });
  it('agent → fetch', async () => {
    await refused(remoteWith({ agent: {} }), 'agent', 'createRemoteJwks', /josekit takes no HTTP agent/, /pass fetch/);
  });
  it('the josekit names are taken', () => {
    const jwks = jose.createRemoteJwks(JWKS_URL, { cooldownMs: 30_000, maxAgeMs: 600_000, timeoutMs: 5000 });
    expect(typeof jwks).toBe('function');
  });
});

describe('a hint is given only where it fits the function', () => {
  it('maxAge on createRemoteJwks is closest to maxAgeMs, not the claim option maxTokenAge', async () => {
    const err = await rejects(remoteWith({ maxAge: 1 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "maxAge" for createRemoteJwks \(did you mean "maxAgeMs"\?\)/);
    expect(err.message).not.toMatch(/maxTokenAge/);
  });
  it('keyid on verifyJwt: no kid hint (verifyJwt has no kid option)', async () => {
    const err = await rejects(verifyWith({ keyid: 'k' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "keyid" for verifyJwt/);
    expect(err.message).not.toMatch(/"kid"/);
  });
  it('algorithm on encodeUnsecuredJwt: no alg hint (an unsecured JWT has no alg to choose)', async () => {
    const err = await rejects(jose.encodeUnsecuredJwt({}, { algorithm: 'none' } as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "algorithm" for encodeUnsecuredJwt/);
    expect(err.message).not.toMatch(/josekit's name/);
  });
  it('noTimestamp on verifyJwt and exp on verifyJwt: no signing hints', async () => {
    const noTimestamp = await rejects(verifyWith({ noTimestamp: true }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "noTimestamp" for verifyJwt/);
    expect(noTimestamp.message).not.toMatch(/issuedAt/);
    const exp = await rejects(verifyWith({ exp: T0 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "exp" for verifyJwt/);
    expect(exp.message).not.toMatch(/is a claim, not an option/);
  });
  it('complete on decodeUnsecuredJwt: no hint (it returns { payload, header })', async () => {
    const unsecured = await jose.encodeUnsecuredJwt({}, { expiresIn: 60 });
    const err = await rejects(jose.decodeUnsecuredJwt(unsecured, { complete: true } as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "complete" for decodeUnsecuredJwt/);
    expect(err.message).not.toMatch(/always returns/);
  });
  it('a misspelling still gets the closest known name', async () => {
    await rejects(verifyWith({ audiance: 'api' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "audiance" for verifyJwt \(did you mean "audience"\?\)/);
  });
  it('prototype member names get no hint and no crash', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      await rejects(verifyWith({ [name]: 1 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', new RegExp(`unknown option "${name}" for verifyJwt`));
    }
    const proto = JSON.parse('{"alg":"HS256","expiresIn":60,"__proto__":1}') as jose.SignJwtOptions;
    await rejects(jose.signJwt({}, hs.signKey, proto), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "__proto__" for signJwt/);
  });
});
