// Fault classes found from outside (peers' bug reports, jose's suite, differential fuzzing), each
// fixed in every serialisation: lossless strings, copied detached payloads, distinct-key
// policies, protected crit, RFC 7797 compact rules, checked header values, string kids, bounded
// work and messages, and decode keeping verify's promise about form.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { bytes, keysFor, rejects, text, type KeyPairFor } from './support.js';

const INVALID = 'ERR_JWS_INVALID';
const OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';
const FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
const b64 = jose.base64url.encode;

let hs: KeyPairFor;
let es: KeyPairFor;
let ed: KeyPairFor;
beforeAll(async () => {
  [hs, es, ed] = await Promise.all([keysFor('HS256'), keysFor('ES256'), keysFor('EdDSA')]);
});

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const protoBefore = protoNames();
afterEach(() => {
  expect(protoNames()).toBe(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** HMAC-SHA-256 over `input` with the test secret, base64url: to build tokens josekit would refuse to sign. */
async function hmac(input: string): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.sign('HMAC', hs.signKey, bytes(input))));
}

describe('strings become bytes losslessly: an unpaired surrogate is refused, never replaced by U+FFFD', () => {
  const LONE = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];

  it('the issue example: b64:false flattened over "\\ud800" is refused on sign; "\\udfff" is refused on verify', async () => {
    await rejects(jose.signFlattened('\ud800', hs.signKey, { alg: 'HS256', b64: false }), jose.JoseInvalidOptions, OPTIONS, /unpaired surrogate/);
    // What a lossy encoder would have signed: U+FFFD. Presenting a lone surrogate must not verify.
    const jws = await jose.signFlattened('\ufffd', hs.signKey, { alg: 'HS256', b64: false });
    await rejects(jose.verifyFlattened({ ...jws, payload: '\udfff' }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /unpaired surrogate/);
  });

  for (const s of LONE) {
    it(`${JSON.stringify(s)}: every payload and header string on sign`, async () => {
      await rejects(jose.signCompact(s, hs.signKey, { alg: 'HS256' }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signCompact(s, hs.signKey, { alg: 'HS256', b64: false, detached: true }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened(s, hs.signKey, { alg: 'HS256' }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signGeneral(s, [{ key: hs.signKey, alg: 'HS256' }]), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', kid: s }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { ext: s } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { [`n${s}`]: 1 } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { deep: [{ v: s }] } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { ext: s } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { kid: s } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256', unprotectedHeader: { kid: s } }]), jose.JoseInvalidOptions, OPTIONS);
      expect(() => jose.base64url.encode(s)).toThrow(jose.JoseError);
    });

    it(`${JSON.stringify(s)}: every detached and unencoded payload on verify`, async () => {
      const compact = await jose.signCompact('\ufffd', hs.signKey, { alg: 'HS256', detached: true });
      await rejects(jose.verifyCompact(compact, hs.verifyKey, { algorithms: ['HS256'], detachedPayload: s }), jose.JwsInvalid, INVALID, /unpaired surrogate/);
      const flat = await jose.signFlattened('\ufffd', hs.signKey, { alg: 'HS256', detached: true });
      await rejects(jose.verifyFlattened(flat, hs.verifyKey, { algorithms: ['HS256'], detachedPayload: s }), jose.JwsInvalid, INVALID);
      const general = await jose.signGeneral('\ufffd', [{ key: hs.signKey, alg: 'HS256' }], { detached: true });
      await rejects(jose.verifyGeneral(general, hs.verifyKey, { algorithms: ['HS256'], detachedPayload: s }), jose.JwsInvalid, INVALID);
      const unencoded = await jose.signGeneral('\ufffd', [{ key: hs.signKey, alg: 'HS256', b64: false }]);
      await rejects(jose.verifyGeneral({ ...unencoded, payload: s }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID);
      // A compact b64:false token carrying the text itself.
      const header = b64(JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] }));
      await rejects(jose.verifyCompact(`${header}.${s}.${await hmac(`${header}.\ufffd`)}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID);
    });
  }

  it('well-formed non-ASCII text (astral characters, U+FFFD itself) still round-trips', async () => {
    for (const s of ['\ud83d\ude00', '\ufffd', 'é']) {
      const jws = await jose.signFlattened(s, hs.signKey, { alg: 'HS256', b64: false, protectedHeader: { ext: s, crit: ['ext'] } });
      expect(text((await jose.verifyFlattened(jws, hs.verifyKey, { algorithms: ['HS256'], crit: ['ext'] })).payload)).toBe(s);
    }
  });
});

describe('a detached payload is copied before anything else runs', () => {
  const original = () => bytes('the signed document');
  const mutatingResolver = (detached: Uint8Array, key: CryptoKey) => async () => {
    detached.set(bytes('THE SIGNED DOCUMENT'));
    await Promise.resolve();
    return key;
  };

  it('compact: the resolver changing the caller\'s bytes changes neither what is checked nor what is returned', async () => {
    const token = await jose.signCompact(original(), hs.signKey, { alg: 'HS256', detached: true });
    const detached = original();
    const { payload } = await jose.verifyCompact(token, mutatingResolver(detached, hs.verifyKey), { algorithms: ['HS256'], detachedPayload: detached });
    expect(text(payload)).toBe('the signed document');
    expect(payload).not.toBe(detached);
  });

  it('flattened and general, and b64:false', async () => {
    for (const b64Option of [true, false]) {
      const flat = await jose.signFlattened(original(), hs.signKey, { alg: 'HS256', detached: true, b64: b64Option });
      const d1 = original();
      const r1 = await jose.verifyFlattened(flat, mutatingResolver(d1, hs.verifyKey), { algorithms: ['HS256'], detachedPayload: d1 });
      expect(text(r1.payload)).toBe('the signed document');
      const general = await jose.signGeneral(original(), [{ key: hs.signKey, alg: 'HS256', b64: b64Option }], { detached: true });
      const d2 = original();
      const r2 = await jose.verifyGeneral(general, mutatingResolver(d2, hs.verifyKey), { algorithms: ['HS256'], detachedPayload: d2 });
      expect(text(r2.payload)).toBe('the signed document');
    }
  });

  it('a forged document swapped in by the resolver never verifies as the original', async () => {
    // Signed over the forged text; the caller passes the original and the resolver swaps it.
    const forged = await jose.signCompact(bytes('THE SIGNED DOCUMENT'), hs.signKey, { alg: 'HS256', detached: true });
    const detached = original();
    await rejects(
      jose.verifyCompact(forged, mutatingResolver(detached, hs.verifyKey), { algorithms: ['HS256'], detachedPayload: detached }),
      jose.JwsSignatureVerificationFailed,
      FAILED,
    );
  });
});

describe('policy { atLeast: n } counts distinct keys', () => {
  it('the same signature listed twice counts once', async () => {
    const jws = await jose.signGeneral('doc', [{ key: es.signKey, alg: 'ES256' }]);
    const twice = { ...jws, signatures: [jws.signatures[0]!, jws.signatures[0]!] };
    await rejects(jose.verifyGeneral(twice, es.verifyKey, { algorithms: ['ES256'], policy: { atLeast: 2 } }), jose.JwsSignatureVerificationFailed, FAILED, /distinct keys/);
    // 'all' still means every listed signature verifies.
    expect((await jose.verifyGeneral(twice, es.verifyKey, { algorithms: ['ES256'], policy: 'all' })).signatures).toHaveLength(2);
  });

  it('one key signing twice counts once (ECDSA: two different signatures), with CryptoKeys, JWKs, secrets and a JWK Set', async () => {
    const jws = await jose.signGeneral('doc', [
      { key: es.signKey, alg: 'ES256', unprotectedHeader: { kid: 'a' } },
      { key: es.signKey, alg: 'ES256', unprotectedHeader: { kid: 'b' } },
    ]);
    // (Two signatures, unless the platform's ECDSA is deterministic, as Deno's is: both count once either way.)
    const policy = { atLeast: 2 };
    await rejects(jose.verifyGeneral(jws, es.verifyKey, { algorithms: ['ES256'], policy }), jose.JwsSignatureVerificationFailed, FAILED);
    // Two JWK objects with the same material are one key.
    await rejects(jose.verifyGeneral(jws, () => ({ ...es.publicJwk }), { algorithms: ['ES256'], policy }), jose.JwsSignatureVerificationFailed, FAILED);
    // One key listed under two kids in a set is one key.
    const set = jose.createLocalJwks({ keys: [{ ...es.publicJwk, kid: 'a' }, { ...es.publicJwk, kid: 'b' }] });
    await rejects(jose.verifyGeneral(jws, set, { algorithms: ['ES256'], policy }), jose.JwsSignatureVerificationFailed, FAILED);
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const mac = await jose.signGeneral('doc', [
      { key: secret, alg: 'HS256', unprotectedHeader: { kid: 'a' } },
      { key: secret, alg: 'HS256', protectedHeader: { kid: 'b' } },
    ]);
    await rejects(jose.verifyGeneral(mac, () => secret.slice(), { algorithms: ['HS256'], policy }), jose.JwsSignatureVerificationFailed, FAILED);
  });

  it('two different keys satisfy atLeast: 2', async () => {
    const jws = await jose.signGeneral('doc', [
      { key: es.signKey, alg: 'ES256', unprotectedHeader: { kid: 'es' } },
      { key: ed.signKey, alg: 'EdDSA', unprotectedHeader: { kid: 'ed' } },
    ]);
    const resolver = (header: jose.JoseHeader) => (header.kid === 'es' ? es.verifyKey : ed.verifyKey);
    const { signatures } = await jose.verifyGeneral(jws, resolver, { algorithms: ['ES256', 'EdDSA'], policy: { atLeast: 2 } });
    expect(signatures.map((s) => s.verified)).toEqual([true, true]);
  });

  it('fewer signatures than n is a clean failure that gives the numbers', async () => {
    const jws = await jose.signGeneral('doc', [{ key: es.signKey, alg: 'ES256' }]);
    await rejects(jose.verifyGeneral(jws, es.verifyKey, { algorithms: ['ES256'], policy: { atLeast: 3 } }), jose.JwsSignatureVerificationFailed, FAILED, /needs 3 .* only 1/);
  });
});

describe('crit extensions come from the protected header (RFC 7515 §4.1.11)', () => {
  it('the issue example: verifyFlattened with crit ["ext"] and ext only in the unprotected header', async () => {
    const protectedSegment = b64(JSON.stringify({ alg: 'HS256', crit: ['ext'] }));
    const payload = b64('x');
    const jws = { protected: protectedSegment, header: { ext: 'attacker' }, payload, signature: await hmac(`${protectedSegment}.${payload}`) };
    await rejects(jose.verifyFlattened(jws, hs.verifyKey, { algorithms: ['HS256'], crit: ['ext'] }), jose.JwsInvalid, INVALID, /"ext", which the protected header does not contain/);
    await rejects(
      jose.verifyGeneral({ payload, signatures: [{ protected: protectedSegment, header: { ext: 'attacker' }, signature: jws.signature }] }, hs.verifyKey, {
        algorithms: ['HS256'],
        crit: ['ext'],
      }),
      jose.JwsInvalid,
      INVALID,
    );
  });

  it('signing such headers is refused; a protected extension verifies', async () => {
    await rejects(
      jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { crit: ['ext'] }, unprotectedHeader: { ext: 1 } }),
      jose.JoseInvalidOptions,
      OPTIONS,
    );
    const jws = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { crit: ['ext'], ext: 1 } });
    expect((await jose.verifyFlattened(jws, hs.verifyKey, { algorithms: ['HS256'], crit: ['ext'] })).header.ext).toBe(1);
  });
});

describe('RFC 7797 §5.2: an unencoded compact payload cannot contain "."', () => {
  it('the issue example: payload "a.b" is refused by verifyCompact as by signCompact', async () => {
    await rejects(jose.signCompact('a.b', hs.signKey, { alg: 'HS256', b64: false }), jose.JoseInvalidOptions, OPTIONS);
    const header = b64(JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] }));
    await rejects(jose.verifyCompact(`${header}.a.b.${await hmac(`${header}.a.b`)}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /4 segments/);
  });
});

