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
const JSON_DEFAULT_MAX_DEPTH = 32;

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
  let value: unknown;
  try {
    // V8's JSON.parse is not recursive, so nesting is bounded after it, by the walk below.
    value = JSON.parse(text);
  } catch (err) {
    throw new JsonError(`is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonError(`must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const names = countNames(value, maxDepth, 1);
  if (names < 0) throw new JsonError(`nests more than ${maxDepth} levels deep, over the limit of ${maxDepth}`);
  if (names !== countMembers(text)) throw new JsonError(`has a duplicate member name ${JSON.stringify(findDuplicate(text))}`);
  // An escaped lone surrogate ("\ud800") parses to a string no UTF-8 text can hold: refused on
  // verify as on sign. Only texts with a surrogate escape are walked.
  if (SURROGATE_ESCAPE.test(text)) {
    const lone = loneSurrogateIn(value);
    if (lone !== undefined) throw new JsonError(`has a string with an unpaired surrogate escape (${JSON.stringify(lone)}), which no UTF-8 text can hold`);
  }
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
 * A deep copy of a value JSON.parse made (plain objects, arrays, strings, numbers, booleans,
 * null), for handing out fresh objects from a cache. Member order and an own "__proto__" member
 * are kept. Not for values from outside: those go through copyJsonValue.
 */
export function copyParsedJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyParsedJson) as T;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const member = copyParsedJson((value as Record<string, unknown>)[name]);
    if (name === '__proto__') Object.defineProperty(out, name, { value: member, writable: true, enumerable: true, configurable: true });
    else out[name] = member;
  }
  return out as T;
}

/** Thrown by {@link copyJsonValue}: `surrogate` for a string UTF-8 cannot encode, else `not-json`. */
export class JsonValueError extends Error {
  constructor(
    message: string,
    readonly kind: 'surrogate' | 'not-json',
  ) {
    super(message);
  }
}

/**
 * Most values one copy may hold: bounds the walk over a caller's object graph, where a few shared
 * references can stand for billions of serialised values.
 */
const MAX_JSON_VALUES = 1_000_000;
/** Most string characters (names and values) one copy may hold: far beyond any accepted token. */
const MAX_JSON_CHARACTERS = 16 * 1024 * 1024;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

interface Walk {
  readonly describe: (path: string) => string;
  values: number;
  characters: number;
  readonly ancestors: Set<object>;
  /** The names and indexes from the root to the value being copied: its path, spelled out only for a message. */
  readonly keys: Array<string | number>;
}

