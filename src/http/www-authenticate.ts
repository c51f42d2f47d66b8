/**
 * The WWW-Authenticate response header value for the Bearer scheme (RFC 6750 §3).
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import { asJoseError, isJoseError, JoseInvalidOptions, type JoseError } from '../errors.js';
import { readOptions } from '../options.js';
import { MISSING_CREDENTIALS } from './bearer.js';

/** The error codes of RFC 6750 §3.1. */
type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

const CODES: readonly string[] = ['invalid_request', 'invalid_token', 'insufficient_scope'] satisfies BearerErrorCode[];

interface Challenge {
  error?: BearerErrorCode;
  /** A fixed text of ours, never an error's message (which may hold claim values or key ids). */
  description?: string;
}

const BARE: Challenge = {};
const BAD_REQUEST: Challenge = { error: 'invalid_request', description: 'The request does not carry exactly one well-formed Bearer token' };
const INVALID: Challenge = { error: 'invalid_token', description: 'The access token is invalid' };
/**
 * A failure of the server's (a JWK Set it cannot fetch, bad options, an error of the app's own):
 * the token was not found wanting, it could not be checked. Still an `invalid_token` challenge, so
 * that every caught value gets one, but one that blames nothing on the token.
 */
const UNVERIFIED: Challenge = { error: 'invalid_token', description: 'The access token could not be verified' };

/**
 * What each josekit error about the token says to the client. Codes not listed here
 * (JoseInvalidOptions, JwksTimeout, JwksFetchFailed, JwksInvalid, the generic JoseError, codes of
 * a later version) are the server's failures, not the client's: {@link UNVERIFIED}.
 */
const BY_CODE: Readonly<Record<string, Challenge>> = Object.assign(Object.create(null) as Record<string, Challenge>, {
  ERR_JWT_EXPIRED: { error: 'invalid_token', description: 'The access token expired' },
  ERR_JWT_NOT_YET_VALID: { error: 'invalid_token', description: 'The access token is not valid yet' },
  ERR_JWS_INVALID: INVALID,
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: INVALID,
  ERR_JOSE_ALG_NOT_ALLOWED: INVALID,
  ERR_JWT_INVALID: INVALID,
  ERR_JWT_CLAIM_VALIDATION_FAILED: INVALID,
  ERR_JOSE_KEY_INVALID: INVALID,
  ERR_JWK_INVALID: INVALID,
  ERR_JWKS_NO_MATCHING_KEY: INVALID,
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: INVALID,
  ERR_JOSE_NOT_SUPPORTED: INVALID,
} satisfies Record<string, Challenge>);

