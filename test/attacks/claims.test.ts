// Attacks through the claims: duplicate and escaped names, prototype pollution, aud/iss type
// confusion, claims that are skipped when absent, time edges and tolerance abuse, RegExp
// matchers (ReDoS, stateful /g), and verified-token cache confusion.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as jose from 'josekit';
import { HS, CLAIM_FAILED, OPTIONS, CLAIMS, NOW, T, compact, guardPrototype, hmac256, keys, rejects, type Keys } from './support.js';

guardPrototype();
let k: Keys;
beforeAll(async () => {
  k = await keys();
});

const hs = (claims: string | object, header: object = { alg: 'HS256', typ: 'JWT' }) => compact(header, claims, (i) => hmac256(k.secret, i));

/** Asserts a claim failure names `claim` (and `reason`, when given). */
async function claimFails(promise: Promise<unknown>, claim: string, reason?: string, cls: typeof jose.JwtClaimValidationFailed = jose.JwtClaimValidationFailed, code = 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
  const err = (await rejects(promise, cls, code)) as jose.JwtClaimValidationFailed;
  expect(err.claim).toBe(claim);
  if (reason) expect(err.reason).toBe(reason);
}

describe('duplicate and escaped names in the claims', () => {
  const cases: Array<[string, string]> = [
    ['sub twice', `{"sub":"user","sub":"admin","exp":${T + 60}}`],
    ['sub and an escaped sub', `{"sub":"user","\\u0073ub":"admin","exp":${T + 60}}`],
    ['exp twice (an expired one first)', `{"sub":"user","exp":${T - 60},"exp":${T + 6000}}`],
    ['a nested duplicate', `{"sub":"user","roles":{"admin":false,"admin":true},"exp":${T + 60}}`],
    ['a duplicate inside an array element', `{"sub":"user","acl":[{"r":1,"r":2}],"exp":${T + 60}}`],
  ];
  for (const [name, claims] of cases) {
    it(`${name} is refused`, async () => {
      await rejects(jose.verifyJwt(hs(claims), k.secret, HS), jose.JwtInvalid, 'ERR_JWT_INVALID', /duplicate/);
      await rejects(() => jose.decodeJwt(hs(claims)), jose.JwtInvalid, 'ERR_JWT_INVALID');
    });
  }
});

describe('prototype pollution through the claims', () => {
  const text = `{"sub":"user","exp":${T + 60},"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}`;
  it('"__proto__" and "constructor" claims are own data, never prototypes (verifyJwt, cached verifier, decodeJwt, validate)', async () => {
    let validated: jose.JwtPayload | undefined;
    const verifier = jose.createJwtVerifier(k.secret, { ...HS, cache: { max: 4 } });
    const results = [
      (await jose.verifyJwt(hs(text), k.secret, { ...HS, validate: (p) => void (validated = p) })).payload,
      (await verifier(hs(text))).payload,
      (await verifier(hs(text))).payload, // the cache hit
      jose.decodeJwt(hs(text)),
    ];
    for (const payload of [...results, validated!]) {
      expect((payload as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      expect(Object.getPrototypeOf(payload) === Object.prototype || Object.getPrototypeOf(payload) === null).toBe(true);
    }
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });
  it('signing claims with an own "__proto__" member keeps it as data', async () => {
    const claims = JSON.parse('{"sub":"user","__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    const token = await jose.signJwt(claims, k.secret, { alg: 'HS256', expiresIn: 60, currentDate: NOW });
    const { payload } = await jose.verifyJwt(token, k.secret, HS);
    expect((payload as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(payload, '__proto__')).toBe(true);
  });
});

describe('aud and iss confusion', () => {
  it('a token with aud is refused when the verifier names no audience (RFC 7519 §4.1.3)', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: 'billing-api' }), k.secret, HS), 'aud');
  });
  it('audience: false accepts any audience, on purpose', async () => {
    const { payload } = await jose.verifyJwt(hs({ ...CLAIMS, aud: 'billing-api' }), k.secret, { ...HS, audience: false as never });
    expect(payload.aud).toBe('billing-api');
  });
  it('a nested array aud does not contain its inner string', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: [['orders-api']] }), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'invalid');
  });
  it('an object aud with the audience as a member is invalid', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: { 0: 'orders-api' } }), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'invalid');
  });
  it('a comma-joined aud string is not a list', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: 'orders-api,billing-api' }), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'check_failed');
  });
  it('an empty aud array matches nothing', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: [] }), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'check_failed');
  });
  it('an array iss is not a string, even when it holds the expected issuer', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, iss: ['https://issuer.example'] }), k.secret, { ...HS, issuer: 'https://issuer.example' }), 'iss', 'invalid');
  });
  it('auth0/node-jsonwebtoken#7: an absent iss or aud fails the check instead of skipping it', async () => {
    await claimFails(jose.verifyJwt(hs(CLAIMS), k.secret, { ...HS, issuer: 'https://issuer.example' }), 'iss', 'missing');
    await claimFails(jose.verifyJwt(hs(CLAIMS), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'missing');
    await claimFails(jose.verifyJwt(hs(CLAIMS), k.secret, { ...HS, subject: 'user-1', requiredClaims: ['jti'] }), 'jti', 'missing');
  });
  it('a non-string sub cannot equal the expected subject by coercion', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, sub: 1 }), k.secret, { ...HS, subject: '1' }), 'sub', 'invalid');
  });
});

