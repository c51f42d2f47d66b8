/**
 * Byte-array helpers that work across realms (VM contexts, iframes).
 *
 * @module
 */

/**
 * The engine's own name of a typed array ("Uint8Array", "Float64Array", …) or undefined: the
 * %TypedArray%.prototype[Symbol.toStringTag] getter reads an internal slot, so neither an own
 * Symbol.toStringTag nor a subclass can fake it, and it works across realms.
 */
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!.get!;

/**
 * True for a real Uint8Array (or a subclass such as Node's Buffer), also from another realm; false
 * for a DataView or another typed array dressed up with a Symbol.toStringTag of "Uint8Array".
 */
export function isUint8Array(value: unknown): value is Uint8Array {
  return typedArrayName.call(value) === 'Uint8Array';
}

/**
 * A plain Uint8Array copy of the bytes, read through the engine (not the object's own methods,
 * which a subclass such as Buffer may change: Buffer#slice returns a view, not a copy).
 */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
