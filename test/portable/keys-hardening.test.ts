// Hardening of the keys layer against hostile and unusual input:
//   - the JWK import cache never collides and never serves a stale key;
//   - lookup tables keyed by input strings never see Object.prototype;
//   - RSA JWK members with leading zero octets import as the numbers they are;
//   - every public keys function, given arbitrary arguments, returns or fails with a JoseError
//     carrying a code (fast-check, fixed seed: a failure prints the seed and the shrunk case).
//
// PORTABLE: runs unchanged in Node, browsers, Deno, Bun, workerd and edge-runtime. Only vitest,
// fast-check, josekit and ./support.js are imported.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { keysFor, rejects, text, type KeyPairFor } from './support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const JWK_INVALID = 'ERR_JWK_INVALID';
const NOT_SUPPORTED = 'ERR_JOSE_NOT_SUPPORTED';
const INVALID_OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';
const VERIFICATION_FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const SEED = 0x6b65_7973;

/** An object with `name` as an own data property, also for "__proto__". */
const withOwn = <T extends object>(base: T, name: string, value: unknown): T => Object.defineProperty({ ...base }, name, { value, enumerable: true, writable: true, configurable: true });

let es: KeyPairFor;
let token: string;
beforeAll(async () => {
  es = await keysFor('ES256');
  token = await jose.signCompact('x', es.signKey, { alg: 'ES256' });
});

// ---------------------------------------------------------------------------------------------

