/**
 * Verify options, validated once. Factories (`createJwtVerifier`) keep the compiled form so the
 * hot path does no option work.
 *
 * @module
 */

import { requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions } from '../errors.js';
import { REGISTERED_HEADER_NAMES } from './header.js';

/** Default longest accepted token (compact) or JWS JSON text, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 64 * 1024;

/** Options shared by every JWS verify function. */
export interface JwsVerifyOptions {
  /** The algorithms this verifier accepts. Required, non-empty; `none` is never accepted. */
  algorithms: readonly string[];
  /**
   * Extension header parameters your application understands and processes. A token whose
   * `crit` lists anything else is rejected (RFC 7515 §4.1.11). `b64` (RFC 7797) is built in.
   */
  crit?: readonly string[];
  /** Longest accepted token, in characters. Default 65536 (64 KiB). */
  maxTokenLength?: number;
}

/** The validated, ready-to-use form of {@link JwsVerifyOptions}. */
export interface CompiledJwsOptions {
  readonly algorithms: ReadonlySet<string>;
  readonly crit: ReadonlySet<string>;
  readonly maxTokenLength: number;
}

function fail(message: string): never {
  throw new JoseInvalidOptions(message, { step: 'options' });
}

/** Validates verify options; throws JoseInvalidOptions (or JoseNotSupported for unknown algs). */
export function compileJwsOptions(options: JwsVerifyOptions | undefined): CompiledJwsOptions {
  if (typeof options !== 'object' || options === null) {
    fail('verify options are required and must include a non-empty "algorithms" allowlist, e.g. { algorithms: ["ES256"] }');
  }
  const { algorithms, crit = [], maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH } = options;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    fail('"algorithms" must be a non-empty array: pin the algorithms you accept, e.g. { algorithms: ["ES256"] }');
  }
  for (const alg of algorithms) requireAlgorithm(alg, 'options');
  if (!Array.isArray(crit) || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
    fail('"crit" must be an array of extension header parameter names');
  }
  for (const name of crit) {
    if (REGISTERED_HEADER_NAMES.has(name)) fail(`"crit" cannot list the registered header parameter "${name}"`);
  }
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength <= 0) fail('"maxTokenLength" must be a positive integer');
  return { algorithms: new Set(algorithms), crit: new Set(crit), maxTokenLength };
}
