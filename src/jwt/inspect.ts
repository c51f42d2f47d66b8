/**
 * inspectJwt: the debugging view of a token. It decodes whatever can be decoded and lists every
 * problem it sees, with codes; it verifies nothing and never throws, whatever the token and
 * whatever the options.
 *
 * @module
 */

import { Base64urlError, base64urlProblem, decode as b64decode, withoutPadding } from '../encoding/base64url.js';
import { parseJsonObject } from '../encoding/json.js';
import { utf8Decode } from '../encoding/utf8.js';
import { algorithmForCurve, lookupAlgorithm } from '../jwa/algorithms.js';
import { REGISTERED_HEADER_NAMES } from '../jws/header.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';
import { errorText } from '../options.js';
import { registeredClaimProblems } from './claims.js';
import { kindOf, show } from '../encoding/show.js';
import { dateMillis, formatDuration, isoInstant, relative } from './time.js';

/** Problem codes reported by {@link inspectJwt}. */
export type InspectionCode =
  | 'NOT_A_STRING'
  | 'TOO_LONG'
  | 'SEGMENT_COUNT'
  | 'BEARER_SCHEME'
  | 'LOOKS_LIKE_JWE'
  | 'LOOKS_LIKE_SD_JWT'
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
  | 'LONG_LIFETIME'
  | 'OPTIONS_INVALID'
  | 'INSPECTION_FAILED';

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
  /** The NumericDate as in the token (seconds, possibly fractional). */
  readonly value: number;
  /** ISO 8601, with the fraction when the value has one. */
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
  /** The clock used, ISO (with milliseconds when it has them). */
  readonly now: string;
  readonly problems: readonly InspectionProblem[];
}

/** Options of {@link inspectJwt}. Invalid values are reported (OPTIONS_INVALID), never thrown. */
export interface InspectJwtOptions {
  /** The clock to judge the times against. Default: now. */
  now?: Date;
  /**
   * The limit your verifier uses, in characters. Default 65536, as for verifyJwt. A longer token
   * is reported as TOO_LONG; one far beyond it (over 4×) is not decoded at all.
   */
  maxTokenLength?: number;
  /**
   * Read segments that end in correct base64 `=` padding, as `verifyJwt`'s and `decodeJwt`'s
   * `allowPadding` do (AWS Application Load Balancer tokens). The same rules apply: only `=`,
   * only at the end of a segment, and exactly as many as its length needs; the rest must still
   * be canonical base64url. Wrong padding is still reported. Default false: padding is reported
   * as not base64url, with a hint naming this option.
   */
  allowPadding?: boolean;
}

/** Lifetimes (exp − iat) longer than this are reported. */
const LONG_LIFETIME_SECONDS = 24 * 3600;
/** Tokens longer than this many times the limit are reported without being split or decoded. */
const INSPECT_BEYOND_LIMIT = 4;
const IGNORED = ['jku', 'x5u', 'x5c', 'jwk'];
const NOT_BASE64URL = /[^A-Za-z0-9_-]/;
/** Beyond this, a time is told as "more than 10,000 years" rather than as a meaningless count of them. */
const FAR_SECONDS = 10_000 * 31_557_600;
const FAR = 'more than 10,000 years';
const BEARER = /^bearer[ \t]/i;

type Segment = 'header' | 'payload' | 'signature';
type Add = (problem: InspectionProblem) => void;

/** The options as used, after every bad value was replaced by its default. */
interface ReadOptions {
  readonly nowMs: number;
  readonly max: number;
  readonly allowPadding: boolean;
}

const OPTION_NAMES: readonly string[] = ['now', 'maxTokenLength', 'allowPadding'];

