// The DER reader (src/keys/der.ts) is strict everywhere: SubjectPublicKeyInfo (with the
// RSAPublicKey inside an RSA one), PKCS#8 and X.509 structures must hold exactly their defined
// elements, nothing may follow the outer structure, and every input — random bytes, random DER
// trees, mutations of real keys and certificates — ends in a result or a JoseKeyInvalid, never
// another exception. Also the canonical public members an SPKI gives (src/keys/normalize.ts),
// which are a key's identity: the same as its JWK's, whatever the SPKI's encoding.
//
// Node only: reaches into src/ for the reader itself.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from '../../src/index.js';
import { ecPointOfSpki, readPkcs8KeyType, readSpki, spkiFromCertificate } from '../../src/keys/der.js';
import { decompressEcPoint, jwkIdentity, spkiPublicJwk } from '../../src/keys/normalize.js';
import { requireAlgorithm } from '../../src/jwa/algorithms.js';
import rfc7517B from '../../vectors/rfc/rfc7517-B.json';
import { rejects } from '../portable/support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const SEED = 0x0de7_2026;

function tlv(tag: number, ...parts: Array<Uint8Array | number[]>): Uint8Array {
  const body = parts.flatMap((part) => Array.from(part));
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([tag, ...length, ...body]);
}
const seq = (...parts: Array<Uint8Array | number[]>) => tlv(0x30, ...parts);
const oid = (...bytes: number[]) => tlv(0x06, bytes);
const ED25519_OID = [0x2b, 0x65, 0x70];
const RSA_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_OID = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256_OID = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

const pem = (der: Uint8Array, label: string): string =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...der)).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const derOf = (text: string): Uint8Array => fromBase64(text.replace(/-----[^-]+-----|\s/g, ''));

/** Runs `read` and returns its result, or the JoseKeyInvalid it threw; anything else fails the test. */
function outcome<T>(read: () => T): T | jose.JoseKeyInvalid {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof jose.JoseKeyInvalid) || err.code !== KEY_INVALID) {
      throw new Error(`expected a result or JoseKeyInvalid, got ${err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)}`);
    }
    return err;
  }
}

const CERT = fromBase64(rfc7517B.jwk.x5c[0]!);
let samples: { name: string; der: Uint8Array; kind: 'spki' | 'pkcs8' | 'certificate'; alg: jose.JwsAlgorithm }[];
let ed25519Spki: Uint8Array;
let ed25519Pkcs8: Uint8Array;
let es256Spki: Uint8Array;

beforeAll(async () => {
  samples = [{ name: 'RFC 7517 B certificate', der: CERT, kind: 'certificate', alg: 'RS256' }];
  for (const alg of ['ES256', 'RS256', 'EdDSA', 'Ed448'] as const) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
    samples.push({ name: `${alg} SPKI`, der: derOf(await jose.exportSpki(publicKey)), kind: 'spki', alg });
    samples.push({ name: `${alg} PKCS#8`, der: derOf(await jose.exportPkcs8(privateKey)), kind: 'pkcs8', alg });
  }
  ed25519Spki = samples.find((s) => s.name === 'EdDSA SPKI')!.der;
  ed25519Pkcs8 = samples.find((s) => s.name === 'EdDSA PKCS#8')!.der;
  es256Spki = samples.find((s) => s.name === 'ES256 SPKI')!.der;
});

