// The strict JSON object parser used for JOSE headers and JWT claims (internal module).
import { describe, expect, it } from 'vitest';
import { JsonError, parseJsonObject } from '../../src/encoding/json.js';

const parse = (text: string, maxLength = 1000, maxDepth?: number) => parseJsonObject(text, maxLength, maxDepth);

describe('strict JSON: objects only', () => {
  it('parses an object', () => {
    expect(parse('{"a":1,"b":{"c":[1,{"d":null}]}}')).toEqual({ a: 1, b: { c: [1, { d: null }] } });
  });
  for (const [name, input] of [
    ['array', '[1]'],
    ['string', '"x"'],
    ['number', '1'],
    ['null', 'null'],
    ['true', 'true'],
  ]) {
    it(`rejects a top-level ${name}`, () => {
      expect(() => parse(input!)).toThrow(/must be a JSON object/);
    });
  }
  it('rejects invalid JSON and trailing garbage', () => {
    expect(() => parse('{"a":1')).toThrow(JsonError);
    expect(() => parse('{"a":1}x')).toThrow(/not valid JSON/);
    expect(() => parse('{a:1}')).toThrow(/not valid JSON/);
  });
  it('does not count colons inside strings as members', () => {
    expect(parse('{"a:b":"c:d","e\\":":":"}')).toEqual({ 'a:b': 'c:d', 'e":': ':' });
  });
});

describe('strict JSON: duplicate member names are rejected at any depth', () => {
  it('top level', () => {
    expect(() => parse('{"alg":"HS256","alg":"none"}')).toThrow(/duplicate member name "alg"/);
  });
  it('nested object', () => {
    expect(() => parse('{"a":{"b":1,"b":2}}')).toThrow(/duplicate member name "b"/);
  });
  it('object inside an array', () => {
    expect(() => parse('{"a":[{"x":1},{"y":1,"y":1}]}')).toThrow(/duplicate member name "y"/);
  });
  it('names that differ only by escaping are the same name', () => {
    expect(() => parse('{"alg":"HS256","\\u0061lg":"none"}')).toThrow(/duplicate member name "alg"/);
  });
  it('the same name in sibling objects is fine', () => {
    expect(parse('{"a":{"x":1},"b":{"x":2}}')).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });
});

describe('strict JSON: limits', () => {
  it('rejects text over the length limit', () => {
    expect(() => parse(`{"a":"${'x'.repeat(100)}"}`, 50)).toThrow(/over the limit of 50/);
  });
  it('rejects nesting over the depth limit', () => {
    const deep = '{"a":'.repeat(5) + '1' + '}'.repeat(5);
    expect(parse(deep, 1000, 5)).toBeDefined();
    expect(() => parse(deep, 1000, 4)).toThrow(/more than 4 levels deep/);
  });
});

describe('strict JSON: __proto__ stays an own data property', () => {
  it('does not change the prototype', () => {
    const value = parse('{"__proto__":{"polluted":true},"a":1}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
