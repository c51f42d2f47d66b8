// JWT claim rules, table-driven: every claim option against a claim that is present and
// matching, absent, of the wrong type, and at the boundary instant (to the millisecond: a
// NumericDate may be fractional, RFC 7519 §2). Tokens are signed with signCompact over raw JSON
// text, so claims can be anything (even malformed) and clocks are fixed.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { keysFor, rejects, type KeyPairFor } from './support.js';

/** 2026-01-01T00:00:00Z. */
const T0 = 1767225600;
/** The clock at `seconds` (fractions kept to the millisecond, rounded: T0 + 0.9 is .900, not .899). */
const at = (seconds: number) => new Date(Math.round(seconds * 1000));
const HS: jose.JwsAlgorithm[] = ['HS256'];

let hs: KeyPairFor;
beforeAll(async () => {
  hs = await keysFor('HS256');
});

/** An HS256 token over raw header and payload JSON text, signed here (signCompact refuses malformed headers). */
async function rawToken(headerJson: string, payloadJson: string): Promise<string> {
  const b64 = jose.base64url.encode;
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  const signature = await crypto.subtle.sign('HMAC', hs.signKey, new TextEncoder().encode(input));
  return `${input}.${b64(new Uint8Array(signature))}`;
}

/** A token over the claims (an object, or raw JSON text), signed with HS256; typ JWT unless given. */
function token(claims: Record<string, unknown> | string, typ: string | null = 'JWT', header?: Record<string, unknown>): Promise<string> {
  const payload = typeof claims === 'string' ? claims : JSON.stringify(claims);
  return jose.signCompact(payload, hs.signKey, { alg: 'HS256', ...(typ === null ? {} : { typ }), ...(header ? { header } : {}) });
}

type ErrorClass = abstract new (...args: never[]) => jose.JoseError;
interface Failure {
  cls: ErrorClass;
  code: string;
  claim: string;
  reason: jose.ClaimFailureReason;
  message?: RegExp;
}
interface Row {
  name: string;
  claims: Record<string, unknown> | string;
  /** Header typ; null for none. Default 'JWT'. */
  typ?: string | null;
  options?: Partial<jose.VerifyJwtOptions>;
  /** The clock, in epoch seconds. Default T0. */
  now?: number;
  expect: 'pass' | Failure;
}

const missing = (claim: string, message?: RegExp): Failure => ({
  cls: jose.JwtClaimValidationFailed, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason: 'missing', message,
});
const invalid = (claim: string, message?: RegExp): Failure => ({
  cls: jose.JwtClaimValidationFailed, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason: 'invalid', message,
});
const checkFailed = (claim: string, message?: RegExp): Failure => ({
  cls: jose.JwtClaimValidationFailed, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason: 'check_failed', message,
});
const expired = (claim: string, message?: RegExp): Failure => ({ cls: jose.JwtExpired, code: 'ERR_JWT_EXPIRED', claim, reason: 'check_failed', message });
const notYet = (claim: string, message?: RegExp): Failure => ({ cls: jose.JwtNotYetValid, code: 'ERR_JWT_NOT_YET_VALID', claim, reason: 'check_failed', message });

const E = T0 + 3600; // a typical exp for rows that are not about exp

/** Runs one row through verifyJwt and returns the error, if any. */
async function run(row: Row): Promise<jose.JoseError | undefined> {
  const t = await token(row.claims, row.typ === undefined ? 'JWT' : row.typ);
  const options: jose.VerifyJwtOptions = { algorithms: HS, currentDate: at(row.now ?? T0), ...row.options };
  if (row.expect === 'pass') {
    const { payload } = await jose.verifyJwt(t, hs.verifyKey, options);
    if (typeof row.claims !== 'string') expect(payload).toEqual(row.claims);
    return undefined;
  }
  const { cls, code, claim, reason, message } = row.expect;
  const err = await rejects(jose.verifyJwt(t, hs.verifyKey, options), cls, code, message);
  expect(err).toBeInstanceOf(jose.JwtClaimValidationFailed);
  const failed = err as jose.JwtClaimValidationFailed;
  expect(failed.claim).toBe(claim);
  expect(failed.reason).toBe(reason);
  expect(failed.step).toBe('validate claims');
  return err;
}

function table(title: string, rows: Row[]) {
  describe(title, () => {
    for (const row of rows) it(`${row.name} -> ${row.expect === 'pass' ? 'pass' : `${row.expect.code} ${row.expect.claim}/${row.expect.reason}`}`, async () => {
      await run(row);
    });
  });
}

