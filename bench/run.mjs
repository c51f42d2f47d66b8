#!/usr/bin/env node
/**
 * josekit benchmark: both josekit builds (dist/node.js over node:crypto, dist/esm/ over
 * WebCrypto) against jose, fast-jwt and jsonwebtoken, with the raw crypto.subtle and node:crypto
 * calls as floors; then cache hits, heap growth, bundle and package size and cold import time.
 * Writes bench/RESULTS.md (see README.md for the method and the columns).
 *
 *   node bench/run.mjs            full run (npm run bench at the repository root)
 *   node bench/run.mjs --quick    short run, under two minutes on 2 cores (npm run bench:quick)
 *   options: --only verify,sign,cache,memory,size,import  --algs HS256,ES256  --modes serial,inflight
 *            --out FILE (default bench/RESULTS.md)  --json FILE (every measurement)
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import nodeCrypto from 'node:crypto';
import os from 'node:os';
import { createRequire } from 'node:module';

// fast-jwt warns (once per verifier) when a custom cacheKeyBuilder is used; the benchmark uses one
// on purpose, so that warning is dropped and every other warning still shows.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, options, ...rest) => {
  if (options?.code === 'FAST_JWT_CACHE_KEY_BUILDER_SECURITY_RISK') return;
  emitWarning(warning, options, ...rest);
};

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const NODE_BUILD = join(root, 'dist', 'node.js');
const WEB_BUILD = join(root, 'dist', 'esm', 'index.js');

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (flag('--help') || flag('-h')) {
  console.log(
    'usage: node bench/run.mjs [--quick] [--only verify,sign,cache,memory,size,import] [--algs HS256,...] [--modes serial,inflight] [--out FILE] [--json FILE]',
  );
  process.exit(0);
}
const QUICK = flag('--quick');
const ALL_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
const ALGS = value('--algs')?.split(',') ?? ALL_ALGS;
const GROUPS = value('--only')?.split(',') ?? ['verify', 'sign', 'cache', 'memory', 'size', 'import'];
const MODES = value('--modes')?.split(',') ?? ['serial', 'inflight'];
const OUT = value('--out') ?? join(here, 'RESULTS.md');
const JSON_OUT = value('--json');
for (const a of ALGS) if (!ALL_ALGS.includes(a)) throw new Error(`unknown algorithm ${a}`);

/** Rounds per group, time slice per case per round (ms), warm-up per case (ms). */
const ROUNDS = QUICK ? 5 : 11;
const SLICE_MS = QUICK ? 30 : 80;
const WARMUP_MS = QUICK ? 40 : 150;
const INFLIGHT = 64;
const CACHE_ALGS = (QUICK ? ['HS256', 'ES256'] : ['HS256', 'RS256', 'ES256', 'EdDSA']).filter((a) => ALGS.includes(a));
const MEMORY_COUNT = QUICK ? 200_000 : 1_000_000;
const IMPORT_RUNS = QUICK ? 10 : 21;
const MODE_LABEL = { serial: 'awaited one at a time', inflight: `${INFLIGHT} in flight` };

// ---------------------------------------------------------------------------------------------
// Libraries

if (!existsSync(join(here, 'node_modules', 'fast-jwt'))) {
  console.error('bench/node_modules is missing: run `npm ci --prefix bench` (npm run bench does it).');
  process.exit(1);
}
if (!existsSync(NODE_BUILD) || !existsSync(WEB_BUILD)) {
  console.error('dist/ is missing: building josekit (npm run build in the repository root)…');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const jkNode = await import(pathToFileURL(NODE_BUILD).href);
const jkWeb = await import(pathToFileURL(WEB_BUILD).href);
const jose = await import('jose');
const require = createRequire(import.meta.url);
const fastJwt = require('fast-jwt');
const jsonwebtoken = require('jsonwebtoken');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const versions = {
  josekit: rootPkg.version,
  jose: require('jose/package.json').version,
  'fast-jwt': require('fast-jwt/package.json').version,
  jsonwebtoken: require('jsonwebtoken/package.json').version,
  esbuild: require('esbuild/package.json').version,
};
function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}
const gitHead = git('rev-parse', '--short', 'HEAD');
const gitDirty = git('status', '--porcelain', '--', 'src', 'package.json', 'tsup.config.ts') !== '';
const distBuilt = statSync(NODE_BUILD).mtime.toISOString();

const { subtle } = globalThis.crypto;
const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Keys and tokens. One key (pair) per algorithm, shared by every library: both josekit builds
// and jose get the same CryptoKey objects, fast-jwt the same key as PEM text (or the secret as a
// string), jsonwebtoken and the node:crypto floor a KeyObject. The CryptoKeys are made by the
// node build's own importSecret / generateKeyPair, as an app on Node would make them: the node
// build keeps a node:crypto twin of the keys it makes, and sends a non-extractable CryptoKey made
// elsewhere (crypto.subtle.importKey) through WebCrypto instead.

const ISS = 'https://auth.example';
const AUD = 'orders-api';
const SUB = 'user-42';
const now = Math.floor(Date.now() / 1000);
const CLAIMS = { sub: SUB, iss: ISS, aud: AUD, iat: now, exp: now + 3600, scope: 'orders:read' };
const EXPIRED = { ...CLAIMS, iat: now - 7200, exp: now - 3600 };
const NO_REG_CLAIMS = { scope: 'orders:read' }; // for signers that add iss/aud/sub/iat/exp themselves

const PSS = { padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING };
const SPEC = {
  HS256: { bytes: 32, webcrypto: { name: 'HMAC' }, node: 'sha256' },
  HS384: { bytes: 48, webcrypto: { name: 'HMAC' }, node: 'sha384' },
  HS512: { bytes: 64, webcrypto: { name: 'HMAC' }, node: 'sha512' },
  RS256: { webcrypto: { name: 'RSASSA-PKCS1-v1_5' }, node: 'sha256' },
  PS256: { webcrypto: { name: 'RSA-PSS', saltLength: 32 }, node: 'sha256', nodeOpts: { ...PSS, saltLength: 32 } },
  ES256: { webcrypto: { name: 'ECDSA', hash: 'SHA-256' }, node: 'sha256', nodeOpts: { dsaEncoding: 'ieee-p1363' } },
  ES384: { webcrypto: { name: 'ECDSA', hash: 'SHA-384' }, node: 'sha384', nodeOpts: { dsaEncoding: 'ieee-p1363' } },
  EdDSA: { webcrypto: { name: 'Ed25519' }, node: null },
};
const isHmac = (alg) => alg.startsWith('HS');

