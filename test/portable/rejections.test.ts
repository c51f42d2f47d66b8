// Every way a compact JWS can be wrong is refused with the right error class and code.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { bytes, keysFor, rejects, type KeyPairFor } from './support.js';

const b64 = jose.base64url.encode;
const HS: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['HS256'] };
let hs: KeyPairFor;
let es: KeyPairFor;
let good: string;

/** A token with the given header JSON text, signed correctly with the HS256 test key. */
async function withHeader(headerJson: string, payload = 'x'): Promise<string> {
  const input = `${b64(headerJson)}.${b64(payload)}`;
  const key = await crypto.subtle.importKey('jwk', { ...hs.privateJwk, ext: true } as JsonWebKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(input)));
  return `${input}.${b64(sig)}`;
}

beforeAll(async () => {
  hs = await keysFor('HS256');
  es = await keysFor('ES256');
  good = await jose.signCompact('hello', hs.signKey, { alg: 'HS256' });
});

describe('algorithm allowlist', () => {
  it('a token alg outside the allowlist is refused before any key is used', async () => {
    await rejects(jose.verifyCompact(good, hs.verifyKey, { algorithms: ['HS384', 'ES256'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED', /header alg "HS256" is not in the allowed algorithms \["HS384","ES256"\]/);
  });
  for (const spelling of ['none', 'None', 'NONE', 'nOnE']) {
    it(`alg "${spelling}" with an empty signature is refused`, async () => {
      const token = `${b64(JSON.stringify({ alg: spelling }))}.${b64('{}')}.`;
      await rejects(jose.verifyCompact(token, hs.verifyKey, HS), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
      // @ts-expect-error no spelling of "none" is a JwsAlgorithm: the runtime refusal is what is tested
      await rejects(jose.verifyCompact(token, hs.verifyKey, { algorithms: [spelling] }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /none/);
    });
  }
  it('options are required: missing, empty or malformed algorithms', async () => {
    for (const options of [undefined, {}, { algorithms: [] }, { algorithms: 'HS256' }, { algorithms: [42] }]) {
      await rejects(jose.verifyCompact(good, hs.verifyKey, options as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    }
    await rejects(jose.verifyCompact(good, hs.verifyKey, undefined as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /algorithms/);
    await rejects(jose.verifyCompact(good, hs.verifyKey, { algorithms: [] }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /non-empty/);
  });
  it('signing with alg none is refused', async () => {
    // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'none' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /encodeUnsecuredJwt/);
  });
  it('a header without alg, or a non-string alg, is invalid', async () => {
    await rejects(jose.verifyCompact(await withHeader('{"typ":"JWT"}'), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /no "alg"/);
    await rejects(jose.verifyCompact(await withHeader('{"alg":["HS256"]}'), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /no "alg"/);
  });
});

describe('tampering', () => {
  it('a changed payload, header or signature fails', async () => {
    const [h, p, s] = good.split('.');
    await rejects(jose.verifyCompact(`${h}.${b64('hellp')}.${s}`, hs.verifyKey, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /does not match/);
    const h2 = b64('{"alg":"HS256","kid":"x"}');
    await rejects(jose.verifyCompact(`${h2}.${p}.${s}`, hs.verifyKey, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const flipped = s!.startsWith('A') ? `B${s!.slice(1)}` : `A${s!.slice(1)}`;
    await rejects(jose.verifyCompact(`${h}.${p}.${flipped}`, hs.verifyKey, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
  it('a token signed with another key fails', async () => {
    const other = await jose.generateSecret('HS256');
    await rejects(jose.verifyCompact(good, other, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
  it('a truncated HMAC tag fails before the platform is asked', async () => {
    const [h, p, s] = good.split('.');
    const short = b64(jose.base64url.decode(s!).subarray(0, 16));
    await rejects(jose.verifyCompact(`${h}.${p}.${short}`, hs.verifyKey, HS), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /HS256 signatures are 32 bytes, this one is 16/);
  });
});

describe('token structure', () => {
  for (const [token, segments] of [['abc', 1], ['abc.def', 2], ['a.b.c.d', 4], ['a.b.c.d.e', 5]] as const) {
    it(`${segments} segments are refused`, async () => {
      await rejects(jose.verifyCompact(token, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', new RegExp(`${segments === 4 || segments === 5 ? '' : `has ${segments} segment`}`));
    });
  }
  it('4 segments with a valid header name the count', async () => {
    const [h, p, s] = good.split('.');
    await rejects(jose.verifyCompact(`${h}.${p}.${p}.${s}`, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /4 segments/);
  });
  it('a non-string token is refused', async () => {
    for (const token of [undefined, null, 42, {}, bytes(good)]) {
      await rejects(jose.verifyCompact(token as never, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /must be a string/);
    }
  });
  it('a token over maxTokenLength is refused; the limit can be raised', async () => {
    const big = await jose.signCompact('x'.repeat(70_000), hs.signKey, { alg: 'HS256' });
    await rejects(jose.verifyCompact(big, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /over maxTokenLength 65536/);
    const { payload } = await jose.verifyCompact(big, hs.verifyKey, { ...HS, maxTokenLength: 200_000 });
    expect(payload).toHaveLength(70_000);
    await rejects(jose.verifyCompact(good, hs.verifyKey, { ...HS, maxTokenLength: 10 }), jose.JwsInvalid, 'ERR_JWS_INVALID', /over maxTokenLength 10/);
    await rejects(jose.verifyCompact(good, hs.verifyKey, { ...HS, maxTokenLength: -1 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
});

describe('non-canonical base64url in each segment', () => {
  const forms: Array<[string, (segment: string) => string]> = [
    ['padding', (s) => `${s}=`],
    ['a space', (s) => `${s.slice(0, 2)} ${s.slice(2)}`],
    ['a newline', (s) => `${s}\n`],
    ['"+"', (s) => `+${s.slice(1)}`],
    ['"/"', (s) => `/${s.slice(1)}`],
    ['an impossible length', (s) => `${s}${s.length % 4 === 0 ? 'A' : s.length % 4 === 2 ? 'AAA' : 'AA'}`],
  ];
  for (const [index, name] of [[0, 'header'], [1, 'payload'], [2, 'signature']] as const) {
    for (const [form, change] of forms) {
      it(`${name} with ${form}`, async () => {
        const parts = good.split('.');
        parts[index] = change(parts[index]!);
        await rejects(jose.verifyCompact(parts.join('.'), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', new RegExp(`${name} is not canonical base64url`));
      });
    }
  }
  it('non-zero trailing bits in the signature (same bytes, other text) are refused', async () => {
    const [h, p, s] = good.split('.');
    // 32 bytes encode to 43 characters; the last one carries 2 unused bits.
    const last = s!.charCodeAt(s!.length - 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variant = alphabet[alphabet.indexOf(String.fromCharCode(last)) | 1]!;
    await rejects(jose.verifyCompact(`${h}.${p}.${s!.slice(0, -1)}${variant}`, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /unused bits/);
  });
});

describe('protected header content', () => {
  it('a header that is not a JSON object is refused', async () => {
    for (const json of ['[1]', '"HS256"', 'null', '1', '{"alg":"HS256"']) {
      await rejects(jose.verifyCompact(await withHeader(json), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /protected header/);
    }
  });
  it('a header that is not UTF-8 is refused', async () => {
    const token = `${b64(new Uint8Array([0x7b, 0xff, 0x7d]))}.${b64('x')}.AA`;
    await rejects(jose.verifyCompact(token, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /UTF-8/);
  });
  it('duplicate header names are refused (no last-wins)', async () => {
    const token = await withHeader('{"alg":"HS256","alg":"HS256"}');
    await rejects(jose.verifyCompact(token, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /duplicate member name "alg"/);
    const sneaky = await withHeader('{"alg":"HS256","kid":"a","\\u006bid":"b"}');
    await rejects(jose.verifyCompact(sneaky, hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /duplicate member name "kid"/);
  });
  it('a header with whitespace inside the JSON is fine', async () => {
    const token = await withHeader('{ "alg" : "HS256" }');
    expect((await jose.verifyCompact(token, hs.verifyKey, HS)).header.alg).toBe('HS256');
  });
});

describe('crit (RFC 7515 §4.1.11)', () => {
  it('an unknown critical extension is refused; a listed one is accepted', async () => {
    const token = await withHeader('{"alg":"HS256","crit":["exp"],"exp":1}');
    await rejects(jose.verifyCompact(token, hs.verifyKey, HS), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /"exp"/);
    const { header } = await jose.verifyCompact(token, hs.verifyKey, { ...HS, crit: ['exp'] });
    expect(header.crit).toEqual(['exp']);
  });
  const invalid: Array<[string, string, RegExp]> = [
    ['an empty list', '{"alg":"HS256","crit":[]}', /non-empty array/],
    ['not an array', '{"alg":"HS256","crit":"exp","exp":1}', /non-empty array/],
    ['a non-string name', '{"alg":"HS256","crit":[1]}', /non-empty array/],
    ['a name absent from the header', '{"alg":"HS256","crit":["exp"]}', /does not contain/],
    ['a registered name', '{"alg":"HS256","crit":["alg"]}', /registered parameter "alg"/],
    ['a repeated name', '{"alg":"HS256","crit":["exp","exp"],"exp":1}', /twice/],
  ];
  for (const [name, json, message] of invalid) {
    it(`crit with ${name} is refused`, async () => {
      await rejects(jose.verifyCompact(await withHeader(json), hs.verifyKey, { ...HS, crit: ['exp'] }), jose.JwsInvalid, 'ERR_JWS_INVALID', message);
    });
  }
  it('crit option cannot list registered names', async () => {
    await rejects(jose.verifyCompact(good, hs.verifyKey, { ...HS, crit: ['kid'] }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
  it('signCompact writes crit and checks the listed names are present', async () => {
    const token = await jose.signCompact('x', hs.signKey, { alg: 'HS256', crit: ['urn:example'], header: { 'urn:example': true } });
    const { header } = await jose.verifyCompact(token, hs.verifyKey, { ...HS, crit: ['urn:example'] });
    expect(header).toEqual({ alg: 'HS256', crit: ['urn:example'], 'urn:example': true });
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', crit: ['urn:example'] }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /no such member/);
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', crit: ['kid'], kid: 'a' }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /registered/);
  });
});

describe('b64 (RFC 7797)', () => {
  it('b64:false must be listed in crit', async () => {
    await rejects(jose.verifyCompact(await withHeader('{"alg":"HS256","b64":false}'), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /listed in "crit"/);
  });
  it('b64 must be a boolean', async () => {
    await rejects(jose.verifyCompact(await withHeader('{"alg":"HS256","b64":"false","crit":["b64"]}'), hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID', /boolean/);
  });
  it('an unencoded ASCII payload round-trips in compact form', async () => {
    const token = await jose.signCompact('$02 unencoded', hs.signKey, { alg: 'HS256', b64: false });
    expect(token.split('.')[1]).toBe('$02 unencoded');
    const { payload, header } = await jose.verifyCompact(token, hs.verifyKey, HS);
    expect(new TextDecoder().decode(payload)).toBe('$02 unencoded');
    expect(header).toEqual({ alg: 'HS256', crit: ['b64'], b64: false });
  });
  it('an unencoded payload containing "." cannot be compact-serialised inline', async () => {
    await rejects(jose.signCompact('$.02', hs.signKey, { alg: 'HS256', b64: false }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /detached/);
  });
  it('b64 cannot be set through the header option', async () => {
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { b64: false } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS256', header: { alg: 'HS512' } }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
});

describe('detached payloads', () => {
  it('a token that carries a payload is refused when detachedPayload is also given', async () => {
    await rejects(jose.verifyCompact(good, hs.verifyKey, { ...HS, detachedPayload: 'hello' }), jose.JwsInvalid, 'ERR_JWS_INVALID', /carries a payload/);
  });
  it('detached sign/verify round trip with bytes', async () => {
    const content = new Uint8Array([1, 2, 3, 255]);
    const token = await jose.signCompact(content, hs.signKey, { alg: 'HS256', detached: true });
    expect(token.split('.')[1]).toBe('');
    expect((await jose.verifyCompact(token, hs.verifyKey, { ...HS, detachedPayload: content })).payload).toEqual(content);
  });
});

describe('keys bound to algorithms', () => {
  it('a short HMAC secret is refused on sign and on verify', async () => {
    const short = new Uint8Array(31);
    await rejects(jose.signCompact('x', short, { alg: 'HS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /at least 32 bytes.*has 31/);
    await rejects(jose.verifyCompact(good, short, HS), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /at least 32 bytes/);
    await rejects(jose.signCompact('x', new Uint8Array(63), { alg: 'HS512' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /64 bytes/);
    await rejects(jose.importSecret(new Uint8Array(0), 'HS256'), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
  });
  it('a 1024-bit RSA key is refused on sign and on verify', async () => {
    const weak = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    await rejects(jose.signCompact('x', weak.privateKey, { alg: 'RS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /at least 2048 bits; this key has 1024/);
    // A token signed by the weak key outside josekit is still refused on verify.
    const input = `${b64('{"alg":"RS256"}')}.${b64('x')}`;
    const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', weak.privateKey, bytes(input)));
    const token = `${input}.${b64(sig)}`;
    await rejects(jose.verifyCompact(token, weak.publicKey, { algorithms: ['RS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /2048/);
    const jwk = (await crypto.subtle.exportKey('jwk', weak.publicKey)) as jose.Jwk;
    await rejects(jose.verifyCompact(token, jwk, { algorithms: ['RS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /2048/);
  });
  it('an RSA JWK with e = 1 or an even e is refused', async () => {
    const { publicJwk } = await keysFor('RS256');
    const token = await jose.signCompact('x', (await keysFor('RS256')).signKey, { alg: 'RS256' });
    for (const e of ['AQ', 'Ag', 'AAE']) {
      await rejects(jose.verifyCompact(token, { ...publicJwk, e }, { algorithms: ['RS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /exponent/);
    }
  });
  it('key/alg mismatches are refused', async () => {
    const es256 = await jose.signCompact('x', es.signKey, { alg: 'ES256' });
    const rs = await keysFor('RS256');
    // An RSA key for an ES256 token.
    await rejects(jose.verifyCompact(es256, rs.verifyKey, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /RSASSA-PKCS1-v1_5\/SHA-256 key; ES256 needs a ECDSA\/P-256/);
    await rejects(jose.verifyCompact(es256, rs.publicJwk, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /kty "RSA"/);
    // An ES256 key used with ES384.
    await rejects(jose.signCompact('x', es.signKey, { alg: 'ES384' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    // An HMAC CryptoKey (HS256) for HS512, and for RS256: the classic confusion.
    await rejects(jose.signCompact('x', hs.signKey, { alg: 'HS512' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    await rejects(jose.verifyCompact(es256, hs.verifyKey, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    // A public key's bytes as an HMAC secret: the RS256 -> HS256 confusion attack.
    const publicBytes = bytes(JSON.stringify(rs.publicJwk));
    const forged = await jose.signCompact('x', publicBytes, { alg: 'HS256' });
    await rejects(jose.verifyCompact(forged, rs.publicJwk, { algorithms: ['RS256', 'HS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /kty "RSA"; HS256 needs kty "oct"/);
    await rejects(jose.verifyCompact(forged, rs.verifyKey, { algorithms: ['RS256', 'HS256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    // A Uint8Array for an asymmetric alg.
    await rejects(jose.verifyCompact(es256, new Uint8Array(64), { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /only ever an HMAC secret/);
    // A JWK whose alg names another algorithm.
    await rejects(jose.verifyCompact(es256, { ...es.publicJwk, alg: 'ES384' }, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /alg "ES384"/);
    await rejects(jose.verifyCompact(es256, { ...es.publicJwk, use: 'enc' }, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /use "enc"/);
    await rejects(jose.verifyCompact(es256, { ...es.publicJwk, key_ops: ['sign'] }, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /key_ops/);
  });
  it('a string is never a key', async () => {
    await rejects(jose.signCompact('x', 'secret-secret-secret-secret-secret' as never, { alg: 'HS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /never a key/);
    await rejects(jose.verifyCompact(good, '-----BEGIN PUBLIC KEY-----' as never, HS), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID', /never a key/);
  });
  it('other non-keys are refused', async () => {
    for (const key of [null, 42, [], () => 1]) {
      await rejects(jose.signCompact('x', key as never, { alg: 'HS256' }), jose.JoseKeyInvalid, 'ERR_JOSE_KEY_INVALID');
    }
  });
});

describe('ECDSA signature shape (checked before the platform)', () => {
  let token: string;
  let parts: string[];
  beforeAll(async () => {
    token = await jose.signCompact('x', es.signKey, { alg: 'ES256' });
    parts = token.split('.');
  });
  const withSig = (sig: Uint8Array) => `${parts[0]}.${parts[1]}.${b64(sig)}`;
  it('a DER-encoded signature is refused with a hint', async () => {
    const raw = jose.base64url.decode(parts[2]!);
    const int = (x: Uint8Array) => (x[0]! & 0x80 ? [0x02, x.length + 1, 0, ...x] : [0x02, x.length, ...x]);
    const body = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
    const der = new Uint8Array([0x30, body.length, ...body]);
    await rejects(jose.verifyCompact(withSig(der), es.verifyKey, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /DER/);
  });
  it('a signature of the wrong length is refused', async () => {
    const raw = jose.base64url.decode(parts[2]!);
    for (const sig of [raw.subarray(0, 63), new Uint8Array([...raw, 0]), new Uint8Array(0)]) {
      await rejects(jose.verifyCompact(withSig(sig), es.verifyKey, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /64 bytes/);
    }
  });
  it('r = 0, s = 0 (psychic signature) is refused', async () => {
    await rejects(jose.verifyCompact(withSig(new Uint8Array(64)), es.verifyKey, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /r is zero/);
  });
  it('r or s equal to the group order n is refused', async () => {
    const n = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51];
    const raw = jose.base64url.decode(parts[2]!);
    await rejects(jose.verifyCompact(withSig(new Uint8Array([...n, ...raw.subarray(32)])), es.verifyKey, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /r is not below the group order/);
    await rejects(jose.verifyCompact(withSig(new Uint8Array([...raw.subarray(0, 32), ...n])), es.verifyKey, { algorithms: ['ES256'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', /s is not below/);
  });
});

describe('error messages name the step', () => {
  it('step is set and prefixes the message', async () => {
    const err = await rejects(jose.verifyCompact('a.b', hs.verifyKey, HS), jose.JwsInvalid, 'ERR_JWS_INVALID');
    expect(err.step).toBe('split');
    expect(err.message.startsWith('split: ')).toBe(true);
    expect(err.name).toBe('JwsInvalid');
    expect(err).toBeInstanceOf(jose.JoseError);
    expect(err).toBeInstanceOf(Error);
  });
});
