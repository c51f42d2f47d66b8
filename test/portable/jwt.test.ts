// JWTs end to end: signJwt, the verifyJwt pipeline, createJwtVerifier (and its cache),
// decodeJwt/decodeHeader, inspectJwt, unsecured JWTs, and the RFC 7519 vectors.
// Claim-rule tables live in jwt-claims.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as jose from 'josekit';
import rfc3_1 from '../../vectors/rfc/rfc7519-3.1.json';
import rfc6_1 from '../../vectors/rfc/rfc7519-6.1.json';
import { bytes, keysFor, platformSupports, rejects, text, type KeyPairFor } from './support.js';

const b64 = jose.base64url.encode;
/** 2026-01-01T00:00:00Z. */
const T0 = 1767225600;
/** 2100-01-01T00:00:00Z: tokens that are still unexpired on the real clock (the cache keys on it). */
const T_FAR = 4102444800;
const at = (seconds: number) => new Date(seconds * 1000);
const HS: jose.JwsAlgorithm[] = ['HS256'];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let hs: KeyPairFor;
let es: KeyPairFor;
beforeAll(async () => {
  hs = await keysFor('HS256');
  es = await keysFor('ES256');
});

const segmentJson = (segment: string): unknown => JSON.parse(text(jose.base64url.decode(segment)));
const claimsOf = (token: string) => segmentJson(token.split('.')[1]!) as Record<string, unknown>;
/** An HS256 token over raw payload text or bytes. */
const raw = (payload: string | Uint8Array, header?: Record<string, unknown>) =>
  jose.signCompact(payload, hs.signKey, { alg: 'HS256', typ: 'JWT', ...(header ? { header } : {}) });

describe('signJwt: header', () => {
  it('defaults to {"alg","typ":"JWT"} in that order', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '5m' });
    expect(token.split('.')[0]).toBe(b64('{"alg":"HS256","typ":"JWT"}'));
    expect(jose.decodeHeader(token)).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
  });
  it('writes kid, typ, cty, extra header members and crit', async () => {
    const token = await jose.signJwt({ a: 1 }, es.signKey, {
      alg: 'ES256', kid: 'key-1', typ: 'at+jwt', cty: 'example', header: { 'urn:example:flag': true }, crit: ['urn:example:flag'], currentDate: at(T0),
      expiresIn: false,
    });
    expect(jose.decodeHeader(token)).toStrictEqual({ alg: 'ES256', kid: 'key-1', typ: 'at+jwt', cty: 'example', crit: ['urn:example:flag'], 'urn:example:flag': true });
    const options: jose.VerifyJwtOptions = { algorithms: ['ES256'], currentDate: at(T0), requireExp: false };
    await rejects(jose.verifyJwt(token, es.verifyKey, options), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /urn:example:flag/);
    const { header, payload } = await jose.verifyJwt(token, es.verifyKey, { ...options, crit: ['urn:example:flag'], typ: 'application/at+jwt' });
    expect(header.kid).toBe('key-1');
    expect(payload).toEqual({ a: 1, iat: T0 });
  });
  it('header may not override alg/typ or add b64', async () => {
    for (const header of [{ alg: 'none' }, { typ: 'x' }, { b64: false }, { crit: ['x'] }]) {
      await rejects(jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: '5m', header }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /header/);
    }
  });
});

describe('signJwt: time claims', () => {
  // expiresIn: false (no exp, on purpose) unless a test gives one, so that each test sees only its own claims.
  const sign = (options: Partial<jose.SignJwtOptions>) => jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: false, ...options });
  const durations: Array<[number | string, number]> = [
    [60, 60], [0, 0], [1.9, 1], [-30, -30], ['30s', 30], ['15m', 900], ['2 hours', 7200], ['7d', 604800], ['1 week', 604800],
    ['1 year', 31557600], ['90 min', 5400], ['1.5h', 5400], ['10 minutes from now', 600], ['5m ago', -300], ['-5m', -300], [' 15m ', 900],
  ];
  for (const [value, seconds] of durations) {
    it(`expiresIn and notBefore ${JSON.stringify(value)} = T0 + ${seconds}`, async () => {
      expect(claimsOf(await sign({ expiresIn: value }))).toEqual({ iat: T0, exp: T0 + seconds });
      expect(claimsOf(await sign({ notBefore: value, issuedAt: false }))).toEqual({ nbf: T0 + seconds });
    });
  }
  it('expiresIn and notBefore as Dates are absolute, floored to the second', async () => {
    expect(claimsOf(await sign({ expiresIn: new Date((T0 + 100) * 1000 + 999), notBefore: at(T0 - 5) }))).toEqual({ iat: T0, nbf: T0 - 5, exp: T0 + 100 });
  });
  it('iat defaults to currentDate in whole seconds', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: new Date(T0 * 1000 + 999), expiresIn: false });
    expect(claimsOf(token)).toStrictEqual({ iat: T0 });
  });
  it('iat without currentDate is the real clock', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { iat } = claimsOf(await jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: false })) as { iat: number };
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
  it('issuedAt false omits iat; issuedAt Date sets it', async () => {
    expect(claimsOf(await sign({ issuedAt: false, expiresIn: 60 }))).toStrictEqual({ exp: T0 + 60 });
    expect(claimsOf(await sign({ issuedAt: at(T0 - 3600) }))).toStrictEqual({ iat: T0 - 3600 });
  });
  it('relative times count from currentDate, not from issuedAt', async () => {
    expect(claimsOf(await sign({ issuedAt: at(T0 - 3600), expiresIn: '1m' }))).toEqual({ iat: T0 - 3600, exp: T0 + 60 });
  });
  it('a claims iat is kept when issuedAt is left at its default', async () => {
    expect(claimsOf(await jose.signJwt({ iat: 5 }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: false }))).toStrictEqual({ iat: 5 });
  });
});

describe('signJwt: a lifetime decision is required (expiresIn, an exp claim, or expiresIn: false)', () => {
  const LIFETIME_MESSAGE =
    'options: signJwt needs a lifetime: pass expiresIn (e.g. "15m"), put an "exp" claim in the claims, ' +
    'or pass expiresIn: false for a token that never expires (verifiers then need requireExp: false)';
  const verifyAt = (token: string, extra: Partial<jose.VerifyJwtOptions> = {}) =>
    jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0 + 1), ...extra });

  it('without one, signJwt refuses, naming the three ways to make one', async () => {
    for (const options of [{ alg: 'HS256' }, { alg: 'HS256', expiresIn: undefined }, { alg: 'HS256', issuer: 'i', notBefore: 0 }] as const) {
      const err = await rejects(jose.signJwt({ sub: 'u' }, hs.signKey, options), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      expect(err.message).toBe(LIFETIME_MESSAGE);
      expect(err.step).toBe('options');
    }
  });
  it('an "exp" claim alone is a lifetime: the token passes the default verifier', async () => {
    const token = await jose.signJwt({ sub: 'u', exp: T0 + 60 }, hs.signKey, { alg: 'HS256', currentDate: at(T0) });
    expect(claimsOf(token)).toStrictEqual({ sub: 'u', exp: T0 + 60, iat: T0 });
    expect((await verifyAt(token)).payload.exp).toBe(T0 + 60);
  });
  it('expiresIn is a lifetime: the token passes the default verifier', async () => {
    const token = await jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '15m' });
    expect(claimsOf(token)).toStrictEqual({ sub: 'u', iat: T0, exp: T0 + 900 });
    expect((await verifyAt(token)).payload.exp).toBe(T0 + 900);
  });
  it('expiresIn: false signs a token without exp, which verifies only with requireExp: false', async () => {
    const token = await jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: false });
    expect(claimsOf(token)).toStrictEqual({ sub: 'u', iat: T0 });
    const err = (await rejects(verifyAt(token), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /"exp" is missing/)) as jose.JwtClaimValidationFailed;
    expect([err.claim, err.reason]).toEqual(['exp', 'missing']);
    await rejects(jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, currentDate: at(T0 + 1) })(token), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /"exp" is missing/);
    const { payload } = await verifyAt(token, { requireExp: false });
    expect(payload).toStrictEqual({ sub: 'u', iat: T0 });
  });
  it('expiresIn: false with an "exp" claim is a contradiction, refused', async () => {
    await rejects(
      jose.signJwt({ exp: T0 + 60 }, hs.signKey, { alg: 'HS256', expiresIn: false }),
      jose.JoseInvalidOptions,
      'ERR_JOSE_INVALID_OPTIONS',
      /"exp" is in the claims, but expiresIn: false says the token never expires/,
    );
  });
  const junk: Array<[string, unknown, RegExp]> = [
    ['true', true, /"expiresIn" must be seconds \(a number\), a duration string like "15m", a Date, or false for a token that never expires, got true$/],
    ['null', null, /"expiresIn" must be seconds \(a number\), a duration string like "15m", a Date, or false .*, got null$/],
    ["'' (an empty string)", '', /"expiresIn" "" is not a duration/],
    ["'false' (a string)", 'false', /"expiresIn" "false" is not a duration/],
    ['0 as a bigint', 0n, /got bigint$/],
  ];
  for (const [name, expiresIn, message] of junk) {
    it(`expiresIn ${name} is refused, not read as a lifetime decision`, async () => {
      const err = await rejects(
        jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', expiresIn } as unknown as jose.SignJwtOptions),
        jose.JoseInvalidOptions,
        'ERR_JOSE_INVALID_OPTIONS',
        message,
      );
      expect(err.step).toBe('options');
    });
  }
});

