/**
 * A small, strict, bounds-checked DER reader: just enough to read the AlgorithmIdentifier and
 * public key of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) (for RSA, the RSAPublicKey inside it,
 * RFC 8017 §A.1.1; for EC, the point's form, RFC 5480 §2.2), the AlgorithmIdentifier of a PKCS#8
 * PrivateKeyInfo / OneAsymmetricKey (RFC 5958 §2), and the SubjectPublicKeyInfo inside an X.509
 * certificate (RFC 5280 §4.1). Every length is checked against the bytes that are there, every
 * structure must hold exactly the elements it is defined with, nothing may follow the outer
 * structure, and only DER's shortest length forms are read. Any other input is a JoseKeyInvalid:
 * the reader never throws anything else.
 *
 * @module
 */

import { JoseKeyInvalid } from '../errors.js';

/** One DER element: its tag and where its contents are. */
export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the contents. */
  readonly end: number;
}

/** Which structure is being read, for messages: "certificate DER: …", "SubjectPublicKeyInfo DER: …". */
export type DerStructure = 'certificate' | 'SubjectPublicKeyInfo' | 'PrivateKeyInfo';

function fail(structure: DerStructure, message: string): never {
  throw new JoseKeyInvalid(`${structure} DER: ${message}`, { step: 'import key' });
}

const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const NULL = 0x05;
const OBJECT_IDENTIFIER = 0x06;
const SEQUENCE = 0x30;
const CONTEXT_0_CONSTRUCTED = 0xa0; // certificate version, PKCS#8 attributes
const CONTEXT_1_PRIMITIVE = 0x81; // OneAsymmetricKey publicKey [1] IMPLICIT BIT STRING

