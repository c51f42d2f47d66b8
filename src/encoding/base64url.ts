/**
 * Strict base64url (RFC 4648 §5, as JOSE uses it: RFC 7515 §2). Only the canonical unpadded
 * form is accepted: no `=`, no whitespace, no `+` or `/`, no impossible length, and no non-zero
 * bits after the last whole byte. Every byte string therefore has exactly one accepted
 * encoding, so a token's text cannot be varied without changing what it says. The one opt-in
 * exception is `withoutPadding`, behind `allowPadding` (AWS ALB tokens): correct `=` padding only.
 *
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CANONICAL = /^[A-Za-z0-9_-]*$/;

const utf8Encoder = new TextEncoder();

// Native TC39 base64 (Uint8Array.fromBase64 / toBase64) where the runtime has it.
type NativeBase64 = {
  fromBase64(s: string, o: { alphabet: 'base64url'; lastChunkHandling: 'loose' }): Uint8Array;
};
type NativeToBase64 = { toBase64(o: { alphabet: 'base64url'; omitPadding: true }): string };
const native = Uint8Array as unknown as Partial<NativeBase64>;
const tc39Decode = typeof native.fromBase64 === 'function' ? native.fromBase64.bind(Uint8Array) : undefined;
const tc39Encode = typeof (Uint8Array.prototype as unknown as Partial<NativeToBase64>).toBase64 === 'function';

/**
 * The platform's base64url codec, when it has one: TC39's where present, or one a runtime-specific
 * backend installs ({@link useNativeBase64url}). It is only ever given canonical input: the
 * strict checks here run first, and the platform does the arithmetic.
 */
let nativeDecode: ((input: string) => Uint8Array) | undefined = tc39Decode && ((input) => tc39Decode(input, { alphabet: 'base64url', lastChunkHandling: 'loose' }));
let nativeEncode: ((input: Uint8Array | string) => string) | undefined = tc39Encode
  ? (input) => ((typeof input === 'string' ? utf8Encoder.encode(input) : input) as unknown as NativeToBase64).toBase64({ alphabet: 'base64url', omitPadding: true })
  : undefined;

/**
 * Installs a faster codec for canonical base64url (the Node build installs node:buffer's). Only
 * where the runtime lacks TC39's, which stays preferred.
 */
export function useNativeBase64url(decode: (input: string) => Uint8Array, encode: (input: Uint8Array | string) => string): void {
  nativeDecode ??= decode;
  nativeEncode ??= encode;
}

/** Maps a char code to its 6-bit value, or 255 for characters outside the alphabet. */
const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Why a string is not canonical base64url, or undefined when it is. */
export function base64urlProblem(input: string): string | undefined {
  if (!CANONICAL.test(input)) {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c >= 128 || DECODE[c] === 255) {
        const ch = input[i];
        const shown = ch === '=' ? '"=" (padding is not allowed)' : /\s/.test(ch!) ? 'whitespace' : JSON.stringify(ch);
        return `invalid character ${shown} at offset ${i}`;
      }
    }
  }
  const rest = input.length % 4;
  if (rest === 1) return `impossible length ${input.length} (a length of 4n+1 cannot encode whole bytes)`;
  if (rest !== 0) {
    const last = DECODE[input.charCodeAt(input.length - 1)]!;
    if ((rest === 2 && (last & 0x0f) !== 0) || (rest === 3 && (last & 0x03) !== 0)) {
      return 'non-zero unused bits in the last character (not the canonical encoding)';
    }
  }
  return undefined;
}

/** Thrown by {@link decode}; callers in the pipeline rewrap it with their step. */
export class Base64urlError extends Error {}

/**
 * Decodes canonical base64url. Throws {@link Base64urlError} for any other form. The result may
 * be a view into memory shared with other data (Node's Buffer pool): copy it (copyBytes) before
 * handing it to a caller.
 */
export function decode(input: string): Uint8Array {
  if (nativeDecode) {
    // fromBase64 skips whitespace and accepts padding, so the strict check comes first.
    const problem = base64urlProblem(input);
    if (problem !== undefined) throw new Base64urlError(problem);
    return nativeDecode(input);
  }
  const bytes = decodeLoop(input);
  if (bytes === undefined) throw new Base64urlError(base64urlProblem(input) ?? 'not base64url');
  return bytes;
}

/**
 * The text of a base64url string without its RFC 4648 §3.2 padding, for the few issuers that pad
 * (AWS Application Load Balancer). Only `=` characters at the very end, and exactly as many as
 * the length before them needs: 4n+2 characters take "==", 4n+3 take "=", 4n take none (4n+1
 * encodes no whole bytes). A string without padding is returned as it is. Throws
 * {@link Base64urlError} otherwise. The result still has to pass the strict {@link decode}
 * (alphabet, canonical last character), so each byte string keeps at most two accepted texts:
 * unpadded and correctly padded.
 */
export function withoutPadding(input: string): string {
  const first = input.indexOf('=');
  if (first === -1) return input;
  let end = input.length;
  while (end > first && input.charCodeAt(end - 1) === 0x3d) end--;
  if (end !== first) return fail(`"=" at offset ${first} is not at the end (padding may only end the text)`);
  const given = input.length - end;
  const rest = end % 4;
  if (rest === 1) return fail(`impossible length ${end} before the padding (a length of 4n+1 cannot encode whole bytes)`);
  const needed = rest === 0 ? 0 : 4 - rest;
  if (given !== needed) {
    const wanted = needed === 0 ? 'none' : `"${'='.repeat(needed)}"`;
    return fail(`wrong padding: ${end} characters take ${wanted}, this text has ${given} "="`);
  }
  return input.slice(0, end);
}

function fail(message: string): never {
  throw new Base64urlError(message);
}

/** Value of a character code: 0-63 in the alphabet, 255 outside it. */
const value = (code: number): number => (code < 128 ? DECODE[code]! : 255);

/** The table-driven decoder: undefined when any character, the length or the last bits are off. */
function decodeLoop(input: string): Uint8Array | undefined {
  const n = input.length;
  if (n % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = 0;
  let invalid = 0; // any 255 sets bits above the low six
  for (const whole = n - (n % 4); i < whole; i += 4) {
    const a = value(input.charCodeAt(i));
    const b = value(input.charCodeAt(i + 1));
    const c = value(input.charCodeAt(i + 2));
    const d = value(input.charCodeAt(i + 3));
    invalid |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = n - i;
  if (rest >= 2) {
    const a = value(input.charCodeAt(i));
    const b = value(input.charCodeAt(i + 1));
    const c = rest === 3 ? value(input.charCodeAt(i + 2)) : 0;
    invalid |= a | b | c;
    // The bits after the last whole byte must be zero (canonical form).
    if ((rest === 2 && (b & 0x0f) !== 0) || (rest === 3 && (c & 0x03) !== 0)) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 0xff;
  }
  return invalid & ~63 ? undefined : out;
}

/** Encodes bytes, or a string as its UTF-8 bytes, as canonical unpadded base64url. */
export function encode(input: Uint8Array | string): string {
  if (nativeEncode) return nativeEncode(input);
  const bytes = typeof input === 'string' ? utf8Encoder.encode(input) : input;
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (const whole = n - (n % 3); i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]!;
  }
  return out;
}
