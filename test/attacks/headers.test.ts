// Attacks through the JOSE header: keys named by the token (jwk, jku, x5u, x5c), kid injection,
// crit and b64 tricks, duplicate and escaped member names, prototype pollution, typ confusion,
// and header values on the signing side that JSON cannot carry.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { JWS_HS, HS, OPTIONS, INVALID, SIG_FAILED, CLAIMS, NOW, b64, compact, compactWith, guardPrototype, hmac256, keys, rejects, type Keys } from './support.js';

guardPrototype();
let k: Keys;
beforeAll(async () => {
  k = await keys();
});

const hs = (header: string | object, payload: string | object = CLAIMS) => compact(header, payload, (i) => hmac256(k.secret, i));

describe('keys named by the token are never trusted', () => {
  it('CVE-2018-0114: an embedded "jwk" (the attacker\'s own key) is ignored without the embeddedJwk opt-in', async () => {
    const token = await compactWith(k.attacker.privateKey, { alg: 'ES256', jwk: k.attacker.publicJwk }, { ...CLAIMS, sub: 'admin' });
    await rejects(jose.verifyJwt(token, k.es256.publicKey, { algorithms: ['ES256'], currentDate: NOW }), ...SIG_FAILED);
    await rejects(jose.verifyJwt(token, jose.createLocalJwks({ keys: [k.es256.publicJwk] }), { algorithms: ['ES256'], currentDate: NOW }), ...SIG_FAILED);
  });
  it('CVE-2018-0114: with embeddedJwk pinned to the victim\'s thumbprint, the attacker\'s jwk is refused', async () => {
    const token = await compactWith(k.attacker.privateKey, { alg: 'ES256', jwk: k.attacker.publicJwk }, { ...CLAIMS, sub: 'admin' });
    const resolver = jose.embeddedJwk({ thumbprints: [await jose.jwkThumbprint(k.es256.publicJwk)] });
    await rejects(jose.verifyJwt(token, resolver, { algorithms: ['ES256'], currentDate: NOW }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
  });
  it('an embedded symmetric jwk is refused even with the embeddedJwk opt-in', async () => {
    const attackerSecret = new Uint8Array(32).fill(9);
    const token = compact({ alg: 'HS256', jwk: { kty: 'oct', k: b64(attackerSecret) } }, CLAIMS, (i) => hmac256(attackerSecret, i));
    await rejects(jose.verifyJwt(token, jose.embeddedJwk(), HS), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
  });
  it('jku, x5u and x5c are never fetched or used: only the configured JWK Set URL is', async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input: RequestInfo | URL) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      throw new Error('no network');
    };
    try {
      const cert = 'MIIBADCBp6ADAgECAgEBMAoGCCqGSM49BAMCMAAwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAAMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE';
      const header = { alg: 'ES256', jku: 'https://attacker.example/jwks.json', x5u: 'https://attacker.example/cert.pem', x5c: [cert] };
      const token = await compactWith(k.attacker.privateKey, header, { ...CLAIMS, sub: 'admin' });
      const remote = jose.createRemoteJwks('https://issuer.example/jwks.json', {
        fetch: async (input: RequestInfo | URL) => {
          fetched.push(String(input instanceof Request ? input.url : input));
          return new Response(JSON.stringify({ keys: [k.es256.publicJwk] }), { headers: { 'content-type': 'application/json' } });
        },
      });
      await rejects(jose.verifyJwt(token, remote, { algorithms: ['ES256'], currentDate: NOW }), ...SIG_FAILED);
      await rejects(jose.verifyJwt(token, k.es256.publicKey, { algorithms: ['ES256'], currentDate: NOW }), ...SIG_FAILED);
      expect(fetched.every((url) => url === 'https://issuer.example/jwks.json')).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('kid', () => {
  const KIDS = ['../../../../../../dev/null', "' OR '1'='1", "k1' --", '"; DROP TABLE keys; --', 'k1\u0000', 'k1 ', 'K1', '*', '.*', '%', '$where', '__proto__', 'constructor', 'toString', '{"$ne":null}'];
  for (const kid of KIDS) {
    it(`kid injection ${JSON.stringify(kid)} just fails to match`, async () => {
      const set = jose.createLocalJwks({ keys: [{ ...k.es256.publicJwk, kid: 'k1' }] });
      const token = await compactWith(k.attacker.privateKey, { alg: 'ES256', kid }, CLAIMS);
      await rejects(jose.verifyJwt(token, set, { algorithms: ['ES256'], currentDate: NOW }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    });
  }
  for (const kid of [123, null, true, ['k1'], { k1: true }]) {
    it(`a non-string kid in a token header (${JSON.stringify(kid)}) is invalid`, async () => {
      await rejects(jose.verifyJwt(hs({ alg: 'HS256', kid }), k.secret, HS), ...INVALID);
      await rejects(jose.verifyJwt(hs({ alg: 'HS256', kid }), jose.createLocalJwks({ keys: [{ kty: 'oct', kid: 'k1', k: b64(k.secret) }] }, { allowSymmetric: true }), HS), ...INVALID);
    });
  }
  it('keycloak/keycloak#15114: a kid-less token against a set with several fitting keys is ambiguous, not tried key by key', async () => {
    const other = await jose.exportJwk((await jose.generateKeyPair('ES256')).publicKey);
    const token = await compactWith(k.es256.privateKey, { alg: 'ES256' }, CLAIMS);
    await rejects(jose.verifyJwt(token, jose.createLocalJwks({ keys: [k.es256.publicJwk, other] }), { algorithms: ['ES256'], currentDate: NOW }), jose.JwksMultipleMatchingKeys, 'ERR_JWKS_MULTIPLE_MATCHING_KEYS');
  });
});

describe('crit', () => {
  it('an extension listed in crit that the verifier does not process is refused', async () => {
    await rejects(jose.verifyJwt(hs({ alg: 'HS256', crit: ['x-policy'], 'x-policy': 'allow-all' }), k.secret, HS), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED');
  });
  const bypasses: Array<[string, object]> = [
    ['crit naming a parameter the header lacks', { alg: 'HS256', crit: ['x-policy'] }],
    ['an empty crit', { alg: 'HS256', crit: [] }],
    ['crit as a string', { alg: 'HS256', crit: 'x-policy', 'x-policy': 1 }],
    ['crit listing a registered name', { alg: 'HS256', crit: ['alg'] }],
    ['crit listing a name twice', { alg: 'HS256', crit: ['x-policy', 'x-policy'], 'x-policy': 1 }],
    ['crit with a non-string entry', { alg: 'HS256', crit: [1], 1: 1 }],
  ];
  for (const [name, header] of bypasses) {
    it(`crit bypass: ${name} is invalid`, async () => {
      await rejects(jose.verifyJwt(hs(header), k.secret, { ...HS, crit: ['x-policy'] }), ...INVALID);
    });
  }
  it('a verifier cannot claim to understand a registered parameter', async () => {
    await rejects(jose.verifyJwt(hs({ alg: 'HS256' }), k.secret, { ...HS, crit: ['alg'] }), ...OPTIONS);
  });
});

describe('b64 (RFC 7797)', () => {
  it('b64: false outside crit is invalid', async () => {
    await rejects(jose.verifyCompact(hs({ alg: 'HS256', b64: false }, 'x'), k.secret, JWS_HS), ...INVALID);
  });
  it('b64 as a string "false" is invalid', async () => {
    await rejects(jose.verifyCompact(hs({ alg: 'HS256', b64: 'false', crit: ['b64'] }, 'x'), k.secret, JWS_HS), ...INVALID);
  });
  it('a JWT cannot have an unencoded payload', async () => {
    const h = b64(JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] }));
    const payload = JSON.stringify(CLAIMS);
    const token = `${h}.${payload}.${b64(hmac256(k.secret, `${h}.${payload}`))}`;
    await rejects(jose.verifyJwt(token, k.secret, HS), jose.JwtInvalid, 'ERR_JWT_INVALID');
  });
  it('a b64: false compact payload "a.b" is refused on verify (and on sign)', async () => {
    const h = b64(JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] }));
    const token = `${h}.a.b.${b64(hmac256(k.secret, `${h}.a.b`))}`;
    await rejects(jose.verifyCompact(token, k.secret, { algorithms: ['HS256'] }), ...INVALID);
    await rejects(jose.signCompact('a.b', k.secret, { alg: 'HS256', b64: false }), ...OPTIONS);
  });
});

describe('duplicate and escaped member names in the header', () => {
  const cases: Array<[string, string]> = [
    ['alg twice', '{"alg":"HS256","alg":"none"}'],
    ['alg and an escaped alg', '{"alg":"none","\\u0061lg":"HS256"}'],
    ['fully escaped duplicate', '{"alg":"HS256","\\u0061\\u006c\\u0067":"HS256"}'],
    ['kid twice', '{"alg":"HS256","kid":"k1","kid":"k2"}'],
    ['crit twice', '{"alg":"HS256","crit":["x"],"x":1,"crit":[]}'],
    ['nested duplicate', '{"alg":"HS256","jwk":{"kty":"oct","kty":"RSA"}}'],
  ];
  for (const [name, header] of cases) {
    it(`${name} is refused`, async () => {
      await rejects(jose.verifyJwt(hs(header), k.secret, HS), ...INVALID, /duplicate/);
      await rejects(() => jose.decodeHeader(hs(header)), ...INVALID);
    });
  }
});

describe('prototype pollution through the header', () => {
  it('"__proto__" and "constructor" members in a signed header are plain data', async () => {
    const header = '{"alg":"HS256","__proto__":{"polluted":"yes","alg":"none"},"constructor":{"prototype":{"polluted":"yes"}}}';
    let seen: jose.JoseHeader | undefined;
    const { header: verified } = await jose.verifyJwt(hs(header), (h: jose.JoseHeader) => ((seen = h), k.secret), HS);
    for (const h of [verified, seen!, jose.decodeHeader(hs(header))]) {
      expect(h.alg).toBe('HS256');
      expect((h as { polluted?: unknown }).polluted).toBeUndefined();
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
  it('a forged header with "__proto__" fails on the signature and pollutes nothing', async () => {
    const token = compact('{"alg":"HS256","__proto__":{"isAdmin":true}}', CLAIMS, () => new Uint8Array(32));
    await rejects(jose.verifyJwt(token, k.secret, HS), ...SIG_FAILED);
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });
});

describe('typ', () => {
  it('typ "application/x/jwt" does not match an expected "x/jwt"', async () => {
    const err = await rejects(jose.verifyJwt(hs({ alg: 'HS256', typ: 'application/x/jwt' }), k.secret, { ...HS, typ: 'x/jwt' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect((err as jose.JwtClaimValidationFailed).claim).toBe('typ');
  });
  it('a token of another type (typ "at+jwt" vs "JWT", "secevent+jwt") is refused when typ is pinned', async () => {
    for (const typ of ['secevent+jwt', 'JWT', 'application/secevent+jwt']) {
      await rejects(jose.verifyJwt(hs({ alg: 'HS256', typ }), k.secret, { ...HS, typ: 'at+jwt' }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    }
  });
});

describe('signing: header values are checked, never dropped or changed', () => {
  it('crit: ["foo"] with header { foo: undefined } is refused', async () => {
    await rejects(jose.signCompact('x', k.secret, { alg: 'HS256', crit: ['foo'], header: { foo: undefined } }), ...OPTIONS);
    await rejects(jose.signJwt({ sub: 'a' }, k.secret, { alg: 'HS256', expiresIn: 60, crit: ['foo'], header: { foo: undefined } }), ...OPTIONS);
  });
  const values: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a bigint', 1n],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a lone surrogate', '\ud800'],
    ['an object with toJSON', { toJSON: () => 'other' }],
    ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ];
  for (const [name, value] of values) {
    it(`a header member that is ${name} is refused`, async () => {
      await rejects(jose.signCompact('x', k.secret, { alg: 'HS256', header: { ext: value } }), ...OPTIONS);
      await rejects(jose.signJwt({ sub: 'a' }, k.secret, { alg: 'HS256', expiresIn: 60, header: { ext: value } }), ...OPTIONS);
      await rejects(jose.signFlattened('x', k.secret, { alg: 'HS256', protectedHeader: { ext: value } }), ...OPTIONS);
    });
  }
  for (const kid of [1, null, ['k'], {}]) {
    it(`a non-string kid option (${JSON.stringify(kid)}) is refused on sign`, async () => {
      await rejects(jose.signCompact('x', k.secret, { alg: 'HS256', kid: kid as never }), ...OPTIONS);
      await rejects(jose.signFlattened('x', k.secret, { alg: 'HS256', protectedHeader: { kid } }), ...OPTIONS);
    });
  }
});
