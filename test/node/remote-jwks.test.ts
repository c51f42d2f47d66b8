// createRemoteJwks against a real HTTP server on 127.0.0.1: caching, kid-triggered refetch and
// its cooldown, maxAgeMs expiry, stale-if-error, timeouts, size limits, redirects, request
// coalescing and request headers. Node-only: uses node:http. Every test gets its own path, and
// the server counts requests per path.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { rejects } from '../portable/support.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
const lastHeaders = new Map<string, IncomingHttpHeaders>();
const timers = new Set<ReturnType<typeof setTimeout>>();
let server: Server;
let base: string;
let routeCount = 0;

/** Registers a handler on a new path; returns its URL and its request count. */
function route(handler: Handler): { url: string; path: string; hits: () => number; set: (next: Handler) => void } {
  const path = `/r${++routeCount}/jwks.json`;
  routes.set(path, handler);
  return { url: `${base}${path}`, path, hits: () => hits.get(path) ?? 0, set: (next) => routes.set(path, next) };
}

/** Serves the JWK Set `get()` returns at the time of the request. */
const serveSet = (get: () => unknown): Handler => (_req, res) => {
  const body = JSON.stringify(get());
  res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const serveStatus = (status: number, body = ''): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
};

/** Runs `fn` after `ms`, with the timer tracked so afterAll can clear it. */
function later(ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timers.add(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Signer {
  kid: string;
  privateKey: CryptoKey;
  jwk: jose.Jwk;
}

let k1: Signer;
let k2: Signer;
let k3: Signer;
const ES: { algorithms: jose.JwsAlgorithm[] } = { algorithms: ['ES256'] };

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await jose.exportJwk(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

const token = (s: Signer, claims: Record<string, unknown> = { sub: 'user-1' }) => jose.signJwt(claims, s.privateKey, { alg: 'ES256', kid: s.kid, expiresIn: '5m' });
const setOf = (...signers: Signer[]) => ({ keys: signers.map((s) => s.jwk) });

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastHeaders.set(path, req.headers);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else serveStatus(404)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  [k1, k2, k3] = await Promise.all([signer('k1'), signer('k2'), signer('k3')]);
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('first fetch and cache', () => {
  it('fetches on first use, then serves from the cache', async () => {
    const r = route(serveSet(() => setOf(k1, k2)));
    const jwks = jose.createRemoteJwks(r.url);
    expect(jwks.fresh).toBe(false);
    expect(r.hits()).toBe(0);
    const { payload, header } = await jose.verifyJwt(await token(k1), jwks, ES);
    expect(payload.sub).toBe('user-1');
    expect(header.kid).toBe('k1');
    expect(r.hits()).toBe(1);
    expect(jwks.fresh).toBe(true);
    expect(jwks.jwks()).toEqual(setOf(k1, k2));
    // Cache hits, for the same and for the other known kid.
    await jose.verifyJwt(await token(k1), jwks, ES);
    await jose.verifyJwt(await token(k2), jwks, ES);
    expect(r.hits()).toBe(1);
  });

  it('works through createJwtVerifier, and reload() refetches', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url);
    const verify = jose.createJwtVerifier(jwks, ES);
    await verify(await token(k1));
    expect(r.hits()).toBe(1);
    await jwks.reload();
    expect(r.hits()).toBe(2);
    await verify(await token(k1));
    expect(r.hits()).toBe(2);
  });

  it('a chunked response without content-length within the limit is read', async () => {
    const r = route((_req, res) => {
      const body = JSON.stringify(setOf(k1));
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < body.length; i += 40) res.write(body.slice(i, i + 40));
      res.end();
    });
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(r.url), ES);
    expect(r.hits()).toBe(1);
  });
});