table('exp', [
  { name: 'absent, requireExp default (true)', claims: { sub: 'a' }, expect: missing('exp', /"exp" is missing.*requireExp: false/) },
  { name: 'absent, requireExp: true', claims: { sub: 'a' }, options: { requireExp: true }, expect: missing('exp') },
  { name: 'absent, requireExp: false', claims: { sub: 'a' }, options: { requireExp: false }, expect: 'pass' },
  { name: 'now = exp - 1', claims: { exp: T0 + 1 }, expect: 'pass' },
  { name: 'now = exp', claims: { exp: T0 }, expect: expired('exp', /^validate claims: token expired 0s ago \(exp 2026-01-01T00:00:00Z, now 2026-01-01T00:00:00Z, tolerance 0s\)$/) },
  { name: 'now = exp + 192', claims: { exp: T0 }, now: T0 + 192, expect: expired('exp', /token expired 3m12s ago \(exp 2026-01-01T00:00:00Z, now 2026-01-01T00:03:12Z, tolerance 0s\)/) },
  { name: 'now = exp - 1, clock at x.999s (floored)', claims: { exp: T0 + 1 }, now: T0 + 0.999, expect: 'pass' },
  { name: 'fractional exp, now below it', claims: { exp: T0 + 0.5 }, expect: 'pass' },
  { name: 'fractional exp, now above it', claims: { exp: T0 + 0.5 }, now: T0 + 1, expect: expired('exp') },
  // Sub-second instants: the clock is no longer floored to the second.
  { name: 'fractional exp, now 0.4s past it (accepted while the clock was floored)', claims: { exp: T0 + 0.5 }, now: T0 + 0.9, expect: expired('exp', /^validate claims: token expired 400ms ago \(exp 2026-01-01T00:00:00\.500Z, now 2026-01-01T00:00:00\.900Z, tolerance 0s\)$/) },
  { name: 'fractional exp, now 1ms before it', claims: { exp: T0 + 0.5 }, now: T0 + 0.499, expect: 'pass' },
  { name: 'fractional exp, now exactly at it', claims: { exp: T0 + 0.5 }, now: T0 + 0.5, expect: expired('exp', /expired 0s ago \(exp 2026-01-01T00:00:00\.500Z, now 2026-01-01T00:00:00\.500Z/) },
  { name: 'whole exp, now 1ms past it', claims: { exp: T0 }, now: T0 + 0.001, expect: expired('exp', /expired 1ms ago \(exp 2026-01-01T00:00:00Z, now 2026-01-01T00:00:00\.001Z/) },
  { name: 'exp with sub-millisecond digits is shown with them', claims: `{"exp":${T0}.0005}`, now: T0 + 0.001, expect: expired('exp', /exp 2026-01-01T00:00:00\.0005Z, now 2026-01-01T00:00:00\.001Z/) },
  { name: 'exp with sub-millisecond digits, now 1ms before the next millisecond', claims: `{"exp":${T0}.0005}`, now: T0, expect: 'pass' },
  { name: 'fractional exp before 1970 is shown counting up from the floored second', claims: { exp: -0.3 }, expect: expired('exp', /exp 1969-12-31T23:59:59\.700Z/) },
  { name: 'clockTolerance 0.5, now = exp + 0.499', claims: { exp: T0 }, now: T0 + 0.499, options: { clockTolerance: 0.5 }, expect: 'pass' },
  { name: 'clockTolerance 0.5, now = exp + 0.5', claims: { exp: T0 }, now: T0 + 0.5, options: { clockTolerance: 0.5 }, expect: expired('exp', /expired 500ms ago .*tolerance 500ms\)/) },
  { name: 'clockTolerance 30, now = exp + 29.999', claims: { exp: T0 }, now: T0 + 29.999, options: { clockTolerance: 30 }, expect: 'pass' },
  { name: 'clockTolerance 1.5, now = exp + 1.5', claims: { exp: T0 }, now: T0 + 1.5, options: { clockTolerance: 1.5 }, expect: expired('exp', /expired 1\.5s ago .*tolerance 1\.5s\)/) },
  { name: 'exp far in the past', claims: { exp: 0 }, expect: expired('exp', /exp 1970-01-01T00:00:00Z/) },
  { name: 'clockTolerance 30, now = exp + 29', claims: { exp: T0 }, now: T0 + 29, options: { clockTolerance: 30 }, expect: 'pass' },
  { name: 'clockTolerance 30, now = exp + 30', claims: { exp: T0 }, now: T0 + 30, options: { clockTolerance: 30 }, expect: expired('exp', /expired 30s ago .*tolerance 30s\)/) },
  { name: "clockTolerance '30s', now = exp + 29", claims: { exp: T0 }, now: T0 + 29, options: { clockTolerance: '30s' }, expect: 'pass' },
  { name: "clockTolerance '5 minutes', now = exp + 299", claims: { exp: T0 }, now: T0 + 299, options: { clockTolerance: '5 minutes' }, expect: 'pass' },
  { name: "clockTolerance '5 minutes', now = exp + 300", claims: { exp: T0 }, now: T0 + 300, options: { clockTolerance: '5 minutes' }, expect: expired('exp', /tolerance 5m\)/) },
  { name: 'string', claims: { exp: String(E) }, expect: invalid('exp', /"exp" must be a finite NumericDate/) },
  { name: '1e400 (Infinity after JSON.parse)', claims: `{"exp":1e400}`, expect: invalid('exp') },
  { name: '-1e400 (-Infinity after JSON.parse)', claims: `{"exp":-1e400}`, expect: invalid('exp') },
  { name: 'null', claims: { exp: null }, expect: invalid('exp') },
  { name: 'null, requireExp: false', claims: { exp: null }, options: { requireExp: false }, expect: invalid('exp') },
  { name: 'boolean', claims: { exp: true }, expect: invalid('exp') },
  { name: 'array', claims: { exp: [E] }, expect: invalid('exp') },
]);

