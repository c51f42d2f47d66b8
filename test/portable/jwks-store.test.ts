// createRemoteJwks: the `store` option (a JWK Set shared between resolvers that share no memory)
// and the `allowHttp` option. Portable: a Map-backed store and a fake fetch, no node: modules.
// Times are steered through the stored `fetchedAt`, never with fake timers.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { rejects } from './support.js';

type Store = NonNullable<jose.RemoteJwksOptions['store']>;
type Entry = { jwks: unknown; fetchedAt: unknown };

const URL_OK = 'https://auth.example/.well-known/jwks.json';
const ES = { algorithms: ['ES256' as const] };
const INVALID_OPTIONS = 'ERR_JOSE_INVALID_OPTIONS';
const MINUTE = 60_000;

interface Signer {
  kid: string;
  privateKey: CryptoKey;
  jwk: jose.Jwk;
  privateJwk: jose.Jwk;
}

let k1: Signer;
let k2: Signer;
/** Has kid "k1" too: a key that must never stand in for the real k1. */
let impostor: Signer;

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await jose.exportJwk(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, jwk, privateJwk: { ...(await jose.exportJwk(privateKey)), kid } };
}

beforeAll(async () => {
  [k1, k2, impostor] = await Promise.all([signer('k1'), signer('k2'), signer('k1')]);
});

const setOf = (...signers: Signer[]) => ({ keys: signers.map((s) => s.jwk) });
const token = (s: Signer) => jose.signJwt({ sub: 'user-1' }, s.privateKey, { alg: 'ES256', kid: s.kid, expiresIn: '1h' });

/** A fake fetch: serves `respond(url)`, records the URLs and init objects it was called with. */
function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const calls: Array<{ url: string; redirect?: string }> = [];
  const fetch = ((url: string, init: { redirect?: string }) => {
    calls.push({ url: String(url), redirect: init?.redirect });
    return Promise.resolve().then(() => respond(String(url)));
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}
const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });
const serve = (value: unknown) => fakeFetch(() => json(value));
const failing = () => fakeFetch(() => new Response('down', { status: 503 }));

/** A store over a Map that keeps JSON text, as KV, Redis or the Cache API would; logs every call. */
function memoryStore(initial?: Entry, url = URL_OK) {
  const map = new Map<string, string>();
  if (initial) map.set(url, JSON.stringify(initial));
  const log: string[] = [];
  const store: Store = {
    async get(key) {
      log.push(`get ${key}`);
      const text = map.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async set(key, value) {
      log.push(`set ${key}`);
      map.set(key, JSON.stringify(value));
    },
  };
  const entry = (key = url) => {
    const text = map.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as { jwks: jose.JwkSet; fetchedAt: number });
  };
  const count = (op: 'get' | 'set') => log.filter((line) => line.startsWith(`${op} `)).length;
  return { store, map, log, entry, count };
}

/** A store whose get answers `value` (whatever it is) and whose set is a no-op. */
const answering = (value: () => unknown): Store => ({ get: async () => value() as never, set: async () => undefined });

