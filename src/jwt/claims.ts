/**
 * JWT Claims Sets (RFC 7519 §4): parsing, building for signing, and validation against
 * options compiled once. Claim options imply presence: asking for an issuer makes `iss`
 * required, and `exp` is required unless the caller opts out. `aud` is checked whenever the
 * token has one (RFC 7519 §4.1.3, RFC 8725 §3.9).
 *
 * Options and claims come from the caller and may be anything (proxies, getters, cycles); every
 * value is read once, checked, and only the checked copy is used or signed.
 *
 * @module
 */

import { copyJsonValue, JsonError, JsonValueError, parseJsonObjectBytes } from '../encoding/json.js';
import { loneSurrogateAt } from '../encoding/utf8.js';
import {
  isInstance,
  isJoseError,
  JoseInvalidOptions,
  JwtClaimValidationFailed,
  JwtExpired,
  JwtInvalid,
  JwtNotYetValid,
  type ClaimFailureReason,
} from '../errors.js';
import type { JoseHeader } from '../jws/header.js';
import { isPlainObject } from '../keys/types.js';
import { errorText, readOptions } from '../options.js';
import { kindOf, show } from '../encoding/show.js';
import { MAX_INSTANT_SECONDS, dateMillis, formatDuration, isoInstant, parseDuration, wholeSeconds } from './time.js';

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
const MAX_CLOCK_TOLERANCE = 300;

/**
 * Claim checks shared by verifyJwt, createJwtVerifier and decodeUnsecuredJwt. `T` is the shape
 * of the application's own claims, as given to `verifyJwt<T>`: `validate` sees `T & JwtPayload`.
 */
export interface ClaimOptions<T = JwtPayload> {
  /** Expected `iss`; one of several when an array. Makes `iss` required. */
  issuer?: string | readonly string[];
  /**
   * Accepted audiences: the token's `aud` (string or array) must contain one. Makes `aud`
   * required. Without it, a token that has an `aud` fails (RFC 7519 §4.1.3: a recipient that
   * does not identify itself with a value in `aud` must reject the token); `false` accepts any
   * audience, on purpose.
   */
  audience?: string | readonly string[] | false;
  /** Expected `sub`. Makes `sub` required. */
  subject?: string;
  /**
   * Expected header `typ` (RFC 7515 §4.1.9), compared case-insensitively (ASCII), with an
   * `application/` prefix ignored when the rest has no other `/`.
   */
  typ?: string;
  /** Allowed clock skew, in seconds or as a duration string; at most 5 minutes. Default 0. */
  clockTolerance?: number | string;
  /** Oldest accepted token by `iat` (seconds or duration string). Makes `iat` required. */
  maxTokenAge?: number | string;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Whether `exp` is required. Default true: a token without `exp` would be valid forever. */
  requireExp?: boolean;
  /** The clock to check against (its milliseconds count). Default: now. */
  currentDate?: Date;
  /**
   * Your own rules, run after every other check, with the verified claims typed as the `T` of
   * `verifyJwt<T>` / `createJwtVerifier<T>`. Return `false` or throw to reject; a thrown
   * JwtClaimValidationFailed passes through as it is.
   *
   * @example
   * ```ts
   * await verifyJwt<{ scope: string }>(token, key, { algorithms: ['ES256'], validate: (payload) => payload.scope.includes('read') });
   * ```
   */
  validate?: (payload: T & JwtPayload, header: JoseHeader) => boolean | void | Promise<boolean | void>;
}

/** {@link ClaimOptions}, validated. */
export interface CompiledClaimOptions {
  readonly issuer?: ReadonlySet<string>;
  /** `false`: any audience accepted on purpose; undefined: a token with `aud` fails. */
  readonly audience?: ReadonlySet<string> | false;
  readonly subject?: string;
  readonly typ?: string;
  readonly clockTolerance: number;
  readonly maxTokenAge?: number;
  readonly requiredClaims: readonly string[];
  readonly requireExp: boolean;
  readonly currentDate?: Date;
  readonly validate?: ClaimOptions['validate'];
}

