/**
 * A small, bounds-checked DER reader: just enough to find the SubjectPublicKeyInfo inside an
 * X.509 certificate (RFC 5280 §4.1). Every length is checked against the bytes that are there.
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

function fail(message: string): never {
  throw new JoseKeyInvalid(`certificate DER: ${message}`, { step: 'import key' });
}

/** Reads the element at `offset`, which must end at or before `limit`. */
function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) fail(`element at offset ${offset} is truncated`);
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) fail(`multi-byte tag at offset ${offset} is not used in certificates`);
  let length = der[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) fail(`indefinite length at offset ${offset} is not DER`);
    if (count > 4) fail(`length of ${count} bytes at offset ${offset} is too large`);
    if (contentStart + count > limit) fail(`length bytes at offset ${offset} run past the end`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i]!;
    if (length < 128 || der[contentStart] === 0) fail(`length at offset ${offset} is not in its shortest form`);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) fail(`element at offset ${offset} claims ${length} bytes but only ${limit - contentStart} remain`);
  return { tag, start: offset, contentStart, end };
}

/** The elements directly inside a constructed element. */
function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readTlv(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const EXPLICIT_VERSION = 0xa0;

/** Returns the DER bytes of the certificate's SubjectPublicKeyInfo. */
export function spkiFromCertificate(der: Uint8Array): Uint8Array {
  const certificate = readTlv(der, 0);
  if (certificate.tag !== SEQUENCE) fail('the certificate is not a SEQUENCE');
  const extra = der.length - certificate.end;
  if (extra !== 0) fail(`${extra} byte${extra === 1 ? '' : 's'} follow${extra === 1 ? 's' : ''} the certificate`);
  const [tbs] = children(der, certificate);
  if (!tbs || tbs.tag !== SEQUENCE) fail('tbsCertificate is not a SEQUENCE');
  const fields = children(der, tbs);
  // version [0] (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const index = fields[0]?.tag === EXPLICIT_VERSION ? 6 : 5;
  const spki = fields[index];
  if (!spki || spki.tag !== SEQUENCE) fail('subjectPublicKeyInfo is missing or not a SEQUENCE');
  const [algorithm, key] = children(der, spki);
  if (!algorithm || algorithm.tag !== SEQUENCE || !key || key.tag !== 0x03) fail('subjectPublicKeyInfo is not an AlgorithmIdentifier and a BIT STRING');
  return der.slice(spki.start, spki.end);
}

/** Decodes an OBJECT IDENTIFIER's contents to dotted form. */
function oid(der: Uint8Array, element: Tlv): string {
  if (element.tag !== 0x06 || element.end === element.contentStart) fail('expected an OBJECT IDENTIFIER');
  const first = der[element.contentStart]!;
  const parts = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let value = 0;
  for (let i = element.contentStart + 1; i < element.end; i++) {
    value = value * 128 + (der[i]! & 0x7f);
    if (!(der[i]! & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const KEY_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
};
const CURVE_OIDS: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
};

/**
 * What the AlgorithmIdentifier inside SPKI or PKCS#8 DER says the key is: "RSA", "Ed25519",
 * "Ed448", "EC P-256", … or the raw OID. Read here so that no platform's import can relabel a key.
 */
export function keyTypeOf(der: Uint8Array, format: 'spki' | 'pkcs8'): string {
  const outer = readTlv(der, 0);
  if (outer.tag !== SEQUENCE) fail(`the ${format === 'spki' ? 'SubjectPublicKeyInfo' : 'PrivateKeyInfo'} is not a SEQUENCE`);
  const fields = children(der, outer);
  // SPKI: algorithm, subjectPublicKey. PKCS#8: version, privateKeyAlgorithm, privateKey, …
  const algorithm = fields[format === 'spki' ? 0 : 1];
  if (!algorithm || algorithm.tag !== SEQUENCE) fail('the key has no AlgorithmIdentifier');
  const [id, parameters] = children(der, algorithm);
  const dotted = oid(der, id!);
  if (dotted === '1.2.840.10045.2.1') {
    const curve = parameters && parameters.tag === 0x06 ? oid(der, parameters) : 'unnamed';
    return `EC ${CURVE_OIDS[curve] ?? curve}`;
  }
  return KEY_OIDS[dotted] ?? dotted;
}

/**
 * The uncompressed EC point (x, y) inside an SPKI, or undefined when the point is compressed
 * (left to the platform). `size` is the curve's coordinate size in bytes.
 */
export function ecPointOfSpki(der: Uint8Array, size: number): { x: Uint8Array; y: Uint8Array } | undefined {
  const [, key] = children(der, readTlv(der, 0));
  if (!key || key.tag !== 0x03) fail('subjectPublicKey is not a BIT STRING');
  const point = der.subarray(key.contentStart + 1, key.end); // after the unused-bits byte
  if (point[0] !== 0x04) return undefined;
  if (point.length !== 1 + 2 * size) fail(`the EC point is ${point.length} bytes; an uncompressed point of this curve has ${1 + 2 * size}`);
  return { x: point.subarray(1, 1 + size), y: point.subarray(1 + size) };
}