describe('store: a cold resolver reads the store first', () => {
  it('a fresh stored entry is served without a fetch', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 1000 });
    const fake = serve(setOf(k2));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    const { payload, header } = await jose.verifyJwt(await token(k1), jwks, ES);
    expect(payload.sub).toBe('user-1');
    expect(header.kid).toBe('k1');
    expect(fake.calls).toHaveLength(0);
    expect(mem.log).toEqual([`get ${URL_OK}`]);
    expect(jwks.fresh).toBe(true);
    expect(jwks.jwks()).toEqual(setOf(k1));
    // From memory now: the store is not asked again.
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(mem.log).toEqual([`get ${URL_OK}`]);
  });

  it('a second resolver over the same store is served from the first one\'s fetch', async () => {
    const mem = memoryStore();
    const first = serve(setOf(k1, k2));
    const before = Date.now();
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(URL_OK, { fetch: first.fetch, store: mem.store }), ES);
    expect(first.calls).toHaveLength(1);
    expect(mem.log).toEqual([`get ${URL_OK}`, `set ${URL_OK}`]);
    const written = mem.entry()!;
    expect(written.jwks).toEqual(setOf(k1, k2));
    expect(written.fetchedAt).toBeGreaterThanOrEqual(before);
    expect(written.fetchedAt).toBeLessThanOrEqual(Date.now());

    const second = serve(setOf(k1, k2));
    const other = jose.createRemoteJwks(URL_OK, { fetch: second.fetch, store: mem.store });
    expect((await jose.verifyJwt(await token(k2), other, ES)).header.kid).toBe('k2');
    expect(second.calls).toHaveLength(0);
  });

  it('the store is keyed by the normalised URL', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() }, 'https://auth.example/jwks');
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks('HTTPS://Auth.Example:443/jwks', { fetch: fake.fetch, store: mem.store });
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(mem.log).toEqual(['get https://auth.example/jwks']);
    expect(fake.calls).toHaveLength(0);
  });

  it('concurrent cold calls share one store read and one fetch', async () => {
    const mem = memoryStore();
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    const t = await token(k1);
    await Promise.all([1, 2, 3, 4].map(() => jose.verifyJwt(t, jwks, ES)));
    expect(mem.count('get')).toBe(1);
    expect(mem.count('set')).toBe(1);
    expect(fake.calls).toHaveLength(1);
  });

  it('a stale stored entry is fetched over, and the new set is written back', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 11 * MINUTE });
    const fake = serve(setOf(k2));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    const before = Date.now();
    expect((await jose.verifyJwt(await token(k2), jwks, ES)).header.kid).toBe('k2');
    expect(fake.calls).toHaveLength(1);
    expect(mem.entry()!.jwks).toEqual(setOf(k2));
    expect(mem.entry()!.fetchedAt).toBeGreaterThanOrEqual(before);
    expect(jwks.jwks()).toEqual(setOf(k2));
  });

  it('maxAgeMs decides freshness of a stored entry as it does in memory', async () => {
    const at = Date.now() - 2 * MINUTE;
    const young = serve(setOf(k1));
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(URL_OK, { fetch: young.fetch, store: memoryStore({ jwks: setOf(k1), fetchedAt: at }).store, maxAgeMs: 3 * MINUTE }), ES);
    expect(young.calls).toHaveLength(0);
    const old = serve(setOf(k1));
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(URL_OK, { fetch: old.fetch, store: memoryStore({ jwks: setOf(k1), fetchedAt: at }).store, maxAgeMs: MINUTE }), ES);
    expect(old.calls).toHaveLength(1);
  });

  it('a stale set in memory looks at the store before fetching, and takes a fresher entry', async () => {
    const mem = memoryStore();
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store, maxAgeMs: 50, staleIfErrorMs: 0 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(fake.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(jwks.fresh).toBe(false);
    // Another isolate fetched meanwhile and wrote k1 + k2.
    mem.map.set(URL_OK, JSON.stringify({ jwks: setOf(k1, k2), fetchedAt: Date.now() }));
    expect((await jose.verifyJwt(await token(k2), jwks, ES)).header.kid).toBe('k2');
    expect(fake.calls).toHaveLength(1);
  });

  it('an unknown kid right after a recent stored fetch waits out the cooldown, counted from fetchedAt', async () => {
    const recent = serve(setOf(k1, k2));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: recent.fetch, store: memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 1000 }).store });
    const err = await rejects(jose.verifyJwt(await token(k2), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY', /kid "k2".*cooldownMs/);
    // The age is the stored fetchedAt's, as if this resolver had made that fetch.
    expect(err.message).toMatch(/; not refetched: the set was fetched [12]s ago, less than cooldownMs \(30000 ms\) ago$/);
    expect(err.cause).toBeUndefined();
    expect(recent.calls).toHaveLength(0);
    expect(jwks.coolingDown).toBe(true);

    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 2 * MINUTE });
    const older = serve(setOf(k1, k2));
    const other = jose.createRemoteJwks(URL_OK, { fetch: older.fetch, store: mem.store });
    expect(other.coolingDown).toBe(false);
    expect((await jose.verifyJwt(await token(k2), other, ES)).header.kid).toBe('k2');
    expect(older.calls).toHaveLength(1);
    // The refetch for the new kid is shared too.
    expect(mem.entry()!.jwks).toEqual(setOf(k1, k2));
  });
});