describe('signJwt: identity claims', () => {
  const sign = (options: Partial<jose.SignJwtOptions>, claims: Record<string, unknown> = {}) =>
    jose.signJwt(claims, hs.signKey, { alg: 'HS256', currentDate: at(T0), issuedAt: false, expiresIn: false, ...options });
  it('issuer, subject, audience (string and array), jwtId string', async () => {
    expect(claimsOf(await sign({ issuer: 'https://a.example', subject: 'u1', audience: 'api', jwtId: 'id-1' }))).toStrictEqual({
      iss: 'https://a.example', sub: 'u1', aud: 'api', jti: 'id-1',
    });
    const audience = ['api', 'web'];
    expect(claimsOf(await sign({ audience }))).toStrictEqual({ aud: ['api', 'web'] });
    expect(audience).toEqual(['api', 'web']);
  });
  it('jwtId true is a random UUID v4, different every time', async () => {
    const a = claimsOf(await sign({ jwtId: true })).jti as string;
    const b = claimsOf(await sign({ jwtId: true })).jti as string;
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
  });
  it('the claims object is never mutated', async () => {
    const claims = { scope: 'read', nested: { list: [1, 2, { deep: true }] }, roles: ['a'] };
    const before = JSON.parse(JSON.stringify(claims)) as typeof claims;
    const nested = claims.nested;
    const token = await jose.signJwt(claims, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '1h', issuer: 'i', subject: 's', audience: ['x'], jwtId: true });
    expect(claims).toStrictEqual(before);
    expect(Object.keys(claims)).toEqual(['scope', 'nested', 'roles']);
    expect(claims.nested).toBe(nested);
    expect(claimsOf(token)).toMatchObject({ ...before, iss: 'i', sub: 's', aud: ['x'], iat: T0, exp: T0 + 3600 });
  });
  it('frozen claims are fine', async () => {
    const claims = Object.freeze({ scope: 'read' });
    expect(claimsOf(await sign({ expiresIn: 10 }, claims))).toEqual({ scope: 'read', exp: T0 + 10 });
  });
  const conflicts: Array<[string, Record<string, unknown>, Partial<jose.SignJwtOptions>]> = [
    ['iss/issuer', { iss: 'a' }, { issuer: 'b' }],
    ['sub/subject', { sub: 'a' }, { subject: 'a' }],
    ['aud/audience', { aud: 'a' }, { audience: 'a' }],
    ['jti/jwtId', { jti: 'a' }, { jwtId: true }],
    ['exp/expiresIn', { exp: T0 }, { expiresIn: 60 }],
    ['nbf/notBefore', { nbf: T0 }, { notBefore: 0 }],
    ['iat/issuedAt Date', { iat: T0 }, { issuedAt: at(T0) }],
  ];
  for (const [name, claims, options] of conflicts) {
    it(`a claim set both in claims and by option is refused: ${name}`, async () => {
      const claim = Object.keys(claims)[0]!;
      await rejects(sign(options, claims), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', new RegExp(`"${claim}" is set both in the claims and by the`));
    });
  }
});

describe('signJwt: invalid claims (JwtInvalid)', () => {
  class Claims {
    sub = 'x';
  }
  const notObjects: Array<[string, unknown]> = [
    ['an array', [1]], ['null', null], ['a string', '{"sub":"x"}'], ['a number', 1], ['undefined', undefined],
    ['a class instance', new Claims()], ['a Date', new Date(0)], ['a Map', new Map([['sub', 'x']])], ['a Uint8Array', new Uint8Array(2)],
  ];
  for (const [name, claims] of notObjects) {
    it(`claims that are ${name} are refused`, async () => {
      await rejects(jose.signJwt(claims as never, hs.signKey, { alg: 'HS256' }), jose.JwtInvalid, 'ERR_JWT_INVALID', /plain JSON object/);
    });
  }
  it('nested values that JSON would silently change are refused too', async () => {
    // A top-level Map is refused as "not a plain JSON object"; nested, the same Map would be
    // serialised as {} and its entries lost without an error.
    await rejects(jose.signJwt({ perms: new Map([['read', true]]) }, hs.signKey, { alg: 'HS256' }), jose.JwtInvalid, 'ERR_JWT_INVALID', /"perms" is a Map/);
    await rejects(jose.signJwt({ a: [{ at: new Date(0) }] }, hs.signKey, { alg: 'HS256' }), jose.JwtInvalid, 'ERR_JWT_INVALID', /is a Date/);
  });
  it('an object without a prototype is accepted', async () => {
    const claims = Object.assign(Object.create(null) as Record<string, unknown>, { sub: 'x' });
    expect(claimsOf(await jose.signJwt(claims, hs.signKey, { alg: 'HS256', issuedAt: false, expiresIn: false }))).toStrictEqual({ sub: 'x' });
  });
  const notJson: Array<[string, Record<string, unknown>, RegExp]> = [
    ['NaN', { n: NaN }, /claim "n" is NaN/],
    ['Infinity, nested', { a: { b: [1, Infinity] } }, /claim "a"\.b\[1\] is Infinity/],
    ['-Infinity', { x: -Infinity }, /-Infinity/],
    ['a bigint', { big: 1n }, /bigint/],
    ['a nested bigint', { list: [{ big: 2n }] }, /bigint/],
    ['a function', { f: () => 1 }, /function/],
    ['a symbol', { s: Symbol('x') }, /symbol/],
    ['exp as a string', { exp: 'soon' }, /"exp" must be a finite NumericDate/],
    ['aud as a number array', { aud: [1] }, /"aud"/],
    ['iss as a number', { iss: 1 }, /"iss"/],
  ];
  for (const [name, claims, message] of notJson) {
    it(`a claim that is ${name} is refused`, async () => {
      await rejects(jose.signJwt(claims, hs.signKey, { alg: 'HS256' }), jose.JwtInvalid, 'ERR_JWT_INVALID', message);
    });
  }
});

