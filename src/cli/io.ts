/**
 * Input and output of the `josekit` command: tokens from an argument or stdin, files read with
 * a size limit, and colour only where it is wanted.
 *
 * @module
 */

import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './usage.js';

/** Largest token, claims or key input read (far above any token a verifier accepts by default). */
export const INPUT_LIMIT = 1024 * 1024;

/** Reads all of stdin, refusing more than `limit` bytes. */
export async function readStdin(limit = INPUT_LIMIT): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) throw new UsageError(`stdin holds more than ${limit} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Reads a file ("-" for stdin), refusing more than `limit` bytes; `what` names it in errors. */
export async function readInput(path: string, what: string, limit = INPUT_LIMIT): Promise<Uint8Array> {
  if (path === '-') return readStdin(limit);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${what} ${path} is a directory`);
    if (info.size > limit) throw new UsageError(`${what} ${path} is ${info.size} bytes, over the limit of ${limit}`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** Reads a text file ("-" for stdin) as UTF-8. */
export async function readTextInput(path: string, what: string, limit = INPUT_LIMIT): Promise<string> {
  const bytes = await readInput(path, what, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} ${path === '-' ? '(stdin)' : path} is not UTF-8 text`);
  }
}

/** A token as read, and what was done to it on the way. */
export interface TokenInput {
  readonly token: string;
  /** Human notes on what was removed around the token (a "Bearer " prefix, whitespace). */
  readonly notes: readonly string[];
}

const AUTHORIZATION_HEADER = /^authorization[ \t]*:[ \t]*/i;
const BEARER = /^bearer[ \t]+/i;

/** A line break inside the token, with the indentation around it (a token wrapped to fit a width). */
const WRAP = /[ \t]*\r?\n[ \t]*/g;

/**
 * Trims what commonly surrounds a pasted token: whitespace, an `Authorization:` header name and
 * the `Bearer` scheme. Each removal is noted, except the line break that ends piped input. A
 * token wrapped across lines (by a mail client, a terminal, `fold`) is joined again, with a
 * note, when nothing but its line breaks is in the way: whitespace is never part of a token.
 */
export function normalizeToken(raw: string, fromStdin: boolean): TokenInput {
  const notes: string[] = [];
  let token = raw.trim();
  const onlyLineBreak = fromStdin && (raw === `${token}\n` || raw === `${token}\r\n`);
  if (token !== raw && !onlyLineBreak) notes.push('removed whitespace around the token');
  const header = AUTHORIZATION_HEADER.exec(token);
  if (header) {
    token = token.slice(header[0].length);
    notes.push('removed the "Authorization:" header name before the token');
  }
  const scheme = BEARER.exec(token);
  if (scheme) {
    token = token.slice(scheme[0].length);
    notes.push(`removed the HTTP authentication scheme "${scheme[0].trim()}" before the token (RFC 6750 §2.1): the token is what follows it`);
  }
  const breaks = token.match(WRAP)?.length ?? 0;
  if (breaks > 0) {
    const joined = token.replace(WRAP, '');
    if (!/\s/.test(joined)) {
      token = joined;
      notes.push(`removed ${breaks} line break${breaks === 1 ? '' : 's'} inside the token (the token was wrapped): the token is the text without them`);
    }
  }
  return { token, notes };
}

/** Three dot-separated runs of base64url (padding allowed): what a compact JWS looks like. */
const LOOKS_LIKE_JWS = /^[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*$/;

/**
 * The token: the positional argument, or stdin when it is "-" or absent (and stdin is not a
 * terminal, where nobody would know it is waiting). An argument that names a file (and does not
 * look like a token) is a usage error that says how to pass the file: `commandLine` is the
 * command that reads stdin, as that hint shows it ("josekit decode -").
 */
export async function readToken(positionals: readonly string[], commandLine: string): Promise<TokenInput> {
  const given = positionals[0];
  if (given !== undefined && given !== '-') {
    if (!LOOKS_LIKE_JWS.test(given.trim()) && (await isFile(given))) {
      throw new UsageError(
        `${JSON.stringify(given)} is a file, and the argument is the token itself: read the file on stdin, as \`${commandLine} < ${shellWord(given)}\``,
      );
    }
    return normalizeToken(given, false);
  }
  if (given === undefined && process.stdin.isTTY) {
    throw new UsageError('no token: pass it as an argument, or "-" (or nothing) to read it from stdin');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await readStdin());
  if (text.trim() === '') throw new UsageError('no token on stdin');
  return normalizeToken(text, true);
}

/** Whether `path` names a regular file (false for anything that cannot be looked at). */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A file name as a POSIX shell word: as it is when it needs no quoting, else in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Writes text to a stream, with a final line break. */
export function println(stream: NodeJS.WriteStream, text = ''): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** ANSI styles, or identity functions when colour is off. */
export interface Paint {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/**
 * Colour for a stream: off when NO_COLOR is set and not empty (https://no-color.org), forced on
 * by FORCE_COLOR (any value but "0" or "false"), otherwise on for a terminal only.
 */
export function paintFor(stream: NodeJS.WriteStream): Paint {
  const env = process.env;
  let enabled: boolean;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') enabled = false;
  else if (env.FORCE_COLOR !== undefined) enabled = env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  else enabled = stream.isTTY === true;
  const style = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    enabled,
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    yellow: style(33, 39),
    green: style(32, 39),
    cyan: style(36, 39),
  };
}

/**
 * Parses a `--now` value: an ISO 8601 date-time, or whole seconds since the epoch (a NumericDate,
 * as in `exp`).
 */
export function parseInstant(value: string, flag: string): Date {
  const date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : /^\d{4}-\d\d-\d\d/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a date: use ISO 8601 (2026-01-31T12:00:00Z) or seconds since 1970`);
  }
  return date;
}

/** JSON for people: two-space indentation, every line indented by `indent`. */
export function prettyJson(value: unknown, indent = ''): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

/**
 * A duration flag's value, for josekit to parse ("30s", "15m", "2 hours"). A bare number is
 * refused here, in the flag's terms: with no unit it could be meant as seconds or milliseconds.
 */
export function durationFlag(value: string, flag: string): string {
  if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) throw new UsageError(`${flag} ${value}: give a unit, e.g. ${value.trim()}s or ${value.trim()}m`);
  return value;
}

/** Milliseconds per unit of a --timeout value. */
const MS_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000 };
/** Longest --timeout: a command that waits longer than this for a key set is better stopped. */
const MAX_TIMEOUT_MS = 10 * 60_000;

/** A duration flag read as milliseconds ("500ms", "5s", "1m"), more than 0 and at most 10 minutes. */
export function durationMs(value: string, flag: string): number {
  durationFlag(value, flag);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value);
  const unit = match && Object.hasOwn(MS_UNITS, match[2]!.toLowerCase()) ? MS_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration: use e.g. 500ms, 10s or 1m`);
  const ms = Math.round(Number(match[1]) * unit);
  if (ms <= 0 || ms > MAX_TIMEOUT_MS) throw new UsageError(`${flag} ${value}: give more than 0 and at most 10m`);
  return ms;
}
