/**
 * JWK checks before import: structure (JwkInvalid) and fitness for one algorithm and operation
 * (JoseKeyInvalid). Only the key material members reach WebCrypto, so metadata that WebCrypto
 * implementations treat differently (`alg` spellings, `use`, `key_ops`) is judged here, once.
 *
 * @module
 */

import { Base64urlError, decode as b64decode } from '../encoding/base64url.js';
import type { JwsAlgorithm } from '../jwa/algorithms.js';
import { JoseKeyInvalid, JoseNotSupported, JwkInvalid, type JoseStep } from '../errors.js';
import { bitLength, ecPointProblem, hmacSizeProblem, rsaExponentProblem, rsaSizeProblem } from './check.js';
import { isPlainObject, type Jwk, type KeyUsageKind } from './types.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const MATERIAL: Record<string, readonly string[]> = {
  oct: ['k'],
  RSA: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['crv', 'x', 'y', 'd'],
  OKP: ['crv', 'x', 'd'],
};
const REQUIRED: Record<string, readonly string[]> = { oct: ['k'], RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] };
const OKP_BYTES: Record<string, number> = { Ed25519: 32, Ed448: 57 };

/** The result of checking a JWK: what to hand to WebCrypto and for which usages. */
export interface CheckedJwk {
  readonly material: JsonWebKey;
  readonly usages: KeyUsageKind[];
  readonly isPrivate: boolean;
}

function member(jwk: Record<string, unknown>, name: string, step: JoseStep): Uint8Array {
  const value = jwk[name];
  if (typeof value !== 'string') throw new JwkInvalid(`JWK member "${name}" must be a base64url string`, { step });
  try {
    return b64decode(value);
  } catch (err) {
    throw new JwkInvalid(`JWK member "${name}" is not canonical base64url: ${(err as Base64urlError).message}`, { step });
  }
}

/**
 * Checks a JWK for one algorithm. `usage` undefined means "whatever this key can do" (importJwk).
 */