describe('signJwt: invalid options (JoseInvalidOptions)', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp?]> = [
    ["expiresIn '120' (bare numeric string)", { expiresIn: '120' }, /"expiresIn" "120" is not a duration/],
    ['expiresIn {}', { expiresIn: {} }, /"expiresIn" must be seconds/],
    ['expiresIn NaN', { expiresIn: NaN }, /finite/],
    ['expiresIn Infinity', { expiresIn: Infinity }, /finite/],
    ['expiresIn invalid Date', { expiresIn: new Date('x') }, /invalid Date/],
    ["expiresIn '1 fortnight'", { expiresIn: '1 fortnight' }, /not a duration/],
    ["expiresIn '-5m ago' (sign and ago)", { expiresIn: '-5m ago' }, /both a sign and "ago"/],
    ["notBefore 'tomorrow'", { notBefore: 'tomorrow' }, /"notBefore"/],
    ['issuer 42', { issuer: 42 }, /"issuer" must be a string/],
    ['subject {}', { subject: {} }, /"subject" must be a string/],
    ['audience []', { audience: [] }, /"audience" must be a string or a non-empty array/],
    ['audience [1]', { audience: [1] }, /"audience"/],
    ['jwtId 5', { jwtId: 5 }, /"jwtId" must be a string, or true/],
    ['jwtId false', { jwtId: false }, /"jwtId"/],
    ["issuedAt 'now'", { issuedAt: 'now' }, /"issuedAt" must be a boolean or a Date/],
    ['issuedAt invalid Date', { issuedAt: new Date(NaN) }, /invalid Date/],
    ['currentDate invalid', { currentDate: new Date(NaN) }, /"currentDate" must be a valid Date/],
    ['kid 1', { kid: 1 }, /"kid" must be a string/],
    ["alg 'none'", { alg: 'none' }, /encodeUnsecuredJwt/],
    ['alg missing', { alg: undefined }, /"alg" must be a string/],
  ];
  for (const [name, options, message] of bad) {
    it(name, async () => {
      const err = await rejects(jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: '5m', ...options } as jose.SignJwtOptions), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(err.step).toBe('options');
    });
  }
  it('no options at all', async () => {
    await rejects(jose.signJwt({}, hs.signKey, undefined as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /"alg"/);
  });
  it("an unknown alg is JoseNotSupported; 'None' is refused like 'none'", async () => {
    // @ts-expect-error not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.signJwt({}, hs.signKey, { alg: 'HS257', expiresIn: '5m' }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /HS257/);
    // @ts-expect-error "None" is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.signJwt({}, hs.signKey, { alg: 'None', expiresIn: '5m' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
  it('a key that does not fit the alg is JoseKeyInvalid', async () => {
    await rejects(jose.signJwt({}, es.signKey, { alg: 'HS256', expiresIn: '5m' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    await rejects(jose.signJwt({}, 'a string secret that is long enough!!' as never, { alg: 'HS256', expiresIn: '5m' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /never a key/);
  });
});

describe('verifyJwt: pipeline', () => {
  const opts = (extra: Partial<jose.VerifyJwtOptions> = {}): jose.VerifyJwtOptions => ({ algorithms: HS, currentDate: at(T0), ...extra });
  it('round trip returns payload, header and the CryptoKey', async () => {
    const token = await jose.signJwt({ scope: 'read' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '5m', kid: 'k' });
    const result = await jose.verifyJwt(token, hs.verifyKey, opts());
    expect(result.payload).toStrictEqual({ scope: 'read', iat: T0, exp: T0 + 300 });
    expect(result.header).toStrictEqual({ alg: 'HS256', kid: 'k', typ: 'JWT' });
    expect(result.key).toBe(hs.verifyKey);
  });
  it('the signature is checked before any claim: an expired, wrong-issuer token with a bad signature fails on the signature', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0 - 7200), expiresIn: '1h', issuer: 'evil' });
    // With a good signature it fails on its claims (iss is checked before the time claims)...
    await rejects(jose.verifyJwt(token, hs.verifyKey, opts({ issuer: 'good' })), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /"iss" is "evil"/);
    await rejects(jose.verifyJwt(token, hs.verifyKey, opts()), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    // ...with a bad one, only the signature is reported.
    const [h, p, s] = token.split('.');
    const badSig = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
    await rejects(jose.verifyJwt(badSig, hs.verifyKey, opts({ issuer: 'good' })), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const other = await jose.generateSecret('HS256');
    await rejects(jose.verifyJwt(token, other, opts({ issuer: 'good' })), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    // A payload that is not even JSON is not looked at either, until the signature holds.
    await rejects(jose.verifyJwt(`${h}.${b64('[1]')}.${s}`, hs.verifyKey, opts()), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
  it('a token whose alg is not allowed is JoseAlgNotAllowed', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
    await rejects(jose.verifyJwt(token, hs.verifyKey, opts({ algorithms: ['HS384'] })), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED', /header alg "HS256" is not in the allowed algorithms \["HS384"\]/);
    const esToken = await jose.signJwt({}, es.signKey, { alg: 'ES256', currentDate: at(T0), expiresIn: 60 });
    await rejects(jose.verifyJwt(esToken, hs.verifyKey, opts()), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
  const notObjects: Array<[string, string | Uint8Array, RegExp]> = [
    ['an array', '[1]', /must be a JSON object, got an array/],
    ['a string', '"x"', /got string/],
    ['null', 'null', /got null/],
    ['a number', '1700000000', /got number/],
    ['not JSON', 'hello', /is not valid JSON/],
    ['truncated JSON', '{"exp":1', /is not valid JSON/],
    ['empty (a signed empty payload)', '', /not valid JSON/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /not valid UTF-8/],
    ['a lone surrogate encoded in UTF-8 (CESU)', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), /not valid UTF-8/],
  ];
  for (const [name, payload, message] of notObjects) {
    it(`a payload that is ${name} is refused`, async () => {
      const token = await raw(payload);
      const err = await rejects(jose.verifyJwt(token, hs.verifyKey, opts()), jose.JwtInvalid, 'ERR_JWT_INVALID', message);
      expect(err.step).toBe('parse claims');
    });
  }
  it('duplicate claim names are refused, at any depth and however spelled', async () => {
    for (const [json, name] of [
      ['{"sub":"a","sub":"b"}', 'sub'],
      [`{"exp":${T0 + 60},"exp":${T0 + 9e9}}`, 'exp'],
      ['{"sub":"a","\\u0073ub":"b"}', 'sub'],
      ['{"ctx":{"role":"user","role":"admin"}}', 'role'],
      ['{"list":[{"x":1,"x":2}]}', 'x'],
      ['{"__proto__":1,"__proto__":2}', '__proto__'],
    ] as const) {
      const err = await rejects(jose.verifyJwt(await raw(json), hs.verifyKey, opts({ requireExp: false })), jose.JwtInvalid, 'ERR_JWT_INVALID', /duplicate/);
      expect(err.message).toContain(`duplicate member name "${name}"`);
      expect(err.step).toBe('parse claims');
    }
  });
  it('names that look alike but differ are not duplicates', async () => {
    const { payload } = await jose.verifyJwt(await raw('{"a":1,"A":2,"a ":3,"b":{"a":4},"c":"\\"a\\":5"}'), hs.verifyKey, opts({ requireExp: false }));
    expect(payload).toStrictEqual({ a: 1, A: 2, 'a ': 3, b: { a: 4 }, c: '"a":5' });
  });
  it('a "__proto__" claim stays an own property and changes no prototype', async () => {
    const token = await raw(`{"exp":${T0 + 60},"__proto__":{"polluted":true,"exp":1},"constructor":{"prototype":{"polluted":true}}}`);
    for (const payload of [
      (await jose.verifyJwt(token, hs.verifyKey, opts())).payload,
      jose.decodeJwt(token),
      (await jose.createJwtVerifier(hs.verifyKey, opts())(token)).payload,
    ]) {
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(payload, '__proto__')).toBe(true);
      expect(Object.keys(payload)).toEqual(['exp', '__proto__', 'constructor']);
      expect((payload as Record<string, unknown>).polluted).toBeUndefined();
      expect(payload.exp).toBe(T0 + 60);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('a "__proto__" claim survives a signJwt/verifyJwt round trip as a claim', async () => {
    const claims = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    const token = await jose.signJwt(claims, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
    const { payload } = await jose.verifyJwt(token, hs.verifyKey, opts());
    expect(Object.prototype.hasOwnProperty.call(payload, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect((payload as Record<string, unknown>).x).toBeUndefined();
  });
  it('a b64:false (unencoded payload) JWS is not a JWT', async () => {
    const token = await jose.signCompact(`{"exp":${T0 + 60}}`, hs.signKey, { alg: 'HS256', b64: false });
    // The JWS itself verifies...
    await jose.verifyCompact(token, hs.verifyKey, { algorithms: HS });
    // ...but not as a JWT.
    await rejects(jose.verifyJwt(token, hs.verifyKey, opts()), jose.JwtInvalid, 'ERR_JWT_INVALID', /b64: false/);
  });
  it('a detached JWS is refused (as a signature failure over the empty payload)', async () => {
    const token = await jose.signCompact(`{"exp":${T0 + 60}}`, hs.signKey, { alg: 'HS256', detached: true });
    // The signature is still checked first; the hint says why it cannot match.
    await rejects(jose.verifyJwt(token, hs.verifyKey, opts()), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /payload segment is empty: a detached JWS is not a JWT/);
  });
  it('a non-string token is refused', async () => {
    for (const token of [undefined, null, 1, {}, bytes('a.b.c')]) {
      await rejects(jose.verifyJwt(token as never, hs.verifyKey, opts()), jose.JwsInvalid, 'ERR_JWS_INVALID', /must be a string/);
    }
  });
  it('a key resolver sees the header and the token', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', kid: 'k9', currentDate: at(T0), expiresIn: 60 });
    const seen: unknown[] = [];
    await jose.verifyJwt(token, (header, t) => {
      seen.push(header.kid, t);
      return hs.verifyKey;
    }, opts());
    expect(seen).toEqual(['k9', token]);
  });
  it('typed payload: verifyJwt<{ scope: string }>', async () => {
    const token = await jose.signJwt({ scope: 'read write' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
    const { payload } = await jose.verifyJwt<{ scope: string }>(token, hs.verifyKey, opts());
    const scopes: string[] = payload.scope.split(' ');
    expect(scopes).toEqual(['read', 'write']);
    const exp: number | undefined = payload.exp;
    expect(exp).toBe(T0 + 60);
  });
});

describe('every algorithm round-trips through signJwt/verifyJwt', () => {
  for (const alg of jose.JWS_ALGORITHMS) {
    it(alg, async () => {
      if (!(await platformSupports(alg))) {
        await rejects(jose.generateKeyPair(alg), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
        return;
      }
      const keys = await keysFor(alg);
      const token = await jose.signJwt({ alg_under_test: alg }, keys.signKey, {
        alg, kid: alg, currentDate: at(T0), expiresIn: '10m', issuer: 'iss', audience: 'aud', subject: 'sub', jwtId: true,
      });
      const options = { algorithms: [alg], currentDate: at(T0 + 60), issuer: 'iss', audience: 'aud', subject: 'sub', typ: 'JWT' };
      for (const key of [keys.verifyKey, keys.publicJwk]) {
        const { payload, header } = await jose.verifyJwt(token, key, options);
        expect(payload).toMatchObject({ alg_under_test: alg, iss: 'iss', aud: 'aud', sub: 'sub', iat: T0, exp: T0 + 600 });
        expect(payload.jti).toMatch(UUID_V4);
        expect(header).toStrictEqual({ alg, kid: alg, typ: 'JWT' });
      }
      await rejects(jose.verifyJwt(token, keys.verifyKey, { ...options, currentDate: at(T0 + 600) }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
      const tampered = `${token.split('.')[0]}.${b64(JSON.stringify({ ...jose.decodeJwt(token), sub: 'admin' }))}.${token.split('.')[2]}`;
      await rejects(jose.verifyJwt(tampered, keys.verifyKey, options), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });
  }
});

describe('createJwtVerifier', () => {
  const base = { algorithms: HS, currentDate: at(T0) };
  const badOptions: Array<[string, Record<string, unknown>, ((new (...a: never[]) => jose.JoseError) & { code: string })?]> = [
    ['missing algorithms', { algorithms: undefined }],
    ['clockTolerance 301', { clockTolerance: 301 }],
    ['cache { max: 0 }', { cache: { max: 0 } }],
    ['cache { max: -1 }', { cache: { max: -1 } }],
    ['cache { max: 1.5 }', { cache: { max: 1.5 } }],
    ['cache { max: Infinity }', { cache: { max: Infinity } }],
    ['cache {}', { cache: {} }],
    ['cache { max: "10" }', { cache: { max: '10' } }],
    ['issuer []', { issuer: [] }],
    ['an unknown algorithm', { algorithms: ['HS999'] }, jose.JoseNotSupported],
  ];
  for (const [name, options, cls = jose.JoseInvalidOptions] of badOptions) {
    it(`bad options throw synchronously at creation: ${name}`, () => {
      expect(() => jose.createJwtVerifier(hs.verifyKey, { ...base, ...options } as jose.JwtVerifierOptions)).toThrow(cls);
      try {
        jose.createJwtVerifier(hs.verifyKey, { ...base, ...options } as jose.JwtVerifierOptions);
      } catch (err) {
        expect((err as jose.JoseError).code).toBe(cls.code);
      }
    });
  }
  it('no options at all throws at creation', () => {
    expect(() => jose.createJwtVerifier(hs.verifyKey, undefined as never)).toThrow(jose.JoseInvalidOptions);
  });
  it('a token with aud fails without an audience option, uncached (RFC 7519 §4.1.3)', async () => {
    const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60, audience: 'a' });
    const verify = jose.createJwtVerifier(hs.verifyKey, base);
    const err = (await rejects(verify(token), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /pass audience/)) as jose.JwtClaimValidationFailed;
    expect([err.claim, err.reason]).toEqual(['aud', 'check_failed']);
    expect((await jose.createJwtVerifier(hs.verifyKey, { ...base, audience: false })(token)).payload.aud).toBe('a');
    await rejects(jose.verifyJwt(token, hs.verifyKey, base), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /no audience was given/);
  });
  it('verifies many tokens with the same options', async () => {
    const verify = jose.createJwtVerifier(hs.verifyKey, { ...base, issuer: 'i', audience: 'a' });
    for (let i = 0; i < 20; i++) {
      const token = await jose.signJwt({ n: i }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60, issuer: 'i', audience: 'a' });
      expect((await verify(token)).payload.n).toBe(i);
    }
    const wrong = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60, issuer: 'x', audience: 'a' });
    await rejects(verify(wrong), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    await rejects(verify('garbage'), jose.JwsInvalid, 'ERR_JWS_INVALID');
  });
  it('a typed verifier', async () => {
    const verify = jose.createJwtVerifier<{ scope: string }>(hs.verifyKey, base);
    const token = await jose.signJwt({ scope: 'x y' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
    expect((await verify(token)).payload.scope.split(' ')).toEqual(['x', 'y']);
  });

  describe('with a cache', () => {
    // Tokens expire in 2100 on the real clock so that the cache keeps them; the verifier's
    // currentDate is fixed near their iat.
    const farOptions = { algorithms: HS, currentDate: at(T_FAR + 10) };
    const farToken = (claims: Record<string, unknown> = {}) =>
      jose.signJwt(claims, hs.signKey, { alg: 'HS256', currentDate: at(T_FAR), expiresIn: '1h', kid: 'k' });
    /** A resolver that counts how often the signature path runs. */
    const counting = () => {
      const counter = { calls: 0, resolve: (() => { counter.calls++; return hs.verifyKey; }) as jose.KeyResolver<string> };
      return counter;
    };

    it('a second call is served from the cache (no key resolution) with an equal but distinct payload', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, cache: { max: 2 } });
      const token = await farToken({ scope: 'read', list: [1] });
      const first = await verify(token);
      const second = await verify(token);
      expect(counter.calls).toBe(1);
      expect(second.payload).toStrictEqual(first.payload);
      expect(second.payload).not.toBe(first.payload);
      expect(second.key).toBe(first.key);
      expect(second.header).toStrictEqual({ alg: 'HS256', kid: 'k', typ: 'JWT' });
      // Mutating one result does not reach the cache.
      first.payload.scope = 'admin';
      (first.payload.list as number[]).push(2);
      first.header.kid = 'changed';
      second.payload.scope = 'root';
      const third = await verify(token);
      expect(counter.calls).toBe(1);
      expect(third.payload).toStrictEqual({ scope: 'read', list: [1], iat: T_FAR, exp: T_FAR + 3600 });
      expect(third.header.kid).toBe('k');
    });
    it('without a cache every call verifies the signature', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, farOptions);
      const token = await farToken();
      await verify(token);
      await verify(token);
      expect(counter.calls).toBe(2);
    });
    it('claim checks run again on a cache hit (a validate that starts refusing is honoured)', async () => {
      const revoked = new Set<string>();
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, {
        ...farOptions, cache: { max: 2 }, validate: (p) => !revoked.has(p.jti!),
      });
      const token = await jose.signJwt({ jti: 'session-1' }, hs.signKey, { alg: 'HS256', currentDate: at(T_FAR), expiresIn: '1h' });
      await verify(token);
      revoked.add('session-1');
      await rejects(verify(token), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /validate function returned false/);
      expect(counter.calls).toBe(1);
    });
    it('a cached token is still rejected by a verifier whose clock is past exp', async () => {
      const token = await farToken();
      const early = jose.createJwtVerifier(hs.verifyKey, { ...farOptions, cache: { max: 2 } });
      await early(token);
      await early(token);
      const late = jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, currentDate: at(T_FAR + 3600), cache: { max: 2 } });
      await rejects(late(token), jose.JwtExpired, 'ERR_JWT_EXPIRED');
      // And a verifier that rejected it once keeps rejecting it (failures are never cached as hits).
      await rejects(late(token), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    });
    it('a cached token is rejected once it expires on the real clock', async () => {
      const exp = Math.floor(Date.now() / 1000) + 1;
      const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: at(exp) });
      const verify = jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, cache: { max: 2 } });
      await verify(token);
      await verify(token);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 20));
      await rejects(verify(token), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    });
    it('a tampered token is never served from the cache', async () => {
      const verify = jose.createJwtVerifier(hs.verifyKey, { ...farOptions, cache: { max: 2 } });
      const token = await farToken({ role: 'user' });
      await verify(token);
      await verify(token);
      const [h, p, s] = token.split('.');
      const forgedPayload = b64(JSON.stringify({ ...jose.decodeJwt(token), role: 'admin' }));
      await rejects(verify(`${h}.${forgedPayload}.${s}`), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      const flipped = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
      await rejects(verify(flipped), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      await rejects(verify(`${token}=`), jose.JwsInvalid, 'ERR_JWS_INVALID');
      await rejects(verify(` ${token}`), jose.JwsInvalid, 'ERR_JWS_INVALID');
      expect((await verify(token)).payload.role).toBe('user');
    });
    it('LRU eviction does not break correctness: 3 tokens with max 2 all verify, in any order', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, cache: { max: 2 } });
      const tokens = [await farToken({ n: 0 }), await farToken({ n: 1 }), await farToken({ n: 2 })];
      for (const i of [0, 1, 2, 0, 1, 2, 2, 1, 0, 0, 2]) {
        expect((await verify(tokens[i]!)).payload.n).toBe(i);
      }
      // 0,1,2 miss; 0 (evicted by 2) misses; ... every call is correct and some were hits.
      expect(counter.calls).toBeGreaterThan(3);
      expect(counter.calls).toBeLessThan(11);
    });
    it('a hit refreshes recency (least recently used is evicted)', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, cache: { max: 2 } });
      const [a, b, c] = [await farToken({ n: 'a' }), await farToken({ n: 'b' }), await farToken({ n: 'c' })];
      await verify(a!); // miss: [a]
      await verify(b!); // miss: [a, b]
      await verify(a!); // hit:  [b, a]
      await verify(c!); // miss: [a, c], b evicted
      expect(counter.calls).toBe(3);
      await verify(a!); // hit
      expect(counter.calls).toBe(3);
      await verify(b!); // miss
      expect(counter.calls).toBe(4);
    });
    it('header arrays in a result are not shared with the cache', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, crit: ['urn:x'], cache: { max: 2 } });
      const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T_FAR), expiresIn: '1h', header: { 'urn:x': ['a'] }, crit: ['urn:x'] });
      const first = await verify(token);
      first.header.crit!.push('tampered');
      (first.header['urn:x'] as string[]).push('tampered');
      const second = await verify(token);
      expect(counter.calls).toBe(1);
      // Every hit gets a deep copy of the cached header: no array or object is shared with a result.
      expect(second.header.crit).toEqual(['urn:x']);
      expect(second.header['urn:x']).toEqual(['a']);
    });
    it('a cache hit keeps an own "__proto__" claim as a plain member, in order, deep-copied', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, cache: { max: 2 } });
      const token = await farToken(JSON.parse('{"a":1,"__proto__":{"admin":true},"z":[{"b":2}]}'));
      const first = await verify(token);
      const second = await verify(token);
      expect(counter.calls).toBe(1);
      for (const { payload } of [first, second]) {
        expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
        expect(Object.keys(payload)).toEqual(['a', '__proto__', 'z', 'iat', 'exp']);
        expect(Object.getOwnPropertyDescriptor(payload, '__proto__')?.value).toEqual({ admin: true });
        expect((payload as { admin?: unknown }).admin).toBeUndefined();
      }
      expect((second.payload.z as Array<{ b: number }>)[0]).not.toBe((first.payload.z as Array<{ b: number }>)[0]);
    });
    it('a validate that mutates the header it is given does not change later cached results', async () => {
      // validate changes the header only on its first call; the cached copy predates it.
      let calls = 0;
      const verify = jose.createJwtVerifier(hs.verifyKey, {
        ...farOptions, cache: { max: 2 }, validate: (_payload, header) => { if (calls++ === 0) header.kid = 'changed-by-validate'; },
      });
      const token = await farToken();
      expect((await verify(token)).header.kid).toBe('changed-by-validate');
      const second = await verify(token);
      expect(calls).toBe(2);
      expect(second.header.kid).toBe('k');
    });
    it('aud is checked on every call, cache hits included (RFC 7519 §4.1.3)', async () => {
      const counter = counting();
      const withAud = (aud: string) => jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T_FAR), expiresIn: '1h', audience: aud });
      const [api, web] = [await withAud('api'), await withAud('web')];
      const pinned = jose.createJwtVerifier(counter.resolve, { ...farOptions, audience: 'api', cache: { max: 4 } });
      await pinned(api);
      expect((await pinned(api)).payload.aud).toBe('api');
      expect(counter.calls).toBe(1);
      for (let i = 0; i < 2; i++) {
        const err = (await rejects(pinned(web), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /contains none of the accepted audiences/)) as jose.JwtClaimValidationFailed;
        expect([err.claim, err.reason]).toEqual(['aud', 'check_failed']);
      }
      // No audience option: a token with aud fails every time, and is never cached as a hit.
      const unpinned = jose.createJwtVerifier(counter.resolve, { ...farOptions, cache: { max: 4 } });
      for (let i = 0; i < 2; i++) {
        const err = (await rejects(unpinned(api), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /audience: false to accept any audience on purpose/)) as jose.JwtClaimValidationFailed;
        expect([err.claim, err.reason]).toEqual(['aud', 'check_failed']);
      }
      // audience: false accepts any audience, on purpose, from the cache too.
      const any = jose.createJwtVerifier(counter.resolve, { ...farOptions, audience: false, cache: { max: 4 } });
      const before = counter.calls;
      expect((await any(web)).payload.aud).toBe('web');
      expect((await any(web)).payload.aud).toBe('web');
      expect(counter.calls).toBe(before + 1);
    });
    it('tokens without exp (requireExp: false) are not cached but still verify', async () => {
      const counter = counting();
      const verify = jose.createJwtVerifier(counter.resolve, { ...farOptions, requireExp: false, cache: { max: 2 } });
      const token = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T_FAR), expiresIn: false });
      await verify(token);
      await verify(token);
      expect(counter.calls).toBe(2);
    });
  });
});

