/**
 * JOSE header rules shared by every serialisation: the alg allowlist, `crit` (RFC 7515
 * §4.1.11), `b64` (RFC 7797 §3, §6) and disjoint protected/unprotected headers (RFC 7515 §7.2.1).
 *
 * @module
 */

import { JsonError, parseJsonObjectBytes } from '../encoding/json.js';
import { lookupAlgorithm, type JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseAlgNotAllowed, JoseNotSupported, JwsInvalid } from '../errors.js';
import type { CompiledJwsOptions } from './options.js';
import { decodeSegment } from './segment.js';

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

/** Decodes and parses a base64url protected header segment. */
export function parseProtectedHeader(segment: string, maxLength: number): Record<string, unknown> {
  const bytes = decodeSegment(segment, 'protected header', 'decode header');
  try {
    return parseJsonObjectBytes(bytes, maxLength);
  } catch (err) {
    throw new JwsInvalid(`the protected header ${(err as JsonError).message}`, { step: 'parse header' });
  }
}

/** The outcome of the header checks. */
export interface CheckedHeader {
  readonly header: JoseHeader;
  readonly entry: JwsAlgorithm;
  /** False when RFC 7797 `b64: false` is in effect (the payload is not base64url-encoded). */
  readonly b64: boolean;
}

/**
 * Joins the protected and unprotected headers and applies every header rule. Runs before any
 * key is resolved, so a resolver never sees a header with a disallowed alg.
 */
export function checkHeader(
  protectedHeader: Record<string, unknown> | undefined,
  unprotectedHeader: Record<string, unknown> | undefined,
  options: CompiledJwsOptions,
): CheckedHeader {
  const step = 'check header';
  let header = (protectedHeader ?? {}) as JoseHeader;
  if (unprotectedHeader) {
    if (protectedHeader) {
      for (const name of Object.keys(unprotectedHeader)) {
        if (Object.prototype.hasOwnProperty.call(protectedHeader, name)) {
          throw new JwsInvalid(`header parameter "${name}" is in both the protected and the unprotected header`, { step });
        }
      }
    }
    header = { ...protectedHeader, ...unprotectedHeader } as JoseHeader;
  }

  const alg = header.alg;
  if (typeof alg !== 'string') throw new JwsInvalid('the JOSE header has no "alg" string', { step });
  if (!options.algorithms.has(alg)) {
    throw new JoseAlgNotAllowed(`header alg ${JSON.stringify(alg)} is not in the allowed algorithms ${JSON.stringify([...options.algorithms])}`, {
      step,
    });
  }
  const entry = lookupAlgorithm(alg)!;

  if (header.crit !== undefined) {
    if (!protectedHeader || protectedHeader.crit === undefined) throw new JwsInvalid('"crit" must be in the protected header', { step });
    const crit: unknown = protectedHeader.crit;
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((n) => typeof n !== 'string' || n.length === 0)) {
      throw new JwsInvalid('"crit" must be a non-empty array of header parameter names', { step });
    }
    if (new Set(crit).size !== crit.length) throw new JwsInvalid('"crit" lists a name twice', { step });
    for (const name of crit as string[]) {
      if (REGISTERED_HEADER_NAMES.has(name)) throw new JwsInvalid(`"crit" must not list the registered parameter "${name}"`, { step });
      if (!Object.prototype.hasOwnProperty.call(header, name)) throw new JwsInvalid(`"crit" lists "${name}", which the header does not contain`, { step });
      if (name !== 'b64' && !options.crit.has(name)) {
        throw new JoseNotSupported(`"crit" lists the extension "${name}", which this verifier does not process (pass crit: ["${name}"] once you do)`, {
          step,
        });
      }
    }
  }

  let b64 = true;
  if (header.b64 !== undefined) {
    if (!protectedHeader || protectedHeader.b64 === undefined) throw new JwsInvalid('"b64" must be in the protected header (RFC 7797 §3)', { step });
    if (typeof header.b64 !== 'boolean') throw new JwsInvalid('"b64" must be a boolean', { step });
    if (!(header.crit as string[] | undefined)?.includes('b64')) throw new JwsInvalid('"b64" must be listed in "crit" (RFC 7797 §6)', { step });
    b64 = header.b64;
  }
  return { header, entry, b64 };
}
