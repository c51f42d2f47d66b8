/**
 * General JWS JSON Serialization (RFC 7515 §7.2.1): one payload, several signatures, each with
 * its own key, algorithm and headers, and a policy for how many must verify.
 *
 * @module
 */

import * as backend from '../crypto/backend.js';
import { copyBytes } from '../encoding/bytes.js';
import { asJoseError, JoseError, JoseInvalidOptions, JwsInvalid, JwsSignatureVerificationFailed } from '../errors.js';
import { readOptions } from '../options.js';
import { jwkIdentity, recordedIdentity } from '../keys/normalize.js';
import { isPlainObject, type Key } from '../keys/types.js';
import type { JoseHeader } from './header.js';
import { payloadSource, type VerifyJsonOptions } from './flattened.js';
import {
  checkJsonSize,
  parseSignature,
  prepareSigner,
  readPayloadMember,
  readSignatureMembers,
  rejectUnknownMembers,
  type GeneralJws,
  type PreparedSigner,
  type SignerHeaders,
} from './json.js';
import { compileJwsOptions, JSON_VERIFY_OPTION_NAMES } from './options.js';
import { createSignature, payloadBytes, payloadText, signingInput } from './sign.js';
import { detachedBytes, verifyJwsSignature, type KeyOrResolver } from './verify.js';

/** One signer of a general JWS. */
export interface GeneralSigner extends SignerHeaders {
  key: Key;
}

/** Options of {@link signGeneral} that apply to the whole JWS. */
export interface SignGeneralOptions {
  /** Leave `payload` out of the result; send it separately. */
  detached?: boolean;
}

/**
 * How many signatures must verify: `'any'` (default; stops at the first that verifies), `'all'`,
 * or `{ atLeast: n }`.
 */
export type SignaturePolicy = 'any' | 'all' | { atLeast: number };

/** Options of {@link verifyGeneral}. */
export interface VerifyGeneralOptions extends VerifyJsonOptions {
  policy?: SignaturePolicy;
}

/** The outcome for one signature, in JWS order. */
export interface SignatureOutcome {
  /** Position in `signatures`. */
  index: number;
  verified: boolean;
  /** Protected and unprotected headers joined. */
  header: JoseHeader;
  protectedHeader: Record<string, unknown> | undefined;
  unprotectedHeader: Record<string, unknown> | undefined;
  /** The key that verified it. */
  key?: CryptoKey;
  /** Why it did not verify. */
  error?: JoseError;
}

/** The result of {@link verifyGeneral}. */
export interface VerifyGeneralResult {
  payload: Uint8Array;
  /** Every signature that was checked (with `'any'`, checking stops at the first success). */
  signatures: SignatureOutcome[];
}

/**
 * Signs one payload for several signers into a general JWS JSON object. All signers must agree
 * on `b64`.
 *
 * @example
 * ```ts
 * const jws = await signGeneral(document, [
 *   { key: aliceKey, alg: 'ES256', unprotectedHeader: { kid: 'alice' } },
 *   { key: bobKey, alg: 'EdDSA', unprotectedHeader: { kid: 'bob' } },
 * ]);
 * ```
 */
export async function signGeneral(payload: Uint8Array | string, signers: readonly GeneralSigner[], options?: SignGeneralOptions): Promise<GeneralJws> {
  try {
    if (!Array.isArray(signers) || signers.length === 0) throw new JoseInvalidOptions('"signers" must be a non-empty array', { step: 'options' });
    const opts = readOptions<SignGeneralOptions>(options, ['detached'], 'signGeneral');
    const detached = opts.detached ?? false;
    if (typeof detached !== 'boolean') throw new JoseInvalidOptions('"detached" must be a boolean', { step: 'options' });
    const given: Array<Partial<GeneralSigner>> = [];
    const prepared: PreparedSigner[] = [];
    for (let i = 0; i < signers.length; i++) {
      const signer = signers[i];
      if (typeof signer !== 'object' || signer === null) throw new JoseInvalidOptions(`signer ${i + 1} must be an object with key and alg`, { step: 'options' });
      const read = readOptions<GeneralSigner>(signer, ['key', 'alg', 'protectedHeader', 'unprotectedHeader', 'b64'], `signer ${i + 1}`);
      given.push(read);
      prepared.push(prepareSigner(read as GeneralSigner, `signer ${i + 1}`));
    }
    const b64 = prepared[0]!.b64;
    if (prepared.some((p) => p.b64 !== b64)) throw new JoseInvalidOptions('all signers must use the same b64 setting', { step: 'options' });
    const bytes = payloadBytes(payload);
    const signatures = await Promise.all(
      prepared.map(async (p, i) => ({
        ...(p.protectedHeader ? { protected: p.protectedSegment } : {}),
        ...(p.unprotectedHeader ? { header: { ...p.unprotectedHeader } } : {}),
        signature: await createSignature(p.entry, given[i]!.key, signingInput(p.protectedSegment, bytes, b64)),
      })),
    );
    return { ...(detached ? {} : { payload: payloadText(bytes, b64) }), signatures };
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the payload, signers or options');
  }
}