/** The names of {@link ClaimOptions}. */
export const CLAIM_OPTION_NAMES = [
  'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxTokenAge', 'requiredClaims', 'requireExp', 'currentDate', 'validate',
] as const;

function invalidOption(message: string, cause?: unknown): never {
  throw new JoseInvalidOptions(message, { step: 'options', cause });
}

/** A string, or a copy of an array of strings (each element read once). */
function stringList(value: unknown, name: string, allowEmpty: boolean, expected: string): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) invalidOption(`"${name}" must be ${expected}, got ${kindOf(value)}`);
  const length = value.length;
  if (length === 0 && !allowEmpty) invalidOption(`"${name}" must be ${expected}, got an empty array`);
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') invalidOption(`"${name}" must be ${expected}; [${i}] is ${show(item)}`);
    out.push(item);
  }
  return out;
}

/** ASCII-only lowercasing: Unicode case mapping would let "\u212A" (Kelvin sign) equal "k". */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/**
 * Normalises a media type for `typ` comparison (RFC 7515 §4.1.9): ASCII case-insensitive, and
 * `application/` is implied only for a value without any other `/` (so "application/x/jwt" is
 * its own type, never "x/jwt").
 */
export function normalizeTyp(typ: string): string {
  const lower = asciiLower(typ);
  if (lower.startsWith('application/')) {
    const rest = lower.slice('application/'.length);
    if (!rest.includes('/')) return rest;
  }
  return lower;
}

/**
 * Validates claim options once. Never throws anything but JoseInvalidOptions (or
 * JoseNotSupported from below), whatever `options` is.
 */
export function compileClaimOptions(options: unknown, where: string): CompiledClaimOptions {
  try {
    return compileClaimOptionsUnsafe(options, where);
  } catch (err) {
    if (isJoseError(err)) throw err;
    invalidOption(`the options could not be read: ${errorText(err)}`, err);
  }
}

