// Shared set-up of the property suite: fast-check parameters (fixed seed, small runs by default,
// long runs under `npm run fuzz`), keys for every algorithm, raw signing of hand-built tokens,
// token mutations, and the Object.prototype guard.
//
//   npm test                          small, reproducible runs (seed 0x5eed2026)
//   npm run fuzz                      50x the runs, a fresh seed each time (printed on failure)
//   FC_SEED=123 npm test              replay a seed printed in a failure report
//   FUZZ=1 FUZZ_FACTOR=500 npx vitest run test/property   longer still
import fc from 'fast-check';
import { expect } from 'vitest';
import * as jose from 'josekit';

const env: Record<string, string | undefined> = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

/** True under `npm run fuzz` (vitest --mode fuzz) or with FUZZ=1 in the environment. */
export const FUZZ = env.FUZZ === '1' || (import.meta as { env?: { MODE?: string } }).env?.MODE === 'fuzz';
const FACTOR = Number(env.FUZZ_FACTOR) > 0 ? Number(env.FUZZ_FACTOR) : 50;
const envSeed = env.FC_SEED === undefined ? undefined : Number(env.FC_SEED);

/** The seed of this run: FC_SEED, else a constant (npm test) or a fresh one (fuzz). */
export const SEED: number = Number.isSafeInteger(envSeed)
  ? envSeed!
  : FUZZ
    ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
    : 0x5eed2026;

if (FUZZ) console.log(`[property] fuzz mode: seed ${SEED} (replay with FC_SEED=${SEED}), runs x${FACTOR}`);

/** fast-check parameters: `base` runs normally, `base × FUZZ_FACTOR` when fuzzing. */
export function params<T>(base: number): fc.Parameters<T> {
  return { seed: SEED, numRuns: FUZZ ? base * FACTOR : base };
}

/** Per-test timeout: generous when fuzzing. */
export const TIMEOUT = FUZZ ? 30 * 60_000 : 30_000;

/**
 * One UTF-16 code unit of any kind, unpaired surrogates included (fast-check's 'binary' unit
 * yields whole code points only), or a whole code point.
 */
export const utf16Unit: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** Strings of arbitrary UTF-16, possibly not well formed. */
export const utf16String = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: utf16Unit, maxLength });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** True when `s` has an unpaired surrogate (UTF-8 cannot encode it). */
export const illFormed = (s: string): boolean => LONE_SURROGATE.test(s);

// ---------------------------------------------------------------------------------------------
// Keys

export const ALGS: readonly jose.JwsAlgorithm[] = jose.JWS_ALGORITHMS;

export async function runtimeHasEd448(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'Ed448' } as never, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

export interface AlgKeys {
  readonly alg: jose.JwsAlgorithm;
  /** False only for Ed448 on a runtime without it. */
  readonly supported: boolean;
  readonly signKey: jose.Key;
  readonly verifyKey: jose.Key;
  /** Signs raw bytes (any signing input, even one josekit would never make). */
  readonly rawSign: (input: Uint8Array) => Promise<Uint8Array>;
}

const HASH: Record<string, string> = { '256': 'SHA-256', '384': 'SHA-384', '512': 'SHA-512' };

let all: Promise<Map<string, AlgKeys>> | undefined;

/**
 * Keys for every algorithm, made once per test file. One RSA pair (as JWKs without `alg`) serves
 * RS* and PS*, one 64-byte secret serves HS*, one Ed25519 pair serves EdDSA and Ed25519.
 */
