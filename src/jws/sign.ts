/**
 * The one sign core used by the compact and JSON serialisations: protected header building,
 * signing input, signature.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import type { SigningInput } from '../crypto/webcrypto.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { concatBytes } from '../encoding/bytes.js';
import { copyJsonValue, JsonValueError } from '../encoding/json.js';
import { kindOf, show } from '../encoding/show.js';
import { loneSurrogateAt, Utf8Error, utf8Decode, utf8Encode } from '../encoding/utf8.js';
import type { AlgorithmEntry, JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JwsInvalid, type JoseStep } from '../errors.js';
import { toCryptoKey } from '../keys/normalize.js';
import { copyBytes } from '../encoding/bytes.js';
import { isPlainObject, isUint8Array } from '../keys/types.js';
import { REGISTERED_HEADER_NAMES, registeredParameterProblem } from './header.js';

/** Payload bytes from the caller's Uint8Array or string (UTF-8; an unpaired surrogate is refused, never replaced). */
export function payloadBytes(payload: unknown): Uint8Array {
  if (typeof payload === 'string') return encodeText(payload, 'the payload', JoseInvalidOptions, 'options');
  // A copy: what is checked (no "." in an unencoded compact payload) is what is signed.
  if (isUint8Array(payload)) return copyBytes(payload);
  throw new JoseInvalidOptions(`the payload must be a Uint8Array or a string, got ${kindOf(payload)}`, { step: 'options' });
}

/**
 * UTF-8 bytes of `text`, or the given error class when it has an unpaired surrogate (which
 * TextEncoder would replace with U+FFFD, so two different strings would sign the same bytes).
 */
export function encodeText(text: string, what: string, error: typeof JoseInvalidOptions | typeof JwsInvalid, step: JoseStep): Uint8Array {
  try {
    return utf8Encode(text);
  } catch (err) {
    if (err instanceof Utf8Error) throw new error(`${what} ${err.message}`, { step });
    throw err;
  }
}

/**
 * A copy of a caller's header object, made to be signed exactly as given: values JSON cannot
 * carry exactly (undefined, functions, symbols, bigint, NaN, `toJSON`, lone surrogates, …) are
 * refused (see copyJsonValue), and so are registered parameters of the wrong type. The caller's
 * object is read once, here. Throws JoseInvalidOptions prefixed with `where`.
 */
export function copyHeader(value: unknown, where: string): Record<string, unknown> {
  let header: Record<string, unknown>;
  try {
    header = copyJsonValue(value, (path) => (path === '' ? 'the header' : `header member ${path}`)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof JsonValueError) throw new JoseInvalidOptions(`${where}${err.message}`, { step: 'options' });
    throw err;
  }
  for (const name of Object.keys(header)) {
    const problem = name === 'crit' ? undefined : registeredParameterProblem(name, header[name]);
    if (problem) throw new JoseInvalidOptions(`${where}${problem}`, { step: 'options' });
  }
  return header;
}

/** Protected header options of signCompact and signJwt, in the order they are serialised. */
export interface HeaderOptions {
  /** The JWS algorithm. Required. */
  alg: JwsAlgorithm;
  /** Key ID header parameter. */
  kid?: string;
  /** Media type of the complete JWS (`typ`). */
  typ?: string;
  /** Media type of the payload (`cty`). */
  cty?: string;
  /** Extension parameters (present in `header`) the recipient must understand. */
  crit?: readonly string[];
  /** Extra protected header parameters, serialised after the named ones in insertion order. */
  header?: Record<string, unknown>;
}

/** The names of {@link HeaderOptions}. */
export const HEADER_OPTION_NAMES = ['alg', 'kid', 'typ', 'cty', 'crit', 'header'] as const;

/** The parameters that make up a protected header. */
export interface HeaderParts extends HeaderOptions {
  b64?: boolean;
}