describe('the JWK cache: member values never collide, a mutated JWK is never served a stale key', () => {
  it('use "sig" then use ["sig"] on the same object: the array is refused, not served from the cache', async () => {
    const jwk: jose.Jwk = { ...es.publicJwk, use: 'sig' };
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
    (jwk as Record<string, unknown>).use = ['sig'];
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JwkInvalid, JWK_INVALID, /"use" must be a string/);
  });

  it('key_ops ["verify", "sign"] then ["verify,sign"]: the joined string is a different (unusable) value', async () => {
    const jwk: jose.Jwk = { ...es.privateJwk, key_ops: ['verify', 'sign'] };
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
    jwk.key_ops = ['verify,sign'];
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /key_ops \["verify,sign"\]/);
    jwk.key_ops = ['verify'];
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
  });

  it('key_ops that is not an array of strings is a JwkInvalid, whatever its toString does', async () => {
    const throwing = () => {
      throw new Error('hostile');
    };
    for (const keyOps of [{ toString: 1 }, { toString: throwing }, { [Symbol.toPrimitive]: throwing }, 'verify', [1], [Symbol('verify')], { length: 1, 0: 'verify' }]) {
      const jwk = { ...es.publicJwk, key_ops: keyOps } as unknown as jose.Jwk;
      await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JwkInvalid, JWK_INVALID, /key_ops/);
      await rejects(jose.importJwk(jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /key_ops/);
    }
    // A sparse array has holes, which are not strings.
    // eslint-disable-next-line no-sparse-arrays
    await rejects(jose.importJwk({ ...es.publicJwk, key_ops: [, 'verify'] as unknown as string[] }, 'ES256'), jose.JwkInvalid, JWK_INVALID, /key_ops/);
  });

  // Each change, made after the first (cached) use, must change the outcome.
  const mutations: Array<[string, (jwk: Record<string, unknown>) => void, abstract new (...args: never[]) => jose.JoseError, string, RegExp]> = [
    ['kty to "RSA"', (j) => (j.kty = 'RSA'), jose.JoseKeyInvalid, KEY_INVALID, /kty/],
    ['crv to "P-384"', (j) => (j.crv = 'P-384'), jose.JoseKeyInvalid, KEY_INVALID, /crv/],
    ['alg to "ES384"', (j) => (j.alg = 'ES384'), jose.JoseKeyInvalid, KEY_INVALID, /ES384/],
    ['use to "enc"', (j) => (j.use = 'enc'), jose.JoseKeyInvalid, KEY_INVALID, /use/],
    ['key_ops to ["sign"]', (j) => (j.key_ops = ['sign']), jose.JoseKeyInvalid, KEY_INVALID, /key_ops/],
    ['ext to "true"', (j) => (j.ext = 'true'), jose.JwkInvalid, JWK_INVALID, /ext/],
    ['x to a number', (j) => (j.x = 5), jose.JwkInvalid, JWK_INVALID, /"x"/],
    ['y to another coordinate', (j) => (j.y = j.x), jose.JoseKeyInvalid, KEY_INVALID, /not on the P-256 curve/],
    ['oth added to an RSA-shaped key', (j) => ((j.kty = 'RSA'), (j.oth = [])), jose.JoseKeyInvalid, KEY_INVALID, /kty/],
  ];
  for (const [what, mutate, cls, code, message] of mutations) {
    it(`${what}`, async () => {
      const jwk: Record<string, unknown> = { ...es.publicJwk, alg: 'ES256', use: 'sig', key_ops: ['verify'], ext: true };
      await jose.verifyCompact(token, jwk as jose.Jwk, { algorithms: ['ES256'] });
      await jose.verifyCompact(token, jwk as jose.Jwk, { algorithms: ['ES256'] });
      mutate(jwk);
      await rejects(jose.verifyCompact(token, jwk as jose.Jwk, { algorithms: ['ES256'] }), cls, code, message);
    });
  }

  it('each member is read once per use: a getter cannot show the checks one value and the import another', async () => {
    const other = await keysFor('ES384'); // a valid point, but of another curve
    const reads: Record<string, number> = {};
    let calls = 0;
    const jwk = {} as jose.Jwk;
    for (const [name, value] of Object.entries(es.publicJwk)) {
      Object.defineProperty(jwk, name, {
        enumerable: true,
        get() {
          reads[name] = (reads[name] ?? 0) + 1;
          // From the second use on, x answers differently on every read.
          return name === 'x' && calls > 0 && reads[name]! % 2 === 0 ? other.publicJwk.x : value;
        },
      });
    }
    await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] });
    expect(reads).toEqual({ kty: 1, crv: 1, x: 1, y: 1 });
    calls++;
    // Second use: x reads as the other value once (then the original): one read, one value.
    const outcome = await jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }).then(
      () => 'verified',
      (err: jose.JoseError) => err.code,
    );
    expect(reads.x).toBe(2);
    expect(outcome).toBe('ERR_JWK_INVALID'); // the 48-byte x of the read is judged, and refused
  });

  it('a member whose getter throws is a JwkInvalid naming the member', async () => {
    const jwk = Object.defineProperty({ ...es.publicJwk }, 'crv', {
      enumerable: true,
      get() {
        throw new TypeError('hostile getter');
      },
    });
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['ES256'] }), jose.JwkInvalid, JWK_INVALID, /"crv" cannot be read: hostile getter/);
    await rejects(jose.importJwk(jwk, 'ES256'), jose.JwkInvalid, JWK_INVALID, /"crv" cannot be read/);
    await rejects(jose.jwkThumbprint(jwk), jose.JwkInvalid, JWK_INVALID, /"crv" cannot be read/);
  });

  it('the same JWK object serves sign and verify, and different algs, from separate cache slots', async () => {
    const rs = await keysFor('RS256');
    const jwk = { ...rs.privateJwk };
    const rsToken = await jose.signCompact('rs', jwk, { alg: 'RS256' });
    const psToken = await jose.signCompact('ps', jwk, { alg: 'PS256' });
    expect(text((await jose.verifyCompact(rsToken, jwk, { algorithms: ['RS256'] })).payload)).toBe('rs');
    expect(text((await jose.verifyCompact(psToken, jwk, { algorithms: ['PS256'] })).payload)).toBe('ps');
    await rejects(jose.verifyCompact(psToken.replace(/\.[^.]+$/, `.${rsToken.split('.')[2]}`), jwk, { algorithms: ['PS256'] }), jose.JwsSignatureVerificationFailed, VERIFICATION_FAILED);
  });
});

// ---------------------------------------------------------------------------------------------