table('nbf', [
  { name: 'now = nbf', claims: { exp: E, nbf: T0 }, expect: 'pass' },
  { name: 'now = nbf - 1', claims: { exp: E, nbf: T0 + 1 }, expect: notYet('nbf', /token is not valid for another 1s \(nbf 2026-01-01T00:00:01Z, now 2026-01-01T00:00:00Z, tolerance 0s\)/) },
  { name: 'now = nbf - 3600', claims: { exp: E + 3600, nbf: T0 + 3600 }, expect: notYet('nbf', /another 1h /) },
  { name: 'absent', claims: { exp: E }, expect: 'pass' },
  { name: 'clockTolerance 30, now = nbf - 30', claims: { exp: E, nbf: T0 + 30 }, options: { clockTolerance: 30 }, expect: 'pass' },
  { name: 'clockTolerance 30, now = nbf - 31', claims: { exp: E, nbf: T0 + 31 }, options: { clockTolerance: 30 }, expect: notYet('nbf', /tolerance 30s/) },
  { name: 'string', claims: { exp: E, nbf: String(T0) }, expect: invalid('nbf', /"nbf" must be a finite NumericDate/) },
  { name: 'null', claims: { exp: E, nbf: null }, expect: invalid('nbf') },
  { name: 'exp is checked before nbf', claims: { exp: T0, nbf: T0 + 10 }, expect: expired('exp') },
  { name: 'fractional nbf, now past it (refused while the clock was floored)', claims: { exp: E, nbf: T0 + 0.5 }, now: T0 + 0.7, expect: 'pass' },
  { name: 'fractional nbf, now exactly at it', claims: { exp: E, nbf: T0 + 0.5 }, now: T0 + 0.5, expect: 'pass' },
  { name: 'fractional nbf, now before it', claims: { exp: E, nbf: T0 + 0.5 }, now: T0 + 0.3, expect: notYet('nbf', /^validate claims: token is not valid for another 200ms \(nbf 2026-01-01T00:00:00\.500Z, now 2026-01-01T00:00:00\.300Z, tolerance 0s\)$/) },
  { name: 'whole nbf, now 1ms before it', claims: { exp: E, nbf: T0 + 1 }, now: T0 + 0.999, expect: notYet('nbf', /another 1ms /) },
  { name: 'clockTolerance 0.25, now = nbf - 0.25', claims: { exp: E, nbf: T0 + 1 }, now: T0 + 0.75, options: { clockTolerance: 0.25 }, expect: 'pass' },
  { name: 'clockTolerance 0.25, now = nbf - 0.251', claims: { exp: E, nbf: T0 + 1 }, now: T0 + 0.749, options: { clockTolerance: 0.25 }, expect: notYet('nbf', /tolerance 250ms/) },
]);

