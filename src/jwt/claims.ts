/**
 * JWT Claims Sets (RFC 7519 §4): parsing, building for signing, and validation against
 * options compiled once. Claim options imply presence: asking for an issuer makes `iss`
 * required, and `exp` is required unless the caller opts out.
 *
 * @module
 */

import { JsonError, parseJsonObjectBytes } from '../encoding/json.js';
import {
  JoseInvalidOptions,
  JwtClaimValidationFailed,
  JwtExpired,
  JwtInvalid,
  JwtNotYetValid,
  type ClaimFailureReason,
} from '../errors.js';
import type { JoseHeader } from '../jws/header.js';
import { isPlainObject } from '../keys/types.js';
import { epochSeconds, formatDuration, isoSeconds, parseDuration } from './time.js';

/** The registered claims (RFC 7519 §4.1) and any others. */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** Largest accepted `clockTolerance`, in seconds. */
export const MAX_CLOCK_TOLERANCE = 300;

/** Claim checks shared by verifyJwt, createJwtVerifier and decodeUnsecuredJwt. */
export interface ClaimOptions {
  /** Expected `iss`; one of several when an array. Makes `iss` required. */
  issuer?: string | readonly string[];
  /** Accepted audiences: the token's `aud` (string or array) must contain one. Makes `aud` required. */
  audience?: string | readonly string[];
  /** Expected `sub`. Makes `sub` required. */
  subject?: string;
  /** Expected header `typ`, compared case-insensitively with any `application/` prefix removed. */
  typ?: string;
  /** Allowed clock skew, in seconds or as a duration string; at most 5 minutes. Default 0. */
  clockTolerance?: number | string;
  /** Oldest accepted token by `iat` (seconds or duration string). Makes `iat` required. */
  maxTokenAge?: number | string;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Whether `exp` is required. Default true: a token without `exp` would be valid forever. */
  requireExp?: boolean;
  /** The clock to check against. Default: now. */
  currentDate?: Date;
  /**
   * Your own rules, run after every other check. Return `false` or throw to reject; a thrown
   * JwtClaimValidationFailed passes through as it is.
   */
  validate?: (payload: JwtPayload, header: JoseHeader) => boolean | void | Promise<boolean | void>;
}

/** {@link ClaimOptions}, validated. */
export interface CompiledClaimOptions {
  readonly issuer?: ReadonlySet<string>;
  readonly audience?: ReadonlySet<string>;
  readonly subject?: string;
  readonly typ?: string;
  readonly clockTolerance: number;
  readonly maxTokenAge?: number;
  readonly requiredClaims: readonly string[];
  readonly requireExp: boolean;
  readonly currentDate?: Date;
  readonly validate?: ClaimOptions['validate'];
}

function invalidOption(message: string): never {
  throw new JoseInvalidOptions(message, { step: 'options' });
}

function stringSet(value: unknown, name: string): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string')) {
    invalidOption(`"${name}" must be a string or a non-empty array of strings`);
  }
  return new Set(list as string[]);
}

