/**
 * `josekit jwks`: the keys of a JWK Set (a URL or a file), what each is, and which ones josekit
 * would refuse and why. Each key is judged by josekit itself: by the JWK Set rules
 * (createLocalJwks on the key alone) and by importing it for each algorithm it could serve.
 *
 * @module
 */

import { base64url, createLocalJwks, importJwk, JoseError, JWS_ALGORITHMS, type Jwk, type JwsAlgorithm } from '../index.js';
import { atMostPositionals } from './args.js';
import { EXIT, type Command, type Context } from './command.js';
import { paintFor, println, readTextInput } from './io.js';
import { errorLine, remoteJwks, remoteOptions, shownLocation, type RemoteOptions } from './keys.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit jwks URL|FILE [options]

Lists the keys of a JWK Set: kid, kty, crv or modulus size, alg, use, and what josekit
makes of each: the algorithms it would verify with the key, or why it refuses it (each
key is imported for every algorithm it could serve, and the refusal shown is josekit's
own error). A set holding a private or symmetric key is refused as a whole, and said so.
Encryption keys (use "enc", key_ops without "verify", a JWE alg) are listed as skipped:
josekit never picks them to verify a signature, and they do no harm.
The set fails as a whole when no key can verify any token, or when two different keys
share a kid and fit the same algorithm (a token with that kid would fail with
ERR_JWKS_MULTIPLE_MATCHING_KEYS).

URL: https, or plain http on localhost, 127.0.0.1 and [::1]; redirects are not followed.

Options:
  --allow-http         accept plain http on any host (only inside a network you trust)
  --timeout DURATION   give up on the fetch after DURATION (default 5s; e.g. 500ms, 10s)
  --json               the same as JSON: {"source", "keys": [...], "set": {"accepted",
                       "error", "usable", "problems"}}
  -h, --help           this help

