/**
 * The one sign core used by the compact and JSON serialisations: protected header building,
 * signing input, signature.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { encode as b64encode } from '../encoding/base64url.js';
import { concatBytes } from '../encoding/bytes.js';
import { utf8Decode, utf8Encode } from '../encoding/utf8.js';
import type { JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions } from '../errors.js';
import { toCryptoKey } from '../keys/normalize.js';
import { isPlainObject, isUint8Array } from '../keys/types.js';
import { REGISTERED_HEADER_NAMES } from './header.js';

/** Payload bytes from the caller's Uint8Array or string (UTF-8). */
export function payloadBytes(payload: unknown): Uint8Array {
  if (typeof payload === 'string') return utf8Encode(payload);
  if (isUint8Array(payload)) return payload;
  throw new JoseInvalidOptions('the payload must be a Uint8Array or a string', { step: 'options' });
}

/** Protected header options of signCompact and signJwt, in the order they are serialised. */
export interface HeaderOptions {
  /** The JWS algorithm. Required. */
  alg: string;
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
    if (typeof value !== 'string') fail(`"${name}" must be a string`);
    header[name] = value;
  }
  const extra = parts.header ?? {};
  if (!isPlainObject(extra)) fail('"header" must be a plain object of extra header parameters');
  let crit = parts.crit === undefined ? undefined : [...parts.crit];
  if (crit !== undefined) {
    if (crit.length === 0 || crit.some((n) => typeof n !== 'string' || n.length === 0)) fail('"crit" must be a non-empty array of names');
    if (new Set(crit).size !== crit.length) fail('"crit" lists a name twice');
    for (const name of crit) {
      if (REGISTERED_HEADER_NAMES.has(name)) fail(`"crit" must not list the registered parameter "${name}"`);
      if (name !== 'b64' && !Object.prototype.hasOwnProperty.call(extra, name)) fail(`"crit" lists "${name}" but "header" has no such member`);
    }
  }
  if (parts.b64 !== undefined && typeof parts.b64 !== 'boolean') fail('"b64" must be a boolean');
  if (parts.b64 === false && !crit?.includes('b64')) crit = [...(crit ?? []), 'b64'];
  if (crit?.includes('b64') && parts.b64 === undefined) fail('"crit" lists "b64" but the b64 option is not set');
  if (crit) header.crit = crit;
  if (parts.b64 !== undefined) header.b64 = parts.b64;
  for (const name of Object.keys(extra)) {
    if (Object.prototype.hasOwnProperty.call(header, name) || name === 'alg' || name === 'crit' || name === 'b64') {
      fail(`"header" must not set "${name}"; use the ${name} option`);
    }
    header[name] = extra[name];
  }
  return header;
}

/** The JWS Signing Input: ASCII(protected) || "." || payload segment (RFC 7515 §5.1, RFC 7797 §3). */
export function signingInput(protectedB64: string, payload: Uint8Array, b64: boolean): Uint8Array {
  return b64 ? utf8Encode(`${protectedB64}.${b64encode(payload)}`) : concatBytes(utf8Encode(`${protectedB64}.`), payload);
}

/** Signs the signing input with any accepted key input and returns the base64url signature. */
export async function createSignature(entry: JwsAlgorithm, key: unknown, input: Uint8Array): Promise<string> {
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