/** A reader over one DER buffer, naming `structure` in its errors. */
class Der {
  /**
   * @param origin where `bytes` start inside the structure named in errors (an RSAPublicKey is
   * read from inside its SPKI's BIT STRING): offsets in messages count from the structure's start.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly structure: DerStructure,
    readonly origin = 0,
  ) {}

  fail(message: string): never {
    return fail(this.structure, message);
  }

  /** Reads the element at `offset`, which must end at or before `limit`. */
  element(offset: number, limit: number): Tlv {
    const der = this.bytes;
    const at = offset + this.origin; // as shown in messages
    if (offset + 2 > limit) this.fail(`element at offset ${at} is truncated`);
    const tag = der[offset]!;
    if ((tag & 0x1f) === 0x1f) this.fail(`multi-byte tag at offset ${at} is not used in keys or certificates`);
    let length = der[offset + 1]!;
    let contentStart = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0) this.fail(`indefinite length at offset ${at} is not DER`);
      if (count > 4) this.fail(`length of ${count} bytes at offset ${at} is too large`);
      if (contentStart + count > limit) this.fail(`length bytes at offset ${at} run past the end`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i]!;
      if (length < 128 || der[contentStart] === 0) this.fail(`length at offset ${at} is not in its shortest form`);
      contentStart += count;
    }
    const end = contentStart + length;
    if (end > limit) this.fail(`element at offset ${at} claims ${length} bytes but only ${limit - contentStart} remain`);
    return { tag, start: offset, contentStart, end };
  }

  /** The outer element, which must be a SEQUENCE spanning every byte. */
  outer(what: string): Tlv {
    const outer = this.element(0, this.bytes.length);
    if (outer.tag !== SEQUENCE) this.fail(`the ${what} is not a SEQUENCE`);
    const extra = this.bytes.length - outer.end;
    if (extra !== 0) this.fail(`${extra} byte${extra === 1 ? '' : 's'} follow${extra === 1 ? 's' : ''} the ${what}`);
    return outer;
  }

  /** The elements directly inside a constructed element. */
  children(parent: Tlv): Tlv[] {
    if ((parent.tag & 0x20) === 0) this.fail(`element at offset ${parent.start + this.origin} is not constructed`);
    const out: Tlv[] = [];
    for (let at = parent.contentStart; at < parent.end; ) {
      const child = this.element(at, parent.end);
      out.push(child);
      at = child.end;
    }
    return out;
  }

  /** The contents of a primitive element. */
  contents(element: Tlv): Uint8Array {
    return this.bytes.subarray(element.contentStart, element.end);
  }

  /** An OBJECT IDENTIFIER's contents in dotted form; only minimal, complete arcs are read. */
  oid(element: Tlv | undefined, what: string): string {
    if (!element || element.tag !== OBJECT_IDENTIFIER) this.fail(`${what} is not an OBJECT IDENTIFIER`);
    const content = this.contents(element);
    if (content.length === 0) this.fail(`${what} is an empty OBJECT IDENTIFIER`);
    const arcs: number[] = [];
    let value = 0;
    let started = false;
    for (const byte of content) {
      // A leading 0x80 pads an arc: DER writes every arc in its shortest form.
      if (!started && byte === 0x80) this.fail(`${what} has an arc that is not in its shortest form`);
      started = true;
      // Arcs beyond 2^53 cannot be represented exactly, and no key algorithm uses one.
      if (value > Number.MAX_SAFE_INTEGER / 128) this.fail(`${what} has an arc too large to read`);
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) {
        arcs.push(value);
        value = 0;
        started = false;
      }
    }
    if (started) this.fail(`${what} ends inside an arc`);
    // X.690 §8.19.4: the first arc packs the first two components.
    const first = arcs[0]!;
    const top = first < 80 ? Math.floor(first / 40) : 2;
    return [top, first - 40 * top, ...arcs.slice(1)].join('.');
  }

  /**
   * The magnitude of a positive INTEGER (without the sign octet DER adds before a high bit). DER
   * writes every INTEGER in its shortest form: a leading 0x00 only before a byte ≥ 0x80.
   */
  positiveInteger(element: Tlv | undefined, what: string): Uint8Array {
    if (!element || element.tag !== INTEGER) this.fail(`${what} is not an INTEGER`);
    const content = this.contents(element);
    if (content.length === 0) this.fail(`${what} is an empty INTEGER`);
    if (content[0]! & 0x80) this.fail(`${what} is negative`);
    if (content.length > 1 && content[0] === 0 && content[1]! < 0x80) this.fail(`${what} has a leading zero octet (not DER's shortest form)`);
    if (content.length === 1 && content[0] === 0) this.fail(`${what} is zero`);
    return content[0] === 0 ? content.subarray(1) : content;
  }

  /** An AlgorithmIdentifier (RFC 5280 §4.1.1.2): the OID and its parameters, if any. */
  algorithmIdentifier(element: Tlv | undefined, what: string): { oid: string; parameters: Tlv | undefined } {
    if (!element || element.tag !== SEQUENCE) this.fail(`${what} is not an AlgorithmIdentifier SEQUENCE`);
    const fields = this.children(element);
    if (fields.length === 0 || fields.length > 2) this.fail(`${what} has ${fields.length} fields; an AlgorithmIdentifier has an OID and optional parameters`);
    return { oid: this.oid(fields[0], `${what}'s algorithm`), parameters: fields[1] };
  }
}

/** Null-prototype tables: an OID string from the input never resolves to an Object.prototype member. */
function table(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, entries));
}

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const KEY_OIDS = table({
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
});
const CURVE_OIDS = table({
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
});

/** "RSA", "Ed25519", "EC P-256", … or the raw OID, from an AlgorithmIdentifier. */
function keyTypeOfAlgorithm(der: Der, algorithm: Tlv | undefined): string {
  const { oid, parameters } = der.algorithmIdentifier(algorithm, 'the key AlgorithmIdentifier');
  if (oid === EC_PUBLIC_KEY) {
    // RFC 5480 §2.1.1: a named curve (explicit parameters and implicitCA are not used in JOSE).
    if (!parameters || parameters.tag !== OBJECT_IDENTIFIER) return 'EC (without a named curve)';
    const curve = der.oid(parameters, 'the EC curve');
    return `EC ${CURVE_OIDS[curve] ?? curve}`;
  }
  const type = KEY_OIDS[oid];
  if (type === 'RSA') {
    // rsaEncryption has NULL parameters (RFC 3279 §2.3.1); RSASSA-PSS may carry its own (RFC 4055).
    if (oid === '1.2.840.113549.1.1.1' && parameters && (parameters.tag !== NULL || parameters.end !== parameters.contentStart)) {
      der.fail('rsaEncryption parameters must be NULL');
    }
    return type;
  }
  // RFC 8410 §3: the EdDSA and ECDH curve OIDs have no parameters.
  if (type !== undefined && parameters) der.fail(`${type} keys have no AlgorithmIdentifier parameters (RFC 8410 §3)`);
  return type ?? oid;
}