function compileClaimOptionsUnsafe(options: unknown, where: string): CompiledClaimOptions {
  const o: { readonly [K in keyof ClaimOptions]?: unknown } = readOptions<ClaimOptions>(options, CLAIM_OPTION_NAMES, where, 'ignore');
  const { subject, typ, validate } = o;
  const requireExp = o.requireExp === undefined ? true : o.requireExp;
  if (subject !== undefined && typeof subject !== 'string') invalidOption(`"subject" must be a string, got ${kindOf(subject)}`);
  if (typ !== undefined && (typeof typ !== 'string' || typ.length === 0)) invalidOption('"typ" must be a non-empty string');
  if (typeof requireExp !== 'boolean') invalidOption('"requireExp" must be a boolean');
  let currentDate: Date | undefined;
  if (o.currentDate !== undefined) {
    const ms = dateMillis(o.currentDate);
    if (ms === undefined || Number.isNaN(ms)) invalidOption('"currentDate" must be a valid Date');
    currentDate = o.currentDate as Date;
  }
  if (validate !== undefined && typeof validate !== 'function') invalidOption('"validate" must be a function');
  // A lone string is refused rather than read as one name: "exp" would be three claims to some readers.
  if (typeof o.requiredClaims === 'string') invalidOption('"requiredClaims" must be an array of claim names');
  const requiredClaims = o.requiredClaims === undefined ? [] : stringList(o.requiredClaims, 'requiredClaims', true, 'an array of claim names');
  const clockTolerance = o.clockTolerance === undefined ? 0 : parseDuration(o.clockTolerance, 'clockTolerance');
  // Written so that NaN fails too.
  if (!(clockTolerance >= 0 && clockTolerance <= MAX_CLOCK_TOLERANCE)) {
    invalidOption(`"clockTolerance" must be between 0 and ${MAX_CLOCK_TOLERANCE} seconds (5 minutes), got ${clockTolerance}`);
  }
  let maxTokenAge: number | undefined;
  if (o.maxTokenAge !== undefined) {
    maxTokenAge = parseDuration(o.maxTokenAge, 'maxTokenAge');
    if (!(maxTokenAge > 0)) invalidOption('"maxTokenAge" must be positive (a token is too old once its age reaches it)');
  }
  const issuer = o.issuer === undefined ? undefined : new Set(stringList(o.issuer, 'issuer', false, 'a string or a non-empty array of strings'));
  let audience: ReadonlySet<string> | false | undefined;
  if (o.audience === false) audience = false;
  else if (o.audience !== undefined) {
    audience = new Set(stringList(o.audience, 'audience', false, 'a string, a non-empty array of strings, or false (to accept any audience)'));
  }
  return {
    issuer,
    audience,
    subject: subject as string | undefined,
    typ: typ === undefined ? undefined : normalizeTyp(typ as string),
    clockTolerance,
    maxTokenAge,
    requiredClaims,
    requireExp,
    currentDate,
    validate: validate as ClaimOptions['validate'],
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

const REGISTERED_CLAIMS = ['iss', 'sub', 'jti', 'exp', 'nbf', 'iat', 'aud'] as const;

/** What is wrong with the type of one registered claim, if it is present; undefined if nothing. */
function registeredClaimProblem(payload: JwtPayload, claim: (typeof REGISTERED_CLAIMS)[number]): string | undefined {
  if (!has(payload, claim)) return undefined;
  const value: unknown = payload[claim];
  switch (claim) {
    case 'aud':
      return typeof value === 'string' || (Array.isArray(value) && value.every((a) => typeof a === 'string'))
        ? undefined
        : '"aud" must be a string or an array of strings';
    case 'exp':
    case 'nbf':
    case 'iat':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `"${claim}" must be a finite NumericDate (seconds since the epoch)`;
    default:
      return typeof value === 'string' ? undefined : `"${claim}" must be a string`;
  }
}

/** Checks the types of the registered claims that are present: every problem, in claim order. */
export function registeredClaimProblems(payload: JwtPayload): Array<{ claim: string; message: string }> {
  const problems: Array<{ claim: string; message: string }> = [];
  for (const claim of REGISTERED_CLAIMS) {
    const message = registeredClaimProblem(payload, claim);
    if (message !== undefined) problems.push({ claim, message });
  }
  return problems;
}

/** The first registered claim with the wrong type, without allocating when there is none. */
function firstRegisteredClaimProblem(payload: JwtPayload): { claim: string; message: string } | undefined {
  for (const claim of REGISTERED_CLAIMS) {
    const message = registeredClaimProblem(payload, claim);
    if (message !== undefined) return { claim, message };
  }
  return undefined;
}

function fail(claim: string, reason: ClaimFailureReason, message: string, payload: JwtPayload): never {
  throw new JwtClaimValidationFailed(message, { claim, reason, payload });
}

const list = (values: ReadonlySet<string>) => show([...values], 200);

/**
 * Validates a verified claims set. Order: types, typ, presence, iss, sub, aud, time, custom.
 * Times are compared exactly: a fractional NumericDate against the clock's milliseconds.
 * Synchronous unless a `validate` function is set (then it returns that function's promise).
 */
export function validateClaims(payload: JwtPayload, header: JoseHeader, options: CompiledClaimOptions): void | Promise<void> {
  const problem = firstRegisteredClaimProblem(payload);
  if (problem) fail(problem.claim, 'invalid', problem.message, payload);

  if (options.typ !== undefined) {
    const expected = show(options.typ);
    if (header.typ === undefined) fail('typ', 'missing', `header "typ" is missing; expected ${expected}`, payload);
    if (typeof header.typ !== 'string') fail('typ', 'invalid', `header "typ" must be a string, got ${show(header.typ)}`, payload);
    if (normalizeTyp(header.typ) !== options.typ) fail('typ', 'check_failed', `header "typ" is ${show(header.typ)}, expected ${expected}`, payload);
  }
  for (const claim of options.requiredClaims) {
    if (!has(payload, claim)) fail(claim, 'missing', `required claim ${show(claim)} is missing`, payload);
  }
  if (options.issuer) {
    if (!has(payload, 'iss')) fail('iss', 'missing', `"iss" is missing; expected one of ${list(options.issuer)}`, payload);
    if (!options.issuer.has(payload.iss!)) fail('iss', 'check_failed', `"iss" is ${show(payload.iss)}, expected one of ${list(options.issuer)}`, payload);
  }
  if (options.subject !== undefined) {
    if (!has(payload, 'sub')) fail('sub', 'missing', `"sub" is missing; expected ${show(options.subject)}`, payload);
    if (payload.sub !== options.subject) fail('sub', 'check_failed', `"sub" is ${show(payload.sub)}, expected ${show(options.subject)}`, payload);
  }
  if (options.audience === undefined) {
    if (has(payload, 'aud')) {
      fail(
        'aud',
        'check_failed',
        `the token is addressed to "aud" ${show(payload.aud)}, but no audience was given to check it against: pass audience ` +
          '(the audiences this verifier accepts), or audience: false to accept any audience on purpose',
        payload,
      );
    }
  } else if (options.audience !== false) {
    const accepted = options.audience;
    if (!has(payload, 'aud')) fail('aud', 'missing', `"aud" is missing; expected one of ${list(accepted)}`, payload);
    const aud = payload.aud!;
    if (typeof aud === 'string' ? !accepted.has(aud) : !aud.some((a) => accepted.has(a))) {
      fail('aud', 'check_failed', `"aud" ${show(payload.aud)} contains none of the accepted audiences ${list(accepted)}`, payload);
    }
  }

  let nowMs = Date.now();
  if (options.currentDate !== undefined) {
    // Read through the internal slot each time; a Date changed to Invalid since compiling must not
    // turn every comparison below false (which would accept every token).
    nowMs = dateMillis(options.currentDate) ?? Number.NaN;
    if (Number.isNaN(nowMs)) throw new JoseInvalidOptions('"currentDate" is no longer a valid Date', { step: 'options' });
  }
  // Seconds with the clock's milliseconds: a NumericDate may be fractional (RFC 7519 §2).
  const now = nowMs / 1000;
  const tolerance = options.clockTolerance;
  // Only formatted when a check fails.
  const clock = () => `now ${isoInstant(now)}, tolerance ${formatDuration(tolerance)}`;
  const times = (at: number) => ({ at: new Date(at * 1000), now: new Date(nowMs), toleranceSeconds: tolerance });
  if (payload.exp === undefined) {
    if (options.requireExp) fail('exp', 'missing', '"exp" is missing: a token without an expiry is valid forever (pass requireExp: false to allow it)', payload);
  } else if (now >= payload.exp + tolerance) {
    throw new JwtExpired(`token expired ${formatDuration(now - payload.exp)} ago (exp ${isoInstant(payload.exp)}, ${clock()})`, {
      claim: 'exp', reason: 'check_failed', payload, times: times(payload.exp),
    });
  }
  if (payload.nbf !== undefined && now + tolerance < payload.nbf) {
    throw new JwtNotYetValid(`token is not valid for another ${formatDuration(payload.nbf - now)} (nbf ${isoInstant(payload.nbf)}, ${clock()})`, {
      claim: 'nbf', reason: 'check_failed', payload, times: times(payload.nbf),
    });
  }
  if (options.maxTokenAge !== undefined) {
    if (payload.iat === undefined) fail('iat', 'missing', '"iat" is missing, and maxTokenAge needs it', payload);
    if (payload.iat > now + tolerance) {
      throw new JwtNotYetValid(`token was issued ${formatDuration(payload.iat - now)} in the future (iat ${isoInstant(payload.iat)}, ${clock()})`, {
        claim: 'iat', reason: 'check_failed', payload, times: times(payload.iat),
      });
    }
    const tooOldAt = payload.iat + options.maxTokenAge;
    if (now >= tooOldAt + tolerance) {
      throw new JwtExpired(
        `token is ${formatDuration(now - payload.iat)} old, over maxTokenAge ${formatDuration(options.maxTokenAge)} (iat ${isoInstant(payload.iat)}, ${clock()})`,
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
    if (isInstance(err, JwtClaimValidationFailed)) throw err;
    throw new JwtClaimValidationFailed(`the validate function rejected the token: ${errorText(err)}`, {
      claim: 'validate', reason: 'check_failed', payload, cause: err,
    });
  }
  if (verdict === false) fail('validate', 'check_failed', 'the validate function returned false', payload);
}

/** Options that add registered claims when signing. */
export interface ClaimBuildOptions {
  /**
   * `exp`: seconds from now (number), a duration string (`'15m'`), or an absolute Date (floored
   * to the second); or `false` for a token without `exp`, on purpose. signJwt needs a lifetime
   * decision: this option, an `exp` claim, or `false` (verifiers then need `requireExp: false`).
   *
   * @example
   * ```ts
   * await signJwt({ sub: 'user-42' }, key, { alg: 'ES256', expiresIn: '15m' });
   * await signJwt({ sub: 'device-7' }, key, { alg: 'ES256', expiresIn: false }); // never expires
   * ```
   */
  expiresIn?: number | string | Date | false;
  /** `nbf`: seconds from now (number), a duration string, or an absolute Date (floored to the second). */
  notBefore?: number | string | Date;
  /** `iat`: true (default) for now, false to omit, or a Date; always whole seconds. */
  issuedAt?: boolean | Date;
  issuer?: string;
  subject?: string;
  audience?: string | readonly string[];
  /** `jti`: a string, or true for a random UUID. */
  jwtId?: string | true;
  /** The clock used for `iat` and relative times. Default: now. */
  currentDate?: Date;
}

/** The option names {@link buildClaims} reads. */
export const CLAIM_BUILD_OPTION_NAMES = ['expiresIn', 'notBefore', 'issuedAt', 'issuer', 'subject', 'audience', 'jwtId', 'currentDate'] as const;

/** Copies the claims: top level a plain object, every value exact JSON, every string UTF-8. */
function copyClaims(claims: unknown): JwtPayload {
  let plain: boolean;
  try {
    plain = isPlainObject(claims);
  } catch {
    plain = false; // a Proxy whose getPrototypeOf trap throws
  }
  if (!plain) throw new JwtInvalid(`the claims must be a plain JSON object, got ${kindOf(claims)}`, { step: 'sign' });
  try {
    return copyJsonValue(claims, (path) => (path === '' ? 'the claims' : `claim ${path}`)) as JwtPayload;
  } catch (err) {
    if (!(err instanceof JsonValueError)) throw err;
    // An unpaired surrogate is the caller's input that cannot be encoded; anything else is claims that are not JSON.
    throw err.kind === 'surrogate' ? new JoseInvalidOptions(err.message, { step: 'sign' }) : new JwtInvalid(err.message, { step: 'sign' });
  }
}

/** A string option that becomes a claim: a string, and one UTF-8 can encode. */
function stringOption(value: unknown, option: string): string {
  if (typeof value !== 'string') invalidOption(`"${option}" must be a string, got ${kindOf(value)}`);
  const at = loneSurrogateAt(value);
  if (at !== -1) {
    invalidOption(`"${option}" has an unpaired surrogate (U+${value.charCodeAt(at).toString(16).toUpperCase()}) at offset ${at}, which UTF-8 cannot encode`);
  }
  return value;
}

/** An absolute NumericDate from a Date (floored to the second) or a duration from `now`. */
function instant(value: unknown, now: number, option: string): number {
  const ms = dateMillis(value);
  if (ms !== undefined) {
    if (Number.isNaN(ms)) invalidOption(`"${option}" is an invalid Date`);
    return wholeSeconds(ms);
  }
  const seconds = Math.floor(now + parseDuration(value, option));
  // The duration alone fits; now plus it may not.
  if (!(Math.abs(seconds) <= MAX_INSTANT_SECONDS)) {
    invalidOption(`"${option}" ${show(value)} puts the instant past what a Date can hold (±${MAX_INSTANT_SECONDS} seconds from 1970)`);
  }
  return seconds;
}

/**
 * Builds the claims set to sign: a checked copy of the caller's claims (never mutated, never
 * read again) plus the option claims. `options` holds the members of {@link ClaimBuildOptions},
 * already read once (see {@link readOptions}). With `lifetimeRequiredBy` (the caller's name), a
 * lifetime decision is required: `expiresIn`, an `exp` claim, or `expiresIn: false`, so that
 * what is signed passes a default verifier (which requires `exp`) unless the signer said otherwise.
 */
export function buildClaims(
  claims: unknown,
  options: { readonly [K in keyof ClaimBuildOptions]?: unknown },
  lifetimeRequiredBy?: string,
): JwtPayload {
  const out = copyClaims(claims);
  try {
    return addOptionClaims(out, options, lifetimeRequiredBy);
  } catch (err) {
    if (isJoseError(err)) throw err;
    // An option value that throws when looked at (a Proxy array as audience, say).
    invalidOption(`the options could not be read: ${errorText(err)}`, err);
  }
}

/** The message for a missing lifetime decision: the three ways to make one. */
function lifetimeRequiredMessage(where: string): string {
  return (
    `${where} needs a lifetime: pass expiresIn (e.g. "15m"), put an "exp" claim in the claims, ` +
    'or pass expiresIn: false for a token that never expires (verifiers then need requireExp: false)'
  );
}

function addOptionClaims(out: JwtPayload, options: { readonly [K in keyof ClaimBuildOptions]?: unknown }, lifetimeRequiredBy?: string): JwtPayload {
  const problem = firstRegisteredClaimProblem(out);
  if (problem) throw new JwtInvalid(problem.message, { step: 'sign' });
  let nowMs = Date.now();
  if (options.currentDate !== undefined) {
    const ms = dateMillis(options.currentDate);
    if (ms === undefined || Number.isNaN(ms)) invalidOption('"currentDate" must be a valid Date');
    nowMs = ms;
  }
  // Signing writes whole seconds: the widest-understood NumericDate form.
  const now = wholeSeconds(nowMs);
  const set = (claim: string, value: unknown, option: string) => {
    if (has(out, claim)) invalidOption(`"${claim}" is set both in the claims and by the ${option} option`);
    out[claim] = value;
  };
  if (options.issuer !== undefined) set('iss', stringOption(options.issuer, 'issuer'), 'issuer');
  if (options.subject !== undefined) set('sub', stringOption(options.subject, 'subject'), 'subject');
  if (options.audience !== undefined) {
    const audiences = stringList(options.audience, 'audience', false, 'a string or a non-empty array of strings');
    audiences.forEach((a, i) => stringOption(a, typeof options.audience === 'string' ? 'audience' : `audience[${i}]`));
    set('aud', typeof options.audience === 'string' ? audiences[0] : audiences, 'audience');
  }
  const { jwtId } = options;
  if (jwtId !== undefined) {
    if (jwtId !== true && typeof jwtId !== 'string') invalidOption('"jwtId" must be a string, or true for a random UUID');
    set('jti', jwtId === true ? globalThis.crypto.randomUUID() : stringOption(jwtId, 'jwtId'), 'jwtId');
  }
  const issuedAt = options.issuedAt === undefined ? true : options.issuedAt;
  if (typeof issuedAt === 'boolean') {
    if (issuedAt && !has(out, 'iat')) out.iat = now;
  } else if (dateMillis(issuedAt) !== undefined) {
    set('iat', instant(issuedAt, now, 'issuedAt'), 'issuedAt');
  } else {
    invalidOption('"issuedAt" must be a boolean or a Date');
  }
  if (options.notBefore !== undefined) set('nbf', instant(options.notBefore, now, 'notBefore'), 'notBefore');
  const { expiresIn } = options;
  if (expiresIn === false) {
    // No exp, on purpose: an exp claim as well would contradict it.
    if (has(out, 'exp')) invalidOption('"exp" is in the claims, but expiresIn: false says the token never expires; drop one of the two');
  } else if (expiresIn !== undefined) {
    if (typeof expiresIn !== 'number' && typeof expiresIn !== 'string' && dateMillis(expiresIn) === undefined) {
      // true, null, {}: only false is a flag, and only for "never expires".
      const got = typeof expiresIn === 'boolean' ? 'true' : kindOf(expiresIn);
      invalidOption(`"expiresIn" must be seconds (a number), a duration string like "15m", a Date, or false for a token that never expires, got ${got}`);
    }
    set('exp', instant(expiresIn, now, 'expiresIn'), 'expiresIn');
  } else if (lifetimeRequiredBy !== undefined && !has(out, 'exp')) {
    invalidOption(lifetimeRequiredMessage(lifetimeRequiredBy));
  }
  return out;
}