const AGE = 600;
for (const maxTokenAge of [AGE, '10m', '10 minutes'] as const) {
  table(`iat + maxTokenAge ${JSON.stringify(maxTokenAge)}`, [
    { name: 'iat missing', claims: { exp: E }, options: { maxTokenAge }, expect: missing('iat', /"iat" is missing, and maxTokenAge needs it/) },
    { name: 'age = 0', claims: { exp: E, iat: T0 }, options: { maxTokenAge }, expect: 'pass' },
    { name: 'age = max - 1', claims: { exp: E, iat: T0 - AGE + 1 }, options: { maxTokenAge }, expect: 'pass' },
    { name: 'age = max', claims: { exp: E, iat: T0 - AGE }, options: { maxTokenAge }, expect: expired('iat', /token is 10m old, over maxTokenAge 10m \(iat 2025-12-31T23:50:00Z, now 2026-01-01T00:00:00Z, tolerance 0s\)/) },
    { name: 'age = max + 29, clockTolerance 30', claims: { exp: E, iat: T0 - AGE - 29 }, options: { maxTokenAge, clockTolerance: 30 }, expect: 'pass' },
    { name: 'age = max + 30, clockTolerance 30', claims: { exp: E, iat: T0 - AGE - 30 }, options: { maxTokenAge, clockTolerance: 30 }, expect: expired('iat') },
    { name: 'iat 1s in the future', claims: { exp: E, iat: T0 + 1 }, options: { maxTokenAge }, expect: notYet('iat', /issued 1s in the future/) },
    { name: 'iat 30s in the future, clockTolerance 30', claims: { exp: E, iat: T0 + 30 }, options: { maxTokenAge, clockTolerance: 30 }, expect: 'pass' },
    { name: 'iat 31s in the future, clockTolerance 30', claims: { exp: E, iat: T0 + 31 }, options: { maxTokenAge, clockTolerance: 30 }, expect: notYet('iat') },
    { name: 'iat string', claims: { exp: E, iat: String(T0) }, options: { maxTokenAge }, expect: invalid('iat') },
    { name: 'age = max - 0.001 (fractional clock)', claims: { exp: E, iat: T0 - AGE }, now: T0 - 0.001, options: { maxTokenAge }, expect: 'pass' },
    { name: 'age = max, fractional iat and clock (accepted while the clock was floored)', claims: { exp: E, iat: T0 - AGE + 0.5 }, now: T0 + 0.5, options: { maxTokenAge }, expect: expired('iat', /iat 2025-12-31T23:50:00\.500Z, now 2026-01-01T00:00:00\.500Z/) },
    { name: 'fractional iat, now past it (refused as "in the future" while the clock was floored)', claims: { exp: E, iat: T0 + 0.5 }, now: T0 + 0.6, options: { maxTokenAge }, expect: 'pass' },
    { name: 'fractional iat, now before it', claims: { exp: E, iat: T0 + 0.5 }, now: T0 + 0.2, options: { maxTokenAge }, expect: notYet('iat', /issued 300ms in the future \(iat 2026-01-01T00:00:00\.500Z/) },
  ]);
}
table('iat without maxTokenAge', [
  { name: 'absent', claims: { exp: E }, expect: 'pass' },
  { name: 'in the future (not checked without maxTokenAge)', claims: { exp: E, iat: T0 + 86400 }, expect: 'pass' },
  { name: 'very old', claims: { exp: E, iat: 0 }, expect: 'pass' },
  { name: 'string (types are always checked)', claims: { exp: E, iat: 'now' }, expect: invalid('iat', /"iat" must be a finite NumericDate/) },
  { name: 'boolean', claims: { exp: E, iat: true }, expect: invalid('iat') },
]);

table('issuer', [
  { name: 'string option, matching', claims: { exp: E, iss: 'https://a.example' }, options: { issuer: 'https://a.example' }, expect: 'pass' },
  { name: 'string option, other issuer', claims: { exp: E, iss: 'https://b.example' }, options: { issuer: 'https://a.example' }, expect: checkFailed('iss', /"iss" is "https:\/\/b.example", expected one of \["https:\/\/a.example"\]/) },
  { name: 'string option, differs in case only', claims: { exp: E, iss: 'https://A.example' }, options: { issuer: 'https://a.example' }, expect: checkFailed('iss') },
  { name: 'string option, trailing slash', claims: { exp: E, iss: 'https://a.example/' }, options: { issuer: 'https://a.example' }, expect: checkFailed('iss') },
  { name: 'string option, absent', claims: { exp: E }, options: { issuer: 'https://a.example' }, expect: missing('iss', /"iss" is missing/) },
  { name: 'array option, second matches', claims: { exp: E, iss: 'b' }, options: { issuer: ['a', 'b'] }, expect: 'pass' },
  { name: 'array option, none matches', claims: { exp: E, iss: 'c' }, options: { issuer: ['a', 'b'] }, expect: checkFailed('iss', /expected one of \["a","b"\]/) },
  { name: 'array option, absent', claims: { exp: E }, options: { issuer: ['a', 'b'] }, expect: missing('iss') },
  { name: 'no option, any iss', claims: { exp: E, iss: 'anything' }, expect: 'pass' },
  { name: 'wrong type (number)', claims: { exp: E, iss: 42 }, options: { issuer: 'a' }, expect: invalid('iss', /"iss" must be a string/) },
  { name: 'wrong type (array) without an issuer option', claims: { exp: E, iss: ['a'] }, expect: invalid('iss') },
]);

table('audience', [
  { name: 'string option, string aud', claims: { exp: E, aud: 'api' }, options: { audience: 'api' }, expect: 'pass' },
  { name: 'string option, array aud containing it', claims: { exp: E, aud: ['web', 'api'] }, options: { audience: 'api' }, expect: 'pass' },
  { name: 'array option, string aud', claims: { exp: E, aud: 'api' }, options: { audience: ['web', 'api'] }, expect: 'pass' },
  { name: 'array option, array aud, overlap of one', claims: { exp: E, aud: ['x', 'api'] }, options: { audience: ['api', 'y'] }, expect: 'pass' },
  { name: 'array option, array aud, no overlap', claims: { exp: E, aud: ['x', 'z'] }, options: { audience: ['api', 'y'] }, expect: checkFailed('aud', /"aud" \["x","z"\] contains none of the accepted audiences \["api","y"\]/) },
  { name: 'string option, other string aud', claims: { exp: E, aud: 'web' }, options: { audience: 'api' }, expect: checkFailed('aud') },
  { name: 'string option, prefix of aud', claims: { exp: E, aud: 'api2' }, options: { audience: 'api' }, expect: checkFailed('aud') },
  { name: 'string option, empty array aud', claims: { exp: E, aud: [] }, options: { audience: 'api' }, expect: checkFailed('aud') },
  { name: 'string option, absent', claims: { exp: E }, options: { audience: 'api' }, expect: missing('aud', /"aud" is missing/) },
  // RFC 7519 §4.1.3, RFC 8725 §3.9: a token with an aud is checked whenever it has one.
  { name: 'no option, array aud (was accepted unchecked)', claims: { exp: E, aud: ['x'] }, expect: checkFailed('aud', /^validate claims: the token is addressed to "aud" \["x"\], but no audience was given .*pass audience .*or audience: false to accept any audience on purpose$/) },
  { name: 'no option, string aud', claims: { exp: E, aud: 'api' }, expect: checkFailed('aud', /"aud" "api", but no audience was given/) },
  { name: 'no option, empty array aud (present all the same)', claims: { exp: E, aud: [] }, expect: checkFailed('aud') },
  { name: 'no option, no aud', claims: { exp: E }, expect: 'pass' },
  { name: 'audience: false, string aud', claims: { exp: E, aud: 'anything' }, options: { audience: false }, expect: 'pass' },
  { name: 'audience: false, array aud', claims: { exp: E, aud: ['a', 'b'] }, options: { audience: false }, expect: 'pass' },
  { name: 'audience: false, no aud', claims: { exp: E }, options: { audience: false }, expect: 'pass' },
  { name: 'audience: false, aud of the wrong type (types are always checked)', claims: { exp: E, aud: 5 }, options: { audience: false }, expect: invalid('aud') },
  { name: 'audience "__proto__" is only a string', claims: { exp: E, aud: 'constructor' }, options: { audience: '__proto__' }, expect: checkFailed('aud') },
  { name: 'wrong type: number', claims: { exp: E, aud: 1 }, options: { audience: 'api' }, expect: invalid('aud', /"aud" must be a string or an array of strings/) },
  { name: 'wrong type: array with a non-string', claims: { exp: E, aud: ['api', 1] }, options: { audience: 'api' }, expect: invalid('aud') },
  { name: 'wrong type: object, no option', claims: { exp: E, aud: { api: true } }, expect: invalid('aud') },
]);

table('subject', [
  { name: 'matching', claims: { exp: E, sub: 'user-1' }, options: { subject: 'user-1' }, expect: 'pass' },
  { name: 'other subject', claims: { exp: E, sub: 'user-2' }, options: { subject: 'user-1' }, expect: checkFailed('sub', /"sub" is "user-2", expected "user-1"/) },
  { name: 'absent', claims: { exp: E }, options: { subject: 'user-1' }, expect: missing('sub') },
  { name: 'wrong type', claims: { exp: E, sub: 1 }, options: { subject: '1' }, expect: invalid('sub', /"sub" must be a string/) },
  { name: 'empty string subject option matches only ""', claims: { exp: E, sub: '' }, options: { subject: '' }, expect: 'pass' },
  { name: 'empty string subject option, absent', claims: { exp: E }, options: { subject: '' }, expect: missing('sub') },
]);

table('typ (header)', [
  { name: '"JWT" vs "JWT"', claims: { exp: E }, typ: 'JWT', options: { typ: 'JWT' }, expect: 'pass' },
  { name: 'case-insensitive: "jwt" vs "JWT"', claims: { exp: E }, typ: 'jwt', options: { typ: 'JWT' }, expect: 'pass' },
  { name: 'header "application/jwt" vs option "JWT"', claims: { exp: E }, typ: 'application/jwt', options: { typ: 'JWT' }, expect: 'pass' },
  { name: 'header "at+jwt" vs option "application/AT+JWT"', claims: { exp: E }, typ: 'at+jwt', options: { typ: 'application/AT+JWT' }, expect: 'pass' },
  { name: 'header "JWT" vs option "at+jwt"', claims: { exp: E }, typ: 'JWT', options: { typ: 'at+jwt' }, expect: checkFailed('typ', /header "typ" is "JWT", expected "at\+jwt"/) },
  { name: 'header "jwt+at" vs option "at+jwt"', claims: { exp: E }, typ: 'jwt+at', options: { typ: 'at+jwt' }, expect: checkFailed('typ') },
  { name: 'header "text/jwt" (other media type) vs option "jwt"', claims: { exp: E }, typ: 'text/jwt', options: { typ: 'jwt' }, expect: checkFailed('typ') },
  // RFC 7515 §4.1.9: "application/" is implied only for a value with no other "/".
  { name: 'header "application/x/jwt" vs option "x/jwt" (was accepted)', claims: { exp: E }, typ: 'application/x/jwt', options: { typ: 'x/jwt' }, expect: checkFailed('typ', /header "typ" is "application\/x\/jwt", expected "x\/jwt"/) },
  { name: 'header "x/jwt" vs option "application/x/jwt"', claims: { exp: E }, typ: 'x/jwt', options: { typ: 'application/x/jwt' }, expect: checkFailed('typ', /expected "application\/x\/jwt"/) },
  { name: 'header "APPLICATION/X/JWT" vs option "application/x/jwt"', claims: { exp: E }, typ: 'APPLICATION/X/JWT', options: { typ: 'application/x/jwt' }, expect: 'pass' },
  { name: 'header "x/jwt" vs option "X/JWT"', claims: { exp: E }, typ: 'x/jwt', options: { typ: 'X/JWT' }, expect: 'pass' },
  { name: 'header "Application/JWT" vs option "jwt"', claims: { exp: E }, typ: 'Application/JWT', options: { typ: 'jwt' }, expect: 'pass' },
  { name: 'header "application/application/jwt" vs option "application/jwt"', claims: { exp: E }, typ: 'application/application/jwt', options: { typ: 'application/jwt' }, expect: checkFailed('typ') },
  { name: 'case folding is ASCII only: "\u212A+jwt" (Kelvin sign) is not "k+jwt"', claims: { exp: E }, typ: '\u212A+jwt', options: { typ: 'k+jwt' }, expect: checkFailed('typ') },
  { name: 'no typ header', claims: { exp: E }, typ: null, options: { typ: 'JWT' }, expect: missing('typ', /header "typ" is missing; expected "jwt"/) },
  { name: 'no typ header, no option', claims: { exp: E }, typ: null, expect: 'pass' },
  { name: 'typ is checked before claims presence', claims: {}, typ: 'other', options: { typ: 'JWT', issuer: 'a' }, expect: checkFailed('typ') },
]);

table('requiredClaims', [
  { name: 'present', claims: { exp: E, scope: 'read' }, options: { requiredClaims: ['scope'] }, expect: 'pass' },
  { name: 'present with a null value', claims: { exp: E, scope: null }, options: { requiredClaims: ['scope'] }, expect: 'pass' },
  { name: 'absent', claims: { exp: E }, options: { requiredClaims: ['scope'] }, expect: missing('scope', /required claim "scope" is missing/) },
  { name: 'first absent one is named', claims: { exp: E, a: 1 }, options: { requiredClaims: ['a', 'b', 'c'] }, expect: missing('b') },
  { name: 'registered claim required', claims: { exp: E }, options: { requiredClaims: ['jti'] }, expect: missing('jti') },
  { name: 'inherited names do not count as present', claims: { exp: E }, options: { requiredClaims: ['toString'] }, expect: missing('toString') },
  { name: 'empty list', claims: { exp: E }, options: { requiredClaims: [] }, expect: 'pass' },
]);

table('registered claim types', [
  { name: 'iss number', claims: { exp: E, iss: 1 }, expect: invalid('iss') },
  { name: 'sub object', claims: { exp: E, sub: {} }, expect: invalid('sub') },
  { name: 'sub null', claims: { exp: E, sub: null }, expect: invalid('sub') },
  { name: 'jti number', claims: { exp: E, jti: 7 }, expect: invalid('jti', /"jti" must be a string/) },
  { name: 'aud array of numbers', claims: { exp: E, aud: [1, 2] }, expect: invalid('aud') },
  { name: 'aud null', claims: { exp: E, aud: null }, expect: invalid('aud') },
  { name: 'nbf string', claims: { exp: E, nbf: 'yesterday' }, expect: invalid('nbf') },
  { name: 'iat boolean', claims: { exp: E, iat: false }, expect: invalid('iat') },
  { name: 'exp numeric string', claims: { exp: `${E}` }, options: { requireExp: false }, expect: invalid('exp') },
  { name: 'the first problem in order iss, sub, jti, exp, nbf, iat, aud is reported', claims: { aud: 1, iat: 'x', sub: 2, iss: 3 }, expect: invalid('iss') },
  { name: 'unregistered claims may have any type', claims: { exp: E, foo: null, bar: [1, { x: 'y' }], n: 1.5 }, expect: 'pass' },
  { name: 'type problems beat a failing issuer check', claims: { exp: E, iss: 'other', sub: 5 }, options: { issuer: 'a' }, expect: invalid('sub') },
]);

describe('JwtExpired / JwtNotYetValid details', () => {
  it('JwtExpired carries times, payload and is a JwtClaimValidationFailed', async () => {
    const claims = { exp: T0, sub: 'u' };
    const err = await rejects(
      jose.verifyJwt(await token(claims), hs.verifyKey, { algorithms: HS, currentDate: at(T0 + 192), clockTolerance: 10 }),
      jose.JwtExpired,
      'ERR_JWT_EXPIRED',
      /^validate claims: token expired 3m12s ago \(exp 2026-01-01T00:00:00Z, now 2026-01-01T00:03:12Z, tolerance 10s\)$/,
    );
    const e = err as jose.JwtExpired;
    expect(e).toBeInstanceOf(jose.JwtClaimValidationFailed);
    expect(e).toBeInstanceOf(jose.JoseError);
    expect(e.name).toBe('JwtExpired');
    expect(e.times.at.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(e.times.now.toISOString()).toBe('2026-01-01T00:03:12.000Z');
    expect(e.times.toleranceSeconds).toBe(10);
    expect(e.payload).toEqual(claims);
  });
  it('maxTokenAge JwtExpired: times.at is the instant the token became too old', async () => {
    const e = (await rejects(
      jose.verifyJwt(await token({ exp: E, iat: T0 - 700 }), hs.verifyKey, { algorithms: HS, currentDate: at(T0), maxTokenAge: 600 }),
      jose.JwtExpired,
      'ERR_JWT_EXPIRED',
      /token is 11m40s old, over maxTokenAge 10m/,
    )) as jose.JwtExpired;
    expect(e.claim).toBe('iat');
    expect(e.times.at.getTime()).toBe((T0 - 100) * 1000);
    expect(e.times.now.getTime()).toBe(T0 * 1000);
  });
  it('JwtNotYetValid carries times', async () => {
    const e = (await rejects(
      jose.verifyJwt(await token({ exp: E, nbf: T0 + 90 }), hs.verifyKey, { algorithms: HS, currentDate: at(T0), clockTolerance: '1m' }),
      jose.JwtNotYetValid,
      'ERR_JWT_NOT_YET_VALID',
      /not valid for another 1m30s .*tolerance 1m\)/,
    )) as jose.JwtNotYetValid;
    expect(e).toBeInstanceOf(jose.JwtClaimValidationFailed);
    expect(e).not.toBeInstanceOf(jose.JwtExpired);
    expect(e.times.at.getTime()).toBe((T0 + 90) * 1000);
    expect(e.times.toleranceSeconds).toBe(60);
  });
  it('a missing exp is a plain JwtClaimValidationFailed, not JwtExpired', async () => {
    const err = await rejects(jose.verifyJwt(await token({}), hs.verifyKey, { algorithms: HS, currentDate: at(T0) }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(err).not.toBeInstanceOf(jose.JwtExpired);
    expect((err as jose.JwtClaimValidationFailed).payload).toEqual({});
  });
});

describe('validate', () => {
  const claims = { exp: E, scope: 'read write' };
  it('returning true or nothing passes', async () => {
    const t = await token(claims);
    for (const validate of [() => true, () => undefined, async () => true, async () => {}]) {
      const { payload } = await jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate });
      expect(payload.scope).toBe('read write');
    }
  });
  it('returning false fails with claim "validate", check_failed', async () => {
    const t = await token(claims);
    const err = await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: () => false }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /the validate function returned false/);
    expect((err as jose.JwtClaimValidationFailed).claim).toBe('validate');
    expect((err as jose.JwtClaimValidationFailed).reason).toBe('check_failed');
  });
  it('an async validate resolving false fails', async () => {
    const t = await token(claims);
    const err = await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: async () => false }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect((err as jose.JwtClaimValidationFailed).claim).toBe('validate');
  });
  it('a thrown Error becomes check_failed with the error as cause', async () => {
    const t = await token(claims);
    const boom = new TypeError('scope lacks admin');
    const err = await rejects(
      jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: () => { throw boom; } }),
      jose.JwtClaimValidationFailed,
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
      /the validate function rejected the token: scope lacks admin/,
    );
    expect((err as jose.JwtClaimValidationFailed).claim).toBe('validate');
    expect((err as jose.JwtClaimValidationFailed).reason).toBe('check_failed');
    expect(err.cause).toBe(boom);
  });
  it('an async rejection and a thrown non-Error are wrapped too', async () => {
    const t = await token(claims);
    const e1 = await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: async () => { throw new Error('later'); } }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /later/);
    expect((e1.cause as Error).message).toBe('later');
    const e2 = await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: () => { throw 'nope'; } }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED', /nope/);
    expect(e2.cause).toBe('nope');
  });
  it('a thrown JwtClaimValidationFailed (or subclass) passes through unchanged', async () => {
    const t = await token(claims);
    const mine = new jose.JwtClaimValidationFailed('scope must include admin', { claim: 'scope', reason: 'check_failed' });
    let caught: unknown;
    try {
      await jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: () => { throw mine; } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(mine);
    expect((caught as jose.JwtClaimValidationFailed).claim).toBe('scope');
    const expiredErr = new jose.JwtExpired('session revoked', { claim: 'sid', reason: 'check_failed', times: { at: at(T0), now: at(T0), toleranceSeconds: 0 } });
    await expect(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate: async () => { throw expiredErr; } })).rejects.toBe(expiredErr);
  });
  it('receives the payload and the protected header', async () => {
    const t = await token(claims, 'at+jwt', { kid: 'k1' });
    let seen: [jose.JwtPayload, Record<string, unknown>] | undefined;
    const { payload } = await jose.verifyJwt(t, hs.verifyKey, {
      algorithms: HS,
      currentDate: at(T0),
      validate: (p, h) => {
        seen = [p, h];
        return p.scope === 'read write' && h.kid === 'k1';
      },
    });
    expect(seen![0]).toEqual(claims);
    expect(seen![1]).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' });
    expect(seen![0]).toBe(payload);
  });
  it('runs after every other check: not called for an expired token or a wrong issuer', async () => {
    let calls = 0;
    const validate = () => { calls++; return true; };
    await rejects(jose.verifyJwt(await token({ exp: T0 }), hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    await rejects(jose.verifyJwt(await token({ exp: E, iss: 'x' }), hs.verifyKey, { algorithms: HS, currentDate: at(T0), issuer: 'y', validate }), jose.JwtClaimValidationFailed, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(calls).toBe(0);
    await jose.verifyJwt(await token({ exp: E }), hs.verifyKey, { algorithms: HS, currentDate: at(T0), validate });
    expect(calls).toBe(1);
  });
});

describe('typ header of a non-string type', () => {
  it('typ 42 with a typ option fails on claim "typ" with reason "invalid" (it is present, of the wrong type)', async () => {
    // The JWS header checks refuse a non-string typ before any claim is read (JwsInvalid), so the
    // claim rule itself is seen through decodeUnsecuredJwt, which shares validateClaims.
    const signed = await rawToken('{"alg":"HS256","typ":42}', `{"exp":${E}}`);
    const refused = await jose.verifyJwt(signed, hs.verifyKey, { algorithms: HS, currentDate: at(T0), typ: 'JWT' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(jose.JoseError);
    const b64 = jose.base64url.encode;
    const t = `${b64('{"alg":"none","typ":42}')}.${b64(`{"exp":${E}}`)}.`;
    const err = (await rejects(
      jose.decodeUnsecuredJwt(t, { currentDate: at(T0), typ: 'JWT' }),
      jose.JwtClaimValidationFailed,
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    )) as jose.JwtClaimValidationFailed;
    expect(err.claim).toBe('typ');
    // Was reported as 'missing' ('header "typ" is missing') before 1fa0501; 'invalid' is the documented reason for a wrong type.
    expect(err.reason).toBe('invalid');
    expect(err.message).toMatch(/header "typ" must be a string, got 42/);
    // Without a typ option a non-string typ is not looked at by the claim rules.
    expect((await jose.decodeUnsecuredJwt(t, { currentDate: at(T0) })).header.typ).toBe(42);
  });
});

describe('option validation (JoseInvalidOptions)', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp?]> = [
    ['clockTolerance -1', { clockTolerance: -1 }, /"clockTolerance" must be between 0 and 300 seconds/],
    ['clockTolerance 301', { clockTolerance: 301 }, /got 301/],
    ["clockTolerance '10 minutes'", { clockTolerance: '10 minutes' }, /got 600/],
    ['clockTolerance Infinity', { clockTolerance: Infinity }, /finite/],
    ['clockTolerance NaN', { clockTolerance: NaN }, /finite/],
    ["clockTolerance 'abc'", { clockTolerance: 'abc' }, /"clockTolerance" "abc" is not a duration/],
    ["clockTolerance '30' (bare numeric string)", { clockTolerance: '30' }, /not a duration/],
    ['clockTolerance true', { clockTolerance: true }],
    ['maxTokenAge -1', { maxTokenAge: -1 }, /"maxTokenAge" must be positive/],
    ["maxTokenAge '-5m'", { maxTokenAge: '-5m' }, /must be positive/],
    ['maxTokenAge 0 (every token would be too old)', { maxTokenAge: 0 }, /must be positive/],
    ["maxTokenAge '1 fortnight'", { maxTokenAge: '1 fortnight' }, /not a duration/],
    ['maxTokenAge NaN', { maxTokenAge: NaN }],
    // A prototype name is no unit: '1 constructor' was NaN, and a NaN clockTolerance disabled every time check.
    ["clockTolerance '1 constructor'", { clockTolerance: '1 constructor' }, /"clockTolerance" "1 constructor" is not a duration/],
    ["clockTolerance '1 valueOf'", { clockTolerance: '1 valueOf' }, /not a duration/],
    ["maxTokenAge '1 constructor'", { maxTokenAge: '1 constructor' }, /not a duration/],
    ["maxTokenAge '1 hasOwnProperty'", { maxTokenAge: '1 hasOwnProperty' }, /not a duration/],
    ["clockTolerance '9'×400 + 's' (Infinity)", { clockTolerance: `${'9'.repeat(400)}s` }, /"clockTolerance" "9{10,}.*longer than any instant a Date can hold/],
    ["maxTokenAge '9'×400 + 's' (Infinity)", { maxTokenAge: `${'9'.repeat(400)}s` }, /"maxTokenAge" .*longer than any instant a Date can hold/],
    ['maxTokenAge 1e13 (past the Date range)', { maxTokenAge: 1e13 }, /longer than any instant/],
    ['clockTolerance with a toString (never coerced)', { clockTolerance: { toString: () => '5s' } }, /"clockTolerance" must be seconds/],
    ['clockTolerance with a throwing toString', { clockTolerance: { toString: () => { throw new Error('boom'); } } }, /"clockTolerance" must be seconds/],
    ["clockTolerance new String('5s')", { clockTolerance: new String('5s') }, /must be seconds/],
    ['currentDate: an object with Date.prototype, not a Date', { currentDate: Object.create(Date.prototype) }, /"currentDate" must be a valid Date/],
    ['currentDate: a Proxy of a Date', { currentDate: new Proxy(new Date(0), {}) }, /"currentDate" must be a valid Date/],
    ['requiredClaims sparse', { requiredClaims: ['a', , 'b'] }, /requiredClaims/],
    ['issuer []', { issuer: [] }, /"issuer" must be a string or a non-empty array of strings/],
    ['issuer 42', { issuer: 42 }, /"issuer"/],
    ['issuer [42]', { issuer: ['a', 42] }],
    ['audience []', { audience: [] }, /"audience" must be a string, a non-empty array of strings, or false/],
    ['audience null', { audience: null }],
    ['audience true (only false is a flag)', { audience: true }, /or false \(to accept any audience\)/],
    ['audience 0', { audience: 0 }, /"audience"/],
    ['audience [false]', { audience: [false] }, /"audience"/],
    ['audience [, "a"] (sparse)', { audience: [, 'a'] }, /"audience"/],
    ['subject 1', { subject: 1 }, /"subject" must be a string/],
    ["typ ''", { typ: '' }, /"typ" must be a non-empty string/],
    ['typ 1', { typ: 1 }],
    ["requireExp 'yes'", { requireExp: 'yes' }, /"requireExp" must be a boolean/],
    ['requireExp 0', { requireExp: 0 }],
    ['currentDate invalid Date', { currentDate: new Date('nope') }, /"currentDate" must be a valid Date/],
    ['currentDate as a number', { currentDate: T0 * 1000 }, /currentDate/],
    ['validate not a function', { validate: 'x => true' }, /"validate" must be a function/],
    ['requiredClaims a string', { requiredClaims: 'exp' }, /"requiredClaims" must be an array/],
    ['requiredClaims with a number', { requiredClaims: ['exp', 1] }, /requiredClaims/],
    ['algorithms missing', { algorithms: undefined }, /"algorithms" must be a non-empty array/],
    ['algorithms empty', { algorithms: [] }, /algorithms/],
    ["algorithms ['none']", { algorithms: ['none'] }, /none/],
  ];
  let good: string;
  beforeAll(async () => {
    good = await token({ exp: E });
  });
  for (const [name, options, message] of bad) {
    it(`${name}: verifyJwt rejects, createJwtVerifier throws at creation`, async () => {
      const merged = { algorithms: HS, currentDate: at(T0), ...options } as jose.VerifyJwtOptions;
      const err = await rejects(jose.verifyJwt(good, hs.verifyKey, merged), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', message);
      expect(err.step).toBe('options');
      let thrown: unknown;
      try {
        jose.createJwtVerifier(hs.verifyKey, merged);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(jose.JoseInvalidOptions);
      expect((thrown as jose.JoseError).code).toBe('ERR_JOSE_INVALID_OPTIONS');
    });
  }
  it('options are validated even when the token would fail anyway', async () => {
    await rejects(jose.verifyJwt('not a token', hs.verifyKey, { algorithms: HS, clockTolerance: 301 }), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
  });
  it('a Date subclass cannot show the check another time: its own clock (internal slot) is used', async () => {
    class SkewedDate extends Date {
      override getTime(): number {
        return 0;
      }
    }
    const t = await token({ exp: T0 + 60 });
    await jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: new SkewedDate(T0 * 1000) });
    const e = await rejects(jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: new SkewedDate((T0 + 60) * 1000) }), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    expect((e as jose.JwtExpired).times.now.toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });
  it('a currentDate made invalid after createJwtVerifier is refused, never read as "no time check"', async () => {
    const clock = new Date(T0 * 1000);
    const verify = jose.createJwtVerifier(hs.verifyKey, { algorithms: HS, currentDate: clock });
    const t = await token({ exp: T0 - 10 });
    await rejects(verify(t), jose.JwtExpired, 'ERR_JWT_EXPIRED');
    clock.setTime(NaN);
    const err = await rejects(verify(t), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /"currentDate" is no longer a valid Date/);
    expect(err.step).toBe('options');
  });
  it('missing options entirely', async () => {
    await rejects(jose.verifyJwt(good, hs.verifyKey, undefined as never), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /algorithms/);
  });
  const ok: Array<[string, Partial<jose.VerifyJwtOptions>]> = [
    ["clockTolerance '5 minutes' (the maximum)", { clockTolerance: '5 minutes' }],
    ['clockTolerance 300', { clockTolerance: 300 }],
    ['clockTolerance 0', { clockTolerance: 0 }],
    ["clockTolerance '1m'", { clockTolerance: '1m' }],
    ["issuer ['a']", { issuer: ['a'] }],
    ['requiredClaims []', { requiredClaims: [] }],
    ['requireExp true', { requireExp: true }],
    ['audience: false', { audience: false }],
    ['clockTolerance 0.5 (fractional seconds)', { clockTolerance: 0.5 }],
    ["requiredClaims ['iss', 'iss']", { requiredClaims: ['iss', 'iss'] }],
  ];
  for (const [name, options] of ok) {
    it(`${name} is accepted`, async () => {
      const t = await token({ exp: E, iat: T0 + 0, iss: 'a' });
      const { payload } = await jose.verifyJwt(t, hs.verifyKey, { algorithms: HS, currentDate: at(T0), ...options });
      expect(payload.iss).toBe('a');
    });
  }
});