/** The path of the value being copied (or of `extra` below it), as a message shows it. */
function pathOf(walk: Walk, extra?: string | number): string {
  let path = '';
  for (const key of extra === undefined ? walk.keys : [...walk.keys, extra]) {
    if (typeof key === 'number') path = `${path}[${key}]`;
    else if (path === '') path = show(key);
    else path = IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${show(key)}]`;
  }
  return walk.describe(path);
}

function notJson(message: string): never {
  throw new JsonValueError(message, 'not-json');
}

/** Counts a string's characters against the bound and refuses an unpaired surrogate in it. */
function checkText(text: string, isName: boolean, walk: Walk): void {
  walk.characters += text.length;
  if (walk.characters > MAX_JSON_CHARACTERS) {
    notJson(`${walk.describe('')} would serialise more than ${MAX_JSON_CHARACTERS} characters of text (no verifier accepts a token that large)`);
  }
  const at = loneSurrogateAt(text);
  if (at !== -1) {
    const unit = text.charCodeAt(at).toString(16).toUpperCase();
    const what = isName ? `the name of ${pathOf(walk)}` : pathOf(walk);
    throw new JsonValueError(`${what} has an unpaired surrogate (U+${unit}) at offset ${at}, which UTF-8 cannot encode: the token would not say what was signed`, 'surrogate');
  }
}

/** True for an object whose prototype is Object.prototype (of any realm) or null: no class instance. */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

function checkToJson(object: object, walk: Walk): void {
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    notJson(`${pathOf(walk)} has a toJSON method: JSON.stringify would sign what it returns, not this value (pass the plain value)`);
  }
}

/** Copies the value at the walk's current path (walk.keys). */
function copy(value: unknown, depth: number, walk: Walk): unknown {
  if (++walk.values > MAX_JSON_VALUES) {
    notJson(`${walk.describe('')} would serialise more than ${MAX_JSON_VALUES} values (each shared reference counts again, as in JSON)`);
  }
  switch (typeof value) {
    case 'string':
      checkText(value, false, walk);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) notJson(`${pathOf(walk)} is ${value}, which JSON cannot represent`);
      return value;
    case 'undefined':
      return notJson(`${pathOf(walk)} is undefined, which JSON would silently drop (leave it out, or use null)`);
    case 'bigint':
    case 'function':
    case 'symbol':
      return notJson(`${pathOf(walk)} is a ${typeof value}, which is not JSON`);
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= JSON_DEFAULT_MAX_DEPTH) notJson(`${pathOf(walk)} nests deeper than ${JSON_DEFAULT_MAX_DEPTH} levels, which verification refuses`);
  if (walk.ancestors.has(object)) notJson(`${pathOf(walk)} contains itself (a cycle), which JSON cannot represent`);
  const isArray = Array.isArray(object);
  if (!isArray && !isPlainRecord(object)) {
    // A Map, Set, Date or class instance would be changed by JSON.stringify (often to {}).
    let kind = 'an exotic object';
    try {
      const name: unknown = (object as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof name === 'string' && name !== '' && name !== 'Object') kind = `a ${name}`;
    } catch {
      // A Proxy or a throwing getter: no name to give.
    }
    if (kind === 'an exotic object') checkToJson(object, walk);
    notJson(`${pathOf(walk)} is ${kind}, not plain JSON (use objects, arrays, strings, numbers, booleans, null)`);
  }
  checkToJson(object, walk);
  for (const symbol of Object.getOwnPropertySymbols(object)) {
    if (Object.prototype.propertyIsEnumerable.call(object, symbol)) {
      notJson(`${pathOf(walk)} has a symbol-keyed member (${show(symbol)}), which JSON would silently drop`);
    }
  }
  walk.ancestors.add(object);
  const keys = walk.keys;
  let out: unknown;
  if (isArray) {
    const array = object as unknown[];
    const length = array.length;
    const items: unknown[] = [];
    for (let i = 0; i < length; i++) {
      if (!Object.prototype.hasOwnProperty.call(array, i)) notJson(`${pathOf(walk, i)} is a hole in a sparse array, which JSON would turn into null`);
      keys.push(i);
      items.push(copy(array[i], depth + 1, walk));
      keys.pop();
    }
    for (const key of Object.keys(array)) {
      const index = Number(key);
      if (!(String(index) === key && Number.isInteger(index) && index >= 0 && index < length)) {
        notJson(`${pathOf(walk, key)} is a named member of an array, which JSON would silently drop`);
      }
    }
    out = items;
  } else {
    const record = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      keys.push(key);
      checkText(key, true, walk);
      record[key] = copy((object as Record<string, unknown>)[key], depth + 1, walk);
      keys.pop();
    }
    out = record;
  }
  walk.ancestors.delete(object);
  return out;
}

/**
 * Copies a JSON value out of a caller's object graph, reading each member exactly once, and
 * refuses whatever JSON.stringify would change or drop in silence: undefined, functions,
 * symbols, bigints, non-finite numbers, holes and named members of arrays, symbol keys, `toJSON`
 * methods, class instances (Date, Map, …), cycles, nesting deeper than a verifier accepts, and
 * strings with an unpaired surrogate (which no UTF-8 text can hold). What is signed must be
 * what was checked: sign the copy, never the caller's object again (a getter or a Proxy could
 * answer differently). The copy's objects have no prototype, so an own `__proto__` member stays
 * a member. `describe` names a path for messages (`''` is the whole value).
 *
 * @throws JsonValueError, also for anything the caller's object throws while it is read.
 */
export function copyJsonValue(value: unknown, describe: (path: string) => string): unknown {
  const walk: Walk = { describe, values: 0, characters: 0, ancestors: new Set(), keys: [] };
  try {
    return copy(value, 0, walk);
  } catch (err) {
    if (err instanceof JsonValueError) throw err;
    // A throwing getter or Proxy trap, or a stack exhausted by something exotic.
    let detail: string;
    try {
      detail = err instanceof Error ? err.message : String(err);
    } catch {
      detail = 'an unprintable value was thrown';
    }
    throw new JsonValueError(`${describe('')} could not be read: ${detail}`, 'not-json');
  }
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** The first string (member name or value) with an unpaired surrogate in a parsed value, or undefined. */
function loneSurrogateIn(value: unknown): string | undefined {
  if (typeof value === 'string') return loneSurrogateAt(value) === -1 ? undefined : value;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, member] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof name === 'string' && loneSurrogateAt(name) !== -1) return name;
    const found = loneSurrogateIn(member);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Distinct member names in a parsed value, or -1 when it nests deeper than `maxDepth`. */
function countNames(value: unknown, maxDepth: number, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > maxDepth) return -1;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) {
      const inner = countNames(v, maxDepth, depth + 1);
      if (inner < 0) return -1;
      n += inner;
    }
    return n;
  }
  const keys = Object.keys(value);
  n += keys.length;
  for (const key of keys) {
    const inner = countNames((value as Record<string, unknown>)[key], maxDepth, depth + 1);
    if (inner < 0) return -1;
    n += inner;
  }
  return n;
}

/**
 * Members in valid JSON text: the ":" outside strings. Jumps from quote to quote and colon to
 * colon with indexOf (native), so the work is per string, not per character.
 */
function countMembers(text: string): number {
  let members = 0;
  let at = 0;
  for (;;) {
    const quote = text.indexOf('"', at);
    const end = quote === -1 ? text.length : quote;
    for (let colon = text.indexOf(':', at); colon !== -1 && colon < end; colon = text.indexOf(':', colon + 1)) members++;
    if (quote === -1) return members;
    // The closing quote is the first one preceded by an even number of backslashes.
    let close = quote;
    for (;;) {
      close = text.indexOf('"', close + 1);
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    at = close + 1;
  }
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
