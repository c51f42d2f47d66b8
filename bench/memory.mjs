#!/usr/bin/env node
/**
 * Heap growth of one josekit verifier fed many distinct tokens. Run by run.mjs in a fresh child
 * process (its own heap, nothing else allocated), needs --expose-gc:
 *
 *   node --expose-gc memory.mjs --build ../dist/node.js --count 1000000 [--cache 10000]
 *
 * Tokens are HS256, made here one by one with node:crypto (`jti` = the counter, so every token is
 * distinct) and never kept: only the verifier can hold on to them. They are verified 64 in flight.
 * heapUsed is read after two full GCs before (verifier made and warmed up with 1,000 other tokens)
 * and after the run. Prints one JSON line.
 */

import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const build = resolve(value('--build'));
const count = Number(value('--count') ?? 1_000_000);
const cacheMax = Number(value('--cache') ?? 0);
const josekit = await import(pathToFileURL(build).href);

const ISS = 'https://auth.example';
const AUD = 'orders-api';
const secret = randomBytes(32);
const keyObject = createSecretKey(secret);
const key = await josekit.importSecret(new Uint8Array(secret), 'HS256'); // the build's own import (the node build keeps a node:crypto twin)
const now = Math.floor(Date.now() / 1000);
const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function token(i) {
  const payload = Buffer.from(
    JSON.stringify({ sub: 'user-42', iss: ISS, aud: AUD, iat: now, exp: now + 3600, jti: `t-${i}`, scope: 'orders:read' }),
  ).toString('base64url');
  const input = `${header}.${payload}`;
  return `${input}.${createHmac('sha256', keyObject).update(input).digest('base64url')}`;
}

const options = { algorithms: ['HS256'], issuer: ISS, audience: AUD };
const verify = josekit.createJwtVerifier(key, cacheMax > 0 ? { ...options, cache: { max: cacheMax } } : options);

let accepted = 0;
let peak = 0;
async function run(from, to) {
  const batch = new Array(64);
  for (let i = from; i < to; i += 64) {
    const n = Math.min(64, to - i);
    batch.length = n;
    for (let j = 0; j < n; j++) batch[j] = verify(token(i + j));
    for (const r of await Promise.all(batch)) if (r.payload.sub === 'user-42') accepted++;
    if ((i & 0x3fff) < 64) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
}

async function settle() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage();
}

// A tampered token must fail, so the verifier really checks signatures.
const good = token(-1);
const bad = good.slice(0, -10) + (good.at(-10) === 'A' ? 'B' : 'A') + good.slice(-9);
if (!(await verify(bad).then(() => false, () => true))) throw new Error('memory.mjs: a tampered token was accepted');

await run(-1_000_000_000, -1_000_000_000 + 1000); // warm-up, other jti values
const before = await settle();
const t0 = performance.now();
await run(0, count);
const seconds = (performance.now() - t0) / 1000;
const after = await settle();
if (accepted !== count + 1000) throw new Error(`memory.mjs: ${accepted} of ${count + 1000} tokens accepted`);

const MB = 1024 * 1024;
console.log(
  JSON.stringify({
    build,
    count,
    cacheMax,
    seconds,
    heapBeforeMB: before.heapUsed / MB,
    heapAfterMB: after.heapUsed / MB,
    heapGrowthMB: (after.heapUsed - before.heapUsed) / MB,
    peakHeapMB: peak / MB,
    externalGrowthMB: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / MB,
    rssGrowthMB: (after.rss - before.rss) / MB,
  }),
);