/**
 * Builds the protected header object: `alg`, `kid`, `typ`, `cty`, `crit`, `b64`, then the extra
 * members in insertion order. With `b64: false`, `b64` is added to `crit`.
 */
export function buildHeader(parts: HeaderParts): Record<string, unknown> {
  const fail = (message: string): never => {
    throw new JoseInvalidOptions(message, { step: 'options' });
  };
  const header: Record<string, unknown> = { alg: parts.alg };
  for (const name of ['kid', 'typ', 'cty'] as const) {
    const value = parts[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') fail(`"${name}" must be a string, got ${show(value)}`);
    const at = loneSurrogateAt(value);
    if (at !== -1) fail(`"${name}" has an unpaired surrogate at offset ${at}, which UTF-8 cannot encode`);
    header[name] = value;
  }
  if (parts.header !== undefined && !isPlainObject(parts.header)) fail(`"header" must be a plain object of extra header parameters, got ${kindOf(parts.header)}`);
  const extra = parts.header === undefined ? {} : copyHeader(parts.header, '"header": ');
  let crit: unknown[] | undefined;
  if (parts.crit !== undefined) {
    if (!Array.isArray(parts.crit)) fail(`"crit" must be a non-empty array of names, got ${show(parts.crit)}`);
    crit = [...parts.crit];
    if (crit.length === 0 || crit.some((n) => typeof n !== 'string' || n.length === 0)) fail('"crit" must be a non-empty array of names');
    if (new Set(crit).size !== crit.length) fail('"crit" lists a name twice');
    for (const name of crit as string[]) {
      if (REGISTERED_HEADER_NAMES.has(name)) fail(`"crit" must not list the registered parameter ${show(name)}`);
      if (name !== 'b64' && !Object.prototype.hasOwnProperty.call(extra, name)) fail(`"crit" lists ${show(name)} but "header" has no such member`);
    }
  }
  if (parts.b64 !== undefined && typeof parts.b64 !== 'boolean') fail('"b64" must be a boolean');
  if (parts.b64 === false && !crit?.includes('b64')) crit = [...(crit ?? []), 'b64'];
  if (crit?.includes('b64') && parts.b64 === undefined) fail('"crit" lists "b64" but the b64 option is not set');
  if (crit) header.crit = crit;
  if (parts.b64 !== undefined) header.b64 = parts.b64;
  for (const name of Object.keys(extra)) {
    if (Object.prototype.hasOwnProperty.call(header, name) || name === 'alg' || name === 'crit' || name === 'b64') {
      fail(`"header" must not set ${show(name)}; use the ${name} option`);
    }
  }
  // Onto a prototype-less object, so that an own "__proto__" member of "header" stays data.
  return Object.assign(Object.create(null) as Record<string, unknown>, header, extra);
}

/** The JWS Signing Input: ASCII(protected) || "." || payload segment (RFC 7515 §5.1, RFC 7797 §3). */
export function signingInput(protectedB64: string, payload: Uint8Array, b64: boolean): SigningInput {
  // Encoded, the input is ASCII text, which the backend takes as it is (node:crypto hashes a
  // string without a copy to bytes first).
  return b64 ? `${protectedB64}.${b64encode(payload)}` : concatBytes(utf8Encode(`${protectedB64}.`), payload);
}

/** Signs the signing input with any accepted key input and returns the base64url signature. */
export async function createSignature(entry: AlgorithmEntry, key: unknown, input: SigningInput): Promise<string> {
  const cryptoKey = await toCryptoKey(key, entry, 'sign', 'sign');
  return b64encode(await backend.sign(entry, cryptoKey, input));
}

/** The payload as it appears in a JWS: base64url, or (b64: false) the text itself. */
export function payloadText(payload: Uint8Array, b64: boolean): string {
  if (b64) return b64encode(payload);
  try {
    return utf8Decode(payload);
  } catch {
    throw new JoseInvalidOptions('an unencoded (b64: false) payload must be UTF-8 text to appear in a JWS; use detached: true', { step: 'options' });
  }
}