describe('store: stale-if-error', () => {
  it('a failing fetch serves a stored entry still within staleIfErrorMs, and does not write it back', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 15 * MINUTE }); // stale after 10, usable until 20
    const fake = failing();
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    expect((await jose.verifyJwt(await token(k1), jwks, ES)).payload.sub).toBe('user-1');
    expect(fake.calls).toHaveLength(1);
    expect(mem.count('set')).toBe(0);
    expect(jwks.fresh).toBe(false);
    expect(jwks.jwks()).toEqual(setOf(k1));
    // The failing server is not retried within the cooldown, nor is the store read again.
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(fake.calls).toHaveLength(1);
    expect(mem.count('get')).toBe(1);
  });

  it('a stored entry older than maxAgeMs + staleIfErrorMs is not used: the fetch failure is thrown', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 21 * MINUTE });
    const fake = failing();
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /HTTP 503/);
    expect(fake.calls).toHaveLength(1);
    expect(jwks.jwks()).toBeUndefined();
  });

  it('an unknown kid whose refetch fails says so, with the age of the set served and the fetch error as cause', async () => {
    // Fresh (4 minutes old), past the cooldown: the unknown kid refetches, the refetch fails.
    const fake = failing();
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 4 * MINUTE }).store });
    const err = await rejects(jose.verifyJwt(await token(k2), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(err.message).toBe(
      `select key: no key in the JWK Set matches kid "k2" (set has: "k1"); refetching the set failed: fetching ${URL_OK} answered HTTP 503; serving the set fetched 4m ago`,
    );
    expect(err.cause).toBeInstanceOf(jose.JwksFetchFailed);
    expect((err.cause as jose.JoseError).message).toBe(`fetch key set: fetching ${URL_OK} answered HTTP 503`);
    expect(fake.calls).toHaveLength(1);
  });

  it('an unknown kid on a stale stored set whose refresh just failed: not refetched within the cooldown, and says why', async () => {
    const fake = failing();
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 15 * MINUTE }).store });
    const err = await rejects(jose.verifyJwt(await token(k2), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(err.message).toMatch(
      /^select key: no key in the JWK Set matches kid "k2" \(set has: "k1"\); not refetched: the last fetch failed \d+ms ago, less than cooldownMs \(30000 ms\) ago: fetching https:\/\/auth\.example\/\.well-known\/jwks\.json answered HTTP 503; serving the set fetched 15m ago$/,
    );
    expect(err.cause).toBeInstanceOf(jose.JwksFetchFailed);
    expect(fake.calls).toHaveLength(1);
    // With no cooldown, it refetches (and fails) again and says that instead.
    const eager = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, cooldownMs: 0, store: memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 15 * MINUTE }).store });
    await rejects(jose.verifyJwt(await token(k2), eager, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY', /; refetching the set failed: fetching .* answered HTTP 503; serving the set fetched 15m ago$/);
    expect(fake.calls).toHaveLength(3);
  });

  it('staleIfErrorMs: 0 never serves a stale stored entry', async () => {
    const jwks = jose.createRemoteJwks(URL_OK, {
      fetch: failing().fetch,
      staleIfErrorMs: 0,
      store: memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() - 11 * MINUTE }).store,
    });
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
  });
});

