/**
 * JWS Compact Serialization (RFC 7515 §7.1), with detached content (RFC 7515 Appendix F) and
 * unencoded payloads (RFC 7797 §5.2).
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { copyBytes } from '../encoding/bytes.js';
import { kindOf } from '../encoding/show.js';
import { requireAlgorithm } from '../jwa/algorithms.js';
import { asJoseError, JoseInvalidOptions, JwsInvalid } from '../errors.js';
import type { Key } from '../keys/types.js';
import { readOptions } from '../options.js';
import { migrationHint } from '../options-migration.js';
import { parseProtectedHeader, type JoseHeader } from './header.js';
import { compileJwsOptions, JWS_VERIFY_OPTION_NAMES, type CompiledJwsOptions, type JwsVerifyOptions } from './options.js';
import { buildHeader, createSignature, HEADER_OPTION_NAMES, payloadBytes, signingInput, payloadText, type HeaderOptions } from './sign.js';
import { detachedBytes, verifyJwsSignature, type KeyOrResolver, type PayloadSource } from './verify.js';

/** Options of {@link signCompact}. */
export interface SignCompactOptions extends HeaderOptions {
  /** `false` for an RFC 7797 unencoded payload (`b64` is then added to `crit`). */
  b64?: boolean;
  /** Leave the payload out of the token (`header..signature`); send it separately. */
  detached?: boolean;
}

/** Options of {@link verifyCompact}. */
export interface VerifyCompactOptions extends JwsVerifyOptions {
  /** The payload of a detached JWS (`header..signature`). */
  detachedPayload?: Uint8Array | string;
}

/** The result of a successful verification. */
export interface VerifyCompactResult {
  /** The verified payload bytes. */
  payload: Uint8Array;
  /** The protected header. */
  header: JoseHeader;
  /** The key that verified the signature. */
  key: CryptoKey;
}

/**
 * Signs a payload into a JWS Compact Serialization.
 *
 * @example
 * ```ts
 * const token = await signCompact('hello', secret, { alg: 'HS256', kid: 'k1' });
 * ```
 */
export async function signCompact(payload: Uint8Array | string, key: Key, options: SignCompactOptions): Promise<string> {
  try {
    if (typeof options !== 'object' || options === null) throw new JoseInvalidOptions('options with "alg" are required', { step: 'options' });
    const opts = readOptions<SignCompactOptions>(options, [...HEADER_OPTION_NAMES, 'b64', 'detached'], 'signCompact', 'reject', migrationHint);
    const entry = requireAlgorithm(opts.alg, 'options');
    const bytes = payloadBytes(payload);
    const header = buildHeader({ ...opts, alg: entry.alg });
    const b64 = header.b64 !== false;
    const detached = opts.detached ?? false;
    if (typeof detached !== 'boolean') throw new JoseInvalidOptions('"detached" must be a boolean', { step: 'options' });
    // An unencoded payload sits in the token as text, so it cannot contain "." (RFC 7797 §5.2).
    if (!detached && !b64 && bytes.includes(0x2e)) {
      throw new JoseInvalidOptions('an unencoded (b64: false) compact payload cannot contain "."; use detached: true', { step: 'options' });
    }
    const segment = detached ? '' : payloadText(bytes, b64);
    const protectedB64 = b64encode(JSON.stringify(header));
    const signature = await createSignature(entry, key, signingInput(protectedB64, bytes, b64));
    return `${protectedB64}.${segment}.${signature}`;
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the payload, key or options');
  }
}

/** The three segments of a compact JWS (an RFC 7797 payload may itself contain "."). */
export interface CompactSegments {
  readonly headerSegment: string;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
}

/** A hint at what a string that is not a compact JWS may be instead, or ''. */
function notCompactHint(token: string, segments: number): string {
  if (/^bearer\s/i.test(token)) return ' (it starts with the "Bearer " scheme: pass only the token after it)';
  if (segments === 5) return ' (5 segments: this looks like a JWE, an encrypted token, which josekit does not decrypt)';
  if (token.includes('~')) return ' (it contains "~": this looks like an SD-JWT; the issuer-signed JWT is the part before the first "~")';
  return '';
}