describe('lookup tables keyed by input strings never resolve Object.prototype members', () => {
  it('jwkThumbprint: kty named after a prototype member is an unknown kty', async () => {
    for (const kty of PROTO_NAMES) {
      await rejects(jose.jwkThumbprint(withOwn({}, 'kty', kty) as jose.Jwk), jose.JoseNotSupported, NOT_SUPPORTED, /no thumbprint is defined for kty/);
      await rejects(jose.jwkThumbprintUri(withOwn({}, 'kty', kty) as jose.Jwk), jose.JoseNotSupported, NOT_SUPPORTED);
    }
  });

  it('jwkThumbprint: a digest named after a prototype member is an options error', async () => {
    for (const digest of PROTO_NAMES) {
      await rejects(jose.jwkThumbprint(es.publicJwk, digest as jose.ThumbprintDigest), jose.JoseInvalidOptions, INVALID_OPTIONS, /digest/);
      await rejects(jose.jwkThumbprintUri(es.publicJwk, digest as jose.ThumbprintDigest), jose.JoseInvalidOptions, INVALID_OPTIONS, /digest/);
    }
  });

  it('importJwk and sign/verify: kty and crv named after prototype members', async () => {
    const ed = await keysFor('EdDSA');
    for (const name of PROTO_NAMES) {
      await rejects(jose.importJwk(withOwn(es.publicJwk, 'kty', name), 'ES256'), jose.JoseNotSupported, NOT_SUPPORTED, /kty/);
      await rejects(jose.verifyCompact(token, withOwn(es.publicJwk, 'kty', name), { algorithms: ['ES256'] }), jose.JoseNotSupported, NOT_SUPPORTED, /kty/);
      await rejects(jose.importJwk(withOwn(es.publicJwk, 'crv', name), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /crv/);
      await rejects(jose.importJwk(withOwn(ed.publicJwk, 'crv', name), 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /crv/);
      // @ts-expect-error a prototype member's name is not a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.importJwk(es.publicJwk, name), jose.JoseNotSupported, NOT_SUPPORTED);
    }
  });

  it('JSON-parsed "__proto__" members are plain members', async () => {
    const jwk = JSON.parse(`{"kty":"__proto__","__proto__":{"kty":"EC"}}`) as jose.Jwk;
    await rejects(jose.importJwk(jwk, 'ES256'), jose.JoseNotSupported, NOT_SUPPORTED, /"__proto__"/);
    await rejects(jose.jwkThumbprint(jwk), jose.JoseNotSupported, NOT_SUPPORTED, /"__proto__"/);
    expect(({} as Record<string, unknown>).kty).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

/** base64url of the member's bytes with `zeros` leading zero octets. */
const padded = (value: string, zeros = 1): string => jose.base64url.encode(new Uint8Array([...new Uint8Array(zeros), ...jose.base64url.decode(value)]));

describe('RSA JWK members with leading zero octets (as some providers publish them)', () => {
  it('an n with a leading 0x00 imports as the same key on every runtime, and verifies', async () => {
    const rs = await keysFor('RS256');
    const rsToken = await jose.signCompact('zeros', rs.signKey, { alg: 'RS256' });
    for (const zeros of [1, 2]) {
      const jwk = { ...rs.publicJwk, n: padded(rs.publicJwk.n!, zeros) };
      const key = await jose.importJwk(jwk, 'RS256', { extractable: true });
      expect((key.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
      expect((await jose.exportJwk(key)).n).toBe(rs.publicJwk.n);
      expect(text((await jose.verifyCompact(rsToken, jwk, { algorithms: ['RS256'] })).payload)).toBe('zeros');
    }
    // e too.
    expect(text((await jose.verifyCompact(rsToken, { ...rs.publicJwk, e: 'AAEAAQ' }, { algorithms: ['RS256'] })).payload)).toBe('zeros');
  });

  it('private members with leading zeros sign', async () => {
    const rs = await keysFor('PS256');
    const jwk = { ...rs.privateJwk };
    for (const name of ['n', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) jwk[name] = padded(jwk[name]!);
    const signed = await jose.signCompact('zeros', jwk, { alg: 'PS256' });
    expect(text((await jose.verifyCompact(signed, rs.verifyKey, { algorithms: ['PS256'] })).payload)).toBe('zeros');
  });

  it('the size rule counts real bits: a 1024-bit modulus padded to 256 bytes is still 1024 bits', async () => {
    const small = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey('jwk', small.publicKey)) as jose.Jwk;
    const wide = { kty: 'RSA', n: padded(jwk.n!, 128), e: jwk.e! };
    expect(jose.base64url.decode(wide.n)).toHaveLength(256);
    await rejects(jose.importJwk(wide, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /this key has 1024/);
  });

  it('jwkThumbprint hashes members as given (RFC 7638): publish the canonical form', async () => {
    const rs = await keysFor('RS256');
    const canonical = await jose.jwkThumbprint(rs.publicJwk);
    expect(await jose.jwkThumbprint({ ...rs.publicJwk, n: padded(rs.publicJwk.n!) })).not.toBe(canonical);
    // exportJwk gives the canonical form back from the imported key.
    const key = await jose.importJwk({ ...rs.publicJwk, n: padded(rs.publicJwk.n!) }, 'RS256', { extractable: true });
    expect(await jose.jwkThumbprint(key)).toBe(canonical);
  });
});

// ---------------------------------------------------------------------------------------------
// Arbitrary arguments: every keys function returns or fails with a JoseError

const throwing = (where: string) => (): never => {
  throw new Error(`hostile ${where}`);
};
const throwingHandler: ProxyHandler<object> = new Proxy({}, { get: (_t, trap) => throwing(`trap ${String(trap)}`) });
const CryptoKeyClass = (globalThis as { CryptoKey?: { prototype: object } }).CryptoKey;

/** Hostile and ordinary values, by name (so a failing case prints readably). */
const LEAVES: Record<string, () => unknown> = {
  null: () => null,
  undefined: () => undefined,
  zero: () => 0,
  NaN: () => NaN,
  bigModulus: () => 2 ** 31,
  modulus2047: () => 2047,
  bigint: () => 2048n,
  symbol: () => Symbol('hostile'),
  true: () => true,
  emptyString: () => '',
  proto: () => '__proto__',
  constructor: () => 'constructor',
  toString: () => 'toString',
  hasOwnProperty: () => 'hasOwnProperty',
  loneSurrogate: () => '\ud800',
  ES256: () => 'ES256',
  EdDSA: () => 'EdDSA',
  Ed448: () => 'Ed448',
  HS256: () => 'HS256',
  sha256: () => 'sha256',
  none: () => 'none',
  pemLike: () => '-----BEGIN PUBLIC KEY-----\nMAUwAAMBAA==\n-----END PUBLIC KEY-----',
  pemGarbage: () => '-----BEGIN __proto__-----\n!!\n-----END constructor-----',
  spki: () => spkiPem,
  pkcs8: () => pkcs8Pem,
  secret: () => new Uint8Array(32).fill(7),
  shortSecret: () => new Uint8Array(3),
  arrayBuffer: () => new ArrayBuffer(32),
  int8Array: () => new Int8Array(32),
  sparseArray: () => [, 'verify'], // eslint-disable-line no-sparse-arrays
  emptyArray: () => [],
  emptyObject: () => ({}),
  nullProto: () => Object.create(null),
  nullProtoJwk: () => Object.assign(Object.create(null), es.publicJwk),
  publicJwk: () => ({ ...es.publicJwk }),
  privateJwk: () => ({ ...es.privateJwk }),
  octJwk: () => ({ kty: 'oct', k: jose.base64url.encode(new Uint8Array(32).fill(1)) }),
  smallOrderJwk: () => ({ kty: 'OKP', crv: 'Ed25519', x: 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
  protoJwk: () => JSON.parse('{"kty":"constructor","__proto__":{"kty":"EC"}}'),
  hostileToString: () => ({ toString: throwing('toString'), valueOf: throwing('valueOf') }),
  hostileToPrimitive: () => ({ [Symbol.toPrimitive]: throwing('toPrimitive') }),
  hostileToJSON: () => ({ ...es.publicJwk, toJSON: throwing('toJSON') }),
  keyOpsToString: () => ({ ...es.publicJwk, key_ops: { toString: 1 } }),
  getterThrows: () => {
    const o: Record<string, unknown> = {};
    for (const name of ['kty', 'crv', 'x', 'y', 'alg', 'use', 'key_ops', 'ext', 'extractable', 'modulusLength', 'type', 'export', 'algorithm']) {
      Object.defineProperty(o, name, { get: throwing(`getter ${name}`), enumerable: true });
    }
    return o;
  },
  throwingProxy: () => new Proxy({}, throwingHandler),
  throwingArrayProxy: () => new Proxy([], throwingHandler),
  revokedProxy: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  keyOpsProxy: () => ({ ...es.publicJwk, key_ops: new Proxy(['verify'], throwingHandler) }),
  hugeKeyOps: () => ({ ...es.publicJwk, key_ops: new Array(2 ** 30) }),
  fakeCryptoKey: () => ({ [Symbol.toStringTag]: 'CryptoKey', type: 'public', extractable: true, algorithm: { name: 'Ed25519' }, usages: ['verify'] }),
  fakeCryptoKeyThrowing: () => Object.defineProperty({ [Symbol.toStringTag]: 'CryptoKey' }, 'type', { get: throwing('CryptoKey.type') }),
  cryptoKeyPrototype: () => (CryptoKeyClass ? Object.create(CryptoKeyClass.prototype) : {}),
  fakeKeyObject: () => new (class KeyObject { type = 'public'; export = throwing('KeyObject.export'); })(),
  fakeKeyObjectProxy: () => new (class KeyObject { type = 'private'; export = () => new Proxy({}, throwingHandler); })(),
  fakeKeyObjectBytes: () => new (class KeyObject { type = 'public'; export = () => new Uint8Array([0x30, 0x00]); })(),
  hostileUint8Array: () => {
    class Hostile extends Uint8Array {
      override get length(): number {
        throw new Error('hostile length');
      }
    }
    return new Hostile(32);
  },
  detachedBytes: () => {
    const bytes = new Uint8Array(32);
    try {
      structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    } catch {
      // no transfer in this runtime: an ordinary array then
    }
    return bytes;
  },
  extractableTrue: () => ({ extractable: true }),
  extractableString: () => ({ extractable: 'yes' }),
  rsaOptions: () => ({ modulusLength: 2 ** 31 }),
  esPublic: () => es.verifyKey,
  esPrivate: () => es.signKey,
};
const leaf = fc.constantFrom(...Object.keys(LEAVES));

let spkiPem: string;
let pkcs8Pem: string;
beforeAll(async () => {
  spkiPem = await jose.exportSpki(es.verifyKey);
  pkcs8Pem = await jose.exportPkcs8(es.signKey);
});

/** Runs `fn` and checks that it returned, or failed with a JoseError whose code starts with ERR_. */
async function returnsOrJoseError(name: string, fn: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await fn();
    return;
  } catch (err) {
    error = err;
  }
  if (!(error instanceof jose.JoseError) || typeof error.code !== 'string' || !error.code.startsWith('ERR_')) {
    let shown: string;
    try {
      shown = error instanceof Error ? `${error.constructor.name}: ${error.message}` : `a thrown ${typeof error}`;
    } catch {
      shown = 'an unprintable error';
    }
    throw new Error(`${name} must return or throw a JoseError with a code, got ${shown}`);
  }
}

type KeysFunction = (...args: unknown[]) => unknown;
const FUNCTIONS: Array<[string, number]> = [
  ['importJwk', 3],
  ['importSpki', 3],
  ['importPkcs8', 3],
  ['importX509', 3],
  ['importSecret', 3],
  ['exportJwk', 1],
  ['exportSpki', 1],
  ['exportPkcs8', 1],
  ['generateKeyPair', 2],
  ['generateSecret', 2],
  ['jwkThumbprint', 2],
  ['jwkThumbprintUri', 2],
];

describe('every keys function, given arbitrary arguments, returns or fails with a JoseError (fast-check)', () => {
  for (const [name, arity] of FUNCTIONS) {
    it(name, async () => {
      const fn = (jose as unknown as Record<string, KeysFunction>)[name]!;
      // Missing arguments, and up to one more than the function takes.
      const args = fc.array(leaf, { maxLength: arity + 1 });
      await fc.assert(
        fc.asyncProperty(args, async (names) => {
          // (No leaf names an RSA algorithm: RSA key generation would be slow.)
          await returnsOrJoseError(name, () => fn(...names.map((n) => LEAVES[n]!())));
          expect(({} as Record<string, unknown>).kty).toBeUndefined();
        }),
        { seed: SEED, numRuns: 60 },
      );
    });
  }

  it('every leaf, as each argument of each function (exhaustive, one at a time)', async () => {
    for (const [name, arity] of FUNCTIONS) {
      const fn = (jose as unknown as Record<string, KeysFunction>)[name]!;
      for (const leafName of Object.keys(LEAVES)) {
        for (let at = 0; at < arity; at++) {
          const args: unknown[] = name.startsWith('import') || name.startsWith('generate') ? [undefined, 'ES256', undefined] : [es.publicJwk, 'sha256'];
          if (name === 'importSecret') args[1] = 'HS256';
          if (name === 'generateSecret') args[0] = 'HS256';
          if (name === 'generateKeyPair') args[0] = 'ES256';
          args[at] = LEAVES[leafName]!();
          await returnsOrJoseError(`${name} with ${leafName} as argument ${at + 1}`, () => fn(...args.slice(0, Math.max(arity, at + 1))));
        }
      }
    }
    // Hundreds of calls, a few of which generate keys: slow browsers and Bun need more than the default.
  }, 180_000);
});