describe('store: a failing store or junk in it is a miss', () => {
  const never = () => new Promise<never>(() => undefined);
  const broken: Array<[string, Store]> = [
    ['get throws', { get: () => { throw new Error('boom'); }, set: async () => undefined }],
    ['get rejects', { get: () => Promise.reject(new Error('boom')), set: async () => undefined }],
    ['get never answers', { get: never, set: async () => undefined }],
    ['get returns a thenable that throws', { get: () => ({ then() { throw new Error('boom'); } }) as never, set: async () => undefined }],
    ['set throws', { get: async () => undefined, set: () => { throw new Error('boom'); } }],
    ['set rejects', { get: async () => undefined, set: () => Promise.reject(new Error('boom')) }],
    ['set never answers', { get: async () => undefined, set: never }],
  ];
  for (const [name, store] of broken) {
    it(`${name}: the set is fetched, verification works, within the timeouts`, async () => {
      const fake = serve(setOf(k1));
      const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store, timeoutMs: 100 });
      const started = Date.now();
      expect((await jose.verifyJwt(await token(k1), jwks, ES)).header.kid).toBe('k1');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(fake.calls).toHaveLength(1);
      expect(jwks.fresh).toBe(true);
    });
  }

  it('a store that fails on reload() does not fail the reload', async () => {
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: broken[4]![1] });
    await jwks.reload();
    expect(jwks.jwks()).toEqual(setOf(k1));
  });

  // Each junk entry carries the impostor's key where a key would be: if any were used, the
  // impostor's token would verify and the real k1's would not.
  const now = () => Date.now();
  const junk: Array<[string, () => unknown]> = [
    ['null', () => null],
    ['a string', () => JSON.stringify({ jwks: setOf(impostor), fetchedAt: now() })],
    ['a number', () => 42],
    ['an array', () => [setOf(impostor), now()]],
    ['a bare JWK Set', () => setOf(impostor)],
    ['no fetchedAt', () => ({ jwks: setOf(impostor) })],
    ['no jwks', () => ({ fetchedAt: now() })],
    ['an extra member', () => ({ jwks: setOf(impostor), fetchedAt: now(), etag: 'x' })],
    ['fetchedAt a string', () => ({ jwks: setOf(impostor), fetchedAt: String(now()) })],
    ['fetchedAt a Date', () => ({ jwks: setOf(impostor), fetchedAt: new Date() })],
    ['fetchedAt NaN', () => ({ jwks: setOf(impostor), fetchedAt: Number.NaN })],
    ['fetchedAt Infinity', () => ({ jwks: setOf(impostor), fetchedAt: Infinity })],
    ['fetchedAt negative', () => ({ jwks: setOf(impostor), fetchedAt: -1 })],
    ['fetchedAt an hour ahead', () => ({ jwks: setOf(impostor), fetchedAt: now() + 60 * MINUTE })],
    ['jwks a JSON string', () => ({ jwks: JSON.stringify(setOf(impostor)), fetchedAt: now() })],
    ['jwks without keys', () => ({ jwks: { key: [impostor.jwk] }, fetchedAt: now() })],
    ['keys not an array', () => ({ jwks: { keys: impostor.jwk }, fetchedAt: now() })],
    ['a key without kty', () => ({ jwks: { keys: [{ ...impostor.jwk, kty: undefined }] }, fetchedAt: now() })],
    ['a private key', () => ({ jwks: { keys: [impostor.privateJwk] }, fetchedAt: now() })],
    ['a symmetric key', () => ({ jwks: { keys: [impostor.jwk, { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA', kid: 'h' }] }, fetchedAt: now() })],
    ['a BigInt inside', () => ({ jwks: { keys: [impostor.jwk], n: 1n }, fetchedAt: now() })],
    ['a cycle inside', () => {
      const keys: unknown[] = [impostor.jwk];
      keys.push(keys);
      return { jwks: { keys }, fetchedAt: now() };
    }],
    ['a getter that throws', () => ({ get jwks() { throw new Error('boom'); }, fetchedAt: now() })],
    ['a class instance', () => new (class EntryLookalike { jwks = setOf(impostor); fetchedAt = now(); })()],
    ['over maxResponseBytes counted in UTF-8 bytes', () => ({ jwks: { keys: [impostor.jwk], note: 'é'.repeat(500) }, fetchedAt: now() })],
  ];
  for (const [name, value] of junk) {
    it(`${name}: a miss, the set is fetched and the stored key is never used`, async () => {
      const fake = serve(setOf(k1));
      const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: answering(value), maxResponseBytes: 1000 });
      await rejects(jose.verifyJwt(await token(impostor), jwks, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      expect(fake.calls).toHaveLength(1);
      expect((await jose.verifyJwt(await token(k1), jwks, ES)).header.kid).toBe('k1');
      expect(jwks.jwks()).toEqual(setOf(k1));
    });
  }

  it('the size limit itself: the same entry under a larger maxResponseBytes is used', async () => {
    const entry = junk.find(([name]) => name.startsWith('over maxResponseBytes'))![1];
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: answering(entry), maxResponseBytes: 2000 });
    // Its JSON is under 1000 characters but over 1000 bytes: bytes are what count.
    expect(JSON.stringify((entry() as Entry).jwks).length).toBeLessThan(1000);
    await jose.verifyJwt(await token(impostor), jwks, ES);
    expect(fake.calls).toHaveLength(0);
  });

  it('a fetchedAt a few seconds ahead (clock skew) is accepted', async () => {
    const fake = serve(setOf(k2));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: answering(() => ({ jwks: setOf(k1), fetchedAt: Date.now() + 5000 })) });
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(fake.calls).toHaveLength(0);
    expect(jwks.fresh).toBe(true);
  });

  it('the set handed to store.set is a copy: changing it changes nothing in the resolver', async () => {
    let kept: { jwks: jose.JwkSet; fetchedAt: number } | undefined;
    const store: Store = { get: async () => undefined, set: async (_url, value) => void (kept = value) };
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: serve(setOf(k1)).fetch, store });
    await jwks.reload();
    expect(kept!.jwks).toEqual(setOf(k1));
    expect(Object.keys(kept!).sort()).toEqual(['fetchedAt', 'jwks']);
    kept!.jwks.keys[0] = impostor.jwk;
    await jose.verifyJwt(await token(k1), jwks, ES);
    await rejects(jose.verifyJwt(await token(impostor), jwks, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
});

describe('store: a wrong key in the store never verifies another key\'s token', () => {
  it('a fresh stored set with an impostor under kid k1 rejects the real k1 token', async () => {
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: memoryStore({ jwks: setOf(impostor), fetchedAt: Date.now() }).store });
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(fake.calls).toHaveLength(0);
  });

  it('a fresh set in memory is never replaced from the store', async () => {
    const mem = memoryStore();
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    await jose.verifyJwt(await token(k1), jwks, ES);
    mem.map.set(URL_OK, JSON.stringify({ jwks: setOf(impostor, k2), fetchedAt: Date.now() + 1000 }));
    await jose.verifyJwt(await token(k1), jwks, ES);
    await rejects(jose.verifyJwt(await token(impostor), jwks, ES), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    // An unknown kid refetches from the server (here: within the cooldown, not at all), never from the store.
    await rejects(jose.verifyJwt(await token(k2), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(mem.count('get')).toBe(1);
    expect(jwks.jwks()).toEqual(setOf(k1));
  });

  it('an older stored entry does not replace a newer stale set in memory', async () => {
    const mem = memoryStore();
    let up = true;
    const fake = fakeFetch(() => (up ? json(setOf(k1)) : new Response('down', { status: 503 })));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store, maxAgeMs: 30, staleIfErrorMs: MINUTE });
    await jose.verifyJwt(await token(k1), jwks, ES);
    mem.map.set(URL_OK, JSON.stringify({ jwks: setOf(impostor), fetchedAt: Date.now() - 1000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    up = false;
    // Stale in memory, server down: the set kept for stale-if-error is memory's, not the older stored one.
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(mem.count('get')).toBe(2);
    expect(fake.calls).toHaveLength(2);
    expect(jwks.jwks()).toEqual(setOf(k1));
  });

  it('a store that answers after a reload() made memory fresh does not replace it', async () => {
    let answer: (value: unknown) => void = () => undefined;
    let asked = false;
    const store: Store = {
      get: () => {
        asked = true;
        return new Promise((resolve) => (answer = resolve)) as never;
      },
      set: async () => undefined,
    };
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: serve(setOf(k1)).fetch, store });
    const pending = jose.verifyJwt(await token(k1), jwks, ES);
    while (!asked) await new Promise((resolve) => setTimeout(resolve, 1));
    await jwks.reload();
    // A later fetch by someone else: newer than memory's, yet memory is fresh and stays.
    await new Promise((resolve) => setTimeout(resolve, 5));
    answer({ jwks: setOf(impostor), fetchedAt: Date.now() });
    expect((await pending).header.kid).toBe('k1');
    expect(jwks.jwks()).toEqual(setOf(k1));
  });
});

describe('store: reload() and refetches write back', () => {
  it('reload() fetches whatever the store holds, and writes the new set', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() });
    const fake = serve(setOf(k2));
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store: mem.store });
    const before = Date.now();
    await jwks.reload();
    expect(fake.calls).toHaveLength(1);
    expect(mem.count('get')).toBe(0);
    expect(mem.entry()!.jwks).toEqual(setOf(k2));
    expect(mem.entry()!.fetchedAt).toBeGreaterThanOrEqual(before);
    expect((await jose.verifyJwt(await token(k2), jwks, ES)).header.kid).toBe('k2');
    expect(mem.count('get')).toBe(0);
  });

  it('a refetch for an unknown kid writes back', async () => {
    let current = setOf(k1);
    const mem = memoryStore();
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: fakeFetch(() => json(current)).fetch, store: mem.store, cooldownMs: 0 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    current = setOf(k1, k2);
    await jose.verifyJwt(await token(k2), jwks, ES);
    expect(mem.count('set')).toBe(2);
    expect(mem.entry()!.jwks).toEqual(setOf(k1, k2));
  });

  it('a failed fetch writes nothing', async () => {
    const mem = memoryStore();
    await rejects(jose.createRemoteJwks(URL_OK, { fetch: failing().fetch, store: mem.store }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expect(mem.count('set')).toBe(0);
    expect(mem.map.size).toBe(0);
  });
});

