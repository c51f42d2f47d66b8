// Keys and key sets: importX509, JWK thumbprints (RFC 7638 / 8037 / 9278), local JWK Sets,
// embeddedJwk, and the portable part of createRemoteJwks (option checks, and behaviour over a
// fake fetch). Portable: no node: modules, no Buffer, no mocks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import rfc7515A1 from '../../vectors/rfc/rfc7515-A1.json';
import rfc7517A1 from '../../vectors/rfc/rfc7517-A1.json';
import rfc7517A2 from '../../vectors/rfc/rfc7517-A2.json';
import rfc7517A3 from '../../vectors/rfc/rfc7517-A3.json';
import rfc7517B from '../../vectors/rfc/rfc7517-B.json';
import rfc7517C1 from '../../vectors/rfc/rfc7517-C1.json';
import rfc7638 from '../../vectors/rfc/rfc7638-3.1.json';
import rfc8037A3 from '../../vectors/rfc/rfc8037-A3.json';
import rfc9278 from '../../vectors/rfc/rfc9278-example.json';
import { bytes, keysFor, rejects, type KeyPairFor } from './support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const INVALID_OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';
const JWKS_INVALID = 'ERR_JWKS_INVALID';
const NO_MATCH = 'ERR_JWKS_NO_MATCHING_KEY';
const MULTIPLE = 'ERR_JWKS_MULTIPLE_MATCHING_KEYS';

// ---------------------------------------------------------------------------------------------
// Helpers

/** DER bytes in PEM armour with 64-character lines (built here with btoa, not by josekit). */
function pem(der: Uint8Array | number[], label = 'CERTIFICATE'): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  return wrap(btoa(binary), label);
}

function wrap(base64: string, label = 'CERTIFICATE'): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The canonical RFC 7638 JSON built by hand, hashed with WebCrypto directly. */
async function expectedThumbprint(jwk: jose.Jwk, hash = 'SHA-256'): Promise<string> {
  const required: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], RSA: ['e', 'kty', 'n'], oct: ['k', 'kty'] };
  const canonical = `{${required[jwk.kty as string]!.map((name) => `"${name}":"${jwk[name] as string}"`).join(',')}}`;
  return jose.base64url.encode(new Uint8Array(await crypto.subtle.digest(hash, bytes(canonical))));
}

const CERT_B64 = rfc7517B.jwk.x5c[0]!;
const CERT_PEM = wrap(CERT_B64);
const CERT_DER = fromBase64(CERT_B64);

const ES: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['ES256'] };
const jwt = (key: CryptoKey, alg: jose.JwsAlgorithm, kid?: string) =>
  jose.signJwt({ sub: 'user-1' }, key, kid === undefined ? { alg, expiresIn: '5m' } : { alg, kid, expiresIn: '5m' });

let es256: KeyPairFor;
let es384: KeyPairFor;
let rs256: KeyPairFor;
let rs384: KeyPairFor;
let ed: KeyPairFor;
let hs: KeyPairFor;
/** More ES256 key pairs: distinct keys of the same type. */
let others: KeyPairFor[];

async function freshPair(alg: jose.JwsAlgorithm): Promise<KeyPairFor> {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { signKey: privateKey, verifyKey: publicKey, publicJwk: await jose.exportJwk(publicKey), privateJwk: await jose.exportJwk(privateKey) };
}

beforeAll(async () => {
  [es256, es384, rs256, rs384, ed, hs] = await Promise.all((['ES256', 'ES384', 'RS256', 'RS384', 'Ed25519', 'HS256'] as const).map((alg) => keysFor(alg)));
  others = await Promise.all([freshPair('ES256'), freshPair('ES256'), freshPair('ES256')]);
});

// ---------------------------------------------------------------------------------------------
// importX509

