/**
 * PEM armour (RFC 7468) around DER: reading with precise errors for the key formats people
 * commonly paste by mistake, and writing with 64-character lines.
 *
 * @module
 */

import { JoseKeyInvalid, type JoseStep } from '../errors.js';

/** The PEM labels josekit reads. */
export type PemLabel = 'PUBLIC KEY' | 'PRIVATE KEY' | 'CERTIFICATE';

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----$/;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

const ADVICE: Record<string, string> = {
  'RSA PRIVATE KEY':
    'this is a PKCS#1 RSA private key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem`',
  'EC PRIVATE KEY':
    'this is a SEC1 EC private key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem`',
  'ENCRYPTED PRIVATE KEY':
    'this private key is encrypted; decrypt it first with `openssl pkcs8 -in key.pem -out key.p8.pem`',
  'RSA PUBLIC KEY':
    'this is a PKCS#1 RSA public key; convert it to SPKI with `openssl rsa -RSAPublicKey_in -in key.pem -pubout -out spki.pem`',
};

function advice(found: string, wanted: PemLabel): string {
  if (ADVICE[found]) return ADVICE[found]!;
  if (found === 'CERTIFICATE') return 'this is an X.509 certificate; import it with importX509';
  if (found === 'PRIVATE KEY') return 'this is a private key; import it with importPkcs8';
  if (found === 'PUBLIC KEY') return wanted === 'PRIVATE KEY' ? 'this is a public key; import it with importSpki' : 'import it with importSpki';
  return `expected "-----BEGIN ${wanted}-----"`;
}

/** Reads one PEM block of the given label and returns its DER bytes. */
export function pemToDer(pem: unknown, label: PemLabel, step: JoseStep): Uint8Array {
  if (typeof pem !== 'string') {
    throw new JoseKeyInvalid(`expected a PEM string ("-----BEGIN ${label}-----"), got ${pem === null ? 'null' : typeof pem}`, { step });
  }
  const trimmed = pem.trim();
  if (trimmed.indexOf('-----BEGIN', 1) !== -1) {
    throw new JoseKeyInvalid(`the PEM holds more than one block; pass only the ${label === 'CERTIFICATE' ? 'first (leaf) certificate' : 'key'}`, { step });
  }
  const match = PEM.exec(trimmed);
  if (!match) throw new JoseKeyInvalid(`not a PEM block: expected "-----BEGIN ${label}-----" … "-----END ${label}-----"`, { step });
  const [, begin, body, end] = match;
  if (begin !== end) throw new JoseKeyInvalid(`PEM BEGIN label "${begin}" does not match END label "${end}"`, { step });
  if (begin !== label) throw new JoseKeyInvalid(`PEM is "${begin}", not "${label}": ${advice(begin!, label)}`, { step });
  const base64 = body!.replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !BASE64_BODY.test(base64)) {
    throw new JoseKeyInvalid(`the ${label} PEM body is not valid base64`, { step });
  }
  const binary = atob(base64);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  if (der[0] !== 0x30) throw new JoseKeyInvalid(`the ${label} PEM does not hold a DER SEQUENCE`, { step });
  return der;
}

/** Wraps DER bytes in PEM armour with 64-character lines. */
export function derToPem(der: Uint8Array, label: PemLabel): string {
  let binary = '';
  for (let i = 0; i < der.length; i += 0x8000) binary += String.fromCharCode(...der.subarray(i, i + 0x8000));
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