/**
 * Splits a compact JWS into exactly three segments, after the type and length checks. An
 * RFC 7797 unencoded payload cannot contain "." (§5.2), so every compact JWS has exactly two.
 */
export function splitCompact(token: unknown, maxTokenLength: number): CompactSegments {
  if (typeof token !== 'string') throw new JwsInvalid(`the token must be a string, got ${kindOf(token)}`, { step: 'split' });
  if (token.length > maxTokenLength) {
    throw new JwsInvalid(`the token is ${token.length} characters, over maxTokenLength ${maxTokenLength}`, { step: 'split' });
  }
  const firstDot = token.indexOf('.');
  const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1);
  if (secondDot === -1 || token.indexOf('.', secondDot + 1) !== -1) {
    const segments = token.split('.').length;
    throw new JwsInvalid(`the token has ${segments} segment${segments === 1 ? '' : 's'}; a compact JWS has 3 (header.payload.signature)${notCompactHint(token, segments)}`, {
      step: 'split',
    });
  }
  const headerSegment = token.slice(0, firstDot);
  const signatureSegment = token.slice(secondDot + 1);
  // Caught here only to say what the token looks like; the segment decoders refuse these anyway.
  const hint = /^bearer\s/i.test(headerSegment) || signatureSegment.includes('~') ? notCompactHint(token, 3) : '';
  if (hint) throw new JwsInvalid(`the token is not a compact JWS${hint}`, { step: 'split' });
  return { headerSegment, payloadSegment: token.slice(firstDot + 1, secondDot), signatureSegment };
}

/** verifyCompact with options already compiled (used by the JWT layer and factories). */
export function verifyCompactCompiled(
  token: unknown,
  keyOrResolver: KeyOrResolver<string>,
  options: CompiledJwsOptions,
  detachedPayload?: Uint8Array,
  emptyPayloadHint = ' (the payload segment is empty: if the payload is detached, pass it as detachedPayload)',
): (VerifyCompactResult & { b64: boolean }) | Promise<VerifyCompactResult & { b64: boolean }> {
  const { headerSegment, payloadSegment, signatureSegment } = splitCompact(token, options.maxTokenLength);
  const protectedHeader = parseProtectedHeader(headerSegment, options.maxTokenLength, options.padding);
  let source: PayloadSource;
  if (detachedPayload !== undefined) {
    if (payloadSegment !== '') throw new JwsInvalid('the token carries a payload, but detachedPayload was also given', { step: 'decode payload' });
    source = { detached: detachedPayload };
  } else {
    source = payloadSegment === '' ? { segment: payloadSegment, hint: emptyPayloadHint } : { segment: payloadSegment };
  }
  const parts = { protectedSegment: headerSegment, protectedHeader, unprotectedHeader: undefined, signatureSegment };
  return verifyJwsSignature(parts, source, keyOrResolver, options, token);
}

/**
 * Verifies a JWS Compact Serialization. The token's `alg` must be in `algorithms`; the key (or
 * the key the resolver returns) must fit that alg.
 *
 * @example
 * ```ts
 * const { payload, header } = await verifyCompact(token, secret, { algorithms: ['HS256'] });
 * ```
 */
export async function verifyCompact(
  token: string,
  keyOrResolver: KeyOrResolver<string>,
  options: VerifyCompactOptions,
): Promise<VerifyCompactResult> {
  try {
    const opts = readOptions<VerifyCompactOptions>(options, [...JWS_VERIFY_OPTION_NAMES, 'detachedPayload'], 'verifyCompact', 'reject', migrationHint);
    // Copied first: nothing below may see the caller's bytes change.
    const detached = opts.detachedPayload === undefined ? undefined : detachedBytes(opts.detachedPayload);
    const compiled = compileJwsOptions(options);
    const { payload, header, key } = await verifyCompactCompiled(token, keyOrResolver, compiled, detached);
    // A copy the caller owns (a decoded segment may share memory with other data).
    return { payload: copyBytes(payload), header, key };
  } catch (err) {
    throw asJoseError(err, JwsInvalid, 'split', 'the token, key or options');
  }
}
