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
 * A certificate may also come without armour, as one entry of a JOSE `x5c` array (RFC 7515
 * §4.1.6, RFC 7517 §4.7): standard base64 of the DER (RFC 4648 §4, with padding), on one line.
 * Such an entry is read strictly, and the mistakes people make with it (line breaks, base64url
 * characters, missing padding, JSON escapes) are named.
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
  const der = base64Bytes(base64);
  if (der[0] !== 0x30) throw new JoseKeyInvalid(`the ${label} PEM does not hold a DER SEQUENCE`, { step });
  return der;
}

/** The bytes of base64 text already checked to be well-formed. */
function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function whitespaceName(char: string): string {
  if (char === '\n' || char === '\r') return 'a line break';
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  return `whitespace (${show(char)})`;
}

/** Why `entry` is not canonical, padded, single-line standard base64, or undefined. */
function x5cProblem(entry: string): string | undefined {
  const hint = 'an x5c entry is standard base64 of the DER certificate ("+", "/" and "=" padding, RFC 4648 §4)';
  const space = /\s/.exec(entry);
  if (space) {
    return `${whitespaceName(space[0])} at offset ${space.index}: ${hint} on one line, without whitespace (RFC 7517 §4.7, RFC 4648 §3.1); a certificate with line breaks is PEM and needs its "-----BEGIN CERTIFICATE-----" and "-----END CERTIFICATE-----" lines`;
  }
  const url = /[-_]/.exec(entry);
  if (url) return `${show(url[0])} at offset ${url.index} is a base64url character: ${hint}, not base64url (RFC 7515 §4.1.6)`;
  const escape = entry.indexOf('\\');
  if (escape >= 0) return `a backslash at offset ${escape}: the entry still has its JSON escapes ("\\/", "\\n"); take the string value out of the parsed JSON`;
  let padding = 0;
  while (padding < entry.length && entry[entry.length - 1 - padding] === '=') padding++;
  const body = entry.length - padding;
  const stray = /[^A-Za-z0-9+/]/.exec(entry.slice(0, body));
  if (stray) {
    return stray[0] === '=' ? `"=" at offset ${stray.index}: padding belongs only at the end` : `${show(stray[0])} at offset ${stray.index} is not a base64 character`;
  }
  if (padding > 2) return `${padding} "=" padding characters at the end; base64 has at most 2`;
  if (entry.length % 4 !== 0) {
    return padding === 0
      ? `${entry.length} characters and no "=" padding: ${hint}, not unpadded base64url`
      : `${entry.length} characters is not a multiple of 4: the "=" padding is wrong`;
  }
  // RFC 4648 §3.5: the bits of the last character that the padding leaves unused must be zero.
  const last = BASE64_ALPHABET.indexOf(entry[body - 1] ?? 'A');
  if (padding > 0 && (last & (padding === 1 ? 0x03 : 0x0f)) !== 0) {
    return `non-zero unused bits in the last character before the padding (offset ${body - 1}): not canonical base64 (RFC 4648 §3.5)`;
  }
  return undefined;
}

/**
 * Reads one `x5c` entry (RFC 7515 §4.1.6, RFC 7517 §4.7) strictly and returns the DER bytes it
 * holds; the DER itself is left to the certificate reader.
 */
export function x5cEntryToDer(entry: string, step: JoseStep): Uint8Array {
  if (entry.length === 0) {
    throw new JoseKeyInvalid('the certificate is an empty string: expected a PEM certificate ("-----BEGIN CERTIFICATE-----") or one x5c entry (base64 DER)', { step });
  }
  const problem = x5cProblem(entry);
  if (problem) throw new JoseKeyInvalid(`the x5c entry is not valid: ${problem}`, { step });
  return base64Bytes(entry);
}

/**
 * The DER bytes of a certificate given as PEM (text with a `-----BEGIN CERTIFICATE-----` block)
 * or as one `x5c` entry (anything else). Text with a PEM boundary line is read as PEM only, so
 * that a broken PEM is reported as PEM.
 */
export function certificateToDer(input: unknown, step: JoseStep): Uint8Array {
  if (typeof input !== 'string') {
    throw new JoseKeyInvalid(
      `expected a PEM certificate ("-----BEGIN CERTIFICATE-----") or one x5c entry (the base64 DER certificate), got ${kindOf(input)}`,
      { step },
    );
  }
  if (input.includes('-----BEGIN') || input.includes('-----END')) return pemToDer(input, 'CERTIFICATE', step);
  return x5cEntryToDer(input, step);
}

/** Wraps DER bytes in PEM armour with 64-character lines. */
export function derToPem(der: Uint8Array, label: PemLabel): string {
  let binary = '';
  for (let i = 0; i < der.length; i += 0x8000) binary += String.fromCharCode(...der.subarray(i, i + 0x8000));
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
