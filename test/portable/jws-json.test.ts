// JWS JSON Serialization (RFC 7515 §7.2): flattened and general forms, their vectors, header
// rules, policies and every input rejection.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import a6 from '../../vectors/rfc/rfc7515-A6.json';
import a7 from '../../vectors/rfc/rfc7515-A7.json';
import u42 from '../../vectors/rfc/rfc7797-4.2.json';
import c41 from '../../vectors/rfc7520/jws/4_1.rsa_v15_signature.json';
import c42 from '../../vectors/rfc7520/jws/4_2.rsa-pss_signature.json';
import c43 from '../../vectors/rfc7520/jws/4_3.ecdsa_signature.json';
import c44 from '../../vectors/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json';
import c45 from '../../vectors/rfc7520/jws/4_5.signature_with_detached_content.json';
import c46 from '../../vectors/rfc7520/jws/4_6.protecting_specific_header_fields.json';
import c47 from '../../vectors/rfc7520/jws/4_7.protecting_content_only.json';
import c48 from '../../vectors/rfc7520/jws/4_8.multiple_signatures.json';
import ecPublic from '../../vectors/rfc7520/jwk/3_1.ec_public_key.json';
import rsaPublic from '../../vectors/rfc7520/jwk/3_3.rsa_public_key.json';
import rsaPrivate from '../../vectors/rfc7520/jwk/3_4.rsa_private_key.json';
import hmacKey from '../../vectors/rfc7520/jwk/3_5.symmetric_key_mac_computation.json';
import { keysFor, rejects, text, type KeyPairFor } from './support.js';

const PAYLOAD = c41.input.payload;
type Cookbook = { output: { json: jose.GeneralJws; json_flat?: jose.FlattenedJws } };

