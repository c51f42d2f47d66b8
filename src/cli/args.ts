/**
 * Flag parsing for every command, on top of node:util's parseArgs: unknown flags get the closest
 * known name, a string flag must get a value, a single flag may not repeat, and a secret is never
 * taken from the command line.
 *
 * @module
 */

import { parseArgs } from 'node:util';
import { closest, UsageError } from './usage.js';

/** One flag a command takes. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once (the values are kept in order). */
  readonly multiple?: boolean;
  /** A one-letter alias, without the dash. */
  readonly short?: string;
}

/** What a command's flags parse to. */
export interface ParsedFlags {
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly booleans: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

/** Every command takes these. */
const COMMON: Readonly<Record<string, FlagSpec>> = { help: { type: 'boolean', short: 'h' } };

/**
 * Shell history, `ps` and CI logs keep the command line: a secret there is a secret published.
 * Any flag spelt like this is refused before its value is looked at.
 */
const SECRET_ON_ARGV = /^(secret|secret-key|hmac-secret|password)$/;
export const SECRET_REFUSAL =
  'a secret is never taken from the command line, where shell history and process listings keep it: ' +
  'use --secret-env NAME (an environment variable holding it) or --secret-file FILE';

/**
 * What users type from the library's option names (or other tools' spellings), lower-cased, and
 * the flag that does it. Suggested only to a command that has that flag.
 */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  audience: 'aud',
  audiences: 'aud',
  issuer: 'iss',
  issuers: 'iss',
  subject: 'sub',
  algorithm: 'alg',
  algorithms: 'alg',
  algs: 'alg',
  maxtokenage: 'max-age',
  'max-token-age': 'max-age',
  tolerance: 'clock-tolerance',
  clocktolerance: 'clock-tolerance',
  'clock-skew': 'clock-tolerance',
  leeway: 'clock-tolerance',
  expiresin: 'exp',
  'expires-in': 'exp',
  expires: 'exp',
  expiration: 'exp',
  notbefore: 'nbf',
  'not-before': 'nbf',
  jwtid: 'jti',
  'jwt-id': 'jti',
  keyid: 'kid',
  'key-id': 'kid',
  type: 'typ',
  currentdate: 'now',
  'current-date': 'now',
  maxtokenlength: 'max-token-length',
  allowhttp: 'allow-http',
  'allow-insecure': 'allow-http',
  insecure: 'allow-http',
  allowpadding: 'allow-padding',
  allowshortsecret: 'allow-short-secret',
  timeoutms: 'timeout',
  moduluslength: 'bits',
  'modulus-length': 'bits',
};

/** The flag `name` was most likely meant to be, among `known`. */
function suggestionFor(name: string, known: readonly string[]): string | undefined {
  const other = OTHER_NAMES[name.toLowerCase()];
  if (other !== undefined && Object.hasOwn(OTHER_NAMES, name.toLowerCase()) && known.includes(other)) return other;
  // A single letter is too little to guess from.
  return name.length > 1 ? closest(name, known) : undefined;
}

/** A negative number or duration ("-5m"): a value, though it starts with a dash. */
const NEGATIVE = /^-\d/;

/** Parses `args` against `flags` (plus --help), or throws a {@link UsageError}. */
export function parseFlags(args: readonly string[], flags: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const all: Record<string, FlagSpec> = { ...flags, ...COMMON };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  // Non-strict, so that every mistake is reported here, in our words, with a suggestion.
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  const known = Object.keys(all);
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue; // the "--" terminator
    const { name, rawName } = token;
    if (SECRET_ON_ARGV.test(name)) throw new UsageError(`${rawName} is refused: ${SECRET_REFUSAL}`);
    const spec = Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
    if (!spec) {
      const suggestion = suggestionFor(name, known);
      throw new UsageError(`unknown option ${rawName}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`);
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
      continue;
    }
    const value = token.value;
    // parseArgs takes the next argument as the value even when it is a flag: "--alg --json".
    if (value === undefined || (!token.inlineValue && value.length > 1 && value.startsWith('-') && !NEGATIVE.test(value))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (spec.multiple) {
      const list = lists.get(name) ?? [];
      list.push(value);
      lists.set(name, list);
    } else {
      if (strings.has(name)) throw new UsageError(`--${name} is given more than once`);
      strings.set(name, value);
    }
  }
  return { strings, lists, booleans, positionals };
}

/** At most one of the named flags may be present; returns the one given, if any. */
export function oneOf(flags: ParsedFlags, names: readonly string[]): string | undefined {
  const given = names.filter((n) => flags.strings.has(n) || flags.lists.has(n) || flags.booleans.has(n));
  if (given.length > 1) throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} cannot be used together`);
  return given[0];
}

/** Values of a repeatable flag, each also split on commas (for lists of names like algorithms). */
export function commaList(flags: ParsedFlags, name: string): string[] {
  return (flags.lists.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** Rejects positionals beyond the `max` the command takes. */
export function atMostPositionals(flags: ParsedFlags, max: number): void {
  if (flags.positionals.length > max) {
    const extra = flags.positionals[max]!;
    const shown = extra.length > 24 ? `${extra.slice(0, 24)}…` : extra;
    throw new UsageError(`unexpected argument ${JSON.stringify(shown)}${max === 0 ? ' (this command takes none)' : ''}`);
  }
}
