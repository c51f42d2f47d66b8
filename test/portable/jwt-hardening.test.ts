// The JWT functions against hostile input: durations and dates that overflow, strings UTF-8 cannot
// encode, claims JSON would change, values that break error messages, and arguments of any type
// (proxies, throwing getters, prototype names). Every input ends in a result or a JoseError with
// a code; fast-check properties (fixed seeds) back the tables.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as jose from 'josekit';
import { keysFor, rejects, type KeyPairFor } from './support.js';

/** 2026-01-01T00:00:00Z. */
const T0 = 1767225600;
const at = (seconds: number) => new Date(Math.round(seconds * 1000));
const HS: jose.JwsAlgorithm[] = ['HS256'];
const b64 = jose.base64url.encode;
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(new TextDecoder().decode(jose.base64url.decode(token.split('.')[1]!))) as Record<string, unknown>;

let hs: KeyPairFor;
beforeAll(async () => {
  hs = await keysFor('HS256');
});

const sign = (claims: unknown, options: Record<string, unknown> = {}) =>
  jose.signJwt(claims as Record<string, unknown>, hs.signKey, { alg: 'HS256', currentDate: at(T0), ...options } as jose.SignJwtOptions);
const encode = (claims: unknown, options: Record<string, unknown> = {}) =>
  jose.encodeUnsecuredJwt(claims as Record<string, unknown>, { currentDate: at(T0), ...options } as jose.UnsecuredJwtOptions);

/** A handler whose every trap throws: the proxy cannot even be asked for its prototype. */
const throwingHandler: ProxyHandler<object> = new Proxy({}, { get: () => () => { throw new Error('trap'); } });
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const throwingGetter = (name: string) => Object.defineProperty({}, name, { get() { throw new Error(`getter ${name}`); }, enumerable: true });
const hostileToString = () => ({
  toString() { throw new Error('toString'); },
  valueOf() { throw new Error('valueOf'); },
  [Symbol.toPrimitive]() { throw new Error('toPrimitive'); },
});

