/**
 * Strict JSON for JOSE headers and JWT claims: the top level must be an object, no member name
 * may repeat in any object at any depth (RFC 7515 §5.2 lets a parser reject them, RFC 8725
 * recommends it: last-wins parsing lets two parties read different values), and depth and size
 * are bounded.
 *
 * Duplicates are found without a second parser: in valid JSON every member contributes exactly
 * one `:` outside strings, while `JSON.parse` keeps one property per distinct name. The two
 * counts differ exactly when a name repeats; only then is the text walked again to name it.
 *
 * @module
 */

import { show } from './show.js';
import { loneSurrogateAt, utf8Decode } from './utf8.js';

/** Thrown by {@link parseJsonObject}; callers rewrap it with their step and error class. */
export class JsonError extends Error {}

/** Default limits for headers and claims. */
export const JSON_DEFAULT_MAX_DEPTH = 32;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

/**
 * Parses text that must hold one JSON object with unique member names.
 *
 * @param text - the JSON text.
 * @param maxLength - longest accepted text, in UTF-16 code units.
 * @param maxDepth - deepest accepted nesting of objects and arrays.
 */
export function parseJsonObject(text: string, maxLength: number, maxDepth = JSON_DEFAULT_MAX_DEPTH): Record<string, unknown> {
  if (text.length > maxLength) throw new JsonError(`is ${text.length} characters, over the limit of ${maxLength}`);
  // JSON texts must not start with a byte order mark (RFC 8259 §8.1); name it, since it is invisible.
  if (text.charCodeAt(0) === 0xfeff) throw new JsonError('starts with a byte order mark (U+FEFF), which JSON does not allow here');
  let members = 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COLON) members++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  if (deepest > maxDepth) throw new JsonError(`nests ${deepest} levels deep, over the limit of ${maxDepth}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new JsonError(`is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonError(`must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  if (countNames(value) !== members) throw new JsonError(`has a duplicate member name ${JSON.stringify(findDuplicate(text))}`);
  return value as Record<string, unknown>;
}

/** {@link parseJsonObject} over UTF-8 bytes (decoded fatally: malformed UTF-8 is a JsonError). */
export function parseJsonObjectBytes(bytes: Uint8Array, maxLength: number, maxDepth = JSON_DEFAULT_MAX_DEPTH): Record<string, unknown> {
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    throw new JsonError('is not valid UTF-8');
  }
  return parseJsonObject(text, maxLength, maxDepth);
}

/**
 * Why `value` cannot be written as JSON exactly as it is, or undefined when it can. JSON.stringify
 * is lossy in silence: it drops undefined members, functions and symbols, writes NaN and
 * Infinity as null, throws on bigint, calls toJSON, turns a Map or a Date into something else,
 * and encodes a lone surrogate as an escape that no UTF-8 text can hold. What is signed must be
 * what the caller gave, so each of these is refused. `path` names the value in the message.
 */
export function jsonValueProblem(value: unknown, path: string): string | undefined {
  try {
    return valueProblem(value, path, 0);
  } catch {
    // A Proxy whose traps throw, or a getter on the prototype chain: not plain data.
    return `${path} cannot be read as plain JSON data`;
  }
}

function valueProblem(value: unknown, path: string, depth: number): string | undefined {
  if (depth > JSON_DEFAULT_MAX_DEPTH) return `${path} nests more than ${JSON_DEFAULT_MAX_DEPTH} levels deep`;
  switch (typeof value) {
    case 'string': {
      const at = loneSurrogateAt(value);
      return at === -1 ? undefined : `${path} has an unpaired surrogate at offset ${at}, which UTF-8 cannot encode`;
    }
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot represent`;
    case 'object':
      break;
    default:
      return `${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot represent`;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return `${path}[${i}] is a hole in a sparse array, which JSON cannot represent`;
      const problem = valueProblem(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = typeof proto?.constructor?.name === 'string' ? proto.constructor.name : 'object';
    return `${path} is a ${kind}, not plain JSON (use objects, arrays, strings, numbers, booleans, null)`;
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return `${path} has symbol-keyed members, which JSON cannot represent`;
  for (const name of Object.keys(value)) {
    const at = loneSurrogateAt(name);
    if (at !== -1) return `${path} has a member name with an unpaired surrogate (${show(name)}), which UTF-8 cannot encode`;
    const descriptor = Object.getOwnPropertyDescriptor(value, name)!;
    if (!('value' in descriptor)) return `${path}.${name} is an accessor (getter), not a JSON value`;
    const problem = valueProblem(descriptor.value, `${path}.${name}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function countNames(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) n += countNames(v);
    return n;
  }
  const keys = Object.keys(value);
  n += keys.length;
  for (const key of keys) n += countNames((value as Record<string, unknown>)[key]);
  return n;
}

/** Slow path, only after a duplicate was detected: walks the text to name the first repeat. */
function findDuplicate(text: string): string {
  const stack: Array<Set<string> | null> = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      const raw = text.slice(i, j + 1);
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      const names = stack[stack.length - 1];
      if (text.charCodeAt(k) === COLON && names) {
        const name = JSON.parse(raw) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      i = j + 1;
      continue;
    }
    if (c === 123) stack.push(new Set());
    else if (c === 91) stack.push(null);
    else if (c === 125 || c === 93) stack.pop();
    i++;
  }
  return '';
}
