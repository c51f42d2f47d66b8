/**
 * JWS Compact Serialization (RFC 7515 §7.1), with detached content (RFC 7515 Appendix F) and
 * unencoded payloads (RFC 7797 §5.2).
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { requireAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JwsInvalid } from '../errors.js';
import { isUint8Array, type Key } from '../keys/types.js';
import { parseProtectedHeader, type JoseHeader } from './header.js';
import { compileJwsOptions, type CompiledJwsOptions, type JwsVerifyOptions } from './options.js';
import { buildHeader, createSignature, payloadBytes, signingInput, payloadText, type HeaderOptions } from './sign.js';
import { verifyJwsSignature, type KeyOrResolver, type PayloadSource } from './verify.js';

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
  if (typeof options !== 'object' || options === null) throw new JoseInvalidOptions('options with "alg" are required', { step: 'options' });
  const entry = requireAlgorithm(options.alg, 'options');
  const bytes = payloadBytes(payload);
  const header = buildHeader({ ...options, alg: entry.alg });
  const b64 = header.b64 !== false;
  const detached = options.detached ?? false;
  if (typeof detached !== 'boolean') throw new JoseInvalidOptions('"detached" must be a boolean', { step: 'options' });
  // An unencoded payload sits in the token as text, so it cannot contain "." (RFC 7797 §5.2).
  if (!detached && !b64 && bytes.includes(0x2e)) {
    throw new JoseInvalidOptions('an unencoded (b64: false) compact payload cannot contain "."; use detached: true', { step: 'options' });
  }
  const segment = detached ? '' : payloadText(bytes, b64);
  const protectedB64 = b64encode(JSON.stringify(header));
  const signature = await createSignature(entry, key, signingInput(protectedB64, bytes, b64));
  return `${protectedB64}.${segment}.${signature}`;
}

/** The three segments of a compact JWS (an RFC 7797 payload may itself contain "."). */
export interface CompactSegments {
  readonly headerSegment: string;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
}

/** Splits a compact JWS at its first and last ".", after the type and length checks. */
export function splitCompact(token: unknown, maxTokenLength: number): CompactSegments {
  if (typeof token !== 'string') throw new JwsInvalid(`the token must be a string, got ${token === null ? 'null' : typeof token}`, { step: 'split' });
  if (token.length > maxTokenLength) {
    throw new JwsInvalid(`the token is ${token.length} characters, over maxTokenLength ${maxTokenLength}`, { step: 'split' });
  }
  const firstDot = token.indexOf('.');
  const lastDot = token.lastIndexOf('.');
  if (firstDot === -1 || firstDot === lastDot) {
    const segments = firstDot === -1 ? 1 : 2;
    throw new JwsInvalid(`the token has ${segments} segment${segments === 1 ? '' : 's'}; a compact JWS has 3 (header.payload.signature)`, { step: 'split' });
  }
  return {
    headerSegment: token.slice(0, firstDot),
    payloadSegment: token.slice(firstDot + 1, lastDot),
    signatureSegment: token.slice(lastDot + 1),
  };
}

/** verifyCompact with options already compiled (used by the JWT layer and factories). */
export async function verifyCompactCompiled(
  token: unknown,
  keyOrResolver: KeyOrResolver<string>,
  options: CompiledJwsOptions,
  detachedPayload?: Uint8Array | string,
  emptyPayloadHint = ' (the payload segment is empty: if the payload is detached, pass it as detachedPayload)',
): Promise<VerifyCompactResult & { b64: boolean }> {
  const { headerSegment, payloadSegment, signatureSegment } = splitCompact(token, options.maxTokenLength);
  const protectedHeader = parseProtectedHeader(headerSegment, options.maxTokenLength);
  if (protectedHeader.b64 !== false && payloadSegment.includes('.')) {
    throw new JwsInvalid(`the token has ${(token as string).split('.').length} segments; a compact JWS has 3 (header.payload.signature)`, { step: 'split' });
  }
  let source: PayloadSource;
  if (detachedPayload !== undefined) {
    if (payloadSegment !== '') throw new JwsInvalid('the token carries a payload, but detachedPayload was also given', { step: 'decode payload' });
    source = { detached: typeof detachedPayload === 'string' ? utf8Encode(detachedPayload) : detachedPayload };
  } else {
    source = payloadSegment === '' ? { segment: payloadSegment, hint: emptyPayloadHint } : { segment: payloadSegment };
  }
  const parts = { protectedSegment: headerSegment, protectedHeader, unprotectedHeader: undefined, signatureSegment };
  const { payload, header, key, b64 } = await verifyJwsSignature(parts, source, keyOrResolver, options, token);
  return { payload, header, key, b64 };
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
  const compiled = compileJwsOptions(options);
  const detached = options.detachedPayload;
  if (detached !== undefined && typeof detached !== 'string' && !isUint8Array(detached)) {
    throw new JoseInvalidOptions('"detachedPayload" must be a Uint8Array or a string', { step: 'options' });
  }
  const { payload, header, key } = await verifyCompactCompiled(token, keyOrResolver, compiled, detached);
  return { payload, header, key };
}
