/**
 * `josekit verify`: verifyJwt from the command line. The algorithms are pinned with --alg, the
 * key comes from a file, a JWK Set or a secret, and the answer is the payload (exit 0) or the
 * error code and the message naming the failing step (exit 1).
 *
 * @module
 */

import { createJwtVerifier, JoseError, JwtClaimValidationFailed, type VerifyJwtOptions } from '../index.js';
import { atMostPositionals } from './args.js';
import { EXIT, inCliTerms, inFlagTerms, type Command } from './command.js';
import { durationFlag, parseInstant, prettyJson, println, readToken } from './io.js';
import { KEY_SOURCES, parseAlgorithms, verificationKey } from './keys.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit verify [token|-] --alg ALG[,ALG…] KEY [options]

Verifies a JWT's signature and claims, as verifyJwt does, and prints its payload.
The token is the argument, or stdin when the argument is "-" or absent (a token in a
file: josekit verify - --alg … KEY < FILE); a "Bearer " prefix, surrounding whitespace and
line breaks inside it (a wrapped token) are removed (with a note on stderr).

Algorithms (required; the token never chooses):
  --alg ALG[,ALG…]         accepted algorithms, e.g. RS256 or ES256,EdDSA (repeatable)

KEY, exactly one of:
  --key FILE               a public key: SPKI PEM, X.509 certificate PEM, or a public JWK
                           (an "oct" JWK for HS*). A private key is refused: give the
                           public one
  --jwks URL|FILE          a JWK Set: https URL (plain http only on localhost, 127.0.0.1,
                           [::1], or with --allow-http) or a file; the key is picked by the
                           token's kid. A URL is fetched once, when the token needs the key
  --secret-env NAME        HMAC secret: the UTF-8 bytes of environment variable NAME
  --secret-file FILE       HMAC secret: the file's bytes, exactly (a final line break is
                           part of the secret; a warning is printed when there is one)
  (--secret VALUE is refused: a secret on the command line ends up in shell history)

Claims:
  --iss ISSUER             accepted issuer (repeat for several; each value is taken whole)
  --aud AUDIENCE           accepted audience (repeat for several). Without --aud, a token
                           that has an "aud" is rejected, as RFC 7519 §4.1.3 asks
  --any-aud                accept any audience, on purpose (instead of --aud)
  --sub SUBJECT            required subject
  --typ TYPE               required header typ (e.g. at+jwt)
  --max-age DURATION       oldest accepted token by iat (e.g. 1h)
  --allow-no-exp           accept a token without exp (made with sign --no-exp)
  --clock-tolerance DUR    allowed clock skew, e.g. 30s (at most 5m)
  --now DATE               verify at this instant (ISO 8601, or seconds since 1970)
  --allow-short-secret     accept an HMAC secret shorter than the hash (legacy tokens)
  --allow-padding          accept segments that end in correct base64 "=" padding, as AWS
                           Application Load Balancer tokens do (signed over the padded text)

Fetching --jwks URL:
  --allow-http             accept plain http on any host (only inside a network you trust:
                           anyone on the path could answer with keys of their own)
  --timeout DURATION       give up on the fetch after DURATION (default 5s; e.g. 500ms, 10s)

Output:
  --json                   print the verdict as JSON on stdout, whatever it is:
                           {"ok": true, "valid": true, "header", "payload", "notes"},
                           {"ok": false, "valid": false, "error": {"code", "step", "message", …}},
                           or, for a usage error, {"ok": false, "valid": false, "usage": true,
                           "message"}
  -h, --help               this help

