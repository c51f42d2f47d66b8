// Minimal, dependency-free stand-in for the part of the `vitest` API that the
// portable tests (test/portable/**/*.test.ts) use. The cross-runtime harness
// (test/runtimes/run.mjs) bundles those tests with `vitest` aliased to this file
// and runs them in Node, Deno, Bun, browsers, workerd and edge-runtime.
//
// Only plain ECMAScript here: no Node globals, no imports, nothing realm-specific
// (type checks use Object.prototype.toString / ArrayBuffer.isView rather than
// instanceof, because edge-runtime mixes realms).
//
// Supported: describe / it / test (nested, sync or async, .skip / .only / .todo /
// .skipIf / .runIf / .each), beforeAll / afterAll / beforeEach / afterEach, and
// expect(value) with .not / .resolves / .rejects and the matchers listed in
// MATCHERS below, plus expect.any / expect.anything / expect.objectContaining /
// expect.arrayContaining / expect.stringContaining / expect.stringMatching.

let DEFAULT_TIMEOUT_MS = 30_000;

/** Called by the harness's setup module: { timeout } = per-test/hook time limit in ms. */
export function __configure(options = {}) {
  if (typeof options.timeout === 'number' && options.timeout > 0) DEFAULT_TIMEOUT_MS = options.timeout;
}

// ---------------------------------------------------------------------------
// Registration

function makeSuite(name, parent, mode) {
  return { kind: 'suite', name, parent, mode, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], file: currentFile };
}

let currentFile = '';
const root = makeSuite('', null, 'run');
let current = root;
let hasOnly = false;
let started = false;

/** Called by the harness's generated entry before each test file is evaluated. */
export function __setFile(file) {
  currentFile = file;
}

function parseArgs(a, b) {
  // it(name, fn, timeout) | it(name, { timeout }, fn) | it(name, fn, { timeout })
  let fn;
  let timeout;
  if (typeof a === 'function') {
    fn = a;
    if (typeof b === 'number') timeout = b;
    else if (b && typeof b === 'object' && typeof b.timeout === 'number') timeout = b.timeout;
  } else if (a && typeof a === 'object') {
    if (typeof a.timeout === 'number') timeout = a.timeout;
    fn = typeof b === 'function' ? b : undefined;
  }
  return { fn, timeout };
}

function assertNotStarted(what) {
  if (started) throw new Error(`${what}() called while tests are running; define tests at module top level or inside describe()`);
}

function addTest(name, a, b, mode) {
  assertNotStarted('it');
  const { fn, timeout } = parseArgs(a, b);
  if (mode === 'only') hasOnly = true;
  if (!fn && mode !== 'skip') mode = 'todo';
  current.children.push({ kind: 'test', name: String(name), fn, timeout, mode, parent: current, file: currentFile });
}

function addSuite(name, a, b, mode) {
  assertNotStarted('describe');
  const { fn } = parseArgs(a, b);
  if (mode === 'only') hasOnly = true;
  const suite = makeSuite(String(name), current, mode);
  current.children.push(suite);
  if (!fn) return;
  const prev = current;
  current = suite;
  try {
    const r = fn();
    if (r && typeof r.then === 'function') {
      suite.registrationError = new Error(`describe("${name}") callback must be synchronous (it returned a promise)`);
      r.then(undefined, () => {});
    }
  } catch (e) {
    suite.registrationError = e;
  } finally {
    current = prev;
  }
}

