/**
 * The josekit error family. Every failure, including bad keys and bad options, is a
 * {@link JoseError} with a stable `code`, so callers can `switch (err.code)`. Codes match
 * jose's where jose has the same class.
 *
 * Messages start with the pipeline step that failed (`step`), then the cause, for example
 * `check header: alg "HS256" is not in the allowed algorithms ["RS256"]`.
 *
 * @module
 */

/** The pipeline step an error comes from. */
export type JoseStep =
  | 'options'
  | 'encode'
  | 'split'
  | 'decode header'
  | 'parse header'
  | 'check header'
  | 'resolve key'
  | 'import key'
  | 'export key'
  | 'generate key'
  | 'decode payload'
  | 'decode signature'
  | 'verify signature'
  | 'sign'
  | 'parse claims'
  | 'validate claims'
  | 'select key'
  | 'fetch key set'
  | 'read bearer token';

/**
 * Every `code` a josekit error can have: `ERR_` + the class name in SCREAMING_SNAKE, matching
 * jose's codes where jose has the same class. Switch on it with completion and typo checks.
 *
 * @example
 * ```ts
 * function status(code: JoseErrorCode): number {
 *   return code === 'ERR_JOSE_INVALID_OPTIONS' ? 500 : 401;
 * }
 * ```
 */
export type JoseErrorCode =
  | 'ERR_JOSE_GENERIC'
  | 'ERR_JOSE_ALG_NOT_ALLOWED'
  | 'ERR_JOSE_NOT_SUPPORTED'
  | 'ERR_JOSE_INVALID_OPTIONS'
  | 'ERR_JOSE_KEY_INVALID'
  | 'ERR_JWS_INVALID'
  | 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_YET_VALID'
  | 'ERR_JWK_INVALID'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_NO_MATCHING_KEY'
  | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_FETCH_FAILED';

const WORDS: Readonly<Record<string, string>> = { JOSE: 'Jose', JWS: 'Jws', JWT: 'Jwt', JWK: 'Jwk', JWKS: 'Jwks' };

/** `ERR_JWKS_NO_MATCHING_KEY` -> `JwksNoMatchingKey`. */
function nameOf(code: string): string {
  return code
    .slice(4)
    .split('_')
    .map((word) => WORDS[word] ?? word.charAt(0) + word.slice(1).toLowerCase())
    .join('');
}

/**
 * Where an error records the codes of its class and every class above it. The key is global
 * (Symbol.for), so the same error is recognised by every copy of josekit in a process: the Node
 * and WebCrypto builds, ESM and CommonJS, `josekit` and `josekit/web`.
 */
const LINEAGE = Symbol.for('josekit.error.lineage');

/** The codes of a class and its ancestors, most specific first. */
function lineageOf(target: unknown): string[] {
  const codes: string[] = [];
  for (let cls = target as { code?: unknown } | null; cls && cls !== Error; cls = Object.getPrototypeOf(cls)) {
    if (typeof cls.code === 'string' && !codes.includes(cls.code)) codes.push(cls.code);
  }
  return codes;
}

/**
 * An Error of this realm or of another one (an iframe, a vm context): Object.prototype.toString
 * says "[object Error]" for an object with the internal error slot, in any realm, unless a
 * Symbol.toStringTag speaks instead, which no real error has and a forgery would need.
 */
function isErrorObject(value: unknown): boolean {
  if (value instanceof Error) return true;
  return typeof value === 'object' && value !== null && !(Symbol.toStringTag in value) && Object.prototype.toString.call(value) === '[object Error]';
}

/** Base class of every josekit error. */
export class JoseError extends Error {
  /**
   * `err instanceof JwtExpired` holds for an error of that class (or a subclass) made by any copy
   * of josekit, not only this one: a CommonJS dependency and an ESM app, `josekit` and
   * `josekit/web`, or a copy loaded in another realm (a vm context, an iframe), see each other's
   * errors as theirs.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    try {
      const codes = isErrorObject(value) ? (value as unknown as Record<symbol, unknown>)[LINEAGE] : undefined;
      return Array.isArray(codes) && codes.includes((this as unknown as typeof JoseError).code);
    } catch {
      return false; // a Proxy whose traps throw is no josekit error
    }
  }

  /** Stable machine-readable code, `ERR_` + the class name in SCREAMING_SNAKE. */
  static readonly code: JoseErrorCode = 'ERR_JOSE_GENERIC';
  readonly code: JoseErrorCode;
  /** The pipeline step that failed, when there is one. */
  readonly step: JoseStep | undefined;

