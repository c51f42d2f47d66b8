// `josekit decode`, help, version and flag mistakes, on the built command (see support.ts).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { base64url, generateKeyPair, signJwt } from 'josekit';
import { albToken, describeCli, run as runIn, useBuiltCli } from './support.js';

const ISSUED = new Date('2026-01-01T00:00:00Z');
const FIVE_MINUTES_LATER = '2026-01-01T00:05:00Z';
const AN_HOUR_LATER = '2026-01-01T01:00:00Z';
const ESC = '\u001b[';

const cli = useBuiltCli();
const run = (args: readonly string[], options?: Parameters<typeof runIn>[2]) => runIn(cli(), args, options);

describeCli('josekit decode', () => {
  let token: string;

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256');
    token = await signJwt({ sub: 'user-42', scope: 'read' }, privateKey, { alg: 'ES256', kid: 'k1', expiresIn: '15m', currentDate: ISSUED });
  });

  it('shows the header, the payload, the signature size against the alg, and the times with their ages', async () => {
    const { code, stdout, stderr } = await run(['decode', token, '--now', FIVE_MINUTES_LATER]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^header {5}offset 0, \d+ chars\n {2}\{\n {4}"alg": "ES256",\n {4}"kid": "k1",\n {4}"typ": "JWT"\n {2}\}/);
    expect(stdout).toContain('"sub": "user-42"');
    expect(stdout).toContain('64 bytes; ES256 signatures are 64 bytes ✓');
    expect(stdout).toContain('now 2026-01-01T00:05:00Z');
    expect(stdout).toMatch(/iat {6}2026-01-01T00:00:00Z +5m ago/);
    expect(stdout).toMatch(/exp {6}2026-01-01T00:15:00Z +in 10m/);
    expect(stdout).toContain('lifetime 15m');
    expect(stdout).toContain('none found; the signature was not checked');
    expect(stdout).not.toContain(ESC); // stdout is a pipe: no colour
  });

  it('reports an expired token with exit code 1', async () => {
    const { code, stdout } = await run(['decode', token, '--now', AN_HOUR_LATER]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ error   EXPIRED  expired 45m ago (exp 2026-01-01T00:15:00Z, now 2026-01-01T01:00:00Z)');
    expect(stdout).toMatch(/exp {6}2026-01-01T00:15:00Z +45m ago/);
  });

  it('points at the offending character of a malformed token', async () => {
    const bad = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIi*OiIxIn0.abc';
    const { code, stdout } = await run(['decode', bad]);
    expect(code).toBe(1);
    expect(stdout).toContain('PAYLOAD_NOT_BASE64URL  payload: character "*" is not base64url (at offset 29)');
    const lines = stdout.split('\n');
    const excerpt = lines.findIndex((l) => l.trim() === bad);
    expect(excerpt).toBeGreaterThan(-1);
    // The caret sits under the "*".
    expect(lines[excerpt + 1]!.indexOf('^')).toBe(lines[excerpt]!.indexOf('*'));
    expect(stdout).toContain('SIGNATURE_LENGTH');
    expect(stdout).toContain('2 bytes; HS256 signatures are 32 bytes ✗');
  });

  it('says a token is not a JWT at all', async () => {
    const { code, stdout } = await run(['decode', 'not-a-token']);
    expect(code).toBe(1);
    expect(stdout).toContain('SEGMENT_COUNT');
  });

  it('removes a "Bearer " prefix and surrounding whitespace, and says so', async () => {
    const { code, stdout } = await run(['decode', `  Bearer ${token} `, '--now', FIVE_MINUTES_LATER]);
    expect(code).toBe(0);
    expect(stdout).toContain('note: removed whitespace around the token');
    expect(stdout).toContain('note: removed the HTTP authentication scheme "Bearer" before the token');
    expect(stdout).not.toContain('BEARER_SCHEME');
  });

  it('reads the token from stdin, with "-" or without an argument, ignoring the final line break', async () => {
    for (const args of [['decode'], ['decode', '-']]) {
      const { code, stdout } = await run([...args, '--now', FIVE_MINUTES_LATER], { input: `${token}\n` });
      expect(code).toBe(0);
      expect(stdout).toContain('"sub": "user-42"');
      expect(stdout).not.toContain('note:');
    }
    const bearer = await run(['decode', '--json'], { input: `Authorization: Bearer ${token}\r\n` });
    expect(JSON.parse(bearer.stdout).notes).toHaveLength(2);
  });

  it('is a usage error (2) when stdin holds no token', async () => {
    const { code, stderr } = await run(['decode'], { input: '\n' });
    expect(code).toBe(2);
    expect(stderr).toContain('josekit decode: no token on stdin');
    expect(stderr).toContain('Run "josekit decode --help"');
  });

  it('prints the inspectJwt report as JSON with --json, plus notes and segment positions', async () => {
    const { code, stdout } = await run(['decode', `Bearer ${token}`, '--json', '--now', FIVE_MINUTES_LATER]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      wellFormed: true,
      alg: 'ES256',
      header: { alg: 'ES256', kid: 'k1', typ: 'JWT' },
      payload: { sub: 'user-42', scope: 'read' },
      signature: { bytes: 64, expectedBytes: 64 },
      times: { iat: { iso: '2026-01-01T00:00:00Z', relative: '5m ago' }, exp: { relative: 'in 10m' }, lifetime: '15m' },
      now: '2026-01-01T00:05:00Z',
      problems: [],
    });
    expect(report.notes).toEqual([expect.stringContaining('"Bearer"')]);
    const [header, payload, signature] = token.split('.');
    expect(report.segments).toEqual([
      { name: 'header', offset: 0, length: header!.length },
      { name: 'payload', offset: header!.length + 1, length: payload!.length },
      { name: 'signature', offset: header!.length + payload!.length + 2, length: signature!.length },
    ]);
    const expired = await run(['decode', token, '--json', '--now', AN_HOUR_LATER]);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout).problems).toEqual([expect.objectContaining({ code: 'EXPIRED', severity: 'error', segment: 'payload' })]);
  });

  it('an AWS ALB token (padded segments): refused naming --allow-padding, read with it', async () => {
    const { token: alb } = albToken();
    for (const segment of alb.split('.')) expect(segment).toMatch(/[^=]=+$/);
    const strict = await run(['decode', alb]);
    expect(strict.code).toBe(1);
    for (const code of ['HEADER_NOT_BASE64URL', 'PAYLOAD_NOT_BASE64URL', 'SIGNATURE_NOT_BASE64URL']) expect(strict.stdout).toContain(code);
    expect(strict.stdout).toContain('character "=" is not base64url (base64url padding, as in AWS ALB tokens: decode and verify them with --allow-padding)');
    expect(strict.stdout).not.toContain('allowPadding');
    const json = JSON.parse((await run(['decode', alb, '--json'])).stdout);
    expect(json.problems[0].message).toContain('--allow-padding');

    const padded = await run(['decode', alb, '--allow-padding']);
    expect(padded.code).toBe(0);
    expect(padded.stdout).toContain('"signer": "arn:aws:elasticloadbalancing');
    expect(padded.stdout).toContain('"email": "alb@example.com"');
    expect(padded.stdout).toContain('64 bytes; ES256 signatures are 64 bytes ✓');
    expect(padded.stdout).toContain('none found');
    // Wrong padding is still an error with the flag.
    const wrong = await run(['decode', `${alb}=`, '--allow-padding']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('SIGNATURE_NOT_BASE64URL  signature: not canonical base64url: wrong padding: 86 characters take "==", this text has 3 "="');
  });

  it('a token wrapped across lines is joined again, with a note', async () => {
    const wrapped = token.match(/.{1,40}/g)!.join('\n');
    for (const [args, input] of [[['decode', '-'], `${wrapped}\n`], [['decode', wrapped], undefined]] as const) {
      const { code, stdout } = await run([...args, '--now', FIVE_MINUTES_LATER], input === undefined ? {} : { input });
      expect(code).toBe(0);
      expect(stdout).toContain(`note: removed ${wrapped.split('\n').length - 1} line breaks inside the token (the token was wrapped): the token is the text without them`);
      expect(stdout).toContain('"sub": "user-42"');
      expect(stdout).toContain('none found');
    }
    // Indented continuation lines (a mail client's) and CRLF too.
    const indented = await run(['decode', '--json', '--now', FIVE_MINUTES_LATER], { input: token.match(/.{1,50}/g)!.join('\r\n    ') });
    expect(JSON.parse(indented.stdout)).toMatchObject({ wellFormed: true, problems: [] });
    // Other whitespace inside is not a wrapped token: left for the report to point at.
    const spaced = await run(['decode', `${token.slice(0, 10)} ${token.slice(10)}`]);
    expect(spaced.code).toBe(1);
    expect(spaced.stdout).not.toContain('line break');
    expect(spaced.stdout).toContain('HEADER_NOT_BASE64URL');
  });

  it('an argument that names a file says how to read it (exit 2)', async () => {
    const dir = cli().dir;
    await writeFile(join(dir, 'token.txt'), `${token}\n`);
    const { code, stdout, stderr } = await run(['decode', 'token.txt'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('josekit decode: "token.txt" is a file, and the argument is the token itself: read the file on stdin, as `josekit decode - < token.txt`');
    expect((await run(['decode', '-', '--now', FIVE_MINUTES_LATER], { cwd: dir, input: readFileSync(join(dir, 'token.txt'), 'utf8') })).code).toBe(0);
  });

  it('an exp far in the future reads "in more than 10,000 years", not a count in exponent notation', async () => {
    const far = `${base64url.encode('{"alg":"ES256"}')}.${base64url.encode('{"iat":1767225600,"exp":1e300}')}.${base64url.encode(new Uint8Array(64))}`;
    const { stdout } = await run(['decode', far, '--now', FIVE_MINUTES_LATER]);
    expect(stdout).toMatch(/exp {6}1e\+300 +in more than 10,000 years {2}\(1e\+300\)/);
    expect(stdout).toContain('lifetime more than 10,000 years');
    expect(stdout).not.toMatch(/\de\+\d+y/);
  });

  it('colours only when asked to, and NO_COLOR wins', async () => {
    const forced = await run(['decode', token], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    const both = await run(['decode', token], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toContain(ESC);
    const off = await run(['decode', token], { env: { FORCE_COLOR: '0' } });
    expect(off.stdout).not.toContain(ESC);
  });
});

describeCli('josekit help, version and flag mistakes', () => {
  it('lists the commands with --help, and without arguments (as a usage error)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['decode', 'verify', 'sign', 'keygen', 'thumbprint', 'jwks', 'decoder']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: josekit <command>');
  });

  it('has --help for each command', async () => {
    const names = ['decode', 'verify', 'sign', 'keygen', 'thumbprint', 'jwks', 'decoder'];
    const results = await Promise.all(names.map((name) => run([name, '--help'])));
    results.forEach(({ code, stdout }, i) => {
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: josekit ${names[i]}`));
      expect(stdout).toContain('Exit codes:');
    });
    const viaHelp = await run(['help', 'verify']);
    expect(viaHelp.stdout).toMatch(/^Usage: josekit verify/);
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('suggests the closest command or flag, with exit code 2 and no stack trace', async () => {
    const command = await run(['decod', 'x']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "decod" (did you mean decode?)');
    const flag = await run(['decode', '--jsn', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --jsn (did you mean --json?)');
    const prefix = await run(['verify', 'x', '--alg', 'ES256', '--clock', '5s']);
    expect(prefix.stderr).toContain('unknown option --clock (did you mean --clock-tolerance?)');
    const top = await run(['--verison']);
    expect(top.stderr).toContain('(did you mean --version?)');
    for (const r of [command, flag, prefix, top]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("suggests the flag for the library's option names and other common spellings", async () => {
    const cases: Array<[string[], string]> = [
      [['verify', 'x', '--audience', 'api'], '--aud'],
      [['verify', 'x', '--issuer', 'https://i.example'], '--iss'],
      [['verify', 'x', '--subject', 'u'], '--sub'],
      [['verify', 'x', '--algorithms', 'ES256'], '--alg'],
      [['verify', 'x', '--algorithm', 'ES256'], '--alg'],
      [['verify', 'x', '--max-token-age', '1h'], '--max-age'],
      [['verify', 'x', '--maxTokenAge', '1h'], '--max-age'],
      [['verify', 'x', '--tolerance', '5s'], '--clock-tolerance'],
      [['verify', 'x', '--clockTolerance', '5s'], '--clock-tolerance'],
      [['verify', 'x', '--allowHttp'], '--allow-http'],
      [['verify', 'x', '--allowPadding'], '--allow-padding'],
      [['jwks', 'x', '--allowHttp'], '--allow-http'],
      [['sign', '--expiresIn', '5m'], '--exp'],
      [['sign', '--expires-in', '5m'], '--exp'],
      [['sign', '--notBefore', '1m'], '--nbf'],
      [['sign', '--jwtId', 'x'], '--jti'],
      [['sign', '--audience', 'api'], '--aud'],
      [['keygen', '--modulusLength', '3072'], '--bits'],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach(({ code, stderr }, i) => {
      const [args, flag] = cases[i]!;
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toContain(`unknown option ${args.find((a) => a.startsWith('--'))!} (did you mean ${flag}?)`);
    });
    // Only a flag the command has: decode has no --aud.
    const decodeAudience = await run(['decode', 'x', '--audience', 'api']);
    expect(decodeAudience.stderr).not.toContain('--aud?');
  });

  it('refuses a flag without its value, or a value for a switch', async () => {
    const missing = await run(['verify', 'x', '--alg', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--alg needs a value');
    const switchValue = await run(['decode', 'x', '--json=yes']);
    expect(switchValue.code).toBe(2);
    expect(switchValue.stderr).toContain('--json takes no value');
    const twice = await run(['verify', 'x', '--alg', 'ES256', '--key', 'a', '--key', 'b']);
    expect(twice.stderr).toContain('--key is given more than once');
  });
});
