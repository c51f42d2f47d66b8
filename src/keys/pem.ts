/**
 * PEM armour (RFC 7468) around DER: reading with precise errors for the key formats people
 * commonly paste by mistake, and writing with 64-character lines.
 *
 * Reading follows RFC 7468 §2: text outside the encapsulation boundaries is ignored (OpenSSL's
 * "Bag Attributes" and "subject=" lines, comments), and a file may hold several blocks: the one
 * block with the wanted label is read, whatever else is around it (a key next to its
 * certificate). Two blocks with the wanted label are an error, since josekit would have to guess
 * which one is meant.
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import { JoseKeyInvalid, type JoseStep } from '../errors.js';

/** The PEM labels josekit reads. */
export type PemLabel = 'PUBLIC KEY' | 'PRIVATE KEY' | 'CERTIFICATE';

/** A BEGIN or END line: `-----BEGIN label-----`, the label on one line. */
const BOUNDARY = /-----(BEGIN|END) ([^\r\n]*?)-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** Advice for labels people pass by mistake; null-prototype, as the label comes from the input. */
const ADVICE: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    'RSA PRIVATE KEY':
      'this is a PKCS#1 RSA private key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem`',
    'EC PRIVATE KEY':
      'this is a SEC1 EC private key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem`',
    'ENCRYPTED PRIVATE KEY': 'this private key is encrypted; decrypt it first with `openssl pkcs8 -in key.pem -out key.p8.pem`',
    'RSA PUBLIC KEY':
      'this is a PKCS#1 RSA public key; convert it to SPKI with `openssl rsa -RSAPublicKey_in -in key.pem -pubout -out spki.pem`',
  }),
);

function advice(found: string, wanted: PemLabel): string {
  const known = ADVICE[found];
  if (known) return known;
  if (found === 'CERTIFICATE') return 'this is an X.509 certificate; import it with importX509';
  if (found === 'PRIVATE KEY') return 'this is a private key; import it with importPkcs8';
  if (found === 'PUBLIC KEY') return wanted === 'PRIVATE KEY' ? 'this is a public key; import it with importSpki' : 'import it with importSpki';
  return `expected "-----BEGIN ${wanted}-----"`;
}

/** One encapsulated block: its label and the text between its boundaries. */
interface PemBlock {
  readonly label: string;
  readonly body: string;
}

/** Every block of `text`, in order; unpaired or mismatched boundaries are errors. */
function readBlocks(text: string, step: JoseStep): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; bodyStart: number } | undefined;
  for (const match of text.matchAll(BOUNDARY)) {
    const [line, kind, label] = match as unknown as [string, 'BEGIN' | 'END', string];
    if (kind === 'BEGIN') {
      if (open) throw new JoseKeyInvalid(`the PEM block ${show(open.label)} has no END line before the next BEGIN`, { step });
      open = { label, bodyStart: match.index + line.length };
    } else {
      if (!open) throw new JoseKeyInvalid(`the PEM has an END line (${show(label)}) without a BEGIN line`, { step });
      if (label !== open.label) throw new JoseKeyInvalid(`PEM BEGIN label ${show(open.label)} does not match END label ${show(label)}`, { step });
      blocks.push({ label, body: text.slice(open.bodyStart, match.index) });
      open = undefined;
    }
  }
  if (open) throw new JoseKeyInvalid(`the PEM block ${show(open.label)} has no END line`, { step });
  return blocks;
}

/**
 * Reads the one PEM block of the given label and returns its DER bytes. Text outside the
 * blocks, and blocks of other labels, are ignored (RFC 7468 §2).
 */
export function pemToDer(pem: unknown, label: PemLabel, step: JoseStep): Uint8Array {
  if (typeof pem !== 'string') {
    throw new JoseKeyInvalid(`expected a PEM string ("-----BEGIN ${label}-----"), got ${kindOf(pem)}`, { step });
  }
  const blocks = readBlocks(pem, step);
  const wanted = blocks.filter((block) => block.label === label);
  if (wanted.length > 1) {
    const which = label === 'CERTIFICATE' ? 'the first (leaf) certificate' : 'the one key you mean';
    throw new JoseKeyInvalid(`the PEM holds ${wanted.length} "${label}" blocks; pass only ${which}`, { step });
  }
  if (wanted.length === 0) {
    if (blocks.length === 0) throw new JoseKeyInvalid(`not a PEM block: expected "-----BEGIN ${label}-----" … "-----END ${label}-----"`, { step });
    // Prefer the block we have specific advice for (an "EC PRIVATE KEY" next to "EC PARAMETERS").
    const found = blocks.find((block) => ADVICE[block.label] !== undefined) ?? blocks[0]!;
    const others = blocks.length > 1 ? ` (the PEM holds ${blocks.map((block) => show(block.label)).join(', ')})` : '';
    throw new JoseKeyInvalid(`PEM is ${show(found.label)}, not "${label}"${others}: ${advice(found.label, label)}`, { step });
  }
  const body = wanted[0]!.body;
  const base64 = body.replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !BASE64_BODY.test(base64)) {
    // A PEM copied out of JSON or an environment variable keeps its "\n" escapes.
    const hint = body.includes('\\n') ? ' (it contains literal "\\n" sequences: replace them with line breaks)' : '';
    throw new JoseKeyInvalid(`the ${label} PEM body is not valid base64${hint}`, { step });
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
