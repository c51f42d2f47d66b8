/**
 * Verify options, validated once. Factories (`createJwtVerifier`) keep the compiled form so the
 * hot path does no option work.
 *
 * @module
 */

import { requireAlgorithm } from '../jwa/algorithms.js';
import { kindOf, show } from '../encoding/show.js';
import { JoseInvalidOptions } from '../errors.js';
import { readOptions } from '../options.js';
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

/** The names of {@link JwsVerifyOptions}. */
export const JWS_VERIFY_OPTION_NAMES = ['algorithms', 'crit', 'maxTokenLength'] as const;

/** A copy of an array option, read once (a sparse array or a throwing element is refused). */
function arrayCopy(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) fail(`"${name}" must be an array, got ${kindOf(value)}`);
  try {
    return Array.from(value as unknown[]);
  } catch {
    return fail(`"${name}" cannot be read as an array`);
  }
}

/** Validates verify options; throws JoseInvalidOptions (or JoseNotSupported for unknown algs). */
export function compileJwsOptions(options: JwsVerifyOptions | undefined): CompiledJwsOptions {
  if (typeof options !== 'object' || options === null) {
    fail('verify options are required and must include a non-empty "algorithms" allowlist, e.g. { algorithms: ["ES256"] }');
  }
  const given = readOptions<JwsVerifyOptions>(options, JWS_VERIFY_OPTION_NAMES, 'verify', 'ignore');
  if (!Array.isArray(given.algorithms) || given.algorithms.length === 0) {
    fail('"algorithms" must be a non-empty array: pin the algorithms you accept, e.g. { algorithms: ["ES256"] }');
  }
  const algorithms = arrayCopy(given.algorithms, 'algorithms');
  for (const alg of algorithms) requireAlgorithm(alg, 'options');
  const crit = arrayCopy(given.crit ?? [], 'crit');
  if (crit.some((name) => typeof name !== 'string' || name.length === 0)) fail('"crit" must be an array of extension header parameter names');
  for (const name of crit as string[]) {
    if (REGISTERED_HEADER_NAMES.has(name)) fail(`"crit" cannot list the registered header parameter "${name}"`);
  }
  const maxTokenLength = given.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength <= 0) fail(`"maxTokenLength" must be a positive integer, got ${show(maxTokenLength)}`);
  return { algorithms: new Set(algorithms as string[]), crit: new Set(crit as string[]), maxTokenLength };
}