function requiredCount(policy: unknown, total: number): number {
  if (policy === undefined || policy === 'any') return 1;
  if (policy === 'all') return total;
  let atLeast: unknown;
  try {
    atLeast = isPlainObject(policy) ? (policy as { atLeast?: unknown }).atLeast : undefined;
  } catch {
    atLeast = undefined;
  }
  if (typeof atLeast !== 'number' || !Number.isSafeInteger(atLeast) || atLeast < 1) {
    throw new JoseInvalidOptions('"policy" must be "any", "all" or { atLeast: n } with a whole n ≥ 1', { step: 'options' });
  }
  return atLeast;
}

/**
 * What makes two verifying keys the same key, for `{ atLeast: n }`: the canonical public material
 * josekit recorded when it made the CryptoKey (the same for a JWK, a secret, a KeyObject, an SPKI
 * in any encoding, a certificate or an x5c entry of one key), or, for a CryptoKey made elsewhere,
 * its exported public JWK (the same string) when it can be exported, else the object itself. One
 * key signing twice, or one signature listed twice, must count once.
 */
async function keyIdentity(key: CryptoKey): Promise<unknown> {
  const recorded = recordedIdentity(key);
  if (recorded !== undefined) return recorded;
  const jwk = await backend.exportKey('jwk', key).catch(() => undefined);
  return jwk ? jwkIdentity(jwk as Record<string, unknown>) : key;
}

/**
 * Verifies a general JWS JSON object under a signature policy. A resolver is called once per
 * checked signature with that signature's joined header. Each signature's `alg` must be in
 * `algorithms`; one that is not simply does not count. `{ atLeast: n }` counts distinct keys: a
 * signature listed twice, or one key that signed twice, counts once, however the resolver got the
 * key (a JWK, an SPKI with an uncompressed or a compressed point, a certificate or x5c entry, a
 * KeyObject): keys are compared by their public material. A CryptoKey made outside josekit as
 * non-extractable cannot be read, so it is compared as an object: have the resolver import keys
 * with josekit (or return JWKs) when signers choose the headers it resolves.
 *
 * @example
 * ```ts
 * const { payload, signatures } = await verifyGeneral(jws, jwks, { algorithms: ['ES256', 'EdDSA'], policy: 'all' });
 * ```
 */