/** An RSA public key's two integers (RFC 8017 §A.1.1), big-endian, without leading zero octets. */
export interface RsaPublicKey {
  readonly n: Uint8Array;
  readonly e: Uint8Array;
}

/** What a SubjectPublicKeyInfo says: the key type and the public key bits. */
export interface SpkiInfo {
  /** "RSA", "Ed25519", "Ed448", "EC P-256", … or the raw OID. */
  readonly keyType: string;
  /** The subjectPublicKey BIT STRING's bits (whole bytes): the EC point, EdDSA key or RSAPublicKey. */
  readonly publicKey: Uint8Array;
  /** For an RSA key: the RSAPublicKey read from `publicKey`. */
  readonly rsa?: RsaPublicKey;
}

/**
 * Reads the RSAPublicKey inside an RSA SPKI's BIT STRING strictly: SEQUENCE { modulus INTEGER,
 * publicExponent INTEGER }, both positive and in DER's shortest form, and nothing after it in
 * the BIT STRING. (Some platforms ignore bytes after it; accepting them would give one key
 * several encodings.)
 */
function readRsaPublicKey(outer: Der, bits: Uint8Array, origin: number): RsaPublicKey {
  const der = new Der(bits, outer.structure, origin);
  const fields = der.children(der.outer('RSAPublicKey in subjectPublicKey'));
  if (fields.length !== 2) {
    der.fail(`the RSAPublicKey has ${fields.length} field${fields.length === 1 ? '' : 's'}; it has a modulus and a public exponent (RFC 8017 §A.1.1)`);
  }
  return { n: der.positiveInteger(fields[0], 'the RSA modulus'), e: der.positiveInteger(fields[1], 'the RSA public exponent') };
}

/**
 * Reads a SubjectPublicKeyInfo strictly: SEQUENCE { AlgorithmIdentifier, BIT STRING }, nothing
 * more. `structure` names the source in errors (an SPKI taken from a certificate says "certificate").
 */
export function readSpki(bytes: Uint8Array, structure: DerStructure = 'SubjectPublicKeyInfo'): SpkiInfo {
  const der: Der = new Der(bytes, structure);
  const fields = der.children(der.outer('SubjectPublicKeyInfo'));
  if (fields.length !== 2) der.fail(`the SubjectPublicKeyInfo has ${fields.length} fields; it has an AlgorithmIdentifier and a BIT STRING`);
  const keyType = keyTypeOfAlgorithm(der, fields[0]);
  const key = fields[1]!;
  if (key.tag !== BIT_STRING) der.fail('subjectPublicKey is not a BIT STRING');
  const bits = der.contents(key);
  if (bits.length < 2) der.fail('subjectPublicKey is empty');
  // Keys are whole bytes: the unused-bits count must be 0.
  if (bits[0] !== 0) der.fail('subjectPublicKey has unused bits');
  const publicKey = bits.subarray(1);
  if (keyType === 'RSA') return { keyType, publicKey, rsa: readRsaPublicKey(der, publicKey, key.contentStart + 1) };
  return { keyType, publicKey };
}

/**
 * Reads a PKCS#8 PrivateKeyInfo / OneAsymmetricKey strictly and returns its key type:
 * SEQUENCE { version 0 or 1, AlgorithmIdentifier, OCTET STRING, [0] attributes OPTIONAL,
 * [1] publicKey OPTIONAL (version 1 only) }, nothing more.
 */
export function readPkcs8KeyType(bytes: Uint8Array): string {
  const der: Der = new Der(bytes, 'PrivateKeyInfo');
  const fields = der.children(der.outer('PrivateKeyInfo'));
  const [version, algorithm, privateKey, ...rest] = fields;
  if (!version || version.tag !== INTEGER || version.end - version.contentStart !== 1) der.fail('the version is not a small INTEGER');
  const v = bytes[version.contentStart]!;
  if (v !== 0 && v !== 1) der.fail(`version ${v} is not 0 (PrivateKeyInfo) or 1 (OneAsymmetricKey)`);
  const keyType = keyTypeOfAlgorithm(der, algorithm);
  if (!privateKey || privateKey.tag !== OCTET_STRING) der.fail('privateKey is not an OCTET STRING');
  let next = 0;
  if (rest[next]?.tag === CONTEXT_0_CONSTRUCTED) next++;
  if (rest[next]?.tag === CONTEXT_1_PRIMITIVE) {
    if (v !== 1) der.fail('a public key inside a version 0 PrivateKeyInfo (it needs version 1, RFC 5958)');
    next++;
  }
  if (next !== rest.length) der.fail(`unexpected element with tag 0x${rest[next]!.tag.toString(16)} after the private key`);
  return keyType;
}

