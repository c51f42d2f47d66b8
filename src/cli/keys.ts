/**
 * Keys for the `josekit` command: algorithm names from flags, key files (PEM or JWK), JWK Sets
 * (file or URL) and secrets (an environment variable or a file, never the command line). Every
 * key is imported through josekit's public API, once per algorithm it is to serve, before any
 * token is looked at: a key that cannot serve an algorithm given with --alg is a usage error.
 *
 * @module
 */

import {
  createLocalJwks,
  createRemoteJwks,
  importJwk,
  importPkcs8,
  importSecret,
  importSpki,
  importX509,
  JoseError,
  JWS_ALGORITHMS,
  type Jwk,
  type JwsAlgorithm,
  type Key,
  type KeyOrResolver,
  type KeyResolver,
} from '../index.js';
import type { ParsedFlags } from './args.js';
import { commaList, oneOf } from './args.js';
import { inCliTerms } from './command.js';
import { durationMs, readInput, readTextInput, shellWord } from './io.js';
import { closest, UsageError } from './usage.js';

/** JWK members that only a private key has (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
/** Largest secret read from a file. */
const SECRET_LIMIT = 64 * 1024;

/**
 * "CODE: message" of a josekit error, the message alone for anything else, in the command's terms
 * (see {@link inCliTerms}; `keyFile` names the file in the commands a message suggests).
 */
export function errorLine(err: unknown, keyFile?: string): string {
  const terms = { ...(keyFile !== undefined ? { keyFile } : {}) };
  if (err instanceof JoseError) return `${err.code}: ${inCliTerms(err.message, { ...terms, options: err.code === 'ERR_JOSE_INVALID_OPTIONS' })}`;
  return inCliTerms(err instanceof Error ? err.message : String(err), terms);
}

/** One algorithm name, checked against the algorithms josekit implements. */
export function parseAlgorithm(name: string, flag = '--alg'): JwsAlgorithm {
  if ((JWS_ALGORITHMS as readonly string[]).includes(name)) return name as JwsAlgorithm;
  if (name.toLowerCase() === 'none') throw new UsageError(`${flag} none: unsecured tokens are never accepted or made by this command`);
  const suggestion = closest(name, JWS_ALGORITHMS);
  throw new UsageError(
    `${flag} ${JSON.stringify(name)} is not an algorithm josekit implements${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known: ${JWS_ALGORITHMS.join(', ')}`,
  );
}

/** The algorithms of a repeatable, comma-separated --alg, at least one. */
export function parseAlgorithms(flags: ParsedFlags): JwsAlgorithm[] {
  const names = commaList(flags, 'alg');
  if (names.length === 0) throw new UsageError('--alg is required: name the algorithms you accept (e.g. --alg RS256 or --alg ES256,EdDSA); the token never chooses');
  return [...new Set(names.map((n) => parseAlgorithm(n)))];
}

const isHmac = (alg: string) => alg.startsWith('HS');

/** What a key file holds. */
type KeyFile =
  | { readonly kind: 'pem'; readonly path: string; readonly text: string; readonly labels: readonly string[] }
  | { readonly kind: 'jwk'; readonly path: string; readonly jwk: Jwk }
  | { readonly kind: 'jwks'; readonly path: string; readonly set: unknown };

/** Reads a key file and tells what it is: PEM (by its labels), a JWK, or a JWK Set. */
async function readKeyFile(path: string): Promise<KeyFile> {
  const text = await readTextInput(path, 'key file');
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!);
  if (labels.length > 0) return { kind: 'pem', path, text, labels };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`key file ${path} is neither PEM (-----BEGIN …-----) nor JSON (a JWK)`);
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    if (Array.isArray((parsed as { keys?: unknown }).keys)) return { kind: 'jwks', path, set: parsed };
    if (typeof (parsed as { kty?: unknown }).kty === 'string') return { kind: 'jwk', path, jwk: parsed as Jwk };
  }
  throw new UsageError(`key file ${path} holds JSON that is neither a JWK (an object with "kty") nor a JWK Set (an object with "keys")`);
}

/** Where `openssl pkey -pubout` could write the public key of a private key file. */
function publicPemName(path: string): string {
  const base = path.replace(/\.(pem|key)$/i, '').replace(/[._-]?(private|priv|key)$/i, '');
  return base === '' || /[\\/]$/.test(base) ? `${base}public.pem` : `${base}.pub.pem`;
}