export async function verifyGeneral(
  jws: GeneralJws,
  keyOrResolver: KeyOrResolver<GeneralJws>,
  options: VerifyGeneralOptions,
): Promise<VerifyGeneralResult> {
  try {
    const opts = readOptions<VerifyGeneralOptions>(options, [...JSON_VERIFY_OPTION_NAMES, 'detachedPayload', 'policy'], 'verifyGeneral');
    // Copied first: nothing below may see the caller's bytes change.
    const detached = opts.detachedPayload === undefined ? undefined : detachedBytes(opts.detachedPayload);
    const compiled = compileJwsOptions(options, 'json');
    if (!isPlainObject(jws)) throw new JwsInvalid('a general JWS must be a JSON object', { step: 'split' });
    rejectUnknownMembers(jws, ['payload', 'signatures'], 'a general JWS');
    const payload = readPayloadMember(jws);
    if (!Array.isArray(jws.signatures) || jws.signatures.length === 0) throw new JwsInvalid('member "signatures" must be a non-empty array', { step: 'split' });
    const list: unknown[] = Array.from(jws.signatures as unknown[]);
    const required = requiredCount(opts.policy, list.length);
    const distinct = typeof opts.policy === 'object';
    const policyText = opts.policy === undefined || opts.policy === 'any' ? '"any"' : opts.policy === 'all' ? '"all"' : `{ atLeast: ${required} }`;
    if (required > list.length) {
      throw new JwsSignatureVerificationFailed(
        `policy ${policyText} needs ${required} verified signatures from distinct keys, but the JWS has only ${list.length}`,
        { step: 'verify signature' },
      );
    }
    const raws = list.map((s, i) => {
      if (isPlainObject(s)) rejectUnknownMembers(s, ['protected', 'header', 'signature'], `signature ${i + 1}`);
      return readSignatureMembers(s, `signature ${i + 1}`);
    });
    checkJsonSize(payload, raws, compiled);
    const parts = raws.map((raw) => parseSignature(raw, compiled.maxTokenLength));
    const b64 = parts.map((p) => p.protectedHeader?.b64 !== false);
    if (b64.some((v) => v !== b64[0])) throw new JwsInvalid('the signatures disagree on "b64": one payload cannot be both encoded and not', { step: 'check header' });
    const source = payloadSource(payload, detached);

    const outcomes: SignatureOutcome[] = [];
    /** Under a distinct-keys policy: the first verified signature of each key, and of each signature text. */
    const keys = new Map<unknown, number>();
    const seenSignatures = new Map<string, number>();
    /** Verified signatures that did not count, and why (for the failure message). */
    const repeats: string[] = [];
    let verified = 0;
    let verifiedPayload: Uint8Array | undefined;
    for (let i = 0; i < parts.length && verified < required; i++) {
      const p = parts[i]!;
      const outcome: SignatureOutcome = { index: i, verified: false, header: { ...p.protectedHeader, ...p.unprotectedHeader }, protectedHeader: p.protectedHeader, unprotectedHeader: p.unprotectedHeader };
      try {
        const result = await verifyJwsSignature(p, source, keyOrResolver, compiled, jws);
        Object.assign(outcome, { verified: true, header: result.header, key: result.key });
        verifiedPayload = result.payload;
        if (!distinct) verified++;
        else {
          const identity = await keyIdentity(result.key);
          const signatureText = `${p.protectedSegment}.${p.signatureSegment}`;
          const sameSignature = seenSignatures.get(signatureText);
          const sameKey = keys.get(identity);
          if (sameSignature !== undefined) repeats.push(`signature ${i + 1} repeats signature ${sameSignature + 1}`);
          else if (sameKey !== undefined) repeats.push(`signature ${i + 1} is by the same key as signature ${sameKey + 1}`);
          else verified++;
          if (sameKey === undefined) keys.set(identity, i);
          if (sameSignature === undefined) seenSignatures.set(signatureText, i);
        }
      } catch (err) {
        if (!(err instanceof JoseError)) throw err;
        outcome.error = err;
      }
      outcomes.push(outcome);
      // With 'all', one failure decides; stop there.
      if (!outcome.verified && list.length - outcomes.length + verified < required) break;
    }
    if (verified >= required) return { payload: copyBytes(verifiedPayload!), signatures: outcomes };

    const failures = outcomes.filter((o) => !o.verified);
    if (list.length === 1 && failures.length === 1) throw failures[0]!.error!;
    const from = distinct ? ' from distinct keys' : '';
    const reasons = [...repeats, ...failures.map((o) => `signature ${o.index + 1}: ${o.error!.message}`)];
    const detail = reasons.length ? ` (${reasons.join('; ')})` : '';
    const got = distinct && repeats.length ? `${verified} distinct key${verified === 1 ? '' : 's'} in ${verified + repeats.length} verified signatures` : `${verified}`;
    throw new JwsSignatureVerificationFailed(
      `policy ${policyText} needs ${required} verified signature${required === 1 ? '' : 's'}${from} of ${list.length}, got ${got}${detail}`,
      { step: 'verify signature', cause: failures[0]?.error },
    );
  } catch (err) {
    throw asJoseError(err, JwsInvalid, 'split', 'the JWS, key or options');
  }
}