  /**
   * @param message - the cause, in words.
   * @param options - `step` is prefixed to the message; `cause` is kept as `Error.cause`.
   */
  constructor(message: string, options?: { step?: JoseStep; cause?: unknown }) {
    super(options?.step ? `${options.step}: ${message}` : message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = (new.target as typeof JoseError).code;
    // The class name, from the code (ERR_JWT_EXPIRED -> JwtExpired): minified builds rename classes.
    this.name = this.code === 'ERR_JOSE_GENERIC' ? 'JoseError' : nameOf(this.code);
    this.step = options?.step;
    Object.defineProperty(this, LINEAGE, { value: lineageOf(new.target) });
  }
}

/** The token's (or signer's) `alg` is not in the pinned `algorithms` allowlist. */
export class JoseAlgNotAllowed extends JoseError {
  static override readonly code: 'ERR_JOSE_ALG_NOT_ALLOWED' = 'ERR_JOSE_ALG_NOT_ALLOWED';
  declare readonly code: 'ERR_JOSE_ALG_NOT_ALLOWED';
}

/** An algorithm, key type, curve or extension this runtime or josekit does not support. */
export class JoseNotSupported extends JoseError {
  static override readonly code: 'ERR_JOSE_NOT_SUPPORTED' = 'ERR_JOSE_NOT_SUPPORTED';
  declare readonly code: 'ERR_JOSE_NOT_SUPPORTED';
}

/** An option passed to a josekit function is missing, of the wrong type or out of range. */
export class JoseInvalidOptions extends JoseError {
  static override readonly code: 'ERR_JOSE_INVALID_OPTIONS' = 'ERR_JOSE_INVALID_OPTIONS';
  declare readonly code: 'ERR_JOSE_INVALID_OPTIONS';
}

/** A key is unusable for the requested operation (wrong type, algorithm, usage, or too small). */
export class JoseKeyInvalid extends JoseError {
  static override readonly code: 'ERR_JOSE_KEY_INVALID' = 'ERR_JOSE_KEY_INVALID';
  declare readonly code: 'ERR_JOSE_KEY_INVALID';
}

/** A JWS is malformed: segments, encoding, header, `crit`, `b64`. */
export class JwsInvalid extends JoseError {
  static override readonly code: 'ERR_JWS_INVALID' = 'ERR_JWS_INVALID';
  declare readonly code: 'ERR_JWS_INVALID';
}

/** The signature does not verify with the resolved key. */
export class JwsSignatureVerificationFailed extends JoseError {
  static override readonly code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
  declare readonly code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
}

/** A JWT is malformed (payload not a JSON object, bad claim types, …). */
export class JwtInvalid extends JoseError {
  static override readonly code: 'ERR_JWT_INVALID' = 'ERR_JWT_INVALID';
  declare readonly code: 'ERR_JWT_INVALID';
}

/** Why a claim failed: absent, of the wrong type, or present but rejected. */
export type ClaimFailureReason = 'missing' | 'invalid' | 'check_failed';

/** A JWT claim failed validation. `claim` names it, `reason` says how it failed. */
export class JwtClaimValidationFailed extends JoseError {
  static override readonly code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' | 'ERR_JWT_EXPIRED' | 'ERR_JWT_NOT_YET_VALID' = 'ERR_JWT_CLAIM_VALIDATION_FAILED';
  declare readonly code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' | 'ERR_JWT_EXPIRED' | 'ERR_JWT_NOT_YET_VALID';
  /** The claim (or header parameter, for `typ`) that failed. */
  readonly claim: string;
  /** `missing`, `invalid` (wrong type or malformed) or `check_failed`. */
  readonly reason: ClaimFailureReason;
  /** The verified claims set the check ran against. */
  readonly payload: Record<string, unknown> | undefined;