/** Normalises a media type for `typ` comparison (RFC 7515 §4.1.9). */
function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Validates claim options once. */
export function compileClaimOptions(options: ClaimOptions): CompiledClaimOptions {
  const { subject, typ, requireExp = true, currentDate, validate, requiredClaims = [] } = options;
  if (subject !== undefined && typeof subject !== 'string') invalidOption('"subject" must be a string');
  if (typ !== undefined && (typeof typ !== 'string' || typ.length === 0)) invalidOption('"typ" must be a non-empty string');
  if (typeof requireExp !== 'boolean') invalidOption('"requireExp" must be a boolean');
  if (currentDate !== undefined && (!(currentDate instanceof Date) || Number.isNaN(currentDate.getTime()))) {
    invalidOption('"currentDate" must be a valid Date');
  }
  if (validate !== undefined && typeof validate !== 'function') invalidOption('"validate" must be a function');
  if (!Array.isArray(requiredClaims) || requiredClaims.some((c) => typeof c !== 'string')) invalidOption('"requiredClaims" must be an array of claim names');
  const clockTolerance = options.clockTolerance === undefined ? 0 : parseDuration(options.clockTolerance, 'clockTolerance');
  if (clockTolerance < 0 || clockTolerance > MAX_CLOCK_TOLERANCE) {
    invalidOption(`"clockTolerance" must be between 0 and ${MAX_CLOCK_TOLERANCE} seconds (5 minutes), got ${clockTolerance}`);
  }
  let maxTokenAge: number | undefined;
  if (options.maxTokenAge !== undefined) {
    maxTokenAge = parseDuration(options.maxTokenAge, 'maxTokenAge');
    if (!(maxTokenAge > 0)) invalidOption('"maxTokenAge" must be positive (a token is too old once its age reaches it)');
  }
  return {
    issuer: stringSet(options.issuer, 'issuer'),
    audience: stringSet(options.audience, 'audience'),
    subject,
    typ: typ === undefined ? undefined : normalizeTyp(typ),
    clockTolerance,
    maxTokenAge,
    requiredClaims: [...requiredClaims],
    requireExp,
    currentDate,
    validate,
  };
}

/** Parses the verified payload bytes as a JWT Claims Set. */
export function parseClaims(payload: Uint8Array, maxLength: number): JwtPayload {
  try {
    return parseJsonObjectBytes(payload, maxLength) as JwtPayload;
  } catch (err) {
    throw new JwtInvalid(`the claims set ${(err as JsonError).message}`, { step: 'parse claims' });
  }
}

const has = (payload: object, claim: string) => Object.prototype.hasOwnProperty.call(payload, claim);

/** Checks the types of the registered claims that are present. */
export function registeredClaimProblems(payload: JwtPayload): Array<{ claim: string; message: string }> {
  const problems: Array<{ claim: string; message: string }> = [];
  for (const claim of ['iss', 'sub', 'jti'] as const) {
    if (has(payload, claim) && typeof payload[claim] !== 'string') problems.push({ claim, message: `"${claim}" must be a string` });
  }
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (has(payload, claim) && (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim]))) {
      problems.push({ claim, message: `"${claim}" must be a finite NumericDate (seconds since the epoch)` });
    }
  }
  if (has(payload, 'aud')) {
    const aud = payload.aud;
    if (typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
      problems.push({ claim: 'aud', message: '"aud" must be a string or an array of strings' });
    }
  }
  return problems;
}

function fail(claim: string, reason: ClaimFailureReason, message: string, payload: JwtPayload): never {
  throw new JwtClaimValidationFailed(message, { claim, reason, payload });
}

const list = (values: ReadonlySet<string>) => JSON.stringify([...values]);

/**
 * Validates a verified claims set. Order: types, typ, presence, iss, sub, aud, time, custom.
 * Synchronous unless a `validate` function is set (then it returns that function's promise).
 */
