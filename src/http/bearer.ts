/**
 * Reading a Bearer token from an HTTP request (RFC 6750 §2.1).
 *
 * Web-standard code only (no `node:` modules, no Buffer, no framework): the same function reads
 * a fetch `Request`, a WHATWG `Headers`, Node's `req.headers`, or the header value itself.
 *
 * @module
 */

import { kindOf } from '../encoding/show.js';
import { asJoseError, JoseInvalidOptions, JwsInvalid } from '../errors.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/options.js';

/**
 * Set (to `true`, non-enumerable) on the error {@link bearerToken} throws when the request
 * carries no credentials at all, so that {@link wwwAuthenticate} answers with a bare challenge
 * (RFC 6750 §3.1). The key is global (Symbol.for) so that every copy of josekit in a process
 * (ESM and CommonJS, `josekit` and `josekit/web`) recognises the errors of the others.
 */
export const MISSING_CREDENTIALS = Symbol.for('josekit.http.missingCredentials');

/**
 * Longest Authorization value read, in characters: the scheme, the spaces, and a token at the
 * verifiers' default limit. Checked before anything else, so a huge header is cheap to refuse.
 */
const MAX_AUTHORIZATION_LENGTH = DEFAULT_MAX_TOKEN_LENGTH + 64;

/** b64token (RFC 6750 §2.1). */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** The longest prefix of b64token characters, then its padding. */
const B64TOKEN_PREFIX = /^[A-Za-z0-9\-._~+/]*=*/;

const STEP = 'read bearer token';

function malformed(message: string): never {
  throw new JwsInvalid(`the Authorization header ${message}`, { step: STEP });
}

function missing(message: string): never {
  const err = new JwsInvalid(message, { step: STEP });
  Object.defineProperty(err, MISSING_CREDENTIALS, { value: true });
  throw err;
}

function wrongInput(message: string): never {
  throw new JoseInvalidOptions(`bearerToken ${message}`, { step: STEP });
}

const NAMED_CONTROLS: Readonly<Record<number, string>> = { 0x09: 'a tab', 0x0a: 'a line feed', 0x0d: 'a carriage return', 0x00: 'a NUL' };

function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMED_CONTROLS[code];
  if (name) return `${name} (${hex})`;
  return code < 0x20 || code === 0x7f ? `a control character (${hex})` : `a non-ASCII character (${hex})`;
}

/**
 * HTTP authentication schemes in use (the IANA registry of RFC 9110 §16.4, and a few common
 * unregistered ones), lower case. Only these are named in a message: a first word that is none
 * of them may be the credential itself (`sk_live_…` sent without a scheme), so it is shown by
 * its length only.
 */
const KNOWN_SCHEMES: ReadonlySet<string> = new Set([
  'basic', 'bearer', 'digest', 'dpop', 'hoba', 'mutual', 'negotiate', 'ntlm', 'oauth', 'scram-sha-1', 'scram-sha-256',
  'vapid', 'aws4-hmac-sha256', 'token',
]);

/** The scheme, for a message: a known auth-scheme as sent, anything else by its length only. */
function describeScheme(scheme: string): string {
  return KNOWN_SCHEMES.has(scheme.toLowerCase()) ? `the scheme "${scheme}"` : `an unknown scheme of ${scheme.length} characters`;
}

/** Why `credentials` (the text after "Bearer" and its spaces) is not one b64token. */
function explainCredentials(credentials: string, offset: number): never {
  if (credentials[0] === '=') malformed(`token starts with "=" at offset ${offset}; "=" padding may only end a b64token`);
  const prefix = B64TOKEN_PREFIX.exec(credentials)![0];
  const position = offset + prefix.length;
  // Defined: a whole-string prefix not starting with "=" would have been a b64token.
  const next = credentials[prefix.length]!;
  if (prefix === '') malformed(`has no token after the Bearer scheme (the text after it starts with ${JSON.stringify(next)} at offset ${offset})`);
  if (next === ',') {
    malformed(`holds more than one credential or an auth-param after a comma at offset ${position} (were two Authorization headers joined?); send exactly one Bearer token`);
  }
  if (next === ' ') {
    malformed(`has more text after the token (a space at offset ${position}); "Bearer" takes exactly one token`);
  }
  if (prefix.endsWith('=')) {
    malformed(`has an auth-param (name=value) after the Bearer scheme; "Bearer" takes one b64token and no parameters`);
  }
  malformed(`token has the character ${JSON.stringify(next)} at offset ${position}, which is not allowed in a b64token (RFC 6750 §2.1)`);
}