Exit codes: 0 every key is usable (or skipped), 1 some key (or the set) would be refused,
or the set could not be fetched (ERR_JWKS_FETCH_FAILED, ERR_JWKS_TIMEOUT), 2 usage error.`;

/** What josekit makes of one key. */
interface KeyReport {
  readonly index: number;
  readonly kid: string | null;
  readonly kty: unknown;
  readonly crv?: unknown;
  readonly alg?: unknown;
  readonly use?: unknown;
  readonly key_ops?: unknown;
  /** "2048-bit modulus", "P-256", "256-bit secret". */
  readonly size: string | null;
  readonly usableFor: string[];
  /** Why josekit would not use this key for any token, or null. */
  readonly refused: string | null;
  /** Why josekit never picks this key to verify a signature (an encryption key), or null. */
  readonly skipped: string | null;
  /** Algorithms the key could serve by its type but that josekit refuses it for. */
  readonly refusedFor: Array<{ algorithms: string[]; error: string }>;
  readonly notes: string[];
}

const byName = (names: readonly string[]) => JWS_ALGORITHMS.filter((a) => names.includes(a));

/** The algorithms a key could serve by its own description (its alg, else its kty and crv). */
function candidates(jwk: Record<string, unknown>): JwsAlgorithm[] {
  if (typeof jwk.alg === 'string') return JWS_ALGORITHMS.filter((a) => a === jwk.alg);
  switch (jwk.kty) {
    case 'RSA':
      return JWS_ALGORITHMS.filter((a) => /^(RS|PS)/.test(a));
    case 'oct':
      return JWS_ALGORITHMS.filter((a) => a.startsWith('HS'));
    case 'EC':
      return byName([{ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[jwk.crv as string] ?? '']);
    case 'OKP':
      return jwk.crv === 'Ed25519' ? byName(['EdDSA', 'Ed25519']) : jwk.crv === 'Ed448' ? byName(['EdDSA', 'Ed448']) : [];
    default:
      return [];
  }
}

function sizeOf(jwk: Record<string, unknown>): string | null {
  const bits = (member: unknown): number | undefined => {
    if (typeof member !== 'string') return undefined;
    try {
      const bytes = base64url.decode(member);
      const first = bytes.findIndex((b) => b !== 0);
      return first === -1 ? 0 : (bytes.length - first) * 8 - Math.clz32(bytes[first]!) + 24;
    } catch {
      return undefined;
    }
  };
  if (jwk.kty === 'RSA') {
    const n = bits(jwk.n);
    return n === undefined ? null : `${n}-bit modulus`;
  }
  if (jwk.kty === 'oct') {
    const k = typeof jwk.k === 'string' ? bits(jwk.k) : undefined;
    return k === undefined ? null : `${Math.ceil(k / 8) * 8}-bit secret`;
  }
  return typeof jwk.crv === 'string' ? jwk.crv : null;
}

/** JWE key management algorithms (RFC 7518 §4.1): a key with one of these is for encryption. */
const JWE_ALG = /^(RSA1_5|RSA-OAEP(-\d+)?|A\d{3}(GCM)?KW|dir|ECDH-ES(\+A\d{3}KW)?|PBES2-.+)$/;

/** Why a key is never chosen to verify a signature (josekit's JWK Set selection skips it), or null. */
function notForSignatures(jwk: Record<string, unknown>): string | null {
  if (jwk.use !== undefined && jwk.use !== 'sig') return `${jwk.use === 'enc' ? 'encryption key: ' : ''}use ${JSON.stringify(jwk.use)}, not "sig"`;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return `key_ops ${JSON.stringify(jwk.key_ops)} without "verify"`;
  if (typeof jwk.alg === 'string' && JWE_ALG.test(jwk.alg)) return `encryption key: alg ${JSON.stringify(jwk.alg)}`;
  return null;
}

async function judge(jwk: unknown, index: number): Promise<KeyReport> {
  const object = (typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk) ? jwk : {}) as Record<string, unknown>;
  const kid = typeof object.kid === 'string' ? object.kid : null;
  const notes: string[] = [];
  if (object.kid !== undefined && kid === null) notes.push('"kid" is not a string: the key is never selected');
  const report = {
    index: index + 1,
    kid,
    kty: object.kty,
    ...(object.crv !== undefined ? { crv: object.crv } : {}),
    ...(object.alg !== undefined ? { alg: object.alg } : {}),
    ...(object.use !== undefined ? { use: object.use } : {}),
    ...(object.key_ops !== undefined ? { key_ops: object.key_ops } : {}),
    size: sizeOf(object),
    usableFor: [] as string[],
    refusedFor: [] as Array<{ algorithms: string[]; error: string }>,
    skipped: null,
    notes,
  };
  // The set rules (private material, symmetric keys, what a JWK must be), on this key alone.
  try {
    createLocalJwks({ keys: [jwk as Jwk] });
  } catch (err) {
    if (!(err instanceof JoseError)) throw err;
    return { ...report, refused: errorLine(err) };
  }
  const skipped = notForSignatures(object);
  if (skipped !== null) return { ...report, refused: null, skipped };
  const algs = candidates(object);
  if (algs.length === 0) {
    const why = typeof object.alg === 'string' ? `alg ${JSON.stringify(object.alg)} is not an algorithm josekit implements` : `no algorithm josekit implements takes kty ${JSON.stringify(object.kty)}${object.crv !== undefined ? ` with crv ${JSON.stringify(object.crv)}` : ''}`;
    return { ...report, refused: why };
  }
  // Failures that differ only in the alg they name are one failure, shown once.
  const failures = new Map<string, { algorithms: string[]; error: string }>();
  for (const alg of algs) {
    try {
      await importJwk(jwk as Jwk, alg);
      report.usableFor.push(alg);
    } catch (err) {
      if (!(err instanceof JoseError)) throw err;
      const error = errorLine(err);
      const shape = error.split(alg).join('\u0000');
      const group = failures.get(shape);
      if (group) group.algorithms.push(alg);
      else failures.set(shape, { algorithms: [alg], error });
    }
  }
  report.refusedFor.push(...failures.values());
  const refused =
    report.usableFor.length === 0
      ? report.refusedFor.map((f) => (f.algorithms.length > 1 ? `${f.error} (likewise for ${f.algorithms.slice(1).join(', ')})` : f.error)).join('; ')
      : null;
  return { ...report, refused };
}

/** What makes two keys the same key (as josekit's selection compares them). */
function material(jwk: unknown): string {
  const k = (typeof jwk === 'object' && jwk !== null ? jwk : {}) as Record<string, unknown>;
  return JSON.stringify([k.kty, k.crv, k.x, k.y, k.n, k.e, k.k]);
}

/**
 * What fails for the set as a whole although josekit accepts it: no key usable for anything, or
 * two different keys behind one kid for the same algorithm (which kid selection cannot tell
 * apart). Notes on keys that share a kid harmlessly are added to their reports.
 */
function setProblems(keys: readonly unknown[], reports: KeyReport[]): string[] {
  const problems: string[] = [];
  if (!reports.some((r) => r.usableFor.length > 0)) problems.push(`no key in the set can verify a token${reports.length === 0 ? ' (the set has no keys)' : ''}`);
  const byKid = new Map<string, KeyReport[]>();
  for (const r of reports) if (r.kid !== null) byKid.set(r.kid, [...(byKid.get(r.kid) ?? []), r]);
  for (const [kid, group] of byKid) {
    if (group.length < 2) continue;
    // Keys that share this kid with each key, for algorithms that tell them apart.
    const apart = new Map<KeyReport, number[]>();
    for (const [i, a] of group.entries()) {
      for (const b of group.slice(i + 1)) {
        const shared = a.usableFor.filter((alg) => b.usableFor.includes(alg));
        if (material(keys[a.index - 1]) === material(keys[b.index - 1])) {
          if (!b.notes.some((n) => n.startsWith('the same key as'))) b.notes.push(`the same key as key ${a.index} (listed twice): harmless`);
        } else if (shared.length > 0) {
          problems.push(`kid ${JSON.stringify(kid)} is shared by keys ${a.index} and ${b.index}, which both fit ${shared.join(', ')}: a token with this kid fails with ERR_JWKS_MULTIPLE_MATCHING_KEYS`);
        } else {
          apart.set(a, [...(apart.get(a) ?? []), b.index]);
          apart.set(b, [...(apart.get(b) ?? []), a.index]);
        }
      }
    }
    for (const [r, others] of apart) {
      r.notes.push(`kid also used by key${others.length === 1 ? '' : 's'} ${others.join(', ')}, for other algorithms: the token's alg tells them apart`);
    }
  }
  return problems;
}

