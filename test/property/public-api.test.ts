// Property 2: every public function (every function reachable from the module namespace, so new
// exports are covered automatically), given arbitrary values for its arguments, returns or
// throws/rejects a JoseError whose code starts with ERR_: never a TypeError, RangeError,
// SyntaxError, DOMException or an error thrown by a hostile argument. inspectJwt never throws.
// Functions it returns (resolvers, verifiers) are called again with arbitrary values. Keys may be
// resolvers that return, throw or reject arbitrary values. Object.prototype never changes.
//
// Cases are generated as printable specs (see `Spec`) and built into live values inside the
// property, so a failure report shows a readable, shrunk counterexample.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import rfc7517B from '../../vectors/rfc/rfc7517-B.json';
import { TIMEOUT, assertPrototypeUntouched, describeError, outcome, params, prototypeSnapshot, utf16String } from './support.js';

// ---------------------------------------------------------------------------------------------
// The public surface, enumerated

type Fn = (...args: unknown[]) => unknown;

function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
}

/** [name, fn] for every exported function, and for functions on exported namespace objects. */
function publicFunctions(): Array<[string, Fn]> {
  const out: Array<[string, Fn]> = [];
  for (const [name, value] of Object.entries(jose)) {
    if (typeof value === 'function' && !isClass(value)) out.push([name, value as Fn]);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [member, inner] of Object.entries(value)) {
        if (typeof inner === 'function' && !isClass(inner)) out.push([`${name}.${member}`, inner as Fn]);
      }
    }
  }
  return out;
}

const FUNCTIONS = publicFunctions();

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Errors thrown by hostile arguments (never expected to escape josekit). */
class HostileError extends Error {}
const hostile = (where: string) => (): never => {
  throw new HostileError(`hostile ${where}`);
};

const NAMES = [
  // options and members of josekit's inputs
  'algorithms', 'crit', 'maxTokenLength', 'detachedPayload', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxTokenAge',
  'requiredClaims', 'requireExp', 'currentDate', 'validate', 'cache', 'max', 'alg', 'kid', 'cty', 'header', 'b64', 'detached',
  'protectedHeader', 'unprotectedHeader', 'policy', 'atLeast', 'expiresIn', 'notBefore', 'issuedAt', 'jwtId', 'extractable',
  'modulusLength', 'allowSymmetric', 'thumbprints', 'timeoutMs', 'cooldownMs', 'maxAgeMs', 'staleIfErrorMs', 'headers', 'fetch',
  'maxResponseBytes', 'allowHttp', 'store', 'now', 'keys', 'kty', 'crv', 'x', 'y', 'n', 'e', 'd', 'k', 'use', 'key_ops', 'ext',
  'payload', 'signature', 'signatures', 'protected', 'sub', 'exp', 'iat', 'nbf', 'aud', 'iss', 'jti', 'realm', 'scope', 'jwk',
  'authorization', 'length', '0',
  // prototype names
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'toJSON', 'prototype', 'isPrototypeOf', '__defineGetter__',
];

const throwingHandler: ProxyHandler<object> = new Proxy({}, { get: (_t, trap) => hostile(`proxy trap ${String(trap)}`) });

/** Fixtures made once in beforeAll: real keys and tokens, so that hostile values reach deep code. */
interface Fixtures {
  secret: Uint8Array;
  hsKey: CryptoKey;
  esPublic: CryptoKey;
  esPrivate: CryptoKey;
  esPublicJwk: jose.Jwk;
  esPrivateJwk: jose.Jwk;
  hsJwk: jose.Jwk;
  spki: string;
  pkcs8: string;
  cert: string;
  hsJwt: string;
  esJwt: string;
  hsCompact: string;
  flat: jose.FlattenedJws;
  general: jose.GeneralJws;
  unsecured: string;
  thumbprint: string;
}
let fx: Fixtures;

