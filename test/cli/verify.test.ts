// `josekit verify`, `sign`, `keygen` and `thumbprint` on the built command (see support.ts), with
// keys made by the command itself in a temporary directory, and a JWK Set served on 127.0.0.1.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJwt, decodeHeader, jwkThumbprint, jwkThumbprintUri, type Jwk } from 'josekit';
import { albToken, describeCli, run as runIn, useBuiltCli } from './support.js';

const cli = useBuiltCli();
let work: string;
const run = (args: readonly string[], options: Parameters<typeof runIn>[2] = {}) => runIn(cli(), args, { cwd: work, ...options });
const file = (name: string) => join(work, name);

/** Runs the command and expects exit 0; returns stdout without the final line break. */
async function ok(args: readonly string[], options?: Parameters<typeof runIn>[2]): Promise<string> {
  const result = await run(args, options);
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  return result.stdout.replace(/\n$/, '');
}

/** One DER element (tag, definite length, contents). */
function der(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  const length = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([Buffer.of(tag), length, body]);
}

/**
 * An X.509 certificate holding `spki`, well-formed but unsigned (a dummy signature, empty names
 * and validity): importX509 reads only the SubjectPublicKeyInfo, and trusting the certificate
 * is left to the caller.
 */
function certificateAround(spki: Buffer): Buffer {
  const sha256WithRsa = der(0x30, der(0x06, Buffer.from('2a864886f70d01010b', 'hex')));
  const tbs = der(0x30, der(0xa0, der(0x02, Buffer.of(2))), der(0x02, Buffer.of(7)), sha256WithRsa, der(0x30), der(0x30), der(0x30), spki);
  return der(0x30, tbs, sha256WithRsa, der(0x03, Buffer.of(0, 0xde, 0xad)));
}