/** createRemoteJwks' default maxResponseBytes: a body one byte longer is refused by josekit itself. */
const BODY_LIMIT = 512 * 1024;

/** The first `limit` bytes of a body (the rest is not read). */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return new Uint8Array(Buffer.concat(chunks).subarray(0, limit));
}

/** The raw set: a fetch through josekit's remote JWK Set (its URL rules, timeout and size limit), or a file. */
async function load(location: string, options: RemoteOptions): Promise<{ raw: unknown; setError: JoseError | undefined }> {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    if (options.allowHttp || options.timeoutMs !== undefined) throw new UsageError(`--${options.allowHttp ? 'allow-http' : 'timeout'} applies to a JWK Set URL, not to the file ${location}`);
    const text = await readTextInput(location, 'JWK Set file');
    try {
      return { raw: JSON.parse(text), setError: undefined };
    } catch {
      throw new UsageError(`${location} is not JSON`);
    }
  }
  // The bytes josekit fetched are kept, so that a set it refuses as a whole can still be listed.
  let body: Uint8Array<ArrayBuffer> | undefined;
  const keepBody: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status !== 200 || !response.body) return response;
    body = await readAtMost(response.body, BODY_LIMIT + 1);
    return new Response(body, { status: 200, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' } });
  };
  const remote = remoteJwks(location, options, keepBody);
  try {
    await remote.reload();
    return { raw: remote.jwks(), setError: undefined };
  } catch (err) {
    if (!(err instanceof JoseError)) throw err;
    let raw: unknown;
    try {
      raw = body === undefined ? undefined : JSON.parse(new TextDecoder().decode(body));
    } catch {
      raw = undefined;
    }
    if (!Array.isArray((raw as { keys?: unknown } | undefined)?.keys)) throw err; // nothing to list
    return { raw, setError: err };
  }
}