describe('durations and dates that overflow are refused (JoseInvalidOptions)', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["expiresIn '9'×400 + 's' (Infinity: signed \"exp\": null before)", { expiresIn: `${'9'.repeat(400)}s` }, /"expiresIn" "9+….*longer than any instant a Date can hold/],
    ["notBefore '9'×400 + 'd'", { notBefore: `${'9'.repeat(400)}d` }, /"notBefore" .*longer than any instant/],
    ["expiresIn '-' + '9'×400 + 's'", { expiresIn: `-${'9'.repeat(400)}s` }, /longer than any instant/],
    ['expiresIn 1e300', { expiresIn: 1e300 }, /"expiresIn" 1e\+300 is longer than any instant/],
    ['expiresIn 8.64e12 (the whole Date range, from now)', { expiresIn: 8.64e12 }, /"expiresIn" 8640000000000 puts the instant past what a Date can hold/],
    ["expiresIn '1 constructor' (signed \"exp\": null before)", { expiresIn: '1 constructor' }, /"expiresIn" "1 constructor" is not a duration/],
    ["notBefore '2 valueOf'", { notBefore: '2 valueOf' }, /is not a duration/],
    ["expiresIn '1 __proto__'", { expiresIn: '1 __proto__' }, /is not a duration/],
    ['expiresIn with a hostile toString (never called)', { expiresIn: hostileToString() }, /"expiresIn" must be seconds \(a number\), a duration string like "15m", a Date, or false for a token that never expires, got object/],
    ["expiresIn new String('15m')", { expiresIn: new String('15m') }, /got object/],
    ['expiresIn a bigint', { expiresIn: 60n }, /got bigint/],
    ['expiresIn a Symbol', { expiresIn: Symbol('15m') }, /got symbol/],
    ['expiresIn a throwing Proxy', { expiresIn: new Proxy({}, throwingHandler) }, /got object/],
    ['expiresIn an object with Date.prototype (a TypeError before)', { expiresIn: Object.create(Date.prototype) }, /"expiresIn" must be seconds/],
    ['issuedAt an object with Date.prototype', { issuedAt: Object.create(Date.prototype) }, /"issuedAt" must be a boolean or a Date/],
    ['currentDate an object with Date.prototype', { currentDate: Object.create(Date.prototype) }, /"currentDate" must be a valid Date/],
    ['notBefore a Proxy of a Date', { notBefore: new Proxy(new Date(), {}) }, /"notBefore" must be seconds/],
    ['expiresIn an Invalid Date', { expiresIn: new Date(NaN) }, /"expiresIn" is an invalid Date/],
  ];
  for (const [name, options, message] of bad) {
    it(`signJwt and encodeUnsecuredJwt: ${name}`, async () => {
      const e1 = await rejects(sign({}, options), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(e1.step).toBe('options');
      await rejects(encode({}, options), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
    });
  }
  it('the edges of the Date range are fine', async () => {
    expect(claimsOf(await sign({}, { expiresIn: new Date(8.64e15), issuedAt: false }))).toStrictEqual({ exp: 8.64e12 });
    expect(claimsOf(await sign({}, { notBefore: new Date(-8.64e15), issuedAt: false, expiresIn: false }))).toStrictEqual({ nbf: -8.64e12 });
    expect(claimsOf(await sign({}, { expiresIn: 8.64e12 - T0, issuedAt: false }))).toStrictEqual({ exp: 8.64e12 });
  });
  it('a Date subclass is read through its internal slot, not its getTime', async () => {
    class LyingDate extends Date {
      override getTime(): number {
        return 0;
      }
    }
    expect(claimsOf(await sign({}, { currentDate: new LyingDate(T0 * 1000), expiresIn: new LyingDate((T0 + 60) * 1000) }))).toStrictEqual({ iat: T0, exp: T0 + 60 });
  });
  it('iat stays whole seconds; fractional durations are floored into exp', async () => {
    expect(claimsOf(await sign({}, { currentDate: new Date(T0 * 1000 + 999), expiresIn: 1.5 }))).toStrictEqual({ iat: T0, exp: T0 + 1 });
  });
});

describe('unpaired surrogates are refused on sign, naming the claim (JoseInvalidOptions)', () => {
  const claims: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a top-level value', { name: 'a\ud800b' }, /^sign: claim "name" has an unpaired surrogate \(U\+D800\) at offset 1, which UTF-8 cannot encode/],
    ['a lone low surrogate', { name: '\udfff' }, /claim "name" has an unpaired surrogate \(U\+DFFF\) at offset 0/],
    ['a reversed pair', { name: '\udc00\ud800' }, /U\+DC00/],
    ['a nested value', { ctx: { roles: ['admin', { label: 'x\ud83d' }] } }, /claim "ctx"\.roles\[1\]\.label has an unpaired surrogate \(U\+D83D\)/],
    ['a top-level claim name', { 'a\ud800': 1 }, /the name of claim "a\\ud800" has an unpaired surrogate/],
    ['a nested claim name', { ctx: { '\udc01': true } }, /the name of claim "ctx"\["\\udc01"\] has an unpaired surrogate \(U\+DC01\)/],
    ['a registered claim value (iss)', { iss: 'https://\ud800.example' }, /claim "iss" has an unpaired surrogate/],
  ];
  for (const [name, value, message] of claims) {
    it(`in ${name}`, async () => {
      const e = await rejects(sign(value, { expiresIn: 60 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(e.step).toBe('sign');
      await rejects(encode(value, { expiresIn: 60 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
    });
  }
  const options: Array<[string, Record<string, unknown>, RegExp]> = [
    ['issuer', { issuer: 'i\ud800' }, /"issuer" has an unpaired surrogate \(U\+D800\) at offset 1/],
    ['subject', { subject: '\udfffu' }, /"subject" has an unpaired surrogate/],
    ['audience (string)', { audience: '\ud800' }, /"audience" has an unpaired surrogate/],
    ['audience (array element)', { audience: ['ok', 'x\udc00'] }, /"audience\[1\]" has an unpaired surrogate/],
    ['jwtId', { jwtId: 'id-\ud800' }, /"jwtId" has an unpaired surrogate/],
  ];
  for (const [name, value, message] of options) {
    it(`in the ${name} option`, async () => {
      const e = await rejects(sign({}, value), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(e.step).toBe('options');
      await rejects(encode({}, value), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
    });
  }
  it('in header values: typ of encodeUnsecuredJwt, kid and header of signJwt', async () => {
    await rejects(encode({}, { typ: 'JWT\ud800' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /"typ" has an unpaired surrogate/);
    await rejects(sign({}, { expiresIn: 60, kid: 'k\ud800' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unpaired surrogate/);
    await rejects(sign({}, { expiresIn: 60, header: { 'urn:x': ['\udfff'] } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unpaired surrogate/);
  });
  it('well-formed pairs (emoji, astral characters) are fine and round-trip', async () => {
    const claims = { face: '😀', 'name🙂': 'ä\u{10FFFF}', list: ['𝄞'] };
    const token = await sign(claims, { expiresIn: 60, issuer: '𝒾ss', audience: ['🅰'] });
    const { payload } = await jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0), issuer: '𝒾ss', audience: '🅰' });
    expect(payload).toMatchObject(claims);
  });
});

describe('what is signed is what was checked (JwtInvalid for values JSON would change or drop)', () => {
  class Point {
    x = 1;
  }
  class TaggedList extends Array<number> {
    toJSON() {
      return 'tagged';
    }
  }
  const inheritedToJson = () => Object.create(Object.create(null, { toJSON: { value: () => ({ admin: true }) } })) as Record<string, unknown>;
  const namedArray = () => Object.assign([1, 2], { note: 'dropped' });
  const cycle = () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  };
  const deep = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { v };
    return v;
  };
  const bad: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ['an undefined member (dropped before)', () => ({ role: undefined }), /^sign: claim "role" is undefined, which JSON would silently drop \(leave it out, or use null\)$/],
    ['a nested undefined member', () => ({ ctx: { a: 1, b: undefined } }), /claim "ctx"\.b is undefined/],
    ['undefined in an array (null before)', () => ({ list: [1, undefined] }), /claim "list"\[1\] is undefined/],
    ['a sparse array (null before)', () => ({ list: [1, , 3] }), /claim "list"\[1\] is a hole in a sparse array, which JSON would turn into null/],
    ['an array with length past its elements', () => ({ list: Object.assign([1], { length: 3 }) }), /claim "list"\[1\] is a hole/],
    ['a huge sparse array (no 4-billion-step walk)', () => { const a: unknown[] = []; a.length = 2 ** 32 - 1; return { list: a }; }, /claim "list"\[0\] is a hole/],
    ['a named member on an array (dropped before)', () => ({ list: namedArray() }), /claim "list"\.note is a named member of an array, which JSON would silently drop/],
    ['an object with an inherited toJSON (signed its result before)', () => ({ ctx: inheritedToJson() }), /claim "ctx" has a toJSON method: JSON\.stringify would sign what it returns/],
    ['an Array subclass with toJSON', () => ({ list: TaggedList.from([1]) }), /claim "list" has a toJSON method/],
    ['an own toJSON function', () => ({ ctx: { toJSON: () => 'x' } }), /claim "ctx" has a toJSON method/],
    ['a symbol-keyed member (dropped before)', () => ({ ctx: { [Symbol('s')]: 1, a: 1 } }), /claim "ctx" has a symbol-keyed member \(Symbol\(s\)\)/],
    ['a top-level symbol-keyed member', () => ({ [Symbol.for('t')]: 1 }), /the claims has a symbol-keyed member|the claims .*symbol/],
    ['a cycle (RangeError before)', cycle, /claim "self" contains itself \(a cycle\), which JSON cannot represent/],
    ['nesting deeper than verification accepts (32)', () => ({ d: deep(40) }), /nests deeper than 32 levels, which verification refuses/],
    ['a class instance', () => ({ p: new Point() }), /claim "p" is a Point, not plain JSON/],
    ['a Set', () => ({ s: new Set([1]) }), /claim "s" is a Set/],
    ['NaN', () => ({ n: NaN }), /claim "n" is NaN, which JSON cannot represent/],
    ['a bigint deep inside', () => ({ a: [{ b: [2n] }] }), /claim "a"\[0\]\.b\[0\] is a bigint, which is not JSON/],
    ['a throwing getter (TypeError before)', () => throwingGetter('secret'), /^sign: the claims could not be read: getter secret$/],
    ['a nested throwing getter', () => ({ ctx: throwingGetter('x') }), /the claims could not be read: getter x/],
    ['a Proxy whose traps throw, nested', () => ({ ctx: new Proxy({}, throwingHandler) }), /claim "ctx" is an exotic object, not plain JSON|the claims could not be read/],
    ['a revoked Proxy, nested', () => ({ ctx: revokedProxy() }), /the claims could not be read/],
  ];
  for (const [name, make, message] of bad) {
    it(name, async () => {
      const e = await rejects(sign(make(), { expiresIn: 60 }), jose.JwtInvalid, 'ERR_JWT_INVALID', message);
      expect(e.step).toBe('sign');
      await rejects(encode(make(), { expiresIn: 60 }), jose.JwtInvalid, 'ERR_JWT_INVALID', message);
    });
  }
  it('top-level claims that cannot be read are "not a plain JSON object"', async () => {
    for (const claims of [new Proxy({}, throwingHandler), revokedProxy(), hostileToString, Object.create(Date.prototype)]) {
      await rejects(sign(claims, { expiresIn: 60 }), jose.JwtInvalid, 'ERR_JWT_INVALID', /the claims must be a plain JSON object/);
    }
  });
  it('shared references are fine, but a graph that would serialise to millions of values is refused by the value budget', async () => {
    const shared = { a: 1 };
    expect(claimsOf(await sign({ x: shared, y: [shared, shared] }, { issuedAt: false, expiresIn: false }))).toStrictEqual({ x: { a: 1 }, y: [{ a: 1 }, { a: 1 }] });
    let bomb: unknown = 'x';
    for (let i = 0; i < 30; i++) bomb = { l: bomb, r: bomb };
    // 2^30 values if walked to the end: the message shows the walk stopped at the budget.
    await rejects(sign({ bomb }), jose.JwtInvalid, 'ERR_JWT_INVALID', /the claims would serialise more than 1000000 values/);
  });
  it('text so large that JSON.stringify would throw a RangeError is refused first', async () => {
    const mb = 'x'.repeat(1024 * 1024);
    const claims = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`c${i}`, mb]));
    await rejects(sign(claims), jose.JwtInvalid, 'ERR_JWT_INVALID', /the claims would serialise more than 16777216 characters of text/);
    const shared = Array.from({ length: 600 }, () => mb);
    await rejects(sign({ shared }), jose.JwtInvalid, 'ERR_JWT_INVALID', /more than 16777216 characters/);
  });
  it('exactly 32 levels (the claims object and 31 inside it) are accepted, and verify', async () => {
    const t = await sign({ d: deep(31) }, { expiresIn: 60 });
    expect((await jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0) })).payload.d).toEqual(deep(31));
    await rejects(sign({ d: deep(32) }, { expiresIn: 60 }), jose.JwtInvalid, 'ERR_JWT_INVALID', /claim "d"(\.v){31} nests deeper than 32/);
  });
  it('each claim is read once: a getter cannot show one value to the checks and sign another', async () => {
    let reads = 0;
    const claims = Object.defineProperty({}, 'exp', {
      get() {
        reads++;
        return reads === 1 ? T0 + 60 : 'not a NumericDate';
      },
      enumerable: true,
    });
    const token = await sign(claims, { issuedAt: false });
    expect(reads).toBe(1);
    expect(claimsOf(token)).toStrictEqual({ exp: T0 + 60 });
  });
  it('each option is read once: a getter cannot pass the check with a string and sign a bigint', async () => {
    let reads = 0;
    const options = Object.defineProperty({ alg: 'HS256', currentDate: at(T0), issuedAt: false, expiresIn: false }, 'jwtId', {
      get() {
        reads++;
        return reads === 1 ? 'id-1' : 10n;
      },
      enumerable: true,
    });
    expect(claimsOf(await jose.signJwt({}, hs.signKey, options as jose.SignJwtOptions))).toStrictEqual({ jti: 'id-1' });
    expect(reads).toBe(1);
  });
  it('an own "__proto__" claim is data: it round-trips at any depth and changes no prototype', async () => {
    const claims = JSON.parse('{"__proto__":{"admin":true},"ctx":{"__proto__":["x"]},"list":[{"__proto__":null}]}') as Record<string, unknown>;
    for (const token of [await sign(claims, { expiresIn: 60 }), await encode(claims, { expiresIn: 60 })]) {
      const signed = claimsOf(token);
      expect(Object.keys(signed)).toEqual(['__proto__', 'ctx', 'list', 'iat', 'exp']);
      expect(token.split('.')[1]).toBe(b64(`{"__proto__":{"admin":true},"ctx":{"__proto__":["x"]},"list":[{"__proto__":null}],"iat":${T0},"exp":${T0 + 60}}`));
    }
    const { payload } = await jose.verifyJwt(await sign(claims, { expiresIn: 60 }), hs.verifyKey, { algorithms: HS, currentDate: at(T0) });
    expect(Object.getOwnPropertyDescriptor(payload, '__proto__')!.value).toEqual({ admin: true });
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect((payload as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('admin');
    expect(Object.prototype).not.toHaveProperty('0');
  });
  it('an own "__proto__" option name is an unknown option, never a prototype (and never read as issuer)', async () => {
    const options = JSON.parse('{"alg":"HS256","__proto__":{"issuer":"evil"},"issuedAt":false}') as jose.SignJwtOptions;
    await rejects(jose.signJwt({}, hs.signKey, options), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /unknown option "__proto__" for signJwt/);
    // Inherited members are read (as options always were), so an options object built on defaults works.
    const inherited = Object.create({ alg: 'HS256', issuedAt: false, expiresIn: false }) as jose.SignJwtOptions;
    expect(claimsOf(await jose.signJwt({}, hs.signKey, inherited))).toStrictEqual({});
  });
  it('a frozen, null-prototype or cross-shaped claims object is fine, and the caller\'s object is never changed', async () => {
    const claims = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, { a: Object.freeze([1, { b: null }]) }));
    expect(claimsOf(await sign(claims, { issuedAt: false, expiresIn: false }))).toStrictEqual({ a: [1, { b: null }] });
    expect(Object.keys(claims)).toEqual(['a']);
  });
});

describe('messages built from untrusted values never throw', () => {
  const thrown: Array<[string, () => unknown, RegExp]> = [
    ['a null-prototype object (String() threw a TypeError)', () => Object.create(null), /the validate function rejected the token: /],
    ['a Symbol', () => Symbol('nope'), /rejected the token: Symbol\(nope\)/],
    ['a bigint', () => 7n, /rejected the token: 7/],
    ['an object with a hostile toString', hostileToString, /rejected the token: /],
    ['an Error whose message getter throws', () => Object.defineProperty(new Error('x'), 'message', { get() { throw new Error('no'); } }), /rejected the token: /],
    ['a Proxy whose traps throw', () => new Proxy({}, throwingHandler), /rejected the token: /],
  ];
  for (const [name, make, message] of thrown) {
    it(`validate throwing ${name} is a JwtClaimValidationFailed on claim "validate"`, async () => {
      const token = await sign({}, { expiresIn: 60 });
      const e = (await rejects(
        jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: () => { throw make(); } }),
        jose.JwtClaimValidationFailed,
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
        message,
      )) as jose.JwtClaimValidationFailed;
      expect([e.claim, e.reason]).toEqual(['validate', 'check_failed']);
    });
  }
  it('claim values are shown escaped and cut, never pasted', async () => {
    const long = `"${'x'.repeat(500)}\n`;
    const token = await sign({ iss: long, sub: long }, { expiresIn: 60 });
    const e = (await rejects(jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0), issuer: 'a' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED')) as jose.JwtClaimValidationFailed;
    expect(e.message).toMatch(/^validate claims: "iss" is "\\"x{70,}…, expected one of \["a"\]$/);
    expect(e.message.length).toBeLessThan(200);
    expect([e.claim, e.reason]).toEqual(['iss', 'check_failed']);
  });
  it('a header typ and an unsecured alg are shown escaped', async () => {
    const unsecured = `${b64(JSON.stringify({ alg: 'none', typ: 'a"b' }))}.${b64(`{"exp":${T0 + 60}}`)}.`;
    const e = (await rejects(jose.decodeUnsecuredJwt(unsecured, { currentDate: at(T0), typ: 'JWT' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /header "typ" is "a\\"b", expected "jwt"/)) as jose.JwtClaimValidationFailed;
    expect([e.claim, e.reason]).toEqual(['typ', 'check_failed']);
    const weird = `${b64(JSON.stringify({ alg: ['none', { x: '"' }] }))}.${b64('{}')}.`;
    await rejects(jose.decodeUnsecuredJwt(weird, { requireExp: false }), jose.JwtInvalid, 'ERR_JWT_INVALID', /this one has \["none",\{"x":"\\""\}\]$/);
  });
});

describe('unknown option names are refused, naming the closest known one (a misspelt check must not go silently unset)', () => {
  const cases: Array<[string, () => Promise<unknown> | unknown, RegExp]> = [
    ['verifyJwt audiance', () => jose.verifyJwt('a.b.c', hs.verifyKey, { algorithms: HS, audiance: 'api' } as never), /^options: unknown option "audiance" for verifyJwt \(did you mean "audience"\?\); known options: algorithms, crit, maxTokenLength, .*\bissuer, audience\b/],
    ['verifyJwt maxAge', () => jose.verifyJwt('a.b.c', hs.verifyKey, { algorithms: HS, maxAge: 60 } as never), /unknown option "maxAge" for verifyJwt: josekit's name is "maxTokenAge"/],
    ['verifyJwt clockTolerence', () => jose.verifyJwt('a.b.c', hs.verifyKey, { algorithms: HS, clockTolerence: 5 } as never), /did you mean "clockTolerance"/],
    ['verifyJwt cache (only createJwtVerifier has one)', () => jose.verifyJwt('a.b.c', hs.verifyKey, { algorithms: HS, cache: { max: 1 } } as never), /unknown option "cache" for verifyJwt/],
    ['createJwtVerifier cacheKeyBuilder', () => jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, cache: { max: 1 }, cacheKeyBuilder: () => 'k' } as never), /unknown option "cacheKeyBuilder" for createJwtVerifier/],
    ['createJwtVerifier Issuer', () => jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, Issuer: 'a' } as never), /did you mean "issuer"/],
    ['signJwt expiresin', () => jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresin: '5m' } as never), /unknown option "expiresin" for signJwt \(did you mean "expiresIn"\?\)/],
    ['signJwt exp (a claim, not an option)', () => jose.signJwt({}, hs.signKey, { alg: 'HS256', exp: T0 } as never), /unknown option "exp" for signJwt/],
    ['encodeUnsecuredJwt alg', () => jose.encodeUnsecuredJwt({}, { alg: 'none' } as never), /unknown option "alg" for encodeUnsecuredJwt/],
    ['decodeUnsecuredJwt algorithms', () => jose.decodeUnsecuredJwt('a.b.', { algorithms: ['none'] } as never), /unknown option "algorithms" for decodeUnsecuredJwt/],
  ];
  for (const [name, run, message] of cases) {
    it(name, async () => {
      const e = await rejects(async () => run(), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(e.step).toBe('options');
    });
  }
  it('inspectJwt reports an unknown option as a warning, and inspects all the same', async () => {
    const token = await sign({}, { expiresIn: 60 });
    const r = jose.inspectJwt(token, { now: at(T0), maxLength: 10 } as never);
    expect(r.problems).toEqual([{ code: 'OPTIONS_INVALID', severity: 'warning', message: 'unknown option "maxLength" is ignored (known options: now, maxTokenLength, allowPadding)' }]);
  });
});

describe('options of any type: JoseInvalidOptions, never a TypeError', () => {
  const optionValues: Array<[string, () => unknown]> = [
    ['null', () => null],
    ['a number', () => 42],
    ['a string', () => 'HS256'],
    ['an array', () => ['HS256']],
    ['a Proxy whose traps throw', () => new Proxy({}, throwingHandler)],
    ['a revoked Proxy', revokedProxy],
  ];
  for (const [name, make] of optionValues) {
    it(`options that are ${name}`, async () => {
      const token = await sign({}, { expiresIn: 60 });
      await rejects(jose.signJwt({}, hs.signKey, make() as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      await rejects(jose.verifyJwt(token, hs.verifyKey, make() as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      await rejects(() => jose.createJwtVerifier(hs.verifyKey, make() as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      await rejects(jose.encodeUnsecuredJwt({}, make() as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      await rejects(jose.decodeUnsecuredJwt(token, make() as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    });
  }
  const members: Array<[string, () => Record<string, unknown>]> = [
    ['a getter that throws', () => throwingGetter('issuer')],
    ['a throwing Proxy as audience', () => ({ audience: new Proxy([], throwingHandler) })],
    ['a throwing Proxy as requiredClaims', () => ({ requiredClaims: new Proxy(['a'], throwingHandler) })],
    ['a revoked Proxy as issuer', () => ({ issuer: revokedProxy() })],
    ['a hostile toString as subject', () => ({ subject: hostileToString() })],
    ['a hostile toString as typ', () => ({ typ: hostileToString() })],
    ['a throwing Proxy as currentDate', () => ({ currentDate: new Proxy(new Date(), throwingHandler) })],
    ['a throwing getter for clockTolerance', () => throwingGetter('clockTolerance')],
    ['a sparse issuer list', () => ({ issuer: [, 'a'] })],
    ["'constructor' as requireExp", () => ({ requireExp: 'constructor' })],
  ];
  for (const [name, make] of members) {
    it(`verify and unsecured-decode options with ${name}`, async () => {
      const token = await sign({}, { expiresIn: 60 });
      // Merged by descriptor: spreading would run the getter here, in the test.
      const withAlgorithms = () => Object.defineProperties({ algorithms: HS }, Object.getOwnPropertyDescriptors(make()));
      const e = await rejects(jose.verifyJwt(token, hs.verifyKey, withAlgorithms() as jose.VerifyJwtOptions), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      expect(e.step).toBe('options');
      await rejects(() => jose.createJwtVerifier(hs.verifyKey, withAlgorithms() as jose.JwtVerifierOptions), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
      await rejects(jose.decodeUnsecuredJwt(token, make() as jose.ClaimOptions), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    });
  }
  it('cache options of any type', () => {
    for (const cache of [null, 1, 'x', [], new Proxy({}, throwingHandler), throwingGetter('max'), { max: 2n }, { max: '2' }, { max: hostileToString() }]) {
      expect(() => jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, cache } as never)).toThrow(jose.JoseInvalidOptions);
    }
  });
  it('sign options with throwing getters or proxies anywhere', async () => {
    for (const extra of [
      throwingGetter('alg'), throwingGetter('expiresIn'), throwingGetter('header'),
      { header: new Proxy({}, throwingHandler) }, { header: { x: new Proxy({}, throwingHandler) } }, { crit: new Proxy(['x'], throwingHandler) },
      { header: throwingGetter('x') }, { audience: new Proxy(['a'], throwingHandler) }, { kid: hostileToString() },
    ]) {
      const options = Object.defineProperties({ alg: 'HS256', expiresIn: 60 }, Object.getOwnPropertyDescriptors(extra));
      await rejects(jose.signJwt({}, hs.signKey, options as jose.SignJwtOptions), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    }
  });
});

// ---- Properties ------------------------------------------------------------------------------

/** Settles `run`: a result, or a JoseError with an ERR_ code; anything else fails the property. */
async function settles(run: () => unknown): Promise<boolean> {
  try {
    await run();
  } catch (err) {
    if (err instanceof jose.JoseError && typeof err.code === 'string' && err.code.startsWith('ERR_')) return true;
    throw err;
  }
  return true;
}

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
/** Values fast-check must not touch (it would trip over them): made fresh inside each run. */
const HOSTILE: Array<() => unknown> = [
  () => null, () => undefined, () => new Proxy({}, throwingHandler), () => new Proxy([], throwingHandler), revokedProxy,
  () => throwingGetter('x'), hostileToString, () => Object.create(null), () => [, 'a', , 1], () => Object.assign([1], { length: 5 }),
  () => Object.create(Date.prototype), () => new Date(NaN), () => new Date(8.64e15), () => Symbol('s'), () => 10n, () => () => 1,
  () => async () => false, () => () => { throw new Error('thrown'); }, () => NaN, () => -Infinity, () => -0, () => 1e308,
  () => new Uint8Array(32), () => new Map(), () => JSON.parse('{"__proto__":{"alg":"none"}}'),
  () => { const o: Record<string, unknown> = {}; o.o = o; return o; }, () => '\ud800', () => `${'9'.repeat(400)}s`, () => '1 constructor',
];
/** Plausible option values, so that runs get past the first check. */
const PLAUSIBLE: unknown[] = ['HS256', ['HS256'], 'ES256', 'none', '15m', 60, 0.5, true, false, 'api', ['api'], 'JWT', 'application/x/jwt', [], {}, { max: 2 }, ...PROTOTYPE_NAMES];

type Make = () => unknown;
const value: fc.Arbitrary<Make> = fc.oneof(
  fc.anything().map((v) => () => v),
  fc.nat(HOSTILE.length - 1).map((i) => HOSTILE[i]!),
  fc.constantFrom(...PLAUSIBLE).map((v) => () => v),
  fc.date().map((d) => () => new Date(d.getTime())),
);
/** An object whose members (option names, prototype names) are made fresh in each run, as own data properties. */
const objectOf = (names: readonly string[]): fc.Arbitrary<Make> =>
  fc.array(fc.tuple(fc.constantFrom(...names, ...PROTOTYPE_NAMES), value), { maxLength: 6 }).map((entries) => () => {
    const out: Record<string, unknown> = {};
    for (const [name, make] of entries) Object.defineProperty(out, name, { value: make(), enumerable: true, writable: true, configurable: true });
    return out;
  });
const anyOf = (names: readonly string[]) => fc.oneof(value, objectOf(names));

const SIGN_NAMES = ['alg', 'kid', 'typ', 'cty', 'crit', 'header', 'expiresIn', 'notBefore', 'issuedAt', 'issuer', 'subject', 'audience', 'jwtId', 'currentDate'];
const VERIFY_NAMES = ['algorithms', 'crit', 'maxTokenLength', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxTokenAge', 'requiredClaims', 'requireExp', 'currentDate', 'validate', 'cache'];
const CLAIM_NAMES = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'scope'];

describe('every public JWT function settles with a result or a JoseError, for arguments of any type (fast-check)', () => {
  let tokens: string[];
  beforeAll(async () => {
    const signed = await sign({ sub: 'u' }, { expiresIn: 60, audience: 'api' });
    tokens = [signed, await encode({ sub: 'u' }, { expiresIn: 60 }), `Bearer ${signed}`, `${signed}~x~`, 'a.b.c.d.e', signed.slice(0, -2)];
  });
  const token = fc.oneof(fc.anything().map((v) => () => v), fc.nat(5).map((i) => () => tokens[i]), fc.nat(HOSTILE.length - 1).map((i) => HOSTILE[i]!));
  const key = fc.oneof(fc.constant(() => hs.signKey), fc.constant(() => new Uint8Array(32).fill(7)), fc.constant(() => hs.privateJwk), value, objectOf(['kty', 'k', 'alg', 'use', 'key_ops']));

  it('signJwt and encodeUnsecuredJwt', async () => {
    await fc.assert(
      fc.asyncProperty(anyOf(CLAIM_NAMES), key, anyOf(SIGN_NAMES), async (claims, k, options) => {
        await settles(() => jose.signJwt(claims() as never, k() as never, options() as never));
        return settles(() => jose.encodeUnsecuredJwt(claims() as never, options() as never));
      }),
      { seed: 20260101, numRuns: 500 },
    );
  });
  it('verifyJwt and decodeUnsecuredJwt', async () => {
    await fc.assert(
      fc.asyncProperty(token, key, anyOf(VERIFY_NAMES), async (t, k, options) => {
        await settles(() => jose.verifyJwt(t() as never, k() as never, options() as never));
        return settles(() => jose.decodeUnsecuredJwt(t() as never, options() as never));
      }),
      { seed: 20260102, numRuns: 500 },
    );
  });
  it('verifyJwt with mostly valid options, so that the claim rules run', async () => {
    const options = fc.array(fc.tuple(fc.constantFrom(...VERIFY_NAMES.filter((n) => n !== 'algorithms'), ...PROTOTYPE_NAMES), value), { maxLength: 4 })
      .map((entries) => () => Object.assign({ algorithms: ['HS256'] }, Object.fromEntries(entries.map(([n, make]) => [n, make()]))));
    await fc.assert(
      fc.asyncProperty(token, options, async (t, o) => settles(() => jose.verifyJwt(t() as never, hs.verifyKey, o() as never))),
      { seed: 20260103, numRuns: 400 },
    );
  });
  it('createJwtVerifier, and the function it returns (cache hits included)', async () => {
    await fc.assert(
      fc.asyncProperty(key, anyOf(VERIFY_NAMES), fc.array(token, { maxLength: 3 }), async (k, options, ts) => {
        let verify: ((token: string) => Promise<unknown>) | undefined;
        await settles(() => {
          verify = jose.createJwtVerifier(k() as never, options() as never);
        });
        if (verify) for (const t of [...ts, ...ts]) await settles(() => verify!(t() as never));
        return true;
      }),
      { seed: 20260104, numRuns: 300 },
    );
  });
  it('inspectJwt never throws', () => {
    fc.assert(
      fc.property(token, anyOf(['now', 'maxTokenLength']), (t, options) => {
        const r = jose.inspectJwt(t(), options() as never);
        return Array.isArray(r.problems) && typeof r.now === 'string';
      }),
      { seed: 20260105, numRuns: 300 },
    );
  });
});

describe('sign → verify round-trips any JSON claims (fast-check)', () => {
  const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);
  const claims = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }), { maxKeys: 6 })
    .map((d) => Object.fromEntries(Object.entries(d).filter(([name]) => !REGISTERED.has(name))));
  const audience = fc.option(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { minLength: 1, maxLength: 3 })), { nil: undefined });
  it('the verified payload is the signed claims plus the option claims', async () => {
    await fc.assert(
      fc.asyncProperty(claims, audience, fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined }), async (c, aud, iss) => {
        const token = await jose.signJwt(c, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: '5m', audience: aud, issuer: iss });
        // The audience a verifier passes: one the token names, or false (any) when the test has none to pick.
        const accepted = aud === undefined ? false : typeof aud === 'string' ? aud : aud[aud.length - 1]!;
        const { payload } = await jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0 + 1), audience: accepted, issuer: iss });
        const expected = JSON.parse(JSON.stringify({
          ...c, ...(iss === undefined ? {} : { iss }), ...(aud === undefined ? {} : { aud }), iat: T0, exp: T0 + 300,
        })) as Record<string, unknown>;
        expect(payload).toStrictEqual(expected);
        // And a verifier that names no audience refuses exactly the tokens that have one.
        const unpinned = await jose.verifyJwt(token, hs.verifyKey, { algorithms: HS, currentDate: at(T0 + 1) }).then(() => 'ok', (e: unknown) => e);
        if (aud === undefined) expect(unpinned).toBe('ok');
        else expect((unpinned as jose.JwtClaimValidationFailed).claim).toBe('aud');
      }),
      { seed: 20260106, numRuns: 150 },
    );
  });
});

describe('a key that only looks like a CryptoKey ends in JoseKeyInvalid, in both builds', () => {
  const lookAlike = () => ({
    [Symbol.toStringTag]: 'CryptoKey',
    type: 'secret',
    extractable: true,
    usages: ['sign', 'verify'],
    algorithm: { name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 },
  });
  const throwingGetter = () =>
    Object.defineProperty(lookAlike(), 'extractable', { get: () => { throw new RangeError('getter'); }, enumerable: true });

  for (const [name, make] of [['a look-alike object', lookAlike], ['a look-alike whose extractable getter throws', throwingGetter]] as const) {
    it(`${name}: verifyJwt, createJwtVerifier (with and without cache) and signJwt`, async () => {
      const token = await jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', expiresIn: '1h' });
      const key = make() as unknown as CryptoKey;
      const options = { algorithms: ['HS256'] as jose.JwsAlgorithm[] };
      for (const run of [
        () => jose.verifyJwt(token, key, options),
        () => jose.createJwtVerifier(key, options)(token),
        () => jose.createJwtVerifier(key, { ...options, cache: { max: 2 } })(token),
        () => jose.verifyCompact(token, key, options),
      ]) {
        const err = await run().then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(jose.JoseError);
        expect((err as jose.JoseError).code).toBe('ERR_JOSE_KEY_INVALID');
      }
      const signed = await jose.signJwt({}, key, { alg: 'HS256', expiresIn: '1h' }).then(() => undefined, (e: unknown) => e);
      expect((signed as jose.JoseError).code).toBe('ERR_JOSE_KEY_INVALID');
    });
  }
});
