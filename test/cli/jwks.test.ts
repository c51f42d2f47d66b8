// `josekit jwks` (a JWK Set from a loopback server and from a file) and `josekit decoder`, on the
// built command (see support.ts).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportJwk, generateKeyPair, jwkThumbprint, type Jwk } from 'josekit';
import { describeCli, run as runIn, start, useBuiltCli } from './support.js';

const cli = useBuiltCli();
let work: string;
const run = (args: readonly string[], options: Parameters<typeof runIn>[2] = {}) => runIn(cli(), args, { cwd: work, ...options });

describeCli('josekit jwks', () => {
  let server: Server;
  let base: string;
  let good: Jwk;
  let weak: Jwk;
  let hs: Jwk;
  let silent: NetServer;
  let silentBase: string;
  const silentSockets = new Set<Socket>();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'josekit-cli-jwks-'));
    const { publicKey } = await generateKeyPair('ES256');
    good = { ...(await exportJwk(publicKey)), kid: 'good-ec', alg: 'ES256', use: 'sig' };
    // A 1024-bit RSA key, which josekit refuses (RFC 7518 §3.3 asks for 2048 bits).
    weak = { ...(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as Jwk), kid: 'weak-rsa' };
    hs = { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'shared-hs' };
    const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk;
    const { publicKey: otherEc } = await generateKeyPair('ES256');
    const sets: Record<string, unknown> = {
      '/mixed.json': { keys: [good, weak, hs] },
      '/weak.json': { keys: [good, weak] },
      '/good.json': { keys: [good] },
      '/with-enc.json': {
        keys: [good, { ...rsa(), kid: 'enc-rsa', alg: 'RSA-OAEP', use: 'enc' }, { ...rsa(), kid: 'ops-rsa', key_ops: ['encrypt'] }, { ...rsa(), kid: 'oaep-rsa', alg: 'RSA-OAEP-256' }],
      },
      '/enc-only.json': { keys: [{ ...rsa(), kid: 'enc-rsa', use: 'enc' }] },
      '/same-kid.json': { keys: [good, { ...(await exportJwk(otherEc)), kid: 'good-ec' }] },
    };
    server = createServer((req, res) => {
      const set = sets[req.url ?? ''];
      if (set) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(set));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(join(work, 'good.json'), JSON.stringify(sets['/good.json']));
    await writeFile(join(work, 'weak.json'), JSON.stringify(sets['/weak.json']));
    await writeFile(join(work, 'empty.json'), JSON.stringify({ keys: [] }));
    const { kid: _kid, alg: _alg, use: _use, ...bare } = good;
    await writeFile(join(work, 'harmless-kids.json'), JSON.stringify({ keys: [{ ...bare, kid: 'k' }, { ...bare, kid: 'k' }, { ...rsa(), kid: 'k' }] }));
    // A server that takes the connection and never answers.
    silent = createNetServer((socket) => void silentSockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists every key, flags a weak RSA-1024 key and an HS key, and refuses the set that holds a secret', async () => {
    const { code, stdout } = await run(['jwks', `${base}/mixed.json`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`JWK Set ${base}/mixed.json: 3 keys`);
    expect(stdout).toContain('1. kid "good-ec"  EC, P-256, alg ES256, use sig\n     ✓ usable for ES256');
    expect(stdout).toContain('2. kid "weak-rsa"  RSA, 1024-bit modulus\n     ✗ refused: ERR_JOSE_KEY_INVALID: import key: RS256 needs an RSA modulus of at least 2048 bits; this key has 1024 (likewise for RS384, RS512, PS256, PS384, PS512)');
    expect(stdout).toContain('3. kid "shared-hs"  oct, 256-bit secret\n     ✗ refused: ERR_JWKS_INVALID:');
    expect(stdout).toContain('symmetric (oct) key');
    expect(stdout).toContain('✗ josekit refuses the whole set, so no token verifies against it: ERR_JWKS_INVALID');
  });

  it('accepts a set whose only problem is a key it will never use, with exit 1 for that key', async () => {
    const { code, stdout } = await run(['jwks', 'weak.json']);
    expect(code).toBe(1);
    expect(stdout).toContain('✓ josekit accepts the set; 1 of 2 keys usable');
  });

  it('exits 0 when every key is usable, from a URL or a file', async () => {
    for (const source of [`${base}/good.json`, 'good.json']) {
      const { code, stdout } = await run(['jwks', source]);
      expect(code).toBe(0);
      expect(stdout).toContain('✓ josekit accepts the set; 1 of 1 key usable');
    }
  });

  it('--json: a report per key', async () => {
    const { code, stdout } = await run(['jwks', `${base}/mixed.json`, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.set).toEqual({ accepted: false, error: expect.stringContaining('ERR_JWKS_INVALID'), usable: 1, problems: [] });
    expect(report.keys.map((k: { kid: string; refused: string | null; usableFor: string[] }) => [k.kid, k.refused === null, k.usableFor])).toEqual([
      ['good-ec', true, ['ES256']],
      ['weak-rsa', false, []],
      ['shared-hs', false, []],
    ]);
    expect(report.keys[1]).toMatchObject({ size: '1024-bit modulus', refusedFor: [{ algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] }] });
  });

  it('encryption keys (use "enc", key_ops without "verify", a JWE alg) are skipped, not refused: exit 0', async () => {
    const { code, stdout } = await run(['jwks', `${base}/with-enc.json`]);
    expect(code).toBe(0);
    expect(stdout).toContain('1. kid "good-ec"  EC, P-256, alg ES256, use sig\n     ✓ usable for ES256');
    expect(stdout).toContain('2. kid "enc-rsa"  RSA, 2048-bit modulus, alg RSA-OAEP, use enc\n     – skipped (encryption key: use "enc", not "sig"): never picked to verify a signature');
    expect(stdout).toContain('3. kid "ops-rsa"  RSA, 2048-bit modulus, key_ops ["encrypt"]\n     – skipped (key_ops ["encrypt"] without "verify")');
    expect(stdout).toContain('4. kid "oaep-rsa"  RSA, 2048-bit modulus, alg RSA-OAEP-256\n     – skipped (encryption key: alg "RSA-OAEP-256")');
    expect(stdout).toContain('✓ josekit accepts the set; 1 of 4 keys usable (3 skipped: not for signatures)');
    expect(stdout).not.toContain('refused');
    const json = JSON.parse((await run(['jwks', `${base}/with-enc.json`, '--json'])).stdout);
    expect(json.keys.map((k: { skipped: string | null }) => k.skipped)).toEqual([null, 'encryption key: use "enc", not "sig"', 'key_ops ["encrypt"] without "verify"', 'encryption key: alg "RSA-OAEP-256"']);
    expect(json.set).toEqual({ accepted: true, error: null, usable: 1, problems: [] });
  });

  it('a set in which no key can verify anything fails (✗, exit 1): only encryption keys, or no keys at all', async () => {
    const encOnly = await run(['jwks', `${base}/enc-only.json`]);
    expect(encOnly.code).toBe(1);
    expect(encOnly.stdout).toContain('– skipped (encryption key');
    expect(encOnly.stdout).toContain('✗ no key in the set can verify a token\n  0 of 1 key usable (1 skipped: not for signatures)');
    expect(encOnly.stdout).not.toContain('✓ josekit accepts');
    const empty = await run(['jwks', 'empty.json']);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain('✗ no key in the set can verify a token (the set has no keys)');
    expect(JSON.parse((await run(['jwks', 'empty.json', '--json'])).stdout).set.problems).toEqual(['no key in the set can verify a token (the set has no keys)']);
  });

  it('two different keys with one kid that fit the same alg fail the set (verify would fail with ERR_JWKS_MULTIPLE_MATCHING_KEYS)', async () => {
    const { code, stdout } = await run(['jwks', `${base}/same-kid.json`]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ kid "good-ec" is shared by keys 1 and 2, which both fit ES256: a token with this kid fails with ERR_JWKS_MULTIPLE_MATCHING_KEYS');
    // The same key listed twice, or one kid for keys of different algorithms, is no ambiguity.
    const harmless = await run(['jwks', 'harmless-kids.json']);
    expect(harmless.code).toBe(0);
    expect(harmless.stdout).toContain('! the same key as key 1 (listed twice): harmless');
    expect(harmless.stdout).toContain("! kid also used by keys 1, 2, for other algorithms: the token's alg tells them apart");
    expect(harmless.stdout).toContain('✓ josekit accepts the set; 3 of 3 keys usable');
  });

  it('--allow-http accepts plain http off loopback, --timeout bounds the fetch', async () => {
    const refused = await run(['jwks', 'http://keys.example/jwks.json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('or pass --allow-http for a JWK Set inside a private network');
    // 192.0.2.1 (TEST-NET-1) answers nothing: with --allow-http the URL is taken, and the fetch fails (1), not the command line (2).
    const allowed = await run(['jwks', 'http://192.0.2.1/jwks.json', '--allow-http', '--timeout', '300ms']);
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toMatch(/^failed: ERR_JWKS_(TIMEOUT|FETCH_FAILED): fetch key set:/);
    const silent = await run(['jwks', `${silentBase}/jwks.json`, '--timeout', '300ms']);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toContain('failed: ERR_JWKS_TIMEOUT: fetch key set: fetching');
    expect(silent.stderr).toContain('took longer than 300 ms');
    for (const [args, message] of [
      [['jwks', 'good.json', '--timeout', '1s'], '--timeout applies to a JWK Set URL, not to the file good.json'],
      [['jwks', `${base}/good.json`, '--timeout', '5'], '--timeout 5: give a unit'],
      [['jwks', `${base}/good.json`, '--timeout', '0ms'], '--timeout 0ms: give more than 0 and at most 10m'],
    ] as const) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
  });

  it('a set that cannot be fetched is a failure (1); a URL josekit refuses is a usage error (2)', async () => {
    const missing = await run(['jwks', `${base}/missing.json`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('failed: ERR_JWKS_FETCH_FAILED: fetch key set:');
    expect(missing.stderr).toContain('answered HTTP 404');
    const plain = await run(['jwks', 'http://keys.example/jwks.json']);
    expect(plain.code).toBe(2);
    const notASet = await run(['jwks', 'no-such.json']);
    expect(notASet.code).toBe(2);
    expect(notASet.stderr).toContain('cannot read JWK Set file no-such.json: no such file');
  });

  it('keygen and jwks agree: the kid of a generated key is its thumbprint', async () => {
    const out = await run(['keygen', '--alg', 'PS256', '--public-out', 'ps.json', '--private-out', 'ps.key.json']);
    expect(out.code).toBe(0);
    const set = JSON.parse(await readFile(join(work, 'ps.json'), 'utf8'));
    expect(set.keys[0].kid).toBe(await jwkThumbprint(set.keys[0]));
    const { code, stdout } = await run(['jwks', 'ps.json']);
    expect(code).toBe(0);
    expect(stdout).toContain('RSA, 2048-bit modulus, alg PS256, use sig\n     ✓ usable for PS256');
  });
});

/** GET (or another method) on the decoder server, with the Host header chosen by the test. */
function get(url: string, options: { host?: string; method?: string; path?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: options.path ?? target.pathname, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describeCli('josekit decoder', () => {
  it('says clearly that the page is missing (exit 1)', async () => {
    const { code, stderr } = await runIn(cli(), ['decoder']);
    expect(code).toBe(1);
    expect(stderr).toContain(`the decoder page is missing: expected ${join(cli().dir, 'decoder.html')}`);
  });

  it('serves the page on 127.0.0.1 only, and nothing else', async () => {
    // The real page when the package has been built, else a stand-in.
    const real = new URL('../../dist/decoder.html', import.meta.url);
    const page = join(cli().dir, 'decoder.html');
    if (existsSync(real)) await copyFile(real, page);
    else await writeFile(page, '<!doctype html><title>josekit decoder (test stand-in)</title>');
    const html = await readFile(page, 'utf8');
    const server = start(cli(), ['decoder']);
    try {
      const line = await server.firstLine;
      const url = /^josekit decoder: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const root = await get(url!);
      expect(root.status).toBe(200);
      expect(root.body).toBe(html);
      expect(root.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      for (const path of ['/cli.js', '/node.js', '/../cli.js', '/%2e%2e/cli.js', '/decoder.html/x', '/etc/passwd']) {
        const other = await get(url!, { path }); // sent as written, dots and all
        expect({ path, status: other.status }).toEqual({ path, status: 404 });
      }
      expect((await get(url!, { host: 'attacker.example' })).status).toBe(421);
      expect((await get(url!, { method: 'POST' })).status).toBe(405);
    } finally {
      server.child.kill('SIGTERM');
    }
    const ended = await server.ended;
    expect(ended.code).toBe(0);
    await rm(page, { force: true });
  });

  it('refuses a bad port (2)', async () => {
    const { code, stderr } = await runIn(cli(), ['decoder', '--port', '70000']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port "70000" is not a port number');
  });
});
