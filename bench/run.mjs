#!/usr/bin/env node
/**
 * josekit benchmark: josekit against jose, fast-jwt and jsonwebtoken, side by side, with the raw
 * WebCrypto and node:crypto primitives as floors.
 *
 *   node run.mjs              full run (~2.5 min on a 2-core machine)
 *   node run.mjs --quick      short run (~30 s), noisier
 *   node run.mjs --only verify,sign   only some groups (verify, cache, sign, decode)
 *   node run.mjs --algs HS256,ES256   only some algorithms
 *   node run.mjs --json out.json      also write every measurement as JSON
 *
 * Method: for each (operation, algorithm) group, every case is calibrated and warmed up, then the
 * group runs R rounds; in each round every case runs for a fixed time slice, in a rotated order,
 * so that slow drifts of the shared machine hit every case alike. The reported figure is the
 * median of the per-round ops/s; "spread" is (max - min) / median over the rounds.
 * Async cases are measured one call in flight at a time (await in a loop): this is latency-bound
 * throughput, which is what a request handler awaiting verify() sees. Sync cases run in a plain
 * loop.
 */

import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import nodeCrypto from 'node:crypto';
import os from 'node:os';
import { createRequire } from 'node:module';

// fast-jwt warns (once per verifier) when a custom cacheKeyBuilder is used; the benchmark uses
// one on purpose, so that warning is dropped and every other warning still shows.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, options, ...rest) => {
  if (options?.code === 'FAST_JWT_CACHE_KEY_BUILDER_SECURITY_RISK') return;
  emitWarning(warning, options, ...rest);
};

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const distEntry = join(root, 'dist', 'index.js');

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag('--quick');
const ONLY = value('--only')?.split(',');
const ALGS = value('--algs')?.split(',') ?? ['HS256', 'RS256', 'ES256', 'EdDSA', 'PS256'];
const JSON_OUT = value('--json');
if (flag('--help') || flag('-h')) {
  console.log('usage: node run.mjs [--quick] [--only verify,cache,sign,decode] [--algs HS256,RS256,ES256,EdDSA,PS256] [--json file]');
  process.exit(0);
}

/** Rounds per group, time slice per case per round (ms), warm-up per case (ms). */
const ROUNDS = QUICK ? 5 : 15;
const SLICE_MS = QUICK ? 40 : 100;
const WARMUP_MS = QUICK ? 60 : 200;

// ---------------------------------------------------------------------------------------------
// Libraries