/** Reads the options without trusting them: every failure is a warning and a default. */
function readInspectOptions(options: unknown, add: Add): ReadOptions {
  const warn = (message: string) => add({ code: 'OPTIONS_INVALID', severity: 'warning', message });
  let nowMs = Date.now();
  let max = DEFAULT_MAX_TOKEN_LENGTH;
  let allowPadding = false;
  if (options === undefined) return { nowMs, max, allowPadding };
  if (typeof options !== 'object' || options === null) {
    warn(`the options are ${kindOf(options)}, not an object; using the defaults`);
    return { nowMs, max, allowPadding };
  }
  let now: unknown;
  let maxTokenLength: unknown;
  let padding: unknown;
  try {
    for (const name of Object.keys(options)) {
      if (!OPTION_NAMES.includes(name)) warn(`unknown option ${show(name)} is ignored (known options: ${OPTION_NAMES.join(', ')})`);
    }
    now = (options as InspectJwtOptions).now;
    maxTokenLength = (options as InspectJwtOptions).maxTokenLength;
    padding = (options as InspectJwtOptions).allowPadding;
  } catch (err) {
    warn(`the options could not be read (${errorText(err)}); using the defaults`);
    return { nowMs, max, allowPadding };
  }
  if (now !== undefined) {
    const ms = dateMillis(now);
    if (ms === undefined || Number.isNaN(ms)) warn(`"now" is ${ms === undefined ? kindOf(now) : 'an invalid Date'}, not a valid Date; using the real clock`);
    else nowMs = ms;
  }
  if (maxTokenLength !== undefined) {
    if (typeof maxTokenLength === 'number' && Number.isSafeInteger(maxTokenLength) && maxTokenLength > 0) max = maxTokenLength;
    else warn(`"maxTokenLength" ${show(maxTokenLength)} is not a positive integer; using ${DEFAULT_MAX_TOKEN_LENGTH}`);
  }
  if (padding !== undefined) {
    if (typeof padding === 'boolean') allowPadding = padding;
    else warn(`"allowPadding" ${show(padding)} is not a boolean; using false`);
  }
  return { nowMs, max, allowPadding };
}

/**
 * Explains a token: header, payload, times as ISO dates with relative ages, signature size
 * against what the alg needs, and a list of problems with codes. Verifies nothing, and never
 * throws: whatever `token` and `options` are, the answer is a report (a failure inside is the
 * problem INSPECTION_FAILED). Over-long input is reported without being decoded (TOO_LONG), and
 * common mix-ups get their own hint: an HTTP `Bearer ` prefix (BEARER_SCHEME), a 5-segment JWE
 * (LOOKS_LIKE_JWE), an SD-JWT with `~`-separated disclosures (LOOKS_LIKE_SD_JWT). Base64 `=`
 * padding (AWS ALB tokens) is reported as not base64url, with a hint, unless `allowPadding` is
 * true, in which case correct padding is read as verifyJwt's `allowPadding` reads it.
 *
 * @param token - anything; a compact JWT to be useful.
 * @param options - `now` (the clock), `maxTokenLength` (default 65536) and `allowPadding`
 *   (default false). Unknown or invalid options are reported as OPTIONS_INVALID warnings.
 * @returns the report; `problems` is empty for a token verifyJwt would accept with a matching key.
 *
 * @example
 * ```ts
 * const report = inspectJwt(token);
 * for (const p of report.problems) console.log(p.severity, p.code, p.message);
 * ```
 */
export function inspectJwt(token: unknown, options?: InspectJwtOptions): JwtInspection {
  const problems: InspectionProblem[] = [];
  const add: Add = (p) => {
    problems.push(p);
  };
  let nowMs = Date.now();
  try {
    const read = readInspectOptions(options, add);
    nowMs = read.nowMs;
    return inspect(token, nowMs, read, problems, add);
  } catch (err) {
    add({ code: 'INSPECTION_FAILED', severity: 'error', message: `the token could not be inspected: ${errorText(err)}` });
    let now: string;
    try {
      now = isoInstant(nowMs / 1000);
    } catch {
      // Whatever broke may break formatting too: the clock as seconds is still an answer.
      now = String(nowMs / 1000);
    }
    return { wellFormed: false, signature: {}, times: {}, now, problems };
  }
}

/** Whether the only thing wrong with `segment` is correct '=' padding (the verifier's own rule). */
function onlyPadded(segment: string): boolean {
  try {
    const unpadded = withoutPadding(segment);
    return unpadded !== segment && base64urlProblem(unpadded) === undefined;
  } catch {
    return false;
  }
}

/**
 * Why the first character that is not base64url is there, when it opens correct '=' padding (what
 * AWS ALB writes): strict decoding refuses it, and `allowPadding: true` is the way to read and to
 * verify it.
 */
function notBase64url(segment: string, bad: number): string {
  const note = onlyPadded(segment) ? ' (base64url padding, as in AWS ALB tokens: inspect and verify them with allowPadding: true)' : '';
  return `character ${show(segment[bad])} is not base64url${note}`;
}

