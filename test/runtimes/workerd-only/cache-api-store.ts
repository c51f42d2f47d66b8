// The example of a RemoteJwksStore over the Workers Cache API (caches.default), as the README
// shows it; cache-api-store.test.ts runs it in workerd. Only for runtimes with the Workers Cache
// API: workerd, Cloudflare Workers (on a custom domain: the Cache API does nothing on
// *.workers.dev and in previews), Miniflare / wrangler dev.
import type { RemoteJwksOptions } from 'josekit';

type RemoteJwksStore = NonNullable<RemoteJwksOptions['store']>;

/**
 * A JWK Set store over a Cache (such as `caches.default`): the isolates of one data centre share
 * one fetched set. `ttlSeconds` should cover `maxAgeMs + staleIfErrorMs` (20 minutes by default)
 * so that a stale entry is still there to serve while the server is down.
 */
export function cacheApiStore(cache: Cache, ttlSeconds = 1200): RemoteJwksStore {
  // A key of its own, so that the entry never answers a request for the JWK Set URL itself.
  const key = (url: string) => new Request(`https://jwks-store.josekit.invalid/?url=${encodeURIComponent(url)}`);
  return {
    async get(url) {
      const hit = await cache.match(key(url));
      return hit?.json();
    },
    async set(url, value) {
      const body = JSON.stringify(value);
      await cache.put(key(url), new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': `max-age=${ttlSeconds}` } }));
    },
  };
}
