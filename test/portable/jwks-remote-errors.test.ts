// createRemoteJwks error messages: (1) a URL's userinfo, query and fragment never reach a message
// (nor the message of any error josekit nests as a cause), for every way a fetch can fail; (2) a
// token whose kid is not in the set says what became of the refetch when that refetch failed or
// was held back by the cooldown. Portable: a fake fetch, no node: modules, no fake timers.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { bytes, rejects } from './support.js';

const ES = { algorithms: ['ES256' as const] };

/** A URL carrying secrets in every place but scheme, host, port and path. */
const SECRET_URL = 'https://svc-user:hunter2-pass@auth.example:8443/tenants/t1/jwks.json?api_key=sk_live_42#frag-token';
const SHOWN = 'https://auth.example:8443/tenants/t1/jwks.json';
const SECRETS = ['svc-user', 'hunter2', 'api_key', 'sk_live_42', 'frag-token', '@auth.example', '?', '#'];

interface Signer {
  kid: string;
  privateKey: CryptoKey;
  jwk: jose.Jwk;
  privateJwk: jose.Jwk;
}
let ka: Signer;
let kb: Signer;

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await jose.exportJwk(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, jwk, privateJwk: { ...(await jose.exportJwk(privateKey)), kid } };
}

beforeAll(async () => {
  [ka, kb] = await Promise.all([signer('a'), signer('b')]);
});

const setOf = (...signers: Signer[]) => ({ keys: signers.map((s) => s.jwk) });
const token = (s: Signer) => jose.signJwt({ sub: 'user-1' }, s.privateKey, { alg: 'ES256', kid: s.kid, expiresIn: '1h' });
const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });

/** A fetch that answers with whatever `respond` currently does; counts its calls. */
function switchable(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const fake = {
    calls: 0,
    respond,
    fetch: ((url: string, init: RequestInit) => {
      fake.calls++;
      return Promise.resolve().then(() => fake.respond(String(url), init));
    }) as unknown as typeof fetch,
  };
  return fake;
}