/** A segment as it is read: without its padding, when padding is allowed and correct. */
interface Unpadded {
  readonly text: string;
  /** Why the padding is wrong, and where it starts (offset in the segment). */
  readonly error?: { readonly message: string; readonly offset: number };
}

/** Takes correct '=' padding off a segment, by the same rule as verification's `allowPadding`. */
function unpad(segment: string, allowPadding: boolean): Unpadded {
  if (!allowPadding || !segment.includes('=')) return { text: segment };
  try {
    return { text: withoutPadding(segment) };
  } catch (err) {
    if (!(err instanceof Base64urlError)) throw err;
    return { text: segment, error: { message: `not canonical base64url: ${err.message}`, offset: segment.indexOf('=') } };
  }
}

function decodeJson(segment: string, max: number, allowPadding: boolean): { value?: Record<string, unknown>; error?: string; offset?: number; tooLong?: boolean } {
  const unpadded = unpad(segment, allowPadding);
  if (unpadded.error) return { error: unpadded.error.message, offset: unpadded.error.offset };
  const text = unpadded.text;
  const bad = text.search(NOT_BASE64URL);
  if (bad !== -1) return { error: notBase64url(text, bad), offset: bad };
  let bytes: Uint8Array;
  try {
    bytes = b64decode(text);
  } catch (err) {
    return { error: errorText(err) };
  }
  let json: string;
  try {
    json = utf8Decode(bytes);
  } catch {
    return { error: 'not a JSON object: is not valid UTF-8', offset: -1 };
  }
  if (json.length > max) return { error: `the JSON text is ${json.length} characters, over the limit of ${max} (maxTokenLength)`, tooLong: true };
  try {
    return { value: parseJsonObject(json, max) };
  } catch (err) {
    return { error: `not a JSON object: ${errorText(err)}`, offset: -1 };
  }
}

/** A duration as formatDuration writes it, or "more than 10,000 years" beyond that (1e300 s is no count of years anyone reads). */
function span(seconds: number): string {
  return Math.abs(seconds) > FAR_SECONDS ? FAR : formatDuration(seconds);
}

/** "3m ago" / "in 14m", or "in more than 10,000 years" for a time no token lives to see. */
function relativeTo(seconds: number, now: number): string {
  const delta = seconds - now;
  if (Math.abs(delta) > FAR_SECONDS) return delta < 0 ? `${FAR} ago` : `in ${FAR}`;
  return relative(seconds, now);
}

/** Counts the dots and finds the first three (-1 when absent), without splitting the token. */
function dotsFrom(token: string): { count: number; first: number; second: number; third: number } {
  let count = 0;
  const at = [-1, -1, -1];
  for (let i = token.indexOf('.'); i !== -1; i = token.indexOf('.', i + 1)) {
    if (count < 3) at[count] = i;
    count++;
  }
  return { count, first: at[0]!, second: at[1]!, third: at[2]! };
}

