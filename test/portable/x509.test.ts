// X.509 certificates as JOSE carries them: importX509 from one `x5c` entry (RFC 7515 §4.1.6,
// RFC 7517 §4.7) as well as from PEM, and x509Thumbprint, the `x5t` / `x5t#S256` value
// (RFC 7515 §4.1.7, §4.1.8). Expected values are computed here independently of josekit: DER
// decoded with atob, hashed with crypto.subtle.digest. Portable: no node: modules, no Buffer.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import rfc7517B from '../../vectors/rfc/rfc7517-B.json';
import { rejects } from './support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const INVALID_OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';

// ---------------------------------------------------------------------------------------------
// Helpers (none of them uses josekit)

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function wrap(base64: string, label = 'CERTIFICATE'): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** base64url without padding, by hand. */
function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The x5t (SHA-1) or x5t#S256 (SHA-256) value, computed straight from WebCrypto. */
async function expectedThumbprint(der: Uint8Array<ArrayBuffer>, hash: 'SHA-1' | 'SHA-256'): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest(hash, der)));
}

/** One DER element: tag, shortest-form length, contents. */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const head = length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let at = head.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const SEQUENCE = 0x30;
const ECDSA_WITH_SHA256 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);

/**
 * A structurally valid X.509 certificate around `spki` (empty names and validity, a dummy
 * signature): enough for the SubjectPublicKeyInfo to be read, which is all importX509 reads.
 */
function certificate(spki: Uint8Array, serial = 1): Uint8Array<ArrayBuffer> {
  const tbs = tlv(
    SEQUENCE,
    tlv(0xa0, tlv(0x02, Uint8Array.of(2))), // version v3
    tlv(0x02, Uint8Array.of(serial)),
    tlv(SEQUENCE, ECDSA_WITH_SHA256),
    tlv(SEQUENCE), // issuer
    tlv(SEQUENCE), // validity
    tlv(SEQUENCE), // subject
    spki,
  );
  return tlv(SEQUENCE, tbs, tlv(SEQUENCE, ECDSA_WITH_SHA256), tlv(0x03, Uint8Array.of(0, 1, 2, 3)));
}

/** A certificate for an RSA-1024 key (made with WebCrypto directly: josekit refuses to make one). */
async function smallRsaCertificate(): Promise<Uint8Array<ArrayBuffer>> {
  const small = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  return certificate(new Uint8Array(await crypto.subtle.exportKey('spki', small.publicKey)));
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  return fromBase64(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
}

/** Calls `fn` and returns the JoseError it rejects with (failing the test otherwise). */
async function errorOf(fn: () => Promise<unknown>): Promise<jose.JoseError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(jose.JoseError);
    return err as jose.JoseError;
  }
  throw new Error('expected a rejection');
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** RFC 7517 Appendix B: a JWK with a one-certificate x5c (self-signed RSA 2048, expired). */
const RFC_JWK = rfc7517B.jwk;
const RFC_X5C = RFC_JWK.x5c[0]!;
const RFC_PEM = wrap(RFC_X5C);
const RFC_DER = fromBase64(RFC_X5C);

interface Issued {
  /** The certificate's one x5c entry. */
  x5c: string;
  pem: string;
  der: Uint8Array<ArrayBuffer>;
  privateKey: CryptoKey;
  publicJwk: jose.Jwk;
}

async function issue(alg: 'ES256' | 'Ed25519', serial: number): Promise<Issued> {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const der = certificate(pemBody(await jose.exportSpki(publicKey)), serial);
  const x5c = toBase64(der);
  return { x5c, pem: wrap(x5c), der, privateKey, publicJwk: await jose.exportJwk(publicKey) };
}

let es256: Issued;
let ed25519: Issued;
/** A second ES256 certificate: another key, another thumbprint. */
let other: Issued;

beforeAll(async () => {
  [es256, ed25519, other] = await Promise.all([issue('ES256', 1), issue('Ed25519', 2), issue('ES256', 3)]);
});

// ---------------------------------------------------------------------------------------------
// importX509 from an x5c entry

