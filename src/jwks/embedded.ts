/**
 * The explicit opt-in to a key carried in the token's own `jwk` header. Such a key proves only
 * that the token was signed by whoever holds it; pin the keys you trust with `thumbprints`.
 *
 * @module
 */

import { show } from '../encoding/show.js';
import { asJoseError, JoseInvalidOptions, JoseKeyInvalid } from '../errors.js';
import { readOptions } from '../options.js';
import type { JoseHeader } from '../jws/header.js';
import type { KeyResolver } from '../jws/verify.js';
import { jwkThumbprint } from '../keys/thumbprint.js';
import { isPlainObject, type Jwk } from '../keys/types.js';

/** Options of {@link embeddedJwk}. */
export interface EmbeddedJwkOptions {
  /** If given, only keys whose RFC 7638 SHA-256 thumbprint is listed are accepted. */
  thumbprints?: readonly string[];
}

/**
 * A resolver that uses the header's `jwk` (public keys only; its `alg`, if any, must match).
 *
 * @example
 * ```ts
 * const { payload } = await verifyCompact(token, embeddedJwk({ thumbprints: [pinned] }), { algorithms: ['ES256'] });
 * ```
 */
export function embeddedJwk(options?: EmbeddedJwkOptions): KeyResolver<unknown> {
  try {
    const pinned = readOptions<EmbeddedJwkOptions>(options, ['thumbprints'], 'embeddedJwk').thumbprints;
    if (pinned !== undefined && (!Array.isArray(pinned) || pinned.some((t) => typeof t !== 'string'))) {
      throw new JoseInvalidOptions('"thumbprints" must be an array of strings', { step: 'options' });
    }
    const allowed = pinned && new Set(pinned);
    return async (header: JoseHeader) => {
      let jwk: unknown;
      try {
        jwk = isPlainObject(header) ? header.jwk : undefined;
      } catch (err) {
        throw asJoseError(err, JoseKeyInvalid, 'resolve key', 'the header');
      }
      const fail = (message: string): never => {
        throw new JoseKeyInvalid(message, { step: 'resolve key' });
      };
      if (!isPlainObject(jwk)) fail('the header has no "jwk" object');
      const key = jwk as Jwk;
      if (key.kty === 'oct') fail('an embedded "jwk" cannot be a symmetric key');
      for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        if (key[name] !== undefined) fail(`the embedded "jwk" holds private key material ("${name}")`);
      }
      if (key.alg !== undefined && key.alg !== header.alg) fail(`the embedded "jwk" is for alg ${show(key.alg)}, the token uses ${show(header.alg)}`);
      if (allowed && !allowed.has(await jwkThumbprint(key))) fail('the embedded "jwk" is not one of the pinned thumbprints');
      return key;
    };
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the options');
  }
}
