/**
 * JOSE header rules shared by every serialisation: the alg allowlist, `crit` (RFC 7515
 * §4.1.11), `b64` (RFC 7797 §3, §6) and disjoint protected/unprotected headers (RFC 7515 §7.2.1).
 *
 * @module
 */

import { copyParsedJson, JsonError, parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';
import { lookupAlgorithm, type AlgorithmEntry } from '../jwa/algorithms.js';
import { show } from '../encoding/show.js';
import { JoseAlgNotAllowed, JoseNotSupported, JwsInvalid } from '../errors.js';
import { isPlainObject } from '../keys/types.js';
import type { CompiledJwsOptions } from './options.js';
import { decodeSegment, type PaddingRule } from './segment.js';

/** A JOSE header: protected and unprotected members joined. */
export type JoseHeader = Record<string, unknown> & { alg?: string; kid?: string; typ?: string; crit?: string[]; b64?: boolean };

/**
 * Header parameter names registered by RFC 7515 and RFC 7518 (JWS and JWE), which `crit` must
 * not list. `b64` (RFC 7797) is an extension and must be listed when used.
 */
export const REGISTERED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit',
  'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c',
]);

/**
 * Headers already decoded, by segment text: most tokens a service sees share a handful of
 * protected headers, so each distinct one is decoded and parsed once. Bounded, oldest out first.
 * An entry keeps the length of the JSON text (for the size rule), whether the segment was padded
 * (accepted only under allowPadding, so served only to a caller that allows padding too), and a
 * parsed object nobody else holds, copied for each caller.
 */
const decodedHeaders = new Map<string, { readonly length: number; readonly padded: boolean; readonly header: Record<string, unknown> }>();
const DECODED_HEADERS_MAX = 256;

/**
 * Decodes and parses a base64url protected header segment. The result is a fresh object the
 * caller may keep or change. `padding` is the caller's rule for `=` padding (see decodeSegment).
 */
export function parseProtectedHeader(segment: string, maxLength: number, padding: PaddingRule = 'refuse'): Record<string, unknown> {
  const known = decodedHeaders.get(segment);
  // A padded segment was decoded under allowPadding: any other caller decodes it, and is refused.
  if (known !== undefined && known.length <= maxLength && (!known.padded || padding === 'allow')) return copyParsedJson(known.header);
  const bytes = decodeSegment(segment, 'protected header', 'decode header', padding);
  let header: Record<string, unknown>;
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    throw new JwsInvalid('the protected header is not valid UTF-8', { step: 'parse header' });
  }
  try {
    header = parseJsonObject(text, maxLength);
  } catch (err) {
    throw new JwsInvalid(`the protected header ${(err as JsonError).message}`, { step: 'parse header' });
  }
  if (decodedHeaders.size >= DECODED_HEADERS_MAX) decodedHeaders.delete(decodedHeaders.keys().next().value!);
  // Strictly decoded text has no "=" at all; only a padded segment ends with one.
  decodedHeaders.set(segment, { length: text.length, padded: segment.endsWith('='), header: copyParsedJson(header) });
  return header;
}

/** The outcome of the header checks. */
export interface CheckedHeader {
  readonly header: JoseHeader;
  readonly entry: AlgorithmEntry;
  /** False when RFC 7797 `b64: false` is in effect (the payload is not base64url-encoded). */
  readonly b64: boolean;
}

const isString = (value: unknown) => (typeof value === 'string' ? undefined : 'a string');

/**
 * The JSON type of each registered header parameter (RFC 7515 §4.1, RFC 7797 §3), as the words
 * for "must be …" when a value does not have it. `crit` is checked on its own.
 */
const REGISTERED_TYPES: Readonly<Record<string, (value: unknown) => string | undefined>> = Object.assign(Object.create(null), {
  alg: (value: unknown) => (typeof value === 'string' && value.length > 0 ? undefined : 'a non-empty string'),
  kid: isString, // RFC 7515 §4.1.4
  typ: isString,
  cty: isString,
  jku: isString,
  x5u: isString,
  x5t: isString,
  'x5t#S256': isString,
  jwk: (value: unknown) => (isPlainObject(value) ? undefined : 'a JSON object (a JWK)'),
  x5c: (value: unknown) =>
    Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? undefined : 'a non-empty array of base64 strings',
  b64: (value: unknown) => (typeof value === 'boolean' ? undefined : 'a boolean'),
});

/** Why a registered header parameter's value has the wrong JSON type, or undefined. */
export function registeredParameterProblem(name: string, value: unknown): string | undefined {
  const rule = REGISTERED_TYPES[name];
  const wanted = rule?.(value);
  return wanted === undefined ? undefined : `header "${name}" must be ${wanted}, got ${show(value)}`;
}

