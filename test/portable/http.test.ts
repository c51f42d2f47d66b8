// RFC 6750 over HTTP: reading the one Bearer token of a request (§2.1) and answering a refused
// request with a WWW-Authenticate challenge (§3), including which caught error says what.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { keysFor, rejects, type KeyPairFor } from './support.js';

const MISSING = Symbol.for('josekit.http.missingCredentials');
const STEP = 'read bearer token';
/** A JWS-shaped credential that must never appear in a message. */
const SECRET = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ';

/** The error bearerToken throws for `input` (failing the test if it returns). */
function refusal(input: unknown): jose.JoseError {
  let error: unknown;
  try {
    jose.bearerToken(input);
  } catch (err) {
    error = err;
  }
  expect(error, 'bearerToken should have thrown').toBeInstanceOf(jose.JoseError);
  return error as jose.JoseError;
}

/** A malformed-credentials refusal: JwsInvalid at the bearer step, without the missing marker. */
function malformed(input: unknown, message: RegExp): jose.JoseError {
  const err = refusal(input);
  expect(err).toBeInstanceOf(jose.JwsInvalid);
  expect(err.code).toBe('ERR_JWS_INVALID');
  expect(err.step).toBe(STEP);
  expect(err.message).toMatch(message);
  expect((err as unknown as Record<symbol, unknown>)[MISSING]).toBeUndefined();
  expect(jose.wwwAuthenticate(err)).toMatch(/^Bearer error="invalid_request"/);
  return err;
}

/** A no-credentials refusal: JwsInvalid carrying the marker, answered with the bare challenge. */
function missing(input: unknown): jose.JoseError {
  const err = refusal(input);
  expect(err).toBeInstanceOf(jose.JwsInvalid);
  expect(err.step).toBe(STEP);
  expect((err as unknown as Record<symbol, unknown>)[MISSING]).toBe(true);
  expect(jose.wwwAuthenticate(err)).toBe('Bearer');
  expect(jose.wwwAuthenticate(err, { realm: 'api' })).toBe('Bearer realm="api"');
  return err;
}

const URL_API = 'https://api.example.com/orders';

describe('bearerToken: every input form (RFC 6750 §2.1)', () => {
  it('an Authorization value', () => {
    expect(jose.bearerToken(`Bearer ${SECRET}`)).toBe(SECRET);
  });
  it('a WHATWG Headers (the name in any case)', () => {
    expect(jose.bearerToken(new Headers({ Authorization: 'Bearer abc' }))).toBe('abc');
    expect(jose.bearerToken(new Headers([['authorization', 'Bearer def']]))).toBe('def');
  });
  it('a fetch Request', () => {
    expect(jose.bearerToken(new Request(URL_API, { headers: { authorization: `Bearer ${SECRET}` } }))).toBe(SECRET);
  });
  it("Node's IncomingHttpHeaders: a string, a one-entry array, a name in another case", () => {
    expect(jose.bearerToken({ host: 'api', authorization: 'Bearer abc', accept: ['a', 'b'] })).toBe('abc');
    expect(jose.bearerToken({ authorization: ['Bearer abc'] })).toBe('abc');
    expect(jose.bearerToken({ Authorization: 'Bearer abc' })).toBe('abc');
    expect(jose.bearerToken(Object.assign(Object.create(null), { authorization: 'Bearer abc' }))).toBe('abc');
  });
  it("Node's IncomingMessage (its headers are a plain object)", () => {
    const req = { method: 'GET', url: '/orders', httpVersion: '1.1', headers: { host: 'api', authorization: 'Bearer abc' } };
    expect(jose.bearerToken(req)).toBe('abc');
  });
  it("Node's IncomingMessage with headersDistinct (Node 18.3+): one Authorization header is read", () => {
    const req = { headers: { host: 'api', authorization: 'Bearer abc' }, headersDistinct: { host: ['api'], authorization: ['Bearer abc'] } };
    expect(jose.bearerToken(req)).toBe('abc');
    // The value comes from req.headers (what middleware that rewrites headers, or a hand-built
    // IncomingMessage without raw headers, holds); headersDistinct alone when there is no headers.
    expect(jose.bearerToken({ headers: { authorization: 'Bearer abc' }, headersDistinct: {} })).toBe('abc');
    expect(jose.bearerToken({ headersDistinct: { authorization: ['Bearer abc'] } })).toBe('abc');
    // The getter Node defines on IncomingMessage.prototype is read too.
    class Message {
      headers = { authorization: 'Bearer abc' };
      get headersDistinct() {
        return { authorization: ['Bearer abc'] };
      }
    }
    expect(jose.bearerToken(new Message())).toBe('abc');
    missing({ headers: {}, headersDistinct: {} });
    missing({ headers: {}, headersDistinct: { authorization: [] } });
  });
  it('an object with get(name) (Express, Koa, a Map)', () => {
    expect(jose.bearerToken({ get: (name: string) => (name === 'authorization' ? 'Bearer abc' : undefined) })).toBe('abc');
    expect(jose.bearerToken(new Map([['authorization', 'Bearer abc']]))).toBe('abc');
  });
  it('a header named "headers" or "get" does not confuse a plain header object', () => {
    expect(jose.bearerToken({ headers: 'x', get: 'y', authorization: 'Bearer abc' })).toBe('abc');
    expect(jose.bearerToken({ headers: ['x'], authorization: ['Bearer abc'] })).toBe('abc');
  });
  it('only own properties count: a polluted prototype supplies no token', () => {
    missing(Object.create({ authorization: 'Bearer abc' }));
  });
});

