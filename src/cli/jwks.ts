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
import { errorLine, remoteJwks } from './keys.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit jwks URL|FILE [options]

Lists the keys of a JWK Set: kid, kty, crv or modulus size, alg, use, and what josekit
makes of each: the algorithms it would verify with the key, or why it refuses it (each
key is imported for every algorithm it could serve, and the refusal shown is josekit's
own error). A set holding a private or symmetric key is refused as a whole, and said so.

URL: https, or plain http on localhost, 127.0.0.1 and [::1]; redirects are not followed.

Options:
  --json       the same as JSON: {"source", "keys": [...], "set": {"accepted", "error"}}
  -h, --help   this help

Exit codes: 0 every key is usable, 1 some key (or the set) would be refused, or the set
could not be fetched, 2 usage error.`;

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

async function judge(jwk: unknown, index: number, kids: Map<string, number[]>): Promise<KeyReport> {
  const object = (typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk) ? jwk : {}) as Record<string, unknown>;
  const kid = typeof object.kid === 'string' ? object.kid : null;
  const notes: string[] = [];
  if (kid !== null && (kids.get(kid)?.length ?? 0) > 1) {
    notes.push(`kid also used by key ${kids.get(kid)!.filter((i) => i !== index).map((i) => i + 1).join(', ')}: a token with this kid may match several keys`);
  }
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
    notes,
  };
  // The set rules (private material, symmetric keys, what a JWK must be), on this key alone.
  try {
    createLocalJwks({ keys: [jwk as Jwk] });
  } catch (err) {
    if (!(err instanceof JoseError)) throw err;
    return { ...report, refused: errorLine(err) };
  }
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
async function load(location: string): Promise<{ raw: unknown; setError: JoseError | undefined }> {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
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
  const remote = remoteJwks(location, keepBody);
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
  flags: { json: { type: 'boolean' } },
  async run(flags, context) {
    atMostPositionals(flags, 1);
    const location = flags.positionals[0];
    if (location === undefined) throw new UsageError('a JWK Set URL or file is required');
    let loaded: Awaited<ReturnType<typeof load>>;
    try {
      loaded = await load(location);
    } catch (err) {
      if (!(err instanceof JoseError)) throw err;
      if (flags.booleans.has('json')) println(context.stdout, JSON.stringify({ source: location, keys: [], set: { accepted: false, error: errorLine(err) } }, null, 2));
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
    const kids = new Map<string, number[]>();
    keys.forEach((jwk: unknown, i) => {
      const kid = (jwk as { kid?: unknown } | null)?.kid;
      if (typeof kid === 'string') kids.set(kid, [...(kids.get(kid) ?? []), i]);
    });
    const reports: KeyReport[] = [];
    for (const [i, jwk] of keys.entries()) reports.push(await judge(jwk, i, kids));
    const set = { accepted: setError === undefined, error: setError === undefined ? null : errorLine(setError) };
    if (flags.booleans.has('json')) println(context.stdout, JSON.stringify({ source: location, keys: reports, set }, null, 2));
    else render(location, reports, set, context);
    return set.accepted && reports.every((r) => r.refused === null) ? EXIT.ok : EXIT.failed;
  },
};

function render(location: string, reports: readonly KeyReport[], set: { accepted: boolean; error: string | null }, context: Context): void {
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
    else {
      lines.push(`     ${paint.green('✓ usable for')} ${r.usableFor.join(', ')}`);
      for (const f of r.refusedFor) lines.push(`     ${paint.yellow('! not for')} ${f.algorithms.join(', ')}: ${f.error}`);
    }
    for (const note of r.notes) lines.push(`     ${paint.yellow('!')} ${note}`);
  }
  const usable = reports.filter((r) => r.refused === null).length;
  lines.push(
    set.accepted
      ? `${paint.green('✓')} josekit accepts the set; ${usable} of ${reports.length} keys usable`
      : `${paint.red('✗')} josekit refuses the whole set, so no token verifies against it: ${set.error}`,
  );
  println(context.stdout, lines.join('\n'));
}