describe('what is signed is what was checked: header values', () => {
  it('the issue example: crit ["foo"] with header { foo: undefined } is refused', async () => {
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', crit: ['foo'], header: { foo: undefined } }), jose.JoseInvalidOptions, OPTIONS, /undefined/);
    await rejects(jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: 60, crit: ['foo'], header: { foo: undefined } }), jose.JoseInvalidOptions, OPTIONS, /undefined/);
  });

  const notJson: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a nested undefined', { a: [1, { b: undefined }] }],
    ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a getter that throws', Object.defineProperty({}, 'g', { get: () => { throw new Error('boom'); }, enumerable: true })],
  ];
  for (const [name, value] of notJson) {
    it(`${name} as a header value is refused in every signing function`, async () => {
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { ext: value } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signJwt({}, hs.signKey, { alg: 'HS256', expiresIn: 60, header: { ext: value } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { ext: value } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { ext: value } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256', unprotectedHeader: { ext: value } }]), jose.JoseInvalidOptions, OPTIONS);
    });
  }

  const wrongTypes: Array<[string, unknown]> = [
    ['kid', 5],
    ['typ', 1],
    ['cty', {}],
    ['jku', 5],
    ['x5u', ['https://x']],
    ['jwk', 'a string'],
    ['jwk', [1]],
    ['x5c', 'MIIB'],
    ['x5c', []],
    ['x5c', [1]],
    ['x5t', 5],
    ['x5t#S256', null],
  ];
  for (const [name, value] of wrongTypes) {
    it(`registered "${name}" = ${JSON.stringify(value)} is refused on sign (every form) and on verify`, async () => {
      await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { [name]: value } }), jose.JoseInvalidOptions, OPTIONS, new RegExp(`"${name}" must be`));
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { [name]: value } }), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { [name]: value } }), jose.JoseInvalidOptions, OPTIONS);
      const header = b64(JSON.stringify({ alg: 'HS256', [name]: value }));
      const input = `${header}.${b64('x')}`;
      await rejects(jose.verifyCompact(`${input}.${await hmac(input)}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, new RegExp(`"${name}" must be`));
      expect(() => jose.decodeHeader(`${input}.${b64(new Uint8Array(32))}`)).toThrow(jose.JwsInvalid);
    });
  }

  it('a getter in a header option is read exactly once, and what it gave is what is signed', async () => {
    let reads = 0;
    const header = Object.defineProperty({}, 'ext', { get: () => (++reads === 1 ? 'checked' : 1n), enumerable: true });
    const token = await jose.signCompact('x', hs.signKey, { alg: 'HS256', header });
    expect(reads).toBe(1);
    expect(jose.decodeHeader(token).ext).toBe('checked');
  });

  it('an own "__proto__" header member is data, signed as given, never a prototype change', async () => {
    const header = JSON.parse('{"__proto__":{"polluted":1},"ext":"v"}') as Record<string, unknown>;
    const token = await jose.signCompact('x', hs.signKey, { alg: 'HS256', header });
    expect(new TextDecoder().decode(jose.base64url.decode(token.split('.')[0]!))).toBe('{"alg":"HS256","__proto__":{"polluted":1},"ext":"v"}');
    const { header: verified } = await jose.verifyCompact(token, hs.verifyKey, { algorithms: ['HS256'] });
    expect(Object.getPrototypeOf(verified)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(verified, '__proto__')).toBe(true);
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: JSON.parse('{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}}') });
    const result = await jose.verifyFlattened(flat, hs.verifyKey, { algorithms: ['HS256'] });
    expect(Object.getPrototypeOf(result.header)).toBe(Object.prototype);
    expect(result.unprotectedHeader!.__proto__).toEqual({ polluted: 2 });
    // In both headers it is one name twice, refused like any other.
    await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: header, unprotectedHeader: JSON.parse('{"__proto__":1}') }), jose.JoseInvalidOptions, OPTIONS, /in both/);
  });
});

describe('protected headers decoded once are handed out as fresh copies', () => {
  it('a nested header value changed by one caller is unchanged for the next, and "__proto__" stays a member', async () => {
    // The same header text twice: the second verify is served by the decoded-header cache.
    const header = '{"alg":"HS256","__proto__":{"x":1},"ext":{"list":["a"]}}';
    const input = `${b64(header)}.${b64('payload')}`;
    const token = `${input}.${await hmac(input)}`;
    const first = await jose.verifyCompact(token, hs.verifyKey, { algorithms: ['HS256'] });
    (first.header.ext as { list: string[] }).list.push('changed');
    first.header.alg = 'none';
    const second = await jose.verifyCompact(token, hs.verifyKey, { algorithms: ['HS256'] });
    expect(second.header.alg).toBe('HS256');
    expect(second.header.ext).toEqual({ list: ['a'] });
    expect(Object.keys(second.header)).toEqual(['alg', '__proto__', 'ext']);
    expect(Object.getPrototypeOf(second.header)).toBe(Object.prototype);
    expect(jose.decodeHeader(token).ext).toEqual({ list: ['a'] });
  });
});

describe('kid is a string (RFC 7515 §4.1.4, RFC 7517 §4.5)', () => {
  for (const kid of [5, null, true, ['a'], { a: 1 }]) {
    it(`a token header kid of ${JSON.stringify(kid)} is JwsInvalid, in compact and JSON forms, before any resolver runs`, async () => {
      const header = b64(JSON.stringify({ alg: 'HS256', kid }));
      const input = `${header}.${b64('x')}`;
      let called = false;
      const resolver = () => {
        called = true;
        return hs.verifyKey;
      };
      await rejects(jose.verifyCompact(`${input}.${await hmac(input)}`, resolver, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /"kid" must be a string/);
      const flat = { payload: b64('x'), protected: b64(JSON.stringify({ alg: 'HS256' })), header: { kid }, signature: await hmac(`${b64(JSON.stringify({ alg: 'HS256' }))}.${b64('x')}`) };
      await rejects(jose.verifyFlattened(flat, resolver, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /"kid" must be a string/);
      expect(called).toBe(false);
    });
  }

  it('a JWK with a non-string kid is skipped by a set, and the selection error says why', async () => {
    const set = jose.createLocalJwks({ keys: [{ ...es.publicJwk, kid: 7 as unknown as string }] });
    const token = await jose.signCompact('x', es.signKey, { alg: 'ES256' });
    const err = await rejects(jose.verifyCompact(token, set, { algorithms: ['ES256'] }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(err.message).toMatch(/kid 7 is not a string/);
    // A resolver called directly with a non-string kid says so too.
    await rejects(async () => set({ alg: 'ES256', kid: 7 as unknown as string }, ''), jose.JwsInvalid, INVALID, /"kid" must be a string, got 7/);
  });
});

describe('bounded work and output', () => {
  it('JWS JSON is size-checked before any header is decoded', async () => {
    // Every protected header is junk: had it been decoded first, the error would be about base64url.
    const signatures = Array.from({ length: 1500 }, () => ({ protected: '!'.repeat(80_000), signature: 'AA' }));
    await rejects(jose.verifyGeneral({ payload: 'x', signatures }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /over maxTokenLength/);
    await rejects(jose.verifyFlattened({ payload: 'x', protected: '!'.repeat(70_000), signature: 'AA' }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /over maxTokenLength/);
    const header = { big: 'x'.repeat(70_000) };
    await rejects(jose.verifyFlattened({ payload: 'x', header, signature: 'AA' }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /over maxTokenLength/);
  });

  it('a key set of 10,000 keys gives a short message that lists a few kids and a count', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...es.publicJwk, kid: `key-${i}` }));
    const token = await jose.signCompact('x', es.signKey, { alg: 'ES256', kid: 'missing' });
    const err = await rejects(jose.verifyCompact(token, jose.createLocalJwks({ keys }), { algorithms: ['ES256'] }), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(err.message.length).toBeLessThan(400);
    expect(err.message).toMatch(/"key-0", .* and 9995 more/);
  });
});

describe('decodeJwt and decodeHeader keep their promise about form', () => {
  let token: string;
  beforeAll(async () => {
    token = await jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', expiresIn: 60 });
  });

  it('all three segments are checked: a non-canonical signature, a non-object header', () => {
    const [h, p] = token.split('.');
    for (const bad of [`${h}.${p}.AB`, `${h}.${p}.A=`, `${b64('[1]')}.${p}.AA`, `${b64('{"alg":"HS256","kid":1}')}.${p}.AA`]) {
      expect(() => jose.decodeJwt(bad)).toThrow(jose.JwsInvalid);
      expect(() => jose.decodeHeader(bad)).toThrow(jose.JwsInvalid);
    }
  });

  it('4+ segments get verify\'s message, with hints for JWE, SD-JWT and a Bearer prefix', async () => {
    const four = `${token}.x`;
    expect(() => jose.decodeJwt(four)).toThrow(/the token has 4 segments; a compact JWS has 3/);
    await rejects(jose.verifyJwt(four, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /the token has 4 segments; a compact JWS has 3/);
    expect(() => jose.decodeJwt('a.b.c.d.e')).toThrow(/JWE/);
    expect(() => jose.decodeJwt(`${token}~WyJzYWx0IiwibmFtZSIsIngiXQ~`)).toThrow(/SD-JWT/);
    expect(() => jose.decodeJwt(`${token}~x.y~`)).toThrow(/SD-JWT/);
    expect(() => jose.decodeJwt(`Bearer ${token}`)).toThrow(/Bearer/);
    await rejects(jose.verifyJwt(`bearer ${token}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /Bearer/);
  });

  it('options of any type end in a JoseError', () => {
    for (const options of [null, 5, 'x', [], { get maxTokenLength() { throw new Error('boom'); } }]) {
      expect(() => jose.decodeJwt(token, options as never)).toThrow(jose.JoseInvalidOptions);
      expect(() => jose.decodeHeader(token, options as never)).toThrow(jose.JoseInvalidOptions);
    }
  });

  it('a byte order mark in a header is named', () => {
    const bom = `${b64('\ufeff{"alg":"HS256"}')}.${token.split('.')[1]}.AA`;
    expect(() => jose.decodeHeader(bom)).toThrow(/byte order mark/);
  });
});