const LEAVES: Record<string, () => unknown> = {
  null: () => null,
  undefined: () => undefined,
  true: () => true,
  false: () => false,
  zero: () => 0,
  negZero: () => -0,
  NaN: () => NaN,
  Infinity: () => Infinity,
  negInfinity: () => -Infinity,
  unsafeInt: () => 2 ** 53 + 2,
  huge: () => 1e308,
  half: () => 0.5,
  minusOne: () => -1,
  bigint: () => 10n,
  symbol: () => Symbol('hostile'),
  wellKnownSymbol: () => Symbol.iterator,
  emptyString: () => '',
  protoString: () => '__proto__',
  constructorString: () => 'constructor',
  toStringString: () => 'toString',
  hasOwnPropertyString: () => 'hasOwnProperty',
  HS256: () => 'HS256',
  ES256: () => 'ES256',
  EdDSA: () => 'EdDSA',
  none: () => 'none',
  JWT: () => 'JWT',
  loneSurrogate: () => '\ud800',
  nul: () => '\u0000',
  dots: () => 'a.b.c',
  url: () => 'https://jwks.example/keys',
  loopbackUrl: () => 'http://localhost/jwks',
  bearer: () => 'Bearer abc',
  longString: () => 'a'.repeat(70_000),
  spki: () => fx.spki,
  pkcs8: () => fx.pkcs8,
  cert: () => fx.cert,
  hsJwt: () => fx.hsJwt,
  esJwt: () => fx.esJwt,
  hsCompact: () => fx.hsCompact,
  unsecured: () => fx.unsecured,
  flat: () => ({ ...fx.flat }),
  flatString: () => JSON.stringify(fx.flat),
  general: () => ({ ...fx.general, signatures: fx.general.signatures.map((s) => ({ ...s })) }),
  thumbprint: () => fx.thumbprint,
  secret: () => fx.secret.slice(),
  shortSecret: () => new Uint8Array(8),
  emptyBytes: () => new Uint8Array(0),
  arrayBuffer: () => new ArrayBuffer(64),
  dataView: () => new DataView(new ArrayBuffer(64)),
  int8Array: () => new Int8Array(64),
  hsKey: () => fx.hsKey,
  esPublic: () => fx.esPublic,
  esPrivate: () => fx.esPrivate,
  esPublicJwk: () => ({ ...fx.esPublicJwk }),
  esPrivateJwk: () => ({ ...fx.esPrivateJwk }),
  hsJwk: () => ({ ...fx.hsJwk }),
  jwkSet: () => ({ keys: [{ ...fx.esPublicJwk }] }),
  header: () => ({ alg: 'ES256', kid: 'k1' }),
  validDate: () => new Date('2026-01-01T00:00:00Z'),
  invalidDate: () => new Date(NaN),
  emptyArray: () => [],
  sparseArray: () => [, 'HS256', , 'ES256'], // eslint-disable-line no-sparse-arrays
  arrayWithProto: () => ['__proto__', 'constructor'],
  emptyObject: () => ({}),
  nullProto: () => Object.create(null),
  nullProtoWithAlg: () => Object.assign(Object.create(null), { alg: 'HS256', algorithms: ['HS256'] }),
  ownProto: () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  hostileToString: () => ({ toString: hostile('toString'), valueOf: hostile('valueOf') }),
  hostileToPrimitive: () => ({ [Symbol.toPrimitive]: hostile('toPrimitive') }),
  hostileToJSON: () => ({ toJSON: hostile('toJSON'), alg: 'HS256' }),
  getterThrows: () => {
    const o = {};
    for (const name of NAMES) if (name !== '__proto__') Object.defineProperty(o, name, { get: hostile(`getter ${name}`), enumerable: true, configurable: true });
    return o;
  },
  arrayGetterThrows: () => {
    const a = ['HS256'];
    Object.defineProperty(a, 0, { get: hostile('array element getter'), enumerable: true });
    return a;
  },
  throwingProxy: () => new Proxy({}, throwingHandler),
  throwingArrayProxy: () => new Proxy([], throwingHandler),
  throwingFunctionProxy: () => new Proxy(() => undefined, throwingHandler),
  revokedProxy: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  thenableThrows: () => ({ then: hostile('then') }),
  map: () => new Map([['alg', 'HS256']]),
  set: () => new Set(['HS256']),
  regexp: () => /HS256/g,
  error: () => new Error('an error as a value'),
  classInstance: () => new (class Options { algorithms = ['HS256']; })(),
  fakeKeyObject: () => new (class KeyObject { type = 'public'; export = hostile('KeyObject.export'); })(),
  fakeKeyObjectProxy: () => new (class KeyObject { type = 'public'; export = () => new Proxy({}, throwingHandler); })(),
  plainFunction: () => function plain() { return undefined; },
  frozen: () => Object.freeze({ algorithms: Object.freeze(['HS256']) }),
  symbolKeyed: () => ({ [Symbol('k')]: 1, alg: 'HS256' }),
  deepArray: () => {
    let v: unknown = [];
    for (let i = 0; i < 100_000; i++) v = [v];
    return v;
  },
  deepObject: () => {
    let v: unknown = {};
    for (let i = 0; i < 100_000; i++) v = { a: v };
    return v;
  },
  cyclic: () => {
    const o: Record<string, unknown> = { alg: 'HS256' };
    o.self = o;
    return o;
  },
};
const HOSTILE_LEAVES = [
  'symbol', 'wellKnownSymbol', 'bigint', 'sparseArray', 'nullProto', 'nullProtoWithAlg', 'ownProto', 'hostileToString', 'hostileToPrimitive',
  'hostileToJSON', 'getterThrows', 'arrayGetterThrows', 'throwingProxy', 'throwingArrayProxy', 'throwingFunctionProxy', 'revokedProxy',
  'thenableThrows', 'fakeKeyObject', 'fakeKeyObjectProxy', 'deepArray', 'deepObject', 'cyclic', 'loneSurrogate', 'invalidDate', 'NaN',
];
const PLAIN_LEAVES = Object.keys(LEAVES).filter((name) => !HOSTILE_LEAVES.includes(name));
// Triage knob: FC_EXCLUDE=revokedProxy,throwingProxy leaves those out, to see what fails behind them.
const EXCLUDED = new Set(((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.FC_EXCLUDE ?? '').split(',').filter(Boolean));
const leaf = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_LEAVES.filter((name) => !EXCLUDED.has(name))) },
  { weight: 2, arbitrary: fc.constantFrom(...PLAIN_LEAVES) },
);

