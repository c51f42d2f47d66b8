/**
 * The shape of a `josekit` subcommand, and the exit codes every command uses.
 *
 * @module
 */

import type { FlagSpec, ParsedFlags } from './args.js';

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
};

/** A library message about options, with each quoted option name replaced by its flag. */
export function inFlagTerms(message: string): string {
  return message.replace(/"([A-Za-z]+)"/g, (quoted, name: string) => (Object.hasOwn(OPTION_FLAGS, name) ? OPTION_FLAGS[name]! : quoted));
}
