#!/usr/bin/env node
// Browser tests of the offline decoder page, dist/decoder.html:
//   node test/decoder/run.mjs [chromium] [firefox]
//
// 1. Installs playwright-core from this folder's lockfile (`npm ci --prefix test/decoder`, when
//    node_modules here is missing or older than the lockfile) and Debian's chromium /
//    firefox-esr with apt-get when a browser is missing and we are root.
// 2. Runs `npm run build` when the library build (dist/node.js) is missing, and
//    `node scripts/build-decoder.mjs` when dist/decoder.html is missing or older than src/.
// 3. Makes keys and tokens with the built library (dist/node.js), then in headless Chromium and
//    Firefox ESR, with the page opened from file:// and from a loopback server that serves only
//    that one file, fills the fields by their accessible names and checks what the status region
//    says: a valid token, an expired one, a tampered one, a malformed one, a JWK Set without the
//    token's kid, HMAC secrets, the audience rules, private JWKs and JWK Sets (refused like
//    private PEMs), an AWS ALB token with "=" padding (refused, with a pointer to the "Allow
//    padding" box; verified with it), a pasted "Bearer " value (stripped, with a note), and the
//    "→ tick …" lines that turn josekit's option names into the page's checkboxes. It also checks that the page made no request
//    besides loading itself, that its CSP blocks a deliberate fetch, that no CSP violation or
//    error happened otherwise, and that without WebCrypto the page still decodes and says how to
//    verify.
// 4. Saves a screenshot of a verified token to docs/decoder.png (Chromium, loopback).
//
// One line per check; the last line is `decoder tests: N passed, N failed`; exit 1 on failure.

import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const NM = join(HERE, 'node_modules');
const PAGE = join(REPO, 'dist', 'decoder.html');
const LIBRARY = join(REPO, 'dist', 'node.js');
const SCREENSHOT = join(REPO, 'docs', 'decoder.png');
const BROWSERS = {
  chromium: { pkg: 'chromium', bin: process.env.JOSEKIT_CHROMIUM || '/usr/bin/chromium' },
  firefox: { pkg: 'firefox-esr', bin: process.env.JOSEKIT_FIREFOX || '/usr/bin/firefox-esr' },
};
const WAIT_MS = 15_000;