export function allKeys(): Promise<Map<string, AlgKeys>> {
  all ??= (async () => {
    const map = new Map<string, AlgKeys>();
    const secret = crypto.getRandomValues(new Uint8Array(64));
    const rsa = await jose.generateKeyPair('RS256', { extractable: true });
    const rsaPrivate = await jose.exportJwk(rsa.privateKey);
    const rsaPublic = await jose.exportJwk(rsa.publicKey);
    const ec: Record<string, CryptoKeyPair> = {};
    for (const [alg, crv] of [['ES256', 'P-256'], ['ES384', 'P-384'], ['ES512', 'P-521']] as const) {
      ec[alg] = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: crv }, true, ['sign', 'verify'])) as CryptoKeyPair;
    }
    const ed25519 = (await crypto.subtle.generateKey({ name: 'Ed25519' } as never, true, ['sign', 'verify'])) as CryptoKeyPair;
    const hasEd448 = await runtimeHasEd448();
    const ed448 = hasEd448 ? ((await crypto.subtle.generateKey({ name: 'Ed448' } as never, true, ['sign', 'verify'])) as CryptoKeyPair) : undefined;

    for (const alg of ALGS) {
      const bits = alg.slice(-3);
      if (alg.startsWith('HS')) {
        const hmac = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: HASH[bits]! }, false, ['sign']);
        map.set(alg, { alg, supported: true, signKey: secret, verifyKey: secret, rawSign: async (i) => new Uint8Array(await crypto.subtle.sign('HMAC', hmac, i as BufferSource)) });
      } else if (alg.startsWith('RS') || alg.startsWith('PS')) {
        const name = alg.startsWith('RS') ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS';
        const key = await crypto.subtle.importKey('jwk', { ...rsaPrivate, ext: true } as JsonWebKey, { name, hash: HASH[bits]! }, false, ['sign']);
        const params = name === 'RSA-PSS' ? { name, saltLength: Number(bits) / 8 } : { name };
        map.set(alg, { alg, supported: true, signKey: rsaPrivate, verifyKey: rsaPublic, rawSign: async (i) => new Uint8Array(await crypto.subtle.sign(params, key, i as BufferSource)) });
      } else if (alg.startsWith('ES')) {
        const pair = ec[alg]!;
        map.set(alg, {
          alg, supported: true, signKey: pair.privateKey, verifyKey: pair.publicKey,
          rawSign: async (i) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: HASH[bits === '512' ? '512' : bits]! }, pair.privateKey, i as BufferSource)),
        });
      } else if (alg === 'Ed448') {
        if (ed448) {
          map.set(alg, { alg, supported: true, signKey: ed448.privateKey, verifyKey: ed448.publicKey, rawSign: async (i) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed448' } as never, ed448.privateKey, i as BufferSource)) });
        } else {
          const none = async (): Promise<Uint8Array> => new Uint8Array(114);
          map.set(alg, { alg, supported: false, signKey: ed25519.privateKey, verifyKey: ed25519.publicKey, rawSign: none });
        }
      } else {
        // EdDSA, Ed25519
        map.set(alg, { alg, supported: true, signKey: ed25519.privateKey, verifyKey: ed25519.publicKey, rawSign: async (i) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' } as never, ed25519.privateKey, i as BufferSource)) });
      }
    }
    return map;
  })();
  return all;
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers (Node's Buffer as the independent reference)

export const b64 = (data: Uint8Array | string): string =>
  (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64url');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A compact JWS over any header text and payload bytes, signed with the alg's key (or not). */
export async function rawToken(keys: AlgKeys, headerText: string, payload: Uint8Array | string, signature?: Uint8Array): Promise<string> {
  const input = `${b64(headerText)}.${b64(typeof payload === 'string' ? utf8(payload) : payload)}`;
  const sig = signature ?? (await keys.rawSign(utf8(input)));
  return `${input}.${b64(sig)}`;
}

// ---------------------------------------------------------------------------------------------
// Mutations of a token string

/** Characters worth inserting: the alphabet, separators, padding, whitespace, non-ASCII, surrogates. */
export const mutationChar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  fc.constantFrom('.', '=', '+', '/', ' ', '\n', '\t', '\r', '\u0000', '%', 'é', '\u00a0', '\ufeff', '\ud800', '\udfff', '\u2028'),
  utf16Unit,
);

export type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly ch: string }
  | { readonly kind: 'insert'; readonly at: number; readonly ch: string }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'flip'; readonly segment: number; readonly bit: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), ch: mutationChar }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), ch: mutationChar }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), segment: fc.integer({ min: 0, max: 2 }), bit: fc.nat() }),
);

/** Flips one bit of the decoded bytes of a base64url string (the string must decode to ≥ 1 byte). */
export function flipBit(segment: string, bit: number): string {
  const bytes = unb64(segment);
  if (bytes.length === 0) return `${segment}A`;
  const i = bit % (bytes.length * 8);
  bytes[i >> 3] ^= 1 << (i & 7);
  return b64(bytes);
}

/** Applies a single-character edit to a string; the result always differs from the input. */
export function editString(s: string, m: Exclude<Mutation, { kind: 'flip' }>): string {
  if (m.kind === 'insert') {
    const at = m.at % (s.length + 1);
    return s.slice(0, at) + m.ch + s.slice(at);
  }
  if (s.length === 0) return m.kind === 'replace' ? m.ch : 'A';
  const at = m.at % s.length;
  if (m.kind === 'delete') return s.slice(0, at) + s.slice(at + 1);
  const ch = m.ch === s[at] ? (s[at] === 'A' ? 'B' : 'A') : m.ch;
  return s.slice(0, at) + ch + s.slice(at + 1);
}

/** Applies a mutation to a compact token. */
export function mutateToken(token: string, m: Mutation): string {
  if (m.kind !== 'flip') return editString(token, m);
  const parts = token.split('.');
  parts[m.segment] = flipBit(parts[m.segment]!, m.bit);
  return parts.join('.');
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/** Runs `f`, returning the error it throws or rejects with, or `undefined` when it succeeds. */
export async function outcome(f: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A short, never-throwing description of a thrown value. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof jose.JoseError) return `${error.constructor.name} ${error.code}: ${error.message}`;
    if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
    return `non-Error thrown: ${typeof error}`;
  } catch {
    return 'unprintable error';
  }
}

/** Asserts that `result` is a rejection with a JoseError whose code starts with ERR_. */
export function expectJoseRejection(result: Awaited<ReturnType<typeof outcome>>, what: string): jose.JoseError {
  if (result.ok) throw new Error(`${what}: succeeded, but must be rejected`);
  const error = result.error;
  if (!(error instanceof jose.JoseError) || typeof error.code !== 'string' || !error.code.startsWith('ERR_')) {
    throw new Error(`${what}: must fail with a JoseError, got ${describeError(error)}`);
  }
  return error;
}

// ---------------------------------------------------------------------------------------------
// Object.prototype guard

type Snapshot = Map<PropertyKey, PropertyDescriptor>;

export function prototypeSnapshot(target: object = Object.prototype): Snapshot {
  const map: Snapshot = new Map();
  for (const key of Reflect.ownKeys(target)) map.set(key, Object.getOwnPropertyDescriptor(target, key)!);
  return map;
}

/** Throws if Object.prototype gained, lost or changed an own property since `before`. */
export function assertPrototypeUntouched(before: Snapshot, target: object = Object.prototype): void {
  const after = prototypeSnapshot(target);
  const added = [...after.keys()].filter((k) => !before.has(k)).map(String);
  const removed = [...before.keys()].filter((k) => !after.has(k)).map(String);
  const changed = [...before.keys()].filter((k) => {
    const a = before.get(k)!;
    const b = after.get(k);
    return b !== undefined && (a.value !== b.value || a.get !== b.get || a.set !== b.set);
  }).map(String);
  expect({ added, removed, changed }, 'Object.prototype must be untouched').toEqual({ added: [], removed: [], changed: [] });
}
