/**
 * Pieces shared by the flattened and general JSON serialisations (RFC 7515 §7.2): member
 * validation, and protected header building for one signer.
 *
 * @module
 */

import { encode as b64encode } from '../encoding/base64url.js';
import { copyJsonValue, JsonValueError } from '../encoding/json.js';
import { show } from '../encoding/show.js';
import { requireAlgorithm, type AlgorithmEntry, type JwsAlgorithm } from '../jwa/algorithms.js';
import { errorText, JoseInvalidOptions, JwsInvalid } from '../errors.js';
import { isPlainObject } from '../keys/types.js';
import { checkHeader, parseProtectedHeader } from './header.js';
import type { CompiledJwsOptions } from './options.js';
import { copyHeader } from './sign.js';
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

/** One signature object's members, type-checked but not yet decoded. */
export interface RawSignature {
  readonly protectedSegment: string | undefined;
  readonly unprotectedHeader: Record<string, unknown> | undefined;
  readonly signatureSegment: string;
  /** Characters of text this signature adds to the JWS (for the size rule). */
  readonly size: number;
}

/**
 * Reads one signature object's members, checking their types and that the unprotected header is
 * plain JSON data (copied: the caller's object cannot change under a resolver). Nothing is
 * decoded yet, so the size rule can run first.
 */
export function readSignatureMembers(value: unknown, where: string): RawSignature {
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
  let unprotectedHeader: Record<string, unknown> | undefined;
  let size = (protectedSegment?.length ?? 0) + signature.length;
  if (header !== undefined) {
    let text: string;
    try {
      text = JSON.stringify(copyJsonValue(header, (path) => `${where} member "header"${path === '' ? '' : ` ${path}`}`));
    } catch (err) {
      if (err instanceof JsonValueError) throw new JwsInvalid(err.message, { step: 'split' });
      throw err;
    }
    size += text.length;
    // Plain objects again, read from the copy: the caller's object cannot change under a resolver.
    unprotectedHeader = JSON.parse(text) as Record<string, unknown>;
  }
  return { protectedSegment, unprotectedHeader, signatureSegment: signature, size };
}

/** Decodes a signature's protected header (after the size rule passed); padding is refused. */
export function parseSignature(raw: RawSignature, maxLength: number): SignatureParts {
  return {
    protectedSegment: raw.protectedSegment ?? '',
    protectedHeader: raw.protectedSegment === undefined ? undefined : parseProtectedHeader(raw.protectedSegment, maxLength, 'refuse'),
    unprotectedHeader: raw.unprotectedHeader,
    signatureSegment: raw.signatureSegment,
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

/**
 * The size rule for JSON forms, run before any header is decoded: the members' text together
 * (payload, protected headers, unprotected headers as JSON, signatures) against maxTokenLength.
 */
export function checkJsonSize(payload: string | undefined, signatures: readonly RawSignature[], options: CompiledJwsOptions): void {
  let size = payload?.length ?? 0;
  for (const s of signatures) size += s.size;
  if (size > options.maxTokenLength) throw new JwsInvalid(`the JWS is ${size} characters, over maxTokenLength ${options.maxTokenLength}`, { step: 'split' });
}

/** A signer's headers as given by the caller. */
export interface SignerHeaders {
  alg: JwsAlgorithm;
  protectedHeader?: Record<string, unknown>;
  unprotectedHeader?: Record<string, unknown>;
  b64?: boolean;
}

/** A signer, ready: its algorithm entry, headers and protected segment. */
export interface PreparedSigner {
  readonly entry: AlgorithmEntry;
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
  if (signer.protectedHeader !== undefined && !isPlainObject(signer.protectedHeader)) fail('"protectedHeader" must be a plain object');
  if (signer.unprotectedHeader !== undefined && !isPlainObject(signer.unprotectedHeader)) fail('"unprotectedHeader" must be a plain object');
  // Copies, read once: what is checked below is what is signed.
  const given = signer.protectedHeader === undefined ? {} : copyHeader(signer.protectedHeader, `${where}: "protectedHeader": `);
  const unprotectedHeader = signer.unprotectedHeader === undefined ? undefined : copyHeader(signer.unprotectedHeader, `${where}: "unprotectedHeader": `);
  for (const header of [given, unprotectedHeader ?? {}]) {
    if (header.alg !== undefined && header.alg !== entry.alg) fail(`the header says alg ${show(header.alg)} but the alg option is "${entry.alg}"`);
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
  const options: CompiledJwsOptions = {
    algorithms: new Set([entry.alg]),
    crit: new Set(crit),
    maxTokenLength: Infinity,
    allowShortSecret: false,
    padding: 'refuse',
  };
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
    throw new JoseInvalidOptions(`${where}: the headers break a JWS rule: ${errorText(err)}`, { step: 'options', cause: err });
  }
}