describe('SubjectPublicKeyInfo: exactly an AlgorithmIdentifier and a BIT STRING', () => {
  it('the empty AlgorithmIdentifier of the report (MAUwAAMBAA==) is a JoseKeyInvalid, not a crash', async () => {
    const report = '-----BEGIN PUBLIC KEY-----\nMAUwAAMBAA==\n-----END PUBLIC KEY-----';
    for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
      await rejects(jose.importSpki(report, alg), jose.JoseKeyInvalid, KEY_INVALID, /SubjectPublicKeyInfo DER: .*AlgorithmIdentifier/);
    }
    expect(() => readSpki(derOf(report))).toThrow(/has 0 fields/);
  });

  it('bytes after the SubjectPublicKeyInfo are refused (as after a certificate)', async () => {
    for (const extra of [[0x00], [0x00, 0x00], [0x30, 0x00]]) {
      const der = new Uint8Array([...es256Spki, ...extra]);
      expect(() => readSpki(der)).toThrow(new RegExp(`${extra.length} bytes? follows? the SubjectPublicKeyInfo`));
      await rejects(jose.importSpki(pem(der, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /follows? the SubjectPublicKeyInfo/);
    }
  });

  it('a missing, extra or mistyped field', () => {
    const algorithm = seq(oid(...ED25519_OID));
    const key = tlv(0x03, [0, ...new Uint8Array(32).fill(9)]);
    expect(() => readSpki(seq(algorithm))).toThrow(/has 1 fields/);
    expect(() => readSpki(seq(algorithm, key, tlv(0x05)))).toThrow(/has 3 fields/);
    expect(() => readSpki(seq(algorithm, tlv(0x04, [0, 1, 2])))).toThrow(/not a BIT STRING/);
    expect(() => readSpki(seq(tlv(0x06, ED25519_OID), key))).toThrow(/not an AlgorithmIdentifier SEQUENCE/);
    expect(() => readSpki(seq(seq(oid(...ED25519_OID), tlv(0x05), tlv(0x05)), key))).toThrow(/has 3 fields/);
    expect(() => readSpki(seq(seq(tlv(0x05)), key))).toThrow(/not an OBJECT IDENTIFIER/);
    expect(readSpki(seq(algorithm, key)).keyType).toBe('Ed25519');
  });

  it('a BIT STRING that is empty or has unused bits', () => {
    const algorithm = seq(oid(...ED25519_OID));
    expect(() => readSpki(seq(algorithm, tlv(0x03)))).toThrow(/empty/);
    expect(() => readSpki(seq(algorithm, tlv(0x03, [0])))).toThrow(/empty/);
    expect(() => readSpki(seq(algorithm, tlv(0x03, [3, ...new Uint8Array(32)])))).toThrow(/unused bits/);
  });

  it('AlgorithmIdentifier parameters: none for EdDSA (RFC 8410), NULL for rsaEncryption', () => {
    const key = tlv(0x03, [0, ...new Uint8Array(32).fill(9)]);
    const rsaKey = tlv(0x03, [0, ...seq(tlv(0x02, [0x00, 0xc5, 7]), tlv(0x02, [1, 0, 1]))]);
    expect(() => readSpki(seq(seq(oid(...ED25519_OID), tlv(0x05)), key))).toThrow(/Ed25519 keys have no AlgorithmIdentifier parameters/);
    expect(() => readSpki(seq(seq(oid(...RSA_OID), tlv(0x04)), rsaKey))).toThrow(/rsaEncryption parameters must be NULL/);
    expect(() => readSpki(seq(seq(oid(...RSA_OID), tlv(0x05, [0])), rsaKey))).toThrow(/rsaEncryption parameters must be NULL/);
    expect(readSpki(seq(seq(oid(...RSA_OID), tlv(0x05)), rsaKey)).keyType).toBe('RSA');
    expect(readSpki(seq(seq(oid(...RSA_OID)), rsaKey)).keyType).toBe('RSA');
  });

  it('RSA: the BIT STRING holds exactly one RSAPublicKey of two positive, minimal INTEGERs', async () => {
    const rsa = (...publicKey: Array<Uint8Array | number[]>) => seq(seq(oid(...RSA_OID), tlv(0x05)), tlv(0x03, [0], ...publicKey));
    const n = tlv(0x02, [0x00, 0xc5, 7]);
    const e = tlv(0x02, [1, 0, 1]);
    // The sign octet before a high bit is not part of the number.
    expect(readSpki(rsa(seq(n, e))).rsa).toEqual({ n: new Uint8Array([0xc5, 7]), e: new Uint8Array([1, 0, 1]) });
    expect(readSpki(rsa(seq(tlv(0x02, [0x45, 7]), e))).rsa!.n).toEqual(new Uint8Array([0x45, 7]));
    // Anything after the RSAPublicKey inside the BIT STRING (some platforms ignore it) is refused;
    // offsets count from the start of the SPKI.
    expect(() => readSpki(rsa(seq(n, e), [0]))).toThrow(/: SubjectPublicKeyInfo DER: 1 byte follows the RSAPublicKey in subjectPublicKey$/);
    expect(() => readSpki(rsa(seq(n, e), [0x30, 0]))).toThrow(/2 bytes follow the RSAPublicKey/);
    expect(() => readSpki(rsa(seq(n, e), [0x30, 0]), 'certificate')).toThrow(/: certificate DER: 2 bytes follow the RSAPublicKey/);
    expect(() => readSpki(rsa([0x30, 0x0b, ...n, ...e]))).toThrow(/element at offset 20 claims 11 bytes but only 10 remain/);
    expect(() => readSpki(rsa(tlv(0x04, [1])))).toThrow(/the RSAPublicKey in subjectPublicKey is not a SEQUENCE/);
    expect(() => readSpki(rsa(seq(n)))).toThrow(/the RSAPublicKey has 1 field; it has a modulus and a public exponent/);
    expect(() => readSpki(rsa(seq(n, e, e)))).toThrow(/has 3 fields/);
    expect(() => readSpki(rsa(seq(n, tlv(0x04, [3]))))).toThrow(/the RSA public exponent is not an INTEGER/);
    expect(() => readSpki(rsa(seq(tlv(0x02), e)))).toThrow(/the RSA modulus is an empty INTEGER/);
    expect(() => readSpki(rsa(seq(tlv(0x02, [0x00, 0x00, 0xc5]), e)))).toThrow(/the RSA modulus has a leading zero octet/);
    expect(() => readSpki(rsa(seq(tlv(0x02, [0x00, 0x45]), e)))).toThrow(/the RSA modulus has a leading zero octet/);
    expect(() => readSpki(rsa(seq(n, tlv(0x02, [0x00, 1, 0, 1]))))).toThrow(/the RSA public exponent has a leading zero octet/);
    expect(() => readSpki(rsa(seq(tlv(0x02, [0xc5, 7]), e)))).toThrow(/the RSA modulus is negative/);
    expect(() => readSpki(rsa(seq(tlv(0x02, [0xff, 0xc5, 7]), e)))).toThrow(/the RSA modulus is negative/);
    expect(() => readSpki(rsa(seq(n, tlv(0x02, [0]))))).toThrow(/the RSA public exponent is zero/);
    expect(() => readSpki(rsa())).toThrow(/subjectPublicKey is empty/);
    // A real key: the modulus is read without its sign octet.
    const spki = samples.find((s) => s.name === 'RS256 SPKI')!.der;
    const { rsa: key } = readSpki(spki);
    expect(key!.n).toHaveLength(256);
    expect(key!.n[0]! & 0x80).toBe(0x80);
    expect(key!.e).toEqual(new Uint8Array([1, 0, 1]));
    await rejects(jose.importSpki(pem(rsa(seq(n, e), [0]), 'PUBLIC KEY'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /1 byte follows the RSAPublicKey/);
  });

  it('OBJECT IDENTIFIERs: empty, padded arcs, unfinished arcs and huge arcs are refused; others read exactly', () => {
    const key = tlv(0x03, [0, 1]);
    expect(() => readSpki(seq(seq(oid()), key))).toThrow(/empty OBJECT IDENTIFIER/);
    expect(() => readSpki(seq(seq(oid(0x2b, 0x80, 0x65)), key))).toThrow(/shortest form/);
    expect(() => readSpki(seq(seq(oid(0x2b, 0x65, 0xf0)), key))).toThrow(/ends inside an arc/);
    expect(() => readSpki(seq(seq(oid(0x2b, ...new Array(9).fill(0xff), 0x7f)), key))).toThrow(/too large/);
    expect(readSpki(seq(seq(oid(0x2b, 0x65, 0x6e)), key)).keyType).toBe('X25519');
    // An unknown OID is named in dotted form, including a first arc of 2 with a large second arc.
    expect(readSpki(seq(seq(oid(0x88, 0x37, 0x03)), key)).keyType).toBe('2.999.3');
    expect(readSpki(seq(seq(oid(0x2a, 0x03)), key)).keyType).toBe('1.2.3');
  });

  it('EC keys: a named curve is required; the point must be uncompressed or compressed of the right size', async () => {
    const point = [0x04, ...new Uint8Array(64).fill(1)];
    expect(readSpki(seq(seq(oid(...EC_OID), oid(...P256_OID)), tlv(0x03, [0, ...point]))).keyType).toBe('EC P-256');
    const explicit = seq(seq(oid(...EC_OID), seq(tlv(0x02, [1]))), tlv(0x03, [0, ...point]));
    expect(readSpki(explicit).keyType).toBe('EC (without a named curve)');
    await rejects(jose.importSpki(pem(explicit, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /without a named curve.*needs a EC P-256 key/);
    expect(() => ecPointOfSpki(new Uint8Array([0x00]), 32)).toThrow(/form 0x0/);
    expect(() => ecPointOfSpki(new Uint8Array(0), 32)).toThrow(/form/);
    expect(() => ecPointOfSpki(new Uint8Array([0x04, ...new Uint8Array(63)]), 32)).toThrow(/64 bytes|is 64 bytes/);
    expect(() => ecPointOfSpki(new Uint8Array([0x02, ...new Uint8Array(31)]), 32)).toThrow(/the compressed EC point is 32 bytes; a compressed point of this curve has 33/);
    expect(() => ecPointOfSpki(new Uint8Array([0x06, ...new Uint8Array(64)]), 32)).toThrow(/form 0x6/);
    expect(ecPointOfSpki(new Uint8Array([0x03, ...new Uint8Array(32).fill(5)]), 32)).toEqual({ x: new Uint8Array(32).fill(5), yIsOdd: true });
    expect(ecPointOfSpki(new Uint8Array([0x02, ...new Uint8Array(32).fill(5)]), 32)).toEqual({ x: new Uint8Array(32).fill(5), yIsOdd: false });
    expect(ecPointOfSpki(new Uint8Array(point), 32)).toEqual({ x: new Uint8Array(32).fill(1), y: new Uint8Array(32).fill(1) });
    // The point at infinity as an SPKI key is refused before the platform sees it.
    const infinity = seq(seq(oid(...EC_OID), oid(...P256_OID)), tlv(0x03, [0, 0x00]));
    await rejects(jose.importSpki(pem(infinity, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /form 0x0/);
  });

  it('BER forms: indefinite length, a long-form short length, a padded length, a multi-byte tag', () => {
    expect(() => readSpki(new Uint8Array([0x30, 0x80, 0x00, 0x00]))).toThrow(/indefinite length/);
    expect(() => readSpki(new Uint8Array([0x30, 0x81, 0x02, 0x05, 0x00]))).toThrow(/shortest form/);
    expect(() => readSpki(new Uint8Array([0x30, 0x82, 0x00, 0x82, ...new Uint8Array(0x82)]))).toThrow(/shortest form/);
    expect(() => readSpki(new Uint8Array([0x30, 0x03, 0x1f, 0x81, 0x00]))).toThrow(/multi-byte tag/);
    expect(() => readSpki(new Uint8Array([0x30, 0x85, 1, 0, 0, 0, 0]))).toThrow(/too large/);
  });
});

describe('key identity: an SPKI gives the canonical public members of its JWK', () => {
  const b64 = (bytes: Uint8Array) => jose.base64url.encode(bytes);

  it('EC: uncompressed and compressed points of P-256, P-384 and P-521 give the JWK\'s x and y', async () => {
    for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
      const entry = requireAlgorithm(alg, 'import key');
      const parities = new Set<boolean>();
      for (let round = 0; round < 64 && parities.size < 2; round++) {
        const { publicKey } = await jose.generateKeyPair(alg);
        const jwk = await jose.exportJwk(publicKey);
        const spki = readSpki(derOf(await jose.exportSpki(publicKey)));
        const x = jose.base64url.decode(jwk.x!);
        const y = jose.base64url.decode(jwk.y!);
        const odd = (y[y.length - 1]! & 1) === 1;
        parities.add(odd);
        const canonical = { kty: 'EC', crv: entry.crv, x: jwk.x, y: jwk.y };
        expect(spkiPublicJwk(spki, entry, 'import key')).toEqual(canonical);
        const compressed = { keyType: spki.keyType, publicKey: new Uint8Array([odd ? 0x03 : 0x02, ...x]) };
        expect(spkiPublicJwk(compressed, entry, 'import key')).toEqual(canonical);
        expect(decompressEcPoint(entry, x, odd, 'import key')).toEqual(y);
        // The other parity is the other point with this x: p − y.
        const other = decompressEcPoint(entry, x, !odd, 'import key');
        const big = (bytes: Uint8Array) => BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`);
        expect(big(other) + big(y)).toBe(entry.curveEquation!.p);
        expect(jwkIdentity(spkiPublicJwk(compressed, entry, 'import key'))).toBe(jwkIdentity({ ...jwk, alg, key_ops: ['verify'], ext: true }));
      }
      expect(parities.size).toBe(2);
    }
  });

  it('EC: x at or above p, or the x of no point, is refused; so is an uncompressed point off the curve', () => {
    const entry = requireAlgorithm('ES256', 'import key');
    const p = entry.curveEquation!.p;
    const bytes32 = (v: bigint) => Uint8Array.from(v.toString(16).padStart(64, '0').match(/../g)!, (h) => parseInt(h, 16));
    expect(() => decompressEcPoint(entry, bytes32(p), false, 'import key')).toThrow(/not below the P-256 field prime/);
    // The first x for which x³ − 3x + b is not a square mod p (Euler's criterion): no point has it.
    const pow = (base: bigint, e: bigint): bigint => {
      let r = 1n;
      for (base %= p; e > 0n; e >>= 1n, base = (base * base) % p) if (e & 1n) r = (r * base) % p;
      return r;
    };
    const b = entry.curveEquation!.b;
    let x = 0n;
    while (pow((((x * x * x - 3n * x + b) % p) + p) % p, (p - 1n) / 2n) !== p - 1n) x++;
    for (const odd of [false, true]) expect(() => decompressEcPoint(entry, bytes32(x), odd, 'import key')).toThrow(/not on the P-256 curve/);
    const offCurve = { keyType: 'EC P-256', publicKey: new Uint8Array([0x04, ...new Uint8Array(64).fill(1)]) };
    expect(() => spkiPublicJwk(offCurve, entry, 'import key')).toThrow(/not on the P-256 curve/);
  });

  it('RSA: n and e without the DER sign octet, as a JWK with or without leading zeros gives them', async () => {
    const entry = requireAlgorithm('RS256', 'import key');
    const spki = samples.find((s) => s.name === 'RS256 SPKI')!.der;
    const read = readSpki(spki);
    const jwk = spkiPublicJwk(read, entry, 'import key');
    expect(jwk).toEqual({ kty: 'RSA', n: b64(read.rsa!.n), e: 'AQAB' });
    const key = await jose.importSpki(pem(spki, 'PUBLIC KEY'), 'RS256', { extractable: true });
    const exported = await jose.exportJwk(key);
    expect(jwkIdentity(jwk)).toBe(jwkIdentity(exported));
  });

  it('OKP: x is the key bits', () => {
    const entry = requireAlgorithm('Ed25519', 'import key');
    expect(spkiPublicJwk(readSpki(ed25519Spki), entry, 'import key')).toEqual({ kty: 'OKP', crv: 'Ed25519', x: b64(ed25519Spki.subarray(12)) });
  });

  it('identities differ for different keys, key types and curves', () => {
    expect(jwkIdentity({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AB' })).not.toBe(jwkIdentity({ kty: 'EC', crv: 'P-256', x: 'AB', y: 'AA' }));
    expect(jwkIdentity({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AB' })).not.toBe(jwkIdentity({ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AB' }));
    expect(jwkIdentity({ kty: 'OKP', crv: 'Ed25519', x: 'AA' })).not.toBe(jwkIdentity({ kty: 'oct', k: 'AA' }));
    // Private members and metadata do not change the identity.
    expect(jwkIdentity({ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'BB', kid: 'k', alg: 'EdDSA' })).toBe(jwkIdentity({ kty: 'OKP', crv: 'Ed25519', x: 'AA' }));
  });
});

describe('PKCS#8: version, AlgorithmIdentifier, OCTET STRING, then only [0] attributes and [1] publicKey', () => {
  it('bytes after the PrivateKeyInfo are refused', async () => {
    const der = new Uint8Array([...ed25519Pkcs8, 0x00]);
    expect(() => readPkcs8KeyType(der)).toThrow(/1 byte follows the PrivateKeyInfo/);
    await rejects(jose.importPkcs8(pem(der, 'PRIVATE KEY'), 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /follows the PrivateKeyInfo/);
  });

  it('the version must be 0, or 1 with a public key', () => {
    const algorithm = seq(oid(...ED25519_OID));
    const privateKey = tlv(0x04, tlv(0x04, new Uint8Array(32).fill(7)));
    const publicKey = tlv(0x81, [0, ...new Uint8Array(32).fill(9)]);
    expect(readPkcs8KeyType(seq(tlv(0x02, [0]), algorithm, privateKey))).toBe('Ed25519');
    expect(readPkcs8KeyType(seq(tlv(0x02, [1]), algorithm, privateKey, publicKey))).toBe('Ed25519');
    expect(readPkcs8KeyType(seq(tlv(0x02, [0]), algorithm, privateKey, tlv(0xa0, seq())))).toBe('Ed25519');
    expect(readPkcs8KeyType(seq(tlv(0x02, [1]), algorithm, privateKey, tlv(0xa0, seq()), publicKey))).toBe('Ed25519');
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [2]), algorithm, privateKey))).toThrow(/version 2/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [0, 0]), algorithm, privateKey))).toThrow(/version/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [0]), algorithm, privateKey, publicKey))).toThrow(/version 0/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [0]), algorithm))).toThrow(/not an OCTET STRING/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [0]), algorithm, privateKey, tlv(0x05)))).toThrow(/unexpected element/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [1]), algorithm, privateKey, publicKey, tlv(0xa0, seq())))).toThrow(/unexpected element/);
    expect(() => readPkcs8KeyType(seq(algorithm, privateKey))).toThrow(/version/);
    expect(() => readPkcs8KeyType(seq(tlv(0x02, [0]), seq(), privateKey))).toThrow(/AlgorithmIdentifier/);
  });
});

describe('X.509: a tbsCertificate, a signatureAlgorithm and a signatureValue, nothing else', () => {
  /** The certificate's three parts, re-assembled with changes. */
  function parts(): { tbs: Uint8Array; algorithm: Uint8Array; signature: Uint8Array } {
    const read = (at: number) => {
      const length = CERT[at + 1]! & 0x80 ? [...CERT.subarray(at + 2, at + 2 + (CERT[at + 1]! & 0x7f))].reduce((a, b) => a * 256 + b, 0) : CERT[at + 1]!;
      const header = CERT[at + 1]! & 0x80 ? 2 + (CERT[at + 1]! & 0x7f) : 2;
      return CERT.subarray(at, at + header + length);
    };
    const outerHeader = 2 + (CERT[1]! & 0x7f);
    const tbs = read(outerHeader);
    const algorithm = read(outerHeader + tbs.length);
    const signature = read(outerHeader + tbs.length + algorithm.length);
    return { tbs, algorithm, signature };
  }

  it('the real certificate reads, and re-assembles byte for byte', () => {
    const { tbs, algorithm, signature } = parts();
    expect(seq(tbs, algorithm, signature)).toEqual(CERT);
    expect(readSpki(spkiFromCertificate(CERT), 'certificate').keyType).toBe('RSA');
  });

  it('a fourth part, a missing signature, or a signature that is not a BIT STRING', async () => {
    const { tbs, algorithm, signature } = parts();
    for (const der of [seq(tbs, algorithm, signature, tlv(0x05)), seq(tbs, algorithm), seq(tbs, algorithm, tlv(0x04, [0]))]) {
      expect(() => spkiFromCertificate(der)).toThrow(/certificate DER: a certificate is a tbsCertificate, a signatureAlgorithm and a signatureValue/);
      await rejects(jose.importX509(pem(der, 'CERTIFICATE'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER/);
    }
  });

  it('tbsCertificate fields of the wrong type, or optional fields out of order', () => {
    const { algorithm, signature } = parts();
    const spki = es256Spki;
    const name = seq();
    const ok = [tlv(0xa0, tlv(0x02, [2])), tlv(0x02, [1]), algorithm, name, seq(), name, spki];
    expect(readSpki(spkiFromCertificate(seq(seq(...ok), algorithm, signature)), 'certificate').keyType).toBe('EC P-256');
    const withExtensions = [...ok, tlv(0x81, [0]), tlv(0xa3, seq())];
    expect(() => spkiFromCertificate(seq(seq(...withExtensions), algorithm, signature))).not.toThrow();
    const wrongSerial = [ok[0]!, tlv(0x04, [1]), ...ok.slice(2)];
    expect(() => spkiFromCertificate(seq(seq(...wrongSerial), algorithm, signature))).toThrow(/serialNumber is missing or not an INTEGER/);
    const wrongSpki = [...ok.slice(0, 6), tlv(0x04, [1])];
    expect(() => spkiFromCertificate(seq(seq(...wrongSpki), algorithm, signature))).toThrow(/subjectPublicKeyInfo is missing or not a SEQUENCE/);
    const outOfOrder = [...ok, tlv(0xa3, seq()), tlv(0x81, [0])];
    expect(() => spkiFromCertificate(seq(seq(...outOfOrder), algorithm, signature))).toThrow(/unexpected element with tag 0x81/);
    const stray = [...ok, tlv(0x05)];
    expect(() => spkiFromCertificate(seq(seq(...stray), algorithm, signature))).toThrow(/unexpected element with tag 0x5/);
  });

  it('an SPKI inside a certificate that is itself malformed names the certificate', async () => {
    const { algorithm, signature } = parts();
    const badSpki = seq(seq(oid(...ED25519_OID), tlv(0x05)), tlv(0x03, [0, ...new Uint8Array(32).fill(9)]));
    const cert = seq(seq(tlv(0x02, [1]), algorithm, seq(), seq(), seq(), badSpki), algorithm, signature);
    await rejects(jose.importX509(pem(cert, 'CERTIFICATE'), 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /certificate DER: Ed25519 keys have no AlgorithmIdentifier parameters/);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing: every input ends in a result or a JoseKeyInvalid

/** Every reader, applied to the same bytes. */
function readAll(der: Uint8Array): void {
  outcome(() => readSpki(der));
  outcome(() => readPkcs8KeyType(der));
  const spki = outcome(() => spkiFromCertificate(der));
  if (spki instanceof Uint8Array) outcome(() => readSpki(spki, 'certificate'));
  for (const size of [32, 48, 66]) {
    const read = outcome(() => readSpki(der));
    if (!(read instanceof jose.JoseKeyInvalid)) outcome(() => ecPointOfSpki(read.publicKey, size));
  }
}

type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
);

function mutate(der: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Array.from(der);
  for (const m of mutations) {
    const at = m.kind === 'append' ? bytes.length : bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'set') bytes[at] = m.value;
    else if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') bytes.splice(at, m.count);
    else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    else bytes.push(...m.bytes);
  }
  return new Uint8Array(bytes);
}

/** Random DER trees: well-formed TLV nesting with random tags, so the structure checks are reached. */
type Tree = { tag: number; children: Tree[] } | { tag: number; bytes: Uint8Array };
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'der' },
    fc.record({ tag: fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x06, 0x81, 0x17), bytes: fc.uint8Array({ maxLength: 70 }) }),
    fc.record({ tag: fc.constantFrom(0x30, 0x30, 0xa0, 0xa3, 0x31), children: fc.array(tie('tree'), { maxLength: 8, depthIdentifier: 'der' }) }),
  ),
})) as { tree: fc.Arbitrary<Tree> };
const encodeTree = (t: Tree): Uint8Array => ('bytes' in t ? tlv(t.tag, t.bytes) : tlv(t.tag, ...t.children.map(encodeTree)));

describe('fuzzing the DER reader (fixed seed)', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([0x30, ...b]))), (der) => {
        readAll(der);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('random DER trees', () => {
    fc.assert(
      fc.property(tree, (t) => {
        readAll(encodeTree(t));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('mutations of real SPKI, PKCS#8 and certificate DER', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
        readAll(mutate(samples[which % samples.length]!.der, mutations));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('anything appended to a real structure is refused', () => {
    fc.assert(
      fc.property(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (which, extra) => {
        const sample = samples[which % samples.length]!;
        const der = new Uint8Array([...sample.der, ...extra]);
        const read = sample.kind === 'spki' ? () => readSpki(der) : sample.kind === 'pkcs8' ? () => readPkcs8KeyType(der) : () => spkiFromCertificate(der);
        expect(read).toThrow(/follows? the/);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('mutated PEM through importSpki / importPkcs8 / importX509 ends in a key or a JoseError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 2 }), async (which, mutations) => {
        const sample = samples[which % samples.length]!;
        const der = mutate(sample.der, mutations);
        const [importer, label] =
          sample.kind === 'spki' ? [jose.importSpki, 'PUBLIC KEY'] : sample.kind === 'pkcs8' ? [jose.importPkcs8, 'PRIVATE KEY'] : [jose.importX509, 'CERTIFICATE'];
        try {
          const key = await importer(pem(der, label), sample.alg);
          expect(Object.prototype.toString.call(key)).toBe('[object CryptoKey]');
        } catch (err) {
          if (!(err instanceof jose.JoseError) || !err.code.startsWith('ERR_')) throw err;
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('the samples themselves read', () => {
    for (const sample of samples) {
      if (sample.kind === 'spki') expect(readSpki(sample.der).keyType).toMatch(/^(EC P-256|RSA|Ed25519|Ed448)$/);
      else if (sample.kind === 'pkcs8') expect(readPkcs8KeyType(sample.der)).toMatch(/^(EC P-256|RSA|Ed25519|Ed448)$/);
      else expect(readSpki(spkiFromCertificate(sample.der), 'certificate').keyType).toBe('RSA');
    }
    expect(ed25519Spki).toHaveLength(44);
  });
});
