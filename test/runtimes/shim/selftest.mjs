// Self-test of the vitest shim's matchers and runner: `node test/runtimes/shim/selftest.mjs`.
// Each case is [label, fn, shouldPass]; the case passes when the assertion outcome matches.
import { describe, it, expect, beforeAll, afterAll, beforeEach, run } from './vitest.js';

class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr'; this.code = 'E_MINE'; } }
const thrower = (e) => () => { throw e; };
const u8 = (...b) => new Uint8Array(b);

const cases = [
  ['toBe same', () => expect(1).toBe(1), true],
  ['toBe NaN', () => expect(NaN).toBe(NaN), true],
  ['toBe objects differ', () => expect({}).toBe({}), false],
  ['toBe -0', () => expect(0).toBe(-0), false],
  ['not.toBe', () => expect(1).not.toBe(2), true],
  ['toEqual nested', () => expect({ a: [1, { b: 'x' }], c: undefined }).toEqual({ a: [1, { b: 'x' }] }), true],
  ['toEqual differs', () => expect({ a: 1 }).toEqual({ a: 2 }), false],
  ['toEqual extra key', () => expect({ a: 1, b: 2 }).toEqual({ a: 1 }), false],
  ['toEqual Uint8Array', () => expect(u8(1, 2, 3)).toEqual(u8(1, 2, 3)), true],
  ['toEqual Uint8Array differs', () => expect(u8(1, 2, 3)).toEqual(u8(1, 2, 4)), false],
  ['toEqual Uint8Array vs array', () => expect(u8(1)).toEqual([1]), false],
  ['toEqual ArrayBuffer', () => expect(u8(5, 6).buffer).toEqual(u8(5, 6).buffer), true],
  ['toEqual ArrayBuffer differs', () => expect(u8(5, 6).buffer).toEqual(u8(5, 7).buffer), false],
  ['toEqual Date', () => expect(new Date(5)).toEqual(new Date(5)), true],
  ['toEqual Date differs', () => expect(new Date(5)).toEqual(new Date(6)), false],
  ['toEqual arrays length', () => expect([1, 2]).toEqual([1, 2, 3]), false],
  ['toEqual Map/Set', () => expect([new Map([['a', { x: 1 }]]), new Set([1])]).toEqual([new Map([['a', { x: 1 }]]), new Set([1])]), true],
  ['toEqual class vs plain', () => expect(new (class A { constructor() { this.x = 1; } })()).toEqual({ x: 1 }), true],
  ['toEqual asymmetric', () => expect({ a: 'abc', n: 2 }).toEqual({ a: expect.stringMatching(/^a/), n: expect.any(Number) }), true],
  ['toStrictEqual undefined key', () => expect({ a: 1, b: undefined }).toStrictEqual({ a: 1 }), false],
  ['toStrictEqual class vs plain', () => expect(new (class A { constructor() { this.x = 1; } })()).toStrictEqual({ x: 1 }), false],
  ['toStrictEqual same', () => expect({ a: [1, u8(2)] }).toStrictEqual({ a: [1, u8(2)] }), true],
  ['toBeInstanceOf', () => expect(new MyErr('x')).toBeInstanceOf(Error), true],
  ['toBeInstanceOf fails', () => expect({}).toBeInstanceOf(Uint8Array), false],
  ['toMatch string', () => expect('hello world').toMatch('lo w'), true],
  ['toMatch regexp', () => expect('hello').toMatch(/^h.l+o$/), true],
  ['toMatch fails', () => expect('hello').toMatch(/x/), false],
  ['toMatchObject', () => expect({ a: 1, b: { c: 2, d: 3 }, e: [1, { f: 1, g: 2 }] }).toMatchObject({ b: { c: 2 }, e: [1, { f: 1 }] }), true],
  ['toMatchObject fails', () => expect({ a: 1 }).toMatchObject({ a: 1, b: 2 }), false],
  ['toMatchObject array length', () => expect({ e: [1, 2] }).toMatchObject({ e: [1] }), false],
  ['toContain string', () => expect('abc').toContain('b'), true],
  ['toContain array', () => expect(['RS256', 'ES256']).toContain('ES256'), true],
  ['toContain fails', () => expect([{ a: 1 }]).toContain({ a: 1 }), false],
  ['toContainEqual', () => expect([{ a: 1 }]).toContainEqual({ a: 1 }), true],
  ['toHaveLength', () => expect(u8(1, 2)).toHaveLength(2), true],
  ['toHaveLength fails', () => expect('abc').toHaveLength(2), false],
  ['truthy/falsy/defined/null', () => { expect(1).toBeTruthy(); expect('').toBeFalsy(); expect(0).toBeDefined(); expect(undefined).toBeUndefined(); expect(null).toBeNull(); }, true],
  ['toBeTruthy fails', () => expect(0).toBeTruthy(), false],
  ['not.toBeNull fails', () => expect(null).not.toBeNull(), false],
  ['comparisons', () => { expect(2).toBeGreaterThan(1); expect(2).toBeGreaterThanOrEqual(2); expect(1).toBeLessThan(2); expect(2).toBeLessThanOrEqual(2); }, true],
  ['toBeGreaterThan fails', () => expect(1).toBeGreaterThan(1), false],
  ['toHaveProperty', () => expect({ a: { b: [0, { c: 5 }] } }).toHaveProperty('a.b[1].c', 5), true],
  ['toHaveProperty array path', () => expect({ 'x.y': 1 }).toHaveProperty(['x.y']), true],
  ['toHaveProperty wrong value', () => expect({ a: 1 }).toHaveProperty('a', 2), false],
  ['toHaveProperty missing', () => expect({ a: 1 }).toHaveProperty('b'), false],
  ['toThrow any', () => expect(thrower(new Error('x'))).toThrow(), true],
  ['toThrow none', () => expect(() => 1).toThrow(), false],
  ['not.toThrow', () => expect(() => 1).not.toThrow(), true],
  ['toThrow substring', () => expect(thrower(new Error('bad signature'))).toThrow('signature'), true],
  ['toThrow substring fails', () => expect(thrower(new Error('bad signature'))).toThrow('expired'), false],
  ['toThrow regexp', () => expect(thrower(new Error('bad signature'))).toThrow(/^bad/), true],
  ['toThrow class', () => expect(thrower(new MyErr('m'))).toThrow(MyErr), true],
  ['toThrow class fails', () => expect(thrower(new Error('m'))).toThrow(MyErr), false],
  ['toThrow object', () => expect(thrower(new MyErr('m'))).toThrow({ code: 'E_MINE', name: 'MyErr' }), true],
  ['toThrow object fails', () => expect(thrower(new MyErr('m'))).toThrow({ code: 'E_OTHER' }), false],
  ['rejects.toThrow class', () => expect(Promise.reject(new MyErr('m'))).rejects.toThrow(MyErr), true],
  ['rejects.toThrow object', () => expect(Promise.reject(new MyErr('m'))).rejects.toThrow({ code: 'E_MINE' }), true],
  ['rejects on resolved', () => expect(Promise.resolve(1)).rejects.toThrow(), false],
  ['resolves.toEqual', () => expect(Promise.resolve({ a: 1 })).resolves.toEqual({ a: 1 }), true],
  ['resolves on rejected', () => expect(Promise.reject(new Error('x'))).resolves.toBe(1), false],
  ['resolves.not.toBe', () => expect(Promise.resolve(1)).resolves.not.toBe(2), true],
];