async function makeKeys(alg) {
  if (isHmac(alg)) {
    // base64url text of hash-size random bytes, used as the UTF-8 secret by every library.
    const text = nodeCrypto.randomBytes(SPEC[alg].bytes).toString('base64url');
    const bytes = enc.encode(text);
    const cryptoKey = await jkNode.importSecret(bytes, alg);
    const keyObject = nodeCrypto.createSecretKey(Buffer.from(bytes));
    const k = { cryptoKey, keyObject, fast: text };
    return { sign: k, verify: k };
  }
  const pair = await jkNode.generateKeyPair(alg, { extractable: true });
  const privObj = nodeCrypto.KeyObject.from(pair.privateKey);
  const pubObj = nodeCrypto.KeyObject.from(pair.publicKey);
  return {
    sign: { cryptoKey: pair.privateKey, keyObject: privObj, fast: privObj.export({ type: 'pkcs8', format: 'pem' }) },
    verify: { cryptoKey: pair.publicKey, keyObject: pubObj, fast: pubObj.export({ type: 'spki', format: 'pem' }) },
  };
}

/** The same token with one signature character changed (still canonical base64url). */
function tamper(token) {
  const i = token.lastIndexOf('.') + 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------
// Timing

const hr = () => Number(process.hrtime.bigint()) / 1e6; // ms

function isThenable(x) {
  return x !== null && typeof x === 'object' && typeof x.then === 'function';
}

/**
 * Runs n units of a case; returns elapsed ms. A unit is one call (serial: awaited if async) or,
 * in flight, INFLIGHT calls started together and awaited with Promise.all.
 */
async function runBatch(c, n) {
  const fn = c.fn;
  let sink;
  const t0 = hr();
  if (c.inflight) {
    const ps = new Array(INFLIGHT);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < INFLIGHT; j++) ps[j] = fn();
      sink = await Promise.all(ps);
      sink = sink[INFLIGHT - 1];
    }
  } else if (c.async) {
    for (let i = 0; i < n; i++) sink = await fn();
  } else {
    for (let i = 0; i < n; i++) sink = fn();
  }
  const t = hr() - t0;
  if (sink === undefined) throw new Error(`${c.name} returned nothing`);
  return t;
}

/** Runs a case for about `ms` in batches; returns calls/s (wall clock) and CPU µs per call (all threads). */
async function runFor(c, ms) {
  let units = 0;
  let elapsed = 0;
  const cpu0 = process.cpuUsage();
  while (elapsed < ms) {
    elapsed += await runBatch(c, c.batch);
    units += c.batch;
  }
  const cpu = process.cpuUsage(cpu0);
  const calls = units * (c.inflight ? INFLIGHT : 1);
  return { hz: (calls / elapsed) * 1000, cpu: (cpu.user + cpu.system) / calls };
}

/** Picks a batch of about 5 ms (at least one unit) and warms the case up. */
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
 * Measures a group of cases over ROUNDS rounds, each case for SLICE_MS per round in an order
 * rotated every round. speed(a, b) is the median over rounds of (calls/s of a) / (calls/s of b),
 * both measured in the same round, which cancels most load from other processes.
 */
async function measureGroup(cases, mode) {
  for (const c of cases) {
    c.inflight = mode === 'inflight';
    const first = c.fn();
    c.async = isThenable(first);
    if (c.async) await first;
  }
  for (const c of cases) await calibrate(c);
  const hz = cases.map(() => []);
  const cpu = cases.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      const m = await runFor(cases[i], SLICE_MS);
      hz[i].push(m.hz);
      cpu[i].push(m.cpu);
    }
  }
  const speed = (a, b) => median(hz[a].map((_, r) => hz[a][r] / hz[b][r]));
  const measured = cases.map((c, i) => {
    const med = median(hz[i]);
    return { ...c, index: i, hz: med, cpu: median(cpu[i]), spread: (Math.max(...hz[i]) - Math.min(...hz[i])) / 2 / med, rounds: hz[i] };
  });
  return { measured, speed };
}

// ---------------------------------------------------------------------------------------------
// Sanity checks: every verifier accepts the token and rejects a tampered signature, an expired
// token and the token under a different expected aud or iss; every floor verifies the signature
// and refuses the tampered one. A failed check stops the run.

async function rejects(name, fn) {
  try {
    const r = fn();
    if (isThenable(r)) await r;
  } catch {
    return;
  }
  throw new Error(`fairness check failed: ${name} accepted a token it should have rejected`);
}

async function accepts(name, fn) {
  let r = fn();
  if (isThenable(r)) r = await r;
  const payload = r?.payload ?? r;
  if (payload?.sub !== SUB || payload?.aud !== AUD || payload?.iss !== ISS) throw new Error(`sanity check failed: ${name} returned ${JSON.stringify(r)}`);
}

// ---------------------------------------------------------------------------------------------
// Cases. `lib` names the library; `floorOf` names the floor a case is compared to.

const LIB = {
  node: 'josekit node build',
  web: 'josekit web build',
};

function floorFns(alg, k, signingInput) {
  const spec = SPEC[alg];
  const buf = Buffer.from(signingInput);
  const nodeKey = spec.nodeOpts ? { key: k.keyObject, ...spec.nodeOpts } : k.keyObject;
  return { spec, buf, nodeKey };
}