describe('importX509: the RFC 7517 Appendix B certificate', () => {
  it('yields the public key of the certificate (n and e equal the JWK)', async () => {
    const key = await jose.importX509(CERT_PEM, 'RS256', { extractable: true });
    expect(key.type).toBe('public');
    expect(key.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(key.usages).toEqual(['verify']);
    const jwk = await jose.exportJwk(key);
    expect(jwk.n).toBe(rfc7517B.jwk.n);
    expect(jwk.e).toBe(rfc7517B.jwk.e);
    expect(await jose.jwkThumbprint(jwk)).toBe(rfc7517B.derived.rfc7638ThumbprintSha256);
  });

  it('binds the key to the algorithm: RSA-PSS for PS256', async () => {
    const key = await jose.importX509(CERT_PEM, 'PS256');
    expect(key.type).toBe('public');
    expect(key.algorithm.name).toBe('RSA-PSS');
    expect(key.extractable).toBe(false);
  });

  it('whitespace around the PEM and CRLF line ends are fine', async () => {
    const key = await jose.importX509(`\n\n  \t${CERT_PEM.replace(/\n/g, '\r\n')}  \n\n`, 'RS256', { extractable: true });
    expect((await jose.exportJwk(key)).n).toBe(rfc7517B.jwk.n);
  });

  it('an RSA certificate does not import for ES256 or ES384', async () => {
    await rejects(jose.importX509(CERT_PEM, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID);
    await rejects(jose.importX509(CERT_PEM, 'ES384'), jose.JoseKeyInvalid, KEY_INVALID);
  });

  it('an RSA certificate or SPKI does not import for EdDSA / Ed25519', async () => {
    // workerd's importKey('spki', …, { name: 'Ed25519' }) accepts an RSA SubjectPublicKeyInfo and
    // labels it Ed25519, so josekit reads the algorithm OID from the DER itself before importing.
    const rsaSpki = await jose.exportSpki(rs256.verifyKey);
    for (const alg of ['EdDSA', 'Ed25519'] as const) {
      await rejects(jose.importX509(CERT_PEM, alg), jose.JoseKeyInvalid, KEY_INVALID);
      await rejects(jose.importSpki(rsaSpki, alg), jose.JoseKeyInvalid, KEY_INVALID);
    }
  });

  it('an HMAC alg names importSecret', async () => {
    await rejects(jose.importX509(CERT_PEM, 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /importSecret/);
  });

  it('a non-boolean extractable is an options error', async () => {
    await rejects(jose.importX509(CERT_PEM, 'RS256', { extractable: 'yes' as never }), jose.JoseInvalidOptions, INVALID_OPTIONS);
  });
});

describe('importX509: the wrong PEM for the function', () => {
  it('a certificate passed to importSpki names importX509', async () => {
    await rejects(jose.importSpki(CERT_PEM, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /importX509/);
  });

  it('an SPKI passed to importX509 names importSpki', async () => {
    const spki = await jose.exportSpki(rs256.verifyKey);
    await rejects(jose.importX509(spki, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"PUBLIC KEY", not "CERTIFICATE".*importSpki/);
  });

  it('a private key PEM passed to importSpki or importX509 names importPkcs8', async () => {
    const pkcs8 = await jose.exportPkcs8(rs256.signKey);
    await rejects(jose.importSpki(pkcs8, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /importPkcs8/);
    await rejects(jose.importX509(pkcs8, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /importPkcs8/);
  });

  it('an "RSA PRIVATE KEY" (PKCS#1) names the openssl pkcs8 conversion', async () => {
    const pkcs1 = wrap(CERT_B64, 'RSA PRIVATE KEY');
    await rejects(jose.importX509(pkcs1, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /openssl pkcs8/);
    await rejects(jose.importSpki(pkcs1, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /openssl pkcs8/);
  });
});

describe('importX509: malformed certificate DER', () => {
  it('a certificate cut in half (on a 4-character base64 boundary)', async () => {
    const half = CERT_B64.slice(0, Math.floor(CERT_B64.length / 8) * 4);
    await rejects(jose.importX509(wrap(half), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: element at offset 0 claims \d+ bytes but only \d+ remain/);
  });

  it('an outer length that claims more bytes than are present', async () => {
    await rejects(jose.importX509(pem([0x30, 0x05, 0x02, 0x01, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: .*claims 5 bytes but only 3 remain/);
    // Long form: 0x82 0x01 0x00 = 256 bytes, 4 present.
    await rejects(jose.importX509(pem([0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x00, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: .*claims 256 bytes/);
  });

  it('length bytes that run past the end', async () => {
    await rejects(jose.importX509(pem([0x30, 0x84, 0x01]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: length bytes .* run past the end/);
  });

  it('bytes after the certificate', async () => {
    const trailing = new Uint8Array([...CERT_DER, 0x00, 0x00]);
    await rejects(jose.importX509(pem(trailing), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: 2 bytes follow the certificate/);
    await rejects(jose.importX509(pem([0x30, 0x00, 0x05]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: 1 bytes? follows? the certificate/);
  });

  it('a DER value that is not a SEQUENCE', async () => {
    await rejects(jose.importX509(pem([0x02, 0x01, 0x05]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /not (hold )?a DER SEQUENCE/);
    await rejects(jose.importX509(pem([0x04, 0x02, 0x30, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /SEQUENCE/);
  });

  it('an indefinite length (0x80) is BER, not DER', async () => {
    await rejects(jose.importX509(pem([0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: indefinite length/);
  });

  it('a length not in its shortest form', async () => {
    // 0x81 0x03: a short length written in long form.
    await rejects(jose.importX509(pem([0x30, 0x81, 0x03, 0x02, 0x01, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: length .* not in its shortest form/);
    // 0x82 0x00 0x85: a leading zero length byte.
    await rejects(jose.importX509(pem([0x30, 0x82, 0x00, 0x85, 0x02, 0x01, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: length .* not in its shortest form/);
  });

  it('a structure that is a SEQUENCE but not a certificate', async () => {
    // tbsCertificate is an INTEGER.
    await rejects(jose.importX509(pem([0x30, 0x03, 0x02, 0x01, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: tbsCertificate is not a SEQUENCE/);
    // An empty SEQUENCE.
    await rejects(jose.importX509(pem([0x30, 0x00]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER/);
    // A tbsCertificate with too few fields for a subjectPublicKeyInfo.
    await rejects(jose.importX509(pem([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x01]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: subjectPublicKeyInfo is missing/);
  });

  it('a chain of two certificates in one PEM string is refused', async () => {
    await rejects(jose.importX509(`${CERT_PEM}${CERT_PEM}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID);
  });

  it('an SPKI relabelled as a certificate is not read as one', async () => {
    const spki = await jose.exportSpki(rs256.verifyKey);
    const relabelled = spki.replace(/PUBLIC KEY/g, 'CERTIFICATE');
    await rejects(jose.importX509(relabelled, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER/);
  });
});

// ---------------------------------------------------------------------------------------------
// Thumbprints

describe('jwkThumbprint: RFC vectors', () => {
  it('RFC 7638 §3.1 (RSA, SHA-256)', async () => {
    expect(await jose.jwkThumbprint(rfc7638.jwk)).toBe(rfc7638.thumbprint);
    expect(await jose.jwkThumbprint(rfc7638.jwk, 'sha256')).toBe(rfc7638.thumbprint);
    expect(Array.from(jose.base64url.decode(rfc7638.thumbprint))).toEqual(rfc7638.sha256Octets);
  });

  it('RFC 8037 A.3 (Ed25519)', async () => {
    expect(await jose.jwkThumbprint(rfc8037A3.jwk)).toBe(rfc8037A3.thumbprint);
  });

  it('RFC 9278 thumbprint URI', async () => {
    expect(await jose.jwkThumbprintUri(rfc9278.jwk)).toBe(rfc9278.uri);
    expect(await jose.jwkThumbprintUri(rfc9278.jwk, 'sha256')).toBe(rfc9278.uri);
  });

  it('RFC 7517 B and C.1 (derived values)', async () => {
    expect(await jose.jwkThumbprint(rfc7517B.jwk)).toBe(rfc7517B.derived.rfc7638ThumbprintSha256);
    expect(await jose.jwkThumbprint(rfc7517C1.jwk)).toBe(rfc7517C1.derived.rfc7638ThumbprintSha256);
  });

  it('sha384 and sha512 thumbprints have 64 and 86 characters, and URIs name the hash', async () => {
    const t384 = await jose.jwkThumbprint(rfc7638.jwk, 'sha384');
    const t512 = await jose.jwkThumbprint(rfc7638.jwk, 'sha512');
    expect(t384).toHaveLength(64);
    expect(t512).toHaveLength(86);
    expect(t384).toBe(await expectedThumbprint(rfc7638.jwk, 'SHA-384'));
    expect(t512).toBe(await expectedThumbprint(rfc7638.jwk, 'SHA-512'));
    expect(await jose.jwkThumbprintUri(rfc7638.jwk, 'sha384')).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-384:${t384}`);
    expect(await jose.jwkThumbprintUri(rfc7638.jwk, 'sha512')).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-512:${t512}`);
  });
});

describe('jwkThumbprint: the same key gives the same thumbprint, for every key type', () => {
  for (const alg of ['RS256', 'ES256', 'Ed25519', 'HS256'] as const) {
    it(alg, async () => {
      const pair = await keysFor(alg);
      const expected = await expectedThumbprint(pair.publicJwk);
      expect(await jose.jwkThumbprint(pair.publicJwk)).toBe(expected);
      expect(await jose.jwkThumbprint(pair.privateJwk)).toBe(expected);
      expect(await jose.jwkThumbprint(pair.verifyKey)).toBe(expected);
      expect(await jose.jwkThumbprint(pair.signKey)).toBe(expected);
      expect(await jose.jwkThumbprintUri(pair.signKey)).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-256:${expected}`);
    });
  }

  it('a Uint8Array secret and its oct JWK', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const jwk = await jose.exportJwk(secret);
    expect(await jose.jwkThumbprint(secret)).toBe(await jose.jwkThumbprint(jwk));
    expect(await jose.jwkThumbprint(secret)).toBe(await expectedThumbprint(jwk));
  });

  it('member order and optional members (kid, alg, use, key_ops, x5c) do not count', async () => {
    const { kty, n, e } = rfc7638.jwk;
    const reordered = { n, kid: 'other', e, use: 'sig', key_ops: ['verify'], x5c: ['AAAA'], alg: 'PS512', kty };
    expect(await jose.jwkThumbprint(reordered)).toBe(rfc7638.thumbprint);
    expect(await jose.jwkThumbprint({ e, n, kty })).toBe(rfc7638.thumbprint);
    const { x, y, crv } = es256.publicJwk;
    expect(await jose.jwkThumbprint({ y: y!, x: x!, kty: 'EC', crv: crv!, kid: 'k', alg: 'ES256' })).toBe(await expectedThumbprint(es256.publicJwk));
  });

  it('different keys give different thumbprints', async () => {
    expect(await jose.jwkThumbprint(others[0]!.publicJwk)).not.toBe(await jose.jwkThumbprint(others[1]!.publicJwk));
  });
});

describe('jwkThumbprint: rejections', () => {
  it('a missing or non-string required member is ERR_JWK_INVALID naming it', async () => {
    const { n: _n, ...noN } = rfc7638.jwk;
    await rejects(jose.jwkThumbprint(noN as jose.Jwk), jose.JwkInvalid, 'ERR_JWK_INVALID', /"n"/);
    const { y: _y, ...noY } = es256.publicJwk;
    await rejects(jose.jwkThumbprint(noY), jose.JwkInvalid, 'ERR_JWK_INVALID', /"y"/);
    await rejects(jose.jwkThumbprint({ kty: 'OKP', x: rfc8037A3.jwk.x }), jose.JwkInvalid, 'ERR_JWK_INVALID', /"crv"/);
    await rejects(jose.jwkThumbprint({ kty: 'oct' }), jose.JwkInvalid, 'ERR_JWK_INVALID', /"k"/);
    await rejects(jose.jwkThumbprint({ ...rfc7638.jwk, e: 65537 } as never), jose.JwkInvalid, 'ERR_JWK_INVALID', /"e"/);
  });

  it('an unknown kty is ERR_JOSE_NOT_SUPPORTED', async () => {
    await rejects(jose.jwkThumbprint({ kty: 'RSA-X', n: 'AQAB', e: 'AQAB' }), jose.JoseNotSupported, 'ERR_JOSE_NOT_SUPPORTED', /RSA-X/);
  });

  it('a JWK without kty is ERR_JWK_INVALID', async () => {
    // A missing "kty" (a required member, RFC 7638 §3.2) is a broken JWK, as importJwk says too.
    const { kty: _kty, ...noKty } = rfc7638.jwk;
    await rejects(jose.jwkThumbprint(noKty as never), jose.JwkInvalid, 'ERR_JWK_INVALID', /kty/);
  });

  it('not a JWK, CryptoKey or secret is ERR_JWK_INVALID', async () => {
    for (const value of [null, 'a string', 42, [rfc7638.jwk]]) {
      await rejects(jose.jwkThumbprint(value as never), jose.JwkInvalid, 'ERR_JWK_INVALID');
    }
  });

  it('a digest other than sha256/384/512 is ERR_JOSE_INVALID_OPTIONS', async () => {
    for (const digest of ['md5', 'sha1', 'SHA-256', 'sha-256', '']) {
      await rejects(jose.jwkThumbprint(rfc7638.jwk, digest as never), jose.JoseInvalidOptions, INVALID_OPTIONS, /sha256/);
      await rejects(jose.jwkThumbprintUri(rfc7638.jwk, digest as never), jose.JoseInvalidOptions, INVALID_OPTIONS);
    }
  });

  it('a non-extractable private CryptoKey cannot be thumbprinted, its public key can', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256');
    await expect(jose.jwkThumbprint(privateKey)).rejects.toBeInstanceOf(jose.JoseError);
    expect(await jose.jwkThumbprint(publicKey)).toHaveLength(43);
  });
});

// ---------------------------------------------------------------------------------------------
// createLocalJwks

describe('createLocalJwks: selection by kid', () => {
  it('the key with the token kid verifies it', async () => {
    const jwks = jose.createLocalJwks({
      keys: [
        { ...others[0]!.publicJwk, kid: 'a' },
        { ...es256.publicJwk, kid: 'b' },
        { ...others[1]!.publicJwk, kid: 'c' },
      ],
    });
    const { payload, header } = await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'b'), jwks, ES);
    expect(payload.sub).toBe('user-1');
    expect(header.kid).toBe('b');
    // The same key under a kid the token does not name: signature failure, not a fallback.
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'a'), jwks, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('an unknown kid names the kid and the kids the set has', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...others[0]!.publicJwk, kid: 'a' }, { ...es256.publicJwk, kid: 'b' }] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'x'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /matches kid "x" \(set has: "a", "b"\)/);
  });

  it('a key with the kid that does not fit the alg is no match', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...rs256.publicJwk, kid: 'k' }, { ...es256.publicJwk, kid: 'other' }] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /kid "k" fits alg ES256/);
  });

  it('two different keys with the same kid are ambiguous', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kid: 'k' }, { ...others[0]!.publicJwk, kid: 'k' }] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES), jose.JwksMultipleMatchingKeys, MULTIPLE, /kid "k"/);
  });
});

describe('createLocalJwks: selection without kid', () => {
  it('the single key that fits kty and crv verifies', async () => {
    const jwks = jose.createLocalJwks({ keys: [es256.publicJwk] });
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES)).payload.sub).toBe('user-1');
  });

  it('an RSA key, an Ed25519 key and an EC P-384 key are ignored for an ES256 token', async () => {
    const jwks = jose.createLocalJwks({ keys: [rs256.publicJwk, ed.publicJwk, es384.publicJwk, es256.publicJwk] });
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES)).payload.sub).toBe('user-1');
    // and each of the others is picked for its own alg
    expect((await jose.verifyJwt(await jwt(es384.signKey, 'ES384'), jwks, { algorithms: ['ES384'] })).payload.sub).toBe('user-1');
    expect((await jose.verifyJwt(await jwt(rs256.signKey, 'RS256'), jwks, { algorithms: ['RS256'] })).payload.sub).toBe('user-1');
    expect((await jose.verifyJwt(await jwt(ed.signKey, 'EdDSA'), jwks, { algorithms: ['EdDSA'] })).payload.sub).toBe('user-1');
  });

  it('an EC P-384 key alone does not fit ES256', async () => {
    const jwks = jose.createLocalJwks({ keys: [es384.publicJwk] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /fits alg ES256 \(needs kty "EC", crv "P-256"/);
  });

  it('a key whose alg is RS384 is ignored for an RS256 token', async () => {
    const tagged = { ...rs384.publicJwk, alg: 'RS384' };
    const token = await jwt(rs256.signKey, 'RS256');
    const both = jose.createLocalJwks({ keys: [tagged, rs256.publicJwk] });
    expect((await jose.verifyJwt(token, both, { algorithms: ['RS256'] })).payload.sub).toBe('user-1');
    // The signing key itself, tagged RS384, is not used for RS256.
    const mislabelled = jose.createLocalJwks({ keys: [{ ...rs256.publicJwk, alg: 'RS384' }] });
    await rejects(jose.verifyJwt(token, mislabelled, { algorithms: ['RS256'] }), jose.JwksNoMatchingKey, NO_MATCH);
    // A key that says alg RS256 is never chosen for PS256, even when it is the signing key.
    const ps = await keysFor('PS256');
    await rejects(jose.verifyJwt(await jwt(ps.signKey, 'PS256'), jose.createLocalJwks({ keys: [{ ...ps.publicJwk, alg: 'RS256' }] }), { algorithms: ['PS256'] }), jose.JwksNoMatchingKey, NO_MATCH);
  });

  it('keys with use "enc" or key_ops without "verify" are skipped', async () => {
    const jwks = jose.createLocalJwks({
      keys: [
        { ...others[0]!.publicJwk, use: 'enc' },
        { ...others[1]!.publicJwk, key_ops: ['encrypt'] },
        { ...others[2]!.publicJwk, key_ops: [] },
        { ...es256.publicJwk, use: 'sig', key_ops: ['verify'] },
      ],
    });
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES)).payload.sub).toBe('user-1');
    const onlySkipped = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, use: 'enc', kid: 'e' }, { ...es256.publicJwk, key_ops: ['sign'], kid: 's' }] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256'), onlySkipped, ES), jose.JwksNoMatchingKey, NO_MATCH, /set has: "e", "s"/);
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'e'), onlySkipped, ES), jose.JwksNoMatchingKey, NO_MATCH, /kid "e" fits alg ES256/);
  });

  it('several fitting keys and no kid: JwksMultipleMatchingKeys naming them', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kid: 'one' }, { ...others[0]!.publicJwk, kid: 'two' }] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES), jose.JwksMultipleMatchingKeys, MULTIPLE, /2 keys .* fit alg ES256 and the token has no kid: "one", "two"/);
  });

  it('the same key listed twice is one key', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kid: 'k' }, { ...es256.publicJwk, kid: 'k' }] });
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES)).payload.sub).toBe('user-1');
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES)).payload.sub).toBe('user-1');
  });

  it('an empty set matches nothing', async () => {
    const jwks = jose.createLocalJwks({ keys: [] });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /no keys/);
  });
});

