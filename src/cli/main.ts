/**
 * The `josekit` command: dispatch to the subcommands, help, version, and the exit codes
 * (0 fine, 1 rejected or failed, 2 usage). Expected failures print one message, never a stack.
 *
 * Built into dist/cli.js, which imports the library from dist/node.js (the Node build, on
 * node:crypto) exactly as a user's code would: the CLI uses only josekit's public API.
 *
 * @module
 */

import { JoseError } from '../index.js';
import { parseFlags } from './args.js';
import { EXIT, type Command, type Context } from './command.js';
import { decode } from './decode.js';
import { decoder } from './decoder.js';
import { println } from './io.js';
import { jwks } from './jwks.js';
import { errorLine } from './keys.js';
import { keygen } from './keygen.js';
import { sign } from './sign.js';
import { thumbprint } from './thumbprint.js';
import { closest, UsageError } from './usage.js';
import { verify } from './verify.js';

/** Set at build time from package.json (tsup.config.ts). */
declare const __JOSEKIT_VERSION__: string;
const VERSION = typeof __JOSEKIT_VERSION__ === 'string' ? __JOSEKIT_VERSION__ : '0.0.0-dev';

const COMMANDS: readonly Command[] = [decode, verify, sign, keygen, thumbprint, jwks, decoder];

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `Usage: josekit <command> [options]

JOSE and JWT from the command line, with josekit's strict defaults.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run "josekit <command> --help" for a command's options.

Options:
  -h, --help      this help
  -v, --version   josekit's version

Exit codes: 0 fine, 1 rejected or failed (the token is invalid, a key would be refused),
2 usage error (unknown or missing options, unreadable files, unusable keys).`;
}

function context(commandName: string): Context {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    warn: (text) => println(process.stderr, `josekit ${commandName}: note: ${text}`),
  };
}

/** Whether --json is among the arguments (before a "--"), even when the rest could not be parsed. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    println(process.stderr, topHelp());
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const about = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    println(process.stdout, about ? about.help : topHelp());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    println(process.stdout, VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const isFlag = first.startsWith('-');
    const suggestion = isFlag ? closest(first.replace(/^-+/, ''), ['help', 'version']) : closest(first, COMMANDS.map((c) => c.name));
    const shown = JSON.stringify(first.length > 32 ? `${first.slice(0, 32)}…` : first);
    println(
      process.stderr,
      `josekit: unknown ${isFlag ? 'option' : 'command'} ${shown}${suggestion ? ` (did you mean ${isFlag ? '--' : ''}${suggestion}?)` : ''}\n` +
        'Run "josekit --help" for the commands.',
    );
    return EXIT.usage;
  }
  try {
    const flags = parseFlags(rest, command.flags);
    if (flags.booleans.has('help')) {
      println(process.stdout, command.help);
      return EXIT.ok;
    }
    return await command.run(flags, context(command.name));
  } catch (err) {
    if (err instanceof UsageError) {
      println(process.stderr, `josekit ${command.name}: ${err.message}\nRun "josekit ${command.name} --help" for its options.`);
      // A script that asked for JSON reads stdout: it gets JSON for this outcome too.
      if (command.usageJson && wantsJson(rest)) println(process.stdout, JSON.stringify(command.usageJson(err.message), null, 2));
      return EXIT.usage;
    }
    if (err instanceof JoseError) {
      println(process.stderr, `josekit ${command.name}: ${errorLine(err)}`);
      return EXIT.failed;
    }
    // Not an expected failure: the stack is what a bug report needs.
    println(process.stderr, `josekit ${command.name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.failed;
  }
}

/** Exits once everything written has been handed to the OS (pipes may be asynchronous). */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// A reader that went away (`josekit decode … | head -1`) is not an error worth a stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  println(process.stderr, `josekit: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exit(EXIT.failed);
});