async function verifyCases(alg, keys, token, expired) {
  const k = keys.verify;
  const [h, p, s] = token.split('.');
  const signingInput = enc.encode(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const sigU8 = new Uint8Array(signature);
  const badSig = Buffer.from(tamper(token).split('.')[2], 'base64url');
  const { spec, buf, nodeKey } = floorFns(alg, k, signingInput);

  const jkOpts = { algorithms: [alg], issuer: ISS, audience: AUD };
  const fjOpts = { algorithms: [alg], allowedIss: ISS, allowedAud: AUD };
  const nodeVerifier = jkNode.createJwtVerifier(k.cryptoKey, jkOpts);
  const webVerifier = jkWeb.createJwtVerifier(k.cryptoKey, jkOpts);
  const fjVerify = fastJwt.createVerifier({ key: k.fast, ...fjOpts });

  const subtleVerify = (sig) => subtle.verify(spec.webcrypto, k.cryptoKey, sig, signingInput);
  const nodeFloor = isHmac(alg)
    ? (sig) => {
        const mac = nodeCrypto.createHmac(spec.node, k.keyObject).update(buf).digest();
        return mac.length === sig.length && nodeCrypto.timingSafeEqual(mac, sig);
      }
    : (sig) => nodeCrypto.verify(spec.node, buf, nodeKey, sig);

  // `verifyAs(t, opts)` runs the case's library on another token or with other expectations.
  const cases = [
    { id: 'node-verifier', lib: LIB.node, name: 'createJwtVerifier', floorOf: 'node', fn: () => nodeVerifier(token), verifyAs: (t, o) => jkNode.createJwtVerifier(k.cryptoKey, o)(t) },
    { id: 'node-verifyJwt', lib: LIB.node, name: 'verifyJwt', floorOf: 'node', fn: () => jkNode.verifyJwt(token, k.cryptoKey, jkOpts), verifyAs: (t, o) => jkNode.verifyJwt(t, k.cryptoKey, o) },
    { id: 'web-verifier', lib: LIB.web, name: 'createJwtVerifier', floorOf: 'subtle', fn: () => webVerifier(token), verifyAs: (t, o) => jkWeb.createJwtVerifier(k.cryptoKey, o)(t) },
    { id: 'web-verifyJwt', lib: LIB.web, name: 'verifyJwt', floorOf: 'subtle', fn: () => jkWeb.verifyJwt(token, k.cryptoKey, jkOpts), verifyAs: (t, o) => jkWeb.verifyJwt(t, k.cryptoKey, o) },
    { id: 'jose', lib: 'jose', name: 'jwtVerify', floorOf: 'subtle', fn: () => jose.jwtVerify(token, k.cryptoKey, jkOpts), verifyAs: (t, o) => jose.jwtVerify(t, k.cryptoKey, o) },
    {
      id: 'fast-jwt',
      lib: 'fast-jwt',
      name: 'createVerifier (sync)',
      floorOf: 'node',
      fn: () => fjVerify(token),
      verifyAs: (t, o) => fastJwt.createVerifier({ key: k.fast, algorithms: o.algorithms, allowedIss: o.issuer, allowedAud: o.audience })(t),
    },
  ];
  if (alg !== 'EdDSA') {
    // jsonwebtoken 9 has no EdDSA.
    cases.push({ id: 'jsonwebtoken', lib: 'jsonwebtoken', name: 'verify (sync)', floorOf: 'node', fn: () => jsonwebtoken.verify(token, k.keyObject, jkOpts), verifyAs: (t, o) => jsonwebtoken.verify(t, k.keyObject, o) });
  }
  cases.push({ id: 'floor-subtle', lib: 'floor', name: 'crypto.subtle.verify', floorOf: 'node', floor: 'subtle', fn: () => subtleVerify(sigU8) });
  cases.push({ id: 'floor-node', lib: 'floor', name: 'node:crypto', floor: 'node', fn: () => nodeFloor(signature) });

  if ((await subtleVerify(sigU8)) !== true || (await subtleVerify(new Uint8Array(badSig))) !== false) throw new Error(`floor crypto.subtle.verify ${alg} is wrong`);
  if (nodeFloor(signature) !== true || nodeFloor(badSig) !== false) throw new Error(`floor node:crypto ${alg} is wrong`);
  for (const c of cases) {
    if (c.floor) continue;
    const label = `${c.lib} ${c.name} ${alg}`;
    await accepts(label, c.fn);
    await accepts(`${label} (verifyAs)`, () => c.verifyAs(token, jkOpts));
    await rejects(`${label} (tampered signature)`, () => c.verifyAs(tamper(token), jkOpts));
    await rejects(`${label} (expired)`, () => c.verifyAs(expired, jkOpts));
    await rejects(`${label} (other aud)`, () => c.verifyAs(token, { ...jkOpts, audience: 'other' }));
    await rejects(`${label} (other iss)`, () => c.verifyAs(token, { ...jkOpts, issuer: 'https://other.example' }));
    await rejects(`${label} (other alg)`, () => c.verifyAs(token, { ...jkOpts, algorithms: [alg === 'HS256' ? 'HS384' : 'HS256'] }));
  }
  return cases;
}

async function cacheCases(alg, keys, token) {
  const k = keys.verify;
  const jkOpts = { algorithms: [alg], issuer: ISS, audience: AUD };
  const fjOpts = { algorithms: [alg], allowedIss: ISS, allowedAud: AUD };
  const node = jkNode.createJwtVerifier(k.cryptoKey, { ...jkOpts, cache: { max: 1000 } });
  const web = jkWeb.createJwtVerifier(k.cryptoKey, { ...jkOpts, cache: { max: 1000 } });
  const fj = fastJwt.createVerifier({ key: k.fast, ...fjOpts, cache: true });
  // fast-jwt's default cache key is a hash of the token; josekit keys by the token text. The
  // identity key builder shows fast-jwt without that hashing.
  const fjIdentity = fastJwt.createVerifier({ key: k.fast, ...fjOpts, cache: true, cacheKeyBuilder: (t) => t });
  const cases = [
    { id: 'node-cache', lib: LIB.node, name: 'createJwtVerifier cache: { max: 1000 }', fn: () => node(token) },
    { id: 'web-cache', lib: LIB.web, name: 'createJwtVerifier cache: { max: 1000 }', fn: () => web(token) },
    { id: 'fast-jwt', lib: 'fast-jwt', name: 'cache: true', fn: () => fj(token) },
    { id: 'fast-jwt-identity', lib: 'fast-jwt', name: 'cache: true, cacheKeyBuilder: t => t', fn: () => fjIdentity(token) },
  ];
  for (const c of cases) await accepts(`${c.lib} ${c.name}`, c.fn);
  // A tampered token is a different cache key and must fail; the hit must still check claims.
  await rejects('josekit node cache (tampered)', () => node(tamper(token)));
  await rejects('josekit web cache (tampered)', () => web(tamper(token)));
  await rejects('fast-jwt cache (tampered)', () => fj(tamper(token)));
  const nodeBad = jkNode.createJwtVerifier(k.cryptoKey, { ...jkOpts, audience: 'other', cache: { max: 10 } });
  await nodeBad(token).catch(() => {});
  await rejects('josekit node cache (other aud, second call)', () => nodeBad(token));
  return cases;
}

async function signCases(alg, keys, token) {
  const k = keys.sign;
  const [h, p] = token.split('.');
  const signingInput = enc.encode(`${h}.${p}`); // the floors sign the josekit token's signing input
  const { spec, buf, nodeKey } = floorFns(alg, k, signingInput);
  const jkOpts = { alg, issuer: ISS, audience: AUD, subject: SUB, expiresIn: 3600 };
  const fjSign = fastJwt.createSigner({ key: k.fast, algorithm: alg, iss: ISS, aud: AUD, sub: SUB, expiresIn: 3600_000 });
  const cases = [
    { id: 'node-sign', lib: LIB.node, name: 'signJwt', floorOf: 'node', fn: () => jkNode.signJwt(NO_REG_CLAIMS, k.cryptoKey, jkOpts) },
    { id: 'web-sign', lib: LIB.web, name: 'signJwt', floorOf: 'subtle', fn: () => jkWeb.signJwt(NO_REG_CLAIMS, k.cryptoKey, jkOpts) },
    {
      id: 'jose',
      lib: 'jose',
      name: 'SignJWT',
      floorOf: 'subtle',
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
    { id: 'fast-jwt', lib: 'fast-jwt', name: 'createSigner (sync)', floorOf: 'node', fn: () => fjSign(NO_REG_CLAIMS) },
  ];
  if (alg !== 'EdDSA') {
    cases.push({
      id: 'jsonwebtoken',
      lib: 'jsonwebtoken',
      name: 'sign (sync)',
      floorOf: 'node',
      fn: () => jsonwebtoken.sign(NO_REG_CLAIMS, k.keyObject, { algorithm: alg, issuer: ISS, audience: AUD, subject: SUB, expiresIn: 3600 }),
    });
  }
  cases.push({ id: 'floor-subtle', lib: 'floor', name: 'crypto.subtle.sign', floorOf: 'node', floor: 'subtle', fn: () => subtle.sign(spec.webcrypto, k.cryptoKey, signingInput) });
  cases.push({
    id: 'floor-node',
    lib: 'floor',
    name: 'node:crypto',
    floor: 'node',
    fn: isHmac(alg) ? () => nodeCrypto.createHmac(spec.node, k.keyObject).update(buf).digest() : () => nodeCrypto.sign(spec.node, buf, nodeKey),
  });
  // Every signer's token must pass josekit's verifyJwt (both builds) with every claim present.
  const verifyKey = keys.verify.cryptoKey;
  for (const c of cases) {
    if (c.floor) {
      let sig = c.fn();
      if (isThenable(sig)) sig = await sig;
      if (!(await subtle.verify(spec.webcrypto, verifyKey, sig, signingInput))) throw new Error(`floor ${c.name} ${alg} signs wrongly`);
      continue;
    }
    let t = c.fn();
    if (isThenable(t)) t = await t;
    for (const lib of [jkNode, jkWeb]) {
      const { payload, header } = await lib.verifyJwt(t, verifyKey, { algorithms: [alg], issuer: ISS, audience: AUD, subject: SUB });
      if (header.alg !== alg || typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.scope !== 'orders:read') {
        throw new Error(`sanity check failed: ${c.lib} ${c.name} ${alg} produced ${JSON.stringify({ header, payload })}`);
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Targets. Throughput targets are ratios from one run (medians of per-round ratios).
// metric: 'fast' = speed vs fast-jwt, 'jose' = speed vs jose, 'floor' = time vs the case's floor.

const TARGETS = [];
const tp = (group, alg, ids, metric, cmp, limit, label) => TARGETS.push({ group, alg, ids, metric, cmp, limit, label });
const FAST = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const JOSE_LIMIT = (alg) => (['HS256', 'RS256', 'PS256'].includes(alg) ? 1.5 : 1);
const NODE_VERIFY = ['node-verifier', 'node-verifyJwt'];
const WEB_VERIFY = ['web-verifier', 'web-verifyJwt'];
// Node build.
tp('verify', 'HS256', NODE_VERIFY, 'fast', '>=', 1.5, 'node build HS256 verify ≥ 1.5× fast-jwt');
tp('verify', 'HS256', NODE_VERIFY, 'jose', '>=', 5, 'node build HS256 verify ≥ 5× jose');
tp('sign', 'HS256', ['node-sign'], 'fast', '>=', 1.5, 'node build HS256 sign ≥ 1.5× fast-jwt');
for (const alg of FAST) tp('verify', alg, NODE_VERIFY, 'fast', '>=', 1, `node build ${alg} verify ≥ 1× fast-jwt`);
for (const alg of FAST) tp('verify', alg, NODE_VERIFY, 'floor', '<=', 1.15, `node build ${alg} verify ≤ 1.15× node:crypto floor (time)`);
// "HS256, RS256, PS256 verify ≥ 1.5× jose, the others ≥ 1× jose": checked for both builds
// (HS256 on the node build has its own 5× target above).
for (const alg of ALL_ALGS) if (alg !== 'HS256') tp('verify', alg, NODE_VERIFY, 'jose', '>=', JOSE_LIMIT(alg), `node build ${alg} verify ≥ ${JOSE_LIMIT(alg)}× jose`);
// WebCrypto build.
for (const alg of ALL_ALGS) tp('verify', alg, WEB_VERIFY, 'floor', '<=', 1.3, `web build ${alg} verify ≤ 1.3× crypto.subtle floor (time)`);
for (const alg of ALL_ALGS) tp('sign', alg, ['web-sign'], 'floor', '<=', 1.3, `web build ${alg} sign ≤ 1.3× crypto.subtle floor (time)`);
for (const alg of ALL_ALGS) tp('verify', alg, WEB_VERIFY, 'jose', '>=', JOSE_LIMIT(alg), `web build ${alg} verify ≥ ${JOSE_LIMIT(alg)}× jose`);
// Cache hits.
for (const alg of ALL_ALGS) {
  tp('cache', alg, ['node-cache'], 'fast', '>=', 1.5, `node build ${alg} cache hit ≥ 1.5× fast-jwt cache: true hit`);
  tp('cache', alg, ['web-cache'], 'fast', '>=', 1.5, `web build ${alg} cache hit ≥ 1.5× fast-jwt cache: true hit`);
}

const pass = (v, cmp, limit) => (cmp === '>=' ? v >= limit : v <= limit);
const mark = (ok) => (ok ? 'PASS' : 'MISS');
/** Throughput target outcomes: key `${label}|${mode}|${id}` -> { value, ok }. */
const outcomes = new Map();
/** Non-throughput targets: { label, measured, ok }. */
const otherTargets = [];

// ---------------------------------------------------------------------------------------------
// Formatting

function fmtHz(hz) {
  if (hz >= 1e6) return `${(hz / 1e6).toFixed(2)}M`;
  if (hz >= 1e4) return `${(hz / 1e3).toFixed(1)}k`;
  if (hz >= 1e3) return `${(hz / 1e3).toFixed(2)}k`;
  return hz.toFixed(hz >= 100 ? 0 : 1);
}
function fmtUs(us) {
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  if (us >= 10) return `${us.toFixed(1)} µs`;
  return `${us.toFixed(2)} µs`;
}
const fx = (r) => (r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`);
const kB = (b) => `${(b / 1000).toFixed(1)} kB`;

function mdTable(header, rows, align) {
  const a = align ?? header.map((_, i) => (i === 0 ? 'l' : 'r'));
  return [
    `| ${header.join(' | ')} |`,
    `|${a.map((x) => (x === 'l' ? ':---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const out = []; // RESULTS.md body sections
function section(title, body) {
  const text = `\n## ${title}\n\n${body}\n`;
  out.push(text);
  console.log(text);
}

const records = []; // for --json
const warnings = [];

// ---------------------------------------------------------------------------------------------
// Throughput groups

/** rows of one (group, mode) table, collected over algorithms */
const tables = new Map();

function record(group, alg, mode, { measured, speed }) {
  const byId = Object.fromEntries(measured.map((c) => [c.id, c]));
  const fast = byId['fast-jwt'];
  const joseCase = byId['jose'];
  const key = `${group}|${mode}`;
  if (!tables.has(key)) tables.set(key, []);
  for (const c of measured) {
    const floorCase = c.floorOf ? byId[`floor-${c.floorOf}`] : undefined;
    const vsFast = fast ? speed(c.index, fast.index) : undefined;
    const vsJose = joseCase ? speed(c.index, joseCase.index) : undefined;
    const vsFloor = floorCase ? speed(floorCase.index, c.index) : undefined; // time ratio
    const metrics = { fast: vsFast, jose: vsJose, floor: vsFloor };
    const marks = [];
    for (const t of TARGETS) {
      if (t.group !== group || t.alg !== alg || !t.ids.includes(c.id)) continue;
      const v = metrics[t.metric];
      if (v === undefined) continue;
      const ok = pass(v, t.cmp, t.limit);
      outcomes.set(`${t.label}|${mode}|${c.id}`, { value: v, ok });
      const what = t.metric === 'floor' ? `≤${t.limit}× floor` : `≥${t.limit}× ${t.metric === 'fast' ? 'fast-jwt' : 'jose'}`;
      marks.push(`${what} ${mark(ok)}`);
    }
    tables.get(key).push([
      alg,
      c.lib === 'floor' ? `floor: ${c.name}` : `${c.lib} ${c.name}`,
      fmtHz(c.hz),
      fmtUs(1e6 / c.hz),
      `±${(c.spread * 100).toFixed(0)}%`,
      fmtUs(c.cpu),
      c.id === 'fast-jwt' ? 'ref' : vsFast === undefined ? '' : fx(vsFast),
      c.id === 'jose' ? 'ref' : vsJose === undefined ? '' : fx(vsJose),
      vsFloor === undefined ? '' : `${fx(vsFloor)}${c.floor ? ' (node)' : ''}`,
      marks.join(', '),
    ]);
    records.push({ group, alg, mode, id: c.id, lib: c.lib, name: c.name, hz: c.hz, cpuMicrosPerCall: c.cpu, spread: c.spread, vsFastJwt: vsFast, vsJose, vsFloorTime: vsFloor, rounds: c.rounds });
  }
  // Awaited one at a time, the node build should never trail the WebCrypto floor: if it does, it
  // is most likely on its WebCrypto fallback (a key without a node:crypto twin). (64 in flight,
  // WebCrypto spreads over the thread pool's cores, so there it can legitimately lead.)
  const jkNodeCase = byId['node-verifier'] ?? byId['node-sign'];
  if (mode === 'serial' && jkNodeCase && byId['floor-subtle'] && speed(jkNodeCase.index, byId['floor-subtle'].index) < 1 / 1.2) {
    warnings.push(`${group} ${alg} (${MODE_LABEL[mode]}): the node build is ${fx(1 / speed(jkNodeCase.index, byId['floor-subtle'].index))} the time of the crypto.subtle floor; is it on its WebCrypto fallback?`);
  }
  // Short progress line on stderr.
  const pick = (id) => (byId[id] ? `${id} ${fmtHz(byId[id].hz)}/s` : '');
  console.error(`  ${group} ${alg} ${mode}: ${[pick(measured[0].id), pick('fast-jwt'), pick('jose')].filter(Boolean).join(', ')}`);
}

const TABLE_HEAD = ['alg', 'case', 'calls/s', 'time/call', 'spread', 'CPU/call', 'vs fast-jwt (speed)', 'vs jose (speed)', 'vs floor (time)', 'targets'];

// ---------------------------------------------------------------------------------------------
// Memory, sizes, import time

function runMemory() {
  const configs = [
    { build: NODE_BUILD, label: 'node build', cache: 0 },
    { build: NODE_BUILD, label: 'node build', cache: 10000 },
  ];
  if (!QUICK) configs.push({ build: WEB_BUILD, label: 'web build', cache: 0 }, { build: WEB_BUILD, label: 'web build', cache: 10000 });
  const rows = [];
  for (const cfg of configs) {
    const args = ['--expose-gc', join(here, 'memory.mjs'), '--build', cfg.build, '--count', String(MEMORY_COUNT), '--cache', String(cfg.cache)];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`memory.mjs failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
    const ok = m.heapGrowthMB < 50;
    const what = `${cfg.label}, ${cfg.cache ? `cache: { max: ${cfg.cache} }` : 'no cache'}`;
    rows.push([what, m.count.toLocaleString('en-US'), `${m.heapBeforeMB.toFixed(1)} MB`, `${m.heapAfterMB.toFixed(1)} MB`, `**${m.heapGrowthMB.toFixed(1)} MB**`, `${m.peakHeapMB.toFixed(0)} MB`, `${m.rssGrowthMB.toFixed(0)} MB`, `${m.seconds.toFixed(1)} s`, `< 50 MB ${mark(ok)}`]);
    if (cfg.build === NODE_BUILD || !QUICK) otherTargets.push({ label: `${m.count.toLocaleString('en-US')} distinct tokens, ${what}: heap growth < 50 MB`, measured: `${m.heapGrowthMB.toFixed(1)} MB`, ok });
    records.push({ group: 'memory', ...cfg, ...m });
    console.error(`  memory ${what}: +${m.heapGrowthMB.toFixed(1)} MB`);
  }
  section(
    `Memory: ${MEMORY_COUNT.toLocaleString('en-US')} distinct HS256 tokens through one createJwtVerifier`,
    `Fresh \`node --expose-gc\` child per row; heapUsed after full GCs, before (verifier made and warmed up with 1,000 other tokens) and after; 64 in flight. Peak = highest heapUsed sampled during the run (no GC forced).\n\n` +
      mdTable(['verifier', 'tokens', 'heap before', 'heap after', 'growth', 'peak heap', 'RSS growth', 'time', 'target'], rows),
  );
}

async function runSizes() {
  const esbuild = require('esbuild');
  const tmp = mkdtempSync(join(os.tmpdir(), 'josekit-bench-'));
  try {
    mkdirSync(join(tmp, 'node_modules'));
    // The packages as an app would see them: 'josekit' is the repository (its package.json
    // exports), resolved by esbuild with the browser conditions, so it picks dist/esm/ (one file per module).
    symlinkSync(root, join(tmp, 'node_modules', 'josekit'), 'dir');
    symlinkSync(join(here, 'node_modules', 'jose'), join(tmp, 'node_modules', 'jose'), 'dir');
    const jkExports = Object.keys(jkWeb);
    const joseExports = Object.keys(jose);
    const apps = {
      'jk-verify': `import { verifyJwt } from 'josekit';\nexport { verifyJwt };\n`,
      'jose-verify': `import { jwtVerify } from 'jose';\nexport { jwtVerify };\n`,
      'jk-decode': `import { decodeJwt } from 'josekit';\nexport { decodeJwt };\n`,
      'jose-decode': `import { decodeJwt } from 'jose';\nexport { decodeJwt };\n`,
      // The whole API: every export used (listed one by one, so none can be dropped).
      'jk-all': `import * as x from 'josekit';\nexport const all = [${jkExports.map((n) => `x.${n}`).join(', ')}];\n`,
      'jose-all': `import * as x from 'jose';\nexport const all = [${joseExports.map((n) => `x.${n}`).join(', ')}];\n`,
    };
    const size = {};
    for (const [name, contents] of Object.entries(apps)) {
      const r = await esbuild.build({
        stdin: { contents, resolveDir: tmp, sourcefile: `${name}.js`, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const code = r.outputFiles[0].contents;
      const inputs = Object.keys(r.metafile.inputs);
      if (name.startsWith('jk') && (!inputs.some((p) => p.includes('dist/esm/')) || inputs.some((p) => p.endsWith('dist/node.js')))) {
        throw new Error(`esbuild did not resolve josekit to dist/esm/: ${inputs.join(', ')}`);
      }
      if (name.startsWith('jose') && !inputs.some((p) => p.includes('/webapi/'))) throw new Error(`esbuild did not resolve jose's browser build: ${inputs.slice(0, 3)}`);
      size[name] = { min: code.length, gz: gzipSync(code, { level: 9 }).length };
    }
    const verifyRatio = size['jk-verify'].gz / size['jose-verify'].gz;
    const decodeOk = size['jk-decode'].gz <= 1500;
    const allRatio = size['jk-all'].gz / size['jose-all'].gz;
    const rows = [
      ['`{ verifyJwt }` vs jose `{ jwtVerify }`', 'jk-verify', 'jose-verify', `${fx(verifyRatio)} (≤ 1.25× ${mark(verifyRatio <= 1.25)})`],
      ['`{ decodeJwt }` vs jose `{ decodeJwt }`', 'jk-decode', 'jose-decode', `josekit ${size['jk-decode'].gz} B gz (≤ 1,500 B ${mark(decodeOk)})`],
      [`whole API (${jkExports.length} vs ${joseExports.length} exports)`, 'jk-all', 'jose-all', `${fx(allRatio)} (≤ 1× ${mark(allRatio <= 1)})`],
    ].map(([what, a, b, t]) => [what, `${size[a].min.toLocaleString('en-US')} B`, `**${size[a].gz.toLocaleString('en-US')} B**`, `${size[b].min.toLocaleString('en-US')} B`, `${size[b].gz.toLocaleString('en-US')} B`, fx(size[a].gz / size[b].gz), t]);
    otherTargets.push({ label: 'bundle `{ verifyJwt }` gz ≤ 1.25× jose `{ jwtVerify }` gz', measured: `${size['jk-verify'].gz} B / ${size['jose-verify'].gz} B = ${fx(verifyRatio)}`, ok: verifyRatio <= 1.25 });
    otherTargets.push({ label: 'bundle `{ decodeJwt }` ≤ 1.5 kB gz', measured: `${size['jk-decode'].gz} B`, ok: decodeOk });
    otherTargets.push({ label: 'bundle whole API gz ≤ jose whole API gz', measured: `${size['jk-all'].gz} B / ${size['jose-all'].gz} B = ${fx(allRatio)}`, ok: allRatio <= 1 });
    records.push({ group: 'bundle', size });

    // Package size: npm pack --dry-run for josekit (repository root) and for the installed jose.
    const pack = (cwd) => JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
    const jk = pack(root);
    const jo = pack(join(here, 'node_modules', 'jose'));
    const unpackedOk = jk.unpackedSize <= 600_000;
    otherTargets.push({ label: 'package unpacked ≤ 600 kB', measured: kB(jk.unpackedSize), ok: unpackedOk });
    records.push({ group: 'package', josekit: { size: jk.size, unpackedSize: jk.unpackedSize, files: jk.entryCount }, jose: { size: jo.size, unpackedSize: jo.unpackedSize, files: jo.entryCount } });

    section(
      'Bundle size (esbuild --bundle --minify --format=esm --platform=browser)',
      `An app that imports only the names shown; \`josekit\` resolved through its package.json exports with the browser conditions (dist/esm/, one file per module), jose likewise (dist/webapi). gz = gzip -9. esbuild ${versions.esbuild}.\n\n` +
        mdTable(['app imports', 'josekit min', 'josekit gz', 'jose min', 'jose gz', 'josekit / jose (gz)', 'target'], rows),
    );
    section(
      'Package size (npm pack --dry-run)',
      `josekit from the repository root (package.json "files"); jose ${versions.jose} the same way, in bench/node_modules/jose (what npm installed is what its tarball holds). kB = 1,000 bytes.\n\n` +
        mdTable(
          ['package', 'files', 'unpacked', 'tarball', 'target'],
          [
            [`josekit ${versions.josekit}`, jk.entryCount, `**${kB(jk.unpackedSize)}**`, kB(jk.size), `≤ 600 kB ${mark(unpackedOk)}`],
            [`jose ${versions.jose}`, jo.entryCount, kB(jo.unpackedSize), kB(jo.size), ''],
          ],
        ),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function runImport() {
  // A fresh node per run: performance.now() around `await import(name)` (the module graph cold,
  // nothing cached but the OS file cache) and the wall time of the whole process.
  const script = (name) =>
    `const t0 = performance.now(); await import(${JSON.stringify(name)}); const t1 = performance.now(); console.log(JSON.stringify({ ms: t1 - t0, url: import.meta.resolve(${JSON.stringify(name)}) }));`;
  const subjects = [
    { label: "josekit (import 'josekit', node condition)", name: 'josekit', cwd: root, expect: '/dist/node.js' },
    { label: "josekit/web (import 'josekit/web')", name: 'josekit/web', cwd: root, expect: '/dist/esm/index.js' },
    { label: "jose (import 'jose')", name: 'jose', cwd: here, expect: '/jose/' },
  ];
  const runs = subjects.map(() => ({ ms: [], wall: [] }));
  for (let i = 0; i < IMPORT_RUNS + 1; i++) {
    for (let s = 0; s < subjects.length; s++) {
      const t0 = hr();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(subjects[s].name)], { cwd: subjects[s].cwd, encoding: 'utf8' });
      const wall = hr() - t0;
      if (r.status !== 0) throw new Error(`cold import of ${subjects[s].name} failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout);
      if (!m.url.includes(subjects[s].expect)) throw new Error(`${subjects[s].name} resolved to ${m.url}`);
      if (i === 0) continue; // the first round warms the OS file cache
      runs[s].ms.push(m.ms);
      runs[s].wall.push(wall);
    }
  }
  const med = runs.map((r) => ({ ms: median(r.ms), wall: median(r.wall), spread: (Math.max(...r.ms) - Math.min(...r.ms)) / 2 / median(r.ms) }));
  const ratio = med[0].ms / med[2].ms;
  const ok = med[0].ms <= med[2].ms;
  otherTargets.push({ label: 'cold import no slower than jose (import time, median)', measured: `${med[0].ms.toFixed(1)} ms vs ${med[2].ms.toFixed(1)} ms = ${fx(ratio)} the time`, ok });
  records.push({ group: 'import', subjects: subjects.map((s, i) => ({ ...s, ...med[i], runs: runs[i] })) });
  section(
    'Cold import',
    `Median of ${IMPORT_RUNS} fresh \`node --input-type=module -e "await import(name)"\` processes (interleaved, after one warm-up round). "import" is performance.now() around the \`await import()\` in the child; "process" is the child's whole wall time, Node's start-up included.\n\n` +
      mdTable(
        ['module', 'import', 'spread', 'process', 'vs jose (import time)', 'target'],
        subjects.map((s, i) => [s.label, `**${med[i].ms.toFixed(1)} ms**`, `±${(med[i].spread * 100).toFixed(0)}%`, `${med[i].wall.toFixed(0)} ms`, i === 2 ? 'ref' : fx(med[i].ms / med[2].ms), i === 0 ? `≤ 1× ${mark(ok)}` : '']),
      ),
  );
}

// ---------------------------------------------------------------------------------------------
// Main

const started = hr();
const cpus = os.cpus();
const load0 = os.loadavg();
const date = new Date();
const command = `node ${relative(process.cwd(), fileURLToPath(import.meta.url)) || 'bench/run.mjs'}${argv.length ? ' ' + argv.join(' ') : ''}`;
const via = process.env.npm_lifecycle_event ? ` (via \`npm run ${process.env.npm_lifecycle_event}\`)` : '';
console.error(`josekit benchmark${QUICK ? ' --quick' : ''}: ${ROUNDS} rounds × ${SLICE_MS} ms, algorithms ${ALGS.join(', ')}`);

const keysByAlg = {};
const tokens = {};
const expired = {};
const needKeys = GROUPS.some((g) => ['verify', 'sign', 'cache'].includes(g));
if (needKeys) {
  for (const alg of ALGS) {
    keysByAlg[alg] = await makeKeys(alg);
    tokens[alg] = await jkWeb.signJwt(CLAIMS, keysByAlg[alg].sign.cryptoKey, { alg, typ: 'JWT' });
    expired[alg] = await jkWeb.signJwt(EXPIRED, keysByAlg[alg].sign.cryptoKey, { alg, typ: 'JWT' });
  }
}

for (const group of ['verify', 'sign', 'cache']) {
  if (!GROUPS.includes(group)) continue;
  for (const mode of MODES) {
    for (const alg of group === 'cache' ? CACHE_ALGS : ALGS) {
      let cases;
      if (group === 'verify') cases = await verifyCases(alg, keysByAlg[alg], tokens[alg], expired[alg]);
      else if (group === 'sign') cases = await signCases(alg, keysByAlg[alg], tokens[alg]);
      else cases = await cacheCases(alg, keysByAlg[alg], tokens[alg]);
      record(group, alg, mode, await measureGroup(cases, mode));
    }
    const rows = tables.get(`${group}|${mode}`) ?? [];
    const title = { verify: 'JWT verify', sign: 'JWT sign', cache: 'JWT verify, cache hit on every call' }[group];
    section(`${title}: ${MODE_LABEL[mode]}`, mdTable(TABLE_HEAD, rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  }
}
if (GROUPS.includes('memory')) runMemory();
if (GROUPS.includes('size')) await runSizes();
if (GROUPS.includes('import')) runImport();

// ---------------------------------------------------------------------------------------------
// Summary and RESULTS.md

const summaryRows = [];
let passed = 0;
let total = 0;
const shadow = []; // verifyJwt outcomes, counted apart
for (const t of TARGETS) {
  const cells = MODES.map((mode) => outcomes.get(`${t.label}|${mode}|${t.ids[0]}`));
  if (cells.every((c) => c === undefined)) continue;
  const fmt = (c) => (c === undefined ? '—' : `${fx(c.value)} ${mark(c.ok)}`);
  summaryRows.push([`${mark(cells.every((c) => c === undefined || c.ok))}`, t.label, ...cells.map(fmt)]);
  for (const c of cells) if (c) (total++, c.ok && passed++);
  for (const id of t.ids.slice(1)) for (const mode of MODES) {
    const o = outcomes.get(`${t.label}|${mode}|${id}`);
    if (o) shadow.push(o.ok);
  }
}
for (const t of otherTargets) {
  total++;
  if (t.ok) passed++;
}
let summary = '';
if (summaryRows.length) {
  summary += `Throughput targets, for \`createJwtVerifier\` / \`signJwt\` (ratios from this run; "×" is a speed ratio except "floor", which is time over the floor's time):\n\n`;
  summary += mdTable(['', 'target', ...MODES.map((m) => MODE_LABEL[m])], summaryRows, ['l', 'l', ...MODES.map(() => 'r')]) + '\n\n';
  if (shadow.length) summary += `The same targets for \`verifyJwt\` (options compiled per call): ${shadow.filter(Boolean).length} of ${shadow.length} PASS (see the tables).\n\n`;
}
if (otherTargets.length) {
  summary += mdTable(['', 'target', 'measured'], otherTargets.map((t) => [mark(t.ok), t.label, t.measured]), ['l', 'l', 'r']) + '\n\n';
}
summary += `**${passed} of ${total} targets PASS** (a row of the first table counts once per mode).`;
if (warnings.length) summary += `\n\nWarnings:\n\n${warnings.map((w) => `- ${w}`).join('\n')}`;
section('Summary: targets', summary);

const totalS = (hr() - started) / 1000;
const load1 = os.loadavg();
const header = [
  `# josekit benchmark results${QUICK ? ' (--quick)' : ''}`,
  '',
  `Written by \`bench/run.mjs\`; method and columns: [README.md](README.md).`,
  '',
  `- date: ${date.toISOString()}`,
  `- command: \`${command}\`${via}, ${totalS.toFixed(0)} s`,
  `- machine: ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores (available parallelism ${os.availableParallelism?.() ?? cpus.length}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()} ${os.arch()}; load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${load1.map((x) => x.toFixed(2)).join(' ')} at end`,
  `- Node ${process.version} (OpenSSL ${process.versions.openssl}, V8 ${process.versions.v8}), UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 'default (4)'}`,
  `- versions: josekit ${versions.josekit} (git ${gitHead || '?'}${gitDirty ? ', src/ has uncommitted changes' : ''}; dist built ${distBuilt}), jose ${versions.jose}, fast-jwt ${versions['fast-jwt']}, jsonwebtoken ${versions.jsonwebtoken}, esbuild ${versions.esbuild}`,
  `- method: ${ROUNDS} rounds × ${SLICE_MS} ms per case after ${WARMUP_MS} ms warm-up, case order rotated each round; calls/s and CPU/call are medians of rounds, ratios medians of per-round ratios; spread = ± half the min–max range of calls/s over rounds. RSA keys 2048-bit, EC P-256/P-384, Ed25519; HMAC secrets as long as the hash.`,
];
// The summary first, right under the header, then every table.
const summaryText = out.pop();
writeFileSync(OUT, `${header.join('\n')}\n${summaryText}${out.join('')}`);
console.log(`\ntotal ${totalS.toFixed(0)} s; wrote ${relative(process.cwd(), OUT)}`);
if (JSON_OUT) {
  writeFileSync(JSON_OUT, JSON.stringify({ date: date.toISOString(), node: process.version, cpu: cpus[0]?.model, cores: cpus.length, versions, quick: QUICK, records, outcomes: [...outcomes], otherTargets }, null, 2));
  console.log(`wrote ${JSON_OUT}`);
}