/** The token of one Authorization value (a string); see {@link bearerToken} for the rules. */
function parseAuthorization(value: string): string {
  if (value === '') missing('the Authorization header is empty');
  if (value.length > MAX_AUTHORIZATION_LENGTH) {
    malformed(`is ${value.length} characters long, over the limit of ${MAX_AUTHORIZATION_LENGTH}`);
  }
  const bad = value.search(/[^\x20-\x7e]/);
  if (bad !== -1) malformed(`contains ${describeCharacter(value.charCodeAt(bad))} at offset ${bad}; only printable ASCII and spaces are allowed`);
  if (value[0] === ' ') malformed('starts with a space (an HTTP parser strips it: was the value built by hand?)');
  const space = value.indexOf(' ');
  if (space === -1) {
    if (value.toLowerCase() === 'bearer') malformed('has the Bearer scheme but no token');
    if (KNOWN_SCHEMES.has(value.toLowerCase())) malformed(`has ${describeScheme(value)} alone, not "Bearer <token>"`);
    malformed(`is one word of ${value.length} characters without a scheme; send "Bearer <token>"`);
  }
  const scheme = value.slice(0, space);
  const lower = scheme.toLowerCase();
  if (lower !== 'bearer') {
    if (lower === 'dpop') {
      malformed('carries a DPoP-bound token (RFC 9449), not a Bearer token; this resource takes Bearer tokens');
    }
    malformed(`uses ${describeScheme(scheme)}, not "Bearer"`);
  }
  let start = space + 1;
  while (value.charCodeAt(start) === 0x20) start++;
  if (start === value.length) malformed('has the Bearer scheme but no token (only spaces follow it)');
  const credentials = value.slice(start);
  if (B64TOKEN.test(credentials)) return credentials;
  const trimmed = credentials.replace(/ +$/, '');
  if (trimmed !== credentials && B64TOKEN.test(trimmed)) {
    malformed('ends with a space (an HTTP parser strips it: was the value built by hand?)');
  }
  return explainCredentials(credentials, start);
}

/** One header's value: a string, a list of them (Node), or nothing. */
function parseValue(value: unknown): string {
  if (value === undefined || value === null) missing('the request has no Authorization header');
  if (typeof value === 'string') return parseAuthorization(value);
  if (Array.isArray(value)) {
    if (value.length === 0) missing('the request has no Authorization header');
    if (value.length > 1) malformed(`appears ${value.length} times; send exactly one Bearer token`);
    const only: unknown = value[0];
    if (typeof only !== 'string') wrongInput(`found an Authorization list holding ${kindOf(only)}, not a string`);
    return parseAuthorization(only);
  }
  return wrongInput(`found an Authorization value that is ${kindOf(value)}, not a string`);
}

