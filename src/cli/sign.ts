/**
 * `josekit sign`: signJwt from the command line. Like the library, it asks for a lifetime
 * decision, so that what it signs passes a default verifier.
 *
 * @module
 */

import { decodeJwt, JoseError, signJwt, type SignJwtOptions } from '../index.js';
import { atMostPositionals, type ParsedFlags } from './args.js';
import { EXIT, inFlagTerms, type Command } from './command.js';
import { durationFlag, parseInstant, println, readTextInput } from './io.js';
import { signingKey } from './keys.js';
import { parseStrictJson } from './strict-json.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit sign --alg ALG KEY [--exp DURATION | --no-exp] [options]

Signs a JWT, as signJwt does, and prints it.

KEY, exactly one of:
  --key FILE             a private key: PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), or a
                         private JWK (an "oct" JWK for HS*). With a JWK, --alg defaults
                         to its "alg" and --kid to its "kid"
  --secret-env NAME      HMAC secret: the UTF-8 bytes of environment variable NAME
  --secret-file FILE     HMAC secret: the file's bytes, exactly
  (--secret VALUE is refused: a secret on the command line ends up in shell history)

Lifetime (one is required, as signJwt requires it):
  --exp DURATION|DATE    expires in DURATION (15m, 2h, 7d) or at DATE (ISO 8601); a
                         negative DURATION is refused, and a DATE in the past is signed
                         with a warning (the token is already expired)
  --no-exp               no exp: a token that never expires, on purpose (verify it with
                         --allow-no-exp)
  (or an "exp" claim in --claims)

Claims and header:
  --claims JSON|@FILE    the claims: a JSON object, or @FILE to read it (@- for stdin).
                         Read strictly: a member name given twice, or a number that
                         cannot be held exactly (99999999999999999), is refused
  --iss ISSUER           iss
  --sub SUBJECT          sub
  --aud AUDIENCE         aud (repeat for several: an array)
  --nbf DURATION|DATE    not valid before DURATION from now, or DATE
  --jti ID               jti
  --kid KID              header kid
  --typ TYPE             header typ (default JWT)
  --now DATE             sign as if at DATE (iat and relative times; ISO 8601 or seconds)
  -h, --help             this help

Exit codes: 0 the token is printed, 2 usage error (flags, key, or claims that cannot be signed).`;

/** A date (ISO 8601) for an absolute instant, or a duration string for a relative one. */
function instantOrDuration(value: string, flag: string): string | Date {
  return /^\d{4}-\d\d-\d\d/.test(value) ? parseInstant(value, flag) : durationFlag(value, flag);
}

/** --exp: like {@link instantOrDuration}, but a duration into the past is refused, not signed. */
function expiry(value: string): string | Date {
  if (/^\s*-/.test(value) || /\bago\s*$/i.test(value)) {
    throw new UsageError(
      `--exp ${value}: a negative duration is refused (the token would be expired when it is made); ` +
        'if an expired token is what you want (to test a verifier), give a date in the past, e.g. --exp 2020-01-01T00:00:00Z',
    );
  }
  return instantOrDuration(value, '--exp');
}

async function readClaims(flags: ParsedFlags): Promise<Record<string, unknown>> {
  const given = flags.strings.get('claims');
  if (given === undefined) return {};
  const text = given.startsWith('@') ? await readTextInput(given.slice(1), 'claims file') : given;
  const claims = parseStrictJson(text, '--claims');
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new UsageError('--claims must be a JSON object');
  return claims as Record<string, unknown>;
}

export const sign: Command = {
  name: 'sign',
  summary: 'sign a JWT with a private key or a secret',
  help: HELP,
  flags: {
    alg: { type: 'string' },
    key: { type: 'string' },
    'secret-env': { type: 'string' },
    'secret-file': { type: 'string' },
    claims: { type: 'string' },
    exp: { type: 'string' },
    'no-exp': { type: 'boolean' },
    nbf: { type: 'string' },
    iss: { type: 'string' },
    sub: { type: 'string' },
    aud: { type: 'string', multiple: true },
    jti: { type: 'string' },
    kid: { type: 'string' },
    typ: { type: 'string' },
    now: { type: 'string' },
  },
  async run(flags, context) {
    atMostPositionals(flags, 0);
    const claims = await readClaims(flags);
    const exp = flags.strings.get('exp');
    const forever = flags.booleans.has('no-exp');
    const hasExpClaim = Object.prototype.hasOwnProperty.call(claims, 'exp');
    if (exp !== undefined && forever) throw new UsageError('--exp and --no-exp cannot be used together');
    if (forever && hasExpClaim) throw new UsageError('--no-exp and an "exp" claim in --claims contradict each other');
    if (exp === undefined && !forever && !hasExpClaim) {
      throw new UsageError(
        'a lifetime is required: --exp DURATION (e.g. 15m), an "exp" claim in --claims, or --no-exp for a token that never expires (verified with --allow-no-exp)',
      );
    }
    const now = flags.strings.get('now');
    const nbf = flags.strings.get('nbf');
    const audiences = flags.lists.get('aud');
    const { key, alg, kid } = await signingKey(flags, context.warn);
    const chosenKid = flags.strings.get('kid') ?? kid;
    const options: SignJwtOptions = {
      alg,
      ...(chosenKid !== undefined ? { kid: chosenKid } : {}),
      ...(flags.strings.has('typ') ? { typ: flags.strings.get('typ')! } : {}),
      ...(exp !== undefined ? { expiresIn: expiry(exp) } : {}),
      ...(forever ? { expiresIn: false as const } : {}),
      ...(nbf !== undefined ? { notBefore: instantOrDuration(nbf, '--nbf') } : {}),
      ...(flags.strings.has('iss') ? { issuer: flags.strings.get('iss')! } : {}),
      ...(flags.strings.has('sub') ? { subject: flags.strings.get('sub')! } : {}),
      ...(audiences ? { audience: audiences.length === 1 ? audiences[0]! : audiences } : {}),
      ...(flags.strings.has('jti') ? { jwtId: flags.strings.get('jti')! } : {}),
      ...(now !== undefined ? { currentDate: parseInstant(now, '--now') } : {}),
    };
    let token: string;
    try {
      token = await signJwt(claims, key, options);
    } catch (err) {
      if (err instanceof JoseError) throw new UsageError(`cannot sign: ${err.code}: ${inFlagTerms(err.message)}`);
      throw err;
    }
    println(context.stdout, token);
    // Signed as asked (a test may want an expired token), but not without saying so.
    const { exp: signedExp } = decodeJwt(token);
    const nowMs = options.currentDate?.getTime() ?? Date.now();
    if (typeof signedExp === 'number' && signedExp * 1000 <= nowMs) {
      const date = new Date(signedExp * 1000);
      const when = Number.isNaN(date.getTime()) ? String(signedExp) : date.toISOString().replace('.000Z', 'Z');
      context.warn(`the token is already expired (exp ${when}, now ${new Date(nowMs).toISOString().replace('.000Z', 'Z')}): verify rejects it`);
    }
    return EXIT.ok;
  },
};