Exit codes: 0 valid (the payload is printed), 1 rejected (the error code and the
message naming the failing step are printed on stderr), 2 usage error.
A JWK Set that cannot be fetched (unreachable, an HTTP error, no answer within
--timeout) also exits 1, printed as "failed:" with the code ERR_JWKS_FETCH_FAILED or
ERR_JWKS_TIMEOUT (error.code with --json): tell it from a rejected token by that code.`;

/** Error codes that mean the key set could not be had, rather than that the token is bad. */
const FETCH_CODES = new Set(['ERR_JWKS_FETCH_FAILED', 'ERR_JWKS_TIMEOUT']);

/** The flag that answers a rejection the library words in its own option names. */
function hintFor(err: JoseError, options: VerifyJwtOptions): string | undefined {
  if (!(err instanceof JwtClaimValidationFailed)) return undefined;
  if (err.claim === 'aud' && options.audience === undefined) return 'the token has an audience: accept it with --aud AUDIENCE (or any with --any-aud)';
  if (err.claim === 'exp' && err.reason === 'missing' && options.requireExp !== false) return 'a token without exp is accepted only with --allow-no-exp';
  return undefined;
}

export const verify: Command = {
  name: 'verify',
  summary: "verify a token's signature and claims with a key, a JWK Set or a secret",
  help: HELP,
  flags: {
    alg: { type: 'string', multiple: true },
    key: { type: 'string' },
    jwks: { type: 'string' },
    'secret-env': { type: 'string' },
    'secret-file': { type: 'string' },
    iss: { type: 'string', multiple: true },
    aud: { type: 'string', multiple: true },
    'any-aud': { type: 'boolean' },
    sub: { type: 'string' },
    typ: { type: 'string' },
    'max-age': { type: 'string' },
    'allow-no-exp': { type: 'boolean' },
    'clock-tolerance': { type: 'string' },
    now: { type: 'string' },
    'allow-short-secret': { type: 'boolean' },
    'allow-padding': { type: 'boolean' },
    'allow-http': { type: 'boolean' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  },
  usageJson: (message) => ({ ok: false, valid: false, usage: true, message }),
  async run(flags, context) {
    atMostPositionals(flags, 1);
    const algorithms = parseAlgorithms(flags);
    for (const source of KEY_SOURCES) {
      if (source !== 'secret-env' && flags.strings.get(source) === '-') throw new UsageError(`--${source} -: stdin is for the token; give the key as a file`);
    }
    const audiences = flags.lists.get('aud');
    if (audiences && flags.booleans.has('any-aud')) throw new UsageError('--aud and --any-aud cannot be used together');
    const issuers = flags.lists.get('iss');
    const nowValue = flags.strings.get('now');
    const { key, allowShortSecret } = await verificationKey(flags, algorithms, context.warn);
    const options: VerifyJwtOptions = {
      algorithms,
      ...(issuers ? { issuer: issuers.length === 1 ? issuers[0]! : issuers } : {}),
      ...(audiences ? { audience: audiences.length === 1 ? audiences[0]! : audiences } : {}),
      ...(flags.booleans.has('any-aud') ? { audience: false as const } : {}),
      ...(flags.strings.has('sub') ? { subject: flags.strings.get('sub')! } : {}),
      ...(flags.strings.has('typ') ? { typ: flags.strings.get('typ')! } : {}),
      ...(flags.strings.has('max-age') ? { maxTokenAge: durationFlag(flags.strings.get('max-age')!, '--max-age') } : {}),
      ...(flags.strings.has('clock-tolerance') ? { clockTolerance: durationFlag(flags.strings.get('clock-tolerance')!, '--clock-tolerance') } : {}),
      ...(flags.booleans.has('allow-no-exp') ? { requireExp: false } : {}),
      ...(nowValue !== undefined ? { currentDate: parseInstant(nowValue, '--now') } : {}),
      ...(allowShortSecret ? { allowShortSecret: true } : {}),
      ...(flags.booleans.has('allow-padding') ? { allowPadding: true } : {}),
    };
    let verifier: ReturnType<typeof createJwtVerifier>;
    try {
      // Options are checked here, before the token is read: a bad flag value is a usage error.
      verifier = createJwtVerifier(key, options);
    } catch (err) {
      if (err instanceof JoseError) throw new UsageError(inFlagTerms(err.message));
      throw err;
    }
    const { token, notes } = await readToken(flags.positionals, 'josekit verify - --alg … KEY');
    const json = flags.booleans.has('json');
    if (!json) for (const note of notes) context.warn(note);
    try {
      const { payload, header } = await verifier(token);
      if (json) println(context.stdout, JSON.stringify({ ok: true, valid: true, header, payload, notes }, null, 2));
      else println(context.stdout, prettyJson(payload));
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof JoseError)) throw err;
      const message = inCliTerms(err.message);
      if (json) {
        const error = {
          code: err.code,
          name: err.name,
          step: err.step ?? null,
          message,
          ...(err instanceof JwtClaimValidationFailed ? { claim: err.claim, reason: err.reason } : {}),
        };
        println(context.stdout, JSON.stringify({ ok: false, valid: false, error, notes }, null, 2));
      } else {
        println(context.stderr, `${FETCH_CODES.has(err.code) ? 'failed' : 'rejected'}: ${err.code}: ${message}`);
        const hint = hintFor(err, options);
        if (hint) context.warn(hint);
      }
      return EXIT.failed;
    }
  },
};
