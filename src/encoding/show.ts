/**
 * Shows any value in an error message, faithfully and briefly, without ever throwing: strings
 * are quoted, numbers, booleans, bigints and symbols keep their own form (`5`, `5n`,
 * `Symbol(x)`), arrays and plain objects are shown as JSON when they can be, and anything else
 * by its kind. Long output is cut. Values in tokens and keys are attacker-controlled: a message
 * must never be where a hostile value (a throwing `toJSON`, a cycle, a bigint) breaks the
 * error path.
 *
 * @module
 */

const MAX_SHOWN = 80;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A short, faithful rendering of `value` for an error message. */
export function show(value: unknown, max = MAX_SHOWN): string {
  try {
    switch (typeof value) {
      case 'string':
        return cut(JSON.stringify(value), max);
      case 'number':
      case 'boolean':
        return String(value);
      case 'undefined':
        return 'undefined';
      case 'bigint':
        return `${value}n`;
      case 'symbol':
        return cut(value.toString(), max);
      case 'function':
        return 'a function';
    }
    if (value === null) return 'null';
    if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      const json = JSON.stringify(value);
      if (typeof json === 'string') return cut(json, max);
    }
  } catch {
    // A throwing getter, toJSON or proxy trap, a cycle, a bigint inside: fall through to the kind.
  }
  return isArray(value) ? 'an array' : 'an object';
}

/** Array.isArray, false for a revoked Proxy (on which Array.isArray itself throws). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** `typeof`, with `null` and arrays told apart: for "must be a string, got …" messages. Never throws. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (isArray(value)) return 'an array';
  return typeof value;
}
