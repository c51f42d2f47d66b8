// `josekit verify`, `sign`, `keygen` and `thumbprint` on the built command (see support.ts), with
// keys made by the command itself in a temporary directory, and a JWK Set served on 127.0.0.1.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJwt, decodeHeader, jwkThumbprint, jwkThumbprintUri, type Jwk } from 'josekit';
import { describeCli, run as runIn, useBuiltCli } from './support.js';

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
    expect(plainHttp.stderr).toContain('is plain http: use https');
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
