/**
 * Remote JWK Sets: fetched over HTTPS, cached, refreshed when stale or when a token names a
 * `kid` the set does not have (at most once per cooldown), with one request in flight at a time,
 * optionally shared through a caller's store between resolvers that share no memory.
 *
 * @module
 */

import { concatBytes } from '../encoding/bytes.js';
import { JsonError, parseJsonObjectBytes } from '../encoding/json.js';
import { kindOf, show } from '../encoding/show.js';
import { utf8Encode } from '../encoding/utf8.js';
import { asJoseError, JoseError, JoseInvalidOptions, JwksFetchFailed, JwksInvalid, JwksNoMatchingKey, JwksTimeout, JwsInvalid } from '../errors.js';
import { errorText, readOptions } from '../options.js';
import { migrationHint } from '../options-migration.js';
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
  /**
   * Accept a plain `http:` URL on any host, not only on loopback (`localhost`, `127.0.0.1`,
   * `[::1]`). Off by default: without TLS anyone on the network path can answer with keys of
   * their own, and every token signed with those keys then verifies. The specifications ask for
   * TLS too: a `jwks_uri` "MUST use the https scheme" (RFC 8414 §2), and a `jku` set is fetched
   * over TLS with the server's identity checked (RFC 7515 §4.1.2). Turn it on only where the
   * network itself is trusted, such as a service name inside a cluster; the request `headers`
   * travel in clear text as well. Redirects are never followed, so an `https:` URL is never
   * downgraded to `http:`. Other schemes (`ftp:`, `file:`, `data:`, ...) stay refused.
   *
   * @example
   * ```ts
   * const jwks = createRemoteJwks('http://keycloak:8080/realms/x/protocol/openid-connect/certs', { allowHttp: true });
   * ```
   */
  allowHttp?: boolean;
  /**
   * A place to share the fetched set between resolvers that share no memory (serverless
   * isolates, the processes of a cluster), so that a cold resolver starts from a set another one
   * fetched instead of fetching it again. See {@link RemoteJwksStore} for what is read and
   * written, and when.
   */
  store?: RemoteJwksStore;
}

/** What a {@link RemoteJwksStore} holds for one URL: plain JSON, so any key-value store can keep it. */
export interface StoredJwks {
  /** The JWK Set, as checked after the fetch. */
  jwks: JwkSet;
  /** When it was fetched, in epoch milliseconds (`Date.now()`). */
  fetchedAt: number;
}

/**
 * Storage for {@link createRemoteJwks}'s `store` option: Workers KV, the Cache API, Redis, a
 * file. Keyed by the JWK Set URL (as `new URL(url).href` spells it).
 *
 * - Read: when a resolver has no set in memory, or only a stale one, it asks `get` before
 *   fetching. An entry newer than the one in memory is used as if this resolver had fetched it
 *   at `fetchedAt`: served without a fetch while younger than `maxAgeMs`; when older, fetched
 *   over, and still served while younger than `maxAgeMs + staleIfErrorMs` if that fetch fails;
 *   and an unknown `kid` refetches only once `fetchedAt` is `cooldownMs` in the past. A set
 *   still fresh in memory is never replaced from the store.
 * - Write: after every successful fetch (first use, expiry, an unknown `kid`, `reload()`), `set`
 *   receives a fresh copy of the set and its `fetchedAt`. The write is awaited, so that a
 *   runtime that stops pending work once the response is sent still keeps it.
 * - Failure: each call is bounded by `timeoutMs`. A call that throws, rejects or does not
 *   answer in time, and an entry that is not exactly `{ jwks, fetchedAt }` (`jwks` passing the
 *   same checks and `maxResponseBytes` limit as a fetched body, measured as UTF-8 JSON;
 *   `fetchedAt` a finite number of epoch milliseconds, at most a minute ahead of this clock), is
 *   a miss: the resolver fetches as if there were no store. The store never makes a
 *   verification fail, and never supplies a key that a fetched set could not have held. `null`
 *   is a miss too.
 *
 * Whoever can write to the store can choose the keys, as whoever answers at the URL can: keep it
 * as private as the key set's server.
 *
 * @example
 * ```ts
 * // Workers KV
 * const store: RemoteJwksStore = {
 *   get: (url) => env.JWKS.get(url, 'json'),
 *   set: (url, value) => env.JWKS.put(url, JSON.stringify(value), { expirationTtl: 3600 }),
 * };
 * const jwks = createRemoteJwks('https://auth.example/.well-known/jwks.json', { store });
 * ```
 */
