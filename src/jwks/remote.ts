/**
 * Remote JWK Sets: fetched over HTTPS, cached, refreshed when stale or when a token names a
 * `kid` the set does not have (at most once per cooldown), with one request in flight at a time.
 *
 * @module
 */

import { concatBytes } from '../encoding/bytes.js';
import { JsonError, parseJsonObjectBytes } from '../encoding/json.js';
import { show } from '../encoding/show.js';
import { asJoseError, JoseInvalidOptions, JwksFetchFailed, JwksInvalid, JwksNoMatchingKey, JwksTimeout, JwsInvalid } from '../errors.js';
import { errorText, readOptions } from '../options.js';
import { isPlainObject } from '../keys/types.js';
import type { JoseHeader } from '../jws/header.js';
import type { KeyResolver } from '../jws/verify.js';
import type { Jwk } from '../keys/types.js';
import { copyJwkSet, selectKey, type JwkSet } from './local.js';

/** Options of {@link createRemoteJwks}. */
export interface RemoteJwksOptions {
  /** Abort a fetch after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Least time between two refetches triggered by an unknown `kid`. Default 30000 ms. */
  cooldownMs?: number;
  /** Refetch when the set is older than this. Default 600000 ms (10 minutes). */
  maxAgeMs?: number;
  /**
   * When a refresh fails, keep serving the last good set until it is this much older than
   * `maxAgeMs`. Default: `maxAgeMs` (so a set serves for at most twice `maxAgeMs`).
   */
  staleIfErrorMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** The fetch to use (proxies, logging, tests). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Largest accepted response body. Default 524288 (512 KiB). */
  maxResponseBytes?: number;
}

/** A resolver over a remote JWK Set. */
export type RemoteJwksResolver = KeyResolver<unknown> & {
  /** Fetch the set now (shares a fetch already in flight). */
  reload(): Promise<void>;
  /** True while the cached set is younger than `maxAgeMs`. */
  readonly fresh: boolean;
  /** True while an unknown `kid` would not trigger a refetch. */
  readonly coolingDown: boolean;
  /** A copy of the cached set, if there is one. */
  jwks(): JwkSet | undefined;
};

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function nonNegative(value: unknown, name: string, fallback: number, infinite = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || (value === Infinity && !infinite)) {
    throw new JoseInvalidOptions(`"${name}" must be a non-negative ${infinite ? '' : 'finite '}number`, { step: 'options' });
  }
  return value;
}

async function readBody(response: Response, limit: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new JwksInvalid(`the JWK Set at ${url} is over maxResponseBytes (${limit})`, { step: 'fetch key set' });
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return concatBytes(...chunks);
}

/**
 * A key resolver over a JWK Set fetched from `url` (https, or http on loopback only).
 * Redirects are not followed. Private and symmetric keys in the set are refused.
 *
 * Refresh rules: the set is fetched on first use and again once older than `maxAgeMs`; a token
 * whose `kid` is not in the set triggers one refetch unless the last fetch was less than
 * `cooldownMs` ago. Concurrent callers share one request. If a refresh fails (network error,
 * non-200, bad JSON, too large, timeout), the last good set keeps serving while it is younger
 * than `maxAgeMs + staleIfErrorMs`; after that, and when there was never a good set, the
 * failure is thrown (`JwksTimeout`, `JwksFetchFailed` or `JwksInvalid`). While a stale set is
 * served, a failing server is retried at most once per `cooldownMs`.
 *
 * @example
 * ```ts
 * const jwks = createRemoteJwks('https://auth.example/.well-known/jwks.json');
 * const verify = createJwtVerifier(jwks, { algorithms: ['RS256'], issuer: 'https://auth.example', audience: 'api' });
 * ```
 */
