// workerd only (test/runtimes/run.mjs adds this folder to the workerd bundle alone): a JWK Set
// fetched by one resolver is served to another from the Workers Cache API without a second
// fetch, in the same isolate and in another one. The other isolate is a second worker running
// this same bundle (hosts/workerd.mjs), reached through the service binding env.PEER; its
// requests are answered by the handler registered below, not by the test run.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { cacheApiStore } from './cache-api-store.js';

interface Env {
  PEER?: { fetch(input: string, init?: RequestInit): Promise<Response> };
}
const env = () => (globalThis as { __JOSEKIT_WORKERD_ENV__?: Env }).__JOSEKIT_WORKERD_ENV__ ?? {};
const defaultCache = () => (caches as unknown as { default: Cache }).default;
const ES = { algorithms: ['ES256' as const] };
let urls = 0;
/** A new JWK Set URL per test, so no test sees another's cache entry. */
const nextUrl = () => `https://auth.example/t${Date.now()}-${++urls}/jwks.json`;

/** A fake fetch serving `body` (or HTTP 503 when it is undefined), counting its calls. */
function fakeFetch(body: unknown) {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(String(url));
    return body === undefined ? new Response('down', { status: 503 }) : new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

// The other isolate's side: verify a token against `url` with a store over caches.default and a
// server that is down, and say how many fetches that took and whether this isolate shares the
// test run's globals.
(globalThis as { __JOSEKIT_PEER__?: (request: Request) => Promise<Response> }).__JOSEKIT_PEER__ = async (request) => {
  const { url, token } = (await request.json()) as { url: string; token: string };
  const down = fakeFetch(undefined);
  const jwks = jose.createRemoteJwks(url, { store: cacheApiStore(defaultCache()), fetch: down.fetch });
  let kid: unknown;
  let error: string | undefined;
  try {
    kid = (await jose.verifyJwt(token, jwks, ES)).header.kid;
  } catch (err) {
    error = String((err as Error).message);
  }
  const sharesGlobals = (globalThis as { __JOSEKIT_MAIN_MARK__?: boolean }).__JOSEKIT_MAIN_MARK__ === true;
  return Response.json({ kid, error, fetches: down.calls.length, sharesGlobals });
};

let signer: { privateKey: CryptoKey; jwk: jose.Jwk };
beforeAll(async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  signer = { privateKey, jwk: { ...(await jose.exportJwk(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' } };
});
const token = () => jose.signJwt({ sub: 'user-1' }, signer.privateKey, { alg: 'ES256', kid: 'k1', expiresIn: '1h' });

describe('workerd: a RemoteJwksStore over caches.default', () => {
  it('the first resolver fetches and writes { jwks, fetchedAt } to the Cache API', async () => {
    const url = nextUrl();
    const server = fakeFetch({ keys: [signer.jwk] });
    const before = Date.now();
    await jose.verifyJwt(await token(), jose.createRemoteJwks(url, { store: cacheApiStore(defaultCache()), fetch: server.fetch }), ES);
    expect(server.calls).toEqual([url]);
    const hit = await defaultCache().match(new Request(`https://jwks-store.josekit.invalid/?url=${encodeURIComponent(url)}`));
    expect(hit).toBeDefined();
    expect(hit!.headers.get('cache-control')).toBe('max-age=1200');
    const entry = (await hit!.json()) as { jwks: unknown; fetchedAt: number };
    expect(entry.jwks).toEqual({ keys: [signer.jwk] });
    expect(entry.fetchedAt).toBeGreaterThanOrEqual(before);
  });

  it('a second resolver in this isolate is served from the Cache API without a fetch', async () => {
    const url = nextUrl();
    const first = fakeFetch({ keys: [signer.jwk] });
    await jose.verifyJwt(await token(), jose.createRemoteJwks(url, { store: cacheApiStore(defaultCache()), fetch: first.fetch }), ES);
    expect(first.calls).toHaveLength(1);
    // A new store object and a server that is down: only the Cache API can supply the set.
    const down = fakeFetch(undefined);
    const second = jose.createRemoteJwks(url, { store: cacheApiStore(defaultCache()), fetch: down.fetch });
    expect((await jose.verifyJwt(await token(), second, ES)).payload.sub).toBe('user-1');
    expect(down.calls).toHaveLength(0);
    expect(second.fresh).toBe(true);
  });

  it('a resolver in another isolate is served from the Cache API without a fetch', async () => {
    const peer = env().PEER;
    expect(peer, 'hosts/workerd.mjs binds a second worker as env.PEER').toBeDefined();
    const url = nextUrl();
    const t = await token();
    // Before anything is cached, the other isolate has to fetch (and its server is down).
    const cold = await (await peer!.fetch('http://peer/', { method: 'POST', body: JSON.stringify({ url, token: t }) })).json();
    expect(cold).toMatchObject({ fetches: 1, sharesGlobals: false });
    expect((cold as { error?: string }).error).toMatch(/HTTP 503/);

    (globalThis as { __JOSEKIT_MAIN_MARK__?: boolean }).__JOSEKIT_MAIN_MARK__ = true;
    const server = fakeFetch({ keys: [signer.jwk] });
    await jose.verifyJwt(t, jose.createRemoteJwks(url, { store: cacheApiStore(defaultCache()), fetch: server.fetch }), ES);
    expect(server.calls).toHaveLength(1);
    const warm = await (await peer!.fetch('http://peer/', { method: 'POST', body: JSON.stringify({ url, token: t }) })).json();
    expect(warm).toEqual({ kid: 'k1', fetches: 0, sharesGlobals: false });
  });

  it('junk under the key is a miss: the set is fetched, then the entry is rewritten', async () => {
    const url = nextUrl();
    const cache = defaultCache();
    const key = new Request(`https://jwks-store.josekit.invalid/?url=${encodeURIComponent(url)}`);
    await cache.put(key, new Response('{"jwks":', { headers: { 'cache-control': 'max-age=60' } }));
    const server = fakeFetch({ keys: [signer.jwk] });
    await jose.verifyJwt(await token(), jose.createRemoteJwks(url, { store: cacheApiStore(cache), fetch: server.fetch }), ES);
    expect(server.calls).toHaveLength(1);
    const entry = (await (await cache.match(key))!.json()) as { jwks: unknown };
    expect(entry.jwks).toEqual({ keys: [signer.jwk] });
  });
});