export interface RemoteJwksStore {
  /** The entry last written for `url`, or `undefined` (or `null`) when there is none. */
  get(url: string): Promise<StoredJwks | null | undefined>;
  /** Keeps `value` for `url`, replacing any earlier entry. */
  set(url: string, value: StoredJwks): Promise<void>;
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
/** How far a stored `fetchedAt` may be ahead of this clock (clocks of different machines differ). */
const STORE_CLOCK_SKEW_MS = 60_000;

function nonNegative(value: unknown, name: string, fallback: number, infinite = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || (value === Infinity && !infinite)) {
    throw new JoseInvalidOptions(`"${name}" must be a non-negative ${infinite ? '' : 'finite '}number`, { step: 'options' });
  }
  return value;
}

/** The `store` option, checked once: its methods are kept and called on the store object. */
function checkStoreOption(value: unknown): { target: object; get: RemoteJwksStore['get']; set: RemoteJwksStore['set'] } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JoseInvalidOptions(`"store" must be an object with get(url) and set(url, value) methods, got ${kindOf(value)}`, { step: 'options' });
  }
  // Methods may live on a prototype (a class instance): read, not only own members.
  const members = readOptions<RemoteJwksStore>(value, ['get', 'set'], 'the "store" option of createRemoteJwks', 'ignore');
  for (const name of ['get', 'set'] as const) {
    if (typeof members[name] !== 'function') {
      throw new JoseInvalidOptions(`"store.${name}" must be a function, got ${kindOf(members[name])}`, { step: 'options' });
    }
  }
  return { target: value, get: members.get!, set: members.set! };
}

/**
 * How the JWK Set URL appears in every message: scheme://host[:port]/path, without userinfo,
 * query or fragment, which may carry credentials (`https://user:pass@…`, `?api_key=…`).
 * `withPath: false` keeps the origin only. A string that is not a URL loses whatever sits between
 * `//` and the last `@` of the authority, and everything from the first `?` or `#`.
 */
