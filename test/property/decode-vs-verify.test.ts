// Property 3: decodeJwt succeeds only on tokens whose form verifyJwt accepts. If decodeJwt(t)
// returns, verifyJwt(t, the right key, { algorithms: all, audience: false, requireExp: false })
// must not fail with JwsInvalid or JwtInvalid (nor reject those options): it may still fail on
// the signature, the alg allowlist, the key or a claim check.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import * as jose from 'josekit';
import {
  ALGS, TIMEOUT, allKeys, assertPrototypeUntouched, b64, describeError, mutateToken, mutation, outcome, params, prototypeSnapshot, rawToken,
  utf8, type AlgKeys,
} from './support.js';

let keys: Map<string, AlgKeys>;
const valid: string[] = [];
const proto = prototypeSnapshot();

beforeAll(async () => {
  keys = await allKeys();
  for (const alg of ['HS256', 'RS256', 'PS384', 'ES256', 'ES512', 'EdDSA'] as const) {
    const k = keys.get(alg)!;
    valid.push(await jose.signJwt({ sub: 'user-1', aud: ['a', 'b'], n: 1 }, k.signKey, { alg, expiresIn: '1h' }));
  }
});
afterAll(() => assertPrototypeUntouched(proto));

/** The right key for whatever alg the header names (or nothing, for an unknown alg). */
const rightKey = (header: jose.JoseHeader) => {
  const k = typeof header.alg === 'string' ? keys.get(header.alg) : undefined;
  return (k?.verifyKey ?? new Uint8Array(64)) as jose.Key;
};

/** The property, for one token. */
async function agree(token: string): Promise<void> {
  const decoded = await outcome(() => jose.decodeJwt(token));
  if (!decoded.ok) return;
  const verified = await outcome(() => jose.verifyJwt(token, rightKey, { algorithms: [...ALGS], audience: false as never, requireExp: false }));
  if (verified.ok) return;
  const error = verified.error;
  if (error instanceof jose.JwsInvalid || error instanceof jose.JwtInvalid || error instanceof jose.JoseInvalidOptions || !(error instanceof jose.JoseError)) {
    throw new Error(`decodeJwt accepted ${JSON.stringify(token)} but verifyJwt refused its form: ${describeError(error)}`);
  }
}

// Hand-built tokens: headers with every member that changes how a token is read.
const jsonish = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.constant({}));
const headerMembers = fc.record(
  {
    alg: fc.oneof(fc.constantFrom(...ALGS, 'none', 'HS999'), jsonish),
    typ: fc.oneof(fc.constantFrom('JWT', 'at+jwt', 'application/jwt'), jsonish),
    kid: fc.oneof(fc.string({ maxLength: 6 }), jsonish),
    b64: fc.oneof(fc.boolean(), jsonish),
    crit: fc.oneof(fc.constantFrom(['b64'], ['ext'], [], ['alg'], ['b64', 'b64'], 'b64'), jsonish),
    ext: jsonish,
    jwk: fc.constant({ kty: 'oct', k: 'AAAA' }),
  },
  { requiredKeys: [] },
);
// Optionally a "__proto__" member, written into the JSON text (an object literal cannot hold it).
const headerArb = fc.tuple(headerMembers, fc.boolean()).map(([h, withProto]) => {
  const text = JSON.stringify(h);
  return withProto ? `{"__proto__":{"alg":"none"}${text === '{}' ? '' : ','}${text.slice(1)}` : text;
});
const claimsArb = fc.oneof(
  fc.dictionary(fc.constantFrom('sub', 'aud', 'exp', 'nbf', 'iat', 'iss', 'jti', 'x'), fc.oneof(jsonish, fc.integer({ min: 0, max: 4_000_000_000 }))).map((c) => JSON.stringify(c)),
  fc.constantFrom('[]', '"x"', '1', 'null', '{"a":1,"a":2}', '{', '\ufeff{}', '{"sub":"\\ud800"}'),
);
const signatureArb = fc.oneof(
  fc.constant('right' as const),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => ({ bytes })),
  fc.constantFrom('', 'A', 'AB=', 'A+/_', 'AAAA AAAA').map((text) => ({ text })),
);

describe('decodeJwt accepts only what verifyJwt accepts the form of', () => {
  it('mutated valid tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 5 }), mutation, async (i, m) => agree(mutateToken(valid[i]!, m))),
      params(60),
    );
  }, TIMEOUT);

  it('hand-built tokens (header members, claims shapes, signature shapes)', async () => {
    await fc.assert(
      fc.asyncProperty(headerArb, claimsArb, signatureArb, async (headerText, claimsText, signature) => {
        const alg = (() => {
          try {
            return (JSON.parse(headerText) as { alg?: unknown }).alg;
          } catch {
            return undefined;
          }
        })();
        const k = keys.get(typeof alg === 'string' ? alg : 'HS256') ?? keys.get('HS256')!;
        let token: string;
        if (signature === 'right') token = await rawToken(k, headerText, claimsText);
        else if ('bytes' in signature) token = await rawToken(k, headerText, claimsText, signature.bytes);
        else token = `${b64(headerText)}.${b64(utf8(claimsText))}.${signature.text}`;
        await agree(token);
      }),
      params(80),
    );
  }, TIMEOUT);

  it('segment-level shapes (empty, padded, whitespace, extra dots)', async () => {
    const seg = fc.constantFrom('', 'e30', 'e30=', ' e30', 'e30\n', 'eyJ9', 'e3', 'e31', 'a.b', '..', '%7B%7D');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 5 }), fc.integer({ min: 0, max: 2 }), seg, async (i, position, replacement) => {
        const parts = valid[i]!.split('.');
        parts[position] = replacement;
        await agree(parts.join('.'));
      }),
      params(40),
    );
  }, TIMEOUT);
});
