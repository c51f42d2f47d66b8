/**
 * Verify options, validated once. Factories (`createJwtVerifier`) keep the compiled form so the
 * hot path does no option work.
 *
 * @module
 */

import { requireAlgorithm, type JwsAlgorithm } from '../jwa/algorithms.js';
import { kindOf, show } from '../encoding/show.js';
import { JoseInvalidOptions } from '../errors.js';
import { readOptions } from '../options.js';
import { REGISTERED_HEADER_NAMES } from './header.js';
import type { PaddingRule } from './segment.js';

/** Default longest accepted token (compact) or JWS JSON text, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 64 * 1024;

/** Options shared by every JWS verify function. */
export interface JwsVerifyOptions {
  /** The algorithms this verifier accepts. Required, non-empty; `none` is never accepted. */
  algorithms: readonly JwsAlgorithm[];
  /**
   * Extension header parameters your application understands and processes. A token whose
   * `crit` lists anything else is rejected (RFC 7515 §4.1.11). `b64` (RFC 7797) is built in.
   */
  crit?: readonly string[];
  /** Longest accepted token, in characters. Default 65536 (64 KiB). */
  maxTokenLength?: number;
  /**
   * Verify tokens signed with an HMAC secret shorter than the hash output (32 bytes for HS256,
   * 48 for HS384, 64 for HS512), such as legacy tokens from `jwt.sign(payload, 'keyboard cat')`.
   * Applies to a secret given as a `Uint8Array` or an `oct` JWK (also one a resolver returns); a
   * CryptoKey or KeyObject must still meet the minimum.
   *
   * Off by default because RFC 7518 §3.2 requires a key of at least the hash output size (and
   * RFC 8725 §3.5 forbids using a password directly): a short secret, often a password, can be
   * guessed offline from a single token, after which anyone can mint tokens. Turn it on only while you rotate to a secret of at least that size. It changes
   * nothing else: an empty secret is still refused, signing with a short secret stays refused
   * everywhere, and the CryptoKey made from a short secret can only verify.
   *
   * @example
   * ```ts
   * const legacy = new TextEncoder().encode('keyboard cat');
   * const { payload } = await verifyJwt(token, legacy, { algorithms: ['HS256'], allowShortSecret: true });
   * ```
   */
  allowShortSecret?: boolean;
  /**
   * Accept a compact token whose segments end in base64 `=` padding, as AWS Application Load
   * Balancer tokens (`x-amzn-oidc-data`) do. Only padding is tolerated, and only the amount the
   * segment's length needs ("==" after 4n+2 characters, "=" after 4n+3, none after 4n); the rest
   * of the segment must still be canonical base64url (no whitespace, `+` or `/`, zero unused
   * bits). The signature is checked over the header and payload segments exactly as they appear,
   * padding included, which is what such issuers sign (for an unpadded token this is the JWS
   * Signing Input of RFC 7515 §5.2). Compact serialisation only (verifyCompact, verifyJwt,
   * createJwtVerifier; decodeJwt and decodeHeader take it too); a detached payload is still
   * encoded unpadded.
   *
   * Off by default because JOSE's base64url has no padding (RFC 7515 §2, used by §5.2): with one
   * accepted text per token, a token cannot be varied without changing what it says, and a
   * second spelling of the same token defeats caches and deny-lists keyed by the token text.
   *
   * For ALB tokens, also compare the header's `signer` with your load balancer's ARN, as AWS advises.
   *
   * @example
   * ```ts
   * // AWS ALB: ES256; the PEM public key is at https://public-keys.auth.elb.<region>.amazonaws.com/<kid>
   * const albKey = await importSpki(pem, 'ES256');
   * const { payload, header } = await verifyJwt(request.headers.get('x-amzn-oidc-data')!, albKey, {
   *   algorithms: ['ES256'], allowPadding: true,
   * });
   * if (header.signer !== MY_ALB_ARN) throw new Error('token from another load balancer');
   * ```
   */
  allowPadding?: boolean;
}

/** The validated, ready-to-use form of {@link JwsVerifyOptions}. */
export interface CompiledJwsOptions {
  readonly algorithms: ReadonlySet<string>;
  readonly crit: ReadonlySet<string>;
  readonly maxTokenLength: number;
  /** A short HMAC secret (Uint8Array or oct JWK) may verify. */
  readonly allowShortSecret: boolean;
  /** How `=` padding in a segment is treated. */
  readonly padding: PaddingRule;
}

function fail(message: string): never {
  throw new JoseInvalidOptions(message, { step: 'options' });
}

/** The names of {@link JwsVerifyOptions}: the options of the compact verifiers (verifyCompact, verifyJwt). */
export const JWS_VERIFY_OPTION_NAMES = ['algorithms', 'crit', 'maxTokenLength', 'allowShortSecret', 'allowPadding'] as const;

/** The options of the JWS JSON verifiers (verifyFlattened, verifyGeneral): all but `allowPadding`. */
export const JSON_VERIFY_OPTION_NAMES = JWS_VERIFY_OPTION_NAMES.filter((name) => name !== 'allowPadding');

/** Options of the JWS JSON verifiers: `allowPadding` is for the compact serialisation only. */
export type JwsJsonVerifyOptions = Omit<JwsVerifyOptions, 'allowPadding'>;

/** Which serialisation the options are for: the JSON ones neither take nor mention `allowPadding`. */
export type JwsForm = 'compact' | 'json';

/** A copy of an array option, read once (a sparse array or a throwing element is refused). */
function arrayCopy(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) fail(`"${name}" must be an array, got ${kindOf(value)}`);
  try {
    return Array.from(value as unknown[]);
  } catch {
    return fail(`"${name}" cannot be read as an array`);
  }
}

/** A boolean option, false when absent. */
function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(`"${name}" must be a boolean, got ${kindOf(value)}`);
  return value;
}

/**
 * Validates verify options; throws JoseInvalidOptions (or JoseNotSupported for unknown algs).
 * `form` 'json' is for the JSON serialisations: `allowPadding` is not read (their callers refuse
 * it as an unknown option) and a padded segment is refused without naming it.
 */
export function compileJwsOptions(options: JwsVerifyOptions | JwsJsonVerifyOptions | undefined, form: JwsForm = 'compact'): CompiledJwsOptions {
  if (typeof options !== 'object' || options === null) {
    fail('verify options are required and must include a non-empty "algorithms" allowlist, e.g. { algorithms: ["ES256"] }');
  }
  const given = readOptions<JwsVerifyOptions>(options, form === 'compact' ? JWS_VERIFY_OPTION_NAMES : JSON_VERIFY_OPTION_NAMES, 'verify', 'ignore');
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
  const allowShortSecret = flag(given.allowShortSecret, 'allowShortSecret');
  const padding: PaddingRule = form === 'json' ? 'refuse' : flag(given.allowPadding, 'allowPadding') ? 'allow' : 'hint';
  return { algorithms: new Set(algorithms as string[]), crit: new Set(crit as string[]), maxTokenLength, allowShortSecret, padding };
}