let passed = 0;
let failed = 0;
function ok(name, note = '') {
  passed++;
  console.log(`ok    ${name}${note ? ` -- ${note}` : ''}`);
}
function notOk(name, why) {
  failed++;
  console.log(`FAIL  ${name} -- ${String(why).split('\n').join('\n      ')}`);
}
function finish() {
  console.log(`decoder tests: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
function die(name, why) {
  notOk(name, why);
  finish();
}
const rel = (p) => relative(REPO, p);

// ---------------------------------------------------------------------------
// 1-2. installs and builds

function run(cmd, args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // npm run from an npm script passes its own prefix down; this folder has its own package.
  for (const k of Object.keys(env)) if (/^npm_(config_(local_)?prefix|lifecycle_|package_)/i.test(k)) delete env[k];
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: `${r.stdout || ''}${r.stderr || ''}${r.error ? String(r.error) : ''}`.trimEnd().split('\n').slice(-30).join('\n') };
}

function ensurePlaywright() {
  const stamp = join(NM, '.josekit-decoder-stamp');
  const hash = createHash('sha256').update(readFileSync(join(HERE, 'package.json'))).update(readFileSync(join(HERE, 'package-lock.json'))).digest('hex');
  let fresh = false;
  try { fresh = readFileSync(stamp, 'utf8').trim() === hash; } catch { /* missing */ }
  if (fresh && existsSync(join(NM, 'playwright-core', 'package.json'))) return;
  console.log(`setup: npm ci --prefix ${rel(HERE)}`);
  const r = run('npm', ['ci', '--prefix', HERE, '--no-audit', '--no-fund', '--loglevel=error']);
  if (!r.ok) die('setup: npm ci', r.out);
  writeFileSync(stamp, `${hash}\n`);
}

function ensureBrowsers(wanted) {
  const missing = wanted.filter((b) => !existsSync(BROWSERS[b].bin));
  if (!missing.length) return;
  const pkgs = missing.map((b) => BROWSERS[b].pkg);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) die('setup: browsers', `${pkgs.join(', ')} missing and not root: apt-get install -y ${pkgs.join(' ')}`);
  console.log(`setup: apt-get install -y ${pkgs.join(' ')}`);
  const up = run('apt-get', ['update']);
  const inst = up.ok ? run('apt-get', ['install', '-y', ...pkgs]) : up;
  if (!inst.ok) die('setup: browsers', inst.out);
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilds() {
  if (!existsSync(LIBRARY)) {
    console.log(`setup: ${rel(LIBRARY)} is missing; npm run build`);
    const r = run('npm', ['run', 'build', '--silent']);
    if (!r.ok || !existsSync(LIBRARY)) die('setup: npm run build', r.out);
  }
  const inputs = Math.max(newest(join(REPO, 'src')), statSync(join(REPO, 'scripts', 'build-decoder.mjs')).mtimeMs);
  if (!existsSync(PAGE) || statSync(PAGE).mtimeMs < inputs) {
    console.log(`setup: ${rel(PAGE)} is ${existsSync(PAGE) ? 'older than src/' : 'missing'}; node scripts/build-decoder.mjs`);
    const r = run(process.execPath, [join(REPO, 'scripts', 'build-decoder.mjs')]);
    if (!r.ok || !existsSync(PAGE)) die('setup: build-decoder', r.out);
  }
}

// ---------------------------------------------------------------------------
// 3. fixtures, made with the built library

async function fixtures() {
  const jk = await import(pathToFileURL(LIBRARY).href);
  const now = Math.floor(Date.now() / 1000);
  const { publicKey, privateKey } = await jk.generateKeyPair('ES256', { extractable: true });
  const pem = await jk.exportSpki(publicKey);
  const privatePem = await jk.exportPkcs8(privateKey);
  const jwk = { ...(await jk.exportJwk(publicKey)), kid: 'key-2026-01', alg: 'ES256', use: 'sig' };
  const other = await jk.generateKeyPair('ES256', { extractable: true });
  const otherJwk = { ...(await jk.exportJwk(other.publicKey)), kid: 'key-2025-12', alg: 'ES256', use: 'sig' };
  const base = { alg: 'ES256', kid: 'key-2026-01', issuer: 'https://auth.example', subject: 'user-42' };
  const valid = await jk.signJwt({ scope: 'orders:read' }, privateKey, { ...base, audience: 'orders-api', expiresIn: '15m' });
  const noAud = await jk.signJwt({ scope: 'orders:read' }, privateKey, { ...base, expiresIn: '15m' });
  const expired = await jk.signJwt({ scope: 'orders:read', iat: now - 3600, exp: now - 300 }, privateKey, { ...base, issuedAt: false });
  const [h, , s] = valid.split('.');
  const forged = jk.base64url.encode(JSON.stringify({ ...jk.decodeJwt(valid), sub: 'admin' }));
  const tampered = `${h}.${forged}.${s}`;
  // One character of the header replaced by one that is not base64url.
  const badAt = 5;
  const malformed = `${valid.slice(0, badAt)}*${valid.slice(badAt + 1)}`;
  const secret = 'a shared secret of more than 32 bytes, for HS256';
  const secretB64 = jk.base64url.encode(secret);
  const hs = await jk.signJwt({ scope: 'orders:read' }, new TextEncoder().encode(secret), { alg: 'HS256', expiresIn: '15m' });
  // josekit refuses to sign with a short secret; this legacy token is made with node:crypto.
  const enc = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const shortSecret = 'keyboard cat';
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: 'legacy', iat: now, exp: now + 900 })}`;
  const legacy = `${input}.${createHmac('sha256', shortSecret).update(input).digest('base64url')}`;
  // Private JWKs: a single one, and a JWK Set with one private key among public ones.
  const privateJwk = { ...(await jk.exportJwk(privateKey)), kid: 'key-2026-01', alg: 'ES256' };
  const octJwk = { kty: 'oct', k: secretB64, alg: 'HS256' };
  // An AWS ALB token (x-amzn-oidc-data): base64url with "=" padding in all three segments,
  // signed over the padded text. josekit signs no such thing: made with WebCrypto directly.
  const padded = (v) => {
    const text = Buffer.from(v instanceof Uint8Array ? v : JSON.stringify(v)).toString('base64url');
    return text + '='.repeat((4 - (text.length % 4)) % 4);
  };
  const albHeader = (extra) => ({ typ: 'JWT', kid: 'alb-kid-1', alg: 'ES256', iss: 'https://cognito-idp.example', client: 'client-1', signer: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/alb${extra}`, exp: now + 120 });
  const albPayload = (extra) => ({ sub: 'alb-user', email: `alb-user${extra}@example.com`, exp: now + 120, iss: 'https://cognito-idp.example' });
  let extraH = '';
  while (!padded(albHeader(extraH)).endsWith('=')) extraH += 'x';
  let extraP = '';
  while (!padded(albPayload(extraP)).endsWith('=')) extraP += 'x';
  const albInput = `${padded(albHeader(extraH))}.${padded(albPayload(extraP))}`;
  const albSig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(albInput)));
  const alb = `${albInput}.${padded(albSig)}`;
  if (alb.split('.').some((seg) => !seg.endsWith('='))) throw new Error(`the ALB fixture lacks padding in a segment: ${alb}`);
  return {
    pem, privatePem, jwk, valid, noAud, expired, tampered, malformed, badAt, secret, secretB64, hs, shortSecret, legacy, alb,
    privateJwk: JSON.stringify(privateJwk, null, 2),
    jwksPrivate: JSON.stringify({ keys: [otherJwk, privateJwk] }, null, 2),
    octJwk: JSON.stringify(octJwk),
    jwksRight: JSON.stringify({ keys: [otherJwk, jwk] }, null, 2),
    jwksWrong: JSON.stringify({ keys: [otherJwk] }, null, 2),
    expIso: new Date((now - 300) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

// ---------------------------------------------------------------------------
// the page, from a loopback server that serves that one file and nothing else

function startServer() {
  const others = [];
  let documentHits = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === '/decoder.html') {
      documentHits++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(readFileSync(pageCopy));
      return;
    }
    others.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/decoder.html`,
    others,
    hits: () => documentHits,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  })));
}