export function validateClaims(payload: JwtPayload, header: JoseHeader, options: CompiledClaimOptions): void | Promise<void> {
  const problem = registeredClaimProblems(payload)[0];
  if (problem) fail(problem.claim, 'invalid', problem.message, payload);

  if (options.typ !== undefined) {
    if (header.typ === undefined) fail('typ', 'missing', `header "typ" is missing; expected "${options.typ}"`, payload);
    if (typeof header.typ !== 'string') fail('typ', 'invalid', `header "typ" must be a string, got ${JSON.stringify(header.typ)}`, payload);
    if (normalizeTyp(header.typ) !== options.typ) fail('typ', 'check_failed', `header "typ" is "${header.typ}", expected "${options.typ}"`, payload);
  }
  for (const claim of options.requiredClaims) {
    if (!has(payload, claim)) fail(claim, 'missing', `required claim "${claim}" is missing`, payload);
  }
  if (options.issuer) {
    if (!has(payload, 'iss')) fail('iss', 'missing', `"iss" is missing; expected one of ${list(options.issuer)}`, payload);
    if (!options.issuer.has(payload.iss!)) fail('iss', 'check_failed', `"iss" is ${JSON.stringify(payload.iss)}, expected one of ${list(options.issuer)}`, payload);
  }
  if (options.subject !== undefined) {
    if (!has(payload, 'sub')) fail('sub', 'missing', `"sub" is missing; expected "${options.subject}"`, payload);
    if (payload.sub !== options.subject) fail('sub', 'check_failed', `"sub" is ${JSON.stringify(payload.sub)}, expected "${options.subject}"`, payload);
  }
  if (options.audience) {
    if (!has(payload, 'aud')) fail('aud', 'missing', `"aud" is missing; expected one of ${list(options.audience)}`, payload);
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud!;
    if (!audiences.some((a) => options.audience!.has(a))) {
      fail('aud', 'check_failed', `"aud" ${JSON.stringify(payload.aud)} contains none of the accepted audiences ${list(options.audience)}`, payload);
    }
  }

  const now = epochSeconds(options.currentDate ?? new Date());
  const tolerance = options.clockTolerance;
  // Only formatted when a check fails.
  const clock = () => `now ${isoSeconds(now)}, tolerance ${formatDuration(tolerance)}`;
  const times = (at: number) => ({ at: new Date(at * 1000), now: new Date(now * 1000), toleranceSeconds: tolerance });
  if (payload.exp === undefined) {
    if (options.requireExp) fail('exp', 'missing', '"exp" is missing: a token without an expiry is valid forever (pass requireExp: false to allow it)', payload);
  } else if (now >= payload.exp + tolerance) {
    throw new JwtExpired(`token expired ${formatDuration(now - payload.exp)} ago (exp ${isoSeconds(payload.exp)}, ${clock()})`, {
      claim: 'exp', reason: 'check_failed', payload, times: times(payload.exp),
    });
  }
  if (payload.nbf !== undefined && now + tolerance < payload.nbf) {
    throw new JwtNotYetValid(`token is not valid for another ${formatDuration(payload.nbf - now)} (nbf ${isoSeconds(payload.nbf)}, ${clock()})`, {
      claim: 'nbf', reason: 'check_failed', payload, times: times(payload.nbf),
    });
  }
  if (options.maxTokenAge !== undefined) {
    if (payload.iat === undefined) fail('iat', 'missing', '"iat" is missing, and maxTokenAge needs it', payload);
    if (payload.iat > now + tolerance) {
      throw new JwtNotYetValid(`token was issued ${formatDuration(payload.iat - now)} in the future (iat ${isoSeconds(payload.iat)}, ${clock()})`, {
        claim: 'iat', reason: 'check_failed', payload, times: times(payload.iat),
      });
    }
    const tooOldAt = payload.iat + options.maxTokenAge;
    if (now >= tooOldAt + tolerance) {
      throw new JwtExpired(
        `token is ${formatDuration(now - payload.iat)} old, over maxTokenAge ${formatDuration(options.maxTokenAge)} (iat ${isoSeconds(payload.iat)}, ${clock()})`,
        { claim: 'iat', reason: 'check_failed', payload, times: times(tooOldAt) },
      );
    }
  }
  if (options.validate) return runValidate(options.validate, payload, header);
}

async function runValidate(validate: NonNullable<ClaimOptions['validate']>, payload: JwtPayload, header: JoseHeader): Promise<void> {
  let verdict: boolean | void;
  try {
    verdict = await validate(payload, header);
  } catch (err) {
    if (err instanceof JwtClaimValidationFailed) throw err;
    throw new JwtClaimValidationFailed(`the validate function rejected the token: ${(err as Error)?.message ?? String(err)}`, {
      claim: 'validate', reason: 'check_failed', payload, cause: err,
    });
  }
  if (verdict === false) fail('validate', 'check_failed', 'the validate function returned false', payload);
}