describe('time claims and tolerance', () => {
  const at = (claims: object, clockTolerance?: number) => jose.verifyJwt(hs(claims), k.secret, { ...HS, ...(clockTolerance === undefined ? {} : { clockTolerance }) });
  it('exp equal to now is expired', async () => {
    await claimFails(at({ sub: 'a', exp: T }), 'exp', 'check_failed', jose.JwtExpired, 'ERR_JWT_EXPIRED');
    await expect(at({ sub: 'a', exp: T + 1 })).resolves.toBeDefined();
  });
  it('expired by exactly the tolerance is expired; by one second less it is not', async () => {
    await claimFails(at({ sub: 'a', exp: T - 5 }, 5), 'exp', 'check_failed', jose.JwtExpired, 'ERR_JWT_EXPIRED');
    await expect(at({ sub: 'a', exp: T - 5 }, 6)).resolves.toBeDefined();
  });
  it('nbf beyond the tolerance is not yet valid; at the tolerance it is valid', async () => {
    await claimFails(at({ sub: 'a', exp: T + 60, nbf: T + 6 }, 5), 'nbf', 'check_failed', jose.JwtNotYetValid, 'ERR_JWT_NOT_YET_VALID');
    await expect(at({ sub: 'a', exp: T + 60, nbf: T + 5 }, 5)).resolves.toBeDefined();
  });
  it('cyberfabric-core#820: a token without exp is refused by default', async () => {
    await claimFails(at({ sub: 'a' }), 'exp', 'missing');
  });
  it('exp as a string, or too large for a number, is invalid', async () => {
    await claimFails(at({ sub: 'a', exp: String(T + 600) }), 'exp', 'invalid');
    await claimFails(jose.verifyJwt(hs(`{"sub":"a","exp":1e400}`), k.secret, HS), 'exp', 'invalid');
  });
  it('auth0/node-jsonwebtoken#1021: clockTolerance cannot disable expiry (Number.MAX_SAFE_INTEGER, Infinity, 301 s)', async () => {
    for (const clockTolerance of [Number.MAX_SAFE_INTEGER, Infinity, 301, -1, NaN]) {
      await rejects(jose.verifyJwt(hs({ sub: 'a', exp: T - 3600 }), k.secret, { ...HS, clockTolerance }), ...OPTIONS);
    }
  });
  it('auth0/node-jsonwebtoken#606: a string clockTolerance without a unit is refused, not concatenated', async () => {
    await rejects(jose.verifyJwt(hs({ sub: 'a', exp: T - 3600 }), k.secret, { ...HS, clockTolerance: '10' }), ...OPTIONS);
    await rejects(jose.verifyJwt(hs({ sub: 'a', exp: T - 3600 }), k.secret, { ...HS, clockTolerance: '1e9 s' }), ...OPTIONS);
  });
  it('fast-jwt maxAge without iat: maxTokenAge makes iat required', async () => {
    await claimFails(jose.verifyJwt(hs({ sub: 'a', exp: T + 60 }), k.secret, { ...HS, maxTokenAge: '5m' }), 'iat', 'missing');
  });
  it('auth0/node-jsonwebtoken#436: a numeric expiresIn is seconds, not milliseconds', async () => {
    const token = await jose.signJwt({ sub: 'a' }, k.secret, { alg: 'HS256', expiresIn: 60, currentDate: NOW });
    expect(jose.decodeJwt(token).exp).toBe(T + 60);
  });
});