/** A printable description of an argument. */
type Spec =
  | { v: string }
  | { s: string }
  | { n: number }
  | { i: bigint }
  | { a: Spec[]; sparse: boolean }
  | { o: Array<[string, Spec]>; nullProto: boolean }
  | { f: 'returns' | 'async' | 'throws' | 'rejects'; x: Spec };

const { spec } = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'spec' },
    { weight: 8, arbitrary: leaf.map((v): Spec => ({ v })) },
    { weight: 1, arbitrary: utf16String(12).map((s): Spec => ({ s })) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map((n): Spec => ({ n })) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((i): Spec => ({ i })) },
    { weight: 1, arbitrary: fc.record({ a: fc.array(tie('spec'), { maxLength: 3, depthIdentifier: 'spec' }), sparse: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        o: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 4 })), tie('spec')), { maxLength: 4, depthIdentifier: 'spec' }),
        nullProto: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ f: fc.constantFrom('returns' as const, 'async' as const, 'throws' as const, 'rejects' as const), x: tie('spec') }) },
  ),
})) as { spec: fc.Arbitrary<Spec> };

function build(s: Spec): unknown {
  if ('v' in s) return LEAVES[s.v]!();
  if ('s' in s) return s.s;
  if ('n' in s) return s.n;
  if ('i' in s) return s.i;
  if ('a' in s) {
    if (!s.sparse) return s.a.map(build);
    const arr: unknown[] = new Array(s.a.length * 2);
    s.a.forEach((x, i) => (arr[i * 2 + 1] = build(x)));
    return arr;
  }
  if ('o' in s) {
    const o: Record<string, unknown> = s.nullProto ? Object.create(null) : {};
    for (const [k, x] of s.o) Object.defineProperty(o, k, { value: build(x), enumerable: true, writable: true, configurable: true });
    return o;
  }
  const x = s.x;
  switch (s.f) {
    case 'returns':
      return () => build(x);
    case 'async':
      return async () => build(x);
    case 'throws':
      return () => {
        throw build(x);
      };
    default:
      // A rejected promise no caller awaits (a library may legitimately never call or await
      // this function) must not surface as an unhandled rejection of the test run.
      return () => {
        const rejected = Promise.reject(build(x));
        rejected.catch(() => undefined);
        return rejected;
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Near-valid calls: a working call with one argument, or one member of one argument, replaced

const BASE: Record<string, () => unknown[]> = {
  'base64url.encode': () => ['hello'],
  'base64url.decode': () => ['aGk'],
  importJwk: () => [{ ...fx.esPublicJwk }, 'ES256', { extractable: false }],
  importSpki: () => [fx.spki, 'ES256', { extractable: false }],
  importPkcs8: () => [fx.pkcs8, 'ES256', { extractable: false }],
  importSecret: () => [fx.secret.slice(), 'HS256', { extractable: false }],
  importX509: () => [fx.cert, 'RS256', { extractable: false }],
  jwkThumbprint: () => [{ ...fx.esPublicJwk }, 'sha256'],
  jwkThumbprintUri: () => [{ ...fx.esPublicJwk }, 'sha256'],
  exportJwk: () => [fx.esPublic],
  exportSpki: () => [fx.esPublic],
  exportPkcs8: () => [fx.esPrivate],
  generateKeyPair: () => ['ES256', { extractable: false }],
  generateSecret: () => ['HS256', { extractable: false }],
  signCompact: () => ['payload', fx.secret.slice(), { alg: 'HS256', kid: 'k1', typ: 'x', header: { a: 1 } }],
  verifyCompact: () => [fx.hsCompact, fx.secret.slice(), { algorithms: ['HS256'] }],
  signFlattened: () => ['payload', fx.secret.slice(), { alg: 'HS256', protectedHeader: { kid: 'k1' }, unprotectedHeader: { x: 1 } }],
  verifyFlattened: () => [{ ...fx.flat }, fx.secret.slice(), { algorithms: ['HS256'] }],
  signGeneral: () => ['payload', [{ key: fx.secret.slice(), alg: 'HS256', protectedHeader: { kid: 'k1' } }], { detached: false }],
  verifyGeneral: () => [{ ...fx.general }, fx.secret.slice(), { algorithms: ['HS256'], policy: 'any' }],
  signJwt: () => [{ sub: 'user-1' }, fx.secret.slice(), { alg: 'HS256', expiresIn: '5m', audience: 'api' }],
  verifyJwt: () => [fx.hsJwt, fx.secret.slice(), { algorithms: ['HS256'], audience: 'api' }],
  createJwtVerifier: () => [fx.secret.slice(), { algorithms: ['HS256'], audience: 'api', cache: { max: 4 } }],
  decodeJwt: () => [fx.hsJwt, { maxTokenLength: 1000 }],
  decodeHeader: () => [fx.hsJwt, { maxTokenLength: 1000 }],
  inspectJwt: () => [fx.hsJwt, { now: new Date() }],
  encodeUnsecuredJwt: () => [{ sub: 'user-1' }, { expiresIn: 60 }],
  decodeUnsecuredJwt: () => [fx.unsecured, { requireExp: false }],
  createLocalJwks: () => [{ keys: [{ ...fx.esPublicJwk, kid: 'k1' }] }, { allowSymmetric: false }],
  createRemoteJwks: () => ['https://jwks.example/keys', { timeoutMs: 50, fetch: async () => new Response('{"keys":[]}') }],
  embeddedJwk: () => [{ thumbprints: [fx.thumbprint] }],
  bearerToken: () => [`Bearer ${fx.hsJwt}`],
  wwwAuthenticate: () => ['invalid_token', { realm: 'api' }],
};

/** A call: random arguments, or a near-valid one; `next` are the arguments for a returned function. */
type Call =
  | { kind: 'random'; args: Spec[]; next: Spec[] }
  | { kind: 'replaceArg'; index: number; x: Spec; next: Spec[] }
  | { kind: 'replaceMember'; index: number; member: string; x: Spec; next: Spec[] };

function callArbitrary(name: string): fc.Arbitrary<Call> {
  const next = fc.array(spec, { maxLength: 3 });
  const random = fc.record({ kind: fc.constant('random' as const), args: fc.array(spec, { maxLength: 4 }), next });
  if (!BASE[name]) return random;
  const n = BASE[name]!().length;
  return fc.oneof(
    random,
    fc.record({ kind: fc.constant('replaceArg' as const), index: fc.nat({ max: n }), x: spec, next }),
    fc.record({ kind: fc.constant('replaceMember' as const), index: fc.nat({ max: n - 1 }), member: fc.constantFrom(...NAMES), x: spec, next }),
  );
}

function buildArgs(name: string, call: Call): unknown[] {
  if (call.kind === 'random') return call.args.map(build);
  const args = BASE[name]!();
  if (call.kind === 'replaceArg') {
    args[call.index] = build(call.x);
    return args;
  }
  const target = args[call.index];
  const value = build(call.x);
  if (typeof target === 'object' && target !== null && !ArrayBuffer.isView(target)) {
    try {
      Object.defineProperty(target, call.member, { value, enumerable: true, writable: true, configurable: true });
    } catch {
      args[call.index] = value; // e.g. an array's "length" set to a symbol: not a member we can add
    }
  } else {
    args[call.index] = value;
  }
  return args;
}

/** The check of one outcome: success, or a JoseError with an ERR_ code. */
function check(name: string, result: Awaited<ReturnType<typeof outcome>>): void {
  if (name === 'inspectJwt' && !result.ok) throw new Error(`inspectJwt threw: ${describeError(result.error)}`);
  if (result.ok) return;
  const error = result.error;
  if (!(error instanceof jose.JoseError) || typeof error.code !== 'string' || !error.code.startsWith('ERR_')) {
    throw new Error(`${name} must return or throw a JoseError, got ${describeError(error)}`);
  }
}

const proto = prototypeSnapshot();
let realFetch: typeof fetch;

beforeAll(async () => {
  // No test here may reach the network: a remote JWK Set resolver fails fast instead.
  realFetch = globalThis.fetch;
  globalThis.fetch = async () => {
    throw new Error('network disabled in property tests');
  };
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const hsKey = await jose.importSecret(secret, 'HS256', { extractable: true });
  const es = await jose.generateKeyPair('ES256', { extractable: true });
  const esPublicJwk = await jose.exportJwk(es.publicKey);
  fx = {
    secret,
    hsKey,
    esPublic: es.publicKey,
    esPrivate: es.privateKey,
    esPublicJwk,
    esPrivateJwk: await jose.exportJwk(es.privateKey),
    hsJwk: await jose.exportJwk(hsKey),
    spki: await jose.exportSpki(es.publicKey),
    pkcs8: await jose.exportPkcs8(es.privateKey),
    cert: (rfc7517B.jwk as { x5c: string[] }).x5c[0]!,
    hsJwt: await jose.signJwt({ sub: 'user-1', aud: 'api' }, secret, { alg: 'HS256', expiresIn: '1h' }),
    esJwt: await jose.signJwt({ sub: 'user-1' }, es.privateKey, { alg: 'ES256', expiresIn: '1h' }),
    hsCompact: await jose.signCompact('hello', secret, { alg: 'HS256' }),
    flat: await jose.signFlattened('hello', secret, { alg: 'HS256' }),
    general: await jose.signGeneral('hello', [{ key: secret, alg: 'HS256' }]),
    unsecured: await jose.encodeUnsecuredJwt({ sub: 'user-1' }),
    thumbprint: await jose.jwkThumbprint(esPublicJwk),
  };
});
afterAll(() => {
  globalThis.fetch = realFetch;
  assertPrototypeUntouched(proto);
});

describe('every public function returns or fails with a JoseError', () => {
  it('the namespace enumeration finds the public functions', () => {
    const names = FUNCTIONS.map(([n]) => n);
    for (const expected of ['verifyJwt', 'signJwt', 'verifyCompact', 'decodeJwt', 'inspectJwt', 'base64url.decode', 'importJwk', 'createLocalJwks']) {
      expect(names).toContain(expected);
    }
  });

  for (const [name, fn] of FUNCTIONS) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(callArbitrary(name), async (call) => {
          const args = buildArgs(name, call);
          const result = await outcome(() => fn(...args));
          check(name, result);
          if (result.ok && typeof result.value === 'function') {
            // A returned resolver or verifier: it too only returns or fails with a JoseError.
            const nextArgs = call.next.length === 0 && name === 'createJwtVerifier' ? [fx.hsJwt] : call.next.map(build);
            check(`${name}(…) returned function`, await outcome(() => (result.value as Fn)(...nextArgs)));
          }
          assertPrototypeUntouched(proto);
        }),
        params(60),
      );
    }, TIMEOUT);
  }
});