  constructor(
    message: string,
    details: { claim: string; reason: ClaimFailureReason; payload?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, { step: 'validate claims', cause: details.cause });
    this.claim = details.claim;
    this.reason = details.reason;
    this.payload = details.payload;
  }
}

/** Times involved in an `exp`/`nbf`/`iat` decision, as Dates. */
export interface ClaimTimes {
  /** The claim's instant (for `maxTokenAge`, the instant the token became too old). */
  readonly at: Date;
  /** The clock the token was checked against. */
  readonly now: Date;
  /** The clock tolerance applied, in seconds. */
  readonly toleranceSeconds: number;
}

/** Shared by the two time errors: the claim failure plus the times involved. */
abstract class JwtTimeClaimFailed extends JwtClaimValidationFailed {
  /** The claim's instant, the clock and the tolerance. */
  readonly times: ClaimTimes;
  constructor(
    message: string,
    details: { claim: string; reason: ClaimFailureReason; payload?: Record<string, unknown>; times: ClaimTimes },
  ) {
    super(message, details);
    this.times = details.times;
  }
}

/** The token has expired (`exp`, or `iat` with `maxTokenAge`). */
export class JwtExpired extends JwtTimeClaimFailed {
  static override readonly code: 'ERR_JWT_EXPIRED' = 'ERR_JWT_EXPIRED';
  declare readonly code: 'ERR_JWT_EXPIRED';
}

/** The token is not valid yet (`nbf` in the future, or `iat` in the future with `maxTokenAge`). */
export class JwtNotYetValid extends JwtTimeClaimFailed {
  static override readonly code: 'ERR_JWT_NOT_YET_VALID' = 'ERR_JWT_NOT_YET_VALID';
  declare readonly code: 'ERR_JWT_NOT_YET_VALID';
}

/** A JWK is malformed or inconsistent (kty/crv/alg/use/key_ops). */
export class JwkInvalid extends JoseError {
  static override readonly code: 'ERR_JWK_INVALID' = 'ERR_JWK_INVALID';
  declare readonly code: 'ERR_JWK_INVALID';
}

/** A JWK Set is malformed. */
export class JwksInvalid extends JoseError {
  static override readonly code: 'ERR_JWKS_INVALID' = 'ERR_JWKS_INVALID';
  declare readonly code: 'ERR_JWKS_INVALID';
}

/** No key in the JWK Set matches the token's header. */
export class JwksNoMatchingKey extends JoseError {
  static override readonly code: 'ERR_JWKS_NO_MATCHING_KEY' = 'ERR_JWKS_NO_MATCHING_KEY';
  declare readonly code: 'ERR_JWKS_NO_MATCHING_KEY';
}

/** More than one key in the JWK Set matches and the header does not say which. */
export class JwksMultipleMatchingKeys extends JoseError {
  static override readonly code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' = 'ERR_JWKS_MULTIPLE_MATCHING_KEYS';
  declare readonly code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS';
}

/** Fetching a remote JWK Set took longer than `timeoutMs`. */
export class JwksTimeout extends JoseError {
  static override readonly code: 'ERR_JWKS_TIMEOUT' = 'ERR_JWKS_TIMEOUT';
  declare readonly code: 'ERR_JWKS_TIMEOUT';
}

/** Fetching a remote JWK Set failed (network error or non-200 status). */
export class JwksFetchFailed extends JoseError {
  static override readonly code: 'ERR_JWKS_FETCH_FAILED' = 'ERR_JWKS_FETCH_FAILED';
  declare readonly code: 'ERR_JWKS_FETCH_FAILED';
}

/**
 * The last line of "every input ends in a result or a JoseError": a JoseError passes through;
 * anything else thrown while reading a caller's value (a throwing getter or Proxy trap, an
 * engine error on a revoked Proxy) becomes a `Class` error that names what could not be read,
 * with the original as its `cause`.
 */
export function asJoseError(err: unknown, Class: new (message: string, options?: { step?: JoseStep; cause?: unknown }) => JoseError, step: JoseStep, what: string): JoseError {
  if (isJoseError(err)) return err;
  return new Class(`${what} could not be read: ${errorText(err)}`, { step, cause: err });
}

/** `value instanceof Class`, false (not a TypeError) for a Proxy whose getPrototypeOf trap throws. */
export function isInstance<T>(value: unknown, Class: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof Class;
  } catch {
    return false;
  }
}

/** `err instanceof JoseError`, safe on a hostile thrown value (see {@link isInstance}). */
export function isJoseError(err: unknown): err is JoseError {
  return isInstance(err, JoseError);
}

/** The message of anything thrown, without trusting it to be an Error. */
export function errorText(err: unknown): string {
  try {
    const message = (err as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : String(err);
  } catch {
    return 'an unprintable value was thrown';
  }
}