// printf-style names for .each: %s %d %i %f %j %o %O %% and $prop / $0
function formatEachName(name, row, index) {
  const args = Array.isArray(row) ? row : [row];
  let i = 0;
  let out = String(name).replace(/%[sdifjoO%#]/g, (m) => {
    if (m === '%%') return '%';
    if (m === '%#') return String(index);
    const v = args[i++];
    switch (m) {
      case '%d': case '%i': return String(Math.trunc(Number(v)));
      case '%f': return String(Number(v));
      case '%s': return typeof v === 'string' ? v : format(v);
      default: return format(v);
    }
  });
  if (row && typeof row === 'object' && !Array.isArray(row)) {
    out = out.replace(/\$([A-Za-z_][\w.]*)/g, (m, path) => {
      let v = row;
      for (const k of path.split('.')) v = v == null ? undefined : v[k];
      return typeof v === 'string' ? v : format(v);
    });
  }
  return out.replace(/\$#/g, String(index));
}

function makeEach(register) {
  return (table) => (name, a, b) => {
    const { fn, timeout } = parseArgs(a, b);
    Array.from(table).forEach((row, index) => {
      const spread = Array.isArray(row) ? row : [row];
      register(formatEachName(name, row, index), fn ? () => fn(...spread) : undefined, timeout);
    });
  };
}

function makeApi(adder) {
  const api = (name, a, b) => adder(name, a, b, 'run');
  api.skip = (name, a, b) => adder(name, a, b, 'skip');
  api.only = (name, a, b) => adder(name, a, b, 'only');
  api.todo = (name) => adder(name, undefined, undefined, 'todo');
  api.skipIf = (cond) => (name, a, b) => adder(name, a, b, cond ? 'skip' : 'run');
  api.runIf = (cond) => (name, a, b) => adder(name, a, b, cond ? 'run' : 'skip');
  api.each = makeEach((name, fn, timeout) => adder(name, fn, timeout, 'run'));
  api.skip.each = makeEach((name, fn, timeout) => adder(name, fn, timeout, 'skip'));
  api.only.each = makeEach((name, fn, timeout) => adder(name, fn, timeout, 'only'));
  return api;
}

export const it = makeApi(addTest);
export const test = it;
export const describe = makeApi(addSuite);
export const suite = describe;

export function beforeAll(fn) { current.beforeAll.push(fn); }
export function afterAll(fn) { current.afterAll.push(fn); }
export function beforeEach(fn) { current.beforeEach.push(fn); }
export function afterEach(fn) { current.afterEach.push(fn); }

// `vi` is not supported beyond a stub that fails loudly when used.
export const vi = new Proxy({}, {
  get(_, prop) {
    return () => { throw new Error(`vi.${String(prop)}() is not supported by the cross-runtime vitest shim`); };
  },
});

// ---------------------------------------------------------------------------
// Formatting

function tag(v) {
  return Object.prototype.toString.call(v).slice(8, -1);
}

export function format(value, depth = 0, seen = []) {
  const t = typeof value;
  if (value === null) return 'null';
  if (t === 'undefined') return 'undefined';
  if (t === 'string') return JSON.stringify(value.length > 300 ? value.slice(0, 300) + '…' : value);
  if (t === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (t === 'bigint') return `${value}n`;
  if (t === 'boolean') return String(value);
  if (t === 'symbol') return value.toString();
  if (t === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (isAsymmetric(value)) return value.toString();
  if (seen.includes(value)) return '[Circular]';
  const tg = tag(value);
  if (tg === 'Error' || value instanceof Error || (typeof value.message === 'string' && typeof value.name === 'string' && typeof value.stack === 'string')) {
    const extra = Object.keys(value).filter((k) => k !== 'message' && k !== 'stack');
    let s = `${value.name || 'Error'}: ${value.message}`;
    if (extra.length && depth < 2) s += ` { ${extra.map((k) => `${k}: ${format(value[k], depth + 1, [...seen, value])}`).join(', ')} }`;
    return s;
  }
  if (tg === 'Date') return isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (tg === 'RegExp') return String(value);
  if (tg === 'ArrayBuffer') return `ArrayBuffer(${value.byteLength}) [${hexPreview(new Uint8Array(value))}]`;
  if (ArrayBuffer.isView(value)) {
    if (tg === 'DataView') return `DataView(${value.byteLength})`;
    const arr = Array.from(value.length > 64 ? value.subarray(0, 64) : value, (x) => (typeof x === 'bigint' ? `${x}n` : String(x)));
    return `${tg}(${value.length}) [${arr.join(', ')}${value.length > 64 ? ', …' : ''}]`;
  }
  if (depth > 4) return Array.isArray(value) ? '[Array]' : '[Object]';
  const next = [...seen, value];
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((v) => format(v, depth + 1, next));
    if (value.length > 50) items.push(`… ${value.length - 50} more`);
    return `[${items.join(', ')}]`;
  }
  if (tg === 'Map') return `Map { ${Array.from(value, ([k, v]) => `${format(k, depth + 1, next)} => ${format(v, depth + 1, next)}`).join(', ')} }`;
  if (tg === 'Set') return `Set { ${Array.from(value, (v) => format(v, depth + 1, next)).join(', ')} }`;
  if (tg === 'Promise') return 'Promise {}';
  if (tg === 'CryptoKey') {
    try { return `CryptoKey { type: ${format(value.type)}, algorithm: ${format(value.algorithm, depth + 1, next)}, extractable: ${value.extractable}, usages: ${format(value.usages, depth + 1, next)} }`; } catch { /* fall through */ }
  }
  const keys = Object.keys(value);
  const ctor = value.constructor && value.constructor !== Object && typeof value.constructor.name === 'string' && value.constructor.name !== 'Object' ? value.constructor.name + ' ' : '';
  const shown = keys.slice(0, 30).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${format(value[k], depth + 1, next)}`);
  if (keys.length > 30) shown.push(`… ${keys.length - 30} more`);
  return `${ctor}{${shown.length ? ' ' + shown.join(', ') + ' ' : ''}}`;
}

function hexPreview(bytes) {
  const n = Math.min(bytes.length, 64);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(bytes[i]);
  return parts.join(', ') + (bytes.length > n ? ', …' : '');
}

// ---------------------------------------------------------------------------
// Asymmetric matchers

const ASYM = Symbol.for('josekit.shim.asymmetric');

function isAsymmetric(v) {
  return v !== null && typeof v === 'object' && v[ASYM] === true;
}

function asymmetric(name, test) {
  return { [ASYM]: true, match: test, toString: () => name, toJSON: () => name };
}

// ---------------------------------------------------------------------------
// Equality

function isObjectLike(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function');
}

function isPlainObjectTag(tg) {
  return tg === 'Object';
}

function isErrorLike(v) {
  return tag(v) === 'Error' || v instanceof Error;
}

/**
 * Deep equality.
 * opts.strict: undefined-valued keys count, sparse arrays differ from undefined,
 *              constructors must match (toStrictEqual).
 */
export function equals(a, b, opts = {}, seenA = [], seenB = []) {
  if (isAsymmetric(b)) return b.match(a);
  if (isAsymmetric(a)) return a.match(b);
  if (Object.is(a, b)) return true;
  if (!isObjectLike(a) || !isObjectLike(b)) return false;
  if (typeof a === 'function' || typeof b === 'function') return false;

  const ta = tag(a);
  const tb = tag(b);
  if (ta !== tb) return false;
  if (opts.strict && Object.getPrototypeOf(a)?.constructor?.name !== Object.getPrototypeOf(b)?.constructor?.name) return false;

  const ia = seenA.indexOf(a);
  if (ia !== -1) return seenB[ia] === b;
  seenA = [...seenA, a];
  seenB = [...seenB, b];

  switch (ta) {
    case 'Date':
      return Object.is(a.getTime(), b.getTime());
    case 'RegExp':
      return a.source === b.source && a.flags === b.flags;
    case 'Number': case 'String': case 'Boolean': case 'BigInt':
      return Object.is(a.valueOf(), b.valueOf());
    case 'ArrayBuffer': case 'SharedArrayBuffer':
      return bytesEqual(new Uint8Array(a), new Uint8Array(b));
    case 'DataView':
      return bytesEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    case 'Map': {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) {
        if (b.has(k)) { if (!equals(v, b.get(k), opts, seenA, seenB)) return false; continue; }
        let found = false;
        for (const [k2, v2] of b) if (equals(k, k2, opts, seenA, seenB) && equals(v, v2, opts, seenA, seenB)) { found = true; break; }
        if (!found) return false;
      }
      return true;
    }
    case 'Set': {
      if (a.size !== b.size) return false;
      for (const v of a) {
        if (b.has(v)) continue;
        let found = false;
        for (const v2 of b) if (equals(v, v2, opts, seenA, seenB)) { found = true; break; }
        if (!found) return false;
      }
      return true;
    }
    default:
      break;
  }
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (isErrorLike(a) || isErrorLike(b)) {
    if (!isErrorLike(a) || !isErrorLike(b)) return false;
    if (a.name !== b.name || a.message !== b.message) return false;
    if (!equals(a.cause, b.cause, opts, seenA, seenB)) return false;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (opts.strict && (i in a) !== (i in b)) return false;
      if (!equals(a[i], b[i], opts, seenA, seenB)) return false;
    }
  }
  const keysA = ownKeys(a, opts.strict);
  const keysB = ownKeys(b, opts.strict);
  if (Array.isArray(a)) {
    // index keys were compared above
    const nonIndex = (k) => typeof k === 'symbol' || !/^\d+$/.test(k);
    return keysEqual(keysA.filter(nonIndex), keysB.filter(nonIndex), a, b, opts, seenA, seenB);
  }
  return keysEqual(keysA, keysB, a, b, opts, seenA, seenB);
}

function keysEqual(keysA, keysB, a, b, opts, seenA, seenB) {
  if (keysA.length !== keysB.length) return false;
  for (const k of keysA) {
    if (!Object.prototype.hasOwnProperty.call(b, k) && !(opts.strict ? false : b[k] === undefined)) return false;
    if (!equals(a[k], b[k], opts, seenA, seenB)) return false;
  }
  return true;
}

function ownKeys(o, strict) {
  const keys = Object.keys(o).filter((k) => strict || o[k] !== undefined);
  for (const s of Object.getOwnPropertySymbols(o)) {
    if (Object.prototype.propertyIsEnumerable.call(o, s) && (strict || o[s] !== undefined)) keys.push(s);
  }
  return keys;
}

function bytesEqual(x, y) {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Recursive subset match (toMatchObject / objectContaining / toThrow(object)). */
export function matchesSubset(actual, expected, seen = []) {
  if (isAsymmetric(expected)) return expected.match(actual);
  if (!isObjectLike(expected) || !isObjectLike(actual)) return equals(actual, expected);
  if (seen.includes(expected)) return true;
  seen = [...seen, expected];
  const te = tag(expected);
  if (te === 'Date' || te === 'RegExp' || te === 'Map' || te === 'Set' || te === 'ArrayBuffer' || ArrayBuffer.isView(expected)) {
    return equals(actual, expected);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((v, i) => matchesSubset(actual[i], v, seen));
  }
  for (const k of [...Object.keys(expected), ...Object.getOwnPropertySymbols(expected)]) {
    if (!(k in Object(actual))) return false;
    if (!matchesSubset(actual[k], expected[k], seen)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// expect

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function describeType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function errorMatches(err, expected) {
  // Returns [ok, description-of-expectation]
  if (expected === undefined) return [true, 'to throw'];
  const msg = err != null && typeof err === 'object' ? String(err.message) : String(err);
  if (typeof expected === 'string') return [msg.includes(expected), `to throw an error including ${format(expected)}`];
  if (tag(expected) === 'RegExp') return [expected.test(msg), `to throw an error matching ${expected}`];
  if (typeof expected === 'function') {
    return [err instanceof expected, `to throw an instance of ${expected.name || 'anonymous class'}`];
  }
  if (isAsymmetric(expected)) return [expected.match(err), `to throw ${expected}`];
  if (isErrorLike(expected)) return [msg === expected.message, `to throw an error with message ${format(expected.message)}`];
  if (typeof expected === 'object') return [matchesSubset(err, expected), `to throw an error matching ${format(expected)}`];
  return [false, `to throw (unsupported expectation ${format(expected)})`];
}

function parsePath(path) {
  if (Array.isArray(path)) return path;
  const out = [];
  String(path).replace(/\[(\d+|"[^"]*"|'[^']*')\]|([^.[\]]+)/g, (m, bracket, plain) => {
    if (bracket !== undefined) out.push(/^\d+$/.test(bracket) ? bracket : bracket.slice(1, -1));
    else out.push(plain);
    return m;
  });
  return out;
}

function lengthOf(v) {
  return v != null && typeof v.length === 'number' ? v.length : undefined;
}

// Each matcher returns { pass, message(notFlag) }.
const MATCHERS = {
  toBe(actual, expected) {
    return { pass: Object.is(actual, expected), msg: (n) => `expected ${format(actual)} ${n}to be ${format(expected)} // Object.is equality${!Object.is(actual, expected) && equals(actual, expected) ? ' (values are deeply equal: use toEqual)' : ''}` };
  },
  toEqual(actual, expected) {
    return { pass: equals(actual, expected), msg: (n) => `expected ${format(actual)} ${n}to deeply equal ${format(expected)}` };
  },
  toStrictEqual(actual, expected) {
    return { pass: equals(actual, expected, { strict: true }), msg: (n) => `expected ${format(actual)} ${n}to strictly equal ${format(expected)}` };
  },
  toBeInstanceOf(actual, ctor) {
    if (typeof ctor !== 'function') throw new TypeError(`toBeInstanceOf expects a constructor, got ${format(ctor)}`);
    const actualName = actual != null && actual.constructor ? actual.constructor.name : describeType(actual);
    return { pass: actual instanceof ctor, msg: (n) => `expected ${format(actual)} (${actualName}) ${n}to be an instance of ${ctor.name}` };
  },
  toMatch(actual, expected) {
    if (typeof actual !== 'string') throw new TypeError(`toMatch expects a string, got ${format(actual)}`);
    const pass = typeof expected === 'string' ? actual.includes(expected) : expected.test(actual);
    return { pass, msg: (n) => `expected ${format(actual)} ${n}to match ${typeof expected === 'string' ? format(expected) : expected}` };
  },
  toMatchObject(actual, expected) {
    if (!isObjectLike(actual)) throw new TypeError(`toMatchObject expects an object, got ${format(actual)}`);
    return { pass: matchesSubset(actual, expected), msg: (n) => `expected ${format(actual)} ${n}to match object ${format(expected)}` };
  },
  toContain(actual, item) {
    let pass;
    if (typeof actual === 'string') pass = actual.includes(String(item));
    else if (actual != null && typeof actual[Symbol.iterator] === 'function') pass = Array.from(actual).some((v) => v === item);
    else throw new TypeError(`toContain expects a string, array or iterable, got ${format(actual)}`);
    return { pass, msg: (n) => `expected ${format(actual)} ${n}to contain ${format(item)}` };
  },
  toContainEqual(actual, item) {
    const pass = Array.from(actual).some((v) => equals(v, item));
    return { pass, msg: (n) => `expected ${format(actual)} ${n}to contain an element equal to ${format(item)}` };
  },
  toHaveLength(actual, len) {
    const got = lengthOf(actual);
    return { pass: got === len, msg: (n) => `expected ${format(actual)} ${n}to have length ${len} (got ${got})` };
  },
  toBeTruthy(actual) {
    return { pass: !!actual, msg: (n) => `expected ${format(actual)} ${n}to be truthy` };
  },
  toBeFalsy(actual) {
    return { pass: !actual, msg: (n) => `expected ${format(actual)} ${n}to be falsy` };
  },
  toBeDefined(actual) {
    return { pass: actual !== undefined, msg: (n) => `expected ${format(actual)} ${n}to be defined` };
  },
  toBeUndefined(actual) {
    return { pass: actual === undefined, msg: (n) => `expected ${format(actual)} ${n}to be undefined` };
  },
  toBeNull(actual) {
    return { pass: actual === null, msg: (n) => `expected ${format(actual)} ${n}to be null` };
  },
  toBeNaN(actual) {
    return { pass: Number.isNaN(actual), msg: (n) => `expected ${format(actual)} ${n}to be NaN` };
  },
  toBeTypeOf(actual, type) {
    return { pass: typeof actual === type, msg: (n) => `expected ${format(actual)} (${typeof actual}) ${n}to be of type ${type}` };
  },
  toBeGreaterThan(actual, x) {
    return { pass: actual > x, msg: (n) => `expected ${format(actual)} ${n}to be > ${format(x)}` };
  },
  toBeGreaterThanOrEqual(actual, x) {
    return { pass: actual >= x, msg: (n) => `expected ${format(actual)} ${n}to be >= ${format(x)}` };
  },
  toBeLessThan(actual, x) {
    return { pass: actual < x, msg: (n) => `expected ${format(actual)} ${n}to be < ${format(x)}` };
  },
  toBeLessThanOrEqual(actual, x) {
    return { pass: actual <= x, msg: (n) => `expected ${format(actual)} ${n}to be <= ${format(x)}` };
  },
  toBeCloseTo(actual, x, digits = 2) {
    const pass = Math.abs(actual - x) < Math.pow(10, -digits) / 2;
    return { pass, msg: (n) => `expected ${format(actual)} ${n}to be close to ${format(x)} (${digits} digits)` };
  },
  toHaveProperty(actual, path, ...rest) {
    const keys = parsePath(path);
    let obj = actual;
    let found = true;
    for (const k of keys) {
      if (obj != null && (typeof obj === 'object' || typeof obj === 'function' || typeof obj === 'string') && k in Object(obj)) obj = obj[k];
      else { found = false; break; }
    }
    const checkValue = rest.length > 0;
    const pass = found && (!checkValue || equals(obj, rest[0]));
    return {
      pass,
      msg: (n) => `expected ${format(actual)} ${n}to have property ${format(Array.isArray(path) ? path.join('.') : path)}` +
        (checkValue ? ` with value ${format(rest[0])}${found ? ` (got ${format(obj)})` : ''}` : ''),
    };
  },
  toThrow: throwMatcher,
  toThrowError: throwMatcher,
};

function throwMatcher(actual, expected) {
  const ctx = this;
  let threw = false;
  let err;
  if (ctx.fromPromise) {
    threw = ctx.promiseState === 'rejected';
    err = actual;
  } else {
    if (typeof actual !== 'function') throw new TypeError(`toThrow expects a function, got ${format(actual)}`);
    try {
      const r = actual();
      if (r && typeof r.then === 'function') {
        r.then(undefined, () => {});
        throw new AssertionError('toThrow was given a function that returned a promise; use `await expect(promise).rejects.toThrow(...)`');
      }
    } catch (e) {
      if (e instanceof AssertionError && /returned a promise/.test(e.message)) throw e;
      threw = true;
      err = e;
    }
  }
  if (!threw) {
    const what = ctx.fromPromise ? 'promise to reject' : 'function to throw';
    return { pass: false, msg: (n) => (n ? `expected ${what} not to happen` : `expected ${what}${expected === undefined ? '' : ` (${errorMatches(undefined, expected)[1]})`}, but it did not${ctx.fromPromise ? ` (resolved with ${format(actual)})` : ''}`) };
  }
  const [ok, desc] = errorMatches(err, expected);
  return { pass: ok, msg: (n) => `expected ${ctx.fromPromise ? 'promise' : 'function'} ${n}${desc}, but it threw ${format(err)}` };
}

function buildAssertions(actual, ctx) {
  const target = {};
  for (const name of Object.keys(MATCHERS)) {
    target[name] = (...args) => {
      const res = MATCHERS[name].call(ctx, actual, ...args);
      const pass = ctx.not ? !res.pass : res.pass;
      if (!pass) {
        const err = new AssertionError(res.msg(ctx.not ? 'not ' : ''));
        // Start the stack at the test's expect(...) call, not inside the shim.
        if (!ctx.fromPromise && typeof Error.captureStackTrace === 'function') Error.captureStackTrace(err, target[name]);
        if (ctx.fromPromise) err.message = `${ctx.promiseLabel}: ${err.message}`;
        throw err;
      }
    };
  }
  return target;
}

function promiseAssertions(value, mode, not) {
  const out = {};
  for (const name of Object.keys(MATCHERS)) {
    out[name] = async (...args) => {
      if (value == null || typeof value.then !== 'function') {
        throw new AssertionError(`expected a promise for .${mode}, got ${format(value)}`);
      }
      let state;
      let settled;
      try {
        settled = await value;
        state = 'resolved';
      } catch (e) {
        settled = e;
        state = 'rejected';
      }
      if (mode === 'resolves' && state !== 'resolved') {
        throw new AssertionError(`expected promise to resolve, but it rejected with ${format(settled)}`);
      }
      if (mode === 'rejects' && state !== 'rejected') {
        throw new AssertionError(`expected promise to reject, but it resolved with ${format(settled)}`);
      }
      const ctx = { not, fromPromise: true, promiseState: state, promiseLabel: mode };
      buildAssertions(settled, ctx)[name](...args);
    };
  }
  return out;
}

export function expect(actual) {
  const api = buildAssertions(actual, { not: false });
  api.not = buildAssertions(actual, { not: true });
  Object.defineProperty(api, 'resolves', { get: () => { const p = promiseAssertions(actual, 'resolves', false); p.not = promiseAssertions(actual, 'resolves', true); return p; } });
  Object.defineProperty(api, 'rejects', { get: () => { const p = promiseAssertions(actual, 'rejects', false); p.not = promiseAssertions(actual, 'rejects', true); return p; } });
  return api;
}

expect.any = (ctor) => asymmetric(`Any<${ctor && ctor.name}>`, (v) => {
  if (ctor === String) return typeof v === 'string' || v instanceof String;
  if (ctor === Number) return typeof v === 'number' || v instanceof Number;
  if (ctor === Boolean) return typeof v === 'boolean' || v instanceof Boolean;
  if (ctor === BigInt) return typeof v === 'bigint';
  if (ctor === Function) return typeof v === 'function';
  if (ctor === Object) return v !== null && typeof v === 'object';
  if (ctor === Uint8Array) return tag(v) === 'Uint8Array';
  return v instanceof ctor;
});
expect.anything = () => asymmetric('Anything', (v) => v != null);
expect.objectContaining = (obj) => asymmetric(`ObjectContaining ${format(obj)}`, (v) => isObjectLike(v) && matchesSubset(v, obj));
expect.arrayContaining = (arr) => asymmetric(`ArrayContaining ${format(arr)}`, (v) => Array.isArray(v) && arr.every((x) => v.some((y) => equals(y, x))));
expect.stringContaining = (s) => asymmetric(`StringContaining ${format(s)}`, (v) => typeof v === 'string' && v.includes(s));
expect.stringMatching = (re) => asymmetric(`StringMatching ${re}`, (v) => typeof v === 'string' && (typeof re === 'string' ? new RegExp(re) : re).test(v));
expect.assertions = () => { throw new Error('expect.assertions() is not supported by the cross-runtime vitest shim'); };
expect.hasAssertions = expect.assertions;

// ---------------------------------------------------------------------------
// Running

// console capture: the harness's setup module calls __installConsole() before any
// test file runs, so every console.* call becomes a {type:'log'} event that the
// per-runtime wrapper forwards (buffered until run() starts).
let logSink = null;
const pendingLogs = [];
export const __rawConsole = {};
export function __installConsole() {
  const c = globalThis.console;
  if (!c || c.__josekitShim) return;
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    const orig = c[level];
    __rawConsole[level] = typeof orig === 'function' ? orig.bind(c) : () => {};
    c[level] = (...args) => {
      const ev = { type: 'log', level, text: args.map((a) => (typeof a === 'string' ? a : format(a))).join(' ') };
      if (logSink) logSink(ev);
      else pendingLogs.push(ev);
    };
  }
  c.__josekitShim = true;
}