describe('createLocalJwks: key rotation', () => {
  it('a set with the old and the new key verifies tokens of both', async () => {
    const oldPair = others[0]!;
    const newPair = others[1]!;
    const jwks = jose.createLocalJwks({ keys: [{ ...oldPair.publicJwk, kid: '2025-01' }, { ...newPair.publicJwk, kid: '2026-01' }] });
    const verify = jose.createJwtVerifier(jwks, ES);
    expect((await verify(await jwt(oldPair.signKey, 'ES256', '2025-01'))).header.kid).toBe('2025-01');
    expect((await verify(await jwt(newPair.signKey, 'ES256', '2026-01'))).header.kid).toBe('2026-01');
    // Signed by the new key but naming the old kid: fails.
    await rejects(verify(await jwt(newPair.signKey, 'ES256', '2025-01')), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('signCompact/verifyCompact work through the set too', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kid: 'k' }] });
    const token = await jose.signCompact('hello', es256.signKey, { alg: 'ES256', kid: 'k' });
    const { payload, key } = await jose.verifyCompact(token, jwks, ES);
    expect(new TextDecoder().decode(payload)).toBe('hello');
    expect(key.type).toBe('public');
  });
});

describe('createLocalJwks: invalid sets (ERR_JWKS_INVALID)', () => {
  it('not an object, or keys not an array', async () => {
    for (const set of [null, undefined, 'keys', 42, [], [es256.publicJwk], {}, { keys: {} }, { keys: 'x' }, { keys: null }]) {
      await rejects(() => jose.createLocalJwks(set as never), jose.JwksInvalid, JWKS_INVALID, /"keys" array/);
    }
  });

  it('a key that is not a JWK with a kty string', async () => {
    const { kty: _kty, ...noKty } = es256.publicJwk;
    await rejects(() => jose.createLocalJwks({ keys: [es256.publicJwk, noKty as jose.Jwk] }), jose.JwksInvalid, JWKS_INVALID, /key 2 of the set/);
    await rejects(() => jose.createLocalJwks({ keys: [null as never] }), jose.JwksInvalid, JWKS_INVALID, /key 1 of the set/);
    await rejects(() => jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kty: 1 } as never] }), jose.JwksInvalid, JWKS_INVALID);
  });

  it('a key with private members', async () => {
    await rejects(() => jose.createLocalJwks({ keys: [{ ...es256.privateJwk, kid: 'p' }] }), jose.JwksInvalid, JWKS_INVALID, /key "p" holds private key material \("d"\)/);
    const { d: _d, ...rsaNoD } = rs256.privateJwk;
    await rejects(() => jose.createLocalJwks({ keys: [rsaNoD] }), jose.JwksInvalid, JWKS_INVALID, /private key material \("p"\)/);
  });

  it('the RFC 7517 A.2 private set', async () => {
    await rejects(() => jose.createLocalJwks(rfc7517A2.jwks), jose.JwksInvalid, JWKS_INVALID, /private key material/);
  });

  it('an oct key without allowSymmetric', async () => {
    await rejects(() => jose.createLocalJwks({ keys: [{ ...hs.publicJwk, kid: 'h' }] }), jose.JwksInvalid, JWKS_INVALID, /symmetric.*allowSymmetric: true/);
    await rejects(() => jose.createLocalJwks(rfc7517A3.jwks, { allowSymmetric: false }), jose.JwksInvalid, JWKS_INVALID, /oct/);
  });

  it('a set that cannot be copied as JSON (circular, BigInt) is ERR_JWKS_INVALID', async () => {
    // The set is copied as JSON; what JSON cannot copy is a JwksInvalid, never a bare TypeError.
    const circular: { keys: Record<string, unknown>[] } = { keys: [] };
    circular.keys.push({ ...es256.publicJwk, self: circular });
    await rejects(() => jose.createLocalJwks(circular as never), jose.JwksInvalid, JWKS_INVALID);
    await rejects(() => jose.createLocalJwks({ keys: [{ ...es256.publicJwk, big: 1n }] } as never), jose.JwksInvalid, JWKS_INVALID);
  });

  it('allowSymmetric that is not a boolean is ERR_JOSE_INVALID_OPTIONS', async () => {
    for (const options of [{ allowSymmetric: 'yes' }, { allowSymmetric: 1 }, null, 'x']) {
      await rejects(() => jose.createLocalJwks({ keys: [] }, options as never), jose.JoseInvalidOptions, INVALID_OPTIONS);
    }
  });
});

