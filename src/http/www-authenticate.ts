/**
 * The WWW-Authenticate response header value for the Bearer scheme (RFC 6750 §3).
 *
 * @module
 */

import { kindOf, show } from '../encoding/show.js';
import { asJoseError, errorText, isInstance, isJoseError, JoseInvalidOptions, type JoseError } from '../errors.js';
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
 * What each josekit error says to the client. Codes not listed here (JoseInvalidOptions,
 * JwksTimeout, JwksFetchFailed, JwksInvalid, the generic JoseError, codes of a later version)
 * are the server's failures, not the client's: they are thrown back.
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

/** The challenge for a caught error, or the error itself thrown back. */
function challengeFor(err: JoseError): Challenge {
  if (member(err, MISSING_CREDENTIALS) === true) return BARE;
  const code = member(err, 'code');
  const step = member(err, 'step');
  if (step === 'read bearer token' && code === 'ERR_JWS_INVALID') return BAD_REQUEST;
  // Any error about the call's own options, and a missing platform feature (no WebCrypto, which
  // has no step), concern the server, whatever their class.
  if (step === 'options' || (code === 'ERR_JOSE_NOT_SUPPORTED' && step === undefined)) throw err;
  const challenge = typeof code === 'string' ? BY_CODE[code] : undefined;
  if (!challenge) throw err;
  return challenge;
}

function challengeOf(errorOrCode: unknown): Challenge {
  if (errorOrCode === undefined) return BARE;
  if (typeof errorOrCode === 'string') {
    if (CODES.includes(errorOrCode)) return { error: errorOrCode as BearerErrorCode };
    invalidOption(`wwwAuthenticate takes one of the error codes ${CODES.map((c) => `"${c}"`).join(', ')}, got ${show(errorOrCode)}`);
  }
  if (isJoseError(errorOrCode)) return challengeFor(errorOrCode);
  const what = isInstance(errorOrCode, Error) ? `an error that is not a JoseError (${show(errorText(errorOrCode))})` : kindOf(errorOrCode);
  throw new JoseInvalidOptions(
    `wwwAuthenticate takes undefined, an RFC 6750 error code, or a JoseError thrown by bearerToken or a verify function; got ${what}. ` +
      'Errors of your own are yours to answer (a 500 is usually right)',
    { step: 'options', cause: errorOrCode },
  );
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
 * - a JoseError you caught from `bearerToken` or a verify function, mapped as follows.
 *
 * | caught                                                              | challenge                                                     | status |
 * | ------------------------------------------------------------------- | ------------------------------------------------------------- | ------ |
 * | bearerToken: no Authorization header, or an empty one               | bare (no error code)                                          | 401    |
 * | bearerToken: any other JwsInvalid (malformed, two tokens, DPoP, …)   | `invalid_request`                                             | 400    |
 * | JwtExpired                                                          | `invalid_token`, "The access token expired"                   | 401    |
 * | JwtNotYetValid                                                      | `invalid_token`, "The access token is not valid yet"          | 401    |
 * | JwsInvalid, JwsSignatureVerificationFailed, JoseAlgNotAllowed, JwtInvalid, JwtClaimValidationFailed, JoseKeyInvalid, JwkInvalid, JwksNoMatchingKey, JwksMultipleMatchingKeys, JoseNotSupported (an unknown `crit` extension, an algorithm this runtime lacks) | `invalid_token`, "The access token is invalid" | 401 |
 * | JoseInvalidOptions, any error with `step: 'options'`, JwksTimeout, JwksFetchFailed, JwksInvalid, JoseNotSupported without a step (no WebCrypto), the generic JoseError | thrown back unchanged: the server failed, not the client (answer 500 or 503) | — |
 *
 * The statuses are RFC 6750 §3.1's; set them yourself (this function returns only the header).
 * `error_description` is always one of the fixed texts above, never the error's message, which
 * is for your logs: it may hold claim values, key ids or URLs. `insufficient_scope` (403) is never
 * inferred from an error: josekit does not know your scopes.
 *
 * @param errorOrCode - `undefined`, an RFC 6750 error code, or a caught JoseError.
 * @param options - `realm`: the protection space (RFC 9110 §11.5), non-empty printable ASCII
 *   without `"` or `\` (refused rather than escaped). `scope`: the scope the resource needs
 *   (RFC 6750 §3), a space-separated string or an array of scope-tokens (printable ASCII without
 *   spaces, `"` or `\`); written into any challenge, most useful with `insufficient_scope`.
 * @returns the header value; attributes in the order realm, error, error_description, scope.
 * @throws the caught error itself when it is the server's failure (see the table).
 * @throws JoseInvalidOptions for an unknown code string, a value that is not a JoseError (an
 * error of your own is yours to answer; it is kept as `cause`), a bad `realm` or `scope`, or an
 * unknown option name.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { bearerToken, verifyJwt, wwwAuthenticate } from 'josekit';
 *
 * createServer(async (req, res) => {
 *   try {
 *     const { payload } = await verifyJwt(bearerToken(req), jwks, { algorithms: ['RS256'], audience: 'api' });
 *     if (!String(payload.scope).split(' ').includes('orders:read')) {
 *       res.writeHead(403, { 'WWW-Authenticate': wwwAuthenticate('insufficient_scope', { realm: 'api', scope: 'orders:read' }) });
 *       return res.end();
 *     }
 *     res.end('ok');
 *   } catch (err) {
 *     let challenge: string;
 *     try {
 *       challenge = wwwAuthenticate(err, { realm: 'api' });
 *     } catch {
 *       res.writeHead(500); // bad options, JWK Set unreachable: log err
 *       return res.end();
 *     }
 *     res.writeHead(challenge.includes('error="invalid_request"') ? 400 : 401, { 'WWW-Authenticate': challenge });
 *     res.end();
 *   }
 * }).listen(8080);
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
