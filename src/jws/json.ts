/**
 * Pieces shared by the flattened and general JSON serialisations (RFC 7515 §7.2): member
 * validation, and protected header building for one signer.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { requireAlgorithm, type JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseInvalidOptions, JwsInvalid } from '../errors.js';
import { isPlainObject } from '../keys/types.js';
import { checkHeader, parseProtectedHeader } from './header.js';
import type { CompiledJwsOptions } from './options.js';
import type { SignatureParts } from './verify.js';

/** One signature object of the general serialisation, or the signature part of a flattened JWS. */
export interface JwsSignature {
  /** base64url protected header. */
  protected?: string;
  /** Unprotected header parameters. */
  header?: Record<string, unknown>;
  /** base64url signature. */
  signature: string;
}

/** RFC 7515 §7.2.2 flattened JWS JSON Serialization. `payload` is absent when detached. */
export interface FlattenedJws extends JwsSignature {
  payload?: string;
}

/** RFC 7515 §7.2.1 general JWS JSON Serialization. `payload` is absent when detached. */
export interface GeneralJws {
  payload?: string;
  signatures: JwsSignature[];
}

/** Reads one signature object's members, checking their types; returns the parts to verify. */
export function readSignatureMembers(value: unknown, where: string, maxLength: number): SignatureParts {
  if (!isPlainObject(value)) throw new JwsInvalid(`${where} must be a JSON object`, { step: 'split' });
  const { protected: protectedSegment, header, signature } = value as Record<string, unknown>;
  if (typeof signature !== 'string') throw new JwsInvalid(`${where} member "signature" must be a string`, { step: 'split' });
  if (protectedSegment !== undefined && typeof protectedSegment !== 'string') {
    throw new JwsInvalid(`${where} member "protected" must be a base64url string`, { step: 'split' });
  }
  if (header !== undefined && !isPlainObject(header)) throw new JwsInvalid(`${where} member "header" must be a JSON object`, { step: 'split' });
  if (protectedSegment === undefined && header === undefined) {
    throw new JwsInvalid(`${where} has neither "protected" nor "header": there is no "alg"`, { step: 'split' });
  }
  if (protectedSegment === '') throw new JwsInvalid(`${where} member "protected" is empty; omit it instead`, { step: 'split' });
  return {
    protectedSegment: protectedSegment ?? '',
    protectedHeader: protectedSegment === undefined ? undefined : parseProtectedHeader(protectedSegment, maxLength),
    // A copy: the caller's object cannot change under a resolver.
    unprotectedHeader: header === undefined ? undefined : { ...(header as Record<string, unknown>) },
    signatureSegment: signature,
  };
}

/**
 * Refuses members this JSON object does not have in its form, naming them. `where` reads
 * "a flattened JWS", "a general JWS" or "signature 2".
 */
export function rejectUnknownMembers(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) {
      const hint =
        name === 'signatures' ? ' (a general JWS: use verifyGeneral)' : name === 'signature' && !allowed.includes('signature') ? ' (a flattened JWS: use verifyFlattened)' : '';
      throw new JwsInvalid(`unknown member "${name}" in ${where}${hint}`, { step: 'split' });
    }
  }
}

/** Reads the top-level payload member: a string, or absent for detached content. */
export function readPayloadMember(value: Record<string, unknown>): string | undefined {
  const payload = value.payload;
  if (payload !== undefined && typeof payload !== 'string') throw new JwsInvalid('member "payload" must be a string', { step: 'split' });
  return payload;
}

/** The size rule for JSON forms: the members' text together, against maxTokenLength. */
export function checkJsonSize(payload: string | undefined, parts: readonly SignatureParts[], options: CompiledJwsOptions): void {
  let size = payload?.length ?? 0;
  for (const p of parts) size += p.protectedSegment.length + p.signatureSegment.length;
  if (size > options.maxTokenLength) throw new JwsInvalid(`the JWS is ${size} characters, over maxTokenLength ${options.maxTokenLength}`, { step: 'split' });
}

/** A signer's headers as given by the caller. */
export interface SignerHeaders {
  alg: string;
  protectedHeader?: Record<string, unknown>;
  unprotectedHeader?: Record<string, unknown>;
  b64?: boolean;
}

/** A signer, ready: its algorithm entry, headers and protected segment. */
export interface PreparedSigner {
  readonly entry: JwsAlgorithm;
  readonly protectedHeader: Record<string, unknown> | undefined;
  readonly unprotectedHeader: Record<string, unknown> | undefined;
  readonly protectedSegment: string;
  readonly b64: boolean;
}

/**
 * Builds one signer's headers: `alg` goes first into the protected header unless the caller put
 * it in the unprotected one (RFC 7520 §4.7); `b64: false` adds `b64` to the protected header and
 * to `crit`. The result must pass the same header rules a verifier applies.
 */
export function prepareSigner(signer: SignerHeaders, where: string): PreparedSigner {
  const fail = (message: string): never => {
    throw new JoseInvalidOptions(`${where}: ${message}`, { step: 'options' });
  };
  const entry = requireAlgorithm(signer.alg, 'options');
  const given = signer.protectedHeader ?? {};
  const unprotectedHeader = signer.unprotectedHeader;
  if (!isPlainObject(given)) fail('"protectedHeader" must be a plain object');
  if (unprotectedHeader !== undefined && !isPlainObject(unprotectedHeader)) fail('"unprotectedHeader" must be a plain object');
  for (const header of [given, unprotectedHeader ?? {}]) {
    if (header.alg !== undefined && header.alg !== entry.alg) fail(`the header says alg ${JSON.stringify(header.alg)} but the alg option is "${entry.alg}"`);
  }
  const protectedHeader: Record<string, unknown> = unprotectedHeader?.alg === undefined && given.alg === undefined ? { alg: entry.alg, ...given } : { ...given };
  if (signer.b64 !== undefined) {
    if (typeof signer.b64 !== 'boolean') fail('"b64" must be a boolean');
    if (given.b64 !== undefined && given.b64 !== signer.b64) fail('"b64" differs from the protected header\'s b64');
    if (!signer.b64) {
      protectedHeader.b64 = false;
      const crit = Array.isArray(protectedHeader.crit) ? (protectedHeader.crit as string[]) : [];
      if (!crit.includes('b64')) protectedHeader.crit = [...crit, 'b64'];
    }
  }
  const hasProtected = Object.keys(protectedHeader).length > 0;
  const crit = Array.isArray(protectedHeader.crit) ? (protectedHeader.crit as string[]).filter((n) => n !== 'b64') : [];
  const options: CompiledJwsOptions = { algorithms: new Set([entry.alg]), crit: new Set(crit), maxTokenLength: Infinity };
  try {
    const { b64 } = checkHeader(hasProtected ? protectedHeader : undefined, unprotectedHeader, options);
    return {
      entry,
      protectedHeader: hasProtected ? protectedHeader : undefined,
      unprotectedHeader,
      protectedSegment: hasProtected ? b64encode(JSON.stringify(protectedHeader)) : '',
      b64,
    };
  } catch (err) {
    throw new JoseInvalidOptions(`${where}: the headers break a JWS rule: ${(err as Error).message}`, { step: 'options', cause: err });
  }
}