type HeadersLike = { get(name: string): unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of a plain header object (Node's IncomingHttpHeaders): own names only, any case. */
function fromPlainHeaders(headers: Record<string, unknown>): unknown {
  let found: string | undefined;
  for (const name of Object.keys(headers)) {
    if (name.length !== 13 || name.toLowerCase() !== 'authorization') continue;
    if (found !== undefined) malformed(`appears twice (as "${found}" and "${name}"); send exactly one Bearer token`);
    found = name;
  }
  return found === undefined ? undefined : headers[found];
}

function fromHeaders(headers: Record<string, unknown>): unknown {
  return typeof headers.get === 'function' ? (headers as unknown as HeadersLike).get('authorization') : fromPlainHeaders(headers);
}

/**
 * Node's IncomingMessage: `req.headers` keeps only the first of two Authorization headers, while
 * `req.headersDistinct` (Node 18.3 and later) lists every one. A second one is refused here; the
 * value itself is still read from `req.headers` (what middleware that rewrites headers sees, and
 * what an IncomingMessage built by hand, without raw headers, holds), or from `headersDistinct`
 * when there is no `headers` object.
 */
function fromIncomingMessage(distinct: Record<string, unknown>, headers: unknown): unknown {
  const all = fromPlainHeaders(distinct);
  if (Array.isArray(all) && all.length > 1) {
    malformed(`appears ${all.length} times (req.headers shows only the first, req.headersDistinct has them all); send exactly one Bearer token`);
  }
  return isObject(headers) ? fromHeaders(headers) : all;
}

/** The raw Authorization value of any accepted input. */
function authorizationOf(input: unknown): unknown {
  if (typeof input === 'string' || input === undefined || input === null) return input;
  if (!isObject(input)) {
    return wrongInput(
      `takes an Authorization value (a string), a Headers, a Request, or Node's req.headers or req; got ${kindOf(input)}`,
    );
  }
  // A Request or Node's IncomingMessage: read its headers (a Headers, or a plain object).
  const inner = input.headers;
  const distinct = input.headersDistinct;
  if (isObject(distinct)) return fromIncomingMessage(distinct, inner);
  if (isObject(inner)) return fromHeaders(inner);
  return fromHeaders(input);
}

/**
 * Reads the one Bearer token of an HTTP request: the `b64token` of its `Authorization` header
 * (RFC 6750 §2.1). Synchronous, and web-standard: it runs wherever josekit runs. The token is
 * returned as sent; pass it to `verifyJwt` (or a verifier from `createJwtVerifier`).
 *
 * `input` is any of:
 * - the Authorization header value, a string (`"Bearer eyJ…"`); `null` or `undefined` mean the
 *   header is absent, as `headers.get('authorization')` and `req.headers.authorization` say;
 * - a WHATWG `Headers`, or any object with a `get(name)` method (Express's and Koa's `get` too);
 * - a fetch `Request`, or anything whose `headers` is a `Headers`;
 * - Node's `IncomingHttpHeaders` (`req.headers`): a plain object whose values are strings, string
 *   arrays or undefined. The name is matched in any case (some gateways keep `Authorization`),
 *   own properties only;
 * - Node's `IncomingMessage` (`req`) itself, whose `headers` is such an object. Prefer it to
 *   `req.headers`: Node keeps only the first of two Authorization headers in `req.headers`, and
 *   only `req.headersDistinct` (Node 18.3 and later), read when `req` is given, shows the second.
 *
 * The accepted form, strictly: `Bearer`, in any case (RFC 7235 §2.1), one or more spaces (SP, as
 * `1*SP` allows; not tabs), then one b64token: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
 * "/" ) *"="`, and nothing else. Refused, with a message that says why:
 * - more than one credential: two Authorization headers (a string array of two or more, two
 *   in `req.headersDistinct`, two names differing in case, or a comma-joined value such as
 *   `Headers.get` makes of them);
 * - auth-params (`Bearer realm="x"`, `Bearer a=b`), text after the token, an empty token,
 *   `Bearer` alone;
 * - any other scheme (`Basic …`); a `DPoP …` value is named as a DPoP-bound token (RFC 9449),
 *   which a Bearer check must not accept;
 * - a token without a scheme;
 * - leading or trailing spaces (HTTP parsers strip them, RFC 9110 §5.5, so they mean a value was
 *   built by hand), tabs, line breaks, other control and non-ASCII characters;
 * - a value over 65600 characters (a scheme and a token at the verifiers' default 64 KiB limit),
 *   refused before it is scanned.
 *
 * Messages never contain the credentials: at most the scheme when it is a known one (`Basic`,
 * `Digest`, `DPoP`, `Negotiate`, … in any case; any other first word, which may be a credential
 * sent without a scheme, is given by its length), a length, an offset, and one character that no
 * b64token may hold.
 *
 * @param input - the header value, a Headers, a Request, or Node's `req.headers` or `req`.
 * @returns the token, exactly as sent.
 * @throws JwsInvalid (`step: 'read bearer token'`) when the request has no usable Bearer token.
 * When the request has no credentials at all (no Authorization header, or an empty one) the
 * error carries the non-enumerable marker `Symbol.for('josekit.http.missingCredentials')` set to
 * `true`: {@link wwwAuthenticate} then answers with a bare challenge and no error code, as
 * RFC 6750 §3.1 asks, and every other JwsInvalid from here maps to `invalid_request`. Test the
 * marker yourself to let anonymous requests through.
 * @throws JoseInvalidOptions when `input` is none of the forms above, or an Authorization value
 * in it is not a string: a bug in the caller, not in the request (wwwAuthenticate gives it the
 * neutral `invalid_token` challenge of a server-side failure; log it and answer 500).
 *
 * @example
 * ```ts
 * import { bearerToken, JwksFetchFailed, JwksTimeout, verifyJwt, wwwAuthenticate } from 'josekit';
 *
 * // fetch-style handler (Workers, Deno, Bun, Hono's c.req.raw, Next.js route handlers)
 * async function handle(request: Request): Promise<Response> {
 *   let payload;
 *   try {
 *     ({ payload } = await verifyJwt(bearerToken(request), jwks, {
 *       algorithms: ['ES256'], issuer: 'https://auth.example.com', audience: 'https://api.example.com',
 *     }));
 *   } catch (err) {
 *     // The JWK Set is unreachable: not the client's fault.
 *     if (err instanceof JwksTimeout || err instanceof JwksFetchFailed) return new Response(null, { status: 503 });
 *     const challenge = wwwAuthenticate(err, { realm: 'api' }); // never throws for a caught error
 *     const status = challenge.includes('error="invalid_request"') ? 400 : 401;
 *     return new Response(null, { status, headers: { 'WWW-Authenticate': challenge } });
 *   }
 *   return Response.json({ hello: payload.sub });
 * }
 *
 * // node:http and Express: pass req itself, bearerToken(req), so a second Authorization header is seen
 * ```
 */
export function bearerToken(input: unknown): string {
  try {
    return parseValue(authorizationOf(input));
  } catch (err) {
    // JoseErrors pass; a throwing getter or Proxy trap in the caller's object is the caller's bug.
    throw asJoseError(err, JoseInvalidOptions, STEP, 'the request headers');
  }
}