describe('importX509: one x5c entry (RFC 7515 §4.1.6, RFC 7517 §4.7)', () => {
  it('the RFC 7517 Appendix B x5c[0] gives the key of its JWK, as its PEM does', async () => {
    const fromX5c = await jose.importX509(RFC_X5C, 'RS256', { extractable: true });
    const fromPem = await jose.importX509(RFC_PEM, 'RS256', { extractable: true });
    const jwk = await jose.exportJwk(fromX5c);
    expect(jwk).toEqual(await jose.exportJwk(fromPem));
    expect(jwk.kty).toBe('RSA');
    expect(jwk.n).toBe(RFC_JWK.n);
    expect(jwk.e).toBe(RFC_JWK.e);
  });

  it('an x5c entry imports for PS256 too (the key type comes from the certificate)', async () => {
    const key = await jose.importX509(RFC_X5C, 'PS256');
    expect(key.type).toBe('public');
    expect(key.usages).toEqual(['verify']);
    expect(key.extractable).toBe(false);
  });

  it('EC P-256 and Ed25519 certificates: x5c and PEM give the same key, and it verifies', async () => {
    for (const [issued, alg] of [
      [es256, 'ES256'],
      [ed25519, 'EdDSA'],
    ] as const) {
      const fromX5c = await jose.importX509(issued.x5c, alg, { extractable: true });
      const fromPem = await jose.importX509(issued.pem, alg, { extractable: true });
      expect(await jose.exportJwk(fromX5c)).toEqual(issued.publicJwk);
      expect(await jose.exportJwk(fromPem)).toEqual(issued.publicJwk);
      const token = await jose.signCompact('hello', issued.privateKey, { alg });
      const { payload } = await jose.verifyCompact(token, fromX5c, { algorithms: [alg] });
      expect(new TextDecoder().decode(payload)).toBe('hello');
    }
  });

  it('the algorithm binding applies: an RSA certificate is not an ES256 or EdDSA key', async () => {
    await rejects(jose.importX509(RFC_X5C, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /the certificate holds a RSA key; ES256 needs a EC P-256 key/);
    await rejects(jose.importX509(RFC_X5C, 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /the certificate holds a RSA key/);
    await rejects(jose.importX509(es256.x5c, 'ES384'), jose.JoseKeyInvalid, KEY_INVALID, /EC P-256 key; ES384 needs a EC P-384 key/);
    await rejects(jose.importX509(ed25519.x5c, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /Ed25519 key; ES256/);
    await rejects(jose.importX509(es256.x5c, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /EC P-256 key; RS256 needs a RSA key/);
  });

  it('HS256 is refused with the pointer to importSecret', async () => {
    await rejects(jose.importX509(RFC_X5C, 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /importSecret/);
  });

  it('an RSA modulus under 2048 bits is refused, as for PEM', async () => {
    const der = await smallRsaCertificate();
    await rejects(jose.importX509(toBase64(der), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /at least 2048 bits; this key has 1024/);
    await rejects(jose.importX509(wrap(toBase64(der)), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /at least 2048 bits; this key has 1024/);
  });

  it('a small-order Ed25519 point is refused, as for PEM', async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1; // y = 1: the neutral element, order 1
    const spki = tlv(SEQUENCE, tlv(SEQUENCE, Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x70)), tlv(0x03, Uint8Array.of(0), identity));
    const x5c = toBase64(certificate(spki));
    await rejects(jose.importX509(x5c, 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /small-order point/);
    await rejects(jose.importX509(wrap(x5c), 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, /small-order point/);
  });

  it('an EC point off the curve is refused', async () => {
    const der = es256.der.slice();
    // The last byte of the certificate's SPKI is the last byte of y, just before the signature algorithm.
    const spkiEnd = der.length - (2 + ECDSA_WITH_SHA256.length) - 6;
    der[spkiEnd - 1] ^= 0x01;
    await rejects(jose.importX509(toBase64(der), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /the public point \(x, y\) is not on the P-256 curve/);
  });

  it('options are checked as for PEM', async () => {
    await rejects(jose.importX509(RFC_X5C, 'RS256', { extractable: 'yes' as never }), jose.JoseInvalidOptions, INVALID_OPTIONS);
    await rejects(jose.importX509(RFC_X5C, 'RS256', { extractible: true } as never), jose.JoseInvalidOptions, INVALID_OPTIONS, /extractable/);
  });
});

// ---------------------------------------------------------------------------------------------
// Strict base64

describe('importX509: an x5c entry must be one line of canonical, padded standard base64', () => {
  const entry = RFC_X5C;

  it('the vector entry is padded standard base64 with "+" and "/", so the cases below change something real', () => {
    expect(entry.endsWith('==')).toBe(true);
    expect(entry).toMatch(/\+/);
    expect(entry).toMatch(/\//);
    expect(entry).not.toMatch(/[-_\s]/);
  });

  it('whitespace and line breaks are refused, with the offset and the PEM alternative', async () => {
    const lines = entry.match(/.{1,64}/g)!;
    await rejects(jose.importX509(lines.join('\n'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /x5c entry .*a line break at offset 64:.*BEGIN CERTIFICATE/);
    await rejects(jose.importX509(lines.join('\r\n'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /a line break at offset 64/);
    await rejects(jose.importX509(`${entry}\n`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, new RegExp(`a line break at offset ${entry.length}`));
    await rejects(jose.importX509(` ${entry}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /a space at offset 0/);
    await rejects(jose.importX509(`${entry.slice(0, 10)}\t${entry.slice(10)}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /a tab at offset 10/);
    await rejects(jose.importX509(`${entry.slice(0, 4)}\u00a0${entry.slice(4)}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /whitespace .* at offset 4/);
  });

  it('base64url is refused, naming the difference', async () => {
    const url = entry.replace(/\+/g, '-').replace(/\//g, '_');
    const first = Math.min(url.indexOf('-'), url.indexOf('_'));
    await rejects(jose.importX509(url, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, new RegExp(`at offset ${first} is a base64url character: .*"\\+", "/" and "=" padding.*not base64url`));
    // Unpadded base64url, as a JWK's other members are written.
    await rejects(jose.importX509(url.replace(/=+$/, ''), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /base64url character/);
    // Only the "/" characters turned to "_": still base64url.
    await rejects(jose.importX509(entry.replace(/\//g, '_'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"_" at offset \d+ is a base64url character/);
  });

  it('missing, extra and misplaced padding are refused', async () => {
    await rejects(jose.importX509(entry.replace(/=+$/, ''), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /no "=" padding.*not unpadded base64url/);
    await rejects(jose.importX509(entry.slice(0, -1), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /not a multiple of 4: the "=" padding is wrong/);
    await rejects(jose.importX509(`${entry}=`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /3 "=" padding characters.*at most 2/);
    await rejects(jose.importX509(`${entry}==`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /4 "=" padding characters/);
    await rejects(jose.importX509(`MA==${entry}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"=" at offset 2: padding belongs only at the end/);
  });

  it('non-canonical trailing bits are refused, although a lenient decoder reads the same certificate', async () => {
    const lastData = entry.length - 3; // "…WA==": the character before the padding
    expect(entry[lastData]).toBe('A');
    const altered = `${entry.slice(0, lastData)}B==`;
    // atob ignores the unused bits: the bytes are identical, only the text differs.
    expect(fromBase64(altered)).toEqual(RFC_DER);
    await rejects(jose.importX509(altered, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, new RegExp(`non-zero unused bits .*offset ${lastData}.*not canonical base64`));
  });

  it('trailing garbage is refused: as more base64 (DER) and as other text', async () => {
    await rejects(jose.importX509(`${entry.slice(0, -2)}AAAAAA`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: \d+ bytes? follows? the certificate/);
    await rejects(jose.importX509(toBase64(Uint8Array.of(...RFC_DER, 0, 0, 0)), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: 3 bytes follow the certificate/);
    await rejects(jose.importX509(`${entry}.`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"=" at offset \d+: padding belongs only at the end/);
    await rejects(jose.importX509(`${entry},${entry}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /padding belongs only at the end/);
  });

  it('other characters: JSON escapes, quotes, a whole x5c array', async () => {
    const escaped = entry.replace(/\//g, '\\/');
    await rejects(jose.importX509(escaped, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /a backslash at offset \d+: .*JSON escapes/);
    await rejects(jose.importX509(`"${entry}"`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"\\"" at offset 0 is not a base64 character/);
    await rejects(jose.importX509(JSON.stringify([entry]), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"\[" at offset 0 is not a base64 character/);
    await rejects(jose.importX509(`${entry.slice(0, 8)}é${entry.slice(9)}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /"é" at offset 8 is not a base64 character/);
  });

  it('well-formed base64 of something that is not a certificate is refused by the DER reader', async () => {
    const spki = pemBody(await jose.exportSpki(await jose.importJwk(es256.publicJwk, 'ES256', { extractable: true })));
    await rejects(jose.importX509(toBase64(spki), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER/);
    await rejects(jose.importX509('AgEF', 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: the certificate is not a SEQUENCE/);
    await rejects(jose.importX509(toBase64(RFC_DER.subarray(0, 400)), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: element at offset 0 claims/);
  });

  it('empty strings and non-strings name both accepted forms', async () => {
    await rejects(jose.importX509('', 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /empty string: expected a PEM certificate .* or one x5c entry/);
    for (const value of [undefined, null, 5, [RFC_X5C], RFC_DER, { x5c: [RFC_X5C] }]) {
      await rejects(jose.importX509(value as never, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /^import key: expected a PEM certificate .* or one x5c entry/);
    }
  });

  it('text with a PEM boundary is read as PEM, so a broken PEM is reported as PEM', async () => {
    await rejects(jose.importX509(`${entry}\n-----END CERTIFICATE-----\n`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /END line .*without a BEGIN line/);
    await rejects(jose.importX509(RFC_PEM.replace(/\n-----END CERTIFICATE-----\n$/, ''), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /has no END line/);
    // And a good PEM with text around it still imports.
    const key = await jose.importX509(`subject=CN=Brian Campbell\n${RFC_PEM}`, 'RS256', { extractable: true });
    expect((await jose.exportJwk(key)).n).toBe(RFC_JWK.n);
  });
});

// ---------------------------------------------------------------------------------------------
// x509Thumbprint

describe('x509Thumbprint: x5t (RFC 7515 §4.1.7) and x5t#S256 (RFC 7515 §4.1.8)', () => {
  it('RFC 7517 Appendix B: matches SHA-1 / SHA-256 of the DER computed here, from the x5c entry and the PEM', async () => {
    const sha1 = await expectedThumbprint(RFC_DER, 'SHA-1');
    const sha256 = await expectedThumbprint(RFC_DER, 'SHA-256');
    expect(await jose.x509Thumbprint(RFC_X5C, 'sha1')).toBe(sha1);
    expect(await jose.x509Thumbprint(RFC_X5C, 'sha256')).toBe(sha256);
    expect(await jose.x509Thumbprint(RFC_PEM, 'sha1')).toBe(sha1);
    expect(await jose.x509Thumbprint(RFC_PEM, 'sha256')).toBe(sha256);
  });

  it('matches the x5t and x5t#S256 values recorded with the vector', async () => {
    expect(await jose.x509Thumbprint(RFC_X5C, 'sha1')).toBe(rfc7517B.derived.x5t);
    expect(await jose.x509Thumbprint(RFC_X5C, 'sha256')).toBe(rfc7517B.derived['x5t#S256']);
  });

  it('is base64url without padding: 27 characters for SHA-1, 43 for SHA-256', async () => {
    for (const issued of [es256, ed25519, other]) {
      const x5t = await jose.x509Thumbprint(issued.x5c, 'sha1');
      const s256 = await jose.x509Thumbprint(issued.pem, 'sha256');
      expect(x5t).toMatch(/^[A-Za-z0-9_-]{27}$/);
      expect(s256).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(x5t).toBe(await expectedThumbprint(issued.der, 'SHA-1'));
      expect(s256).toBe(await expectedThumbprint(issued.der, 'SHA-256'));
    }
  });

  it('different certificates have different thumbprints', async () => {
    const all = await Promise.all([RFC_X5C, es256.x5c, ed25519.x5c, other.x5c].map((c) => jose.x509Thumbprint(c, 'sha256')));
    expect(new Set(all).size).toBe(4);
  });

  it('hashes the certificate, not its key: a key josekit will not import still has a thumbprint', async () => {
    const der = await smallRsaCertificate();
    await rejects(jose.importX509(toBase64(der), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID);
    expect(await jose.x509Thumbprint(toBase64(der), 'sha256')).toBe(await expectedThumbprint(der, 'SHA-256'));
  });

  it('the digest is required and is "sha1" or "sha256"', async () => {
    for (const digest of [undefined, 'SHA-1', 'SHA-256', 'sha384', 'sha512', 'SHA1', 'x5t', 'x5t#S256', '', 1, null, {}, 'constructor', '__proto__']) {
      await rejects(
        jose.x509Thumbprint(RFC_X5C, digest as never),
        jose.JoseInvalidOptions,
        INVALID_OPTIONS,
        /^options: the x509Thumbprint digest must be "sha1" \(x5t\) or "sha256" \(x5t#S256\), got /,
      );
    }
    // The call shape is checked too: no default digest.
    // @ts-expect-error the digest argument is required
    await rejects(jose.x509Thumbprint(RFC_X5C), jose.JoseInvalidOptions, INVALID_OPTIONS);
  });

  it('junk is refused with the same error and message as importX509', async () => {
    const junk: unknown[] = [
      '',
      RFC_X5C.match(/.{1,64}/g)!.join('\n'),
      RFC_X5C.replace(/\+/g, '-').replace(/\//g, '_'),
      RFC_X5C.replace(/=+$/, ''),
      `${RFC_X5C.slice(0, -3)}B==`,
      toBase64(Uint8Array.of(...RFC_DER, 0)),
      'AgEF',
      `${RFC_PEM}${RFC_PEM}`,
      wrap(RFC_X5C, 'PUBLIC KEY'),
      '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----',
      toBase64(certificate(Uint8Array.of(0x30, 0x00))),
      42,
      null,
    ];
    for (const value of junk) {
      const fromImport = await errorOf(() => jose.importX509(value as never, 'RS256'));
      for (const digest of ['sha1', 'sha256'] as const) {
        const fromThumbprint = await errorOf(() => jose.x509Thumbprint(value as never, digest));
        expect(fromThumbprint).toBeInstanceOf(jose.JoseKeyInvalid);
        expect(fromThumbprint.code).toBe(KEY_INVALID);
        expect(fromThumbprint.message).toBe(fromImport.message);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Usage: x5c with x5t in a JWK and in a JWS header

describe('usage: a JWK with x5c and x5t (RFC 7517 §4.7, §4.8, §4.9)', () => {
  it('publishing: the x5t / x5t#S256 of a JWK are the thumbprints of its x5c[0], and the certificate holds the JWK key', async () => {
    const jwk: jose.Jwk = {
      ...RFC_JWK,
      x5t: await jose.x509Thumbprint(RFC_JWK.x5c[0]!, 'sha1'),
      'x5t#S256': await jose.x509Thumbprint(RFC_JWK.x5c[0]!, 'sha256'),
    };
    expect(jwk.x5t).toBe(rfc7517B.derived.x5t);
    expect(jwk['x5t#S256']).toBe(rfc7517B.derived['x5t#S256']);
    // The JWK imports with its x5c/x5t members, and is the very key of the certificate.
    const fromJwk = await jose.exportJwk(await jose.importJwk(jwk, 'RS256', { extractable: true }));
    const fromCert = await jose.exportJwk(await jose.importX509(jwk.x5c![0]!, 'RS256', { extractable: true }));
    expect(fromCert).toEqual(fromJwk);
  });

  it('consuming: a JWK whose x5t does not name its x5c[0] is caught by comparing thumbprints', async () => {
    const honest = { ...es256.publicJwk, x5c: [es256.x5c], x5t: await jose.x509Thumbprint(es256.x5c, 'sha1') };
    const mixed = { ...honest, x5c: [other.x5c] };
    const matches = async (jwk: typeof honest) => (await jose.x509Thumbprint(jwk.x5c[0]!, 'sha1')) === jwk.x5t;
    expect(await matches(honest)).toBe(true);
    expect(await matches(mixed)).toBe(false);
  });

  it('a JWS whose x5c is accepted only when its x5t#S256 is pinned: the pinned certificate verifies, another does not', async () => {
    const pinned = new Set([await jose.x509Thumbprint(es256.x5c, 'sha256')]);
    // The resolver hashes the certificate it was given, not the header's own x5t#S256 claim.
    const resolver = async (header: Record<string, unknown>) => {
      const leaf = (header.x5c as string[])[0]!;
      if (!pinned.has(await jose.x509Thumbprint(leaf, 'sha256'))) throw new Error('certificate is not pinned');
      return jose.importX509(leaf, 'ES256');
    };
    const signWith = async (issued: Issued, claimed: string) =>
      jose.signCompact('order #42', issued.privateKey, { alg: 'ES256', header: { x5c: [issued.x5c], 'x5t#S256': claimed } });

    const good = await signWith(es256, await jose.x509Thumbprint(es256.x5c, 'sha256'));
    const { payload, header } = await jose.verifyCompact(good, resolver, { algorithms: ['ES256'] });
    expect(new TextDecoder().decode(payload)).toBe('order #42');
    expect(header['x5t#S256']).toBe(await expectedThumbprint(es256.der, 'SHA-256'));

    // Another key and certificate, with the pinned thumbprint copied into its header: refused.
    const forged = await signWith(other, [...pinned][0]!);
    await rejects(jose.verifyCompact(forged, resolver, { algorithms: ['ES256'] }), jose.JoseKeyInvalid, KEY_INVALID, /certificate is not pinned/);
  });
});
