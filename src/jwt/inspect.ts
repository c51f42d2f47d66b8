/**
 * inspectJwt: the debugging view of a token. It decodes whatever can be decoded and lists every
 * problem it sees, with codes; it verifies nothing and never throws.
 *
 * @module
 */

import { decode as b64decode } from '../encoding/base64url.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';
import { lookupAlgorithm } from '../jwa/algorithms.js';
import { REGISTERED_HEADER_NAMES } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { registeredClaimProblems } from './claims.js';
import { epochSeconds, formatDuration, isoSeconds, relative } from './time.js';

/** Problem codes reported by {@link inspectJwt}. */
export type InspectionCode =
  | 'NOT_A_STRING'
  | 'TOO_LONG'
  | 'SEGMENT_COUNT'
  | 'HEADER_NOT_BASE64URL'
  | 'HEADER_NOT_JSON'
  | 'PAYLOAD_NOT_BASE64URL'
  | 'PAYLOAD_NOT_JSON'
  | 'PAYLOAD_DETACHED'
  | 'SIGNATURE_NOT_BASE64URL'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_LENGTH'
  | 'ALG_MISSING'
  | 'ALG_NONE'
  | 'ALG_UNKNOWN'
  | 'CRIT_INVALID'
  | 'CRIT_EXTENSION'
  | 'B64_FALSE'
  | 'HEADER_PARAMETER_IGNORED'
  | 'CLAIM_TYPE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'EXP_MISSING'
  | 'IAT_IN_FUTURE'
  | 'LONG_LIFETIME';

/** One thing wrong with (or worth knowing about) a token. */
export interface InspectionProblem {
  readonly code: InspectionCode;
  /** `error`: verifyJwt would reject the token for this; `warning`: worth a look. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Which part of the token, where it applies. */
  readonly segment?: 'header' | 'payload' | 'signature';
  /** Character offset in the token, where it applies. */
  readonly offset?: number;
}

/** A time claim, readable. */
export interface InspectedTime {
  readonly value: number;
  readonly iso: string;
  /** e.g. "3m12s ago", "in 14m". */
  readonly relative: string;
}

/** What {@link inspectJwt} found. */
export interface JwtInspection {
  /** Three segments, JSON header and JSON payload: the token can at least be read. */
  readonly wellFormed: boolean;
  readonly header?: Record<string, unknown>;
  readonly payload?: Record<string, unknown>;
  readonly alg?: string;
  readonly signature: { readonly bytes?: number; readonly expectedBytes?: number };
  readonly times: { readonly iat?: InspectedTime; readonly nbf?: InspectedTime; readonly exp?: InspectedTime; readonly lifetime?: string };
  /** The clock used, ISO. */
  readonly now: string;
  readonly problems: readonly InspectionProblem[];
}

/** Lifetimes (exp − iat) longer than this are reported. */
const LONG_LIFETIME_SECONDS = 24 * 3600;
const IGNORED = ['jku', 'x5u', 'x5c', 'jwk'];
const NOT_BASE64URL = /[^A-Za-z0-9_-]/;

function decodeJson(segment: string): { value?: Record<string, unknown>; error?: string; offset?: number } {
  const bad = segment.search(NOT_BASE64URL);
  if (bad !== -1) return { error: `character ${JSON.stringify(segment[bad])} is not base64url`, offset: bad };
  let bytes: Uint8Array;
  try {
    bytes = b64decode(segment);
  } catch (err) {
    return { error: (err as Error).message };
  }
  try {
    return { value: parseJsonObject(utf8Decode(bytes), DEFAULT_MAX_TOKEN_LENGTH) };
  } catch (err) {
    return { error: `not a JSON object: ${(err as Error).message}`, offset: -1 };
  }
}

/**
 * Explains a token: header, payload, times as ISO dates with relative ages, signature size
 * against what the alg needs, and a list of problems with codes. Verifies nothing.
 *
 * @example
 * ```ts
 * const report = inspectJwt(token);
 * for (const p of report.problems) console.log(p.severity, p.code, p.message);
 * ```
 */
