/**
 * JSON read strictly, for what the command signs: JSON.parse keeps the last of two members with
 * the same name and rounds a number it cannot hold, both silently. A token signed from such text
 * says something other than what was written, so both are refused here.
 *
 * @module
 */

import { UsageError } from './usage.js';

/** An object or array being walked: its path, and what the next value is called. */
type Frame =
  | { readonly kind: 'object'; readonly path: string; readonly names: Set<string>; expectName: boolean; name: string }
  | { readonly kind: 'array'; readonly path: string; index: number };

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A decimal number as sign, significant digits and exponent: equal keys, equal values. */
function decimalKey(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  let digits = match[2]! + (match[3] ?? '');
  let exponent = Number(match[4] ?? 0) + match[2]!.length;
  const leading = /^0*/.exec(digits)![0].length;
  digits = digits.slice(leading).replace(/0+$/, '');
  exponent -= leading;
  return digits === '' ? '0' : `${match[1]}${digits}e${exponent}`;
}

/** The path of a member for messages: `$.a.b[2]`, with names that are not identifiers quoted. */
function member(path: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/**
 * Why `text` (already valid JSON) does not say exactly one thing, or undefined: a duplicate
 * member name, or a number that JavaScript's numbers cannot hold exactly (it would be signed
 * as another number).
 */
export function strictJsonProblem(text: string): string | undefined {
  const stack: Frame[] = [];
  const here = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '$';
    return top.kind === 'object' ? member(top.path, top.name) : `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectName) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.names.has(name)) {
          return `the member ${JSON.stringify(name)} appears twice in ${top.path === '$' ? 'the claims' : top.path}: JSON.parse would keep the last one silently, and josekit refuses duplicate member names when it verifies a token, so it does not sign them either`;
        }
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
      i = end + 1;
    } else if (c === '{' || c === '[') {
      const path = here();
      stack.push(c === '{' ? { kind: 'object', path, names: new Set(), expectName: true, name: '' } : { kind: 'array', path, index: 0 });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectName = true;
      else if (top?.kind === 'array') top.index++;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      const value = Number(literal);
      if (!Number.isFinite(value) || decimalKey(literal) !== decimalKey(String(value))) {
        const as = Number.isFinite(value) ? `it would be signed as ${String(value)}` : 'it is beyond the largest number JSON parsers hold';
        return `the number ${literal} at ${here()} cannot be held exactly (${as}): write it with at most 15 significant digits, or as a string`;
      }
      i += literal.length;
    } else {
      i++;
    }
  }
  return undefined;
}

/** Parses JSON strictly (see {@link strictJsonProblem}); `what` names the input in errors. */
export function parseStrictJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} is not JSON: ${(err as Error).message}`);
  }
  const problem = strictJsonProblem(text);
  if (problem !== undefined) throw new UsageError(`${what}: ${problem}`);
  return value;
}
