/**
 * Node KeyObjects, handled through the object's own `export` method so that the portable code
 * never imports `node:crypto`. Whatever `export` throws or returns is checked: a KeyObject-like
 * value that misbehaves ends in a josekit error.
 *
 * @module
 */

import { JoseKeyInvalid, JoseNotSupported, type JoseError, type JoseStep } from '../errors.js';
import { errorText } from '../options.js';
import { isPlainObject, isUint8Array, type KeyObjectLike } from './types.js';

/** Node's code for a key type that has no JWK form (DSA, DH, …). */
const JWK_UNSUPPORTED = 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE';

function exportFailure(err: unknown, what: string, step: JoseStep): JoseError {
  let code: unknown;
  try {
    code = (err as { code?: unknown } | null)?.code;
  } catch {
    code = undefined;
  }
  const message = `the KeyObject cannot be exported as ${what}: ${errorText(err)}`;
  return code === JWK_UNSUPPORTED ? new JoseNotSupported(message, { step, cause: err }) : new JoseKeyInvalid(message, { step, cause: err });
}

/** The KeyObject's type ("secret", "public" or "private"), read once. */
export function keyObjectType(key: KeyObjectLike, step: JoseStep): 'secret' | 'public' | 'private' {
  let type: unknown;
  try {
    type = key.type;
  } catch (err) {
    throw new JoseKeyInvalid(`the KeyObject's type cannot be read: ${errorText(err)}`, { step, cause: err });
  }
  if (type !== 'secret' && type !== 'public' && type !== 'private') throw new JoseKeyInvalid('the KeyObject has no key type', { step });
  return type;
}

/** The KeyObject as a JWK (public or private members, as the KeyObject holds them). */
export function keyObjectToJwk(key: KeyObjectLike, step: JoseStep): Record<string, unknown> {
  let jwk: unknown;
  try {
    jwk = key.export({ format: 'jwk' });
  } catch (err) {
    throw exportFailure(err, 'a JWK', step);
  }
  if (!isPlainObject(jwk)) throw new JoseKeyInvalid('the KeyObject exported something that is not a JWK object', { step });
  return jwk;
}

/** The KeyObject's SPKI (public keys) or PKCS#8 (private keys) DER bytes. */
export function keyObjectToDer(key: KeyObjectLike, format: 'spki' | 'pkcs8', step: JoseStep): Uint8Array {
  let der: unknown;
  try {
    der = key.export({ type: format, format: 'der' });
  } catch (err) {
    throw exportFailure(err, format === 'spki' ? 'SPKI' : 'PKCS#8', step);
  }
  if (!isUint8Array(der)) throw new JoseKeyInvalid(`the KeyObject exported something that is not ${format === 'spki' ? 'SPKI' : 'PKCS#8'} DER bytes`, { step });
  try {
    // Node returns a Buffer, possibly a view into a shared pool: keep only our own copy.
    return new Uint8Array(der);
  } catch (err) {
    throw new JoseKeyInvalid('the KeyObject exported bytes that cannot be read', { step, cause: err });
  }
}
