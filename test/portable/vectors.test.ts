// RFC examples through the public API: deterministic algorithms (HMAC, RSASSA-PKCS1-v1_5,
// Ed25519) are re-signed byte for byte; ECDSA and RSA-PSS (randomised) are verified.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import a1 from '../../vectors/rfc/rfc7515-A1.json';
import a2 from '../../vectors/rfc/rfc7515-A2.json';
import a3 from '../../vectors/rfc/rfc7515-A3.json';
import a4 from '../../vectors/rfc/rfc7515-A4.json';
import a5 from '../../vectors/rfc/rfc7515-A5.json';
import ed1 from '../../vectors/rfc/rfc8037-A1.json';
import ed2 from '../../vectors/rfc/rfc8037-A2.json';
import ed4 from '../../vectors/rfc/rfc8037-A4.json';
import ed5 from '../../vectors/rfc/rfc8037-A5.json';
import u41 from '../../vectors/rfc/rfc7797-4.1.json';
import u42 from '../../vectors/rfc/rfc7797-4.2.json';
import c41 from '../../vectors/rfc7520/jws/4_1.rsa_v15_signature.json';
import c42 from '../../vectors/rfc7520/jws/4_2.rsa-pss_signature.json';
import c43 from '../../vectors/rfc7520/jws/4_3.ecdsa_signature.json';
import c44 from '../../vectors/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json';
import c45 from '../../vectors/rfc7520/jws/4_5.signature_with_detached_content.json';
import ecPublic from '../../vectors/rfc7520/jwk/3_1.ec_public_key.json';
import rsaPublic from '../../vectors/rfc7520/jwk/3_3.rsa_public_key.json';
import rsaPrivate from '../../vectors/rfc7520/jwk/3_4.rsa_private_key.json';
import hmacKey from '../../vectors/rfc7520/jwk/3_5.symmetric_key_mac_computation.json';
import { bytes, rejects, text } from './support.js';

type Vector = { alg: jose.JwsAlgorithm; jwk?: jose.Jwk; compact: string; payload: string; protectedHeader: string };