describe('key rotation: unknown kid refetch and cooldown', () => {
  it('a new kid refetches once, a second unknown kid within the cooldown does not, after the cooldown it does', async () => {
    let current = setOf(k1);
    const r = route(serveSet(() => current));
    const jwks = jose.createRemoteJwks(r.url, { cooldownMs: 200 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(1);

    await sleep(250);
    expect(jwks.coolingDown).toBe(false);
    current = setOf(k1, k2);
    expect((await jose.verifyJwt(await token(k2), jwks, ES)).header.kid).toBe('k2');
    expect(r.hits()).toBe(2);
    expect(jwks.coolingDown).toBe(true);

    // k3 is not published yet, and the last fetch was just now: no request.
    await rejects(jose.verifyJwt(await token(k3), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY', /kid "k3".*cooldownMs \(200 ms\)/);
    expect(r.hits()).toBe(2);

    current = setOf(k2, k3);
    await sleep(250);
    expect((await jose.verifyJwt(await token(k3), jwks, ES)).header.kid).toBe('k3');
    expect(r.hits()).toBe(3);
    // k1 was rotated out of the set.
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY', /cooldownMs/);
    expect(r.hits()).toBe(3);
  });

  it('a kid still missing after the refetch is a plain no-match', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url, { cooldownMs: 0 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    const error = await rejects(jose.verifyJwt(await token(k2), jwks, ES), jose.JwksNoMatchingKey, 'ERR_JWKS_NO_MATCHING_KEY', /kid "k2" \(set has: "k1"\)/);
    expect(error.message).not.toMatch(/cooldownMs/);
    expect(r.hits()).toBe(2);
  });
});

describe('maxAgeMs expiry', () => {
  it('a set older than maxAgeMs is refetched on the next use', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url, { maxAgeMs: 100 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(1);
    await sleep(150);
    expect(jwks.fresh).toBe(false);
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(2);
    expect(jwks.fresh).toBe(true);
  });
});

describe('stale-if-error', () => {
  it('a failed refresh keeps serving the last good set until maxAgeMs + staleIfErrorMs, then throws', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url, { maxAgeMs: 100, staleIfErrorMs: 200 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(1);

    r.set(serveStatus(500, 'down'));
    await sleep(150); // age ~150 ms: stale, but within maxAgeMs + staleIfErrorMs (300 ms)
    expect((await jose.verifyJwt(await token(k1), jwks, ES)).payload.sub).toBe('user-1');
    expect(r.hits()).toBe(2);
    expect(jwks.fresh).toBe(false);
    expect(jwks.jwks()).toEqual(setOf(k1));

    await sleep(200); // age ~350 ms: too stale
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /500/);
    expect(r.hits()).toBe(3);

    r.set(serveSet(() => setOf(k1)));
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(4);
    expect(jwks.fresh).toBe(true);
  });

  it('while a stale set is served, a failing server is retried at most once per cooldownMs', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url, { maxAgeMs: 50, staleIfErrorMs: 5000, cooldownMs: 300 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    r.set(serveStatus(500, 'down'));
    await sleep(80);
    for (let i = 0; i < 5; i++) await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(2);
    await sleep(320);
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(3);
  });

  it('an invalid body on refresh is also served over while the set is young enough', async () => {
    const r = route(serveSet(() => setOf(k1)));
    const jwks = jose.createRemoteJwks(r.url, { maxAgeMs: 50, staleIfErrorMs: 5000 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    r.set((_req, res) => res.end('{"keys": ['));
    await sleep(80);
    await jose.verifyJwt(await token(k1), jwks, ES);
    expect(r.hits()).toBe(2);
    // reload() itself reports the failure.
    await rejects(jwks.reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID');
  });
});

describe('timeouts', () => {
  it('a server slower than timeoutMs on a cold cache is JwksTimeout', async () => {
    const r = route((_req, res) => later(400, () => serveSet(() => setOf(k1))(_req, res)));
    const jwks = jose.createRemoteJwks(r.url, { timeoutMs: 100 });
    const started = Date.now();
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksTimeout, 'ERR_JWKS_TIMEOUT', /longer than 100 ms/);
    expect(Date.now() - started).toBeLessThan(350);
    expect(r.hits()).toBe(1);
    expect(jwks.fresh).toBe(false);
  });

  it('a body that stops arriving is JwksTimeout', async () => {
    const r = route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"keys":[');
    });
    await rejects(jose.createRemoteJwks(r.url, { timeoutMs: 100 }).reload(), jose.JwksTimeout, 'ERR_JWKS_TIMEOUT');
  });
});

describe('failed fetches', () => {
  it('HTTP 500 is JwksFetchFailed naming the status', async () => {
    const r = route(serveStatus(500, 'internal error'));
    await rejects(jose.verifyJwt(await token(k1), jose.createRemoteJwks(r.url), ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /HTTP 500/);
  });

  it('HTTP 404 is JwksFetchFailed', async () => {
    await rejects(jose.createRemoteJwks(`${base}/nothing-here`).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /404/);
  });

  it('a refused connection is JwksFetchFailed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rejects(jose.createRemoteJwks(`http://127.0.0.1:${port}/jwks`, { timeoutMs: 900 }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
  });

  it('a redirect is not followed: JwksFetchFailed, and the target is never requested', async () => {
    const target = route(serveSet(() => setOf(k1)));
    const r = route((_req, res) => {
      res.writeHead(302, { location: target.path });
      res.end();
    });
    await rejects(jose.verifyJwt(await token(k1), jose.createRemoteJwks(r.url), ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /302.*redirect/);
    expect(r.hits()).toBe(1);
    expect(target.hits()).toBe(0);
  });
});

describe('invalid sets', () => {
  it('malformed JSON is JwksInvalid', async () => {
    const r = route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"keys": [ {"kty": "EC", ');
    });
    await rejects(jose.verifyJwt(await token(k1), jose.createRemoteJwks(r.url), ES), jose.JwksInvalid, 'ERR_JWKS_INVALID', /not valid JSON/);
  });

  it('a set with a private key is JwksInvalid', async () => {
    const privateJwk = await jose.exportJwk(k2.privateKey);
    const r = route(serveSet(() => ({ keys: [k1.jwk, privateJwk] })));
    await rejects(jose.createRemoteJwks(r.url).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID', /private key material/);
  });

  it('a body over maxResponseBytes (with content-length) is JwksInvalid', async () => {
    const r = route(serveSet(() => setOf(k1, k2, k3)));
    const jwks = jose.createRemoteJwks(r.url, { maxResponseBytes: 200 });
    await rejects(jose.verifyJwt(await token(k1), jwks, ES), jose.JwksInvalid, 'ERR_JWKS_INVALID', /maxResponseBytes \(200\)/);
  });

  it('a chunked body without content-length over maxResponseBytes is JwksInvalid', async () => {
    const r = route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 5; i++) res.write(`"${'x'.repeat(100)}"`);
      res.end();
    });
    await rejects(jose.createRemoteJwks(r.url, { maxResponseBytes: 200 }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID', /maxResponseBytes \(200\)/);
  });

  it('an endless chunked body is cut off at maxResponseBytes', async () => {
    const r = route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        if (res.destroyed || res.writableEnded) return;
        res.write('x'.repeat(1024));
        later(5, pump);
      };
      pump();
    });
    await rejects(jose.createRemoteJwks(r.url, { maxResponseBytes: 4096, timeoutMs: 900 }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID', /maxResponseBytes/);
  });
});

describe('concurrent requests share one fetch', () => {
  it('50 concurrent verifications on a cold cache make exactly one request', async () => {
    const r = route((req, res) => later(50, () => serveSet(() => setOf(k1, k2))(req, res)));
    const jwks = jose.createRemoteJwks(r.url);
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => token(i % 2 ? k1 : k2, { sub: `user-${i}` })));
    const results = await Promise.all(tokens.map((t) => jose.verifyJwt(t, jwks, ES)));
    expect(results.map((x) => x.payload.sub)).toEqual(tokens.map((_, i) => `user-${i}`));
    expect(r.hits()).toBe(1);
  });

  it('concurrent unknown kids after the cooldown make exactly one refetch', async () => {
    let current = setOf(k1);
    const r = route((req, res) => later(30, () => serveSet(() => current)(req, res)));
    const jwks = jose.createRemoteJwks(r.url, { cooldownMs: 0 });
    await jose.verifyJwt(await token(k1), jwks, ES);
    current = setOf(k1, k2);
    const t2 = await token(k2);
    await Promise.all(Array.from({ length: 20 }, () => jose.verifyJwt(t2, jwks, ES)));
    expect(r.hits()).toBe(2);
  });
});

describe('request headers', () => {
  it('custom headers reach the server', async () => {
    const r = route(serveSet(() => setOf(k1)));
    await jose.createRemoteJwks(r.url, { headers: { 'x-tenant': 'acme', authorization: 'Bearer abc' } }).reload();
    const headers = lastHeaders.get(r.path)!;
    expect(headers['x-tenant']).toBe('acme');
    expect(headers.authorization).toBe('Bearer abc');
    expect(headers.accept).toContain('application/jwk-set+json');
  });

  it('an Accept header in the options replaces the default, whatever its case', async () => {
    const lower = route(serveSet(() => setOf(k1)));
    await jose.createRemoteJwks(lower.url, { headers: { accept: 'application/json' } }).reload();
    expect(lastHeaders.get(lower.path)!.accept).toBe('application/json');
    // Header names are case-insensitive: "Accept" replaces the default instead of being sent twice.
    const upper = route(serveSet(() => setOf(k1)));
    await jose.createRemoteJwks(upper.url, { headers: { Accept: 'application/json' } }).reload();
    expect(lastHeaders.get(upper.path)!.accept).toBe('application/json');
  });

  it('the default Accept header asks for application/jwk-set+json', async () => {
    const r = route(serveSet(() => setOf(k1)));
    await jose.verifyJwt(await token(k1), jose.createRemoteJwks(r.url), ES);
    const accept = lastHeaders.get(r.path)!.accept!;
    expect(accept).toContain('application/jwk-set+json');
    expect(accept).toContain('application/json');
  });
});