export function createRemoteJwks(url: string | URL, options?: RemoteJwksOptions): RemoteJwksResolver {
  try {
    const opts = readOptions<RemoteJwksOptions>(
      options,
      ['timeoutMs', 'cooldownMs', 'maxAgeMs', 'staleIfErrorMs', 'headers', 'fetch', 'maxResponseBytes'],
      'createRemoteJwks',
    );
    let target: URL;
    try {
      target = new URL(url instanceof URL ? url.href : (url as string));
    } catch {
      throw new JoseInvalidOptions(`the JWK Set URL ${show(url)} is not a URL`, { step: 'options' });
    }
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && LOOPBACK.has(target.hostname))) {
      throw new JoseInvalidOptions(`the JWK Set URL must be https (plain http only on loopback), got ${target.protocol}`, { step: 'options' });
    }
    const href = target.href;
    const timeoutMs = nonNegative(opts.timeoutMs, 'timeoutMs', 5000);
    const cooldownMs = nonNegative(opts.cooldownMs, 'cooldownMs', 30_000);
    const maxAgeMs = nonNegative(opts.maxAgeMs, 'maxAgeMs', 600_000, true);
    const staleIfErrorMs = nonNegative(opts.staleIfErrorMs, 'staleIfErrorMs', maxAgeMs, true);
    const maxResponseBytes = nonNegative(opts.maxResponseBytes, 'maxResponseBytes', 512 * 1024);
    const fetchImpl = opts.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new JoseInvalidOptions('"fetch" must be a function (no global fetch here)', { step: 'options' });
    // Header names are case-insensitive: an "Accept" option replaces the default "accept".
    const headers: Record<string, string> = { accept: 'application/jwk-set+json, application/json' };
    if (opts.headers !== undefined) {
      if (!isPlainObject(opts.headers)) throw new JoseInvalidOptions('"headers" must be an object of header names and string values', { step: 'options' });
      for (const [name, value] of Object.entries(opts.headers)) {
        if (typeof value !== 'string') throw new JoseInvalidOptions(`"headers" value of ${show(name)} must be a string, got ${show(value)}`, { step: 'options' });
        headers[name.toLowerCase()] = value;
      }
    }

    let set: JwkSet | undefined;
    let fetchedAt = -Infinity;
    let attemptedAt = -Infinity;
    let failedAt = -Infinity;
    let inflight: Promise<void> | undefined;

    const timedOut = (cause?: unknown) =>
      new JwksTimeout(`fetching ${href} took longer than ${timeoutMs} ms`, { step: 'fetch key set', cause });

    /** One request: status, size limit, JSON, set rules. */
    async function download(signal: AbortSignal): Promise<JwkSet> {
      let response: Response;
      try {
        response = await fetchImpl(href, { headers, redirect: 'manual', signal });
      } catch (err) {
        if (signal.aborted) throw timedOut(err);
        throw new JwksFetchFailed(`fetching ${href} failed: ${errorText(err)}`, { step: 'fetch key set', cause: err });
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        const redirect = (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect';
        throw new JwksFetchFailed(`fetching ${href} answered HTTP ${response.status}${redirect ? ' (redirects are not followed)' : ''}`, {
          step: 'fetch key set',
        });
      }
      const body = await readBody(response, maxResponseBytes, href).catch((err) => {
        throw signal.aborted ? timedOut(err) : err;
      });
      let parsed: unknown;
      try {
        // Read as Response.json() would: a UTF-8 byte order mark at the start is skipped.
        const hasBom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
        parsed = parseJsonObjectBytes(hasBom ? body.subarray(3) : body, maxResponseBytes);
      } catch (err) {
        throw new JwksInvalid(`the JWK Set at ${href} ${(err as JsonError).message}`, { step: 'fetch key set' });
      }
      return copyJwkSet(parsed, {});
    }

    async function fetchSet(): Promise<void> {
      attemptedAt = Date.now();
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      // The deadline holds even against a custom fetch that ignores the abort signal.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(timedOut());
        }, timeoutMs);
      });
      const request = download(controller.signal);
      request.catch(() => undefined); // settled after the deadline: nobody is waiting any more
      try {
        set = await Promise.race([request, deadline]);
        fetchedAt = Date.now();
      } catch (err) {
        failedAt = Date.now();
        throw err;
      } finally {
        clearTimeout(timer);
      }
    }

    function refresh(): Promise<void> {
      inflight ??= fetchSet().finally(() => {
        inflight = undefined;
      });
      return inflight;
    }

    /** Refreshes; on failure, keeps a set that is not yet too stale. */
    async function refreshOrKeep(): Promise<void> {
      try {
        await refresh();
      } catch (err) {
        if (set === undefined || Date.now() - fetchedAt >= maxAgeMs + staleIfErrorMs) throw err;
      }
    }

    /** Makes the set fresh if it is stale, without retrying a failing server more than once per cooldown. */
    async function ensureFresh(): Promise<void> {
      const age = Date.now() - fetchedAt;
      if (set !== undefined && age < maxAgeMs) return;
      const failedRecently = set !== undefined && Date.now() - failedAt < cooldownMs;
      if (failedRecently && age < maxAgeMs + staleIfErrorMs) return;
      await refreshOrKeep();
    }

    const resolver = async (header: JoseHeader): Promise<Jwk> => {
      await ensureFresh();
      try {
        return selectKey(set!, header);
      } catch (err) {
        if (!(err instanceof JwksNoMatchingKey)) throw asJoseError(err, JwsInvalid, 'select key', 'the header');
        if (Date.now() - attemptedAt < cooldownMs) {
          const detail = err.message.replace(/^select key: /, '');
          throw new JwksNoMatchingKey(`${detail}; not refetched: the last fetch was less than cooldownMs (${cooldownMs} ms) ago`, { step: 'select key' });
        }
        await refreshOrKeep();
        return selectKey(set!, header);
      }
    };

    return Object.defineProperties(Object.assign(resolver, {
      reload: () => refresh(),
      jwks: () => (set === undefined ? undefined : (JSON.parse(JSON.stringify(set)) as JwkSet)),
    }), {
      fresh: { get: () => set !== undefined && Date.now() - fetchedAt < maxAgeMs },
      coolingDown: { get: () => Date.now() - attemptedAt < cooldownMs },
    }) as unknown as RemoteJwksResolver;
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the URL or options');
  }
}