export function inspectJwt(token: unknown, options: { now?: Date } = {}): JwtInspection {
  const problems: InspectionProblem[] = [];
  const add = (p: InspectionProblem) => problems.push(p);
  const nowDate = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const now = epochSeconds(nowDate);
  const result = (found: Partial<JwtInspection>): JwtInspection => ({
    wellFormed: found.wellFormed ?? false,
    ...(found.header ? { header: found.header } : {}),
    ...(found.payload ? { payload: found.payload } : {}),
    ...(found.alg !== undefined ? { alg: found.alg } : {}),
    signature: found.signature ?? {},
    times: found.times ?? {},
    now: isoSeconds(now),
    problems,
  });

  if (typeof token !== 'string') {
    add({ code: 'NOT_A_STRING', severity: 'error', message: `the token is ${token === null ? 'null' : typeof token}, not a string` });
    return result({});
  }
  if (token.length > DEFAULT_MAX_TOKEN_LENGTH) {
    add({ code: 'TOO_LONG', severity: 'warning', message: `the token is ${token.length} characters, over the default maxTokenLength ${DEFAULT_MAX_TOKEN_LENGTH}` });
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    add({ code: 'SEGMENT_COUNT', severity: 'error', message: `the token has ${parts.length} segment${parts.length === 1 ? '' : 's'}; a JWT has 3 (header.payload.signature)` });
    if (parts.length < 2) return result({});
  }
  const [headerSegment, payloadSegment, signatureSegment = ''] = parts as [string, string, string?];
  const payloadStart = headerSegment.length + 1;
  const signatureStart = payloadStart + payloadSegment.length + 1;

  /** Decodes a JSON segment, reporting why it cannot be read. */
  const readJson = (segment: string, name: 'header' | 'payload', start: number) => {
    const { value, error, offset } = decodeJson(segment);
    if (!value) {
      const kind = offset === -1 ? 'NOT_JSON' : 'NOT_BASE64URL';
      add({
        code: `${name === 'header' ? 'HEADER' : 'PAYLOAD'}_${kind}`,
        severity: 'error',
        segment: name,
        message: `${name}: ${error}`,
        ...(offset !== undefined && offset >= 0 ? { offset: start + offset } : {}),
      });
    }
    return value;
  };
  const header = readJson(headerSegment, 'header', 0);
  let payload: Record<string, unknown> | undefined;
  if (payloadSegment === '') {
    add({ code: 'PAYLOAD_DETACHED', severity: 'error', segment: 'payload', message: 'the payload segment is empty (a detached JWS is not a JWT)' });
  } else {
    payload = readJson(payloadSegment, 'payload', payloadStart);
  }

  let signatureBytes: number | undefined;
  const badSig = signatureSegment.search(NOT_BASE64URL);
  if (badSig !== -1) {
    add({ code: 'SIGNATURE_NOT_BASE64URL', severity: 'error', segment: 'signature', offset: signatureStart + badSig, message: `signature: character ${JSON.stringify(signatureSegment[badSig])} is not base64url` });
  } else {
    try {
      signatureBytes = b64decode(signatureSegment).length;
    } catch (err) {
      add({ code: 'SIGNATURE_NOT_BASE64URL', severity: 'error', segment: 'signature', message: `signature: ${(err as Error).message}` });
    }
  }

  // Header parameters.
  const alg = typeof header?.alg === 'string' ? header.alg : undefined;
  let expectedBytes: number | undefined;
  if (header) {
    if (alg === undefined) add({ code: 'ALG_MISSING', severity: 'error', segment: 'header', message: 'the header has no "alg" string' });
    else if (alg.toLowerCase() === 'none') {
      add({ code: 'ALG_NONE', severity: 'error', segment: 'header', message: `alg "${alg}": an unsecured token, never accepted by verifyJwt` });
    } else {
      const entry = lookupAlgorithm(alg);
      if (!entry) add({ code: 'ALG_UNKNOWN', severity: 'error', segment: 'header', message: `alg "${alg}" is not a JWS algorithm josekit implements` });
      else if (signatureBytes !== undefined) {
        expectedBytes = entry.signatureLength;
        if (signatureBytes === 0) add({ code: 'SIGNATURE_MISSING', severity: 'error', segment: 'signature', message: `the signature is empty; ${alg} needs one` });
        else if (expectedBytes !== undefined && signatureBytes !== expectedBytes) {
          add({ code: 'SIGNATURE_LENGTH', severity: 'error', segment: 'signature', message: `the signature is ${signatureBytes} bytes; ${alg} signatures are ${expectedBytes}` });
        } else if (entry.kty === 'RSA' && signatureBytes < 256) {
          add({ code: 'SIGNATURE_LENGTH', severity: 'error', segment: 'signature', message: `the signature is ${signatureBytes} bytes; ${alg} with a key of at least 2048 bits gives at least 256` });
        }
      }
    }
    if (header.crit !== undefined) {
      const crit = header.crit;
      if (!Array.isArray(crit) || crit.length === 0 || crit.some((n) => typeof n !== 'string' || REGISTERED_HEADER_NAMES.has(n) || !Object.prototype.hasOwnProperty.call(header, n))) {
        add({ code: 'CRIT_INVALID', severity: 'error', segment: 'header', message: '"crit" must be a non-empty list of extension names present in the header' });
      } else {
        const extensions = (crit as string[]).filter((n) => n !== 'b64');
        if (extensions.length > 0) {
          add({ code: 'CRIT_EXTENSION', severity: 'warning', segment: 'header', message: `"crit" lists ${extensions.map((n) => `"${n}"`).join(', ')}: verification fails unless the verifier passes crit: [${extensions.map((n) => `"${n}"`).join(', ')}]` });
        }
      }
    }
    if (header.b64 === false) add({ code: 'B64_FALSE', severity: 'error', segment: 'header', message: '"b64": false (unencoded payload) is not allowed in a JWT' });
    for (const name of IGNORED) {
      if (header[name] !== undefined) {
        add({ code: 'HEADER_PARAMETER_IGNORED', severity: 'warning', segment: 'header', message: `header "${name}" is ignored: josekit never takes keys from the token (use your key or resolver)` });
      }
    }
  }

  // Claims and times.
  const times: { iat?: InspectedTime; nbf?: InspectedTime; exp?: InspectedTime; lifetime?: string } = {};
  if (payload) {
    for (const p of registeredClaimProblems(payload)) add({ code: 'CLAIM_TYPE', severity: 'error', segment: 'payload', message: p.message });
    const time = (name: 'iat' | 'nbf' | 'exp'): number | undefined => {
      const value = payload![name];
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      times[name] = { value, iso: isoSeconds(value), relative: relative(value, now) };
      return value;
    };
    const iat = time('iat');
    const nbf = time('nbf');
    const exp = time('exp');
    if (exp === undefined) {
      if (payload.exp === undefined) add({ code: 'EXP_MISSING', severity: 'error', segment: 'payload', message: '"exp" is missing: the token never expires (verifyJwt rejects it unless requireExp: false)' });
    } else if (now >= exp) {
      add({ code: 'EXPIRED', severity: 'error', segment: 'payload', message: `expired ${formatDuration(now - exp)} ago (exp ${isoSeconds(exp)}, now ${isoSeconds(now)})` });
    }
    if (nbf !== undefined && now < nbf) {
      add({ code: 'NOT_YET_VALID', severity: 'error', segment: 'payload', message: `not valid for another ${formatDuration(nbf - now)} (nbf ${isoSeconds(nbf)}, now ${isoSeconds(now)})` });
    }
    if (iat !== undefined && iat > now) add({ code: 'IAT_IN_FUTURE', severity: 'warning', segment: 'payload', message: `issued ${formatDuration(iat - now)} in the future (iat ${isoSeconds(iat)}): check the issuer's clock` });
    const start = iat ?? nbf;
    if (exp !== undefined && start !== undefined) {
      times.lifetime = `${exp < start ? '-' : ''}${formatDuration(exp - start)}`;
      if (exp - start > LONG_LIFETIME_SECONDS) {
        add({ code: 'LONG_LIFETIME', severity: 'warning', segment: 'payload', message: `the token lives ${formatDuration(exp - start)}, over 24h: long-lived bearer tokens are hard to revoke` });
      }
    }
  }

  return result({
    wellFormed: parts.length === 3 && header !== undefined && payload !== undefined,
    header,
    payload,
    alg,
    signature: { ...(signatureBytes !== undefined ? { bytes: signatureBytes } : {}), ...(expectedBytes !== undefined ? { expectedBytes } : {}) },
    times,
  });
}