/** Whether a JWK holds private key material. */
export function isPrivateJwk(jwk: Record<string, unknown>): boolean {
  return PRIVATE_MEMBERS.some((name) => jwk[name] !== undefined);
}

/**
 * Imports a key once per algorithm; any algorithm it cannot serve is a usage error. `keyFile`
 * names the file in the commands the library's messages suggest (openssl conversions).
 */
async function importForEach(
  algs: readonly JwsAlgorithm[],
  what: string,
  load: (alg: JwsAlgorithm) => Promise<Key>,
  keyFile?: string,
): Promise<Map<JwsAlgorithm, Key>> {
  const keys = new Map<JwsAlgorithm, Key>();
  const failures: string[] = [];
  for (const alg of algs) {
    try {
      keys.set(alg, await load(alg));
    } catch (err) {
      if (!(err instanceof JoseError)) throw err;
      failures.push(`  ${alg}: ${errorLine(err, keyFile)}`);
    }
  }
  if (failures.length === 1 && algs.length === 1) throw new UsageError(`${what} cannot be used for ${failures[0]!.trim()}`);
  if (failures.length > 0) throw new UsageError(`${what} cannot serve every --alg given:\n${failures.join('\n')}`);
  return keys;
}

/** One key for every algorithm (a resolver that picks by the header's alg, already allowed). */
function perAlgorithm(keys: Map<JwsAlgorithm, Key>): KeyOrResolver<string> {
  if (keys.size === 1) return [...keys.values()][0]!;
  const resolver: KeyResolver<string> = (header) => keys.get(header.alg as JwsAlgorithm)!;
  return resolver;
}

/**
 * The secret of --secret-env or --secret-file, if one was given. An environment variable is
 * taken as its UTF-8 bytes. A file is taken byte for byte, a final line break included: a
 * secret is bytes, and `openssl rand 32 > file` may well end in 0x0a, so nothing is stripped;
 * a text secret ending in a line break gets a warning instead.
 */
export async function readSecret(flags: ParsedFlags, warn: (text: string) => void): Promise<Uint8Array | undefined> {
  const env = flags.strings.get('secret-env');
  if (env !== undefined) {
    const value = process.env[env];
    if (value === undefined) throw new UsageError(`--secret-env ${env}: the environment variable ${env} is not set`);
    if (value === '') throw new UsageError(`--secret-env ${env}: the environment variable ${env} is empty`);
    return new TextEncoder().encode(value);
  }
  const file = flags.strings.get('secret-file');
  if (file === undefined) return undefined;
  const bytes = await readInput(file, 'secret file', SECRET_LIMIT);
  if (bytes.length === 0) throw new UsageError(`secret file ${file} is empty`);
  if (bytes[bytes.length - 1] === 0x0a && isPrintableText(bytes.subarray(0, bytes.length - 1))) {
    warn(
      `the secret file ${file} ends with a line break, which is part of the secret (files are used byte for byte); ` +
        'if it should not be, write the file without one (printf %s "$SECRET" > FILE)',
    );
  }
  return bytes;
}

/** Printable ASCII only (then a final line break is most likely an editor's, not the secret's). */
function isPrintableText(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((b) => b >= 0x20 && b < 0x7f);
}

/** How a command was told where its key is. */
export const KEY_SOURCES = ['key', 'jwks', 'secret-env', 'secret-file'] as const;

/** The verification key (or resolver) the flags designate, and the verify options it needs. */
export interface VerificationKey {
  readonly key: KeyOrResolver<string>;
  readonly allowShortSecret: boolean;
}

/**
 * The key for `verify`, from exactly one of --key, --jwks, --secret-env and --secret-file. A
 * private key is refused: verifying needs only the public key, and a private key handed to a
 * verifier is a key that has been copied somewhere it need not be.
 */