function displayUrl(url: URL | string, withPath = true): string {
  if (typeof url === 'string') return url.replace(/[?#][^]*$/, '').replace(/^([^/]*\/\/)[^/]*@/, '$1');
  return `${url.protocol}//${url.host}${withPath ? url.pathname : '/…'}`;
}

/** A compact age for messages: 350ms, 12s, 4m10s, 2h5m. */
function age(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return `${whole}ms`;
  const s = Math.floor(whole / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
}

/** An error's message without the "step: " prefix josekit puts in front. */
function reasonOf(err: unknown): string {
  const text = errorText(err);
  return err instanceof JoseError && err.step !== undefined && text.startsWith(`${err.step}: `) ? text.slice(err.step.length + 2) : text;
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
 * A key resolver over a JWK Set fetched from `url` (https; http on loopback, or anywhere with
 * `allowHttp: true`). Redirects are not followed. Private and symmetric keys in the set are refused.
 *
 * Refresh rules: the set is fetched on first use and again once older than `maxAgeMs`; a token
 * whose `kid` is not in the set triggers one refetch unless the last fetch was less than
 * `cooldownMs` ago. Concurrent callers share one request. If a refresh fails (network error,
 * non-200, bad JSON, too large, timeout), the last good set keeps serving while it is younger
 * than `maxAgeMs + staleIfErrorMs`; after that, and when there was never a good set, the
 * failure is thrown (`JwksTimeout`, `JwksFetchFailed` or `JwksInvalid`). While a stale set is
 * served, a failing server is retried at most once per `cooldownMs`. With a `store`, a resolver
 * without a fresh set first looks there (see {@link RemoteJwksStore}).
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
      ['timeoutMs', 'cooldownMs', 'maxAgeMs', 'staleIfErrorMs', 'headers', 'fetch', 'maxResponseBytes', 'allowHttp', 'store'],
      'createRemoteJwks',
      'reject',
      migrationHint,
    );
    if (opts.allowHttp !== undefined && typeof opts.allowHttp !== 'boolean') {
      throw new JoseInvalidOptions(`"allowHttp" must be true or false, got ${show(opts.allowHttp)}`, { step: 'options' });
    }
    let target: URL;
    try {
      target = new URL(url instanceof URL ? url.href : (url as string));
    } catch {
      throw new JoseInvalidOptions(`the JWK Set URL ${show(typeof url === 'string' ? displayUrl(url) : url)} is not a URL`, { step: 'options' });
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new JoseInvalidOptions(`the JWK Set URL must be https (or http), got ${target.protocol}`, { step: 'options' });
    }
    if (target.protocol === 'http:' && !LOOPBACK.has(target.hostname) && opts.allowHttp !== true) {
      // Only the origin is shown, as in every message: the URL may carry credentials.
      throw new JoseInvalidOptions(
        `the JWK Set URL ${displayUrl(target, false)} is plain http off loopback, where anyone on the path can swap the keys: ` +
          'use https, or pass allowHttp: true for a JWK Set inside a private network',
        { step: 'options' },
      );
    }
    const href = target.href;
    /** The URL as messages show it (see displayUrl). */
    const shown = displayUrl(target);
    /**
     * Another's error text with the URL's secrets taken out: a platform fetch may quote the whole
     * URL ("Request cannot be constructed from a URL that includes credentials: https://user:pass@…").
     */
    const userinfo = target.username || target.password ? `${target.username}${target.password ? `:${target.password}` : ''}@` : '';
    const secrets: Array<[string, string]> = [[href, shown], [typeof url === 'string' ? url : '', shown], [userinfo, ''], [target.search, ''], [target.hash, '']];
    const scrub = (text: string) => secrets.reduce((out, [secret, instead]) => (secret.length > 1 ? out.split(secret).join(instead) : out), text);
    /** What a failed fetch threw, in words: its message, and the system error code under it when there is one. */
    const fetchErrorText = (err: unknown) => {
      const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
      return scrub(errorText(err) + (typeof code === 'string' ? ` (${code})` : ''));
    };
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
    const store = checkStoreOption(opts.store);

    let set: JwkSet | undefined;
    let fetchedAt = -Infinity;
    let attemptedAt = -Infinity;
    let failedAt = -Infinity;
    /** What the fetch that failed at `failedAt` threw. */
    let failure: unknown;
    let inflight: Promise<void> | undefined;
    let renewing: Promise<void> | undefined;

    const isFresh = () => set !== undefined && Date.now() - fetchedAt < maxAgeMs;
    /** A copy for callers and the store: nobody else ever holds the objects this resolver selects from. */
    const copySet = (value: JwkSet) => JSON.parse(JSON.stringify(value)) as JwkSet;

    const timedOut = (cause?: unknown) =>
      new JwksTimeout(`fetching ${shown} took longer than ${timeoutMs} ms`, { step: 'fetch key set', cause });

    /** One request: status, size limit, JSON, set rules. */
    async function download(signal: AbortSignal): Promise<JwkSet> {
      let response: Response;
      try {
        response = await fetchImpl(href, { headers, redirect: 'manual', signal });
      } catch (err) {
        if (signal.aborted) throw timedOut(err);
        throw new JwksFetchFailed(`fetching ${shown} failed: ${fetchErrorText(err)}`, { step: 'fetch key set', cause: err });
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        const redirect = (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect';
        throw new JwksFetchFailed(`fetching ${shown} answered HTTP ${response.status}${redirect ? ' (redirects are not followed)' : ''}`, {
          step: 'fetch key set',
        });
      }
      const body = await readBody(response, maxResponseBytes, shown).catch((err) => {
        if (signal.aborted) throw timedOut(err);
        if (err instanceof JoseError) throw err;
        // The body stream broke (connection reset, a custom fetch's stream threw).
        throw new JwksFetchFailed(`reading the body of ${shown} failed: ${fetchErrorText(err)}`, { step: 'fetch key set', cause: err });
      });
      let parsed: unknown;
      try {
        // Read as Response.json() would: a UTF-8 byte order mark at the start is skipped.
        const hasBom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
        parsed = parseJsonObjectBytes(hasBom ? body.subarray(3) : body, maxResponseBytes);
      } catch (err) {
        throw new JwksInvalid(`the JWK Set at ${shown} ${(err as JsonError).message}`, { step: 'fetch key set' });
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
        failure = err;
        throw err;
      } finally {
        clearTimeout(timer);
      }
      if (store !== undefined) await writeStore(set, fetchedAt);
    }

    /** `call()`, given up on after timeoutMs (the store cannot be aborted, only no longer waited for). */
    function bounded<T>(call: () => T | PromiseLike<T>): Promise<T> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const work = new Promise<T>((resolve) => resolve(call())); // a synchronous throw becomes a rejection
      work.catch(() => undefined); // settled after the deadline: nobody is waiting any more
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within timeoutMs (${timeoutMs} ms)`)), timeoutMs);
      });
      return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
    }

    /** A store failure costs a fetch somewhere, never a verification here: it is ignored. */
    async function writeStore(written: JwkSet, at: number): Promise<void> {
      try {
        await bounded(() => store!.set.call(store!.target, href, { jwks: copySet(written), fetchedAt: at }));
      } catch {
        // ignored on purpose (see RemoteJwksStore)
      }
    }

    /**
     * The store's entry, checked as a fetched body is (it is serialised and parsed again, so only
     * plain JSON that passes the JWK Set checks is ever used); undefined for a miss, junk, or a
     * store that throws, rejects or does not answer in time.
     */
    async function storedEntry(): Promise<{ set: JwkSet; fetchedAt: number } | undefined> {
      try {
        const value: unknown = await bounded(() => store!.get.call(store!.target, href));
        if (!isPlainObject(value)) return undefined;
        const names = Object.keys(value);
        if (names.length !== 2 || !names.includes('jwks') || !names.includes('fetchedAt')) return undefined;
        const at = value.fetchedAt;
        const now = Date.now();
        if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > now + STORE_CLOCK_SKEW_MS) return undefined;
        const text: unknown = JSON.stringify(value.jwks);
        if (typeof text !== 'string') return undefined;
        const bytes = utf8Encode(text);
        if (bytes.length > maxResponseBytes) return undefined;
        // A fetchedAt within the skew counts as now: an entry never looks younger than zero.
        return { set: copyJwkSet(parseJsonObjectBytes(bytes, maxResponseBytes), {}), fetchedAt: Math.min(at, now) };
      } catch {
        return undefined;
      }
    }

    /** Takes the store's entry when it is newer than the set in memory, still usable, and memory has no fresh set. */
    async function adoptStored(): Promise<void> {
      const entry = await storedEntry();
      if (entry === undefined || isFresh() || entry.fetchedAt <= fetchedAt) return;
      if (Date.now() - entry.fetchedAt >= maxAgeMs + staleIfErrorMs) return;
      set = entry.set;
      fetchedAt = entry.fetchedAt;
      // As if this resolver had made that fetch: an unknown kid waits out the same cooldown.
      attemptedAt = Math.max(attemptedAt, entry.fetchedAt);
    }

    function refresh(): Promise<void> {
      inflight ??= fetchSet().finally(() => {
        inflight = undefined;
      });
      return inflight;
    }

    /** Brings a missing or stale set up to date: from the store when it holds a fresh entry, else from the server. */
    function renew(): Promise<void> {
      if (store === undefined) return refresh();
      renewing ??= (async () => {
        await adoptStored();
        if (!isFresh()) await refresh();
      })().finally(() => {
        renewing = undefined;
      });
      return renewing;
    }

    /** Runs `update`; on failure, keeps a set that is not yet too stale, and returns the failure. */
    async function refreshOrKeep(update: () => Promise<void> = refresh): Promise<unknown> {
      try {
        await update();
        return undefined;
      } catch (err) {
        if (set === undefined || Date.now() - fetchedAt >= maxAgeMs + staleIfErrorMs) throw err;
        return err;
      }
    }

    /** The selection error again, told what became of the refetch (`cause`: the fetch's failure). */
    const noMatch = (err: JwksNoMatchingKey, refetch: string, cause?: unknown) =>
      new JwksNoMatchingKey(`${reasonOf(err)}; ${refetch}`, { step: 'select key', cause });
    const serving = () => `serving the set fetched ${age(Date.now() - fetchedAt)} ago`;

    /** Makes the set fresh if it is stale, without retrying a failing server more than once per cooldown. */
    async function ensureFresh(): Promise<void> {
      if (isFresh()) return;
      const elapsed = Date.now() - fetchedAt;
      const failedRecently = set !== undefined && Date.now() - failedAt < cooldownMs;
      if (failedRecently && elapsed < maxAgeMs + staleIfErrorMs) return;
      await refreshOrKeep(renew);
    }

    const resolver = async (header: JoseHeader): Promise<Jwk> => {
      await ensureFresh();
      try {
        return selectKey(set!, header);
      } catch (err) {
        if (!(err instanceof JwksNoMatchingKey)) throw asJoseError(err, JwsInvalid, 'select key', 'the header');
        const since = Date.now() - attemptedAt;
        if (since < cooldownMs) {
          // The last attempt failed unless a later one (or a store entry) has happened since.
          if (failedAt !== -Infinity && failedAt >= attemptedAt) {
            throw noMatch(err, `not refetched: the last fetch failed ${age(Date.now() - failedAt)} ago, less than cooldownMs (${cooldownMs} ms) ago: ${reasonOf(failure)}; ${serving()}`, failure);
          }
          throw noMatch(err, `not refetched: the set was fetched ${age(since)} ago, less than cooldownMs (${cooldownMs} ms) ago`);
        }
        const failed = await refreshOrKeep();
        try {
          return selectKey(set!, header);
        } catch (again) {
          if (failed === undefined || !(again instanceof JwksNoMatchingKey)) throw again;
          throw noMatch(again, `refetching the set failed: ${reasonOf(failed)}; ${serving()}`, failed);
        }
      }
    };

    return Object.defineProperties(Object.assign(resolver, {
      reload: () => refresh(),
      jwks: () => (set === undefined ? undefined : copySet(set)),
    }), {
      fresh: { get: isFresh },
      coolingDown: { get: () => Date.now() - attemptedAt < cooldownMs },
    }) as unknown as RemoteJwksResolver;
  } catch (err) {
    throw asJoseError(err, JoseInvalidOptions, 'options', 'the URL or options');
  }
}