/** A member of a caught value; undefined when reading it throws (a hostile Proxy). */
function member(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

function invalidOption(message: string): never {
  throw new JoseInvalidOptions(message, { step: 'options' });
}

/** The challenge for a caught JoseError (of any copy of josekit). Never throws. */
function challengeFor(err: JoseError): Challenge {
  if (member(err, MISSING_CREDENTIALS) === true) return BARE;
  const code = member(err, 'code');
  const step = member(err, 'step');
  // Any error about options, bearerToken's included (a header object it cannot read), and a
  // missing platform feature (no WebCrypto, which has no step) concern the server, whatever
  // their class.
  if (step === 'options' || code === 'ERR_JOSE_INVALID_OPTIONS' || (code === 'ERR_JOSE_NOT_SUPPORTED' && step === undefined)) {
    return UNVERIFIED;
  }
  if (step === 'read bearer token') return BAD_REQUEST;
  return (typeof code === 'string' ? BY_CODE[code] : undefined) ?? UNVERIFIED;
}

function challengeOf(errorOrCode: unknown): Challenge {
  if (errorOrCode === undefined) return BARE;
  if (typeof errorOrCode === 'string') {
    if (CODES.includes(errorOrCode)) return { error: errorOrCode as BearerErrorCode };
    invalidOption(`wwwAuthenticate takes one of the error codes ${CODES.map((c) => `"${c}"`).join(', ')}, got ${show(errorOrCode)}`);
  }
  // Anything else was caught: a JoseError is mapped by its code, any other value (an error of
  // the app's own, a thrown non-Error) is the server's failure. Nothing of it is read but the
  // code, the step and the missing-credentials marker of a JoseError.
  return isJoseError(errorOrCode) ? challengeFor(errorOrCode) : UNVERIFIED;
}

/** Characters a realm may hold: printable ASCII without '"' and '\' (no escapes needed). */
const REALM = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
/** scope-token (RFC 6750 §3): %x21 / %x23-5B / %x5D-7E. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function checkRealm(realm: unknown): string {
  if (typeof realm !== 'string') invalidOption(`"realm" must be a string, got ${kindOf(realm)}`);
  if (!REALM.test(realm)) {
    const bad = realm === '' ? 'is empty' : `holds ${show(realm[realm.search(/[^\x20\x21\x23-\x5b\x5d-\x7e]/)])}`;
    invalidOption(`"realm" ${bad}; it must be printable ASCII without '"' or '\\' (RFC 9110 §11.5 quoted-string)`);
  }
  return realm;
}

function checkScope(scope: unknown): string {
  let tokens: readonly unknown[];
  if (typeof scope === 'string') tokens = scope.split(' ');
  else if (Array.isArray(scope)) tokens = scope;
  else return invalidOption(`"scope" must be a string or an array of strings, got ${kindOf(scope)}`);
  if (tokens.length === 0 || (tokens.length === 1 && tokens[0] === '')) invalidOption('"scope" names no scope; omit it instead');
  const checked: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') invalidOption(`"scope" must hold strings, got ${kindOf(token)}`);
    if (!SCOPE_TOKEN.test(token)) {
      invalidOption(
        `"scope" has the scope-token ${show(token)}: scope-tokens are non-empty, printable ASCII without spaces, '"' or '\\', ` +
          'and a scope string separates them by single spaces (RFC 6750 §3)',
      );
    }
    checked.push(token);
  }
  return checked.join(' ');
}

/** The realm and scope, checked; every failure (a throwing Proxy array too) a JoseInvalidOptions. */
function readChallengeOptions(options: unknown): { realm?: string; scope?: string } {
  try {
    const given = readOptions<{ realm: unknown; scope: unknown }>(options, ['realm', 'scope'], 'wwwAuthenticate');
    return {
      ...(given.realm === undefined ? {} : { realm: checkRealm(given.realm) }),
      ...(given.scope === undefined ? {} : { scope: checkScope(given.scope) }),
    };
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the options of wwwAuthenticate');
  }
}

/**
 * The value of a `WWW-Authenticate` response header for the Bearer scheme (RFC 6750 §3), for a
 * request that was refused: `Bearer realm="api", error="invalid_token", error_description="The
 * access token expired"`. Synchronous.
 *
 * `errorOrCode` is one of:
 * - `undefined`: the bare challenge, `Bearer` or `Bearer realm="…"` (RFC 6750 §3: a request with
 *   no authentication information gets no error code);
 * - one of the codes `'invalid_request'`, `'invalid_token'`, `'insufficient_scope'` (RFC 6750
 *   §3.1), written as given without a description (say, `'insufficient_scope'` after your own
 *   scope check);
 * - anything else you caught around `bearerToken` and a verify function, mapped as follows.
 *   Every caught error or object gets a challenge: this function never throws for one, so it is
 *   safe to call in a `catch` block. (A caught string is read as one of the codes above, and any
 *   other string is refused as a wrong argument; josekit itself never throws strings.)
 *
 * | caught                                                              | challenge                                                     | status |
 * | ------------------------------------------------------------------- | ------------------------------------------------------------- | ------ |
 * | bearerToken: no Authorization header, or an empty one               | bare (no error code)                                          | 401    |
 * | bearerToken: any other JwsInvalid (malformed, two tokens, DPoP, …)   | `invalid_request`, "The request does not carry exactly one well-formed Bearer token" | 400 |
 * | JwtExpired                                                          | `invalid_token`, "The access token expired"                   | 401    |
 * | JwtNotYetValid                                                      | `invalid_token`, "The access token is not valid yet"          | 401    |
 * | JwsInvalid, JwsSignatureVerificationFailed, JoseAlgNotAllowed, JwtInvalid, JwtClaimValidationFailed, JoseKeyInvalid, JwkInvalid, JwksNoMatchingKey, JwksMultipleMatchingKeys, JoseNotSupported (an unknown `crit` extension, an algorithm this runtime lacks) | `invalid_token`, "The access token is invalid" | 401 |
 * | server-side failures: JwksTimeout, JwksFetchFailed, JwksInvalid, JoseInvalidOptions (bearerToken's too), any error with `step: 'options'`, JoseNotSupported without a step (no WebCrypto), the generic JoseError, codes this version does not know, and every other value that is not a JoseError (an error of your own, `null`, an object) | `invalid_token`, "The access token could not be verified" | 503 or 500 (yours to choose) |
 *
 * The statuses are RFC 6750 §3.1's; set them yourself (this function returns only the header).
 * A server-side failure still gets a challenge string, one that blames nothing on the token, but
 * it is not the client's fault: log the error and answer 503 when the JWK Set is unreachable
 * (`err instanceof JwksTimeout || err instanceof JwksFetchFailed`, worth a `Retry-After`), 500
 * for the rest (a JwksInvalid or JoseInvalidOptions is a configuration to fix), or 401 with the
 * challenge if you prefer not to tell. `error_description` is always one of the fixed texts
 * above, never the error's message, which is for your logs: it may hold claim values, key ids or
 * URLs. `insufficient_scope` (403) is never inferred from an error: josekit does not know your
 * scopes.
 *
 * @param errorOrCode - `undefined`, an RFC 6750 error code, or any caught value.
 * @param options - `realm`: the protection space (RFC 9110 §11.5), non-empty printable ASCII
 *   without `"` or `\` (refused rather than escaped). `scope`: the scope the resource needs
 *   (RFC 6750 §3), a space-separated string or an array of scope-tokens (printable ASCII without
 *   spaces, `"` or `\`); written into any challenge, most useful with `insufficient_scope`.
 * @returns the header value; attributes in the order realm, error, error_description, scope.
 * @throws JoseInvalidOptions only for wrong arguments to this function itself: a string that is
 * not one of the three codes, a bad `realm` or `scope`, an unknown option name. Never for a
 * caught error.
 *
 * @example
 * ```ts
 * import { bearerToken, JwksFetchFailed, JwksTimeout, verifyJwt, wwwAuthenticate } from 'josekit';
 *
 * // A Fetch-style handler (Workers, Deno, Bun, Next.js); docs/http.md has the node:http version.
 * export async function handle(request: Request): Promise<Response> {
 *   let payload;
 *   try {
 *     ({ payload } = await verifyJwt(bearerToken(request), jwks, { algorithms: ['RS256'], audience: 'api' }));
 *   } catch (err) {
 *     if (err instanceof JwksTimeout || err instanceof JwksFetchFailed) {
 *       console.error(err); // the JWK Set is unreachable: not the client's fault
 *       return new Response(null, { status: 503, headers: { 'retry-after': '30' } });
 *     }
 *     const challenge = wwwAuthenticate(err, { realm: 'api' }); // never throws for a caught error
 *     const status = challenge.includes('error="invalid_request"') ? 400 : 401;
 *     return new Response(null, { status, headers: { 'www-authenticate': challenge } });
 *   }
 *   if (!String(payload.scope).split(' ').includes('orders:read')) {
 *     const challenge = wwwAuthenticate('insufficient_scope', { realm: 'api', scope: 'orders:read' });
 *     return new Response(null, { status: 403, headers: { 'www-authenticate': challenge } });
 *   }
 *   return new Response('ok');
 * }
 * // WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"
 * ```
 */
export function wwwAuthenticate(
  errorOrCode?: unknown,
  options?: { realm?: string; scope?: string | readonly string[] },
): string {
  const { realm, scope } = readChallengeOptions(options);
  const { error, description } = challengeOf(errorOrCode);
  const params: string[] = [];
  if (realm !== undefined) params.push(`realm="${realm}"`);
  if (error !== undefined) params.push(`error="${error}"`);
  if (description !== undefined) params.push(`error_description="${description}"`);
  if (scope !== undefined) params.push(`scope="${scope}"`);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}
