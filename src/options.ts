/**
 * Reading a caller's options object safely: whatever is passed (null, a number, a Proxy whose
 * traps throw, an object with throwing getters), the result is a plain snapshot of the known
 * option names or a JoseInvalidOptions. Functions then validate the snapshot's values, and never
 * touch the caller's object again (so a getter cannot answer differently the second time).
 *
 * @module
 */

import { kindOf } from './encoding/show.js';
import { errorText, JoseInvalidOptions } from './errors.js';

export { errorText };

/**
 * A snapshot of the options named in `known`: `undefined` gives an empty snapshot; anything
 * that is not an object, or whose members cannot be read, is a JoseInvalidOptions naming `where`.
 */
export function readOptions<T extends object>(value: unknown, known: readonly (keyof T & string)[], where: string): Partial<T> {
  const snapshot = Object.create(null) as Partial<T>;
  if (value === undefined) return snapshot;
  if (typeof value !== 'object' || value === null || kindOf(value) === 'an array') {
    throw new JoseInvalidOptions(`the options of ${where} must be an object, got ${kindOf(value)}`, { step: 'options' });
  }
  for (const name of known) {
    let member: unknown;
    try {
      member = (value as Record<string, unknown>)[name];
    } catch (err) {
      throw new JoseInvalidOptions(`option "${name}" of ${where} cannot be read: ${errorText(err)}`, { step: 'options', cause: err });
    }
    if (member !== undefined) (snapshot as Record<string, unknown>)[name] = member;
  }
  return snapshot;
}