describeCli('josekit keygen, sign, verify and thumbprint', () => {
  let server: Server;
  let jwksUrl: string;
  let ecToken: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'josekit-cli-keys-'));
    await ok(['keygen', '--alg', 'ES256', '--private-out', 'ec.private.jwk', '--public-out', 'ec.public.jwks']);
    await ok(['keygen', '--alg', 'ES256', '--private-out', 'other.private.jwk', '--public-out', 'other.public.jwks']);
    await ok(['keygen', '--alg', 'RS256', '--pem', '--private-out', 'rsa.key.pem', '--public-out', 'rsa.pub.pem']);
    await ok(['keygen', '--alg', 'HS256', '--private-out', 'hs.jwk']);
    await writeFile(file('secret.bin'), randomBytes(32));
    const publicSet = await readFile(file('ec.public.jwks'), 'utf8');
    server = createServer((req, res) => {
      if (req.url === '/jwks.json') res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(publicSet);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    ecToken = await ok(['sign', '--key', 'ec.private.jwk', '--exp', '15m', '--iss', 'https://issuer.example', '--aud', 'api', '--claims', '{"scope":"read"}']);
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('keygen: a private JWK and a public JWK Set, with kid = the RFC 7638 thumbprint and the private file mode 600', async () => {
    const privateJwk = JSON.parse(await readFile(file('ec.private.jwk'), 'utf8')) as Jwk;
    const set = JSON.parse(await readFile(file('ec.public.jwks'), 'utf8')) as { keys: Jwk[] };
    expect(set.keys).toHaveLength(1);
    const publicJwk = set.keys[0]!;
    expect(publicJwk.d).toBeUndefined();
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', x: publicJwk.x, y: publicJwk.y });
    expect(typeof privateJwk.d).toBe('string');
    const thumbprint = await jwkThumbprint(publicJwk);
    expect(privateJwk.kid).toBe(thumbprint);
    expect(publicJwk.kid).toBe(thumbprint);
    expect((await stat(file('ec.private.jwk'))).mode & 0o777).toBe(0o600);
  });

  it('keygen: prints both parts when no file is given, and never overwrites a file', async () => {
    const [privatePart, publicPart] = (await ok(['keygen', '--alg', 'EdDSA', '--kid', 'ed-1'])).split('\n\n');
    expect(JSON.parse(privatePart!)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'ed-1', alg: 'EdDSA' });
    expect(JSON.parse(publicPart!).keys[0]).toMatchObject({ kty: 'OKP', kid: 'ed-1' });
    const again = await run(['keygen', '--alg', 'ES256', '--private-out', 'ec.private.jwk']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the file exists (it is never overwritten)');
    const pem = await ok(['keygen', '--alg', 'ES384', '--pem']);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n\n-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----$/);
    const hsPem = await run(['keygen', '--alg', 'HS256', '--pem']);
    expect(hsPem.code).toBe(2);
    expect(hsPem.stderr).toContain('has no PEM form');
  });

  it('sign → verify round trip with a JWK pair: exit 0 and the payload', async () => {
    expect(decodeHeader(ecToken)).toMatchObject({ alg: 'ES256', kid: JSON.parse(await readFile(file('ec.private.jwk'), 'utf8')).kid });
    const { code, stdout, stderr } = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--iss', 'https://issuer.example', '--aud', 'api']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const payload = JSON.parse(stdout);
    expect(payload).toMatchObject({ scope: 'read', iss: 'https://issuer.example', aud: 'api' });
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('sign → verify round trip with PEM: PKCS#8 to sign, SPKI to verify', async () => {
    const token = await ok(['sign', '--alg', 'RS256', '--key', 'rsa.key.pem', '--exp', '5m', '--sub', 'user-1']);
    const { code, stdout } = await run(['verify', token, '--alg', 'RS256,PS256', '--key', 'rsa.pub.pem']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).sub).toBe('user-1');
  });

  it('verify: the public key of an X.509 certificate', async () => {
    const spki = Buffer.from((await readFile(file('rsa.pub.pem'), 'utf8')).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    await writeFile(file('rsa.cert.pem'), `-----BEGIN CERTIFICATE-----\n${certificateAround(spki).toString('base64')}\n-----END CERTIFICATE-----\n`);
    const token = await ok(['sign', '--alg', 'PS256', '--key', 'rsa.key.pem', '--exp', '5m']);
    const { code, stdout } = await run(['verify', token, '--alg', 'PS256', '--key', 'rsa.cert.pem']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).exp).toBeTypeOf('number');
  });

  it('verify: a private key is a usage mistake (exit 2), PEM or JWK', async () => {
    const pem = await run(['verify', ecToken, '--alg', 'RS256', '--key', 'rsa.key.pem']);
    expect(pem.code).toBe(2);
    expect(pem.stderr).toContain('holds a private key (PRIVATE KEY); verify takes the public key only');
    const jwk = await run(['verify', ecToken, '--alg', 'ES256', '--key', 'ec.private.jwk']);
    expect(jwk.code).toBe(2);
    expect(jwk.stderr).toContain('is a private JWK; verify takes the public key');
  });

  it('verify: the JWK Set from a loopback URL', async () => {
    const { code, stdout } = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', jwksUrl, '--aud', 'api']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scope).toBe('read');
    const other = await ok(['sign', '--key', 'other.private.jwk', '--exp', '5m']);
    const unknownKid = await run(['verify', other, '--alg', 'ES256', '--jwks', jwksUrl]);
    expect(unknownKid.code).toBe(1);
    expect(unknownKid.stderr).toMatch(/^rejected: ERR_JWKS_NO_MATCHING_KEY: select key: no key in the JWK Set matches kid/);
    const missing = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', jwksUrl.replace('jwks.json', 'nothing'), '--aud', 'api']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('failed: ERR_JWKS_FETCH_FAILED: fetch key set:');
    const plainHttp = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'http://jwks.example/keys']);
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toContain('is plain http off loopback');
    expect(plainHttp.stderr).toContain('--allow-http');
    const secretUrl = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'http://user:hunter2@jwks.example/keys?api_key=sk_42']);
    expect(secretUrl.code).toBe(2);
    expect(secretUrl.stderr).not.toMatch(/hunter2|sk_42/);
  });

  it('verify: expired → 1 with the code and the failing step', async () => {
    const old = await ok(['sign', '--key', 'ec.private.jwk', '--exp', '5m', '--now', '2020-01-01T00:00:00Z']);
    const { code, stdout, stderr } = await run(['verify', old, '--alg', 'ES256', '--jwks', 'ec.public.jwks']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^rejected: ERR_JWT_EXPIRED: validate claims: token expired .* ago \(exp 2020-01-01T00:05:00Z/);
    // At a chosen instant, and with a clock tolerance.
    expect((await run(['verify', old, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--now', '2020-01-01T00:04:00Z'])).code).toBe(0);
    expect((await run(['verify', old, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--now', '2020-01-01T00:05:20Z'])).code).toBe(1);
    expect((await run(['verify', old, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--now', '2020-01-01T00:05:20Z', '--clock-tolerance', '30s'])).code).toBe(0);
  });

  it('verify: tampered, wrong alg and wrong key → 1 with the code', async () => {
    const [header, , signature] = ecToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(ecToken), scope: 'admin' })).toString('base64url');
    const tampered = await run(['verify', `${header}.${forged}.${signature}`, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'api']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^rejected: ERR_JWS_SIGNATURE_VERIFICATION_FAILED: verify signature:/);

    const wrongAlg = await run(['verify', ecToken, '--alg', 'RS256', '--key', 'rsa.pub.pem']);
    expect(wrongAlg.code).toBe(1);
    expect(wrongAlg.stderr).toContain('rejected: ERR_JOSE_ALG_NOT_ALLOWED: check header: header alg "ES256" is not in the allowed algorithms ["RS256"]');

    const wrongKey = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'other.public.jwks', '--aud', 'api']);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('ERR_JWKS_NO_MATCHING_KEY');
    await writeFile(file('other.public.jwk'), JSON.stringify(JSON.parse(await readFile(file('other.public.jwks'), 'utf8')).keys[0]));
    const wrongSingleKey = await run(['verify', ecToken, '--alg', 'ES256', '--key', 'other.public.jwk', '--aud', 'api']);
    expect(wrongSingleKey.code).toBe(1);
    expect(wrongSingleKey.stderr).toContain('rejected: ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('verify: audiences and issuers (repeatable), --any-aud, and the hint when --aud is missing', async () => {
    const noAud = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks']);
    expect(noAud.code).toBe(1);
    expect(noAud.stderr).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(noAud.stderr).toContain('note: the token has an audience: accept it with --aud AUDIENCE (or any with --any-aud)');
    expect((await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--any-aud'])).code).toBe(0);
    expect((await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'other', '--aud', 'api'])).code).toBe(0);
    const wrongIss = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'api', '--iss', 'https://else.example']);
    expect(wrongIss.code).toBe(1);
    expect(wrongIss.stderr).toContain('rejected: ERR_JWT_CLAIM_VALIDATION_FAILED: validate claims:');
    const both = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'api', '--any-aud']);
    expect(both.code).toBe(2);
  });

  it('verify --json: the verdict on stdout, either way', async () => {
    const valid = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'api', '--json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, header: { alg: 'ES256' }, payload: { scope: 'read' } });
    const rejected = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'web', '--json']);
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.stdout)).toMatchObject({
      valid: false,
      error: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', step: 'validate claims', claim: 'aud', reason: 'check_failed' },
    });
  });

  it('verify: the token from stdin, with a Bearer prefix noted on stderr', async () => {
    const { code, stdout, stderr } = await run(['verify', '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--aud', 'api'], { input: `Bearer ${ecToken}\n` });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scope).toBe('read');
    expect(stderr).toContain('josekit verify: note: removed the HTTP authentication scheme "Bearer"');
  });

  it('HMAC: --secret-env and --secret-file, and an oct JWK from keygen', async () => {
    const secret = 'a-shared-secret-that-is-long-enough!';
    const fromEnv = await ok(['sign', '--alg', 'HS256', '--secret-env', 'JWT_SECRET', '--exp', '1m'], { env: { JWT_SECRET: secret } });
    expect((await run(['verify', fromEnv, '--alg', 'HS256', '--secret-env', 'JWT_SECRET'], { env: { JWT_SECRET: secret } })).code).toBe(0);
    const wrongSecret = await run(['verify', fromEnv, '--alg', 'HS256', '--secret-env', 'JWT_SECRET'], { env: { JWT_SECRET: `${secret}?` } });
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toContain('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');

    const fromFile = await ok(['sign', '--alg', 'HS256', '--secret-file', 'secret.bin', '--exp', '1m']);
    expect((await run(['verify', fromFile, '--alg', 'HS256', '--secret-file', 'secret.bin'])).code).toBe(0);

    // A text secret with a final line break: used as is, with a warning.
    await writeFile(file('secret.txt'), `${secret}\n`);
    const withBreak = await run(['sign', '--alg', 'HS256', '--secret-file', 'secret.txt', '--exp', '1m']);
    expect(withBreak.code).toBe(0);
    expect(withBreak.stderr).toContain('ends with a line break, which is part of the secret');
    expect((await run(['verify', withBreak.stdout.trim(), '--alg', 'HS256', '--secret-env', 'S'], { env: { S: secret } })).code).toBe(1);
    expect((await run(['verify', withBreak.stdout.trim(), '--alg', 'HS256', '--secret-env', 'S'], { env: { S: `${secret}\n` } })).code).toBe(0);

    const jwkToken = await ok(['sign', '--key', 'hs.jwk', '--exp', '1m']);
    expect(decodeHeader(jwkToken).alg).toBe('HS256');
    expect((await run(['verify', jwkToken, '--alg', 'HS256', '--key', 'hs.jwk'])).code).toBe(0);

    const short = await run(['verify', fromEnv, '--alg', 'HS256', '--secret-env', 'S'], { env: { S: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('needs a secret of at least 32 bytes');
    // A legacy token made with a short secret (which josekit never signs with) verifies only on request.
    const input = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"exp":4102444800}').toString('base64url')}`;
    const legacy = `${input}.${createHmac('sha256', 'keyboard cat').update(input).digest('base64url')}`;
    expect((await run(['verify', legacy, '--alg', 'HS256', '--secret-env', 'S'], { env: { S: 'keyboard cat' } })).code).toBe(2);
    const allowed = await run(['verify', legacy, '--alg', 'HS256', '--secret-env', 'S', '--allow-short-secret'], { env: { S: 'keyboard cat' } });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual({ exp: 4102444800 });

    const unset = await run(['verify', fromEnv, '--alg', 'HS256', '--secret-env', 'NOT_SET_ANYWHERE']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('the environment variable NOT_SET_ANYWHERE is not set');
  });

  it('refuses a secret on the command line, without echoing it', async () => {
    for (const args of [
      ['verify', ecToken, '--alg', 'HS256', '--secret', 'hunter2-hunter2'],
      ['verify', ecToken, '--alg', 'HS256', '--secret=hunter2-hunter2'],
      ['sign', '--alg', 'HS256', '--secret', 'hunter2-hunter2', '--exp', '1m'],
    ]) {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('--secret is refused: a secret is never taken from the command line');
      expect(stderr).toContain('--secret-env NAME');
      expect(stderr).toContain('--secret-file FILE');
      expect(stderr).not.toContain('hunter2');
    }
  });

  it('verify: usage errors → 2', async () => {
    const cases: Array<[string[], string]> = [
      [['verify', ecToken, '--jwks', 'ec.public.jwks'], '--alg is required'],
      [['verify', ecToken, '--alg', 'ES256'], 'a key is required'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--key', 'rsa.pub.pem'], '--key and --jwks cannot be used together'],
      [['verify', ecToken, '--alg', 'ES265', '--jwks', 'ec.public.jwks'], '(did you mean ES256?)'],
      [['verify', ecToken, '--alg', 'none', '--jwks', 'ec.public.jwks'], 'unsecured tokens are never accepted'],
      [['verify', ecToken, '--alg', 'ES256', '--key', 'no-such-file.pem'], 'cannot read key file no-such-file.pem: no such file'],
      [['verify', ecToken, '--alg', 'ES256,RS256', '--key', 'rsa.pub.pem'], 'cannot serve every --alg given:\n  ES256: ERR_JOSE_KEY_INVALID'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--clock-tolerance', '30'], '--clock-tolerance 30: give a unit'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--clock-tolerance', '1h'], '--clock-tolerance must be between 0 and 300 seconds'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--now', 'yesterday'], '--now "yesterday" is not a date'],
      [['verify', ecToken, 'extra', '--alg', 'ES256', '--jwks', 'ec.public.jwks'], 'unexpected argument "extra"'],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach(({ code, stderr }, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('sign: a lifetime is required, as signJwt requires one', async () => {
    const none = await run(['sign', '--key', 'ec.private.jwk']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('a lifetime is required: --exp DURATION (e.g. 15m), an "exp" claim in --claims, or --no-exp');

    const forever = await ok(['sign', '--key', 'ec.private.jwk', '--no-exp']);
    expect(decodeJwt(forever).exp).toBeUndefined();
    const refused = await run(['verify', forever, '--alg', 'ES256', '--jwks', 'ec.public.jwks']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('note: a token without exp is accepted only with --allow-no-exp');
    expect((await run(['verify', forever, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--allow-no-exp'])).code).toBe(0);

    await writeFile(file('claims.json'), JSON.stringify({ exp: 4102444800, role: 'admin' }));
    const fromClaims = await ok(['sign', '--key', 'ec.private.jwk', '--claims', '@claims.json']);
    expect(decodeJwt(fromClaims)).toMatchObject({ exp: 4102444800, role: 'admin' });

    const absolute = await ok(['sign', '--key', 'ec.private.jwk', '--exp', '2100-01-01T00:00:00Z', '--aud', 'a', '--aud', 'b']);
    expect(decodeJwt(absolute)).toMatchObject({ exp: 4102444800, aud: ['a', 'b'] });

    const bareNumber = await run(['sign', '--key', 'ec.private.jwk', '--exp', '900']);
    expect(bareNumber.code).toBe(2);
    expect(bareNumber.stderr).toContain('--exp 900: give a unit');
    const publicKey = await run(['sign', '--alg', 'RS256', '--key', 'rsa.pub.pem', '--exp', '1m']);
    expect(publicKey.code).toBe(2);
    expect(publicKey.stderr).toContain('not a private key');
    const badClaims = await run(['sign', '--key', 'ec.private.jwk', '--exp', '1m', '--claims', '[1]']);
    expect(badClaims.stderr).toContain('--claims must be a JSON object');
  });

  it('thumbprint: the RFC 7638 thumbprint and the RFC 9278 URI, as jwkThumbprint computes them', async () => {
    const set = JSON.parse(await readFile(file('other.public.jwks'), 'utf8')) as { keys: Jwk[] };
    const jwk = set.keys[0]!;
    expect(await ok(['thumbprint', 'other.private.jwk'])).toBe(await jwkThumbprint(jwk));
    expect(await ok(['thumbprint', '-'], { input: JSON.stringify(jwk) })).toBe(await jwkThumbprint(jwk));
    expect(await ok(['thumbprint', 'other.public.jwks', '--digest', 'sha384'])).toBe(`${await jwkThumbprint(jwk, 'sha384')}  ${jwk.kid}`);
    expect(await ok(['thumbprint', 'hs.jwk', '--uri'])).toBe(await jwkThumbprintUri(JSON.parse(await readFile(file('hs.jwk'), 'utf8'))));
    const notJwk = await run(['thumbprint', 'rsa.pub.pem']);
    expect(notJwk.code).toBe(2);
    expect(notJwk.stderr).toContain('is not JSON');
  });
});

describeCli('josekit verify and sign: what a new user runs into', () => {
  let server: Server;
  let base: string;
  let ecToken: string;
  const requests: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'josekit-cli-first-'));
    await ok(['keygen', '--alg', 'ES256', '--kid', 'ec-1', '--private-out', 'ec.private.jwk', '--public-out', 'ec.public.jwks']);
    await ok(['keygen', '--alg', 'ES256', '--kid', 'ec-2', '--private-out', 'other.private.jwk']);
    await ok(['keygen', '--alg', 'RS256', '--pem', '--private-out', 'rsa.key.pem', '--public-out', 'rsa.pub.pem']);
    await ok(['keygen', '--alg', 'HS256', '--private-out', 'hs.jwk']);
    await writeFile(file('hs.jwks'), JSON.stringify({ keys: [JSON.parse(await readFile(file('hs.jwk'), 'utf8'))] }));
    const publicSet = await readFile(file('ec.public.jwks'), 'utf8');
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/jwks.json') res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(publicSet);
      else if (req.url === '/silent') return; // takes the request and never answers
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ecToken = await ok(['sign', '--key', 'ec.private.jwk', '--exp', '15m']);
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('verify --allow-padding: an AWS ALB token (padded segments, signed over the padded text)', async () => {
    const { token, publicPem } = albToken();
    await writeFile(file('alb.pub.pem'), publicPem);
    const strict = await run(['verify', token, '--alg', 'ES256', '--key', 'alb.pub.pem']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^rejected: ERR_JWS_INVALID: decode header: the protected header is not canonical base64url: it ends in "=" padding, .*pass --allow-padding\n$/);
    expect(strict.stderr).not.toContain('allowPadding');
    const json = JSON.parse((await run(['verify', token, '--alg', 'ES256', '--key', 'alb.pub.pem', '--json'])).stdout);
    expect(json.error.message).toContain('pass --allow-padding');
    const padded = await run(['verify', token, '--alg', 'ES256', '--key', 'alb.pub.pem', '--allow-padding']);
    expect(padded.stderr).toBe('');
    expect(padded.code).toBe(0);
    expect(JSON.parse(padded.stdout)).toEqual({ sub: 'alb-user', email: 'alb@example.com', exp: 4102444800 });
    // Still signed over the padded text: the same token without its padding does not verify.
    const unpadded = token.replace(/=+(?=\.|$)/g, '');
    expect((await run(['verify', unpadded, '--alg', 'ES256', '--key', 'alb.pub.pem', '--allow-padding'])).stderr).toContain('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it("messages name the command's flags, not the library's options", async () => {
    const short = await run(['sign', '--alg', 'HS256', '--secret-env', 'S', '--exp', '5m'], { env: { S: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('verify them with josekit verify --allow-short-secret (and the secret from --secret-env or --secret-file)');
    expect(short.stderr).toContain('make a new secret of at least 32 bytes (josekit keygen --alg HS256)');

    const publicForHmac = await run(['verify', ecToken, '--alg', 'HS256', '--key', 'rsa.pub.pem']);
    expect(publicForHmac.code).toBe(2);
    expect(publicForHmac.stderr).toContain('HS256 uses a shared secret, not a public key: give the secret with --secret-env NAME or --secret-file FILE (or an "oct" JWK with --key FILE)');

    const octSet = await run(['verify', ecToken, '--alg', 'HS256', '--jwks', 'hs.jwks']);
    expect(octSet.code).toBe(2);
    expect(octSet.stderr).toContain('is a symmetric (oct) key; a JWK Set is for public keys, and --jwks refuses secrets: give the secret with --key FILE (that "oct" JWK alone)');

    const noExp = await ok(['sign', '--key', 'ec.private.jwk', '--no-exp']);
    const missing = await run(['verify', noExp, '--alg', 'ES256', '--jwks', 'ec.public.jwks']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--allow-no-exp');

    for (const [flag, value, claim] of [
      ['--sub', 'user-1', 'sub'],
      ['--iss', 'https://issuer.example', 'iss'],
      ['--aud', 'api', 'aud'],
      ['--jti', 'id-1', 'jti'],
      ['--exp', '5m', 'exp'],
      ['--nbf', '1m', 'nbf'],
    ] as const) {
      const lifetime = flag === '--exp' ? [] : ['--exp', '5m'];
      const claims = JSON.stringify({ [claim]: claim === 'exp' || claim === 'nbf' ? 4102444800 : 'x' });
      const twice = await run(['sign', '--key', 'ec.private.jwk', ...lifetime, flag, value, '--claims', claims]);
      expect({ flag, code: twice.code }).toEqual({ flag, code: 2 });
      expect(twice.stderr).toContain(`"${claim}" is set both in --claims and by ${flag}: give it in one place`);
    }

    for (const r of [short, publicForHmac, octSet, missing]) {
      expect(r.stderr).not.toMatch(/allowShortSecret|allowSymmetric|allowPadding|requireExp|importSecret|generateSecret|getRandomValues/);
    }
  });

  it('an unknown kid: the set is fetched once, and the answer says nothing of a cooldown', async () => {
    const other = await ok(['sign', '--key', 'other.private.jwk', '--exp', '5m']);
    requests.length = 0;
    const { code, stderr } = await run(['verify', other, '--alg', 'ES256', '--jwks', `${base}/jwks.json`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^rejected: ERR_JWKS_NO_MATCHING_KEY: select key: no key in the JWK Set matches kid "ec-2" \(set has: "ec-1"\)\n$/);
    expect(stderr).not.toMatch(/cooldown|refetch/i);
    expect(requests).toEqual(['/jwks.json']);
    // A malformed token is rejected without a fetch.
    requests.length = 0;
    expect((await run(['verify', 'not.a.token', '--alg', 'ES256', '--jwks', `${base}/jwks.json`])).code).toBe(1);
    expect(requests).toEqual([]);
  });

  it('--allow-http and --timeout for a JWK Set URL', async () => {
    const plain = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'http://jwks.example/keys']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('or pass --allow-http for a JWK Set inside a private network');
    // 192.0.2.1 (TEST-NET-1) answers nothing: the URL is taken, and the fetch fails (1), not the command line (2).
    const allowed = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'http://192.0.2.1/keys', '--allow-http', '--timeout', '300ms']);
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toMatch(/^failed: ERR_JWKS_(TIMEOUT|FETCH_FAILED): fetch key set:/);

    const started = Date.now();
    const slow = await run(['verify', ecToken, '--alg', 'ES256', '--jwks', `${base}/silent`, '--timeout', '400ms', '--json']);
    expect(Date.now() - started).toBeLessThan(5000); // not the default 5 s
    expect(slow.code).toBe(1);
    expect(JSON.parse(slow.stdout)).toMatchObject({ ok: false, valid: false, error: { code: 'ERR_JWKS_TIMEOUT', step: 'fetch key set', message: expect.stringContaining('took longer than 400 ms') } });

    for (const [args, message] of [
      [['verify', ecToken, '--alg', 'ES256', '--key', 'rsa.pub.pem', '--allow-http'], '--allow-http applies to --jwks URL only'],
      [['verify', ecToken, '--alg', 'ES256', '--secret-env', 'S', '--timeout', '1s'], '--timeout applies to --jwks URL only'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--timeout', '1s'], '--timeout applies to a JWK Set URL, not to the file ec.public.jwks'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', `${base}/jwks.json`, '--timeout', 'soon'], '--timeout "soon" is not a duration'],
      [['verify', ecToken, '--alg', 'ES256', '--jwks', `${base}/jwks.json`, '--timeout', '1h'], '--timeout 1h: give more than 0 and at most 10m'],
    ] as const) {
      const result = await run(args, { env: { S: 'a-shared-secret-that-is-long-enough!' } });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
  });

  it('verify --json: a usage error is JSON on stdout too (exit 2), and --help documents fetch failures', async () => {
    for (const [args, message] of [
      [['verify', ecToken, '--alg', 'ES256', '--json'], 'a key is required'],
      [['verify', ecToken, '--json', '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--audience', 'api'], 'unknown option --audience (did you mean --aud?)'],
      [['verify', ecToken, '--json', '--alg', 'XS256', '--jwks', 'ec.public.jwks'], 'is not an algorithm josekit implements'],
    ] as const) {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(2);
      const json = JSON.parse(stdout);
      expect(json).toEqual({ ok: false, valid: false, usage: true, message: expect.stringContaining(message) });
      expect(stderr).toContain(message);
    }
    const valid = JSON.parse((await run(['verify', ecToken, '--alg', 'ES256', '--jwks', 'ec.public.jwks', '--json'])).stdout);
    expect(valid).toMatchObject({ ok: true, valid: true });
    // Without --json a usage error prints nothing on stdout.
    expect((await run(['verify', ecToken, '--alg', 'ES256'])).stdout).toBe('');
    const help = (await run(['verify', '--help'])).stdout;
    expect(help).toContain('ERR_JWKS_FETCH_FAILED');
    expect(help).toContain('ERR_JWKS_TIMEOUT');
    expect(help).toMatch(/"usage": true/);
  });

  it('verify: a wrapped token is joined (with a note); a file name as the token says how to read the file', async () => {
    const wrapped = ecToken.match(/.{1,60}/g)!.join('\n');
    const joined = await run(['verify', '-', '--alg', 'ES256', '--jwks', 'ec.public.jwks'], { input: `${wrapped}\n` });
    expect(joined.code).toBe(0);
    expect(joined.stderr).toContain('josekit verify: note: removed');
    expect(joined.stderr).toContain('line breaks inside the token (the token was wrapped)');
    await writeFile(file('token.txt'), ecToken);
    const named = await run(['verify', 'token.txt', '--alg', 'ES256', '--jwks', 'ec.public.jwks']);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('"token.txt" is a file, and the argument is the token itself: read the file on stdin, as `josekit verify - --alg … KEY < token.txt`');
  });

  it('sign --claims is read strictly: duplicate member names and numbers that cannot be held exactly are refused', async () => {
    const cases: Array<[string, string]> = [
      ['{"a":1,"a":2}', '--claims: the member "a" appears twice in the claims: JSON.parse would keep the last one silently, and josekit refuses duplicate member names when it verifies a token'],
      ['{"org":{"id":1,"id":2}}', 'the member "id" appears twice in $.org'],
      ['{"n":99999999999999999}', '--claims: the number 99999999999999999 at $.n cannot be held exactly (it would be signed as 100000000000000000)'],
      ['{"list":[1,2,12345678901234567890]}', 'the number 12345678901234567890 at $.list[2] cannot be held exactly'],
      ['{"tiny":1e-400}', 'the number 1e-400 at $.tiny cannot be held exactly (it would be signed as 0)'],
      ['{"huge":1e400}', 'the number 1e400 at $.huge cannot be held exactly (it is beyond the largest number JSON parsers hold)'],
      ['{"a":1', '--claims is not JSON'],
    ];
    const results = await Promise.all(cases.map(([claims]) => run(['sign', '--key', 'ec.private.jwk', '--exp', '5m', '--claims', claims])));
    results.forEach(({ code, stdout, stderr }, i) => {
      const [claims, message] = cases[i]!;
      expect({ claims, code, stdout }).toEqual({ claims, code: 2, stdout: '' });
      expect(stderr).toContain(message);
    });
    // What JSON.parse keeps exactly is signed as written: other spellings of the same number, strings that look alike, escapes.
    const fine = await ok(['sign', '--key', 'ec.private.jwk', '--exp', '5m', '--claims', '{"a":1.50,"b":1e2,"c":0.1,"d":9007199254740991,"e":"a","f":"\\u0061","g":{"a":1},"h":[{"a":1},{"a":2}],"a\\"b":1}']);
    expect(decodeJwt(fine)).toMatchObject({ a: 1.5, b: 100, c: 0.1, d: 9007199254740991, e: 'a', f: 'a', g: { a: 1 }, h: [{ a: 1 }, { a: 2 }], 'a"b': 1 });
  });

  it('sign --exp: a negative duration is refused; a date in the past is signed with a warning', async () => {
    for (const value of ['-5m', '5m ago']) {
      const negative = await run(['sign', '--key', 'ec.private.jwk', '--exp', value]);
      expect(negative.code).toBe(2);
      expect(negative.stderr).toContain(`--exp ${value}: a negative duration is refused (the token would be expired when it is made); if an expired token is what you want (to test a verifier), give a date in the past, e.g. --exp 2020-01-01T00:00:00Z`);
    }
    const past = await run(['sign', '--key', 'ec.private.jwk', '--exp', '2020-01-01T00:00:00Z', '--now', '2026-01-01T00:00:00Z']);
    expect(past.code).toBe(0);
    expect(decodeJwt(past.stdout.trim()).exp).toBe(1577836800);
    expect(past.stderr).toBe('josekit sign: note: the token is already expired (exp 2020-01-01T00:00:00Z, now 2026-01-01T00:00:00Z): verify rejects it\n');
    const fromClaims = await run(['sign', '--key', 'ec.private.jwk', '--claims', '{"exp":1}']);
    expect(fromClaims.stderr).toContain('the token is already expired (exp 1970-01-01T00:00:01Z');
    // A token that is not expired: no note.
    expect((await run(['sign', '--key', 'ec.private.jwk', '--exp', '5m'])).stderr).toBe('');
    // --nbf may well be in the past: not refused.
    expect(decodeJwt(await ok(['sign', '--key', 'ec.private.jwk', '--exp', '5m', '--nbf', '-1m', '--now', '2026-01-01T00:00:00Z'])).nbf).toBe(1767225540);
  });

  it('thumbprint: a URL gets a hint; a JWK Set without keys fails (1)', async () => {
    const url = await run(['thumbprint', 'https://issuer.example/.well-known/jwks.json']);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain(
      'https://issuer.example/.well-known/jwks.json is a URL; thumbprint reads a file or stdin and fetches nothing: `curl -s https://issuer.example/.well-known/jwks.json | josekit thumbprint -`, or `josekit jwks https://issuer.example/.well-known/jwks.json`',
    );
    const empty = await run(['thumbprint', '-'], { input: '{"keys":[]}' });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('josekit thumbprint: the JWK Set in stdin has no keys');
  });

  it('openssl commands in hints name the actual file', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(file('my rsa.pem'), rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const pkcs1 = await run(['sign', '--alg', 'RS256', '--key', 'my rsa.pem', '--exp', '5m']);
    expect(pkcs1.code).toBe(2);
    expect(pkcs1.stderr).toContain("convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in 'my rsa.pem' -out 'my rsa.p8.pem'`");
    expect(pkcs1.stderr).not.toContain('key.pem');

    await writeFile(file('legacy.pub.pem'), rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }));
    const pkcs1Public = await run(['verify', ecToken, '--alg', 'RS256', '--key', 'legacy.pub.pem']);
    expect(pkcs1Public.code).toBe(2);
    expect(pkcs1Public.stderr).toContain('`openssl rsa -RSAPublicKey_in -in legacy.pub.pem -pubout -out legacy.pub.spki.pem`');

    const privateToVerify = await run(['verify', ecToken, '--alg', 'RS256', '--key', 'rsa.key.pem']);
    expect(privateToVerify.code).toBe(2);
    expect(privateToVerify.stderr).toContain('e.g. from `openssl pkey -in rsa.key.pem -pubout -out rsa.pub.pem`');
  });
});