describe('bearerToken: the accepted grammar', () => {
  it('the scheme in any case (RFC 7235 §2.1)', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) expect(jose.bearerToken(`${scheme} abc`)).toBe('abc');
  });
  it('one or more spaces (1*SP) between scheme and token', () => {
    expect(jose.bearerToken('Bearer    abc')).toBe('abc');
  });
  it('every b64token character, with trailing "=" padding', () => {
    const token = 'ABCxyz0189-._~+/==';
    expect(jose.bearerToken(`Bearer ${token}`)).toBe(token);
    expect(jose.bearerToken('Bearer a')).toBe('a');
  });
  it('a value at the length limit is read; one character more is refused before it is scanned', () => {
    const atLimit = `Bearer ${'a'.repeat(65600 - 7)}`;
    expect(atLimit.length).toBe(65600);
    expect(jose.bearerToken(atLimit)).toHaveLength(65600 - 7);
    malformed(`${atLimit}a`, /65601 characters long, over the limit of 65600/);
    // The length is checked first: the line feed at the end of this 4 MiB value is never scanned for.
    malformed(`Bearer ${'a'.repeat(4 * 1024 * 1024)}\n`, /4194312 characters long, over the limit/);
  });
});

describe('bearerToken: exactly one well-formed Bearer token, or a JwsInvalid', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['the scheme alone', 'Bearer', /Bearer scheme but no token/],
    ['the scheme and spaces', 'Bearer   ', /Bearer scheme but no token/],
    ['two tokens', 'Bearer abc def', /more text after the token/],
    ['two credentials joined by a comma', 'Bearer abc, Bearer def', /more than one credential/],
    ['a comma inside', 'Bearer abc,def', /more than one credential/],
    ['a second scheme after a comma', `Bearer abc, Basic ${btoa('user:pass')}`, /more than one credential/],
    ['an auth-param', 'Bearer realm="api"', /auth-param/],
    ['a token then a parameter', 'Bearer abc=def', /auth-param/],
    ['padding first', 'Bearer =abc', /starts with "="/],
    ['padding only', 'Bearer ==', /starts with "="/],
    ['a quote', 'Bearer ab"c', /character "\\"" at offset 9/],
    ['a token that starts badly', 'Bearer ,abc', /no token after the Bearer scheme/],
    ['a tab after the scheme', 'Bearer\tabc', /a tab \(U\+0009\) at offset 6/],
    ['a line feed', 'Bearer abc\n', /a line feed/],
    ['CRLF', 'Bearer abc\r\nX-Injected: 1', /a carriage return/],
    ['NUL', 'Bearer abc\0', /a NUL/],
    ['DEL', 'Bearer abc\x7f', /a control character \(U\+007F\)/],
    ['non-ASCII', 'Bearer abcé', /a non-ASCII character \(U\+00E9\)/],
    ['a leading space', ' Bearer abc', /starts with a space/],
    ['a trailing space', 'Bearer abc ', /ends with a space/],
    ['trailing spaces', 'Bearer abc   ', /ends with a space/],
    ['another scheme', `Basic ${btoa('user:pass')}`, /scheme "Basic", not "Bearer"/],
    ['a DPoP-bound token', 'DPoP abc', /DPoP-bound token \(RFC 9449\), not a Bearer token/],
    ['dpop in lower case', 'dpop abc', /DPoP-bound/],
    ['a token without a scheme', SECRET, new RegExp(`one word of ${SECRET.length} characters without a scheme`)],
    ['a scheme that is no token', 'Be@rer abc', /uses an unknown scheme of 6 characters, not "Bearer"/],
    ['a credential sent without a scheme, then more text', 'sk_live_0123456789abcdefABCDEF trailing', /uses an unknown scheme of 30 characters, not "Bearer"/],
    ['a known scheme alone', 'Basic', /has the scheme "Basic" alone, not "Bearer <token>"/],
    ['a scheme that is no registered one', 'Custom abc', /uses an unknown scheme of 6 characters/],
    ['"Bearer" glued to the token', `Bearer${SECRET}`, /without a scheme/],
  ];
  for (const [name, value, message] of cases) {
    it(name, () => {
      malformed(value, message);
    });
  }

  it('messages never echo the credentials (at most the scheme and a length)', () => {
    const values = [
      `Bearer ${SECRET} x`, `Bearer ${SECRET}, Bearer other`, `Bearer ${SECRET}\n`, ` Bearer ${SECRET}`, `Bearer ${SECRET} `,
      `DPoP ${SECRET}`, `Basic ${SECRET}`, SECRET, `${SECRET} ${SECRET}`, `Bearer ${SECRET}="x"`, `Bearer ${SECRET}"`,
    ];
    for (const value of values) {
      const err = refusal(value);
      expect(err.message, value).not.toContain(SECRET);
      expect(err.message).not.toContain(SECRET.slice(0, 12));
      expect(err.message.startsWith('read bearer token: ')).toBe(true);
    }
  });

  it('a known scheme is named as sent, in any case; any other first word only by its length', () => {
    const known = ['Basic', 'Digest', 'HOBA', 'Mutual', 'Negotiate', 'NTLM', 'OAuth', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'vapid', 'AWS4-HMAC-SHA256', 'Token'];
    for (const scheme of known) {
      for (const spelled of [scheme, scheme.toLowerCase(), scheme.toUpperCase()]) {
        malformed(`${spelled} ${SECRET}`, new RegExp(`^read bearer token: the Authorization header uses the scheme "${spelled}", not "Bearer"$`));
      }
    }
    for (const word of ['sk_live_0123456789abcdefABCDEF', 'Bearer_', 'Basic2', 'Tokens', 'X-Api-Key', 'ghp_abc', 'AKIA0123456789']) {
      const err = malformed(`${word} ${SECRET}`, new RegExp(`uses an unknown scheme of ${word.length} characters, not "Bearer"$`));
      expect(err.message).not.toContain(word);
    }
  });

  it('no message ever holds any part of the input but a known scheme', () => {
    // Secret-looking material in every place a value can put it; no 6-character run of it may
    // appear in a message (one offending character, an offset and a length may).
    const secrets = [SECRET, 'sk_live_0123456789abcdefABCDEF', 'dXNlcjpwYXNzd29yZA==', 'ghp_R4nd0mT0k3nV4lu3xyz', 'AKIAIOSFODNN7EXAMPLE'];
    const shapes = (x: string): string[] => [
      x, `${x} trailing`, `${x} ${x}`, `${x}:${x}`, `${x},${x}`, ` ${x}`, `${x} `, `${x}\n`, `${x}é`, `x=${x}`, `${x}="v"`,
      `Bearer ${x} x`, `Bearer x ${x}`, `Bearer ${x}, Bearer ${x}`, `Bearer ${x},${x}`, `Bearer ${x}="v"`, `Bearer ${x}"`,
      `Bearer "${x}"`, `Bearer realm="${x}"`, `Bearer\t${x}`, `Bearer ${x}\r\nX-Injected: ${x}`, `Bearer ${x}\0`, `Bearer ${x}é`,
      `Bearer=${x}`, `Bearer${x}`, `Bearer  ${x} `, `Bearer =${x}`, `Bearer ,${x}`, `Basic ${x}`, `basic ${x} ${x}`, `DPoP ${x}`,
      `Token ${x}`, `Custom ${x}`, `${x} Bearer ${x}`, `${x.slice(0, 12)} ${x}`, `Digest username="${x}", response="${x}"`,
    ];
    const inputs: unknown[] = [];
    for (const secret of secrets) {
      for (const value of shapes(secret)) {
        inputs.push(value, { authorization: value }, { authorization: [value] }, { authorization: [value, value] }, new Headers({ authorization: value.replace(/[\r\n\0]/g, '') }));
        inputs.push({ headers: { authorization: value }, headersDistinct: { authorization: [value, `Bearer ${secret}`] } });
      }
    }
    let checked = 0;
    for (const input of inputs) {
      let err: unknown;
      try {
        jose.bearerToken(input);
        continue; // a shape that happens to be one valid Bearer token
      } catch (caught) {
        err = caught;
      }
      expect(err).toBeInstanceOf(jose.JwsInvalid);
      const message = (err as Error).message;
      expect(message.startsWith('read bearer token: ')).toBe(true);
      for (const secret of secrets) {
        for (let i = 0; i + 6 <= secret.length; i++) expect(message, `${secret.slice(i, i + 6)} in ${message}`).not.toContain(secret.slice(i, i + 6));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(secrets.length * 30 * 5);
  });

  it('two Authorization headers: a Node array, two names differing in case, Headers joining them', () => {
    malformed({ authorization: ['Bearer abc', 'Bearer def'] }, /appears 2 times/);
    // Node's req.headers keeps the first of two; req.headersDistinct has both.
    const req = { headers: { host: 'api', authorization: 'Bearer a' }, headersDistinct: { host: ['api'], authorization: ['Bearer a', 'Bearer b'] } };
    malformed(req, /appears 2 times \(req\.headers shows only the first, req\.headersDistinct has them all\)/);
    malformed({ headersDistinct: { authorization: ['Bearer a', 'Bearer b', 'Bearer c'] } }, /appears 3 times/);
    malformed({ headers: {}, headersDistinct: { authorization: ['Bearer a'], Authorization: ['Bearer b'] } }, /appears twice/);
    malformed({ authorization: 'Bearer abc', Authorization: 'Bearer def' }, /appears twice/);
    const headers = new Headers();
    headers.append('authorization', 'Bearer abc');
    headers.append('authorization', 'Bearer def');
    malformed(headers, /more than one credential/);
    malformed(new Request(URL_API, { headers }), /more than one credential/);
  });
});

describe('bearerToken: no credentials at all is told apart (RFC 6750 §3.1)', () => {
  it('no header, an empty header, in every form', () => {
    for (const input of [
      undefined, null, '', new Headers(), new Headers({ authorization: '' }), new Request(URL_API), {}, { authorization: undefined },
      { authorization: [] }, { headers: {} }, { headers: { authorization: '' } }, { get: () => null },
    ]) {
      missing(input);
    }
  });
  it('the marker is non-enumerable: it does not show in keys or JSON', () => {
    const err = missing(undefined);
    expect(Object.keys(err)).not.toContain(MISSING);
    expect(Object.getOwnPropertySymbols(err)).toContain(MISSING);
    expect(Object.getOwnPropertyDescriptor(err, MISSING)?.enumerable).toBe(false);
    expect(err.message).toBe('read bearer token: the request has no Authorization header');
  });
  it('a value of spaces is not empty: it is malformed', () => {
    malformed('   ', /starts with a space/);
  });
});

describe('bearerToken: inputs that are the caller\'s bug are JoseInvalidOptions', () => {
  it('values of the wrong type', () => {
    for (const input of [42, true, 10n, Symbol('x'), () => 'Bearer abc', ['Bearer abc']]) {
      const err = refusal(input);
      expect(err).toBeInstanceOf(jose.JoseInvalidOptions);
      expect(err.message).toMatch(/takes an Authorization value/);
    }
    for (const input of [{ authorization: 42 }, { authorization: [7] }, { authorization: [['Bearer abc']] }, { authorization: [undefined] }, { get: () => 42 }]) {
      expect(refusal(input)).toBeInstanceOf(jose.JoseInvalidOptions);
    }
  });
  it('objects that throw when read', () => {
    const getter = { get authorization(): string { throw new Error('boom'); } };
    const err = refusal(getter);
    expect(err).toBeInstanceOf(jose.JoseInvalidOptions);
    expect(err.message).toMatch(/the request headers could not be read: boom/);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(refusal(proxy)).toBeInstanceOf(jose.JoseInvalidOptions);
  });
  it("wwwAuthenticate answers them as the server's failure (invalid_token, \"could not be verified\"), not invalid_request", () => {
    for (const input of [42, { authorization: 42 }, { get authorization(): string { throw new Error('boom'); } }]) {
      const err = refusal(input);
      expect(err).toBeInstanceOf(jose.JoseInvalidOptions);
      expect(err.step).toBe(STEP);
      expect(jose.wwwAuthenticate(err, { realm: 'api' })).toBe(`Bearer realm="api", error="invalid_token", error_description="The access token could not be verified"`);
    }
  });
});

describe('wwwAuthenticate: RFC 6750 §3 challenges', () => {
  it('the bare challenge, with and without a realm', () => {
    expect(jose.wwwAuthenticate()).toBe('Bearer');
    expect(jose.wwwAuthenticate(undefined)).toBe('Bearer');
    expect(jose.wwwAuthenticate(undefined, { realm: 'example' })).toBe('Bearer realm="example"');
  });
  it('the RFC 6750 §3 example for an expired token, from a real JwtExpired', async () => {
    const key = (await keysFor('HS256')).signKey;
    const token = await jose.signJwt({ sub: 'u' }, key, { alg: 'HS256', expiresIn: '1h' });
    const err = await rejects(
      jose.verifyJwt(token, key, { algorithms: ['HS256'], currentDate: new Date(Date.now() + 2 * 3600_000) }),
      jose.JwtExpired, 'ERR_JWT_EXPIRED',
    );
    expect(jose.wwwAuthenticate(err, { realm: 'example' })).toBe(
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    );
  });
  it('each error code as a string, without a description', () => {
    expect(jose.wwwAuthenticate('invalid_request')).toBe('Bearer error="invalid_request"');
    expect(jose.wwwAuthenticate('invalid_token', { realm: 'api' })).toBe('Bearer realm="api", error="invalid_token"');
    expect(jose.wwwAuthenticate('insufficient_scope')).toBe('Bearer error="insufficient_scope"');
  });
  it('insufficient_scope with the scope needed, as a string or an array', () => {
    expect(jose.wwwAuthenticate('insufficient_scope', { realm: 'api', scope: 'orders:read orders:write' })).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="orders:read orders:write"',
    );
    expect(jose.wwwAuthenticate('insufficient_scope', { scope: ['orders:read', 'https://api.example.com/x'] })).toBe(
      'Bearer error="insufficient_scope", scope="orders:read https://api.example.com/x"',
    );
    expect(jose.wwwAuthenticate(undefined, { scope: 'openid' })).toBe('Bearer scope="openid"');
  });
  it('a string that is not one of the three codes is a wrong argument: JoseInvalidOptions', () => {
    for (const value of ['expired', 'INVALID_TOKEN', '', 'invalid_token ', 'ERR_JWT_EXPIRED']) {
      expect(() => jose.wwwAuthenticate(value), value).toThrow(jose.JoseInvalidOptions);
    }
    expect(() => jose.wwwAuthenticate('expired')).toThrow(/one of the error codes "invalid_request", "invalid_token", "insufficient_scope", got "expired"/);
  });
  it("any other caught value (an error of the app's own, null, a look-alike) gets the neutral challenge, read no further", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile = new Proxy(new Error('x'), { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } });
    const values: unknown[] = [
      new TypeError('database is down'), new Error('sk_live_0123456789'), null, 0, 42n, false, {}, [], Symbol('s'), () => 1,
      { code: 'ERR_JWT_EXPIRED' }, { code: 'ERR_JWS_INVALID', step: 'read bearer token' },
      Object.assign(new Error('expired'), { code: 'ERR_JWT_EXPIRED', name: 'JwtExpired' }), proxy, hostile,
    ];
    for (const value of values) {
      expect(jose.wwwAuthenticate(value, { realm: 'api' }), String(typeof value)).toBe(`Bearer realm="api", error="invalid_token", error_description="The access token could not be verified"`);
    }
  });
});