if (!existsSync(distEntry)) {
  console.error('dist/index.js is missing: building josekit (npm run build in the repository root)…');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
const josekit = await import(pathToFileURL(distEntry).href);
const jose = await import('jose');
const require = createRequire(import.meta.url);
const fastJwt = require('fast-jwt');
const jsonwebtoken = require('jsonwebtoken');
const versions = {
  josekit: require(join(root, 'package.json')).version,
  jose: require('jose/package.json').version,
  'fast-jwt': require('fast-jwt/package.json').version,
  jsonwebtoken: require('jsonwebtoken/package.json').version,
};

const { subtle } = globalThis.crypto;
const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Keys and tokens. One key (pair) per algorithm, generated once and shared by every library:
// josekit and jose get the same CryptoKey objects, fast-jwt gets the same key as PEM text (or the
// secret as a string), jsonwebtoken and the node:crypto floor get it as a node:crypto KeyObject.

const ISS = 'https://auth.example';
const AUD = 'orders-api';
const SUB = 'user-42';
const now = Math.floor(Date.now() / 1000);
const CLAIMS = { sub: SUB, iss: ISS, aud: AUD, iat: now, exp: now + 3600, scope: 'orders:read' };
const NO_REG_CLAIMS = { scope: 'orders:read' }; // for signers that add iss/aud/sub/iat/exp themselves

const SPEC = {
  HS256: { hash: 'SHA-256', webcrypto: { name: 'HMAC' }, node: 'sha256' },
  RS256: { hash: 'SHA-256', webcrypto: { name: 'RSASSA-PKCS1-v1_5' }, node: 'sha256' },
  PS256: {
    hash: 'SHA-256',
    webcrypto: { name: 'RSA-PSS', saltLength: 32 },
    node: 'sha256',
    nodeOpts: { padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  },
  ES256: { hash: 'SHA-256', webcrypto: { name: 'ECDSA', hash: 'SHA-256' }, node: 'sha256', nodeOpts: { dsaEncoding: 'ieee-p1363' } },
  EdDSA: { hash: null, webcrypto: { name: 'Ed25519' }, node: null },
};

async function makeKeys(alg) {
  if (alg.startsWith('HS')) {
    // 43 characters of base64url text = 32 random bytes of entropy, used as the UTF-8 secret by all.
    const text = nodeCrypto.randomBytes(32).toString('base64url');
    const bytes = enc.encode(text);
    const cryptoKey = await subtle.importKey('raw', bytes, { name: 'HMAC', hash: SPEC[alg].hash }, false, ['sign', 'verify']);
    const keyObject = nodeCrypto.createSecretKey(Buffer.from(bytes));
    return {
      sign: { cryptoKey, keyObject, fast: text },
      verify: { cryptoKey, keyObject, fast: text },
    };
  }
  const pair = await josekit.generateKeyPair(alg, { extractable: true });
  const privObj = nodeCrypto.KeyObject.from(pair.privateKey);
  const pubObj = nodeCrypto.KeyObject.from(pair.publicKey);
  return {
    sign: { cryptoKey: pair.privateKey, keyObject: privObj, fast: privObj.export({ type: 'pkcs8', format: 'pem' }) },
    verify: { cryptoKey: pair.publicKey, keyObject: pubObj, fast: pubObj.export({ type: 'spki', format: 'pem' }) },
  };
}

// ---------------------------------------------------------------------------------------------
// Timing

const hr = () => Number(process.hrtime.bigint()) / 1e6; // ms

function isThenable(x) {
  return x !== null && typeof x === 'object' && typeof x.then === 'function';
}

/** Runs fn n times; returns elapsed ms. */
async function runBatch(c, n) {
  const fn = c.fn;
  let sink;
  const t0 = hr();
  if (c.async) {
    for (let i = 0; i < n; i++) sink = await fn();
  } else {
    for (let i = 0; i < n; i++) sink = fn();
  }
  const t = hr() - t0;
  if (sink === undefined) throw new Error(`${c.name} returned nothing`);
  return t;
}

/**
 * Runs fn for about `ms` milliseconds in batches; returns ops/s (wall clock) and CPU µs per op
 * (process.cpuUsage: every thread of the process, so the WebCrypto thread pool's work counts).
 */
async function runFor(c, ms) {
  let ops = 0;
  let elapsed = 0;
  const cpu0 = process.cpuUsage();
  while (elapsed < ms) {
    elapsed += await runBatch(c, c.batch);
    ops += c.batch;
  }
  const cpu = process.cpuUsage(cpu0);
  return { hz: (ops / elapsed) * 1000, cpu: (cpu.user + cpu.system) / ops };
}

/** Picks a batch size of about 5 ms (at least 1 call) and warms the case up. */
async function calibrate(c) {
  let n = 1;
  for (;;) {
    const t = await runBatch(c, n);
    if (t >= 5 || n >= 1 << 20) {
      c.batch = Math.max(1, Math.round((n * 5) / Math.max(t, 0.001)));
      break;
    }
    n *= 4;
  }
  await runFor(c, WARMUP_MS);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Measures a group of cases over ROUNDS rounds. Besides each case's median ops/s, ratios are
 * taken round by round (case vs reference in the same round, a few hundred ms apart) and the
 * median of those per-round ratios is reported: load from other processes on a shared machine
 * then cancels out far better than in a ratio of two medians.
 */
async function measureGroup(cases) {
  for (const c of cases) {
    const first = c.fn();
    c.async = isThenable(first);
    if (c.async) await first;
  }
  for (const c of cases) await calibrate(c);
  const hz = cases.map(() => []);
  const cpu = cases.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length; // rotate who goes first each round
      const m = await runFor(cases[i], SLICE_MS);
      hz[i].push(m.hz);
      cpu[i].push(m.cpu);
    }
  }
  /** Median over rounds of (time per op of a) / (time per op of b), on wall clock or CPU. */
  const ratio = (a, b, kind = 'wall') =>
    median(hz[a].map((_, r) => (kind === 'wall' ? hz[b][r] / hz[a][r] : cpu[a][r] / cpu[b][r])));
  const measured = cases.map((c, i) => {
    const med = median(hz[i]);
    return { ...c, index: i, hz: med, cpu: median(cpu[i]), spread: (Math.max(...hz[i]) - Math.min(...hz[i])) / med, rounds: hz[i], cpuRounds: cpu[i] };
  });
  return { measured, ratio };
}

// ---------------------------------------------------------------------------------------------
// Checks: every verifier must accept the token and reject the same token's claims when the
// expected audience or issuer differs (so nobody skips a check others do).

async function expectRejects(name, fn) {
  try {
    const r = fn();
    if (isThenable(r)) await r;
  } catch {
    return;
  }
  throw new Error(`fairness check failed: ${name} accepted a token it should have rejected`);
}

async function expectPayload(name, fn) {
  let r = fn();
  if (isThenable(r)) r = await r;
  const payload = r?.payload ?? r;
  if (payload?.sub !== SUB || payload?.aud !== AUD) throw new Error(`sanity check failed: ${name} returned ${JSON.stringify(r)}`);
}

// ---------------------------------------------------------------------------------------------
// Cases

const b64uDecode = (s) => Buffer.from(s, 'base64url');

function timingSafeEqualBytes(a, b) {
  return a.length === b.length && nodeCrypto.timingSafeEqual(a, b);
}

async function verifyCases(alg, keys, token, mode) {
  const k = keys.verify;
  const [h, p, s] = token.split('.');
  const signingInput = enc.encode(`${h}.${p}`);
  const signingInputBuf = Buffer.from(signingInput);
  const signature = b64uDecode(s);
  const sigU8 = new Uint8Array(signature);
  const spec = SPEC[alg];

  const nodeKey = spec.nodeOpts ? { key: k.keyObject, ...spec.nodeOpts } : k.keyObject;
  const jkOpts = { algorithms: [alg], issuer: ISS, audience: AUD };
  const fjOpts = { algorithms: [alg], allowedIss: ISS, allowedAud: AUD };
  const jwOpts = { algorithms: [alg], issuer: ISS, audience: AUD };

  if (mode === 'cache') {
    const jk = josekit.createJwtVerifier(k.cryptoKey, { ...jkOpts, cache: { max: 1000 } });
    const fj = fastJwt.createVerifier({ key: k.fast, ...fjOpts, cache: true });
    // fast-jwt's default cache key is a SHA-256 of the token; josekit keys by the token text.
    // The identity key builder shows what that hashing costs (fast-jwt warns about it once).
    const fjIdentity = fastJwt.createVerifier({ key: k.fast, ...fjOpts, cache: true, cacheKeyBuilder: (t) => t });
    const jkBad = josekit.createJwtVerifier(k.cryptoKey, { ...jkOpts, audience: 'other', cache: { max: 1000 } });
    const fjBad = fastJwt.createVerifier({ key: k.fast, ...fjOpts, allowedAud: 'other', cache: true });
    const cases = [
      { name: 'josekit createJwtVerifier cache', lib: 'josekit', fn: () => jk(token), josekit: true },
      { name: 'fast-jwt sync cache:true', lib: 'fast-jwt', fn: () => fj(token) },
      { name: 'fast-jwt sync cache, key = token', lib: 'fast-jwt', fn: () => fjIdentity(token) },
    ];
    for (const c of cases) await expectPayload(c.name, c.fn);
    // After a cache hit, a verifier with other expectations must still reject.
    await jkBad(token).catch(() => {});
    await expectRejects('josekit cache (wrong aud)', () => jkBad(token));
    await expectRejects('fast-jwt cache (wrong aud)', () => fjBad(token));
    return cases;
  }

  const jkVerifier = josekit.createJwtVerifier(k.cryptoKey, jkOpts);
  const fjSync = fastJwt.createVerifier({ key: k.fast, ...fjOpts });
  const fjAsync = fastJwt.createVerifier({ key: async () => k.fast, ...fjOpts });

  const cases = [
    { name: 'josekit createJwtVerifier', lib: 'josekit', fn: () => jkVerifier(token), josekit: true },
    { name: 'josekit verifyJwt', lib: 'josekit', fn: () => josekit.verifyJwt(token, k.cryptoKey, jkOpts) },
    { name: 'jose jwtVerify', lib: 'jose', fn: () => jose.jwtVerify(token, k.cryptoKey, jwOpts) },
    { name: 'fast-jwt sync', lib: 'fast-jwt', fn: () => fjSync(token) },
    { name: 'fast-jwt async', lib: 'fast-jwt', fn: () => fjAsync(token), note: 'key fn: createPublicKey/createSecretKey per call' },
  ];
  if (alg !== 'EdDSA') {
    cases.push({ name: 'jsonwebtoken verify', lib: 'jsonwebtoken', fn: () => jsonwebtoken.verify(token, k.keyObject, jwOpts) });
  }
  // Floors: only the primitive over pre-made bytes (no split, no base64url, no JSON, no claims).
  cases.push({
    name: 'floor: WebCrypto subtle.verify',
    lib: 'floor',
    floor: 'webcrypto',
    fn: () => subtle.verify(spec.webcrypto, k.cryptoKey, sigU8, signingInput),
  });
  cases.push({
    name: 'floor: node:crypto',
    lib: 'floor',
    floor: 'node',
    fn: alg.startsWith('HS')
      ? () => timingSafeEqualBytes(nodeCrypto.createHmac(spec.node, k.keyObject).update(signingInputBuf).digest(), signature)
      : () => nodeCrypto.verify(spec.node, signingInputBuf, nodeKey, signature),
  });

  // Sanity and fairness.
  for (const c of cases) {
    if (c.floor) {
      let ok = c.fn();
      if (isThenable(ok)) ok = await ok;
      if (ok !== true) throw new Error(`${c.name} did not verify`);
    } else await expectPayload(c.name, c.fn);
  }
  const badAud = { ...jkOpts, audience: 'other' };
  const badIss = { ...jkOpts, issuer: 'https://other.example' };
  await expectRejects('josekit verifier (aud)', () => josekit.createJwtVerifier(k.cryptoKey, badAud)(token));
  await expectRejects('josekit verifier (iss)', () => josekit.createJwtVerifier(k.cryptoKey, badIss)(token));
  await expectRejects('jose (aud)', () => jose.jwtVerify(token, k.cryptoKey, badAud));
  await expectRejects('jose (iss)', () => jose.jwtVerify(token, k.cryptoKey, badIss));
  await expectRejects('fast-jwt (aud)', () => fastJwt.createVerifier({ key: k.fast, ...fjOpts, allowedAud: 'other' })(token));
  await expectRejects('fast-jwt (iss)', () => fastJwt.createVerifier({ key: k.fast, ...fjOpts, allowedIss: 'x' })(token));
  if (alg !== 'EdDSA') {
    await expectRejects('jsonwebtoken (aud)', () => jsonwebtoken.verify(token, k.keyObject, badAud));
    await expectRejects('jsonwebtoken (iss)', () => jsonwebtoken.verify(token, k.keyObject, badIss));
  }
  return cases;
}

async function signCases(alg, keys) {
  const k = keys.sign;
  const spec = SPEC[alg];
  const input = enc.encode('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + Buffer.from(JSON.stringify(CLAIMS)).toString('base64url'));
  const inputBuf = Buffer.from(input);
  const nodeKey = spec.nodeOpts ? { key: k.keyObject, ...spec.nodeOpts } : k.keyObject;

  const fjSign = fastJwt.createSigner({ key: k.fast, algorithm: alg, iss: ISS, aud: AUD, sub: SUB, expiresIn: 3600_000 });
  const cases = [
    {
      name: 'josekit signJwt',
      lib: 'josekit',
      josekit: true,
      fn: () => josekit.signJwt(NO_REG_CLAIMS, k.cryptoKey, { alg, issuer: ISS, audience: AUD, subject: SUB, expiresIn: 3600 }),
    },
    {
      name: 'jose SignJWT',
      lib: 'jose',
      fn: () =>
        new jose.SignJWT(NO_REG_CLAIMS)
          .setProtectedHeader({ alg, typ: 'JWT' })
          .setIssuedAt()
          .setIssuer(ISS)
          .setAudience(AUD)
          .setSubject(SUB)
          .setExpirationTime('1h')
          .sign(k.cryptoKey),
    },
    { name: 'fast-jwt createSigner', lib: 'fast-jwt', fn: () => fjSign(NO_REG_CLAIMS) },
  ];
  if (alg !== 'EdDSA') {
    cases.push({
      name: 'jsonwebtoken sign',
      lib: 'jsonwebtoken',
      fn: () => jsonwebtoken.sign(NO_REG_CLAIMS, k.keyObject, { algorithm: alg, issuer: ISS, audience: AUD, subject: SUB, expiresIn: 3600 }),
    });
  }
  cases.push({ name: 'floor: WebCrypto subtle.sign', lib: 'floor', floor: 'webcrypto', fn: () => subtle.sign(spec.webcrypto, k.cryptoKey, input) });
  cases.push({
    name: 'floor: node:crypto',
    lib: 'floor',
    floor: 'node',
    fn: alg.startsWith('HS')
      ? () => nodeCrypto.createHmac(spec.node, k.keyObject).update(inputBuf).digest()
      : () => nodeCrypto.sign(spec.node, inputBuf, nodeKey),
  });

  // Sanity: every signer's token verifies under josekit with the same expectations.
  const verifyKey = keys.verify.cryptoKey;
  for (const c of cases) {
    if (c.floor) continue;
    let t = c.fn();
    if (isThenable(t)) t = await t;
    const { payload } = await josekit.verifyJwt(t, verifyKey, { algorithms: [alg], issuer: ISS, audience: AUD });
    if (payload.sub !== SUB || typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
      throw new Error(`sanity check failed: ${c.name} produced ${JSON.stringify(payload)}`);
    }
  }
  return cases;
}

function decodeCases(token) {
  const fjDecode = fastJwt.createDecoder();
  const cases = [
    { name: 'josekit decodeJwt', lib: 'josekit', josekit: true, fn: () => josekit.decodeJwt(token) },
    { name: 'jose decodeJwt', lib: 'jose', fn: () => jose.decodeJwt(token) },
    { name: 'fast-jwt createDecoder', lib: 'fast-jwt', fn: () => fjDecode(token) },
    { name: 'jsonwebtoken decode', lib: 'jsonwebtoken', fn: () => jsonwebtoken.decode(token) },
  ];
  for (const c of cases) if (c.fn().sub !== SUB) throw new Error(`sanity check failed: ${c.name}`);
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function fmtHz(hz) {
  if (hz >= 1e6) return `${(hz / 1e6).toFixed(2)}M`;
  if (hz >= 1e4) return `${(hz / 1e3).toFixed(1)}k`;
  if (hz >= 1e3) return `${(hz / 1e3).toFixed(2)}k`;
  return hz.toFixed(hz >= 100 ? 0 : 1);
}

function fmtTime(hz) {
  const us = 1e6 / hz;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  if (us >= 10) return `${us.toFixed(1)} µs`;
  return `${us.toFixed(2)} µs`;
}

/** `r` = time per op of the case / time per op of the reference. */
function relative(r) {
  if (Math.abs(r - 1) < 0.005) return 'same';
  return r < 1 ? `${(1 / r).toFixed(2)}x faster` : `${r.toFixed(2)}x slower`;
}

function fmtCpu(us) {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : us >= 10 ? `${us.toFixed(1)} µs` : `${us.toFixed(2)} µs`;
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const results = [];

function report(title, { measured, ratio }) {
  const ref = measured.find((c) => c.josekit);
  const rows = measured.map((c) => [
    c.name,
    fmtHz(c.hz),
    fmtTime(c.hz),
    `±${(c.spread * 50).toFixed(0)}%`,
    c.josekit ? '(reference)' : relative(ratio(c.index, ref.index)),
    fmtCpu(c.cpu),
    c.josekit ? '(reference)' : relative(ratio(c.index, ref.index, 'cpu')),
    c.async ? 'async' : 'sync',
  ]);
  console.log(`\n### ${title}\n`);
  console.log(table(rows, ['case', 'ops/s', 'per op', 'spread', 'vs josekit', 'CPU/op', 'vs josekit (CPU)', 'mode']));
  // Overhead above the floors: time per op of X / time per op of the floor (per-round medians).
  const wc = measured.find((c) => c.floor === 'webcrypto');
  const nd = measured.find((c) => c.floor === 'node');
  const lines = [];
  const both = (a, b) => `${ratio(a.index, b.index).toFixed(2)}x (CPU ${ratio(a.index, b.index, 'cpu').toFixed(2)}x)`;
  if (wc) for (const c of measured.filter((c) => c.lib === 'josekit' || c.lib === 'jose')) lines.push(`${c.name} / WebCrypto floor = ${both(c, wc)}`);
  if (nd) {
    for (const c of measured.filter((c) => c.lib === 'fast-jwt' || c.lib === 'jsonwebtoken')) lines.push(`${c.name} / node:crypto floor = ${both(c, nd)}`);
    if (wc) lines.push(`WebCrypto floor / node:crypto floor = ${both(wc, nd)} (the price of WebCrypto's async dispatch itself)`);
    if (ref) lines.push(`${ref.name} / node:crypto floor = ${both(ref, nd)}`);
  }
  if (lines.length) console.log('\n' + lines.map((l) => `  ${l}`).join('\n'));
  for (const c of measured) {
    results.push({
      group: title, name: c.name, lib: c.lib, mode: c.async ? 'async' : 'sync',
      hz: c.hz, cpuMicrosPerOp: c.cpu, spread: c.spread,
      vsJosekit: ref && !c.josekit ? ratio(c.index, ref.index) : undefined,
      vsJosekitCpu: ref && !c.josekit ? ratio(c.index, ref.index, 'cpu') : undefined,
      rounds: c.rounds, cpuRounds: c.cpuRounds,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Main

const started = hr();
const cpus = os.cpus();
console.log(`# josekit benchmark${QUICK ? ' (--quick)' : ''}`);
console.log(`date ${new Date().toISOString()}, Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}`);
console.log(Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', '));
console.log(`${ROUNDS} rounds x ${SLICE_MS} ms per case, ${WARMUP_MS} ms warm-up, cases rotated each round; ops/s and CPU/op are medians of rounds, ratios are medians of per-round ratios; spread = ±half the min-max range of ops/s`);
console.log('keys pre-imported for every library (CryptoKey for josekit/jose; KeyObject for jsonwebtoken/floor; PEM/secret string for fast-jwt, which imports once at createVerifier/createSigner)');

const groups = ONLY ?? ['verify', 'cache', 'sign', 'decode'];
const keysByAlg = {};
const tokens = {};
for (const alg of ALGS) {
  keysByAlg[alg] = await makeKeys(alg);
  tokens[alg] = await josekit.signJwt(CLAIMS, keysByAlg[alg].sign.cryptoKey, { alg });
}

for (const group of groups) {
  for (const alg of group === 'decode' ? [] : ALGS) {
    let cases;
    if (group === 'verify') cases = await verifyCases(alg, keysByAlg[alg], tokens[alg], 'plain');
    else if (group === 'cache') cases = await verifyCases(alg, keysByAlg[alg], tokens[alg], 'cache');
    else if (group === 'sign') cases = await signCases(alg, keysByAlg[alg]);
    else throw new Error(`unknown group ${group}`);
    report(`${group === 'cache' ? 'verify with cache' : group} ${alg}`, await measureGroup(cases));
  }
  if (group === 'decode') {
    const alg = ALGS.includes('RS256') ? 'RS256' : ALGS[0];
    report(`decode (${alg} token, payload only)`, await measureGroup(decodeCases(tokens[alg])));
  }
}

console.log(`\ntotal ${((hr() - started) / 1000).toFixed(0)} s`);
if (JSON_OUT) {
  writeFileSync(
    JSON_OUT,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus.length, cpu: cpus[0]?.model, versions, quick: QUICK, results }, null, 2),
  );
  console.log(`wrote ${JSON_OUT}`);
}