/**
 * The header rules that do not depend on the verifier's options: disjoint protected and
 * unprotected headers (RFC 7515 §7.2.1), `alg` present, registered parameters of their JSON
 * types, `crit` well formed and its names present in the protected header (§4.1.11: an
 * extension a recipient must process cannot come from a part an attacker may change), and `b64`
 * protected and listed in `crit` (RFC 7797 §3, §6). Used by verification and by decodeHeader,
 * so a header that decodes is never refused later for its form. Throws JwsInvalid.
 */
export function checkHeaderForm(
  protectedHeader: Record<string, unknown> | undefined,
  unprotectedHeader: Record<string, unknown> | undefined,
): { header: JoseHeader; b64: boolean } {
  const step = 'check header';
  let header = (protectedHeader ?? {}) as JoseHeader;
  if (unprotectedHeader) {
    if (protectedHeader) {
      for (const name of Object.keys(unprotectedHeader)) {
        if (Object.prototype.hasOwnProperty.call(protectedHeader, name)) {
          throw new JwsInvalid(`header parameter ${show(name)} is in both the protected and the unprotected header`, { step });
        }
      }
    }
    header = { ...protectedHeader, ...unprotectedHeader } as JoseHeader;
  }
  if (typeof header.alg !== 'string') throw new JwsInvalid(`the JOSE header has no "alg" string${header.alg === undefined ? '' : ` (got ${show(header.alg)})`}`, { step });
  for (const name of Object.keys(header)) {
    const problem = registeredParameterProblem(name, header[name]);
    if (problem) throw new JwsInvalid(problem, { step });
  }

  if (header.crit !== undefined) {
    if (!protectedHeader || !Object.prototype.hasOwnProperty.call(protectedHeader, 'crit')) {
      throw new JwsInvalid('"crit" must be in the protected header', { step });
    }
    const crit: unknown = protectedHeader.crit;
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((n) => typeof n !== 'string' || n.length === 0)) {
      throw new JwsInvalid(`"crit" must be a non-empty array of header parameter names, got ${show(crit)}`, { step });
    }
    if (new Set(crit).size !== crit.length) throw new JwsInvalid('"crit" lists a name twice', { step });
    for (const name of crit as string[]) {
      if (REGISTERED_HEADER_NAMES.has(name)) throw new JwsInvalid(`"crit" must not list the registered parameter ${show(name)}`, { step });
      if (!Object.prototype.hasOwnProperty.call(protectedHeader, name)) {
        const where = Object.prototype.hasOwnProperty.call(header, name) ? ', only the unprotected header, which is not integrity-protected' : '';
        throw new JwsInvalid(`"crit" lists ${show(name)}, which the protected header does not contain${where}`, { step });
      }
    }
  }

  let b64 = true;
  if (header.b64 !== undefined) {
    if (!protectedHeader || !Object.prototype.hasOwnProperty.call(protectedHeader, 'b64')) {
      throw new JwsInvalid('"b64" must be in the protected header (RFC 7797 §3)', { step });
    }
    if (!(header.crit as string[] | undefined)?.includes('b64')) throw new JwsInvalid('"b64" must be listed in "crit" (RFC 7797 §6)', { step });
    b64 = header.b64 as boolean;
  }
  return { header, b64 };
}

/**
 * Applies every header rule: the form rules of {@link checkHeaderForm}, the alg allowlist, and
 * that every `crit` extension is one this verifier processes. Runs before any key is resolved,
 * so a resolver never sees a header with a disallowed alg.
 */
export function checkHeader(
  protectedHeader: Record<string, unknown> | undefined,
  unprotectedHeader: Record<string, unknown> | undefined,
  options: CompiledJwsOptions,
): CheckedHeader {
  const { header, b64 } = checkHeaderForm(protectedHeader, unprotectedHeader);
  const alg = header.alg!;
  if (!options.algorithms.has(alg)) {
    throw new JoseAlgNotAllowed(`header alg ${show(alg)} is not in the allowed algorithms ${JSON.stringify([...options.algorithms])}`, {
      step: 'check header',
    });
  }
  for (const name of header.crit ?? []) {
    if (name !== 'b64' && !options.crit.has(name)) {
      throw new JoseNotSupported(`"crit" lists the extension ${show(name)}, which this verifier does not process (pass crit: [${show(name)}] once you do)`, {
        step: 'check header',
      });
    }
  }
  return { header, entry: lookupAlgorithm(alg)!, b64 };
}