describe('wwwAuthenticate: realm and scope are quoted-strings, checked rather than escaped', () => {
  it('realms of printable ASCII, spaces included', () => {
    expect(jose.wwwAuthenticate(undefined, { realm: "Orders API (v2) 'eu'" })).toBe(`Bearer realm="Orders API (v2) 'eu'"`);
  });
  const badRealms: Array<[unknown, RegExp]> = [
    ['', /"realm" is empty/],
    ['a"b', /"realm" holds "\\""/],
    ['a\\b', /"realm" holds "\\\\"/],
    ['a\nb', /"realm" holds "\\n"/],
    ['a\tb', /"realm" holds "\\t"/],
    ['é', /"realm" holds "é"/],
    [42, /"realm" must be a string, got number/],
  ];
  for (const [realm, message] of badRealms) {
    it(`refuses the realm ${JSON.stringify(realm)}`, () => {
      expect(() => jose.wwwAuthenticate(undefined, { realm: realm as string })).toThrow(jose.JoseInvalidOptions);
      expect(() => jose.wwwAuthenticate('invalid_token', { realm: realm as string })).toThrow(message);
    });
  }
  const badScopes: Array<[unknown, RegExp]> = [
    ['', /names no scope/],
    [[], /names no scope/],
    ['a  b', /scope-token ""/],
    [' a', /scope-token ""/],
    ['a ', /scope-token ""/],
    ['a"b', /scope-token "a\\"b"/],
    ['a\\b', /scope-token/],
    ['a\tb', /scope-token/],
    ['é', /scope-token "é"/],
    [['a b'], /scope-token "a b"/],
    [['a', ''], /scope-token ""/],
    [['a', 1], /must hold strings, got number/],
    [42, /must be a string or an array of strings, got number/],
  ];
  for (const [scope, message] of badScopes) {
    it(`refuses the scope ${JSON.stringify(scope)}`, () => {
      expect(() => jose.wwwAuthenticate('insufficient_scope', { scope: scope as string })).toThrow(jose.JoseInvalidOptions);
      expect(() => jose.wwwAuthenticate('insufficient_scope', { scope: scope as string })).toThrow(message);
    });
  }
  it('unknown option names, and options that are not an object', () => {
    expect(() => jose.wwwAuthenticate(undefined, { realms: 'api' } as never)).toThrow(/unknown option "realms" for wwwAuthenticate \(did you mean "realm"\?\)/);
    expect(() => jose.wwwAuthenticate(undefined, 'api' as never)).toThrow(jose.JoseInvalidOptions);
  });
  it('a scope array that throws when read is a JoseInvalidOptions', () => {
    const scope = new Proxy(['a'], { get: (target, name) => (name === '0' ? (() => { throw new Error('trap'); })() : Reflect.get(target, name)) });
    expect(() => jose.wwwAuthenticate(undefined, { scope })).toThrow(jose.JoseInvalidOptions);
  });
  it('options are checked whatever the error', () => {
    expect(() => jose.wwwAuthenticate(new jose.JwksTimeout('slow'), { realm: 'a"b' })).toThrow(/"realm"/);
    expect(() => jose.wwwAuthenticate(new TypeError('mine'), { scope: '' })).toThrow(jose.JoseInvalidOptions);
  });
});

describe('wwwAuthenticate: caught errors, mapped by class', () => {
  let hs: KeyPairFor;
  let es: KeyPairFor;
  let es2: KeyPairFor;
  let token: string;
  const HS = { algorithms: ['HS256'] as jose.JwsAlgorithm[] };
  const INVALID_TOKEN = 'Bearer realm="api", error="invalid_token", error_description="The access token is invalid"';

  beforeAll(async () => {
    hs = await keysFor('HS256');
    es = await keysFor('ES256');
    const other = await jose.generateKeyPair('ES256', { extractable: true });
    es2 = { signKey: other.privateKey, verifyKey: other.publicKey, publicJwk: await jose.exportJwk(other.publicKey), privateJwk: await jose.exportJwk(other.privateKey) };
    token = await jose.signJwt({ sub: 'user-42', iss: 'https://issuer.example' }, hs.signKey, { alg: 'HS256', expiresIn: '1h' });
  });

  /** The challenge for what verifying rejects with, after checking the class. */
  async function challengeFor(
    promise: Promise<unknown>,
    cls: abstract new (...args: never[]) => jose.JoseError,
    code: string,
  ): Promise<string> {
    const err = await rejects(promise, cls, code);
    const challenge = jose.wwwAuthenticate(err, { realm: 'api' });
    // The description is fixed text: never the message, which names claims, kids, algorithms.
    expect(challenge).toMatch(/ error_description="The access token (expired|is not valid yet|is invalid)"$/);
    return challenge;
  }

  it('JwtExpired: "The access token expired"', async () => {
    const challenge = await challengeFor(jose.verifyJwt(token, hs.verifyKey, { ...HS, currentDate: new Date(Date.now() + 86400_000) }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    expect(challenge).toBe('Bearer realm="api", error="invalid_token", error_description="The access token expired"');
  });
  it('JwtNotYetValid: "The access token is not valid yet"', async () => {
    const early = await jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: '2h', notBefore: '1h' });
    const challenge = await challengeFor(jose.verifyJwt(early, hs.verifyKey, HS), jose.JwtNotYetValid, 'ERR_JWT_NOT_YET_VALID');
    expect(challenge).toBe('Bearer realm="api", error="invalid_token", error_description="The access token is not valid yet"');
  });
  it('JwtClaimValidationFailed (issuer), never echoing the claim', async () => {
    const challenge = await challengeFor(jose.verifyJwt(token, hs.verifyKey, { ...HS, issuer: 'https://other.example' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(challenge).toBe(INVALID_TOKEN);
    expect(challenge).not.toContain('example');
  });
  it('JwsSignatureVerificationFailed', async () => {
    const wrong = await jose.generateSecret('HS256');
    expect(await challengeFor(jose.verifyJwt(token, wrong, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')).toBe(INVALID_TOKEN);
  });
  it('JoseAlgNotAllowed', async () => {
    expect(await challengeFor(jose.verifyJwt(token, es.verifyKey, { algorithms: ['ES256'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED')).toBe(INVALID_TOKEN);
  });
  it('JwsInvalid from the token (not from bearerToken)', async () => {
    expect(await challengeFor(jose.verifyJwt('not.a.token!', hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID')).toBe(INVALID_TOKEN);
  });
  it('JwtInvalid (a payload that is not a claims object)', async () => {
    const notClaims = await jose.signCompact('[1,2]', hs.signKey, { alg: 'HS256' });
    expect(await challengeFor(jose.verifyJwt(notClaims, hs.verifyKey, HS), jose.JwtInvalid, 'ERR_JWT_INVALID')).toBe(INVALID_TOKEN);
  });
  it('JoseNotSupported from the token (an unknown crit extension)', async () => {
    const critical = await jose.signJwt({}, es.signKey, { alg: 'ES256', expiresIn: '1h', header: { 'urn:example:flag': true }, crit: ['urn:example:flag'] });
    expect(await challengeFor(jose.verifyJwt(critical, es.verifyKey, { algorithms: ['ES256'] }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED')).toBe(INVALID_TOKEN);
  });
  it('JwksNoMatchingKey and JwksMultipleMatchingKeys', async () => {
    const kidToken = await jose.signJwt({}, es.signKey, { alg: 'ES256', kid: 'k-2026', expiresIn: '1h' });
    const noMatch = jose.createLocalJwks({ keys: [{ ...es.publicJwk, kid: 'k-2025' }] });
    expect(await challengeFor(jose.verifyJwt(kidToken, noMatch, { algorithms: ['ES256'] }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY')).toBe(INVALID_TOKEN);
    const noKid = await jose.signJwt({}, es.signKey, { alg: 'ES256', expiresIn: '1h' });
    const two = jose.createLocalJwks({ keys: [es.publicJwk, es2.publicJwk] });
    expect(await challengeFor(jose.verifyJwt(noKid, two, { algorithms: ['ES256'] }), jose.JwksMultipleMatchingKeys, 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')).toBe(INVALID_TOKEN);
  });
  it('JoseKeyInvalid (the embedded jwk is not the pinned one)', async () => {
    const embedded = await jose.signJwt({}, es2.signKey, { alg: 'ES256', expiresIn: '1h', header: { jwk: es2.publicJwk } });
    const pinned = jose.embeddedJwk({ thumbprints: [await jose.jwkThumbprint(es.publicJwk)] });
    expect(await challengeFor(jose.verifyJwt(embedded, pinned, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID')).toBe(INVALID_TOKEN);
  });
  it('JwkInvalid (an embedded jwk that is no key)', async () => {
    const { y: _y, ...noY } = es.publicJwk;
    const embedded = await jose.signJwt({}, es.signKey, { alg: 'ES256', expiresIn: '1h', header: { jwk: noY } });
    expect(await challengeFor(jose.verifyJwt(embedded, jose.embeddedJwk(), { algorithms: ['ES256'] }), jose.JwkInvalid, 'ERR_JWK_INVALID')).toBe(INVALID_TOKEN);
  });

  const UNVERIFIED = 'Bearer realm="api", error="invalid_token", error_description="The access token could not be verified"';
  it("the server's failures get the neutral challenge: bad options", async () => {
    const err = await rejects(jose.verifyJwt(token, hs.verifyKey, {} as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    expect(jose.wwwAuthenticate(err, { realm: 'api' })).toBe(UNVERIFIED);
  });
  it("the server's failures get the neutral challenge: a JWK Set that cannot be fetched, is too slow, or is invalid", async () => {
    const down = jose.createRemoteJwks('https://issuer.example/jwks', { fetch: async () => new Response('', { status: 503 }) });
    const esToken = await jose.signJwt({}, es.signKey, { alg: 'ES256', kid: 'k', expiresIn: '1h' });
    const fetchFailed = await rejects(jose.verifyJwt(esToken, down, { algorithms: ['ES256'] }), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expect(jose.wwwAuthenticate(fetchFailed, { realm: 'api' })).toBe(UNVERIFIED);
    const slow = jose.createRemoteJwks('https://issuer.example/jwks', {
      timeoutMs: 20,
      fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    const timeout = await rejects(slow.reload(), jose.JwksTimeout, 'ERR_JWKS_TIMEOUT');
    expect(jose.wwwAuthenticate(timeout, { realm: 'api' })).toBe(UNVERIFIED);
    const notJson = jose.createRemoteJwks('https://issuer.example/jwks', { fetch: async () => new Response('{"keys": 1}', { status: 200, headers: { 'content-type': 'application/json' } }) });
    const invalid = await rejects(notJson.reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID');
    expect(jose.wwwAuthenticate(invalid, { realm: 'api' })).toBe(UNVERIFIED);
  });
  it("the server's failures get the neutral challenge: step 'options', no WebCrypto, the generic class, a code of a later version", () => {
    const later = new jose.JoseError('from a later version');
    Object.defineProperty(later, 'code', { value: 'ERR_SOMETHING_NEW' });
    for (const err of [
      new jose.JwsInvalid('"detachedPayload" must be a string', { step: 'options' }),
      new jose.JwtInvalid('"currentDate" must be a valid Date', { step: 'options' }),
      new jose.JoseNotSupported('WebCrypto (globalThis.crypto.subtle) is not available'),
      new jose.JoseNotSupported('unknown alg "XS256"', { step: 'options' }),
      new jose.JoseInvalidOptions('"algorithms" is required'),
      new jose.JwksTimeout('slow'),
      new jose.JwksFetchFailed('status 502'),
      new jose.JwksInvalid('not a JWK Set'),
      new jose.JoseError('something else'),
      later,
    ]) {
      expect(jose.wwwAuthenticate(err, { realm: 'api' }), err.message).toBe(UNVERIFIED);
    }
  });
  it('no caught JoseError of any class makes it throw', () => {
    const classes = Object.values(jose).filter((value): value is typeof jose.JoseError => typeof value === 'function' && value.prototype instanceof Error);
    expect(classes.length).toBeGreaterThan(10);
    for (const Class of classes) {
      for (const step of [undefined, 'options', STEP, 'verify signature', 'fetch key set']) {
        let err: unknown;
        try {
          err = new (Class as unknown as new (message: string, options: object) => Error)('x', { step });
        } catch {
          continue; // a class whose constructor takes other arguments
        }
        expect(() => jose.wwwAuthenticate(err, { realm: 'api' })).not.toThrow();
        expect(jose.wwwAuthenticate(err)).toMatch(/^Bearer( error="(invalid_request|invalid_token)", error_description="[^"]+")?$/);
      }
    }
  });
  it('bearerToken errors: missing gives the bare challenge, malformed gives invalid_request', () => {
    expect(jose.wwwAuthenticate(refusal(new Headers()), { realm: 'api' })).toBe('Bearer realm="api"');
    expect(jose.wwwAuthenticate(refusal('Basic abc'), { realm: 'api' })).toBe(
      'Bearer realm="api", error="invalid_request", error_description="The request does not carry exactly one well-formed Bearer token"',
    );
  });
});

describe('a full flow: request → bearerToken → verifyJwt → on error wwwAuthenticate', () => {
  let key: CryptoKey;
  beforeAll(async () => {
    key = (await keysFor('HS256')).signKey;
  });

  /** A fetch-style handler, as the TSDoc example and docs/http.md write it. */
  async function handle(request: Request, verifyKey: Parameters<typeof jose.verifyJwt>[1] = key): Promise<Response> {
    let payload: jose.JwtPayload;
    try {
      ({ payload } = await jose.verifyJwt(jose.bearerToken(request), verifyKey, { algorithms: ['HS256'], audience: 'api' }));
    } catch (err) {
      if (err instanceof jose.JwksTimeout || err instanceof jose.JwksFetchFailed) {
        return new Response(null, { status: 503, headers: { 'Retry-After': '30' } });
      }
      const challenge = jose.wwwAuthenticate(err, { realm: 'api' });
      const status = challenge.includes('error="invalid_request"') ? 400 : 401;
      return new Response(null, { status, headers: { 'WWW-Authenticate': challenge } });
    }
    if (payload.scope !== 'orders:read') {
      return new Response(null, { status: 403, headers: { 'WWW-Authenticate': jose.wwwAuthenticate('insufficient_scope', { realm: 'api', scope: 'orders:read' }) } });
    }
    return Response.json({ sub: payload.sub });
  }
  const request = (authorization?: string) => new Request(URL_API, authorization === undefined ? {} : { headers: { authorization } });
  const answer = async (response: Response) => [response.status, response.headers.get('www-authenticate')];

  it('a good token is let in', async () => {
    const token = await jose.signJwt({ sub: 'u1', scope: 'orders:read' }, key, { alg: 'HS256', audience: 'api', expiresIn: '1h' });
    const response = await handle(request(`Bearer ${token}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'u1' });
  });
  it('no credentials: 401 with the bare challenge', async () => {
    expect(await answer(await handle(request()))).toEqual([401, 'Bearer realm="api"']);
  });
  it('a malformed header: 400 invalid_request', async () => {
    const [status, challenge] = await answer(await handle(request('Bearer a, Bearer b')));
    expect(status).toBe(400);
    expect(challenge).toMatch(/^Bearer realm="api", error="invalid_request"/);
  });
  it('an expired token: 401 invalid_token "The access token expired"', async () => {
    const expired = await jose.signJwt({ sub: 'u1', exp: Math.floor(Date.now() / 1000) - 600 }, key, { alg: 'HS256', audience: 'api' });
    expect(await answer(await handle(request(`bearer ${expired}`)))).toEqual([
      401, 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
    ]);
  });
  it('a token for another audience: 401 invalid_token', async () => {
    const other = await jose.signJwt({ sub: 'u1' }, key, { alg: 'HS256', audience: 'billing', expiresIn: '1h' });
    expect(await answer(await handle(request(`Bearer ${other}`)))).toEqual([401, 'Bearer realm="api", error="invalid_token", error_description="The access token is invalid"']);
  });
  it('a token without the scope: 403 insufficient_scope', async () => {
    const token = await jose.signJwt({ sub: 'u1' }, key, { alg: 'HS256', audience: 'api', expiresIn: '1h' });
    expect(await answer(await handle(request(`Bearer ${token}`)))).toEqual([403, 'Bearer realm="api", error="insufficient_scope", scope="orders:read"']);
  });
  it('a JWK Set that cannot be fetched or is too slow: 503, no challenge, the handler never throws', async () => {
    const token = await jose.signJwt({ sub: 'u1', scope: 'orders:read' }, key, { alg: 'HS256', audience: 'api', expiresIn: '1h' });
    const down = jose.createRemoteJwks('https://issuer.example/jwks', { fetch: async () => new Response('', { status: 502 }) });
    const response = await handle(request(`Bearer ${token}`), down);
    expect([response.status, response.headers.get('retry-after'), response.headers.get('www-authenticate')]).toEqual([503, '30', null]);
    const slow = jose.createRemoteJwks('https://issuer.example/jwks', {
      timeoutMs: 20,
      fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    expect((await handle(request(`Bearer ${token}`), slow)).status).toBe(503);
  });
  it('other server-side failures (a JWK Set that is not one) still get a challenge, never a throw', async () => {
    const token = await jose.signJwt({ sub: 'u1' }, key, { alg: 'HS256', audience: 'api', expiresIn: '1h' });
    const notASet = jose.createRemoteJwks('https://issuer.example/jwks', { fetch: async () => Response.json({ keys: 1 }) });
    expect(await answer(await handle(request(`Bearer ${token}`), notASet))).toEqual([
      401, 'Bearer realm="api", error="invalid_token", error_description="The access token could not be verified"',
    ]);
  });
  it('two Authorization headers on a Node request: 400 invalid_request', () => {
    // Node's req.headers keeps the first; req.headersDistinct shows both.
    const req = { headers: { authorization: 'Bearer a' }, headersDistinct: { authorization: ['Bearer a', 'Bearer b'] } };
    let err: unknown;
    try {
      jose.bearerToken(req);
    } catch (caught) {
      err = caught;
    }
    expect(jose.wwwAuthenticate(err, { realm: 'api' })).toMatch(/^Bearer realm="api", error="invalid_request"/);
  });
});