function errorInfo(e) {
  if (e != null && typeof e === 'object') {
    const name = typeof e.name === 'string' ? e.name : 'Error';
    let message = typeof e.message === 'string' ? e.message : format(e);
    if (!(e instanceof AssertionError) && name && name !== 'AssertionError') message = `${name}: ${message}`;
    const extra = Object.keys(e).filter((k) => k !== 'message' && k !== 'stack' && k !== 'name' && k !== 'cause');
    if (extra.length) message += ` { ${extra.map((k) => `${k}: ${format(e[k], 2)}`).join(', ')} }`;
    if (e.cause !== undefined) message += `\n  [cause] ${format(e.cause)}`;
    return { message, stack: typeof e.stack === 'string' ? e.stack : undefined };
  }
  return { message: `thrown non-error value: ${format(e)}` };
}

function withTimeout(promiseFactory, ms, label) {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject(new Error(`${label} timed out after ${ms} ms`));
    }, ms);
    Promise.resolve()
      .then(promiseFactory)
      .then(
        (v) => { if (!done) { done = true; clearTimeout(timer); resolve(v); } },
        (e) => { if (!done) { done = true; clearTimeout(timer); reject(e); } },
      );
  });
}

function isSkipped(node) {
  return node.mode === 'skip' || node.mode === 'todo';
}