describe('createLocalJwks: symmetric keys with allowSymmetric', () => {
  it('HS256 tokens verify', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...hs.publicJwk, kid: 'h' }] }, { allowSymmetric: true });
    const token = await jwt(hs.signKey, 'HS256', 'h');
    expect((await jose.verifyJwt(token, jwks, { algorithms: ['HS256'] })).payload.sub).toBe('user-1');
  });

  it('the RFC 7517 A.3 set verifies the RFC 7515 A.1 token (the A128KW key is skipped)', async () => {
    const jwks = jose.createLocalJwks(rfc7517A3.jwks, { allowSymmetric: true });
    const { payload } = await jose.verifyCompact(rfc7515A1.compact, jwks, { algorithms: ['HS256'] });
    expect(new TextDecoder().decode(payload)).toBe(rfc7515A1.payload);
  });
});

describe('createLocalJwks: the set is copied', () => {
  it('mutating the input after creation changes nothing', async () => {
    const input = { keys: [{ ...es256.publicJwk, kid: 'k' }] };
    const jwks = jose.createLocalJwks(input);
    input.keys[0]!.x = others[0]!.publicJwk.x;
    input.keys[0]!.kid = 'changed';
    input.keys.push({ ...others[1]!.publicJwk, kid: 'added' });
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES)).payload.sub).toBe('user-1');
    await rejects(jose.verifyJwt(await jwt(others[1]!.signKey, 'ES256', 'added'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /set has: "k"\)/);
    expect(jwks.jwks()).toEqual({ keys: [{ ...es256.publicJwk, kid: 'k' }] });
  });

  it('.jwks() returns a fresh copy each time', async () => {
    const jwks = jose.createLocalJwks({ keys: [{ ...es256.publicJwk, kid: 'k' }], extra: 'kept' });
    const copy = jwks.jwks();
    expect(copy).toEqual({ keys: [{ ...es256.publicJwk, kid: 'k' }], extra: 'kept' });
    copy.keys[0]!.kid = 'mutated';
    copy.keys.length = 0;
    expect(jwks.jwks()).toEqual({ keys: [{ ...es256.publicJwk, kid: 'k' }], extra: 'kept' });
    expect(jwks.jwks()).not.toBe(jwks.jwks());
    expect((await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES)).payload.sub).toBe('user-1');
  });
});

