// Attacks on the token's structure and on the JSON serialisations: oversized tokens, deep
// nesting, polyglot and JSON-serialised tokens given to the compact verifier, detached payloads
// changed while verification runs, one signature counted twice, crit smuggled through the
// unprotected header, and lone surrogates in unencoded payloads.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { HS, OPTIONS, INVALID, SIG_FAILED, CLAIMS, NOW, b64, compact, guardPrototype, hmac256, keys, rejects, utf8, type Keys } from './support.js';

guardPrototype();
let k: Keys;
beforeAll(async () => {
  k = await keys();
});

const hs = (header: string | object, payload: string | object = CLAIMS) => compact(header, payload, (i) => hmac256(k.secret, i));

describe('size and depth', () => {
  it('a token over the default maxTokenLength (64 KiB) is refused before any decoding', async () => {
    const token = hs({ alg: 'HS256' }, { ...CLAIMS, pad: 'x'.repeat(70_000) });
    await rejects(jose.verifyJwt(token, k.secret, HS), ...INVALID, /maxTokenLength/);
    await rejects(() => jose.decodeJwt(token), ...INVALID);
  });
  it('a lower maxTokenLength is honoured by every verifier', async () => {
    const token = hs({ alg: 'HS256' });
    await rejects(jose.verifyJwt(token, k.secret, { ...HS, maxTokenLength: 50 }), ...INVALID);
    await rejects(jose.verifyCompact(token, k.secret, { algorithms: ['HS256'], maxTokenLength: 50 }), ...INVALID);
    const flat = await jose.signFlattened('x'.repeat(100), k.secret, { alg: 'HS256' });
    await rejects(jose.verifyFlattened(flat, k.secret, { algorithms: ['HS256'], maxTokenLength: 50 }), ...INVALID);
  });
  it('deeply nested claims (20 000 levels, validly signed) are refused without a stack overflow', async () => {
    const deep = `{"sub":"a","exp":${CLAIMS.exp},"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    await rejects(jose.verifyJwt(hs({ alg: 'HS256' }, deep), k.secret, HS), jose.JwtInvalid, 'ERR_JWT_INVALID', /deep/);
    await rejects(() => jose.decodeJwt(hs({ alg: 'HS256' }, deep)), jose.JwtInvalid, 'ERR_JWT_INVALID');
  });
  it('a deeply nested header is refused', async () => {
    const deep = `{"alg":"HS256","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    await rejects(jose.verifyJwt(hs(deep), k.secret, HS), ...INVALID, /deep/);
  });
  it('nesting a million levels deep, with the length limit raised, is still a clean refusal', async () => {
    const deep = `{"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const token = hs({ alg: 'HS256' }, deep);
    await rejects(jose.verifyCompact(hs(deep, 'x'), k.secret, { algorithms: ['HS256'], maxTokenLength: 10_000_000 }), ...INVALID);
    await rejects(jose.verifyJwt(token, k.secret, { ...HS, maxTokenLength: 10_000_000 }), jose.JwtInvalid, 'ERR_JWT_INVALID');
  });
  it('deeply nested claims on the signing side are refused, not a RangeError', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    await rejects(jose.signJwt({ sub: 'a', deep }, k.secret, { alg: 'HS256', expiresIn: 60 }), jose.JwtInvalid, 'ERR_JWT_INVALID');
  });
});

describe('polyglot and JSON-serialised tokens given to the compact verifiers', () => {
  it('a flattened JWS as a JSON string is not a compact token', async () => {
    const flat = await jose.signFlattened(JSON.stringify(CLAIMS), k.secret, { alg: 'HS256' });
    await rejects(jose.verifyCompact(JSON.stringify(flat), k.secret, { algorithms: ['HS256'] }), ...INVALID);
    await rejects(jose.verifyJwt(JSON.stringify(flat), k.secret, HS), ...INVALID);
  });
  it('a flattened JWS object is not a compact token', async () => {
    const flat = await jose.signFlattened(JSON.stringify(CLAIMS), k.secret, { alg: 'HS256' });
    await rejects(jose.verifyCompact(flat as never, k.secret, { algorithms: ['HS256'] }), ...INVALID);
    await rejects(jose.verifyJwt(flat as never, k.secret, HS), ...INVALID);
  });
  it('a JSON/compact polyglot (valid header.payload. inside a JSON key, forged payload in the JSON) is refused', async () => {
    const good = hs({ alg: 'HS256' });
    const [h, p, s] = good.split('.');
    const forged = b64(JSON.stringify({ ...CLAIMS, sub: 'admin' }));
    const polyglot = `{"  ${h}.${p}.":"","protected":"${h}","payload":"${forged}","signature":"${s}"}`;
    await rejects(jose.verifyJwt(polyglot, k.secret, HS), ...INVALID);
    await rejects(jose.verifyCompact(polyglot, k.secret, { algorithms: ['HS256'] }), ...INVALID);
  });
  it('a general JWS given to verifyFlattened, and a flattened one given to verifyGeneral, are refused', async () => {
    const general = await jose.signGeneral('x', [{ key: k.secret, alg: 'HS256' }]);
    const flat = await jose.signFlattened('x', k.secret, { alg: 'HS256' });
    await rejects(jose.verifyFlattened(general as never, k.secret, { algorithms: ['HS256'] }), ...INVALID);
    await rejects(jose.verifyGeneral(flat as never, k.secret, { algorithms: ['HS256'] }), ...INVALID);
  });
  it('extra segments, or a Uint8Array token, are refused', async () => {
    const good = hs({ alg: 'HS256' });
    await rejects(jose.verifyJwt(`${good}.${good.split('.')[2]}`, k.secret, HS), ...INVALID);
    await rejects(jose.verifyJwt(utf8(good) as never, k.secret, HS), ...INVALID);
  });
});

describe('detached payloads cannot change while verification runs', () => {
  const signed = utf8('transfer 10 EUR to alice');
  const forged = utf8('transfer 99 EUR to mallo');
  it('compact: a forged payload that the resolver swaps for the signed one before the signature check fails', async () => {
    const token = await jose.signCompact(signed, k.secret, { alg: 'HS256', detached: true });
    const buffer = forged.slice();
    const resolver = () => (buffer.set(signed), k.secret);
    await rejects(jose.verifyCompact(token, resolver, { algorithms: ['HS256'], detachedPayload: buffer }), ...SIG_FAILED);
  });
  it('compact: the returned payload is the one that was verified, not the caller\'s buffer after a change', async () => {
    const token = await jose.signCompact(signed, k.secret, { alg: 'HS256', detached: true });
    const buffer = signed.slice();
    const resolver = () => (buffer.set(forged), k.secret);
    const { payload } = await jose.verifyCompact(token, resolver, { algorithms: ['HS256'], detachedPayload: buffer });
    expect(new TextDecoder().decode(payload)).toBe('transfer 10 EUR to alice');
  });
  it('flattened: a payload swapped by the resolver is not the one verified', async () => {
    const { payload: _omitted, ...jws } = await jose.signFlattened(signed, k.secret, { alg: 'HS256' });
    const buffer = forged.slice();
    const resolver = () => (buffer.set(signed), k.secret);
    await rejects(jose.verifyFlattened(jws as jose.FlattenedJws, resolver, { algorithms: ['HS256'], detachedPayload: buffer }), ...SIG_FAILED);
  });
  it('general: a payload swapped by the first resolver call is not used for the next signature', async () => {
    const { payload: _omitted, ...jws } = await jose.signGeneral(signed, [
      { key: k.secret, alg: 'HS256', protectedHeader: { kid: 'first' } },
      { key: k.secret, alg: 'HS256', protectedHeader: { kid: 'second' } },
    ]);
    const buffer = forged.slice();
    const resolver = () => (buffer.set(signed), k.secret);
    await rejects(jose.verifyGeneral(jws as jose.GeneralJws, resolver, { algorithms: ['HS256'], detachedPayload: buffer, policy: 'any' }), ...SIG_FAILED);
  });
});

describe('general JWS signature policies count keys, not entries', () => {
  it('the same signature listed twice does not satisfy { atLeast: 2 }', async () => {
    const jws = await jose.signGeneral('pay', [{ key: k.es256.privateKey, alg: 'ES256' }]);
    const doubled = { payload: jws.payload, signatures: [jws.signatures[0]!, { ...jws.signatures[0]! }] };
    await rejects(jose.verifyGeneral(doubled, k.es256.publicKey, { algorithms: ['ES256'], policy: { atLeast: 2 } }), ...SIG_FAILED);
  });
  it('two different signatures by the same key (kid a, kid b) do not satisfy { atLeast: 2 }', async () => {
    const jws = await jose.signGeneral('pay', [
      { key: k.es256.privateKey, alg: 'ES256', protectedHeader: { kid: 'a' } },
      { key: k.es256.privateKey, alg: 'ES256', protectedHeader: { kid: 'b' } },
    ]);
    await rejects(jose.verifyGeneral(jws, k.es256.publicKey, { algorithms: ['ES256'], policy: { atLeast: 2 } }), ...SIG_FAILED);
    // The same key material returned as two separate JWK objects is still one key.
    const resolver = () => ({ ...k.es256.publicJwk });
    await rejects(jose.verifyGeneral(jws, resolver, { algorithms: ['ES256'], policy: { atLeast: 2 } }), ...SIG_FAILED);
  });
  it('fewer signatures than atLeast is a clean verification failure, not an options error', async () => {
    const jws = await jose.signGeneral('pay', [{ key: k.secret, alg: 'HS256' }, { key: k.es256.privateKey, alg: 'ES256' }]);
    const resolver = (h: jose.JoseHeader) => (h.alg === 'HS256' ? k.secret : k.es256.publicKey);
    await rejects(jose.verifyGeneral(jws, resolver, { algorithms: ['HS256', 'ES256'], policy: { atLeast: 3 } }), ...SIG_FAILED);
  });
});

describe('JSON serialisations: crit and b64 come from the protected header only', () => {
  it('a crit extension whose value sits in the unprotected header is refused', async () => {
    const protectedB64 = b64(JSON.stringify({ alg: 'HS256', crit: ['x-policy'] }));
    const payload = b64('x');
    const jws = { protected: protectedB64, header: { 'x-policy': 'allow-all' }, payload, signature: b64(hmac256(k.secret, `${protectedB64}.${payload}`)) };
    await rejects(jose.verifyFlattened(jws, k.secret, { algorithms: ['HS256'], crit: ['x-policy'] }), ...INVALID);
    await rejects(jose.verifyGeneral({ payload, signatures: [{ protected: jws.protected, header: jws.header, signature: jws.signature }] }, k.secret, { algorithms: ['HS256'], crit: ['x-policy'], policy: 'all' }), ...INVALID);
  });
  it('crit itself in the unprotected header is refused', async () => {
    const protectedB64 = b64(JSON.stringify({ alg: 'HS256' }));
    const payload = b64('x');
    const jws = { protected: protectedB64, header: { crit: ['x-policy'], 'x-policy': 1 }, payload, signature: b64(hmac256(k.secret, `${protectedB64}.${payload}`)) };
    await rejects(jose.verifyFlattened(jws, k.secret, { algorithms: ['HS256'], crit: ['x-policy'] }), ...INVALID);
  });
  it('b64: false in the unprotected header is refused', async () => {
    const protectedB64 = b64(JSON.stringify({ alg: 'HS256', crit: ['b64'] }));
    const jws = { protected: protectedB64, header: { b64: false }, payload: 'x', signature: b64(hmac256(k.secret, `${protectedB64}.x`)) };
    await rejects(jose.verifyFlattened(jws, k.secret, { algorithms: ['HS256'] }), ...INVALID);
  });
  it('the crit option on signFlattened cannot point at an unprotected member', async () => {
    await rejects(jose.signFlattened('x', k.secret, { alg: 'HS256', protectedHeader: { crit: ['x-policy'] }, unprotectedHeader: { 'x-policy': 1 } }), ...OPTIONS);
  });
});

describe('lone surrogates in unencoded (b64: false) payloads', () => {
  it('signing "\\ud800" unencoded is refused (UTF-8 cannot carry it)', async () => {
    await rejects(jose.signFlattened('\ud800', k.secret, { alg: 'HS256', b64: false }), ...OPTIONS);
    await rejects(jose.signCompact('\ud800', k.secret, { alg: 'HS256', b64: false, detached: true }), ...OPTIONS);
  });
  it('a signature over U+FFFD does not verify a payload presented as "\\udfff"', async () => {
    // TextEncoder turns any lone surrogate into U+FFFD (EF BF BD): a signature over "\ud800" (or
    // over "\ufffd") would otherwise verify "\udfff".
    const jws = await jose.signFlattened('\ufffd', k.secret, { alg: 'HS256', b64: false });
    await rejects(jose.verifyFlattened({ ...jws, payload: '\udfff' }, k.secret, { algorithms: ['HS256'] }), ...INVALID);
  });
});