async function launch(pw, which) {
  if (which === 'chromium') {
    return pw.chromium.launch({
      executablePath: BROWSERS.chromium.bin,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }
  // playwright-core 1.62.1–1.64.1 with the moz-firefox channel (see RUNTIMES.md).
  return pw.firefox.launch({ channel: 'moz-firefox', executablePath: BROWSERS.firefox.bin, headless: true });
}

/** Listens for CSP violations from the start (an init script runs before the page's own). */
const WATCH_VIOLATIONS = `
  window.__decoderViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__decoderViolations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

async function openPage(browser, url, { init } = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  let documentSeen = false;
  page.on('request', (r) => {
    if (!documentSeen && r.url() === url) { documentSeen = true; return; }
    requests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  await page.addInitScript(WATCH_VIOLATIONS);
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { context, page, requests, errors, documentSeen: () => documentSeen };
}

const field = (page, name) => page.getByRole('textbox', { name, exact: true });

/** Waits until the status region's text matches `re`; returns the text. */
async function statusMatching(page, re) {
  const status = page.getByRole('status');
  const until = Date.now() + WAIT_MS;
  let text = '';
  for (;;) {
    text = (await status.textContent()) ?? '';
    if (re.test(text)) return text;
    if (Date.now() > until) throw new Error(`status is ${JSON.stringify(text)}, expected ${re}`);
    await page.waitForTimeout(50);
  }
}

/** Fills the form (empty token first, so that a stale result cannot pass for the new one). */
async function fill(page, { token, key = '', algorithms = '', audience = '', anyAudience = false, legacy = false, padding = false, keyAs = 'auto' }) {
  await field(page, 'Token').fill('');
  await statusMatching(page, /^(Waiting for a token|Verification unavailable)/);
  await page.getByLabel('Read the key as').selectOption(keyAs);
  await field(page, 'Key or secret').fill(key);
  await field(page, 'Algorithms').fill(algorithms);
  await page.getByRole('checkbox', { name: /Accept any audience/ }).setChecked(anyAudience);
  if (!anyAudience) await field(page, 'Audience (optional)').fill(audience);
  await page.getByRole('checkbox', { name: /^Legacy:/ }).setChecked(legacy);
  await page.getByRole('checkbox', { name: /^Allow padding \(AWS ALB JWTs\)/ }).setChecked(padding);
  await field(page, 'Token').fill(token);
}

const shorten = (text) => (text.length > 150 ? `${text.slice(0, 150)}…` : text);

async function suite(pw, which, origin, fx, server) {
  const tag = `${which} ${origin}`;
  const url = origin === 'file://' ? pathToFileURL(pageCopy).href : server.url;
  const before = server ? server.others.length : 0;
  const hitsBefore = server ? server.hits() : 0;
  let browser;
  try {
    browser = await launch(pw, which);
  } catch (e) {
    notOk(`${tag}: launch`, e.message);
    return;
  }
  try {
    const { page, requests, errors, documentSeen } = await openPage(browser, url);
    const check = async (name, fn) => {
      try {
        const note = await fn();
        ok(`${tag}: ${name}`, note);
      } catch (e) {
        notOk(`${tag}: ${name}`, e.message);
      }
    };

    await check('fields have the accessible names Token, Key or secret, Algorithms; a status region', async () => {
      for (const name of ['Token', 'Key or secret', 'Algorithms']) {
        if ((await field(page, name).count()) !== 1) throw new Error(`no single textbox named ${JSON.stringify(name)}`);
        // Also found by a loose label search, as most tests would write it.
        if ((await page.getByLabel(name).count()) !== 1) throw new Error(`getByLabel(${JSON.stringify(name)}) does not find exactly one element`);
      }
      if ((await page.getByRole('status').count()) !== 1) throw new Error('no single role=status region');
      const info = await page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof crypto.subtle }));
      return `isSecureContext ${info.secure}, crypto.subtle ${info.subtle}`;
    });

    await check('keyboard: Tab from Token reaches Key or secret', async () => {
      await field(page, 'Token').focus();
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id);
      if (id !== 'key') throw new Error(`focus went to #${id}`);
    });

    const expect = (name, form, re, extra) => check(name, async () => {
      await fill(page, form);
      const text = await statusMatching(page, re);
      if (extra) await extra();
      return shorten(text);
    });

    await expect('valid ES256 token, PEM public key, audience given -> verified', { token: fx.valid, key: fx.pem, algorithms: 'ES256', audience: 'orders-api' }, /^Verified/, async () => {
      const decoded = await page.locator('#decoded').textContent();
      for (const want of ['"sub": "user-42"', '"alg": "ES256"', 'Step by step', 'Signing input']) {
        if (!decoded.includes(want)) throw new Error(`decoded view lacks ${JSON.stringify(want)}`);
      }
    });
    await expect('token with aud, no audience option -> ERR_JWT_CLAIM_VALIDATION_FAILED', { token: fx.valid, key: fx.pem, algorithms: 'ES256' }, /^ERR_JWT_CLAIM_VALIDATION_FAILED: .*aud/);
    await expect('"audience: false" in the message -> a line "→ tick \'Accept any audience\'"', { token: fx.valid, key: fx.pem, algorithms: 'ES256' }, /^ERR_JWT_CLAIM_VALIDATION_FAILED: .*audience: false.*\n→ tick 'Accept any audience'/s);
    await expect('aud mismatch (no option named) -> no "→ tick" line', { token: fx.valid, key: fx.pem, algorithms: 'ES256', audience: 'billing-api' }, /^ERR_JWT_CLAIM_VALIDATION_FAILED: [^→]*$/);
    await expect('token with aud, "Accept any audience" -> verified', { token: fx.valid, key: fx.pem, algorithms: 'ES256', anyAudience: true }, /^Verified/);
    await expect('algorithm not allowed -> ERR_JOSE_ALG_NOT_ALLOWED', { token: fx.noAud, key: fx.pem, algorithms: 'RS256' }, /^ERR_JOSE_ALG_NOT_ALLOWED: /);
    await expect('expired token -> ERR_JWT_EXPIRED, exp shown as a date', { token: fx.expired, key: fx.pem, algorithms: 'ES256' }, /^ERR_JWT_EXPIRED: validate claims: token expired/, async () => {
      const times = await page.locator('#decoded table').textContent();
      if (!times.includes(fx.expIso) || !/ago/.test(times)) throw new Error(`times table lacks ${fx.expIso} with a relative age: ${times}`);
    });
    await expect('tampered payload -> ERR_JWS_SIGNATURE_VERIFICATION_FAILED', { token: fx.tampered, key: fx.pem, algorithms: 'ES256', anyAudience: true }, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED: /);
    await expect('malformed token -> ERR_JWS_INVALID, offending character marked', { token: fx.malformed, key: fx.pem, algorithms: 'ES256' }, /^ERR_JWS_INVALID: /, async () => {
      const mark = page.locator('#token-view mark');
      if ((await mark.count()) !== 1 || (await mark.textContent()) !== '*') throw new Error('the "*" is not the one marked character');
      const problems = await page.locator('#decoded .problems').textContent();
      if (!problems.includes(`HEADER_NOT_BASE64URL at character ${fx.badAt}`)) throw new Error(`problems lack HEADER_NOT_BASE64URL at character ${fx.badAt}: ${problems}`);
    });
    await expect('JWK Set without the token\'s kid -> ERR_JWKS_NO_MATCHING_KEY', { token: fx.noAud, key: fx.jwksWrong, algorithms: 'ES256' }, /^ERR_JWKS_NO_MATCHING_KEY: .*key-2026-01/);
    await expect('JWK Set with the token\'s kid -> verified', { token: fx.noAud, key: fx.jwksRight, algorithms: 'ES256' }, /^Verified/);
    await expect('single JWK -> verified', { token: fx.noAud, key: JSON.stringify(fx.jwk), algorithms: 'ES256' }, /^Verified/);
    await expect('private key pasted -> refused by the page, josekit not called', { token: fx.noAud, key: fx.privatePem, algorithms: 'ES256' }, /^Cannot verify: this is a private key/);
    const refusedByPage = async () => {
      const detail = await page.locator('#status-detail').textContent();
      if (!detail.includes('josekit was not called')) throw new Error(`status detail: ${detail}`);
      const read = await page.locator('#key-read').textContent();
      if (!/private key/.test(read)) throw new Error(`key read as: ${read}`);
    };
    await expect('private JWK ("d") pasted -> refused like a private PEM, public part only', { token: fx.noAud, key: fx.privateJwk, algorithms: 'ES256' }, /^Cannot verify: this is a private key \(a JWK with "d"\): verifying needs only the public key.*Keep private keys out of every page/, refusedByPage);
    await expect('JWK Set with a private key -> refused like a private PEM, public keys only', { token: fx.noAud, key: fx.jwksPrivate, algorithms: 'ES256' }, /^Cannot verify: this JWK Set holds a private key \(key 2, kid "key-2026-01", has "d"\): verifying needs only the public keys.*Keep private keys out of every page/, refusedByPage);
    await expect('oct JWK (a secret, no private members) -> verified', { token: fx.hs, key: fx.octJwk, algorithms: 'HS256' }, /^Verified/);
    await expect('HS256, secret as base64url -> verified', { token: fx.hs, key: fx.secretB64, algorithms: 'HS256', keyAs: 'base64url' }, /^Verified/);
    await expect('HS256, secret as text -> verified', { token: fx.hs, key: fx.secret, algorithms: 'HS256' }, /^Verified/);
    await expect('HS256, wrong secret -> ERR_JWS_SIGNATURE_VERIFICATION_FAILED', { token: fx.hs, key: `${fx.secret}!`, algorithms: 'HS256' }, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED: /);
    await expect('HS256, short secret -> ERR_JOSE_KEY_INVALID', { token: fx.legacy, key: fx.shortSecret, algorithms: 'HS256' }, /^ERR_JOSE_KEY_INVALID: /);
    await expect('"allowShortSecret: true" in the message -> a line "→ tick \'Legacy: accept a secret shorter…\'"', { token: fx.legacy, key: fx.shortSecret, algorithms: 'HS256' }, /^ERR_JOSE_KEY_INVALID: .*allowShortSecret: true.*\n→ tick 'Legacy: accept a secret shorter than the hash output'/s);
    await expect('HS256, short secret with the legacy option -> verified', { token: fx.legacy, key: fx.shortSecret, algorithms: 'HS256', legacy: true }, /^Verified/);

    const decodedText = () => page.locator('#decoded').textContent();
    await expect('AWS ALB token ("=" in all three segments), no padding box -> refused, "→ tick \'Allow padding (AWS ALB JWTs)\'"', { token: fx.alb, key: fx.pem, algorithms: 'ES256' }, /^ERR_JWS_INVALID: .*allowPadding: true\n→ tick 'Allow padding \(AWS ALB JWTs\)'$/s, async () => {
      const problems = await page.locator('#decoded .problems').textContent();
      if (!/HEADER_NOT_BASE64URL at character \d+.*padding/.test(problems)) throw new Error(`problems do not name the header's padding: ${problems}`);
      const marks = await page.locator('#token-view mark').allTextContents();
      if (marks.length !== 3 || marks.some((m) => m !== '=')) throw new Error(`marked characters: ${JSON.stringify(marks)}, expected the first "=" of each segment`);
    });
    await expect('AWS ALB token with "Allow padding (AWS ALB JWTs)" -> verified, allowPadding: true in the call', { token: fx.alb, key: fx.pem, algorithms: 'ES256', padding: true }, /^Verified: the ES256 signature is valid \(kid "alb-kid-1"\)/, async () => {
      const callText = await page.locator('#call').textContent();
      if (!callText.includes('allowPadding: true')) throw new Error(`the call shown lacks allowPadding: true: ${callText}`);
      const decoded = await decodedText();
      if (decoded.includes('OPTIONS_INVALID')) throw new Error('the decoded view shows inspectJwt\'s OPTIONS_INVALID warning');
      // inspectJwt takes allowPadding too: the padding is no problem in the decoded view.
      if (/NOT_BASE64URL/.test(decoded)) throw new Error('the decoded view lists the padding as problems although the box is ticked');
      for (const want of ['"signer": "arn:aws:elasticloadbalancing', '"email": "alb-user']) {
        if (!decoded.includes(want)) throw new Error(`the step-by-step view lacks ${JSON.stringify(want)}`);
      }
      return undefined;
    });
    await expect('padding box with an ordinary token -> still verified', { token: fx.noAud, key: fx.pem, algorithms: 'ES256', padding: true }, /^Verified/);
    await expect('"  bearer <token>" with line breaks -> stripped, verified, note in the decoded view', { token: `\n  bearer ${fx.noAud} \r\n`, key: fx.pem, algorithms: 'ES256' }, /^Verified/, async () => {
      const notes = await page.locator('#decoded .note').allTextContents();
      if (!notes.some((n) => n.includes('Removed the HTTP authentication scheme "bearer"'))) throw new Error(`no note on the removed scheme: ${JSON.stringify(notes)}`);
      if (!notes.some((n) => n.includes('Removed whitespace'))) throw new Error(`no note on the removed whitespace: ${JSON.stringify(notes)}`);
      const view = await page.locator('#token-view').textContent();
      if (view !== fx.noAud) throw new Error('the token view is not the token alone');
      if ((await decodedText()).includes('BEARER_SCHEME')) throw new Error('inspectJwt still saw the Bearer scheme');
    });
    await expect('"Bearer <token>" -> verified, no whitespace note', { token: `Bearer ${fx.noAud}`, key: fx.pem, algorithms: 'ES256' }, /^Verified/, async () => {
      const notes = await page.locator('#decoded .note').allTextContents();
      if (notes.length !== 1 || !notes[0].includes('"Bearer"')) throw new Error(`notes: ${JSON.stringify(notes)}`);
    });

    await check('no CSP violation, page error or console error while in use', async () => {
      const violations = await page.evaluate(() => window.__decoderViolations);
      if (!Array.isArray(violations)) throw new Error('the violation listener did not run');
      const all = [...violations.map((v) => `CSP violation: ${v}`), ...errors];
      if (all.length) throw new Error(all.join('\n'));
    });
    await check('no network request besides loading the page', async () => {
      // A listener that never fired would prove nothing: over http it must have seen the page
      // load itself (Firefox reports no request event for a file: document).
      if (server && !documentSeen()) throw new Error('the request listener did not see the document load');
      const extra = [...requests, ...(server ? server.others.slice(before) : [])];
      if (server && server.hits() - hitsBefore !== 1) extra.push(`the document was served ${server.hits() - hitsBefore} times`);
      if (extra.length) throw new Error(extra.join('\n'));
      return server ? 'page events and server log' : `page events${documentSeen() ? '' : ' (this browser reports no event for the file: document itself)'}`;
    });
    await check('CSP blocks a deliberate fetch', async () => {
      const target = server ? new URL('/probe', server.url).href : 'http://127.0.0.1:9/probe';
      const result = await page.evaluate((u) => fetch(u).then((r) => `fetched ${r.status}`, (e) => `rejected: ${e}`), target);
      if (!result.startsWith('rejected')) throw new Error(`fetch was not blocked: ${result}`);
      const violations = await page.evaluate(() => window.__decoderViolations);
      if (!violations.some((v) => v.startsWith('connect-src'))) throw new Error(`fetch failed, but no connect-src violation was reported (${violations.join(', ') || 'none'})`);
      if (server && server.others.length > before) throw new Error(`the server saw ${server.others.slice(before).join(', ')}`);
      return result;
    });

    if (which === 'chromium' && origin !== 'file://') {
      await check(`screenshot ${rel(SCREENSHOT)}`, async () => {
        await fill(page, { token: fx.valid, key: fx.pem, algorithms: 'ES256', audience: 'orders-api' });
        await statusMatching(page, /^Verified/);
        // fill() scrolls to each control it sets (the padding box is far down): shoot from the top.
        await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
        return `${statSync(SCREENSHOT).size} bytes`;
      });
    }

    // Without WebCrypto (a page that is not a secure context) decoding must still work.
    await check('without crypto.subtle: decodes, says why it cannot verify and how to', async () => {
      const degraded = await openPage(browser, url, { init: 'Object.defineProperty(Crypto.prototype, "subtle", { get() { return undefined; }, configurable: true });' });
      const p = degraded.page;
      if (await p.evaluate(() => typeof crypto.subtle !== 'undefined')) throw new Error('could not hide crypto.subtle for this check');
      await field(p, 'Key or secret').fill(fx.pem);
      await field(p, 'Algorithms').fill('ES256');
      await field(p, 'Token').fill(fx.valid);
      const text = await statusMatching(p, /^Verification unavailable/);
      if (!text.includes('npx josekit decoder')) throw new Error(`status does not say how to verify: ${text}`);
      const decoded = await p.locator('#decoded').textContent();
      if (!decoded.includes('"sub": "user-42"')) throw new Error('the payload is not decoded');
      return shorten(text);
    });
  } catch (e) {
    notOk(`${tag}: unexpected error`, e.stack || e.message);
  } finally {
    await browser.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------

const args = process.argv.slice(2);
const wanted = args.length ? args : Object.keys(BROWSERS);
for (const b of wanted) if (!BROWSERS[b]) die('arguments', `unknown browser ${b}; known: ${Object.keys(BROWSERS).join(', ')}`);

ensurePlaywright();
ensureBrowsers(wanted);
ensureBuilds();
const pw = await import(pathToFileURL(join(NM, 'playwright-core', 'index.mjs')).href);
let fx;
try {
  fx = await fixtures();
} catch (e) {
  die(`fixtures from ${rel(LIBRARY)}`, e.stack || e.message);
}
// Tested from a private copy: a concurrent `npm run build` empties dist/.
const scratch = mkdtempSync(join(tmpdir(), 'josekit-decoder-'));
const pageCopy = join(scratch, 'decoder.html');
copyFileSync(PAGE, pageCopy);
const html = readFileSync(pageCopy, 'utf8');
const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
if (/default-src 'none'/.test(csp) && /connect-src 'none'/.test(csp) && !/unsafe-inline|unsafe-eval/.test(csp)) ok(`page: ${rel(PAGE)} ${(html.length / 1024).toFixed(1)} KiB, CSP forbids every request`, csp.replace(/'sha256-[^']+'/g, "'sha256-…'"));
else notOk('page: CSP', `unexpected policy: ${csp}`);

const server = await startServer();
try {
  for (const which of wanted) {
    for (const origin of ['file://', 'http://127.0.0.1']) await suite(pw, which, origin, fx, origin === 'file://' ? null : server);
  }
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
finish();