const outcomes = [];
let hooks = [];
describe('matchers', () => {
  for (const [label, fn, shouldPass] of cases) {
    it(label, async () => {
      let passed = true;
      let err;
      try { await fn(); } catch (e) { passed = false; err = e; }
      outcomes.push(label);
      if (passed !== shouldPass) throw new Error(`${label}: expected assertion to ${shouldPass ? 'pass' : 'fail'}${err ? ` (${err.message})` : ''}`);
      if (err && !(typeof err.message === 'string' && err.message.length > 0)) throw new Error(`${label}: empty failure message`);
    });
  }
});

describe('runner', () => {
  beforeAll(() => { hooks.push('beforeAll'); });
  beforeEach(() => { hooks.push('beforeEach'); });
  afterAll(() => { hooks.push('afterAll'); });
  describe('nested', () => {
    it('runs hooks in order', () => expect(hooks).toEqual(['beforeAll', 'beforeEach']));
  });
  it.skip('is skipped', () => { throw new Error('must not run'); });
  it.skipIf(true)('skipIf(true) is skipped', () => { throw new Error('must not run'); });
  it.each([[1, 2, 3], [2, 2, 4]])('adds %i + %i = %i', (a, b, c) => expect(a + b).toBe(c));
  it('fails on timeout', () => new Promise(() => {}), 50);
  it('reports thrown errors', () => { throw new MyErr('boom'); });
});

const events = [];
const done = await run({ onEvent: (e) => events.push(e) });
const tests = events.filter((e) => e.type === 'test');
const problems = [];
for (const t of tests) {
  const expectFail = t.name.endsWith('fails on timeout') || t.name.endsWith('reports thrown errors');
  if (t.status === 'fail' && !expectFail) problems.push(`${t.name}: ${t.error.message}`);
  if (expectFail && t.status !== 'fail') problems.push(`${t.name}: expected failure, got ${t.status}`);
}
const byName = Object.fromEntries(tests.map((t) => [t.name, t]));
if (!/timed out after 50 ms/.test(byName['runner > fails on timeout']?.error?.message)) problems.push('timeout message');
if (!/MyErr: boom.*E_MINE/.test(byName['runner > reports thrown errors']?.error?.message)) problems.push(`error message: ${byName['runner > reports thrown errors']?.error?.message}`);
if (!byName['runner > adds 2 + 2 = 4'] || byName['runner > adds 2 + 2 = 4'].status !== 'pass') problems.push('it.each naming');
if (!hooks.includes('afterAll')) problems.push('afterAll not run');
if (outcomes.length !== cases.length) problems.push('not all cases ran');
if (done.skipped !== 2 || done.failed !== 2 || done.passed !== cases.length + 3) problems.push(`counts ${JSON.stringify(done)}`);

if (problems.length) {
  console.error(`shim selftest FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`shim selftest: ${cases.length} matcher cases ok; ${done.passed} passed, 2 failed (expected), ${done.skipped} skipped (expected)`);