describe('store: option checks', () => {
  it('a store that is not an object', async () => {
    for (const store of ['redis', 42, null, [], () => undefined]) {
      await rejects(() => jose.createRemoteJwks(URL_OK, { store: store as never }), jose.JoseInvalidOptions, INVALID_OPTIONS, /"store" must be an object/);
    }
  });

  it('get or set missing, or not a function', async () => {
    const get = async () => undefined;
    const set = async () => undefined;
    for (const [store, name] of [[{ set }, 'get'], [{ get }, 'set'], [{ get: 'x', set }, 'get'], [{ get, set: {} }, 'set']] as const) {
      await rejects(() => jose.createRemoteJwks(URL_OK, { store: store as never }), jose.JoseInvalidOptions, INVALID_OPTIONS, new RegExp(`"store\\.${name}" must be a function`));
    }
  });

  it('a store whose members cannot be read', async () => {
    const store = { get get(): never { throw new Error('no access'); }, set: async () => undefined };
    await rejects(() => jose.createRemoteJwks(URL_OK, { store: store as never }), jose.JoseInvalidOptions, INVALID_OPTIONS, /no access/);
  });

  it('misspelt option names are refused with a hint', async () => {
    await rejects(() => jose.createRemoteJwks(URL_OK, { stor: {} } as never), jose.JoseInvalidOptions, INVALID_OPTIONS, /did you mean "store"/);
    await rejects(() => jose.createRemoteJwks(URL_OK, { allowHTTP: true } as never), jose.JoseInvalidOptions, INVALID_OPTIONS, /did you mean "allowHttp"/);
  });

  it('a class instance with methods on its prototype and other members works, called on itself', async () => {
    class MapStore {
      readonly entries = new Map<string, string>();
      readonly name = 'map';
      async get(url: string) {
        const text = this.entries.get(url);
        return text === undefined ? undefined : JSON.parse(text);
      }
      async set(url: string, value: unknown) {
        this.entries.set(url, JSON.stringify(value));
      }
    }
    const store = new MapStore();
    await jose.createRemoteJwks(URL_OK, { fetch: serve(setOf(k1)).fetch, store }).reload();
    expect(store.entries.has(URL_OK)).toBe(true);
    const fake = serve(setOf(k1));
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(URL_OK, { fetch: fake.fetch, store }), ES);
    expect(fake.calls).toHaveLength(0);
  });

  it('the methods are read once, at creation', async () => {
    const mem = memoryStore({ jwks: setOf(k1), fetchedAt: Date.now() });
    const store = { get: mem.store.get, set: mem.store.set };
    const jwks = jose.createRemoteJwks(URL_OK, { fetch: serve(setOf(k1)).fetch, store });
    store.get = async () => ({ jwks: setOf(impostor), fetchedAt: Date.now() }) as never;
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(mem.count('get')).toBe(1);
  });
});

