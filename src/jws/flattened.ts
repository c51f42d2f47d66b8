/**
 * Flattened JWS JSON Serialization (RFC 7515 §7.2.2): one signature, protected and unprotected
 * headers, detached and unencoded payloads.
 *
 * @module
 */

import { copyBytes } from '../encoding/bytes.js';
import { asJoseError, JoseInvalidOptions, JwsInvalid } from '../errors.js';
import { readOptions } from '../options.js';
import { isPlainObject, type Key } from '../keys/types.js';
import type { JoseHeader } from './header.js';
import { checkJsonSize, parseSignature, prepareSigner, readPayloadMember, readSignatureMembers, rejectUnknownMembers, type FlattenedJws, type SignerHeaders } from './json.js';
import { compileJwsOptions, JSON_VERIFY_OPTION_NAMES, type JwsJsonVerifyOptions } from './options.js';
import { createSignature, payloadBytes, payloadText, signingInput } from './sign.js';
import { detachedBytes, verifyJwsSignature, type KeyOrResolver, type PayloadSource } from './verify.js';

/** Options of {@link signFlattened}. */
export interface SignFlattenedOptions extends SignerHeaders {
  /** Leave `payload` out of the result; send it separately. */
  detached?: boolean;
}

/**
 * Options of {@link verifyFlattened} and verifyGeneral: those of verifyCompact (`allowShortSecret`
 * included, since it is about the key) except `allowPadding`, which is for compact tokens only:
 * no issuer pads the members of a JSON serialisation.
 */
export interface VerifyJsonOptions extends JwsJsonVerifyOptions {
  /** The payload when the JWS has none (detached content). */
  detachedPayload?: Uint8Array | string;
}

/** The result of {@link verifyFlattened}. */
export interface VerifyFlattenedResult {
  payload: Uint8Array;
  /** Protected and unprotected headers joined. */
  header: JoseHeader;
  protectedHeader: Record<string, unknown> | undefined;
  unprotectedHeader: Record<string, unknown> | undefined;
  key: CryptoKey;
}

/** Checks the (already copied) detached payload and the payload member together. */
export function payloadSource(payload: string | undefined, detached: Uint8Array | undefined): PayloadSource {
  if (detached !== undefined) {
    if (payload !== undefined) throw new JwsInvalid('the JWS carries a payload, but detachedPayload was also given', { step: 'decode payload' });
    return { detached };
  }
  if (payload === undefined) throw new JwsInvalid('the JWS has no payload member: pass the detached content as detachedPayload', { step: 'decode payload' });
  return { segment: payload };
}

/**
 * Signs a payload into a flattened JWS JSON object.
 *
 * @example
 * ```ts
 * const jws = await signFlattened(body, key, { alg: 'ES256', protectedHeader: { typ: 'example+jws' }, unprotectedHeader: { kid: 'k1' } });
 * ```
 */
export async function signFlattened(payload: Uint8Array | string, key: Key, options: SignFlattenedOptions): Promise<FlattenedJws> {
  try {
    if (!isPlainObject(options)) throw new JoseInvalidOptions('options with "alg" are required', { step: 'options' });
    const opts = readOptions<SignFlattenedOptions>(options, ['alg', 'protectedHeader', 'unprotectedHeader', 'b64', 'detached'], 'signFlattened');
    const signer = prepareSigner(opts as SignFlattenedOptions, 'signFlattened');
    const bytes = payloadBytes(payload);
    const detached = opts.detached ?? false;
    if (typeof detached !== 'boolean') throw new JoseInvalidOptions('"detached" must be a boolean', { step: 'options' });
    const signature = await createSignature(signer.entry, key, signingInput(signer.protectedSegment, bytes, signer.b64));
    return {
      ...(detached ? {} : { payload: payloadText(bytes, signer.b64) }),
      ...(signer.protectedHeader ? { protected: signer.protectedSegment } : {}),
      ...(signer.unprotectedHeader ? { header: { ...signer.unprotectedHeader } } : {}),
      signature,
    };
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the payload, key or options');
  }
}

/**
 * Verifies a flattened JWS JSON object. The header's `alg` (protected or not) must be in
 * `algorithms`.
 *
 * @example
 * ```ts
 * const { payload, header } = await verifyFlattened(jws, publicKey, { algorithms: ['ES256'] });
 * ```
 */
export async function verifyFlattened(
  jws: FlattenedJws,
  keyOrResolver: KeyOrResolver<FlattenedJws>,
  options: VerifyJsonOptions,
): Promise<VerifyFlattenedResult> {
  try {
    const opts = readOptions<VerifyJsonOptions>(options, [...JSON_VERIFY_OPTION_NAMES, 'detachedPayload'], 'verifyFlattened');
    // Copied first: nothing below may see the caller's bytes change.
    const detached = opts.detachedPayload === undefined ? undefined : detachedBytes(opts.detachedPayload);
    const compiled = compileJwsOptions(options, 'json');
    if (!isPlainObject(jws)) throw new JwsInvalid('a flattened JWS must be a JSON object', { step: 'split' });
    rejectUnknownMembers(jws, ['payload', 'protected', 'header', 'signature'], 'a flattened JWS');
    const payload = readPayloadMember(jws);
    const raw = readSignatureMembers(jws, 'the JWS');
    checkJsonSize(payload, [raw], compiled);
    const parts = parseSignature(raw, compiled.maxTokenLength);
    const verified = await verifyJwsSignature(parts, payloadSource(payload, detached), keyOrResolver, compiled, jws);
    return {
      payload: copyBytes(verified.payload),
      header: verified.header,
      protectedHeader: parts.protectedHeader,
      unprotectedHeader: parts.unprotectedHeader,
      key: verified.key,
    };
  } catch (err) {
    throw asJoseError(err, JwsInvalid, 'split', 'the JWS, key or options');
  }
}