describe('createLocalJwks: the RFC 7517 A.1 public set', () => {
  it('selects the RSA key by kid for RS256', async () => {
    const jwks = jose.createLocalJwks(rfc7517A1.jwks);
    expect(await jwks({ alg: 'RS256', kid: '2011-04-29' }, '')).toEqual(rfc7517A1.jwks.keys[1]);
    // without kid, the RSA key is also the only fit for RS256
    expect(await jwks({ alg: 'RS256' }, '')).toEqual(rfc7517A1.jwks.keys[1]);
  });

  it('never selects the EC key: it has use "enc"', async () => {
    const jwks = jose.createLocalJwks(rfc7517A1.jwks);
    await rejects(() => jwks({ alg: 'ES256', kid: '1' }, ''), jose.JwksNoMatchingKey, NO_MATCH, /kid "1" fits alg ES256/);
    await rejects(() => jwks({ alg: 'ES256' }, ''), jose.JwksNoMatchingKey, NO_MATCH, /set has: "1", "2011-04-29"/);
  });

  it('a resolver called directly with a header without a known alg fails with a JoseError', async () => {
    // Unreachable through verify*, which checks the allowlist first, but the resolver is public.
    const jwks = jose.createLocalJwks(rfc7517A1.jwks);
    for (const header of [{ alg: 'none' }, { alg: 'XX256' }, {}]) {
      let error: unknown;
      try {
        await jwks(header, '');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(jose.JoseError);
    }
  });

  it('the RSA key (alg RS256) is not selected for PS256', async () => {
    const jwks = jose.createLocalJwks(rfc7517A1.jwks);
    await rejects(() => jwks({ alg: 'PS256', kid: '2011-04-29' }, ''), jose.JwksNoMatchingKey, NO_MATCH);
  });
});

// ---------------------------------------------------------------------------------------------
// embeddedJwk

describe('embeddedJwk', () => {
  const withJwk = (key: CryptoKey, jwk: unknown, alg: jose.JwsAlgorithm = 'ES256') => jose.signCompact('embedded', key, { alg, header: { jwk } });

  it('a token carrying its public jwk verifies', async () => {
    const token = await withJwk(es256.signKey, es256.publicJwk);
    const { payload, key } = await jose.verifyCompact(token, jose.embeddedJwk(), ES);
    expect(new TextDecoder().decode(payload)).toBe('embedded');
    expect(key.type).toBe('public');
    expect((key.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
  });

  it('a jwk with a matching alg and use "sig" verifies; EdDSA works too', async () => {
    await jose.verifyCompact(await withJwk(es256.signKey, { ...es256.publicJwk, alg: 'ES256', use: 'sig' }), jose.embeddedJwk(), ES);
    await jose.verifyCompact(await withJwk(ed.signKey, ed.publicJwk, 'EdDSA'), jose.embeddedJwk(), { algorithms: ['EdDSA'] });
  });

  it('pinned thumbprints: a listed key passes, an unlisted one is refused', async () => {
    const pinned = await jose.jwkThumbprint(es256.publicJwk);
    const resolver = jose.embeddedJwk({ thumbprints: [await jose.jwkThumbprint(others[0]!.publicJwk), pinned] });
    await jose.verifyCompact(await withJwk(es256.signKey, es256.publicJwk), resolver, ES);
    // Optional members do not change the thumbprint.
    await jose.verifyCompact(await withJwk(es256.signKey, { ...es256.publicJwk, kid: 'anything' }), resolver, ES);
    await rejects(jose.verifyCompact(await withJwk(others[1]!.signKey, others[1]!.publicJwk), resolver, ES), jose.JoseKeyInvalid, KEY_INVALID, /not one of the pinned thumbprints/);
    await rejects(
      jose.verifyCompact(await withJwk(es256.signKey, es256.publicJwk), jose.embeddedJwk({ thumbprints: [] }), ES),
      jose.JoseKeyInvalid,
      KEY_INVALID,
      /pinned/,
    );
  });

  it('a private jwk in the header is refused', async () => {
    await rejects(jose.verifyCompact(await withJwk(es256.signKey, es256.privateJwk), jose.embeddedJwk(), ES), jose.JoseKeyInvalid, KEY_INVALID, /private key material \("d"\)/);
  });

  it('an oct jwk in the header is refused', async () => {
    await rejects(jose.verifyCompact(await withJwk(hs.signKey, hs.publicJwk, 'HS256'), jose.embeddedJwk(), { algorithms: ['HS256'] }), jose.JoseKeyInvalid, KEY_INVALID, /symmetric/);
  });

  it('a jwk whose alg differs from the token alg is refused', async () => {
    await rejects(jose.verifyCompact(await withJwk(es256.signKey, { ...es256.publicJwk, alg: 'ES384' }), jose.embeddedJwk(), ES), jose.JoseKeyInvalid, KEY_INVALID, /"ES384".*"ES256"/);
  });

  it('a jwk of the wrong key type or use is refused', async () => {
    await rejects(jose.verifyCompact(await withJwk(es256.signKey, rs256.publicJwk), jose.embeddedJwk(), ES), jose.JoseKeyInvalid, KEY_INVALID);
    await rejects(jose.verifyCompact(await withJwk(es256.signKey, { ...es256.publicJwk, use: 'enc' }), jose.embeddedJwk(), ES), jose.JoseKeyInvalid, KEY_INVALID);
  });

  it('no jwk header, or a jwk that is not an object, is refused', async () => {
    const plain = await jose.signCompact('x', es256.signKey, { alg: 'ES256' });
    await rejects(jose.verifyCompact(plain, jose.embeddedJwk(), ES), jose.JoseKeyInvalid, KEY_INVALID, /no "jwk"/);
    // The resolver itself refuses a header without a usable jwk, whoever calls it.
    for (const jwk of ['a string', [es256.publicJwk]]) {
      await rejects(async () => jose.embeddedJwk()({ alg: 'ES256', jwk }, ''), jose.JoseKeyInvalid, KEY_INVALID, /no "jwk"/);
    }
  });

  it('a jwk header that is not an object is refused on sign, and on verify before any resolver runs', async () => {
    for (const jwk of ['a string', [es256.publicJwk]]) {
      await rejects(withJwk(es256.signKey, jwk), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /"jwk" must be a JSON object/);
      const input = `${jose.base64url.encode(JSON.stringify({ alg: 'ES256', jwk }))}.${jose.base64url.encode('x')}`;
      const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, es256.signKey, new TextEncoder().encode(input));
      let called = false;
      const resolver = () => {
        called = true;
        return es256.verifyKey;
      };
      await rejects(jose.verifyCompact(`${input}.${jose.base64url.encode(new Uint8Array(signature))}`, resolver, ES), jose.JwsInvalid, 'ERR_JWS_INVALID', /"jwk" must be a JSON object/);
      expect(called).toBe(false);
    }
  });

  it('the jwk of a token signed by another key fails the signature check', async () => {
    // An attacker cannot claim a key he does not hold: header jwk = victim key, signed with his own.
    await rejects(jose.verifyCompact(await withJwk(others[0]!.signKey, es256.publicJwk), jose.embeddedJwk(), ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('a plain verify never uses the header jwk', async () => {
    const attacker = others[2]!;
    const forged = await jose.signJwt({ sub: 'admin' }, attacker.signKey, { alg: 'ES256', expiresIn: '5m', header: { jwk: attacker.publicJwk } });
    await rejects(jose.verifyJwt(forged, es256.verifyKey, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    await rejects(jose.verifyJwt(forged, es256.publicJwk, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    await rejects(jose.verifyJwt(forged, jose.createLocalJwks({ keys: [es256.publicJwk] }), ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('thumbprints that are not an array of strings are ERR_JOSE_INVALID_OPTIONS', async () => {
    for (const thumbprints of ['abc', [1], {}]) {
      await rejects(() => jose.embeddedJwk({ thumbprints: thumbprints as never }), jose.JoseInvalidOptions, INVALID_OPTIONS);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// createRemoteJwks (portable part)

type FetchInit = { headers?: Record<string, string>; redirect?: string; signal?: AbortSignal };

/** A fake fetch serving `respond()` and counting calls. */
function fakeFetch(respond: (init: FetchInit) => Response | Promise<Response>) {
  const calls: FetchInit[] = [];
  const fetch = ((_url: string, init: FetchInit) => {
    calls.push(init);
    return Promise.resolve().then(() => respond(init));
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });
const URL_OK = 'https://auth.example/.well-known/jwks.json';

describe('createRemoteJwks: option checks', () => {
  it('a URL that is not a URL', async () => {
    for (const url of ['not a url', '', '/jwks.json', 42]) {
      await rejects(() => jose.createRemoteJwks(url as never), jose.JoseInvalidOptions, INVALID_OPTIONS, /not a URL/);
    }
  });

  it('a scheme other than https, or http off loopback', async () => {
    for (const url of ['ftp://auth.example/jwks', 'file:///etc/jwks.json', 'http://auth.example/jwks', 'http://10.0.0.1/jwks', 'data:application/json,{}']) {
      await rejects(() => jose.createRemoteJwks(url), jose.JoseInvalidOptions, INVALID_OPTIONS, /https/);
    }
  });

  it('https anywhere and http on loopback are accepted, also as URL objects', () => {
    for (const url of [URL_OK, 'http://localhost:8080/jwks', 'http://127.0.0.1/jwks', 'http://[::1]:9/jwks', new URL(URL_OK)]) {
      expect(typeof jose.createRemoteJwks(url, { fetch: fakeFetch(() => json({ keys: [] })).fetch })).toBe('function');
    }
  });

  it('negative, NaN or non-number durations and sizes', async () => {
    for (const name of ['timeoutMs', 'cooldownMs', 'maxAgeMs', 'staleIfErrorMs', 'maxResponseBytes']) {
      for (const value of [-1, Number.NaN, '100']) {
        await rejects(() => jose.createRemoteJwks(URL_OK, { [name]: value }), jose.JoseInvalidOptions, INVALID_OPTIONS, new RegExp(name));
      }
    }
    await rejects(() => jose.createRemoteJwks(URL_OK, { timeoutMs: Infinity }), jose.JoseInvalidOptions, INVALID_OPTIONS, /timeoutMs/);
    expect(typeof jose.createRemoteJwks(URL_OK, { maxAgeMs: Infinity, staleIfErrorMs: Infinity })).toBe('function');
  });

  it('a fetch that is not a function', async () => {
    await rejects(() => jose.createRemoteJwks(URL_OK, { fetch: 'fetch' as never }), jose.JoseInvalidOptions, INVALID_OPTIONS, /fetch/);
  });
});

describe('createRemoteJwks: caching over a fake fetch', () => {
  it('fetches once, then serves from the cache; reload() refetches', async () => {
    const fake = fakeFetch(() => json({ keys: [{ ...es256.publicJwk, kid: 'k' }] }));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch });
    expect(jwks.fresh).toBe(false);
    expect(jwks.jwks()).toBeUndefined();
    expect(fake.calls).toHaveLength(0);
    const token = await jwt(es256.signKey, 'ES256', 'k');
    expect((await jose.verifyJwt(token, jwks, ES)).payload.sub).toBe('user-1');
    expect(fake.calls).toHaveLength(1);
    expect(jwks.fresh).toBe(true);
    expect(jwks.jwks()).toEqual({ keys: [{ ...es256.publicJwk, kid: 'k' }] });
    await jose.verifyJwt(token, jwks, ES);
    expect(fake.calls).toHaveLength(1);
    await jwks.reload();
    expect(fake.calls).toHaveLength(2);
    await jose.verifyJwt(token, jwks, ES);
    expect(fake.calls).toHaveLength(2);
  });

  it('sends the accept header, does not follow redirects, and passes a signal', async () => {
    const fake = fakeFetch(() => json({ keys: [] }));
    await jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, headers: { 'x-api-key': 'abc' } }).reload();
    const init = fake.calls[0]!;
    expect(init.headers!.accept).toContain('application/jwk-set+json');
    expect(init.headers!['x-api-key']).toBe('abc');
    expect(init.redirect).toBe('manual');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('concurrent cold calls share one fetch', async () => {
    const fake = fakeFetch(() => json({ keys: [{ ...es256.publicJwk, kid: 'k' }] }));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch });
    const token = await jwt(es256.signKey, 'ES256', 'k');
    await Promise.all(Array.from({ length: 10 }, () => jose.verifyJwt(token, jwks, ES)));
    expect(fake.calls).toHaveLength(1);
  });
});

describe('createRemoteJwks: failures over a fake fetch', () => {
  it('HTTP 500 is JwksFetchFailed naming the status', async () => {
    const fake = fakeFetch(() => new Response('oops', { status: 500 }));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch });
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /500/);
    expect(jwks.fresh).toBe(false);
  });

  it('a fetch that throws is JwksFetchFailed', async () => {
    const fake = fakeFetch(() => {
      throw new TypeError('network down');
    });
    await rejects(jose.createRemoteJwks(URL_OK, { fetch: fake.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /network down/);
  });

  it('invalid JSON, a non-object and a set without keys are JwksInvalid', async () => {
    for (const body of ['{"keys": [', 'not json', '[]', '{"keys": {}}', '']) {
      const fake = fakeFetch(() => new Response(body, { status: 200 }));
      await rejects(jose.createRemoteJwks(URL_OK, { fetch: fake.fetch }).reload(), jose.JwksInvalid, JWKS_INVALID);
    }
  });

  it('a set with a private key or an oct key is JwksInvalid', async () => {
    const privateSet = fakeFetch(() => json({ keys: [es256.privateJwk] }));
    await rejects(jose.createRemoteJwks(URL_OK, { fetch: privateSet.fetch }).reload(), jose.JwksInvalid, JWKS_INVALID, /private key material/);
    const octSet = fakeFetch(() => json({ keys: [hs.publicJwk] }));
    await rejects(jose.createRemoteJwks(URL_OK, { fetch: octSet.fetch }).reload(), jose.JwksInvalid, JWKS_INVALID, /symmetric/);
  });

  it('a body over maxResponseBytes is JwksInvalid', async () => {
    const set = { keys: [{ ...es256.publicJwk, kid: 'k' }] };
    const fake = fakeFetch(() => json(set));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, maxResponseBytes: 100 });
    await rejects(jwks.reload(), jose.JwksInvalid, JWKS_INVALID, /maxResponseBytes \(100\)/);
    // A streamed body without a length is counted as it arrives.
    const streamed = fakeFetch(() => {
      const chunk = bytes('{"keys":[' + ' '.repeat(60));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
      return new Response(body, { status: 200 });
    });
    await rejects(jose.createRemoteJwks(URL_OK, { fetch: streamed.fetch, maxResponseBytes: 100 }).reload(), jose.JwksInvalid, JWKS_INVALID, /maxResponseBytes/);
  });

  it('a fetch that only ends when aborted is JwksTimeout after timeoutMs', async () => {
    const fake = fakeFetch(
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason ?? new Error('aborted')));
        }),
    );
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, timeoutMs: 50 });
    const started = Date.now();
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES), jose.JwksTimeout, 'ERR_JWKS_TIMEOUT', /longer than 50 ms/);
    expect(Date.now() - started).toBeLessThan(900);
    expect(fake.calls[0]!.signal!.aborted).toBe(true);
  });

  it('timeoutMs holds even when the fetch ignores the abort signal', async () => {
    // A fetch wrapper that drops init.signal must not hang verification: the deadline is a timer
    // of josekit's own, not only the abort signal.
    const fake = fakeFetch(() => new Promise<Response>(() => undefined));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, timeoutMs: 50 });
    const outcome = jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES).then(
      () => 'resolved',
      (err: unknown) => err,
    );
    const result = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still pending after 400 ms'), 400))]);
    expect(result).toBeInstanceOf(jose.JwksTimeout);
  });

  it('an unknown kid right after the first fetch is not refetched (cooldown)', async () => {
    const fake = fakeFetch(() => json({ keys: [{ ...es256.publicJwk, kid: 'k' }] }));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch });
    await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'k'), jwks, ES);
    expect(jwks.coolingDown).toBe(true);
    await rejects(jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'new'), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /cooldownMs \(30000 ms\)/);
    expect(fake.calls).toHaveLength(1);
  });

  it('an unknown kid refetches once when the cooldown is 0', async () => {
    let keys = [{ ...es256.publicJwk, kid: 'old' }];
    const fake = fakeFetch(() => json({ keys }));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, cooldownMs: 0 });
    await jose.verifyJwt(await jwt(es256.signKey, 'ES256', 'old'), jwks, ES);
    keys = [...keys, { ...others[0]!.publicJwk, kid: 'new' }];
    expect((await jose.verifyJwt(await jwt(others[0]!.signKey, 'ES256', 'new'), jwks, ES)).header.kid).toBe('new');
    expect(fake.calls).toHaveLength(2);
  });
});