describe('allowHttp', () => {
  const KEYCLOAK = 'http://keycloak:8080/realms/x/protocol/openid-connect/certs';

  it('without it, plain http off loopback is refused with a message that names the option', async () => {
    for (const url of [KEYCLOAK, 'http://10.0.0.7/jwks', 'http://auth.example/jwks']) {
      await rejects(() => jose.createRemoteJwks(url), jose.JoseInvalidOptions, INVALID_OPTIONS, /allowHttp: true for a JWK Set inside a private network/);
      await rejects(() => jose.createRemoteJwks(url, { allowHttp: false }), jose.JoseInvalidOptions, INVALID_OPTIONS, /allowHttp: true/);
    }
  });

  it('the refusal shows the origin only, not credentials or the path', async () => {
    const err = await rejects(() => jose.createRemoteJwks('http://svc:s3cret-token@keycloak:8080/realms/x?k=v'), jose.JoseInvalidOptions, INVALID_OPTIONS, /http:\/\/keycloak:8080\//);
    expect(err.message).not.toMatch(/s3cret|realms|k=v/);
  });

  it('with it, any http URL is fetched, without following redirects', async () => {
    const fake = serve(setOf(k1));
    const jwks = jose.createRemoteJwks(KEYCLOAK, { allowHttp: true, fetch: fake.fetch });
    expect((await jose.verifyJwt(await token(k1), jwks, ES)).header.kid).toBe('k1');
    expect(fake.calls).toEqual([{ url: KEYCLOAK, redirect: 'manual' }]);
  });

  it('with it, a redirect answer is still a failure (no silent hop to another host or scheme)', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 302, headers: { location: 'http://elsewhere.example/jwks' } }));
    await rejects(jose.createRemoteJwks(URL_OK, { allowHttp: true, fetch: fake.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /redirects are not followed/);
    expect(fake.calls).toEqual([{ url: URL_OK, redirect: 'manual' }]);
  });

  it('loopback http needs no option; https is unaffected', async () => {
    for (const url of ['http://localhost:8080/jwks', 'http://127.0.0.1/jwks', 'http://[::1]:9/jwks', URL_OK]) {
      const fake = serve(setOf(k1));
      await jose.verifyJwt(await token(k1), jose.createRemoteJwks(url, { fetch: fake.fetch }), ES);
      expect(fake.calls).toHaveLength(1);
    }
  });

  it('other schemes stay refused, with or without it', async () => {
    for (const url of ['ftp://auth.example/jwks', 'file:///etc/jwks.json', 'data:application/json,{"keys":[]}', 'javascript:alert(1)', 'ws://auth.example/jwks', 'blob:https://auth.example/x']) {
      for (const options of [{}, { allowHttp: true }]) {
        const err = await rejects(() => jose.createRemoteJwks(url, options), jose.JoseInvalidOptions, INVALID_OPTIONS, /must be https \(or http\), got [a-z]+:/);
        expect(err.message).not.toMatch(/allowHttp/);
      }
    }
  });

  it('must be a boolean', async () => {
    for (const value of ['true', 1, null, {}]) {
      await rejects(() => jose.createRemoteJwks(KEYCLOAK, { allowHttp: value as never }), jose.JoseInvalidOptions, INVALID_OPTIONS, /"allowHttp" must be true or false/);
    }
  });
});