/** Options that add registered claims when signing. */
export interface ClaimBuildOptions {
  /** `exp`: seconds from now (number), a duration string (`'15m'`), or an absolute Date. */
  expiresIn?: number | string | Date;
  /** `nbf`: seconds from now (number), a duration string, or an absolute Date. */
  notBefore?: number | string | Date;
  /** `iat`: true (default) for now, false to omit, or a Date. */
  issuedAt?: boolean | Date;
  issuer?: string;
  subject?: string;
  audience?: string | readonly string[];
  /** `jti`: a string, or true for a random UUID. */
  jwtId?: string | true;
  /** The clock used for `iat` and relative times. Default: now. */
  currentDate?: Date;
}

function instant(value: number | string | Date, now: number, option: string): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalidOption(`"${option}" is an invalid Date`);
    return epochSeconds(value);
  }
  return Math.floor(now + parseDuration(value, option));
}

function checkClaimsValue(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new JwtInvalid(`claim ${path} is ${value}, which JSON cannot represent`, { step: 'sign' });
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    throw new JwtInvalid(`claim ${path} is a ${typeof value}, which is not JSON`, { step: 'sign' });
  }
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) value.forEach((v, i) => checkClaimsValue(v, `${path}[${i}]`));
    else if (isPlainObject(value)) for (const key of Object.keys(value)) checkClaimsValue((value as Record<string, unknown>)[key], `${path}.${key}`);
    else {
      // A Map, Set, Date or class instance would be changed by JSON.stringify (often to {}).
      const kind = (value as object).constructor?.name ?? 'object';
      throw new JwtInvalid(`claim ${path} is a ${kind}, not plain JSON (use objects, arrays, strings, numbers, booleans, null)`, { step: 'sign' });
    }
  }
}

/** Builds the claims set to sign: the caller's claims (never mutated) plus the option claims. */
export function buildClaims(claims: unknown, options: ClaimBuildOptions): JwtPayload {
  if (!isPlainObject(claims)) throw new JwtInvalid('the claims must be a plain JSON object', { step: 'sign' });
  for (const key of Object.keys(claims)) checkClaimsValue(claims[key], `"${key}"`);
  const out: JwtPayload = { ...claims };
  const problem = registeredClaimProblems(out)[0];
  if (problem) throw new JwtInvalid(problem.message, { step: 'sign' });
  const { currentDate } = options;
  if (currentDate !== undefined && (!(currentDate instanceof Date) || Number.isNaN(currentDate.getTime()))) invalidOption('"currentDate" must be a valid Date');
  const now = epochSeconds(currentDate ?? new Date());
  const set = (claim: string, value: unknown, option: string) => {
    if (has(out, claim)) invalidOption(`"${claim}" is set both in the claims and by the ${option} option`);
    out[claim] = value;
  };
  const stringOption = (value: unknown, option: string) => {
    if (typeof value !== 'string') invalidOption(`"${option}" must be a string`);
    return value;
  };
  if (options.issuer !== undefined) set('iss', stringOption(options.issuer, 'issuer'), 'issuer');
  if (options.subject !== undefined) set('sub', stringOption(options.subject, 'subject'), 'subject');
  if (options.audience !== undefined) {
    const aud = options.audience;
    if (typeof aud !== 'string' && !(Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string'))) {
      invalidOption('"audience" must be a string or a non-empty array of strings');
    }
    set('aud', typeof aud === 'string' ? aud : [...aud], 'audience');
  }
  if (options.jwtId !== undefined) {
    if (options.jwtId !== true && typeof options.jwtId !== 'string') invalidOption('"jwtId" must be a string, or true for a random UUID');
    set('jti', options.jwtId === true ? globalThis.crypto.randomUUID() : options.jwtId, 'jwtId');
  }
  const issuedAt = options.issuedAt ?? true;
  if (issuedAt instanceof Date) set('iat', instant(issuedAt, now, 'issuedAt'), 'issuedAt');
  else if (typeof issuedAt !== 'boolean') invalidOption('"issuedAt" must be a boolean or a Date');
  else if (issuedAt && !has(out, 'iat')) out.iat = now;
  if (options.notBefore !== undefined) set('nbf', instant(options.notBefore, now, 'notBefore'), 'notBefore');
  if (options.expiresIn !== undefined) set('exp', instant(options.expiresIn, now, 'expiresIn'), 'expiresIn');
  return out;
}