export function checkJwk(input: unknown, entry: JwsAlgorithm, usage: KeyUsageKind | undefined, step: JoseStep): CheckedJwk {
  if (!isPlainObject(input)) throw new JwkInvalid('a JWK must be a plain JSON object', { step });
  const jwk = input as Jwk;
  const mismatch = (why: string): never => {
    throw new JoseKeyInvalid(why, { step });
  };
  if (typeof jwk.kty !== 'string') throw new JwkInvalid('JWK member "kty" must be a string', { step });
  if (!REQUIRED[jwk.kty]) throw new JoseNotSupported(`JWK kty "${jwk.kty}" is not a signing key type josekit supports`, { step });
  if (jwk.kty !== entry.kty) mismatch(`the JWK has kty "${jwk.kty}"; ${entry.alg} needs kty "${entry.kty}"`);
  for (const name of REQUIRED[jwk.kty]!) {
    if (jwk[name] === undefined) throw new JwkInvalid(`JWK of kty "${jwk.kty}" is missing "${name}"`, { step });
  }
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string') throw new JwkInvalid('JWK member "alg" must be a string', { step });
    if (jwk.alg !== entry.alg) mismatch(`the JWK is for alg "${jwk.alg}", not "${entry.alg}"`);
  }
  if (jwk.use !== undefined) {
    if (typeof jwk.use !== 'string') throw new JwkInvalid('JWK member "use" must be a string', { step });
    if (jwk.use !== 'sig') mismatch(`the JWK has use "${jwk.use}"; signing keys must have use "sig" or none`);
  }
  if (jwk.ext !== undefined && typeof jwk.ext !== 'boolean') throw new JwkInvalid('JWK member "ext" must be a boolean', { step });
  let ops: string[] | undefined;
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops) || jwk.key_ops.some((op) => typeof op !== 'string')) {
      throw new JwkInvalid('JWK member "key_ops" must be an array of strings', { step });
    }
    if (new Set(jwk.key_ops).size !== jwk.key_ops.length) throw new JwkInvalid('JWK member "key_ops" repeats a value', { step });
    ops = jwk.key_ops;
  }
  if (jwk.kty === 'RSA' && jwk.oth !== undefined) {
    throw new JoseNotSupported('multi-prime RSA JWKs ("oth") are not supported', { step });
  }

  const isPrivate = jwk.kty === 'oct' || jwk.d !== undefined;
  if (jwk.kty === 'oct') {
    const problem = hmacSizeProblem(member(jwk, 'k', step).length, entry);
    if (problem) mismatch(problem);
  } else if (jwk.kty === 'RSA') {
    const sizeProblem = rsaSizeProblem(bitLength(member(jwk, 'n', step)), entry.alg);
    if (sizeProblem) mismatch(sizeProblem);
    const exponentProblem = rsaExponentProblem(member(jwk, 'e', step));
    if (exponentProblem) mismatch(exponentProblem);
    // RFC 7518 §6.3.2: the CRT members come all together or not at all.
    const crt = ['p', 'q', 'dp', 'dq', 'qi'].filter((name) => jwk[name] !== undefined);
    if (crt.length > 0 && crt.length < 5) {
      const missing = ['p', 'q', 'dp', 'dq', 'qi'].filter((name) => jwk[name] === undefined);
      throw new JwkInvalid(`RSA JWK has some CRT members but not ${missing.map((m) => `"${m}"`).join(', ')} (RFC 7518 §6.3.2: all or none)`, { step });
    }
    if (crt.length > 0 && jwk.d === undefined) throw new JwkInvalid('RSA JWK has CRT members but no "d"', { step });
  } else {
    if (jwk.crv !== entry.crv) mismatch(`the JWK has crv ${JSON.stringify(jwk.crv)}; ${entry.alg} needs crv "${entry.crv}"`);
    const size = jwk.kty === 'EC' ? entry.signatureLength! / 2 : OKP_BYTES[entry.crv!]!;
    const coordinates = (jwk.kty === 'EC' ? ['x', 'y'] : ['x']).map((name) => {
      const value = member(jwk, name, step);
      if (value.length !== size) throw new JwkInvalid(`JWK member "${name}" is ${value.length} bytes; ${entry.crv} needs ${size}`, { step });
      return value;
    });
    if (jwk.kty === 'EC') {
      const problem = ecPointProblem(entry, coordinates[0]!, coordinates[1]!);
      if (problem) throw new JoseKeyInvalid(problem, { step });
    }
    if (jwk.d !== undefined && member(jwk, 'd', step).length !== size) {
      throw new JwkInvalid(`JWK member "d" is not ${size} bytes as ${entry.crv} needs`, { step });
    }
  }

  // What the key can do, narrowed by key_ops, then by the requested usage.
  let usages: KeyUsageKind[] = jwk.kty === 'oct' ? ['sign', 'verify'] : isPrivate ? ['sign', 'verify'] : ['verify'];
  if (ops) usages = usages.filter((u) => ops!.includes(u));
  if (usage !== undefined) {
    if (!usages.includes(usage)) {
      if (usage === 'sign' && !isPrivate) mismatch(`a public JWK cannot sign; ${entry.alg} signing needs the private key ("d")`);
      mismatch(`the JWK's key_ops [${ops!.join(', ')}] do not include "${usage}"`);
    }
    usages = [usage];
  } else if (usages.length === 0) {
    mismatch(`the JWK's key_ops [${ops!.join(', ')}] allow neither "sign" nor "verify"`);
  }
  // WebCrypto cannot verify with a private key: a private JWK used to verify imports its public part.
  const asymmetric = jwk.kty !== 'oct';
  if (asymmetric && usages.length === 2) usages = ['sign'];
  const keepPrivate = asymmetric ? usages[0] === 'sign' : true;
  const material: Record<string, unknown> = { kty: jwk.kty };
  for (const name of MATERIAL[jwk.kty]!) {
    if (jwk[name] === undefined) continue;
    if (!keepPrivate && (PRIVATE_MEMBERS as readonly string[]).includes(name)) continue;
    material[name] = jwk[name];
  }
  material.ext = true;
  return { material: material as JsonWebKey, usages, isPrivate };
}
