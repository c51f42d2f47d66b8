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
export function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
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
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
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
  if (certificate.end !== der.length) fail(`${der.length - certificate.end} bytes follow the certificate`);
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