describe('RFC 7520 §4 JSON forms', () => {
  const cases: Array<[string, Cookbook, jose.JwsAlgorithm, jose.Jwk, jose.Jwk?]> = [
    ['4.1 RS256', c41 as Cookbook, 'RS256', rsaPublic as jose.Jwk, rsaPrivate as jose.Jwk],
    ['4.2 PS384', c42 as Cookbook, 'PS384', rsaPublic as jose.Jwk],
    ['4.3 ES512', c43 as Cookbook, 'ES512', ecPublic as jose.Jwk],
    ['4.4 HS256', c44 as Cookbook, 'HS256', hmacKey as jose.Jwk, hmacKey as jose.Jwk],
  ];
  for (const [name, vector, alg, verifyKey, signKey] of cases) {
    it(`${name}: general and flattened forms verify`, async () => {
      const general = await jose.verifyGeneral(vector.output.json, verifyKey, { algorithms: [alg] });
      expect(text(general.payload)).toBe(PAYLOAD);
      expect(general.signatures).toHaveLength(1);
      expect(general.signatures[0]!.verified).toBe(true);
      const flat = await jose.verifyFlattened(vector.output.json_flat!, verifyKey, { algorithms: [alg] });
      expect(text(flat.payload)).toBe(PAYLOAD);
      expect(flat.unprotectedHeader).toBeUndefined();
    });
    if (signKey) {
      it(`${name}: re-signs byte for byte`, async () => {
        const protectedHeader = JSON.parse(text(jose.base64url.decode(vector.output.json_flat!.protected!)));
        const flat = await jose.signFlattened(PAYLOAD, signKey, { alg, protectedHeader });
        expect(flat).toEqual(vector.output.json_flat);
        const general = await jose.signGeneral(PAYLOAD, [{ key: signKey, alg, protectedHeader }]);
        expect(general).toEqual(vector.output.json);
      });
    }
  }
  it('4.5 detached content: re-signs and verifies with detachedPayload', async () => {
    const protectedHeader = { alg: 'HS256', kid: hmacKey.kid };
    const flat = await jose.signFlattened(PAYLOAD, hmacKey as jose.Jwk, { alg: 'HS256', protectedHeader, detached: true });
    expect(flat).toEqual(c45.output.json_flat);
    const general = await jose.signGeneral(PAYLOAD, [{ key: hmacKey as jose.Jwk, alg: 'HS256', protectedHeader }], { detached: true });
    expect(general).toEqual(c45.output.json);
    const verified = await jose.verifyFlattened(c45.output.json_flat as jose.FlattenedJws, hmacKey as jose.Jwk, { algorithms: ['HS256'], detachedPayload: PAYLOAD });
    expect(text(verified.payload)).toBe(PAYLOAD);
    await rejects(jose.verifyFlattened(c45.output.json_flat as jose.FlattenedJws, hmacKey as jose.Jwk, { algorithms: ['HS256'] }), jose.JwsInvalid, 'ERR_JWS_INVALID', /detachedPayload/);
    await rejects(jose.verifyGeneral(c45.output.json as jose.GeneralJws, hmacKey as jose.Jwk, { algorithms: ['HS256'], detachedPayload: `${PAYLOAD}.` }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
  it('4.6 protecting specific header fields: kid unprotected', async () => {
    const flat = await jose.signFlattened(PAYLOAD, hmacKey as jose.Jwk, { alg: 'HS256', unprotectedHeader: { kid: hmacKey.kid } });
    expect(flat).toEqual(c46.output.json_flat);
    const { header, protectedHeader, unprotectedHeader } = await jose.verifyFlattened(c46.output.json_flat as jose.FlattenedJws, hmacKey as jose.Jwk, { algorithms: ['HS256'] });
    expect(header).toEqual({ alg: 'HS256', kid: hmacKey.kid });
    expect(protectedHeader).toEqual({ alg: 'HS256' });
    expect(unprotectedHeader).toEqual({ kid: hmacKey.kid });
  });
  it('4.7 protecting content only: alg unprotected, still pinned', async () => {
    const flat = await jose.signFlattened(PAYLOAD, hmacKey as jose.Jwk, { alg: 'HS256', unprotectedHeader: { alg: 'HS256', kid: hmacKey.kid } });
    expect(flat).toEqual(c47.output.json_flat);
    expect(flat.protected).toBeUndefined();
    const { header } = await jose.verifyFlattened(c47.output.json_flat as jose.FlattenedJws, hmacKey as jose.Jwk, { algorithms: ['HS256'] });
    expect(header.alg).toBe('HS256');
    await rejects(jose.verifyFlattened(c47.output.json_flat as jose.FlattenedJws, hmacKey as jose.Jwk, { algorithms: ['HS512'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
  it('4.8 multiple signatures: RS256 and HS256 re-sign byte for byte; all three verify', async () => {
    const [rsa, ec, oct] = c48.input.key as jose.Jwk[];
    const signed = await jose.signGeneral(PAYLOAD, [
      { key: rsa!, alg: 'RS256', unprotectedHeader: { kid: rsa!.kid } },
      { key: ec!, alg: 'ES512', unprotectedHeader: { alg: 'ES512', kid: ec!.kid } },
      { key: oct!, alg: 'HS256', protectedHeader: { alg: 'HS256', kid: oct!.kid } },
    ]);
    const expected = c48.output.json as jose.GeneralJws;
    expect(signed.payload).toBe(expected.payload);
    expect(signed.signatures[0]).toEqual(expected.signatures[0]);
    expect(signed.signatures[1]!.header).toEqual(expected.signatures[1]!.header);
    expect(signed.signatures[1]!.protected).toBeUndefined();
    expect(signed.signatures[2]).toEqual(expected.signatures[2]);

    const publicOf = (jwk: jose.Jwk) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(k))) as jose.Jwk;
    const seen: string[] = [];
    const resolver: jose.KeyResolver<jose.GeneralJws> = (header) => {
      seen.push(String(header.alg));
      return header.alg === 'RS256' ? publicOf(rsa!) : header.alg === 'ES512' ? publicOf(ec!) : oct!;
    };
    for (const jws of [expected, signed]) {
      seen.length = 0;
      const result = await jose.verifyGeneral(jws, resolver, { algorithms: ['RS256', 'ES512', 'HS256'], policy: 'all' });
      expect(text(result.payload)).toBe(PAYLOAD);
      expect(result.signatures.map((s) => s.verified)).toEqual([true, true, true]);
      expect(result.signatures.map((s) => s.key?.algorithm.name)).toEqual(['RSASSA-PKCS1-v1_5', 'ECDSA', 'HMAC']);
      expect(seen).toEqual(['RS256', 'ES512', 'HS256']);
    }
  });
});

describe('RFC 7515 A.6 and A.7', () => {
  it('A.6 general: both signatures verify, RS256 re-signs byte for byte', async () => {
    const [rsaKey, ecKey] = a6.keys.map((k) => k.jwk as jose.Jwk);
    const jws = a6.jsonGeneral as jose.GeneralJws;
    const result = await jose.verifyGeneral(jws, (h) => (h.kid === a6.keys[0]!.kid ? rsaKey! : ecKey!), { algorithms: ['RS256', 'ES256'], policy: 'all' });
    expect(text(result.payload)).toBe(a6.payload);
    expect(result.signatures.map((s) => s.header.kid)).toEqual(a6.keys.map((k) => k.kid));
    const resigned = await jose.signGeneral(a6.payload, [{ key: rsaKey!, alg: 'RS256', unprotectedHeader: { kid: a6.keys[0]!.kid } }]);
    expect(resigned.signatures[0]).toEqual(jws.signatures[0]);
  });
  it('A.7 flattened verifies', async () => {
    const result = await jose.verifyFlattened(a7.jsonFlattened as jose.FlattenedJws, a7.jwk as jose.Jwk, { algorithms: ['ES256'] });
    expect(text(result.payload)).toBe(a7.payload);
    expect(result.header).toEqual({ alg: 'ES256', kid: a7.kid });
  });
});

describe('RFC 7797 §4.2 unencoded payload, flattened', () => {
  it('re-signs byte for byte with the header in RFC order, and verifies', async () => {
    const flat = await jose.signFlattened(u42.payload, u42.jwk as jose.Jwk, { alg: 'HS256', protectedHeader: JSON.parse(u42.protectedHeader) });
    expect(flat).toEqual(u42.jsonFlattened);
    const { payload, header } = await jose.verifyFlattened(u42.jsonFlattened as jose.FlattenedJws, u42.jwk as jose.Jwk, { algorithms: ['HS256'] });
    expect(text(payload)).toBe('$.02');
    expect(header.b64).toBe(false);
  });
  it('the b64 option adds b64 and crit', async () => {
    const flat = await jose.signFlattened('$.02', u42.jwk as jose.Jwk, { alg: 'HS256', b64: false });
    expect(flat.payload).toBe('$.02');
    expect(JSON.parse(text(jose.base64url.decode(flat.protected!)))).toEqual({ alg: 'HS256', b64: false, crit: ['b64'] });
    expect(flat.signature).toBe(u42.signature);
  });
});

describe('header rules', () => {
  let hs: KeyPairFor;
  const HS: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['HS256'] };
  const b64json = (v: unknown) => jose.base64url.encode(JSON.stringify(v));
  beforeAll(async () => {
    hs = await keysFor('HS256');
  });
  it('a name in both the protected and the unprotected header is refused', async () => {
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { kid: 'a' } });
    await rejects(jose.verifyFlattened({ ...flat, header: { kid: 'b' } }, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /"kid" is in both/);
    await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { kid: 'a' }, unprotectedHeader: { kid: 'a' } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /both/);
  });
  it('crit only in the protected header', async () => {
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyFlattened({ ...flat, header: { crit: ['exp'], exp: 1 } }, hs.verifyKey, { ...HS, crit: ['exp'] }), jose.JwsInvalid, 'ERR_JWS_INVALID', /protected/);
    await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { crit: ['exp'], exp: 1 } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
  it('b64 only in the protected header', async () => {
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyFlattened({ ...flat, header: { b64: false } }, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /b64/);
  });
  it('an unprotected alg is pinned like a protected one', async () => {
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { alg: 'HS256' } });
    await rejects(jose.verifyFlattened(flat, hs.verifyKey, { algorithms: ['ES256'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
    // An attacker cannot add "none" in the unprotected header next to a protected alg.
    const signed = await jose.signFlattened('x', hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyFlattened({ ...signed, header: { alg: 'none' } }, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /both/);
  });
  it('the alg option must agree with an alg in the headers', async () => {
    await rejects(jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader: { alg: 'HS512' } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /HS512/);
  });
  it('b64 must be the same across the signatures of one general JWS', async () => {
    await rejects(
      jose.signGeneral('x', [
        { key: hs.signKey, alg: 'HS256', b64: false },
        { key: hs.signKey, alg: 'HS256' },
      ]),
      jose.JoseInvalidOptions,
      'ERR_JOSE_INVALID_OPTIONS',
      /same b64/,
    );
    const unencoded = await jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256', b64: false }]);
    const encoded = await jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256' }]);
    const mixed = { payload: unencoded.payload, signatures: [unencoded.signatures[0]!, encoded.signatures[0]!] };
    await rejects(jose.verifyGeneral(mixed, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /disagree on "b64"/);
  });
  it('an extension in crit needs the crit option on verify', async () => {
    const protectedHeader = { 'urn:example:purpose': 'audit', crit: ['urn:example:purpose'] };
    const flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', protectedHeader });
    await rejects(jose.verifyFlattened(flat, hs.verifyKey, HS), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /urn:example:purpose/);
    const ok = await jose.verifyFlattened(flat, hs.verifyKey, { ...HS, crit: ['urn:example:purpose'] });
    expect(ok.protectedHeader).toEqual({ alg: 'HS256', 'urn:example:purpose': 'audit', crit: ['urn:example:purpose'] });
    expect(b64json(ok.protectedHeader)).toBe(flat.protected);
  });
});

describe('input validation', () => {
  let hs: KeyPairFor;
  let flat: jose.FlattenedJws;
  let general: jose.GeneralJws;
  const HS: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['HS256'] };
  beforeAll(async () => {
    hs = await keysFor('HS256');
    flat = await jose.signFlattened('x', hs.signKey, { alg: 'HS256', unprotectedHeader: { kid: 'k' } });
    general = await jose.signGeneral('x', [{ key: hs.signKey, alg: 'HS256' }]);
  });
  const invalidFlat: Array<[string, (f: jose.FlattenedJws) => unknown, RegExp]> = [
    ['not an object', () => 'a.b.c', /must be a JSON object/],
    ['an array', () => [], /must be a JSON object/],
    ['signature missing', ({ signature: _s, ...rest }) => rest, /"signature" must be a string/],
    ['signature not a string', (f) => ({ ...f, signature: 1 }), /"signature" must be a string/],
    ['protected not a string', (f) => ({ ...f, protected: {} }), /"protected" must be/],
    ['protected empty', (f) => ({ ...f, protected: '' }), /"protected" is empty/],
    ['header not an object', (f) => ({ ...f, header: 'kid' }), /"header" must be a JSON object/],
    ['payload not a string', (f) => ({ ...f, payload: 1 }), /"payload" must be a string/],
    ['no headers at all', ({ protected: _p, header: _h, ...rest }) => rest, /neither "protected" nor "header"/],
    ['an unknown member', (f) => ({ ...f, extra: true }), /unknown member "extra"/],
    ['both signatures and signature', (f) => ({ ...f, signatures: [] }), /unknown member "signatures".*verifyGeneral/],
    ['a non-canonical signature', (f) => ({ ...f, signature: `${f.signature}=` }), /signature is not canonical/],
    ['a non-canonical payload', (f) => ({ ...f, payload: 'eA=' }), /payload is not canonical/],
  ];
  for (const [name, change, message] of invalidFlat) {
    it(`flattened: ${name}`, async () => {
      await rejects(jose.verifyFlattened(change(flat) as jose.FlattenedJws, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', message);
    });
  }
  const invalidGeneral: Array<[string, (g: jose.GeneralJws) => unknown, RegExp]> = [
    ['signatures missing', ({ payload }) => ({ payload }), /"signatures" must be a non-empty array/],
    ['signatures empty', (g) => ({ ...g, signatures: [] }), /"signatures" must be a non-empty array/],
    ['signatures not an array', (g) => ({ ...g, signatures: {} }), /"signatures" must be a non-empty array/],
    ['a signature that is not an object', (g) => ({ ...g, signatures: ['x'] }), /signature 1 must be a JSON object/],
    ['both signatures and signature', (g) => ({ ...g, signature: g.signatures[0]!.signature }), /unknown member "signature".*verifyFlattened/],
    ['an unknown member in a signature', (g) => ({ ...g, signatures: [{ ...g.signatures[0]!, extra: 1 }] }), /unknown member "extra" in signature 1/],
    ['an unknown top-level member', (g) => ({ ...g, protected: 'x' }), /unknown member "protected"/],
  ];
  for (const [name, change, message] of invalidGeneral) {
    it(`general: ${name}`, async () => {
      await rejects(jose.verifyGeneral(change(general) as jose.GeneralJws, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', message);
    });
  }
  it('a JWS over maxTokenLength is refused', async () => {
    await rejects(jose.verifyFlattened(flat, hs.verifyKey, { ...HS, maxTokenLength: 20 }), jose.JwsInvalid, 'ERR_JWS_INVALID', /over maxTokenLength 20/);
  });
  it('a tampered payload or unprotected-only change is detected where it is signed', async () => {
    await rejects(jose.verifyFlattened({ ...flat, payload: 'eQ' }, hs.verifyKey, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    // The unprotected header is not signed: changing kid does not break the signature (RFC 7515 §7.2.1).
    const moved = await jose.verifyFlattened({ ...flat, header: { kid: 'other' } }, hs.verifyKey, HS);
    expect(moved.header.kid).toBe('other');
  });
  it('policy option is validated', async () => {
    for (const policy of [{ atLeast: 0 }, { atLeast: 1.5 }, 'some', {}]) {
      await rejects(jose.verifyGeneral(general, hs.verifyKey, { ...HS, policy: policy as never }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    }
  });
  it('signGeneral needs signers', async () => {
    await rejects(jose.signGeneral('x', []), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    await rejects(jose.signGeneral('x', [null as never]), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
});

describe('general JWS policies', () => {
  let es: KeyPairFor;
  let ed: KeyPairFor;
  let hs: KeyPairFor;
  let jws: jose.GeneralJws;
  const resolver = (header: jose.JoseHeader) => (header.kid === 'es' ? es.verifyKey : header.kid === 'ed' ? ed.verifyKey : hs.verifyKey);
  const ALL: jose.JwsAlgorithm[] = ['ES256', 'EdDSA', 'HS256'];
  beforeAll(async () => {
    [es, ed, hs] = await Promise.all([keysFor('ES256'), keysFor('EdDSA'), keysFor('HS256')]);
    jws = await jose.signGeneral('contract v1', [
      { key: es.signKey, alg: 'ES256', unprotectedHeader: { kid: 'es' } },
      { key: ed.signKey, alg: 'EdDSA', unprotectedHeader: { kid: 'ed' } },
      { key: hs.signKey, alg: 'HS256', unprotectedHeader: { kid: 'hs' } },
    ]);
  });
  const broken = (index: number) => ({
    ...jws,
    signatures: jws.signatures.map((s, i) => (i === index ? { ...s, signature: s.signature.startsWith('A') ? `B${s.signature.slice(1)}` : `A${s.signature.slice(1)}` } : s)),
  });
  it('"any" (default) stops at the first signature that verifies', async () => {
    let calls = 0;
    const result = await jose.verifyGeneral(jws, (h) => (calls++, resolver(h)), { algorithms: ALL });
    expect(calls).toBe(1);
    expect(result.signatures).toHaveLength(1);
    expect(result.signatures[0]).toMatchObject({ index: 0, verified: true });
    expect(text(result.payload)).toBe('contract v1');
  });
  it('"any" skips signatures that fail or whose alg is not allowed', async () => {
    const result = await jose.verifyGeneral(broken(0), resolver, { algorithms: ['ES256', 'HS256'] });
    expect(result.signatures.map((s) => [s.index, s.verified, s.error?.code])).toEqual([
      [0, false, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      [1, false, 'ERR_JOSE_ALG_NOT_ALLOWED'],
      [2, true, undefined],
    ]);
  });
  it('"all" needs every signature', async () => {
    const ok = await jose.verifyGeneral(jws, resolver, { algorithms: ALL, policy: 'all' });
    expect(ok.signatures.every((s) => s.verified && s.key)).toBe(true);
    await rejects(jose.verifyGeneral(broken(1), resolver, { algorithms: ALL, policy: 'all' }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /policy "all" needs 3 verified signatures of 3, got 1 \(signature 2:/);
    await rejects(jose.verifyGeneral(jws, resolver, { algorithms: ['ES256', 'EdDSA'], policy: 'all' }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /signature 3: check header: header alg "HS256" is not in the allowed/);
  });
  it('{ atLeast: n } needs n signatures', async () => {
    const ok = await jose.verifyGeneral(broken(0), resolver, { algorithms: ALL, policy: { atLeast: 2 } });
    expect(ok.signatures.filter((s) => s.verified)).toHaveLength(2);
    await rejects(jose.verifyGeneral(broken(2), resolver, { algorithms: ALL, policy: { atLeast: 3 } }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /atLeast: 3/);
    await rejects(jose.verifyGeneral(jws, resolver, { algorithms: ALL, policy: { atLeast: 4 } }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /needs 4/);
  });
  it('a single-signature JWS fails with that signature\'s own error', async () => {
    const one = { payload: jws.payload, signatures: [jws.signatures[2]!] };
    await rejects(jose.verifyGeneral(one, resolver, { algorithms: ['ES256'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
  it('the resolver sees each signature\'s own joined header', async () => {
    const kids: unknown[] = [];
    await jose.verifyGeneral(jws, (h) => (kids.push([h.alg, h.kid]), resolver(h)), { algorithms: ALL, policy: 'all' });
    expect(kids).toEqual([['ES256', 'es'], ['EdDSA', 'ed'], ['HS256', 'hs']]);
  });
  it('detached general JWS', async () => {
    const detached = await jose.signGeneral('doc', [{ key: es.signKey, alg: 'ES256' }, { key: ed.signKey, alg: 'EdDSA' }], { detached: true });
    expect(detached.payload).toBeUndefined();
    const result = await jose.verifyGeneral(detached, (h) => (h.alg === 'ES256' ? es.verifyKey : ed.verifyKey), { algorithms: ['ES256', 'EdDSA'], policy: 'all', detachedPayload: 'doc' });
    expect(text(result.payload)).toBe('doc');
  });
});