export async function verificationKey(flags: ParsedFlags, algs: readonly JwsAlgorithm[], warn: (text: string) => void): Promise<VerificationKey> {
  const source = oneOf(flags, KEY_SOURCES);
  if (source === undefined) throw new UsageError('a key is required: --key FILE, --jwks URL-or-FILE, --secret-env NAME or --secret-file FILE');
  const shortSecretFlag = flags.booleans.has('allow-short-secret');
  const fetchFlag = ['allow-http', 'timeout'].find((name) => flags.booleans.has(name) || flags.strings.has(name));
  if (fetchFlag !== undefined && source !== 'jwks') throw new UsageError(`--${fetchFlag} applies to --jwks URL only`);

  if (source === 'secret-env' || source === 'secret-file') {
    const notHmac = algs.filter((a) => !isHmac(a));
    if (notHmac.length > 0) throw new UsageError(`--${source} gives an HMAC secret, which cannot verify ${notHmac.join(', ')}: use --key or --jwks`);
    const secret = (await readSecret(flags, warn))!;
    // Legacy short secrets are taken as bytes, so that verify's allowShortSecret applies to them.
    if (shortSecretFlag) return { key: secret, allowShortSecret: true };
    return { key: perAlgorithm(await importForEach(algs, `the secret from --${source}`, (alg) => importSecret(secret, alg))), allowShortSecret: false };
  }
  if (shortSecretFlag) throw new UsageError('--allow-short-secret applies to --secret-env and --secret-file only');

  if (source === 'jwks') return { key: await jwksResolver(flags.strings.get('jwks')!, remoteOptions(flags)), allowShortSecret: false };

  const file = await readKeyFile(flags.strings.get('key')!);
  const what = `the key in ${file.path}`;
  if (file.kind === 'jwks') throw new UsageError(`key file ${file.path} is a JWK Set: pass it with --jwks ${file.path}`);
  if (file.kind === 'jwk') {
    const jwk = file.jwk;
    if (jwk.kty !== 'oct' && isPrivateJwk(jwk)) {
      throw new UsageError(
        `key file ${file.path} is a private JWK; verify takes the public key: the same JWK without ${PRIVATE_MEMBERS.map((m) => `"${m}"`).join(', ')} ` +
          '(keygen prints it as the public JWK Set)',
      );
    }
    return { key: perAlgorithm(await importForEach(algs, what, (alg) => importJwk(jwk, alg), file.path)), allowShortSecret: false };
  }
  const { labels, text } = file;
  // Checked first: a public block next to a private one (keygen --pem to one file) is still a private key handed to a verifier.
  if (labels.some((l) => l.endsWith('PRIVATE KEY'))) {
    throw new UsageError(
      `key file ${file.path} holds a private key (${labels.join(', ')}); verify takes the public key only: ` +
        `an SPKI PEM (-----BEGIN PUBLIC KEY-----, e.g. from \`openssl pkey -in ${shellWord(file.path)} -pubout -out ${shellWord(publicPemName(file.path))}\`, ` +
        'or keygen --pem --public-out), a certificate, or a public JWK',
    );
  }
  const path = file.path;
  if (labels.includes('PUBLIC KEY')) return { key: perAlgorithm(await importForEach(algs, what, (alg) => importSpki(text, alg), path)), allowShortSecret: false };
  if (labels.includes('CERTIFICATE')) return { key: perAlgorithm(await importForEach(algs, what, (alg) => importX509(text, alg), path)), allowShortSecret: false };
  // Anything else (PKCS#1 "RSA PUBLIC KEY", …): josekit's own message says what to do.
  return { key: perAlgorithm(await importForEach(algs, what, (alg) => importSpki(text, alg), path)), allowShortSecret: false };
}

/** Whether --jwks names a URL rather than a file. */
const isUrl = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

/** How a JWK Set URL is fetched: --allow-http and --timeout. */
export interface RemoteOptions {
  readonly allowHttp?: boolean;
  readonly timeoutMs?: number;
}

/** The fetch options of --allow-http and --timeout DURATION. */
export function remoteOptions(flags: ParsedFlags): RemoteOptions {
  const timeout = flags.strings.get('timeout');
  return {
    ...(flags.booleans.has('allow-http') ? { allowHttp: true } : {}),
    ...(timeout !== undefined ? { timeoutMs: durationMs(timeout, '--timeout') } : {}),
  };
}

/**
 * A resolver for one command run: the set is fetched once, when the first token needs a key (so
 * a malformed token is rejected without a fetch), and keys are then picked from that set. A
 * long-running verifier refetches on an unknown kid, at most once per cooldown; a one-shot
 * command has nothing to cool down from, and its answer for an unknown kid is simply that the
 * set it fetched has no such key.
 */
function fetchedOnce(remote: ReturnType<typeof createRemoteJwks>): KeyResolver<string> {
  let local: Promise<ReturnType<typeof createLocalJwks>> | undefined;
  return async (header, token) => {
    local ??= remote.reload().then(() => createLocalJwks(remote.jwks()!));
    return (await local)(header, token);
  };
}