function inspect(token: unknown, nowMs: number, options: ReadOptions, problems: InspectionProblem[], add: Add): JwtInspection {
  const { max, allowPadding } = options;
  const now = nowMs / 1000;
  const result = (found: Partial<JwtInspection>): JwtInspection => ({
    wellFormed: found.wellFormed ?? false,
    ...(found.header ? { header: found.header } : {}),
    ...(found.payload ? { payload: found.payload } : {}),
    ...(found.alg !== undefined ? { alg: found.alg } : {}),
    signature: found.signature ?? {},
    times: found.times ?? {},
    now: isoInstant(now),
    problems,
  });

  if (typeof token !== 'string') {
    add({ code: 'NOT_A_STRING', severity: 'error', message: `the token is ${token === null ? 'null' : typeof token}, not a string` });
    return result({});
  }
  if (BEARER.test(token.slice(0, 7))) {
    add({ code: 'BEARER_SCHEME', severity: 'error', offset: 0, message: `the token starts with the HTTP authorization scheme ${show(token.slice(0, 6))}: strip it and pass only the token` });
  }
  if (token.length > max) {
    const far = token.length > max * INSPECT_BEYOND_LIMIT;
    add({
      code: 'TOO_LONG',
      severity: 'error',
      message: `the token is ${token.length} characters, over the limit of ${max} (maxTokenLength)${far ? '; too far over it to be decoded' : ''}`,
    });
    // Far beyond the limit nothing is split or decoded: the work stays bounded whatever arrives.
    if (far) return result({});
  }
  const { count, first, second, third } = dotsFrom(token);
  const segments = count + 1;
  if (token.includes('~')) {
    add({
      code: 'LOOKS_LIKE_SD_JWT',
      severity: 'error',
      offset: token.indexOf('~'),
      message: 'the token contains "~": it looks like an SD-JWT (issuer-signed JWT~disclosures~), whose JWT is the part before the first "~"',
    });
  }
  if (segments !== 3) {
    add({ code: 'SEGMENT_COUNT', severity: 'error', message: `the token has ${segments} segment${segments === 1 ? '' : 's'}; a JWT has 3 (header.payload.signature)` });
    if (segments === 5) {
      add({
        code: 'LOOKS_LIKE_JWE',
        severity: 'error',
        message: 'the token has 5 segments: it looks like a JWE (an encrypted token, RFC 7516 §7.1), which is decrypted, not verified; josekit handles JWS',
      });
    }
    if (segments < 2) return result({});
  }
  const headerSegment = token.slice(0, first);
  const payloadSegment = token.slice(first + 1, second === -1 ? undefined : second);
  const signatureSegment = second === -1 ? '' : token.slice(second + 1, third === -1 ? undefined : third);
  const payloadStart = first + 1;
  const signatureStart = second + 1;

  const tooLong = (name: Segment, length: number) =>
    add({ code: 'TOO_LONG', severity: 'error', segment: name, message: `${name}: the segment is ${length} characters, over the limit of ${max} (maxTokenLength); not decoded` });

  /** Decodes a JSON segment, reporting why it cannot be read. */
  const readJson = (segment: string, name: 'header' | 'payload', start: number) => {
    if (segment.length > max) {
      tooLong(name, segment.length);
      return undefined;
    }
    const { value, error, offset, tooLong: over } = decodeJson(segment, max, allowPadding);
    if (!value) {
      const kind = over ? 'TOO_LONG' : offset === -1 ? `${name === 'header' ? 'HEADER' : 'PAYLOAD'}_NOT_JSON` : `${name === 'header' ? 'HEADER' : 'PAYLOAD'}_NOT_BASE64URL`;
      add({
        code: kind as InspectionCode,
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
  const signature = unpad(signatureSegment, allowPadding);
  const badSig = signature.text.search(NOT_BASE64URL);
  if (signatureSegment.length > max) {
    tooLong('signature', signatureSegment.length);
  } else if (signature.error) {
    add({ code: 'SIGNATURE_NOT_BASE64URL', severity: 'error', segment: 'signature', offset: signatureStart + signature.error.offset, message: `signature: ${signature.error.message}` });
  } else if (badSig !== -1) {
    add({ code: 'SIGNATURE_NOT_BASE64URL', severity: 'error', segment: 'signature', offset: signatureStart + badSig, message: `signature: ${notBase64url(signature.text, badSig)}` });
  } else {
    try {
      signatureBytes = b64decode(signature.text).length;
    } catch (err) {
      add({ code: 'SIGNATURE_NOT_BASE64URL', severity: 'error', segment: 'signature', message: `signature: ${errorText(err)}` });
    }
  }

  // Header parameters.
  const alg = typeof header?.alg === 'string' ? header.alg : undefined;
  let expectedBytes: number | undefined;
  if (header) {
    if (alg === undefined) add({ code: 'ALG_MISSING', severity: 'error', segment: 'header', message: 'the header has no "alg" string' });
    else if (alg.toLowerCase() === 'none') {
      add({ code: 'ALG_NONE', severity: 'error', segment: 'header', message: `alg ${show(alg)}: an unsecured token, never accepted by verifyJwt` });
    } else {
      const entry = lookupAlgorithm(alg);
      if (!entry) add({ code: 'ALG_UNKNOWN', severity: 'error', segment: 'header', message: `alg ${show(alg)} is not a JWS algorithm josekit implements` });
      else if (signatureBytes !== undefined) {
        expectedBytes = entry.signatureLength;
        // "EdDSA" also takes Ed448 keys (RFC 8037 §3.1), whose signatures are longer.
        const ed448 = algorithmForCurve(entry, 'Ed448');
        if (ed448 && ed448 !== entry && signatureBytes === ed448.signatureLength) expectedBytes = signatureBytes;
        if (signatureBytes === 0) add({ code: 'SIGNATURE_MISSING', severity: 'error', segment: 'signature', message: `the signature is empty; ${alg} needs one` });
        else if (expectedBytes !== undefined && signatureBytes !== expectedBytes) {
          const sizes = ed448 && ed448 !== entry ? `${expectedBytes} (Ed25519) or ${ed448.signatureLength} (Ed448)` : `${expectedBytes}`;
          add({ code: 'SIGNATURE_LENGTH', severity: 'error', segment: 'signature', message: `the signature is ${signatureBytes} bytes; ${alg} signatures are ${sizes}` });
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
        const extensions = (crit as string[]).filter((n) => n !== 'b64').map((n) => show(n));
        if (extensions.length > 0) {
          add({ code: 'CRIT_EXTENSION', severity: 'warning', segment: 'header', message: `"crit" lists ${extensions.join(', ')}: verification fails unless the verifier passes crit: [${extensions.join(', ')}]` });
        }
      }
    }
    if (header.b64 === false) add({ code: 'B64_FALSE', severity: 'error', segment: 'header', message: '"b64": false (unencoded payload) is not allowed in a JWT' });
    for (const name of IGNORED) {
      if (Object.prototype.hasOwnProperty.call(header, name)) {
        const why = name === 'jwk'
          ? 'josekit never takes a key from the token unless you opt in with embeddedJwk() (pin the thumbprints you trust)'
          : 'josekit never takes keys from the token (use your key or resolver)';
        add({ code: 'HEADER_PARAMETER_IGNORED', severity: 'warning', segment: 'header', message: `header "${name}" is ignored: ${why}` });
      }
    }
  }

  // Claims and times, against the clock's milliseconds (a NumericDate may be fractional).
  const times: { iat?: InspectedTime; nbf?: InspectedTime; exp?: InspectedTime; lifetime?: string } = {};
  if (payload) {
    for (const p of registeredClaimProblems(payload)) add({ code: 'CLAIM_TYPE', severity: 'error', segment: 'payload', message: p.message });
    const claims = payload;
    const time = (name: 'iat' | 'nbf' | 'exp'): number | undefined => {
      if (!Object.prototype.hasOwnProperty.call(claims, name)) return undefined;
      const value = claims[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      times[name] = { value, iso: isoInstant(value), relative: relativeTo(value, now) };
      return value;
    };
    const iat = time('iat');
    const nbf = time('nbf');
    const exp = time('exp');
    if (exp === undefined) {
      if (!Object.prototype.hasOwnProperty.call(claims, 'exp')) {
        add({ code: 'EXP_MISSING', severity: 'error', segment: 'payload', message: '"exp" is missing: the token never expires (verifyJwt rejects it unless requireExp: false)' });
      }
    } else if (now >= exp) {
      add({ code: 'EXPIRED', severity: 'error', segment: 'payload', message: `expired ${span(now - exp)} ago (exp ${isoInstant(exp)}, now ${isoInstant(now)})` });
    }
    if (nbf !== undefined && now < nbf) {
      add({ code: 'NOT_YET_VALID', severity: 'error', segment: 'payload', message: `not valid for another ${span(nbf - now)} (nbf ${isoInstant(nbf)}, now ${isoInstant(now)})` });
    }
    if (iat !== undefined && iat > now) add({ code: 'IAT_IN_FUTURE', severity: 'warning', segment: 'payload', message: `issued ${span(iat - now)} in the future (iat ${isoInstant(iat)}): check the issuer's clock` });
    const start = iat ?? nbf;
    if (exp !== undefined && start !== undefined) {
      const lifetime = span(exp - start);
      times.lifetime = exp >= start ? lifetime : lifetime === FAR ? `-(${FAR})` : `-${lifetime}`;
      if (exp - start > LONG_LIFETIME_SECONDS) {
        add({ code: 'LONG_LIFETIME', severity: 'warning', segment: 'payload', message: `the token lives ${span(exp - start)}, over 24h: long-lived bearer tokens are hard to revoke` });
      }
    }
  }

  return result({
    wellFormed: segments === 3 && header !== undefined && payload !== undefined,
    header,
    payload,
    alg,
    signature: { ...(signatureBytes !== undefined ? { bytes: signatureBytes } : {}), ...(expectedBytes !== undefined ? { expectedBytes } : {}) },
    times,
  });
}