async function verifies(v: Vector, key: jose.Jwk): Promise<void> {
  const result = await jose.verifyCompact(v.compact, key, { algorithms: [v.alg] });
  expect(text(result.payload)).toBe(v.payload);
  expect(result.header).toEqual(JSON.parse(v.protectedHeader));
  // Any change to the signed payload fails.
  const [h, p, s] = v.compact.split('.');
  const other = jose.base64url.encode(`${v.payload} `);
  await rejects(jose.verifyCompact(`${h}.${other}.${s}`, key, { algorithms: [v.alg] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  expect(p).toBe(jose.base64url.encode(v.payload));
}

describe('RFC 7515 Appendix A', () => {
  it('A.1 HS256 verifies (header with CR LF, used byte for byte)', async () => {
    // The A.1 header is not what a JSON serializer writes (CR LF, a space), so it cannot be
    // re-signed through signCompact; HMAC verification recomputes the same MAC instead.
    await verifies(a1 as Vector, a1.jwk as jose.Jwk);
  });
  it('A.2 RS256 re-signs byte for byte and verifies', async () => {
    const token = await jose.signCompact(bytes(a2.payload), a2.jwk as jose.Jwk, { alg: 'RS256' });
    expect(token).toBe(a2.compact);
    await verifies(a2 as Vector, a2.jwk as jose.Jwk);
  });
  it('A.3 ES256 verifies', async () => {
    await verifies(a3 as Vector, a3.jwk as jose.Jwk);
  });
  it('A.4 ES512 verifies (132-byte signature)', async () => {
    await verifies(a4 as Vector, a4.jwk as jose.Jwk);
  });
  it('A.5 unsecured JWS is never accepted by verifyCompact', async () => {
    await rejects(
      jose.verifyCompact(a5.compact, new Uint8Array(32), { algorithms: ['HS256'] }),
      jose.JoseAlgNotAllowed,
      'ERR_JOSE_ALG_NOT_ALLOWED',
      /"none" is not in the allowed algorithms/,
    );
    await rejects(
      // @ts-expect-error "none" is not a JwsAlgorithm: the runtime refusal is what is tested
      jose.verifyCompact(a5.compact, new Uint8Array(32), { algorithms: ['none'] }),
      jose.JoseInvalidOptions,
      'ERR_JOSE_INVALID_OPTIONS',
    );
  });
});

describe('RFC 7520 §4 (JOSE Cookbook), compact forms', () => {
  it('4.1 RS256 re-signs byte for byte and verifies', async () => {
    const token = await jose.signCompact(c41.input.payload, rsaPrivate as jose.Jwk, { alg: 'RS256', kid: c41.signing.protected.kid });
    expect(token).toBe(c41.output.compact);
    const { payload, header } = await jose.verifyCompact(token, rsaPublic as jose.Jwk, { algorithms: ['RS256'] });
    expect(text(payload)).toBe(c41.input.payload);
    expect(header).toEqual(c41.signing.protected);
  });
  it('4.2 PS384 verifies', async () => {
    const { payload } = await jose.verifyCompact(c42.output.compact, rsaPublic as jose.Jwk, { algorithms: ['PS384'] });
    expect(text(payload)).toBe(c42.input.payload);
  });
  it('4.3 ES512 verifies', async () => {
    const { payload } = await jose.verifyCompact(c43.output.compact, ecPublic as jose.Jwk, { algorithms: ['ES512'] });
    expect(text(payload)).toBe(c43.input.payload);
  });
  it('4.4 HS256 re-signs byte for byte and verifies', async () => {
    const token = await jose.signCompact(c44.input.payload, hmacKey as jose.Jwk, { alg: 'HS256', kid: hmacKey.kid });
    expect(token).toBe(c44.output.compact);
    const { payload } = await jose.verifyCompact(token, hmacKey as jose.Jwk, { algorithms: ['HS256'] });
    expect(text(payload)).toBe(c44.input.payload);
  });
  it('4.5 detached content re-signs byte for byte and verifies with detachedPayload', async () => {
    const token = await jose.signCompact(c45.input.payload, hmacKey as jose.Jwk, { alg: 'HS256', kid: hmacKey.kid, detached: true });
    expect(token).toBe(c45.output.compact);
    const { payload } = await jose.verifyCompact(token, hmacKey as jose.Jwk, { algorithms: ['HS256'], detachedPayload: c45.input.payload });
    expect(text(payload)).toBe(c45.input.payload);
    // Without the detached payload the signature is over an empty payload and fails, with a hint.
    await rejects(
      jose.verifyCompact(token, hmacKey as jose.Jwk, { algorithms: ['HS256'] }),
      jose.JwsSignatureVerificationFailed,
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      /detachedPayload/,
    );
    // The wrong detached payload fails.
    await rejects(
      jose.verifyCompact(token, hmacKey as jose.Jwk, { algorithms: ['HS256'], detachedPayload: `${c45.input.payload}!` }),
      jose.JwsSignatureVerificationFailed,
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  });
});

describe('RFC 8037 Appendix A (Ed25519)', () => {
  it('A.1/A.2 keys import for EdDSA and Ed25519', async () => {
    const privateKey = await jose.importJwk(ed1.jwk as jose.Jwk, 'EdDSA');
    expect(privateKey.type).toBe('private');
    const publicKey = await jose.importJwk(ed2.jwk as jose.Jwk, 'Ed25519');
    expect(publicKey.type).toBe('public');
    expect(publicKey.algorithm.name).toBe('Ed25519');
  });
  it('A.4 EdDSA re-signs byte for byte', async () => {
    const token = await jose.signCompact(ed4.payload, ed4.jwk as jose.Jwk, { alg: 'EdDSA' });
    expect(token).toBe(ed4.compact);
  });
  it('A.5 validation succeeds with the A.2 public key', async () => {
    expect(ed5.expectedResult).toBe('valid');
    const { payload, header } = await jose.verifyCompact(ed5.compact, ed5.jwk as jose.Jwk, { algorithms: ['EdDSA'] });
    expect(text(payload)).toBe(ed5.expectedPayload);
    expect(header).toEqual(JSON.parse(ed5.expectedProtectedHeader));
    await verifies(ed4 as Vector, ed2.jwk as jose.Jwk);
  });
  it('A.5 with the algorithm pinned to Ed25519 only, the EdDSA token is refused', async () => {
    await rejects(jose.verifyCompact(ed5.compact, ed5.jwk as jose.Jwk, { algorithms: ['Ed25519'] }), jose.JoseAlgNotAllowed, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
});

describe('RFC 7797 (unencoded payload option)', () => {
  it('4.1 control example (b64 default) re-signs byte for byte', async () => {
    const token = await jose.signCompact(u41.payload, u41.jwk as jose.Jwk, { alg: 'HS256' });
    expect(token).toBe(u41.compact);
    const { payload } = await jose.verifyCompact(token, u41.jwk as jose.Jwk, { algorithms: ['HS256'] });
    expect(text(payload)).toBe('$.02');
  });
  it('4.2 b64:false detached compact verifies with detachedPayload', async () => {
    // The RFC's header orders b64 before crit; signCompact writes crit before b64, so the
    // RFC token is verified here (the flattened form re-signs it byte for byte).
    const { payload, header } = await jose.verifyCompact(u42.compactDetached, u42.jwk as jose.Jwk, {
      algorithms: ['HS256'],
      detachedPayload: u42.payload,
    });
    expect(text(payload)).toBe('$.02');
    expect(header).toEqual({ alg: 'HS256', b64: false, crit: ['b64'] });
  });
  it('4.2 signature is produced by signCompact with b64:false (same signing input)', async () => {
    const token = await jose.signCompact(u42.payload, u42.jwk as jose.Jwk, { alg: 'HS256', b64: false, detached: true });
    const [h, , s] = token.split('.');
    expect(JSON.parse(text(jose.base64url.decode(h!)))).toEqual({ alg: 'HS256', crit: ['b64'], b64: false });
    const verified = await jose.verifyCompact(token, u42.jwk as jose.Jwk, { algorithms: ['HS256'], detachedPayload: '$.02' });
    expect(text(verified.payload)).toBe('$.02');
    expect(s).toHaveLength(43);
  });
});