/**
 * Returns the DER bytes of the certificate's SubjectPublicKeyInfo, after reading the certificate's
 * outer structure strictly (the SPKI itself is read by {@link readSpki}). The certificate's
 * signature, validity and extensions are not interpreted.
 */
export function spkiFromCertificate(bytes: Uint8Array): Uint8Array {
  const der: Der = new Der(bytes, 'certificate');
  const parts = der.children(der.outer('certificate'));
  const [tbs, signatureAlgorithm, signatureValue] = parts;
  if (!tbs || tbs.tag !== SEQUENCE) der.fail('tbsCertificate is not a SEQUENCE');
  const fields = der.children(tbs);
  // version [0] (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, …
  const at = fields[0]?.tag === CONTEXT_0_CONSTRUCTED ? 1 : 0;
  const expected: Array<[string, number]> = [
    ['serialNumber', INTEGER],
    ['signature', SEQUENCE],
    ['issuer', SEQUENCE],
    ['validity', SEQUENCE],
    ['subject', SEQUENCE],
    ['subjectPublicKeyInfo', SEQUENCE],
  ];
  if (fields.length < at + expected.length) {
    der.fail(`subjectPublicKeyInfo is missing (the tbsCertificate has only ${fields.length} fields)`);
  }
  for (const [i, [name, tag]] of expected.entries()) {
    const field = fields[at + i];
    if (!field || field.tag !== tag) der.fail(`${name} is missing or not ${tag === INTEGER ? 'an INTEGER' : 'a SEQUENCE'}`);
  }
  // issuerUniqueID [1], subjectUniqueID [2], extensions [3]: optional, in that order, nothing else.
  let last = 0;
  for (const field of fields.slice(at + expected.length)) {
    const number = field.tag & 0x1f;
    if ((field.tag & 0xc0) !== 0x80 || number < 1 || number > 3 || number <= last) {
      der.fail(`unexpected element with tag 0x${field.tag.toString(16)} in tbsCertificate`);
    }
    last = number;
  }
  if (parts.length !== 3 || signatureAlgorithm!.tag !== SEQUENCE || signatureValue!.tag !== BIT_STRING) {
    der.fail('a certificate is a tbsCertificate, a signatureAlgorithm and a signatureValue BIT STRING');
  }
  const spki = fields[at + 5]!;
  return bytes.slice(spki.start, spki.end);
}

/**
 * An EC public point as an SPKI holds it (SEC 1 §2.3.3, RFC 5480 §2.2): uncompressed, both
 * coordinates; or compressed, x and the parity of y.
 */
export type SpkiEcPoint = { readonly x: Uint8Array; readonly y: Uint8Array } | { readonly x: Uint8Array; readonly yIsOdd: boolean };

/**
 * The EC point of an SPKI public key, uncompressed (0x04, x, y) or compressed (0x02 or 0x03, x),
 * RFC 5480 §2.2. `size` is the curve's coordinate size in bytes. Anything else (the point at
 * infinity, the hybrid forms 0x06/0x07, a wrong length) is refused. Whether the coordinates are a
 * point of the curve is for the caller to check.
 */
export function ecPointOfSpki(publicKey: Uint8Array, size: number): SpkiEcPoint {
  const form = publicKey[0];
  if (form === 0x02 || form === 0x03) {
    if (publicKey.length !== 1 + size) {
      fail('SubjectPublicKeyInfo', `the compressed EC point is ${publicKey.length} bytes; a compressed point of this curve has ${1 + size}`);
    }
    return { x: publicKey.subarray(1), yIsOdd: form === 0x03 };
  }
  if (form !== 0x04) fail('SubjectPublicKeyInfo', `the EC point has form 0x${(form ?? 0).toString(16)}; only uncompressed (0x04) and compressed (0x02, 0x03) points are keys`);
  if (publicKey.length !== 1 + 2 * size) {
    fail('SubjectPublicKeyInfo', `the EC point is ${publicKey.length} bytes; an uncompressed point of this curve has ${1 + 2 * size}`);
  }
  return { x: publicKey.subarray(1, 1 + size), y: publicKey.subarray(1 + size) };
}