// .only anywhere: run only `only` tests and tests inside `only` suites.
function containsOnly(node) {
  if (node.mode === 'only') return true;
  return node.kind === 'suite' && node.children.some(containsOnly);
}

function countTests(node) {
  if (node.kind === 'test') return 1;
  let n = node.registrationError ? 1 : 0;
  for (const c of node.children) n += countTests(c);
  return n;
}

function runtimeInfo() {
  const g = globalThis;
  try {
    if (g.Deno && g.Deno.version) return `Deno ${g.Deno.version.deno}`;
    if (g.Bun && g.Bun.version) return `Bun ${g.Bun.version}`;
    if (g.process && g.process.versions && g.process.versions.node && typeof g.EdgeRuntime === 'undefined') return `Node ${g.process.versions.node}`;
    if (typeof g.EdgeRuntime !== 'undefined') return `edge-runtime (${g.EdgeRuntime})`;
    if (g.navigator && g.navigator.userAgent) return g.navigator.userAgent;
  } catch { /* ignore */ }
  return 'unknown';
}

/**
 * Run every registered test in definition order.
 * options.onEvent(event) may return a promise; it is awaited.
 * Events: {type:'start', total, runtime, info}, {type:'begin', name}, {type:'log', level, text},
 *         {type:'test', name, file, status, duration, error?},
 *         {type:'done', passed, failed, skipped, duration}
 */