export const jwks: Command = {
  name: 'jwks',
  summary: 'list the keys of a JWK Set and which ones josekit would refuse, and why',
  help: HELP,
  flags: { json: { type: 'boolean' }, 'allow-http': { type: 'boolean' }, timeout: { type: 'string' } },
  async run(flags, context) {
    atMostPositionals(flags, 1);
    const location = flags.positionals[0];
    if (location === undefined) throw new UsageError('a JWK Set URL or file is required');
    let loaded: Awaited<ReturnType<typeof load>>;
    try {
      loaded = await load(location, remoteOptions(flags));
    } catch (err) {
      if (!(err instanceof JoseError)) throw err;
      if (flags.booleans.has('json')) println(context.stdout, JSON.stringify({ source: shownLocation(location), keys: [], set: { accepted: false, error: errorLine(err) } }, null, 2));
      else println(context.stderr, `failed: ${errorLine(err)}`);
      return EXIT.failed;
    }
    const keys = (loaded.raw as { keys?: unknown } | null)?.keys;
    if (typeof loaded.raw !== 'object' || loaded.raw === null || !Array.isArray(keys)) throw new UsageError(`${location} is not a JWK Set (an object with a "keys" array)`);
    let setError = loaded.setError;
    if (setError === undefined) {
      try {
        createLocalJwks(loaded.raw as { keys: Jwk[] });
      } catch (err) {
        if (!(err instanceof JoseError)) throw err;
        setError = err;
      }
    }
    const reports: KeyReport[] = [];
    for (const [i, jwk] of keys.entries()) reports.push(await judge(jwk, i));
    const problems = setProblems(keys, reports);
    const set: SetVerdict = {
      accepted: setError === undefined,
      error: setError === undefined ? null : errorLine(setError),
      usable: reports.filter((r) => r.usableFor.length > 0).length,
      problems,
    };
    if (flags.booleans.has('json')) println(context.stdout, JSON.stringify({ source: shownLocation(location), keys: reports, set }, null, 2));
    else render(shownLocation(location), reports, set, context);
    return set.accepted && problems.length === 0 && reports.every((r) => r.refused === null) ? EXIT.ok : EXIT.failed;
  },
};

/** What josekit makes of the set as a whole. */
interface SetVerdict {
  /** josekit accepts the set (no private or symmetric key, every member a JWK). */
  readonly accepted: boolean;
  readonly error: string | null;
  /** Keys usable for at least one algorithm. */
  readonly usable: number;
  /** Why tokens would still fail against an accepted set (no usable key, ambiguous kids). */
  readonly problems: readonly string[];
}

function render(location: string, reports: readonly KeyReport[], set: SetVerdict, context: Context): void {
  const paint = paintFor(context.stdout);
  const lines = [paint.bold(`JWK Set ${location}: ${reports.length} key${reports.length === 1 ? '' : 's'}`)];
  for (const r of reports) {
    const facts = [
      String(r.kty),
      r.size,
      r.alg !== undefined ? `alg ${String(r.alg)}` : null,
      r.use !== undefined ? `use ${String(r.use)}` : null,
      r.key_ops !== undefined ? `key_ops ${JSON.stringify(r.key_ops)}` : null,
    ].filter((f) => f !== null);
    lines.push(`  ${r.index}. ${r.kid === null ? paint.dim('(no kid)') : `kid ${JSON.stringify(r.kid)}`}  ${facts.join(', ')}`);
    if (r.refused !== null) lines.push(`     ${paint.red('✗ refused:')} ${r.refused}`);
    else if (r.skipped !== null) lines.push(`     ${paint.dim('– skipped')} (${r.skipped}): never picked to verify a signature`);
    else {
      lines.push(`     ${paint.green('✓ usable for')} ${r.usableFor.join(', ')}`);
      for (const f of r.refusedFor) lines.push(`     ${paint.yellow('! not for')} ${f.algorithms.join(', ')}: ${f.error}`);
    }
    for (const note of r.notes) lines.push(`     ${paint.yellow('!')} ${note}`);
  }
  const skipped = reports.filter((r) => r.skipped !== null).length;
  const counted = `${set.usable} of ${reports.length} key${reports.length === 1 ? '' : 's'} usable${skipped > 0 ? ` (${skipped} skipped: not for signatures)` : ''}`;
  if (!set.accepted) lines.push(`${paint.red('✗')} josekit refuses the whole set, so no token verifies against it: ${set.error}`);
  else if (set.problems.length > 0) lines.push(...set.problems.map((p) => `${paint.red('✗')} ${p}`), paint.dim(`  ${counted}`));
  else lines.push(`${paint.green('✓')} josekit accepts the set; ${counted}`);
  println(context.stdout, lines.join('\n'));
}