describe('key resolvers that return, throw or reject arbitrary values', () => {
  const verifiers: Array<[string, (key: unknown) => Promise<unknown>]> = [
    ['verifyJwt', (key) => jose.verifyJwt(fx.hsJwt, key as never, { algorithms: ['HS256', 'ES256'], audience: 'api' })],
    ['verifyCompact', (key) => jose.verifyCompact(fx.hsCompact, key as never, { algorithms: ['HS256'] })],
    ['verifyFlattened', (key) => jose.verifyFlattened({ ...fx.flat }, key as never, { algorithms: ['HS256'] })],
    ['verifyGeneral', (key) => jose.verifyGeneral({ ...fx.general }, key as never, { algorithms: ['HS256'], policy: 'all' })],
    ['createJwtVerifier', (key) => jose.createJwtVerifier(key as never, { algorithms: ['HS256'], audience: 'api', cache: { max: 2 } })(fx.hsJwt)],
  ];
  const resolver = fc.record({ f: fc.constantFrom('returns' as const, 'async' as const, 'throws' as const, 'rejects' as const), x: spec });
  for (const [name, verify] of verifiers) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(resolver, async (r) => {
          check(`${name} with a resolver`, await outcome(() => verify(build(r))));
          assertPrototypeUntouched(proto);
        }),
        params(40),
      );
    }, TIMEOUT);
  }
});