export async function run(options = {}) {
  const onEvent = options.onEvent || (() => {});
  const defaultTimeout = options.timeout || DEFAULT_TIMEOUT_MS;
  started = true;
  const t0 = Date.now();
  const counts = { passed: 0, failed: 0, skipped: 0 };
  await onEvent({ type: 'start', total: countTests(root), only: hasOnly, runtime: globalThis.__JOSEKIT_RUNTIME__, info: runtimeInfo() });
  for (const ev of pendingLogs.splice(0)) await onEvent(ev);
  logSink = (ev) => {
    try {
      const r = onEvent(ev);
      if (r && typeof r.then === 'function') r.then(undefined, () => {});
    } catch { /* ignore */ }
  };

  const emit = async (name, file, status, duration, error) => {
    counts[status === 'pass' ? 'passed' : status === 'fail' ? 'failed' : 'skipped']++;
    await onEvent({ type: 'test', name, file, status, duration, error });
  };

  const skipAll = async (node, path, reason) => {
    if (node.kind === 'test') return emit(path.concat(node.name).join(' > '), node.file, 'skip', 0, reason ? { message: reason } : undefined);
    for (const c of node.children) await skipAll(c, node === root ? path : path.concat(node.name), reason);
  };

  const failAll = async (node, path, info) => {
    if (node.kind === 'test') return emit(path.concat(node.name).join(' > '), node.file, 'fail', 0, info);
    for (const c of node.children) await failAll(c, path.concat(node.name), info);
  };

  const chain = (suite, key) => {
    const out = [];
    for (let s = suite; s; s = s.parent) out.unshift(...s[key]);
    return key === 'afterEach' ? out.reverse() : out;
  };

  const runSuite = async (suite, path, onlyMode) => {
    const here = suite === root ? path : path.concat(suite.name);
    if (suite.registrationError) {
      await emit(here.concat('(describe callback)').join(' > '), suite.file, 'fail', 0, errorInfo(suite.registrationError));
    }
    const runnable = suite.children.filter((c) => !isSkipped(c) && (!onlyMode || containsOnly(c) || c.mode === 'only'));
    let hookError;
    const ranHooks = runnable.some((c) => c.kind === 'test' || countTests(c) > 0);
    if (ranHooks) {
      for (const h of suite.beforeAll) {
        try { await withTimeout(h, defaultTimeout, 'beforeAll hook'); } catch (e) { hookError = e; break; }
      }
    }
    for (const child of suite.children) {
      const childOnly = onlyMode && child.mode !== 'only' && !containsOnly(child) ? 'skip-only' : null;
      if (isSkipped(child) || childOnly) {
        await skipAll(child, here, childOnly ? 'not selected (.only used elsewhere)' : child.mode === 'todo' ? 'todo' : undefined);
        continue;
      }
      if (hookError) {
        const info = errorInfo(hookError);
        info.message = `beforeAll hook failed: ${info.message}`;
        if (child.kind === 'test') await emit(here.concat(child.name).join(' > '), child.file, 'fail', 0, info);
        else await failAll(child, here, info);
        continue;
      }
      if (child.kind === 'suite') {
        // Inside an `only` suite everything runs.
        await runSuite(child, here, onlyMode && child.mode !== 'only');
        continue;
      }
      const name = here.concat(child.name).join(' > ');
      await onEvent({ type: 'begin', name });
      const ts = Date.now();
      let error;
      try {
        for (const h of chain(suite, 'beforeEach')) await withTimeout(h, defaultTimeout, 'beforeEach hook');
        await withTimeout(child.fn, child.timeout || defaultTimeout, 'test');
      } catch (e) {
        error = e;
      }
      for (const h of chain(suite, 'afterEach')) {
        try { await withTimeout(h, defaultTimeout, 'afterEach hook'); } catch (e) { if (!error) error = e; }
      }
      if (error === undefined) await emit(name, child.file, 'pass', Date.now() - ts);
      else await emit(name, child.file, 'fail', Date.now() - ts, errorInfo(error));
    }
    if (ranHooks) {
      for (const h of suite.afterAll) {
        try { await withTimeout(h, defaultTimeout, 'afterAll hook'); } catch (e) {
          await emit(here.concat('(afterAll hook)').join(' > '), suite.file, 'fail', 0, errorInfo(e));
        }
      }
    }
  };

  await runSuite(root, [], hasOnly);
  const done = { type: 'done', ...counts, duration: Date.now() - t0 };
  logSink = null;
  await onEvent(done);
  return done;
}

export default { describe, it, test, suite, expect, beforeAll, afterAll, beforeEach, afterEach, vi };