describe('decodeJwt / decodeHeader', () => {
  let token: string;
  beforeAll(async () => {
    token = await jose.signJwt({ scope: 'read' }, hs.signKey, { alg: 'HS256', kid: 'k1', currentDate: at(T0), expiresIn: 60 });
  });
  it('are synchronous and return payload / header without verifying', () => {
    const payload = jose.decodeJwt(token);
    expect(payload).not.toBeInstanceOf(Promise);
    expect(payload).toStrictEqual({ scope: 'read', iat: T0, exp: T0 + 60 });
    expect(jose.decodeHeader(token)).toStrictEqual({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
    // No signature check, no claim check: an expired token with a garbage signature decodes.
    const [h, p] = token.split('.');
    // (decodeJwt checks each segment's form, as verification would: a wrong but canonical signature.)
    expect(jose.decodeJwt(`${h}.${p}.AAAA`).scope).toBe('read');
    expect(jose.decodeJwt(`${h}.${p}.`).exp).toBe(T0 + 60);
    expect(jose.decodeHeader(`${h}..AAAA`).kid).toBe('k1');
  });
  it('typed decodeJwt', () => {
    const { scope } = jose.decodeJwt<{ scope: string }>(token);
    expect(scope.toUpperCase()).toBe('READ');
  });
  it('are strict about encoding and JSON', async () => {
    const [h, p, s] = token.split('.');
    await rejects(() => jose.decodeJwt(`${h}.${p}=.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /payload is not canonical base64url/);
    await rejects(() => jose.decodeJwt(`${h}.${p}==.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID');
    await rejects(() => jose.decodeHeader(`${h}=.${p}.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /protected header is not canonical base64url/);
    await rejects(() => jose.decodeJwt(`${h}.${b64('not json')}.${s}`), jose.JwtInvalid, 'ERR_JWT_INVALID', /not valid JSON/);
    await rejects(() => jose.decodeJwt(`${h}.${b64('[1,2]')}.${s}`), jose.JwtInvalid, 'ERR_JWT_INVALID', /JSON object/);
    await rejects(() => jose.decodeJwt(`${h}.${b64('{"sub":"a","sub":"b"}')}.${s}`), jose.JwtInvalid, 'ERR_JWT_INVALID', /duplicate member name "sub"/);
    await rejects(() => jose.decodeHeader(`${b64('{"alg":"HS256","alg":"none"}')}.${p}.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /duplicate member name "alg"/);
    await rejects(() => jose.decodeHeader(`${b64('nope')}.${p}.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /protected header/);
    await rejects(() => jose.decodeJwt(`${h}.${p}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /2 segments/);
    await rejects(() => jose.decodeHeader(`${h}.${p}`), jose.JwsInvalid, 'ERR_JWS_INVALID', /2 segments/);
    await rejects(() => jose.decodeJwt(h!), jose.JwsInvalid, 'ERR_JWS_INVALID', /1 segment/);
    await rejects(() => jose.decodeJwt(`${h}.${p}.${p}.${s}`), jose.JwsInvalid, 'ERR_JWS_INVALID');
    await rejects(() => jose.decodeJwt(42 as never), jose.JwsInvalid, 'ERR_JWS_INVALID', /must be a string/);
  });
  it('throws synchronously', () => {
    expect(() => jose.decodeJwt('a.b')).toThrow(jose.JwsInvalid);
    expect(() => jose.decodeHeader('')).toThrow(jose.JoseError);
  });
  it('a detached token (empty payload) is not a JWT', async () => {
    const detached = await jose.signCompact('{"exp":1}', hs.signKey, { alg: 'HS256', detached: true });
    await rejects(() => jose.decodeJwt(detached), jose.JwtInvalid, 'ERR_JWT_INVALID', /no payload \(a detached JWS is not a JWT\)/);
    expect(jose.decodeHeader(detached).alg).toBe('HS256');
  });
});

describe('inspectJwt', () => {
  const find = (r: jose.JwtInspection, code: jose.InspectionCode) => r.problems.filter((p) => p.code === code);
  const codes = (r: jose.JwtInspection) => r.problems.map((p) => p.code);
  const sign = (claims: Record<string, unknown>, options: Partial<jose.SignJwtOptions> = {}) =>
    jose.signJwt(claims, hs.signKey, { alg: 'HS256', currentDate: at(T0), ...options });

  it('explains a valid token', async () => {
    const token = await sign({ sub: 'u' }, { expiresIn: '15m', notBefore: 0 });
    const r = jose.inspectJwt(token, { now: at(T0 + 192) });
    expect(r).toStrictEqual({
      wellFormed: true,
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: 'u', iat: T0, nbf: T0, exp: T0 + 900 },
      alg: 'HS256',
      signature: { bytes: 32, expectedBytes: 32 },
      times: {
        iat: { value: T0, iso: '2026-01-01T00:00:00Z', relative: '3m12s ago' },
        nbf: { value: T0, iso: '2026-01-01T00:00:00Z', relative: '3m12s ago' },
        exp: { value: T0 + 900, iso: '2026-01-01T00:15:00Z', relative: 'in 11m48s' },
        lifetime: '15m',
      },
      now: '2026-01-01T00:03:12Z',
      problems: [],
    });
  });
  it('signature bytes against the expected length, per algorithm family', async () => {
    const esToken = await jose.signJwt({}, es.signKey, { alg: 'ES256', currentDate: at(T0), expiresIn: 60 });
    expect(jose.inspectJwt(esToken, { now: at(T0) }).signature).toStrictEqual({ bytes: 64, expectedBytes: 64 });
    const rs = await keysFor('RS256');
    const rsToken = await jose.signJwt({}, rs.signKey, { alg: 'RS256', currentDate: at(T0), expiresIn: 60 });
    const r = jose.inspectJwt(rsToken, { now: at(T0) });
    expect(r.signature).toStrictEqual({ bytes: 256 });
    expect(r.problems).toEqual([]);
  });
  it('expired', async () => {
    const r = jose.inspectJwt(await sign({}, { expiresIn: 60 }), { now: at(T0 + 60) });
    expect(r.wellFormed).toBe(true);
    expect(find(r, 'EXPIRED')).toEqual([
      { code: 'EXPIRED', severity: 'error', segment: 'payload', message: 'expired 0s ago (exp 2026-01-01T00:01:00Z, now 2026-01-01T00:01:00Z)' },
    ]);
    expect(r.times.exp!.relative).toBe('now');
    expect(jose.inspectJwt(await sign({}, { expiresIn: 60 }), { now: at(T0 + 59) }).problems).toEqual([]);
  });
  it('not yet valid, and iat in the future', async () => {
    const r = jose.inspectJwt(await sign({}, { notBefore: '1h', expiresIn: '2h', issuedAt: at(T0 + 600) }), { now: at(T0) });
    expect(find(r, 'NOT_YET_VALID')[0]!.severity).toBe('error');
    expect(find(r, 'NOT_YET_VALID')[0]!.message).toMatch(/not valid for another 1h \(nbf 2026-01-01T01:00:00Z, now 2026-01-01T00:00:00Z\)/);
    expect(find(r, 'IAT_IN_FUTURE')[0]!.severity).toBe('warning');
    expect(find(r, 'IAT_IN_FUTURE')[0]!.message).toMatch(/issued 10m in the future/);
    expect(r.times.nbf!.relative).toBe('in 1h');
    expect(r.times.lifetime).toBe('1h50m');
  });
  it('missing exp', async () => {
    const r = jose.inspectJwt(await sign({}, { expiresIn: false }), { now: at(T0) });
    expect(codes(r)).toEqual(['EXP_MISSING']);
    expect(r.problems[0]!.severity).toBe('error');
    expect(r.times.lifetime).toBeUndefined();
  });
  it('a very long lifetime is a warning', async () => {
    const r = jose.inspectJwt(await sign({}, { expiresIn: '30d' }), { now: at(T0) });
    expect(codes(r)).toEqual(['LONG_LIFETIME']);
    expect(r.problems[0]).toMatchObject({ severity: 'warning', segment: 'payload' });
    expect(r.times.lifetime).toBe('30d');
    expect(codes(jose.inspectJwt(await sign({}, { expiresIn: '24h' }), { now: at(T0) }))).toEqual([]);
  });
  it('wrong claim types', async () => {
    const r = jose.inspectJwt(await raw('{"exp":"tomorrow","iss":1}'), { now: at(T0) });
    expect(codes(r)).toEqual(['CLAIM_TYPE', 'CLAIM_TYPE']);
    expect(r.times.exp).toBeUndefined();
  });
  it('alg none (an unsecured JWT)', () => {
    const r = jose.inspectJwt(rfc6_1.jwt, { now: at(1300819380 - 10) });
    expect(codes(r)).toEqual(['ALG_NONE']);
    expect(r.wellFormed).toBe(true);
    expect(r.alg).toBe('none');
    expect(r.signature).toStrictEqual({ bytes: 0 });
  });
  it('unknown alg, missing alg', () => {
    const unknown = jose.inspectJwt(`${b64('{"alg":"XS256"}')}.${b64('{"exp":9}')}.AAAA`, { now: at(0) });
    expect(find(unknown, 'ALG_UNKNOWN')).toHaveLength(1);
    expect(unknown.signature).toStrictEqual({ bytes: 3 });
    const proto = jose.inspectJwt(`${b64('{"alg":"constructor"}')}.${b64('{"exp":9}')}.AAAA`, { now: at(0) });
    expect(find(proto, 'ALG_UNKNOWN')).toHaveLength(1);
    const missing = jose.inspectJwt(`${b64('{"typ":"JWT"}')}.${b64('{"exp":9}')}.AAAA`, { now: at(0) });
    expect(codes(missing)).toEqual(['ALG_MISSING']);
    expect(missing.alg).toBeUndefined();
  });
  it('a signature of the wrong length, or none', async () => {
    const [h, p, s] = (await sign({}, { expiresIn: 60 })).split('.');
    const short = jose.inspectJwt(`${h}.${p}.${b64(jose.base64url.decode(s!).subarray(0, 16))}`, { now: at(T0) });
    expect(codes(short)).toEqual(['SIGNATURE_LENGTH']);
    expect(short.signature).toStrictEqual({ bytes: 16, expectedBytes: 32 });
    expect(short.problems[0]!.message).toBe('the signature is 16 bytes; HS256 signatures are 32');
    expect(codes(jose.inspectJwt(`${h}.${p}.`, { now: at(T0) }))).toEqual(['SIGNATURE_MISSING']);
  });
  it('a malformed segment names the token offset', async () => {
    const token = await sign({ sub: 'someone' }, { expiresIn: 60 });
    const [h, p, s] = token.split('.');
    const payload = `${p!.slice(0, 5)}?${p!.slice(6)}`;
    const r = jose.inspectJwt(`${h}.${payload}.${s}`, { now: at(T0) });
    expect(r.wellFormed).toBe(false);
    expect(r.payload).toBeUndefined();
    expect(r.problems).toEqual([
      { code: 'PAYLOAD_NOT_BASE64URL', severity: 'error', segment: 'payload', offset: h!.length + 1 + 5, message: 'payload: character "?" is not base64url' },
    ]);
    expect(`${h}.${payload}.${s}`[r.problems[0]!.offset!]).toBe('?');
    const headerBad = jose.inspectJwt(`${h!.slice(0, 3)}+${h!.slice(4)}.${p}.${s}`, { now: at(T0) });
    expect(find(headerBad, 'HEADER_NOT_BASE64URL')[0]!.offset).toBe(3);
    const sigBad = jose.inspectJwt(`${h}.${p}.${s!.slice(0, 7)}/${s!.slice(8)}`, { now: at(T0) });
    expect(find(sigBad, 'SIGNATURE_NOT_BASE64URL')[0]!.offset).toBe(h!.length + p!.length + 2 + 7);
  });
  it('header or payload that is not JSON', async () => {
    const [, p, s] = (await sign({}, { expiresIn: 60 })).split('.');
    const r = jose.inspectJwt(`${b64('{"alg":"HS256"')}.${p}.${s}`, { now: at(T0) });
    expect(codes(r)).toEqual(['HEADER_NOT_JSON']);
    expect(r.header).toBeUndefined();
    expect(r.payload).toEqual({ iat: T0, exp: T0 + 60 });
    expect(r.wellFormed).toBe(false);
    const dup = jose.inspectJwt(`${b64('{"alg":"HS256"}')}.${b64('{"a":1,"a":2}')}.${s}`, { now: at(T0) });
    expect(find(dup, 'PAYLOAD_NOT_JSON')[0]!.message).toMatch(/duplicate member name "a"/);
    const detached = jose.inspectJwt(`${b64('{"alg":"HS256"}')}..${s}`, { now: at(T0) });
    expect(codes(detached)).toEqual(['PAYLOAD_DETACHED']);
  });
  it('jku, x5u, jwk and x5c header parameters are reported as ignored', async () => {
    const token = await sign({}, { expiresIn: 60, header: { jku: 'https://evil.example/jwks', x5u: 'https://evil.example/cert', jwk: { kty: 'oct', k: 'AAAA' }, x5c: ['MIIB'] } });
    const r = jose.inspectJwt(token, { now: at(T0) });
    const ignored = find(r, 'HEADER_PARAMETER_IGNORED');
    expect(ignored).toHaveLength(4);
    expect(ignored.every((p) => p.severity === 'warning' && p.segment === 'header')).toBe(true);
    expect(ignored.map((p) => /header "(\w+)"/.exec(p.message)![1])).toEqual(['jku', 'x5u', 'x5c', 'jwk']);
  });
  it('crit: an extension is a warning, a malformed crit an error', async () => {
    const token = await sign({}, { expiresIn: 60, header: { 'urn:x': 1 }, crit: ['urn:x'] });
    const r = jose.inspectJwt(token, { now: at(T0) });
    expect(codes(r)).toEqual(['CRIT_EXTENSION']);
    expect(r.problems[0]!.severity).toBe('warning');
    expect(r.problems[0]!.message).toContain('crit: ["urn:x"]');
    for (const header of ['{"alg":"HS256","crit":[]}', '{"alg":"HS256","crit":["kid"],"kid":"a"}', '{"alg":"HS256","crit":["urn:y"]}']) {
      expect(codes(jose.inspectJwt(`${b64(header)}.${b64('{"exp":9}')}.`, { now: at(0) }))).toContain('CRIT_INVALID');
    }
  });
  it('crit naming an inherited property ("toString") is CRIT_INVALID, as verifyJwt rejects it', async () => {
    const header = '{"alg":"HS256","crit":["toString"]}';
    const token = `${b64(header)}.${b64(`{"exp":${T0 + 60}}`)}.${b64(new Uint8Array(32))}`;
    await rejects(jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, crit: ['toString'], currentDate: at(T0) }), jose.JwsInvalid, 'ERR_JWS_INVALID', /does not contain/);
    // Only the header's own members count, not names inherited from Object.prototype.
    expect(codes(jose.inspectJwt(token, { now: at(T0) }))).toEqual(['CRIT_INVALID']);
  });
  it('b64:false is an error', async () => {
    const token = await jose.signCompact('{}', hs.signKey, { alg: 'HS256', b64: false });
    expect(codes(jose.inspectJwt(token, { now: at(T0) }))).toContain('B64_FALSE');
  });
  it('segment counts', () => {
    const one = jose.inspectJwt('abc', { now: at(T0) });
    expect(one).toStrictEqual({ wellFormed: false, signature: {}, times: {}, now: '2026-01-01T00:00:00Z', problems: [
      { code: 'SEGMENT_COUNT', severity: 'error', message: 'the token has 1 segment; a JWT has 3 (header.payload.signature)' },
    ] });
    const four = jose.inspectJwt(`${b64('{"alg":"HS256"}')}.${b64('{"exp":1}')}.AA.AA`, { now: at(T0) });
    expect(find(four, 'SEGMENT_COUNT')[0]!.message).toMatch(/has 4 segments/);
    expect(four.wellFormed).toBe(false);
    expect(four.header).toEqual({ alg: 'HS256' });
  });
  it('non-strings', () => {
    for (const [input, word] of [[undefined, 'undefined'], [42, 'number'], [{}, 'object'], [null, 'null'], [bytes('a.b.c'), 'object']] as const) {
      const r = jose.inspectJwt(input, { now: at(T0) });
      expect(codes(r)).toEqual(['NOT_A_STRING']);
      expect(r.problems[0]!.message).toBe(`the token is ${word}, not a string`);
      expect(r.wellFormed).toBe(false);
    }
  });
  it('an invalid now falls back to the real clock', () => {
    const r = jose.inspectJwt('a', { now: new Date(NaN) });
    expect(Date.parse(r.now)).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
  });
  it('an over-long token is TOO_LONG (verifyJwt refuses it), and its over-long payload is not decoded (never "not JSON")', () => {
    const r = jose.inspectJwt(`${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ exp: 9, x: 'y'.repeat(70000) }))}.`, { now: at(0) });
    expect(codes(r)).toEqual(['TOO_LONG', 'TOO_LONG', 'SIGNATURE_MISSING']);
    expect(r.problems[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/^the token is \d+ characters, over the limit of 65536 \(maxTokenLength\)$/) });
    expect(r.problems[1]).toMatchObject({ severity: 'error', segment: 'payload', message: expect.stringMatching(/^payload: the segment is \d+ characters, over the limit of 65536/) });
    expect(r.header).toEqual({ alg: 'HS256' });
  });
  it('never throws on garbage', () => {
    const garbage: unknown[] = [
      '', '.', '..', '...', '....', 'a.b.c', '=.=.=', 'eyJ.eyJ.', '\u0000.\u0000.\u0000', '\ud800.\udfff.x', '🙂.🙂.🙂',
      `${b64('{}')}.${b64('{}')}.A`, `${b64('null')}.${b64('[]')}.AAAA`, `${b64('{"alg":1,"crit":"x"}')}.${b64('{"exp":1e400,"iat":-1e400}')}.`,
      `${b64('{"alg":"RS256"}')}.${b64('{"exp":9e15,"iat":-9e15}')}.AA`, `${b64('{"alg":"ES256","crit":[1]}')}.${b64('{"nbf":"x"}')}.`,
      `${b64(new Uint8Array([0xff, 0xfe]))}.${b64(new Uint8Array([0xc0]))}.`, `${b64('{'.repeat(100))}.x.y`, 'x'.repeat(70000),
      Symbol('x'), () => 1, 1n, NaN, [], new Date(),
    ];
    for (const input of garbage) {
      const r = jose.inspectJwt(input);
      expect(Array.isArray(r.problems)).toBe(true);
      expect(typeof r.wellFormed).toBe('boolean');
    }
  });
  it('never throws (fuzzed)', () => {
    const asToken = fc.tuple(fc.uint8Array(), fc.uint8Array(), fc.uint8Array()).map(([a, b, c]) => `${b64(a)}.${b64(b)}.${b64(c)}`);
    const jsonish = fc.tuple(fc.json(), fc.json(), fc.string()).map(([a, b, c]) => `${b64(a)}.${b64(b)}.${c}`);
    const headerish = fc.tuple(fc.dictionary(fc.constantFrom('alg', 'crit', 'b64', 'jku', 'typ', 'x'), fc.jsonValue()), fc.dictionary(fc.constantFrom('exp', 'nbf', 'iat', 'iss', 'aud'), fc.jsonValue()))
      .map(([h, p]) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(p))}.`);
    for (const arb of [fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 5 }).map((parts) => parts.join('.')), asToken, jsonish, headerish, fc.anything()]) {
      fc.assert(
        fc.property(arb as fc.Arbitrary<unknown>, (input) => {
          const r = jose.inspectJwt(input, { now: at(T0) });
          return Array.isArray(r.problems) && typeof r.wellFormed === 'boolean' && typeof r.now === 'string';
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('unsecured JWTs', () => {
  it('encode/decode round trip with claim options', async () => {
    const token = await jose.encodeUnsecuredJwt({ role: 'test' }, { currentDate: at(T0), expiresIn: '5m', issuer: 'fixture', subject: 'u' });
    expect(token.endsWith('.')).toBe(true);
    expect(token.split('.')[0]).toBe(b64('{"alg":"none","typ":"JWT"}'));
    const { payload, header } = await jose.decodeUnsecuredJwt(token, { currentDate: at(T0), issuer: 'fixture', subject: 'u', typ: 'JWT' });
    expect(payload).toStrictEqual({ role: 'test', iss: 'fixture', sub: 'u', iat: T0, exp: T0 + 300 });
    expect(header).toStrictEqual({ alg: 'none', typ: 'JWT' });
    await rejects(jose.decodeUnsecuredJwt(token, { currentDate: at(T0), issuer: 'other' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    await rejects(jose.decodeUnsecuredJwt(token, { currentDate: at(T0 + 300) }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
  });
  it('requireExp applies by default', async () => {
    const token = await jose.encodeUnsecuredJwt({}, { currentDate: at(T0) });
    const err = await rejects(jose.decodeUnsecuredJwt(token, { currentDate: at(T0) }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect((err as jose.JwtClaimValidationFailed).claim).toBe('exp');
    expect((err as jose.JwtClaimValidationFailed).reason).toBe('missing');
    expect((await jose.decodeUnsecuredJwt(token, { currentDate: at(T0), requireExp: false })).payload).toStrictEqual({ iat: T0 });
  });
  it('encode validates claims and options like signJwt', async () => {
    await rejects(jose.encodeUnsecuredJwt({ n: NaN }), jose.JwtInvalid, 'ERR_JWT_INVALID');
    await rejects(jose.encodeUnsecuredJwt({}, { expiresIn: '120' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    await rejects(jose.encodeUnsecuredJwt({}, { typ: 1 as never }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
  it('RFC 7519 §6.1 vector', async () => {
    const { payload, header } = await jose.decodeUnsecuredJwt(rfc6_1.jwt, { currentDate: new Date('2010-01-01T00:00:00Z') });
    expect(payload).toStrictEqual(JSON.parse(rfc6_1.claimsSet) as unknown);
    expect(payload['http://example.com/is_root']).toBe(true);
    expect(header).toStrictEqual({ alg: 'none' });
    expect(text(jose.base64url.decode(rfc6_1.payloadB64u))).toBe(rfc6_1.claimsSet);
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt), jose.JwtExpired, 'ERR_JWT_EXPIRED', /exp 2011-03-22T18:43:00Z/);
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt, { currentDate: at(1300819380) }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    await jose.decodeUnsecuredJwt(rfc6_1.jwt, { currentDate: at(1300819379) });
  });
  it('only alg "none" with an empty signature is accepted', async () => {
    const signed = await jose.signJwt({}, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
    const options = { currentDate: at(T0), requireExp: false };
    await rejects(jose.decodeUnsecuredJwt(signed, options), jose.JwtInvalid, 'ERR_JWT_INVALID', /alg "none", this one has "HS256"/);
    const [, p] = rfc6_1.jwt.split('.');
    await rejects(jose.decodeUnsecuredJwt(`${b64('{"alg":"None"}')}.${p}.`, options), jose.JwtInvalid, 'ERR_JWT_INVALID');
    await rejects(jose.decodeUnsecuredJwt(`${b64('{"typ":"JWT"}')}.${p}.`, options), jose.JwtInvalid, 'ERR_JWT_INVALID');
    await rejects(jose.decodeUnsecuredJwt(`${rfc6_1.jwt}AAAA`, options), jose.JwtInvalid, 'ERR_JWT_INVALID', /empty signature/);
    await rejects(jose.decodeUnsecuredJwt(`${b64('{"alg":"none","crit":["x"],"x":1}')}.${p}.`, options), jose.JwtInvalid, 'ERR_JWT_INVALID', /crit/);
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt.slice(0, -1), options), jose.JwsInvalid, 'ERR_JWS_INVALID', /2 segments/);
    await rejects(jose.decodeUnsecuredJwt(`${b64('{"alg":"none"}')}.${b64('[1]')}.`, options), jose.JwtInvalid, 'ERR_JWT_INVALID');
  });
  it('decode validates its options', async () => {
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt, { clockTolerance: 301 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt, null as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /must be an object, got null/);
    await rejects(jose.decodeUnsecuredJwt(rfc6_1.jwt, { audience: true as never }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /or false/);
  });
  it('aud is checked whenever the token has one (RFC 7519 §4.1.3), as by verifyJwt', async () => {
    const token = await jose.encodeUnsecuredJwt({}, { currentDate: at(T0), expiresIn: 60, audience: 'tests' });
    const err = (await rejects(jose.decodeUnsecuredJwt(token, { currentDate: at(T0) }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /pass audience .*audience: false/)) as jose.JwtClaimValidationFailed;
    expect(err.claim).toBe('aud');
    expect(err.reason).toBe('check_failed');
    expect((await jose.decodeUnsecuredJwt(token, { currentDate: at(T0), audience: 'tests' })).payload.aud).toBe('tests');
    expect((await jose.decodeUnsecuredJwt(token, { currentDate: at(T0), audience: false })).payload.aud).toBe('tests');
    const other = (await rejects(jose.decodeUnsecuredJwt(token, { currentDate: at(T0), audience: 'prod' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED')) as jose.JwtClaimValidationFailed;
    expect([other.claim, other.reason]).toEqual(['aud', 'check_failed']);
  });
  it('verifyJwt never accepts an unsecured token', async () => {
    const token = await jose.encodeUnsecuredJwt({}, { currentDate: at(T0), expiresIn: 60 });
    for (const t of [token, rfc6_1.jwt]) {
      await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0) }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED', /"none"/);
      // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: ['none'], currentDate: at(T0) }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    }
  });
});

describe('RFC 7519 §3.1 example JWT', () => {
  const before = new Date('2010-01-01T00:00:00Z');
  it('the vector is self-consistent', () => {
    expect(rfc3_1.jwt).toBe(`${rfc3_1.signingInput}.${rfc3_1.signature}`);
    expect(text(jose.base64url.decode(rfc3_1.payloadB64u))).toBe(rfc3_1.claimsSet);
    expect(JSON.parse(rfc3_1.claimsSet)).toStrictEqual(rfc3_1.claimsParsed);
  });
  it('verifies with the HS256 JWK at a clock before exp', async () => {
    const { payload, header } = await jose.verifyJwt(rfc3_1.jwt, rfc3_1.jwk, { algorithms: ['HS256'], currentDate: before, issuer: 'joe', typ: 'JWT' });
    expect(payload).toStrictEqual(rfc3_1.claimsParsed);
    expect(payload['http://example.com/is_root']).toBe(true);
    expect(payload.exp).toBe(1300819380);
    expect(header).toStrictEqual({ typ: 'JWT', alg: 'HS256' });
    expect(jose.decodeJwt(rfc3_1.jwt)).toStrictEqual(rfc3_1.claimsParsed);
  });
  it('signJwt with the vector key and claims gives a token that verifies to the same claims', async () => {
    // signJwt serialises compactly (no CR LF), so the token differs from the vector's; the claims do not.
    const key = await jose.importJwk(rfc3_1.jwk, 'HS256');
    const token = await jose.signJwt(rfc3_1.claimsParsed, key, { alg: 'HS256', issuedAt: false });
    const { payload } = await jose.verifyJwt(token, rfc3_1.jwk, { algorithms: ['HS256'], currentDate: before });
    expect(payload).toStrictEqual(rfc3_1.claimsParsed);
  });
  it("is expired on today's clock", async () => {
    const err = await rejects(jose.verifyJwt(rfc3_1.jwt, rfc3_1.jwk, { algorithms: ['HS256'] }), jose.JwtExpired, 'ERR_JWT_EXPIRED', /exp 2011-03-22T18:43:00Z/);
    expect((err as jose.JwtExpired).times.at.toISOString()).toBe('2011-03-22T18:43:00.000Z');
    await rejects(jose.verifyJwt(rfc3_1.jwt, rfc3_1.jwk, { algorithms: ['HS256'], currentDate: at(1300819380) }), jose.JwtExpired, 'ERR_JWT_EXPIRED', /expired 0s ago/);
    await jose.verifyJwt(rfc3_1.jwt, rfc3_1.jwk, { algorithms: ['HS256'], currentDate: at(1300819379) });
  });
  it('a flipped bit anywhere fails', async () => {
    const [h, p, s] = rfc3_1.jwt.split('.');
    const forged = b64(rfc3_1.claimsSet.replace('"joe"', '"eve"'));
    await rejects(jose.verifyJwt(`${h}.${forged}.${s}`, rfc3_1.jwk, { algorithms: ['HS256'], currentDate: before }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(p).toBe(rfc3_1.payloadB64u);
  });
});