/** A resolver over the JWK Set at a URL (https, or http on loopback) or in a file. */
async function jwksResolver(location: string, options: RemoteOptions): Promise<KeyOrResolver<string>> {
  if (isUrl(location)) return fetchedOnce(remoteJwks(location, options));
  if (options.allowHttp || options.timeoutMs !== undefined) throw new UsageError(`--${options.allowHttp ? 'allow-http' : 'timeout'} applies to a JWK Set URL, not to the file ${location}`);
  const file = await readKeyFile(location);
  if (file.kind !== 'jwks') throw new UsageError(`--jwks ${location} is not a JWK Set (an object with a "keys" array)${file.kind === 'jwk' ? ': pass a single JWK with --key' : ''}`);
  try {
    return createLocalJwks(file.set as { keys: Jwk[] });
  } catch (err) {
    if (!(err instanceof JoseError)) throw err;
    throw new UsageError(`the JWK Set in ${location} is refused: ${errorLine(err)}`);
  }
}

/**
 * createRemoteJwks for a URL given on the command line, its refusals (scheme, plain http off
 * loopback) as usage errors in the command's terms. `fetch` is passed through (see `jwks`).
 */
export function remoteJwks(location: string, options: RemoteOptions = {}, fetchImpl?: typeof fetch): ReturnType<typeof createRemoteJwks> {
  try {
    return createRemoteJwks(location, { ...options, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  } catch (err) {
    if (!(err instanceof JoseError)) throw err;
    // The library's own message: the URL shown without credentials or query, flags in CLI terms.
    throw new UsageError(errorLine(err));
  }
}

/** A JWK Set location as the command prints it: a URL without userinfo, query or fragment. */
export function shownLocation(location: string): string {
  try {
    const url = new URL(location);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return location;
  }
}

/** The signing key the flags designate, with the alg to sign with and the key's own kid. */
export interface SigningKey {
  readonly key: Key;
  readonly alg: JwsAlgorithm;
  /** The `kid` of a JWK key file, used when --kid is not given. */
  readonly kid?: string;
}

/**
 * The key for `sign`: a PKCS#8 PEM or a private (or oct) JWK with --key, or an HMAC secret. The
 * algorithm is --alg, or the JWK's own `alg` when --alg is not given.
 */
export async function signingKey(flags: ParsedFlags, warn: (text: string) => void): Promise<SigningKey> {
  const source = oneOf(flags, ['key', 'secret-env', 'secret-file']);
  const algName = flags.strings.get('alg');
  const given = algName === undefined ? undefined : parseAlgorithm(algName);
  if (source === undefined) throw new UsageError('a key is required: --key FILE (PKCS#8 PEM or private JWK), --secret-env NAME or --secret-file FILE');

  if (source !== 'key') {
    if (given === undefined) throw new UsageError('--alg is required (HS256, HS384 or HS512 with a secret)');
    if (!isHmac(given)) throw new UsageError(`--${source} gives an HMAC secret, which cannot sign ${given}: use --key`);
    const secret = (await readSecret(flags, warn))!;
    const keys = await importForEach([given], `the secret from --${source}`, (alg) => importSecret(secret, alg));
    return { key: keys.get(given)!, alg: given };
  }

  const file = await readKeyFile(flags.strings.get('key')!);
  const what = `the key in ${file.path}`;
  if (file.kind === 'jwks') throw new UsageError(`key file ${file.path} is a JWK Set; sign takes one private key`);
  if (file.kind === 'jwk') {
    const jwk = file.jwk;
    if (jwk.kty !== 'oct' && !isPrivateJwk(jwk)) throw new UsageError(`key file ${file.path} is a public JWK; signing needs the private key (with "d")`);
    const own = typeof jwk.alg === 'string' ? jwk.alg : undefined;
    const alg = given ?? (own === undefined ? undefined : parseAlgorithm(own, `the JWK's "alg"`));
    if (alg === undefined) throw new UsageError(`--alg is required (the JWK in ${file.path} has no "alg")`);
    const keys = await importForEach([alg], what, (a) => importJwk(jwk, a), file.path);
    return { key: keys.get(alg)!, alg, ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) };
  }
  if (given === undefined) throw new UsageError('--alg is required with a PEM key');
  if (!file.labels.some((l) => l.endsWith('PRIVATE KEY'))) {
    throw new UsageError(`key file ${file.path} holds ${file.labels.join(', ')}, not a private key; signing needs a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK`);
  }
  // PKCS#1, SEC1 and encrypted keys are refused by importPkcs8 with the command that converts them.
  const keys = await importForEach([given], what, (alg) => importPkcs8(file.text, alg), file.path);
  return { key: keys.get(given)!, alg: given };
}