/** A failure as Node's fetch reports a refused connection: a TypeError with the system error as its cause. */
const refused = (quoting = '') => {
  throw new TypeError(`fetch failed${quoting ? ` for ${quoting}` : ''}`, { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:8443'), { code: 'ECONNREFUSED' }) });
};

/** The error and every josekit error nested under it as `cause`. */
function joseChain(err: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = err; e instanceof jose.JoseError; e = (e as Error).cause) chain.push(e);
  return chain;
}

/** Asserts the error and its nested josekit errors never show a secret, and the error names `step`. */
function expectRedacted(err: jose.JoseError, step: string): void {
  expect(err.message.startsWith(`${step}: `), err.message).toBe(true);
  for (const e of joseChain(err)) {
    for (const secret of SECRETS) expect(e.message, `${e.message} shows ${secret}`).not.toContain(secret);
  }
}

describe('a URL with credentials and a query never reaches a message', () => {
  it('network failure: the fetch error is quoted with the URL taken out, and its code kept', async () => {
    // A fetch may quote the URL (Node's: "Request cannot be constructed from a URL that includes credentials: <url>").
    const fake = switchable((url) => refused(url));
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expect(err.message).toBe(`fetch key set: fetching ${SHOWN} failed: fetch failed for ${SHOWN} (ECONNREFUSED)`);
    expectRedacted(err, 'fetch key set');
    expect(err.cause).toBeInstanceOf(TypeError); // the fetch's own error, as it was thrown
  });

  it('network failure quoting the URL as the caller spelled it, or only its pieces', async () => {
    for (const quoted of [SECRET_URL, 'svc-user:hunter2-pass@', '?api_key=sk_live_42', '#frag-token']) {
      const fake = switchable(() => refused(quoted));
      const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
      expectRedacted(err, 'fetch key set');
    }
  });

  it("network failure from the platform's own fetch (it refuses URLs with credentials)", async () => {
    let err: unknown;
    await jose.createRemoteJwks(SECRET_URL, { timeoutMs: 2000 }).reload().catch((e: unknown) => (err = e));
    // A spec-following fetch throws before any request; should one go out anyway, it fails or times out.
    expect(err instanceof jose.JwksFetchFailed || err instanceof jose.JwksTimeout, String(err)).toBe(true);
    expectRedacted(err as jose.JoseError, 'fetch key set');
  });

  it('timeout: aborted fetch, and a fetch that ignores the signal', async () => {
    const aborting = switchable((_url, init) => new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))));
    const ignoring = switchable(() => new Promise<Response>(() => undefined));
    for (const fake of [aborting, ignoring]) {
      const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch, timeoutMs: 30 }).reload(), jose.JwksTimeout, 'ERR_JWKS_TIMEOUT');
      expect(err.message).toBe(`fetch key set: fetching ${SHOWN} took longer than 30 ms`);
      expectRedacted(err, 'fetch key set');
    }
  });

  it('non-200 and redirect answers', async () => {
    const down = switchable(() => new Response('down', { status: 503 }));
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: down.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expect(err.message).toBe(`fetch key set: fetching ${SHOWN} answered HTTP 503`);
    expectRedacted(err, 'fetch key set');
    const moved = switchable(() => new Response(null, { status: 302, headers: { location: SECRET_URL } }));
    expectRedacted(await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: moved.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /redirects are not followed/), 'fetch key set');
  });

  it('invalid JSON', async () => {
    const fake = switchable(() => new Response('{"keys": [', { status: 200 }));
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID');
    expect(err.message.startsWith(`fetch key set: the JWK Set at ${SHOWN} `)).toBe(true);
    expectRedacted(err, 'fetch key set');
  });

  it('too large, by content-length and by counting a streamed body', async () => {
    const declared = switchable(() => json(setOf(ka)));
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: declared.fetch, maxResponseBytes: 50 }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID');
    expect(err.message).toBe(`fetch key set: the JWK Set at ${SHOWN} is over maxResponseBytes (50)`);
    expectRedacted(err, 'fetch key set');
    const streamed = switchable(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < 4; i++) controller.enqueue(bytes(' '.repeat(40)));
              controller.close();
            },
          }),
          { status: 200 },
        ),
    );
    expectRedacted(await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: streamed.fetch, maxResponseBytes: 50 }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID', /maxResponseBytes/), 'fetch key set');
  });

  it('a body stream that breaks is JwksFetchFailed, its text scrubbed', async () => {
    const fake = switchable(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.error(new Error(`connection reset while reading ${SECRET_URL}`));
            },
          }),
          { status: 200 },
        ),
    );
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expect(err.message).toBe(`fetch key set: reading the body of ${SHOWN} failed: connection reset while reading ${SHOWN}`);
    expectRedacted(err, 'fetch key set');
  });

  it('invalid set (step "select key", as for a local set)', async () => {
    const fake = switchable(() => json({ keys: [ka.privateJwk] }));
    const err = await rejects(jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }).reload(), jose.JwksInvalid, 'ERR_JWKS_INVALID', /private key material/);
    expectRedacted(err, 'select key');
  });

  it('the same errors reach verifyJwt unchanged', async () => {
    const fake = switchable(() => refused(SECRET_URL));
    const err = await rejects(jose.verifyJwt(await token(ka), jose.createRemoteJwks(SECRET_URL, { fetch: fake.fetch }), ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED');
    expectRedacted(err, 'fetch key set');
  });

  it('plain-http refusal shows the origin only', async () => {
    const url = 'http://svc-user:hunter2-pass@auth.example:8443/tenants/t1/jwks.json?api_key=sk_live_42#frag-token';
    const err = await rejects(() => jose.createRemoteJwks(url), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS', /^options: the JWK Set URL http:\/\/auth\.example:8443\/… is plain http/);
    expectRedacted(err, 'options');
    expect(err.message).not.toContain('tenants');
  });

  it('a string that is not a URL loses its userinfo and query too', async () => {
    // An unclosed IPv6 bracket: no URL parser accepts it (Chromium's takes a space in the host).
    const err = await rejects(() => jose.createRemoteJwks('https://svc-user:hunter2-pass@[auth/jwks?api_key=sk_live_42#frag-token'), jose.JoseInvalidOptions, 'ERR_JOSE_INVALID_OPTIONS');
    expect(err.message).toBe('options: the JWK Set URL "https://[auth/jwks" is not a URL');
    expectRedacted(err, 'options');
  });

  it('a URL without secrets is shown whole (path kept), and the store key stays the full URL', async () => {
    const down = switchable(() => new Response('', { status: 500 }));
    await rejects(jose.createRemoteJwks('https://auth.example/a/b/jwks.json', { fetch: down.fetch }).reload(), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /^fetch key set: fetching https:\/\/auth\.example\/a\/b\/jwks\.json answered HTTP 500$/);
    const keys: string[] = [];
    const store = { get: async (key: string) => (keys.push(key), undefined), set: async () => undefined };
    const ok = switchable(() => json(setOf(ka)));
    await jose.verifyJwt(await token(ka), jose.createRemoteJwks(SECRET_URL, { fetch: ok.fetch, store }), ES);
    expect(keys).toEqual([new URL(SECRET_URL).href]);
  });
});

describe('an unknown kid says what became of the refetch', () => {
  /** A resolver that fetched {a} once; `fake.respond` decides what later fetches get. */
  async function primed(url: string, options: jose.RemoteJwksOptions = {}) {
    const fake = switchable(() => json(setOf(ka)));
    const jwks = jose.createRemoteJwks(url, { fetch: fake.fetch, ...options });
    await jose.verifyJwt(await token(ka), jwks, ES);
    return { fake, jwks };
  }
  const NO_MATCH = 'ERR_JWKS_NO_MATCHING_KEY';

  it('refetch refused: the message says so, cause is the fetch error, the stale set is named', async () => {
    const { fake, jwks } = await primed('https://auth.example/jwks', { cooldownMs: 0 });
    fake.respond = () => refused();
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH);
    expect(err.message).toMatch(
      /^select key: no key in the JWK Set matches kid "b" \(set has: "a"\); refetching the set failed: fetching https:\/\/auth\.example\/jwks failed: fetch failed \(ECONNREFUSED\); serving the set fetched \d+ms ago$/,
    );
    expect(err.cause).toBeInstanceOf(jose.JwksFetchFailed);
    expect((err.cause as jose.JoseError).message).toBe('fetch key set: fetching https://auth.example/jwks failed: fetch failed (ECONNREFUSED)');
    expect(fake.calls).toBe(2);
    // The set still serves known kids.
    expect((await jose.verifyJwt(await token(ka), jwks, ES)).header.kid).toBe('a');
  });

  it('refetch answered non-200, timed out, or served an invalid set: each is the cause', async () => {
    const failures: Array<[(url: string, init: RequestInit) => Response | Promise<Response>, abstract new (...args: never[]) => jose.JoseError, RegExp]> = [
      [() => new Response('', { status: 503 }), jose.JwksFetchFailed, /refetching the set failed: fetching https:\/\/auth\.example\/jwks answered HTTP 503; serving the set fetched/],
      [() => new Promise<Response>(() => undefined), jose.JwksTimeout, /refetching the set failed: fetching https:\/\/auth\.example\/jwks took longer than 30 ms; serving/],
      [() => new Response('nope', { status: 200 }), jose.JwksInvalid, /refetching the set failed: the JWK Set at https:\/\/auth\.example\/jwks .*; serving/],
      [() => json({ keys: [kb.privateJwk] }), jose.JwksInvalid, /refetching the set failed: key "b" holds private key material/],
    ];
    for (const [respond, Cause, message] of failures) {
      const { fake, jwks } = await primed('https://auth.example/jwks', { cooldownMs: 0, timeoutMs: 30 });
      fake.respond = respond;
      const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, message);
      expect(err.cause).toBeInstanceOf(Cause);
    }
  });

  it('within the cooldown after a failed refresh: not refetched, the failure is named and is the cause', async () => {
    // maxAgeMs 0: every use refreshes; that refresh fails and the set keeps serving (staleIfErrorMs).
    const { fake, jwks } = await primed('https://auth.example/jwks', { maxAgeMs: 0, staleIfErrorMs: 60_000 });
    fake.respond = () => new Response('', { status: 503 });
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH);
    expect(err.message).toMatch(
      /^select key: no key in the JWK Set matches kid "b" \(set has: "a"\); not refetched: the last fetch failed \d+ms ago, less than cooldownMs \(30000 ms\) ago: fetching https:\/\/auth\.example\/jwks answered HTTP 503; serving the set fetched \d+ms ago$/,
    );
    expect(err.cause).toBeInstanceOf(jose.JwksFetchFailed);
    expect(fake.calls).toBe(2);
    // The next use does not retry the failing server within the cooldown, and says the same.
    await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /the last fetch failed .* HTTP 503/);
    expect(fake.calls).toBe(2);
  });

  it('within the cooldown after a good fetch: not refetched, how long ago it was fetched, no cause', async () => {
    const { fake, jwks } = await primed('https://auth.example/jwks');
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH);
    expect(err.message).toMatch(/^select key: no key in the JWK Set matches kid "b" \(set has: "a"\); not refetched: the set was fetched \d+ms ago, less than cooldownMs \(30000 ms\) ago$/);
    expect(err.cause).toBeUndefined();
    expect(fake.calls).toBe(1);
  });

  it('a refetch that worked but still lacks the kid is a plain no-match', async () => {
    const { fake, jwks } = await primed('https://auth.example/jwks', { cooldownMs: 0 });
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH);
    expect(err.message).toBe('select key: no key in the JWK Set matches kid "b" (set has: "a")');
    expect(err.cause).toBeUndefined();
    expect(fake.calls).toBe(2);
  });

  it('a refetch that fails after a success is not blamed on the earlier good fetch, and vice versa', async () => {
    const { fake, jwks } = await primed('https://auth.example/jwks', { cooldownMs: 0 });
    fake.respond = () => new Response('', { status: 503 });
    await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /refetching the set failed/);
    fake.respond = () => json(setOf(ka));
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH);
    expect(err.message).not.toMatch(/fail|refetch/);
    expect(err.cause).toBeUndefined();
  });

  it('too stale to serve: the fetch error itself, as before', async () => {
    const { fake, jwks } = await primed('https://auth.example/jwks', { cooldownMs: 0, maxAgeMs: 0, staleIfErrorMs: 0 });
    fake.respond = () => new Response('', { status: 503 });
    await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksFetchFailed, 'ERR_JWKS_FETCH_FAILED', /^fetch key set: fetching https:\/\/auth\.example\/jwks answered HTTP 503$/);
  });

  it('with a URL carrying secrets, neither the message nor the cause shows them', async () => {
    const { fake, jwks } = await primed(SECRET_URL, { cooldownMs: 0 });
    fake.respond = (url) => refused(url);
    const err = await rejects(jose.verifyJwt(await token(kb), jwks, ES), jose.JwksNoMatchingKey, NO_MATCH, /refetching the set failed: fetching https:\/\/auth\.example:8443\/tenants\/t1\/jwks\.json failed/);
    expectRedacted(err, 'select key');
    expect(joseChain(err)).toHaveLength(2);
  });
});
