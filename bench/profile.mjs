#!/usr/bin/env node
/**
 * CPU profile of josekit's createJwtVerifier verify loop (no cache), per algorithm.
 *
 *   node profile.mjs                    HS256 and ES256, 8 s each
 *   node profile.mjs --algs HS256 --seconds 5 --top 25 --build web   (default: --build node)
 *
 * Each algorithm runs in a child `node --cpu-prof` process; the .cpuprofile files are written to
 * bench/profiles/ (git-ignored by nobody: delete them when done) and summarised here: self time by
 * category, then the functions with the most self time, josekit's own (dist/node.js or dist/esm/index.js,
 * mapped back to src/ through a source map when the build has one) first.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const argv = process.argv.slice(2);
const value = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
// --build node (dist/node.js, node:crypto; the default) or web (dist/esm/index.js, WebCrypto).
const build = argv[0] === '--child' ? argv[3] : value('--build', 'node');
if (build !== 'node' && build !== 'web') throw new Error('--build must be node or web');
// The WebCrypto build is one file per module (dist/esm/); its functions are reported by file.
const distFile = build === 'node' ? 'dist/node.js' : 'dist/esm/index.js';
const distEntry = join(root, distFile);

// ---------------------------------------------------------------------------------------------
// Child: the loop being profiled.

if (argv[0] === '--child') {
  const alg = argv[1];
  const seconds = Number(argv[2]);
  const josekit = await import(pathToFileURL(distEntry).href);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'user-42', iss: 'https://auth.example', aud: 'orders-api', iat: now, exp: now + 3600 };
  let signKey;
  let verifyKey;
  if (alg.startsWith('HS')) {
    signKey = verifyKey = await josekit.importSecret(new TextEncoder().encode('x'.repeat(16) + crypto.randomUUID()), alg);
  } else {
    const pair = await josekit.generateKeyPair(alg);
    signKey = pair.privateKey;
    verifyKey = pair.publicKey;
  }
  const token = await josekit.signJwt(claims, signKey, { alg });
  const verify = josekit.createJwtVerifier(verifyKey, { algorithms: [alg], issuer: claims.iss, audience: claims.aud });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) await verify(token);
    n += 200;
  }
  console.log(`${alg}: ${n} verifications in ${seconds} s (${((seconds * 1e6) / n).toFixed(1)} µs each, under the profiler)`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Source map (dist/index.js.map): generated line/column -> original source file and line.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function loadSourceMap(file) {
  if (!existsSync(file)) return null;
  const map = JSON.parse(readFileSync(file, 'utf8'));
  const lines = []; // per generated line: sorted [genCol, srcIndex, srcLine]
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  for (const lineText of map.mappings.split(';')) {
    const segs = [];
    let genCol = 0;
    if (lineText) {
      for (const seg of lineText.split(',')) {
        const fields = [];
        let v = 0;
        let shift = 0;
        for (const ch of seg) {
          const d = B64.indexOf(ch);
          v += (d & 31) << shift;
          if (d & 32) shift += 5;
          else {
            fields.push(v & 1 ? -(v >>> 1) : v >>> 1);
            v = 0;
            shift = 0;
          }
        }
        genCol += fields[0];
        if (fields.length >= 4) {
          src += fields[1];
          srcLine += fields[2];
          srcCol += fields[3];
          if (fields.length >= 5) name += fields[4];
          segs.push([genCol, src, srcLine]);
        }
      }
    }
    lines.push(segs);
  }
  return {
    lookup(line0, col0) {
      const segs = lines[line0];
      if (!segs || !segs.length) return null;
      let best = segs[0];
      for (const s of segs) if (s[0] <= col0) best = s;
      return `${map.sources[best[1]].replace(/^(\.\.\/)+/, '')}:${best[2] + 1}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: run the children, summarise.

const algs = value('--algs', 'HS256,ES256').split(',');
const seconds = Number(value('--seconds', '8'));
const top = Number(value('--top', '15'));
const outDir = join(here, 'profiles');
if (!existsSync(distEntry)) {
  console.error(`${distFile} is missing: run \`npm run build\` in the repository root first`);
  process.exit(1);
}
const sourceMap = loadSourceMap(distEntry + '.map');

function category(cf) {
  const url = cf.url || '';
  if (url.endsWith(`/${distFile}`) || (build === 'web' && url.includes('/dist/esm/'))) return `josekit (${distFile})`;
  if (cf.functionName === '(garbage collector)') return 'GC';
  if (cf.functionName === '(idle)') return 'idle (waiting for the crypto thread pool)';
  if (cf.functionName === '(program)') return '(program): native/V8 outside JS frames';
  if (url.startsWith('node:internal/crypto') || url.includes('internal/crypto')) return 'node:internal/crypto (the JS layer of WebCrypto or node:crypto)';
  if (url.startsWith('node:') || url.startsWith('internal/')) return 'other node internals';
  if (url === '') return 'native builtins (JSON, TextDecoder, Promise, …)';
  return 'other';
}

function summarise(alg, file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  let total = 0;
  for (const v of self.values()) total += v;
  // Native frames (JSON.parse, TextDecoder, RegExp, …) charged to the nearest JS caller.
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map();
  for (const [id, t] of self) {
    let n = byId.get(id);
    while (n && !n.callFrame.url && parent.has(n.id)) n = byId.get(parent.get(n.id));
    const cat = n && n.callFrame.url ? category(n.callFrame) : category(byId.get(id).callFrame);
    owner.set(cat, (owner.get(cat) ?? 0) + t);
  }
  const fns = new Map();
  const cats = new Map();
  for (const [id, t] of self) {
    const cf = byId.get(id).callFrame;
    const cat = category(cf);
    cats.set(cat, (cats.get(cat) ?? 0) + t);
    let where = cf.url ? `${cf.url.replace(/^file:\/\/.*\/(dist|bench)\//, '$1/')}:${cf.lineNumber + 1}` : '(native)';
    if (cat.startsWith('josekit') && sourceMap) where = sourceMap.lookup(cf.lineNumber, cf.columnNumber) ?? where;
    const key = `${cf.functionName || '(anonymous)'}\t${where}\t${cat}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }
  const pct = (t) => `${((100 * t) / total).toFixed(1)}%`.padStart(6);
  console.log(`\n## ${alg}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  console.log('self time by category:');
  for (const [c, t] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(t)}  ${c}`);
  console.log('\nself time with native builtins charged to their JS caller:');
  for (const [c, t] of [...owner].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(t)}  ${c}`);
  const sorted = [...fns].sort((a, b) => b[1] - a[1]);
  const jk = sorted.filter(([k]) => k.endsWith(`josekit (${distFile})`));
  const jkTotal = jk.reduce((s, [, t]) => s + t, 0);
  console.log(`\ntop josekit functions by self time (share of all samples; share of josekit's own ${pct(jkTotal).trim()}):`);
  for (const [k, t] of jk.slice(0, top)) {
    const [fn, where] = k.split('\t');
    console.log(`  ${pct(t)}  ${`${((100 * t) / jkTotal).toFixed(1)}%`.padStart(6)}  ${fn.padEnd(28)} ${where}`);
  }
  console.log(`\ntop functions overall by self time:`);
  for (const [k, t] of sorted.slice(0, top)) {
    const [fn, where, cat] = k.split('\t');
    console.log(`  ${pct(t)}  ${fn.padEnd(34)} ${where}  [${cat}]`);
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const alg of algs) {
  const dir = join(outDir, alg);
  const r = spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', fileURLToPath(import.meta.url), '--child', alg, String(seconds), build],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  summarise(alg, join(dir, file));
  console.log(`\n(profile: ${relative(process.cwd(), join(dir, file))}; open it in Chrome DevTools > Performance, or speedscope)`);
}
