// Property 4: sign → verify round-trips random claims: the verified payload deep-equals what was
// signed, plus the iat and exp the options added. Claims with an unpaired surrogate either
// round-trip exactly or are refused on sign; they are never signed lossily (U+FFFD).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { TIMEOUT, allKeys, assertPrototypeUntouched, describeError, outcome, params, prototypeSnapshot, illFormed, utf16String, type AlgKeys } from './support.js';

const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);
const NOW = new Date('2026-06-01T12:00:00Z');
const IAT = Math.floor(NOW.getTime() / 1000);
let keys: Map<string, AlgKeys>;
const proto = prototypeSnapshot();

beforeAll(async () => {
  keys = await allKeys();
});
afterAll(() => assertPrototypeUntouched(proto));

const claimName = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => !REGISTERED.has(k));
const claimsArb = fc.dictionary(claimName, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

const ill = illFormed;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return ill(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === 'object' && value !== null) return Object.keys(value).some((k) => ill(k) || hasLoneSurrogate((value as Record<string, unknown>)[k]));
  return false;
}

describe('sign → verify round-trips the claims', () => {
  for (const alg of ['HS256', 'RS256', 'ES384', 'EdDSA'] as const) {
    it(alg, async () => {
      const k = keys.get(alg)!;
      await fc.assert(
        fc.asyncProperty(claimsArb, async (claims) => {
          const token = await jose.signJwt(claims as Record<string, unknown>, k.signKey, { alg, expiresIn: 600, currentDate: NOW });
          const { payload } = await jose.verifyJwt(token, k.verifyKey, { algorithms: [alg], currentDate: NOW });
          // Compared as JSON text: exact values and member order (a "constructor" claim defeats toStrictEqual).
          expect(JSON.stringify(payload)).toBe(JSON.stringify({ ...(claims as object), iat: IAT, exp: IAT + 600 }));
          expect(JSON.stringify(jose.decodeJwt(token))).toBe(JSON.stringify(payload));
        }),
        params(25),
      );
    }, TIMEOUT);
  }

  it('arbitrary UTF-16 claims (lone surrogates included) round-trip exactly, or are refused on sign', async () => {
    const k = keys.get('HS256')!;
    const binaryClaims = fc.dictionary(
      utf16String(6).filter((name) => !REGISTERED.has(name)),
      fc.oneof(utf16String(6), fc.array(utf16String(4), { maxLength: 2 })),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(binaryClaims, async (claims) => {
        const signed = await outcome(() => jose.signJwt(claims, k.signKey, { alg: 'HS256', expiresIn: 600, currentDate: NOW }));
        if (!signed.ok) {
          // Refusing is allowed only for what JSON text cannot carry portably (unpaired surrogates).
          if (!hasLoneSurrogate(claims)) throw new Error(`signJwt refused well-formed claims: ${describeError(signed.error)}`);
          if (!(signed.error instanceof jose.JwtInvalid || signed.error instanceof jose.JoseInvalidOptions)) {
            throw new Error(`signJwt must refuse an unpaired surrogate with JwtInvalid or JoseInvalidOptions, got ${describeError(signed.error)}`);
          }
          return;
        }
        // Signed: what verifies must be exactly what was signed (JSON.stringify escapes surrogates,
        // so a U+FFFD substitution shows).
        const { payload } = await jose.verifyJwt(signed.value as string, k.verifyKey, { algorithms: ['HS256'], currentDate: NOW });
        expect(JSON.stringify(payload)).toBe(JSON.stringify({ ...claims, iat: IAT, exp: IAT + 600 }));
      }),
      params(40),
    );
  }, TIMEOUT);

  it('compact JWS round-trips arbitrary payload bytes (b64) and UTF-8 text (b64: false, detached)', async () => {
    const k = keys.get('ES256')!;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 16 }), async (bytes, textPayload) => {
        const token = await jose.signCompact(bytes, k.signKey, { alg: 'ES256' });
        expect((await jose.verifyCompact(token, k.verifyKey, { algorithms: ['ES256'] })).payload).toEqual(bytes);
        const detached = await jose.signCompact(textPayload, k.signKey, { alg: 'ES256', b64: false, detached: true });
        const verified = await jose.verifyCompact(detached, k.verifyKey, { algorithms: ['ES256'], detachedPayload: textPayload });
        expect(new TextDecoder().decode(verified.payload)).toBe(textPayload);
      }),
      params(20),
    );
  }, TIMEOUT);
});