describe('claim matchers are exact strings', () => {
  it('CVE-2026-35041 (GHSA-cjw9-ghj4-fwxf), auth0/node-jsonwebtoken#1031: a RegExp audience or issuer is refused, so no ReDoS', async () => {
    for (const options of [{ audience: /^(a+)+$/ }, { issuer: /^(a+)+$/ }, { audience: [/^(a+)+$/] }, { subject: /a/ }]) {
      await rejects(jose.verifyJwt(hs({ ...CLAIMS, aud: `${'a'.repeat(40)}!` }), k.secret, { ...HS, ...options } as never), ...OPTIONS);
    }
  });
  it('CVE-2026-35041: a long attacker aud is compared as an exact string (no pattern to backtrack on)', async () => {
    await claimFails(jose.verifyJwt(hs({ ...CLAIMS, aud: [`${'a'.repeat(20_000)}!`, 'b'.repeat(20_000)] }), k.secret, { ...HS, audience: 'orders-api' }), 'aud', 'check_failed');
  });
  it('GHSA-3j8v-cgw4-2g6q: a stateful /g RegExp matcher is refused, so results cannot alternate', async () => {
    await rejects(jose.verifyJwt(hs({ ...CLAIMS, aud: 'orders-api' }), k.secret, { ...HS, audience: /orders-api/g } as never), ...OPTIONS);
  });
});

describe('verified-token cache', () => {
  it('GHSA-rp9m-7r4c-75qg: the cache is keyed by the exact token, so another token never gets cached claims', async () => {
    const verify = jose.createJwtVerifier(k.secret, { ...HS, cache: { max: 8 } });
    const alice = hs({ ...CLAIMS, sub: 'alice' });
    const mallory = hs({ ...CLAIMS, sub: 'mallory' });
    expect((await verify(alice)).payload.sub).toBe('alice');
    expect((await verify(mallory)).payload.sub).toBe('mallory');
    // Alice's header and payload with a wrong signature: not a cache hit.
    const forged = `${alice.slice(0, alice.lastIndexOf('.'))}.${mallory.slice(mallory.lastIndexOf('.') + 1)}`;
    await rejects(verify(forged), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
  it('GHSA-rp9m-7r4c-75qg: there is no custom cache-key builder to get wrong (unknown options are refused)', () => {
    expect(() => jose.createJwtVerifier(k.secret, { ...HS, cache: { max: 8 }, cacheKeyBuilder: () => 'same' } as never)).toThrow(jose.JoseInvalidOptions);
  });
  it('a cached token is still refused once it expires', async () => {
    const verify = jose.createJwtVerifier(k.secret, { algorithms: ['HS256'], cache: { max: 8 } });
    const token = hs({ sub: 'a', exp: Math.floor(Date.now() / 1000) + 2 });
    await expect(verify(token)).resolves.toBeDefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3000);
    try {
      await rejects(verify(token), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    } finally {
      vi.useRealTimers();
    }
  });
});
