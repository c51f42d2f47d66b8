/**
 * The shape of a `josekit` subcommand, the exit codes every command uses, and the translation of
 * the library's messages into the command's terms (flags instead of option names).
 *
 * @module
 */

import type { FlagSpec, ParsedFlags } from './args.js';
import { shellWord } from './io.js';

/** Exit codes: the token is fine (or the work is done); it is not (or the work failed); the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where a command writes. */
export interface Context {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** A line on stderr, "josekit CMD: note: …". */
  warn(text: string): void;
}

/** One subcommand. */
export interface Command {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** `josekit NAME --help`. */
  readonly help: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /**
   * With --json, a usage error (exit 2) is also printed on stdout as this JSON value, so that a
   * script reading stdout always gets JSON. Commands without it print usage errors on stderr only.
   */
  readonly usageJson?: (message: string) => unknown;
  /** Runs with parsed flags (--help already handled); resolves to the exit code. */
  run(flags: ParsedFlags, context: Context): Promise<number>;
}

/** Library option names as the flags that set them, for messages about bad flag values. */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  clockTolerance: '--clock-tolerance',
  issuer: '--iss',
  audience: '--aud',
  subject: '--sub',
  typ: '--typ',
  maxTokenAge: '--max-age',
  currentDate: '--now',
  expiresIn: '--exp',
  notBefore: '--nbf',
  jwtId: '--jti',
  kid: '--kid',
  modulusLength: '--bits',
  timeoutMs: '--timeout',
};

/** Library switches (`name: value` in messages) as the flags that set them. */
const SWITCH_FLAGS: ReadonlyArray<[RegExp, string]> = [
  [/\ballowShortSecret: true\b/g, '--allow-short-secret'],
  [/\ballowPadding: true\b/g, '--allow-padding'],
  [/\ballowHttp: true\b/g, '--allow-http'],
  [/\brequireExp: false\b/g, '--allow-no-exp'],
  [/\bexpiresIn: false\b/g, '--no-exp'],
];

/** What a message is about, where that changes how it is best said. */
export interface MessageTerms {
  /** The message is about option values (ERR_JOSE_INVALID_OPTIONS): quoted option names become flags. */
  readonly options?: boolean;
  /** The key file the message is about, to put in the commands it suggests instead of "key.pem". */
  readonly keyFile?: string;
}

/** The file name without its last extension (".pem", ".key"), to name what a command writes next to it. */
function stem(path: string): string {
  return path.replace(/\.(pem|key|crt|der|txt)$/i, '');
}

/**
 * A library message in the command's terms: options it has no flag for are said as what the
 * command does instead, switches (`allowPadding: true`) as flags (`--allow-padding`), and the
 * commands it suggests with the real file names. With `options`, quoted option names (`"issuer"`)
 * become flags too; elsewhere a quoted name is a header parameter or a claim, and stays.
 */
export function inCliTerms(message: string, terms: MessageTerms = {}): string {
  let text = message
    // A secret too short to sign with (keys/normalize.ts): what the command does instead.
    .replace(
      /pass the bytes themselves \(not an imported key\) to verifyJwt, createJwtVerifier or verifyCompact with allowShortSecret: true/g,
      'verify them with josekit verify --allow-short-secret (and the secret from --secret-env or --secret-file)',
    )
    .replace(/\(generateSecret\("(HS\d{3})"\), or crypto\.getRandomValues\(new Uint8Array\(\d+\)\)\)/g, '(josekit keygen --alg $1)')
    // A public or private key given for HS*: the command takes secrets by flag, not importSecret.
    .replace(/: use importSecret\b/g, ': give the secret with --secret-env NAME or --secret-file FILE (or an "oct" JWK with --key FILE)')
    // A JWK Set holding a secret: the command takes secrets one at a time, never in a set.
    .replace(
      /; pass allowSymmetric: true if this set is private to you/g,
      '; a JWK Set is for public keys, and --jwks refuses secrets: give the secret with --key FILE (that "oct" JWK alone), --secret-env NAME or --secret-file FILE',
    )
    // signJwt's "set both in the claims and by the subject option" (sign --claims and --sub).
    .replace(/"(\w+)" is set both in the claims and by the (\w+) option/g, (whole, claim: string, option: string) =>
      Object.hasOwn(OPTION_FLAGS, option) ? `"${claim}" is set both in --claims and by ${OPTION_FLAGS[option]!}: give it in one place` : whole,
    );
  for (const [pattern, flag] of SWITCH_FLAGS) text = text.replace(pattern, flag);
  if (terms.options) {
    text = text.replace(/"([A-Za-z]+)"/g, (quoted, name: string) => (Object.hasOwn(OPTION_FLAGS, name) ? OPTION_FLAGS[name]! : quoted));
  }
  if (terms.keyFile !== undefined) {
    const file = terms.keyFile;
    text = text
      .replace(/-in key\.pem\b/g, `-in ${shellWord(file)}`)
      .replace(/-out key\.p8\.pem\b/g, `-out ${shellWord(`${stem(file)}.p8.pem`)}`)
      .replace(/-out spki\.pem\b/g, `-out ${shellWord(`${stem(file)}.spki.pem`)}`);
  }
  return text;
}

/** A library message about options, with each quoted option name replaced by its flag. */
export function inFlagTerms(message: string): string {
  return inCliTerms(message, { options: true });
}