describe('JWS inputs of any shape end in a JoseError', () => {
  it('sparse signatures and signers arrays', async () => {
    const jws = await jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256' }]);
    // eslint-disable-next-line no-sparse-arrays
    await rejects(jose.verifyGeneral({ payload: jws.payload, signatures: [, jws.signatures[0]!] as never }, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID);
    // eslint-disable-next-line no-sparse-arrays
    await rejects(jose.signGeneral('x', [, { key: hs.signKey, alg: 'HS256' }] as never), jose.JoseInvalidOptions, OPTIONS);
  });

  it('options that are null, numbers or throw on read', async () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    for (const options of [null, 5, hostile]) {
      await rejects(jose.signCompact('x', hs.signKey, options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.verifyCompact('a.b.c', hs.verifyKey, options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.verifyFlattened({ payload: '', signature: '' }, hs.verifyKey, options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.verifyGeneral({ signatures: [] }, hs.verifyKey, options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256' }], options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(async () => jose.createLocalJwks({ keys: [] }, options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(async () => jose.embeddedJwk(options as never), jose.JoseInvalidOptions, OPTIONS);
      await rejects(async () => jose.createRemoteJwks('https://example.com/jwks', options as never), jose.JoseInvalidOptions, OPTIONS);
    }
  });

  it('a bigint or a throwing getter in a JSON JWS unprotected header', async () => {
    const jws = await jose.signFlattened('x', hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyFlattened({ ...jws, header: { ext: 1n } } as never, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID);
    const getter = Object.defineProperty({}, 'kid', { get: () => { throw new Error('boom'); }, enumerable: true });
    await rejects(jose.verifyFlattened({ ...jws, header: getter } as never, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID);
  });
});

describe('a remote JWK Set body with a UTF-8 byte order mark is read as Response.json() would', () => {
  it('verifies through a set served with a BOM', async () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(JSON.stringify({ keys: [{ ...es.publicJwk, kid: 'k' }] }))]);
    const fetch = (async () => new Response(body, { status: 200 })) as unknown as typeof globalThis.fetch;
    const jwks = jose.createRemoteJwks('https://issuer.example/jwks', { fetch });
    const token = await jose.signCompact('x', es.signKey, { alg: 'ES256', kid: 'k' });
    expect(text((await jose.verifyCompact(token, jwks, { algorithms: ['ES256'] })).payload)).toBe('x');
  });
});

describe('red-team findings, each a member of a class above', () => {
  it('atLeast: the same key imported afresh for each signature counts once', async () => {
    const jws = await jose.signGeneral('transfer', [
      { key: es.signKey, alg: 'ES256', protectedHeader: { kid: 'alice' } },
      { key: es.signKey, alg: 'ES256', protectedHeader: { kid: 'alice', n: 2 } },
    ]);
    // A resolver runs only once the header's alg passed the allowlist, so it is a JwsAlgorithm.
    const fresh = (header: jose.JoseHeader) => jose.importJwk(es.publicJwk, header.alg as jose.JwsAlgorithm);
    await rejects(jose.verifyGeneral(jws, fresh, { algorithms: ['ES256'], policy: { atLeast: 2 } }), jose.JwsSignatureVerificationFailed, FAILED);
    // The same RSA key twice, once with a leading zero octet in "n", is one key.
    const rs = await keysFor('RS256');
    const padded = { ...rs.publicJwk, n: b64(new Uint8Array([0, ...jose.base64url.decode(rs.publicJwk.n!)])) };
    const two = await jose.signGeneral('x', [
      { key: rs.signKey, alg: 'RS256', unprotectedHeader: { kid: 'a' } },
      { key: rs.signKey, alg: 'RS256', unprotectedHeader: { kid: 'b' } },
    ]);
    const set = jose.createLocalJwks({ keys: [{ ...rs.publicJwk, kid: 'a' }, { ...padded, kid: 'b' }] });
    await rejects(jose.verifyGeneral(two, set, { algorithms: ['RS256'], policy: { atLeast: 2 } }), jose.JwsSignatureVerificationFailed, FAILED);
  });

  it('a small-order Ed25519 key as a non-extractable CryptoKey made outside josekit is refused', async () => {
    const so = { kty: 'OKP', crv: 'Ed25519', x: 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey('jwk', so, { name: 'Ed25519' }, false, ['verify']);
    } catch {
      return; // this platform refuses the point itself: nothing can verify with it
    }
    const forged = `eyJhbGciOiJFZERTQSJ9.eA.AQ${'A'.repeat(84)}`;
    await rejects(jose.verifyCompact(forged, key, { algorithms: ['EdDSA'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /non-extractable/);
  });

  it('a detached payload is copied even when the object\'s own slice returns a view', async () => {
    class Sneaky extends Uint8Array {
      override slice(): this {
        return this;
      }
    }
    const token = await jose.signCompact('hello', hs.signKey, { alg: 'HS256', detached: true });
    const detached = new Sneaky(bytes('hello'));
    const resolver = async () => {
      detached.set(bytes('EVIL!'));
      return hs.verifyKey;
    };
    const { payload } = await jose.verifyCompact(token, resolver, { algorithms: ['HS256'], detachedPayload: detached });
    expect(text(payload)).toBe('hello');
  });

  it('a typed array dressed up as a Uint8Array is not one', async () => {
    const fake = Object.defineProperty(new Float64Array(4), Symbol.toStringTag, { value: 'Uint8Array' });
    await rejects(jose.signCompact(fake as never, hs.signKey, { alg: 'HS256' }), jose.JoseInvalidOptions, OPTIONS);
    expect(() => jose.base64url.encode(fake as never)).toThrow(jose.JoseError);
  });

  it('a Proxy header value cannot show the checks one value and the signer another', async () => {
    let reads = 0;
    const ext = new Proxy({ a: 'x' }, { get: (t, k) => (k === 'a' && ++reads > 1 ? '\ud800' : (t as Record<string | symbol, unknown>)[k]) });
    const token = await jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { ext } });
    expect(jose.decodeHeader(token).ext).toEqual({ a: 'x' });
  });

  it('verify refuses escaped lone surrogates that sign refuses, in headers and claims', async () => {
    const header = b64('{"alg":"HS256","x":"\\ud800"}');
    const input = `${header}.${b64('{"exp":4102444800}')}`;
    await rejects(jose.verifyJwt(`${input}.${await hmac(input)}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwsInvalid, INVALID, /unpaired surrogate/);
    const claims = `${b64('{"alg":"HS256"}')}.${b64('{"exp":4102444800,"sub":"\\udfff"}')}`;
    await rejects(jose.verifyJwt(`${claims}.${await hmac(claims)}`, hs.verifyKey, { algorithms: ['HS256'] }), jose.JwtInvalid, 'ERR_JWT_INVALID', /unpaired surrogate/);
    // A pair of escapes is one character, and fine.
    const pair = `${b64('{"alg":"HS256"}')}.${b64('{"exp":4102444800,"sub":"\\ud83d\\ude00"}')}`;
    expect((await jose.verifyJwt(`${pair}.${await hmac(pair)}`, hs.verifyKey, { algorithms: ['HS256'] })).payload.sub).toBe('\ud83d\ude00');
  });

  it('misspelt options are refused by every function, with the closest name', async () => {
    const token = await jose.signCompact('x', hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyCompact(token, hs.verifyKey, { algorithms: ['HS256'], audience: 'api' } as never), jose.JoseInvalidOptions, OPTIONS, /unknown option "audience"/);
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', expiresIn: 60 } as never), jose.JoseInvalidOptions, OPTIONS);
    await rejects(jose.verifyCompact(token, hs.verifyKey, { algorithms: ['HS256'], detachedpayload: 'x' } as never), jose.JoseInvalidOptions, OPTIONS, /did you mean "detachedPayload"/);
    await rejects(async () => jose.createLocalJwks({ keys: [] }, { allowSymetric: true } as never), jose.JoseInvalidOptions, OPTIONS, /did you mean "allowSymmetric"/);
    expect(() => jose.decodeJwt(token, { maxTokenLenght: 1 } as never)).toThrow(/did you mean "maxTokenLength"/);
  });
});
