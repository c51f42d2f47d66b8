#!/usr/bin/env node
// Cross-runtime test harness for josekit: `npm run test:runtimes` or
//   node test/runtimes/run.mjs [runtime ...] [--verbose] [--list]
//
// Flow:
//  1. Install the extra runtimes from test/runtimes/package.json + package-lock.json
//     (`npm ci --prefix test/runtimes` when node_modules there is missing or stale;
//     a stamp file holds the lockfile hash) and Debian's chromium / firefox-esr with
//     apt-get when a selected browser is missing.
//  2. Build the library (`npm run build` in the repo root) when dist/esm/index.js is missing
//     or older than src/, then bundle dist/esm/index.js alone and refuse to go on if it has
//     `node:` imports or uses Buffer / process (browsers, workerd, edge-runtime lack them).
//  3. Bundle test/portable/**/*.test.ts with esbuild, once per runtime (workerd also gets
//     test/runtimes/workerd-only/**/*.test.ts): `vitest` is
//     aliased to shim/vitest.js, `josekit` to dist/esm/index.js; a wrapper from wrappers/
//     adapts the bundle to the runtime (stdout lines, page.exposeFunction, a worker's
//     fetch handler, an edge-runtime global).
//  4. Run each runtime in its own process group (hosts/*.mjs drive browsers, workerd
//     and edge-runtime) with a time limit, parse its `@@JOSEKIT@@{json}` event lines,
//     print failures, skips and a summary line per runtime, and end with the line
//     `N passed, N failed, N skipped`. Exit 1 on any failed test or broken runtime.
//
// Environment: JOSEKIT_PORTABLE_DIR (default test/portable), JOSEKIT_ENTRY (default
// dist/esm/index.js; no build when set), JOSEKIT_RUNTIME_TIMEOUT (seconds, default 180),
// JOSEKIT_TEST_TIMEOUT (ms per test, default 30000), JOSEKIT_RUNTIME_JOBS (parallel
// runtimes, default 2), JOSEKIT_VERBOSE=1 (print passing tests too), JOSEKIT_KEEP_OUT=1.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const NM = join(HERE, 'node_modules');
const MARK = '@@JOSEKIT@@';
const T0 = Date.now();

const RUNTIMES = ['node20', 'node22', 'node24', 'node26', 'deno', 'bun', 'chromium', 'firefox', 'workerd', 'edge-runtime'];
const ALIASES = { node: 'node20', 'firefox-esr': 'firefox', edge: 'edge-runtime', miniflare: 'workerd', 'node-20': 'node20', 'node-22': 'node22', 'node-24': 'node24', 'node-26': 'node26' };
const BROWSER_PKG = { chromium: ['chromium', '/usr/bin/chromium'], firefox: ['firefox-esr', '/usr/bin/firefox-esr'] };

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v') || process.env.JOSEKIT_VERBOSE === '1';
if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
  console.log(`usage: node test/runtimes/run.mjs [--verbose] [runtime ...]\nruntimes: ${RUNTIMES.join(' ')}\naliases: ${Object.entries(ALIASES).map(([a, b]) => `${a}=${b}`).join(' ')}`);
  process.exit(0);
}
const unknown = [];
const selected = [];
for (const a of args.filter((x) => !x.startsWith('-'))) {
  const name = ALIASES[a] || a;
  if (!RUNTIMES.includes(name)) unknown.push(a);
  else if (!selected.includes(name)) selected.push(name);
}
if (unknown.length) die(`unknown runtime(s): ${unknown.join(', ')}; known: ${RUNTIMES.join(', ')}`);

const RUNTIME_TIMEOUT_MS = Number(process.env.JOSEKIT_RUNTIME_TIMEOUT || 180) * 1000;
const TEST_TIMEOUT_MS = Number(process.env.JOSEKIT_TEST_TIMEOUT || 30000);
const JOBS = Math.max(1, Number(process.env.JOSEKIT_RUNTIME_JOBS || 2));
const PORTABLE_DIR = resolve(REPO, process.env.JOSEKIT_PORTABLE_DIR || 'test/portable');
// Tests of Workers-only APIs (caches.default, a second isolate): added to the workerd bundle alone.
const WORKERD_ONLY_DIR = join(HERE, 'workerd-only');
const ENTRY = resolve(REPO, process.env.JOSEKIT_ENTRY || 'dist/esm/index.js');
// The Node build (dist/node.js) imports node:crypto: it runs only where node: modules exist.
const NODE_BUILD = /(^|[\\/])node\.js$/.test(ENTRY);
const NODE_BUILD_RUNTIMES = ['node20', 'node22', 'node24', 'node26', 'deno', 'bun'];
const available = NODE_BUILD ? NODE_BUILD_RUNTIMES : RUNTIMES;
const targets = selected.length ? available.filter((r) => selected.includes(r)) : available;
if (selected.some((r) => !available.includes(r))) {
  console.error(`test:runtimes: ${selected.filter((r) => !available.includes(r)).join(', ')} cannot run the Node build`);
  process.exit(2);
}

function die(msg) {
  console.error(`test:runtimes: ${msg}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

function rel(p) {
  const r = relative(REPO, p);
  return r.startsWith('..') ? p : r;
}

function secs(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

// npm as a child: the npm that runs this script when there is one, else the one on PATH.
function npmCommand(npmArgs) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(config_(local_)?prefix|lifecycle_|package_)/i.test(k)) delete env[k];
  }
  const execpath = process.env.npm_execpath;
  if (execpath && /npm-cli\.js$/.test(execpath)) return { cmd: process.execPath, argv: [execpath, ...npmArgs], env };
  return { cmd: 'npm', argv: npmArgs, env };
}

function runSync(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { ok: r.status === 0, status: r.status, out: `${r.stdout || ''}${r.stderr || ''}${r.error ? String(r.error) : ''}` };
}

function tail(text, n = 40) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

// ---------------------------------------------------------------------------
// 1. installs

function findExecutable(candidates) {
  for (const c of candidates) {
    const p = join(NM, c);
    try {
      if (statSync(p).isFile() && statSync(p).size > 1e6) return p;
    } catch { /* next */ }
  }
  return null;
}

const BIN = {
  node22: () => findExecutable(['node22/bin/node']),
  node24: () => findExecutable(['node24/bin/node']),
  node26: () => findExecutable(['node26/bin/node']),
  // bun's / deno's postinstall moves the platform binary; without install scripts it stays in the platform package.
  deno: () => findExecutable(['deno/deno', '@deno/linux-x64-glibc/deno', '@deno/linux-x64/deno']),
  bun: () => findExecutable(['bun/bin/bun.exe', 'bun/bin/bun', '@oven/bun-linux-x64/bin/bun', '@oven/bun-linux-x64-baseline/bin/bun']),
};

function ensureHarnessDeps() {
  const stampFile = join(NM, '.josekit-harness-stamp');
  const hash = createHash('sha256')
    .update(readFileSync(join(HERE, 'package.json')))
    .update(readFileSync(join(HERE, 'package-lock.json')))
    .digest('hex');
  let fresh = false;
  try { fresh = readFileSync(stampFile, 'utf8').trim() === hash; } catch { /* missing */ }
  const needed = ['esbuild/package.json', 'playwright-core/package.json', 'miniflare/package.json', 'edge-runtime/package.json'];
  if (fresh && needed.every((p) => existsSync(join(NM, p))) && Object.values(BIN).every((f) => f())) return;
  const t = Date.now();
  console.log(`test:runtimes: installing harness runtimes (npm ci --prefix ${rel(HERE)}) ...`);
  const { cmd, argv, env } = npmCommand(['ci', '--prefix', HERE, '--no-audit', '--no-fund', '--loglevel=error']);
  const r = runSync(cmd, argv, { cwd: REPO, env });
  if (!r.ok) die(`npm ci in ${rel(HERE)} failed (exit ${r.status}):\n${tail(r.out)}`);
  const missing = Object.entries(BIN).filter(([, f]) => !f()).map(([k]) => k);
  if (missing.length) die(`npm ci finished but these runtime binaries are missing: ${missing.join(', ')}`);
  writeFileSync(stampFile, hash + '\n');
  console.log(`test:runtimes: harness runtimes installed in ${secs(Date.now() - t)}`);
}

// Returns a map runtime -> error message for browsers that could not be installed.
function ensureBrowsers() {
  const errors = {};
  const wanted = targets.filter((t) => BROWSER_PKG[t] && !existsSync(BROWSER_PKG[t][1]));
  if (!wanted.length) return errors;
  const pkgs = wanted.map((t) => BROWSER_PKG[t][0]);
  const fail = (msg) => { for (const t of wanted) errors[t] = msg; return errors; };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return fail(`${wanted.map((t) => BROWSER_PKG[t][1]).join(', ')} missing and not root: run \`apt-get update && apt-get install -y ${pkgs.join(' ')}\``);
  }
  const t = Date.now();
  console.log(`test:runtimes: installing ${pkgs.join(' ')} with apt-get (about a minute) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const up = runSync('apt-get', ['update'], { env });
  if (!up.ok) return fail(`apt-get update failed:\n${tail(up.out, 20)}`);
  const inst = runSync('apt-get', ['install', '-y', ...pkgs], { env });
  if (!inst.ok) return fail(`apt-get install -y ${pkgs.join(' ')} failed:\n${tail(inst.out, 20)}`);
  for (const w of wanted) if (!existsSync(BROWSER_PKG[w][1])) errors[w] = `${BROWSER_PKG[w][1]} still missing after apt-get install ${BROWSER_PKG[w][0]}`;
  console.log(`test:runtimes: apt-get install done in ${secs(Date.now() - t)}`);
  return errors;
}

// ---------------------------------------------------------------------------
// 2. library build + Node-ism scan

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  if (process.env.JOSEKIT_ENTRY) {
    if (!existsSync(ENTRY)) die(`JOSEKIT_ENTRY=${process.env.JOSEKIT_ENTRY} does not exist`);
    return;
  }
  const inputs = [newestMtime(join(REPO, 'src'))];
  for (const f of readdirSync(REPO)) if (/^tsup\.config\./.test(f)) inputs.push(statSync(join(REPO, f)).mtimeMs);
  const built = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (built && built >= Math.max(...inputs)) return;
  let scripts = {};
  try { scripts = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts || {}; } catch { /* none */ }
  if (!scripts.build) die(`${rel(ENTRY)} is ${built ? 'older than src/' : 'missing'} and the root package.json has no "build" script to make it`);
  const t = Date.now();
  console.log(`test:runtimes: ${rel(ENTRY)} is ${built ? 'older than src/' : 'missing'}; running npm run build ...`);
  const { cmd, argv, env } = npmCommand(['run', 'build', '--silent']);
  const r = runSync(cmd, argv, { cwd: REPO, env });
  if (!r.ok) die(`npm run build failed (exit ${r.status}):\n${tail(r.out)}`);
  if (!existsSync(ENTRY)) die(`npm run build succeeded but ${rel(ENTRY)} was not produced`);
  console.log(`test:runtimes: built in ${secs(Date.now() - t)}`);
}

const NODE_BUILTINS = new Set(['assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib']);

// Bundles the library entry alone (no harness code) and reports Node-isms.
async function scanLibrary(esbuild) {
  if (NODE_BUILD) return statSync(ENTRY).size; // node: imports are this build's point
  const FORBID = '__JOSEKIT_FORBIDDEN_';
  const define = {};
  for (const g of ['Buffer', 'process']) {
    define[g] = `${FORBID}${g}`;
    for (const root of ['globalThis', 'global', 'self', 'window']) define[`${root}.${g}`] = `${FORBID}${g}`;
  }
  const imports = [];
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    define,
    plugins: [{
      name: 'node-imports',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (a) => {
          const bare = a.path.split('/')[0];
          if (a.path.startsWith('node:') || (a.kind !== 'entry-point' && NODE_BUILTINS.has(bare))) {
            imports.push(`${a.path} (imported from ${rel(a.importer)})`);
            return { path: a.path, external: true };
          }
          return undefined;
        });
      },
    }],
  });
  const code = result.outputFiles[0].text;
  const problems = imports.map((i) => `imports ${i}`);
  const lines = code.split('\n');
  lines.forEach((line, i) => {
    const m = line.match(new RegExp(`${FORBID}(Buffer|process)`));
    if (m) problems.push(`uses ${m[1]} (bundle line ${i + 1}: ${line.trim().replaceAll(FORBID, '').slice(0, 160)})`);
  });
  if (problems.length) {
    die(`the browser/worker entry ${rel(ENTRY)} is not portable:\n  ${problems.slice(0, 20).join('\n  ')}` +
      `\n(browsers, workerd and edge-runtime have no node: modules, Buffer or process)`);
  }
  return code.length;
}

// ---------------------------------------------------------------------------
// 3. bundles

function findTestFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) { if (ent.name !== 'node_modules') walk(p); } else if (/\.test\.[cm]?[jt]s$/.test(ent.name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const WRAPPER = {
  node20: 'cli', node22: 'cli', node24: 'cli', node26: 'cli', deno: 'cli', bun: 'cli',
  chromium: 'browser', firefox: 'browser', workerd: 'workerd', 'edge-runtime': 'edge',
};

async function bundleFor(esbuild, runtime, files, outDir) {
  const kind = WRAPPER[runtime];
  const shim = join(HERE, 'shim', 'vitest.js');
  const testsModule = [
    `import ${JSON.stringify('josekit-harness:setup')};`,
    ...files.flatMap((f, i) => [`import ${JSON.stringify(`josekit-harness:file:${i}`)};`, `import ${JSON.stringify(f)};`]),
    `export { run, format, __rawConsole } from ${JSON.stringify(shim)};`,
  ].join('\n');
  const virtual = (path) => {
    if (path === 'josekit-harness:tests') return testsModule;
    if (path === 'josekit-harness:setup') {
      return `import { __installConsole, __configure } from ${JSON.stringify(shim)};\n` +
        `globalThis.__JOSEKIT_RUNTIME__ = ${JSON.stringify(runtime)};\n__installConsole();\n__configure({ timeout: ${TEST_TIMEOUT_MS} });\n`;
    }
    const i = Number(path.slice('josekit-harness:file:'.length));
    return `import { __setFile } from ${JSON.stringify(shim)};\n__setFile(${JSON.stringify(relative(PORTABLE_DIR, files[i]).split(sep).join('/'))});\n`;
  };
  const outfile = join(outDir, kind === 'edge' ? 'bundle.js' : 'bundle.mjs');
  await esbuild.build({
    entryPoints: [join(HERE, 'wrappers', `${kind}.js`)],
    outfile,
    bundle: true,
    format: kind === 'edge' ? 'iife' : 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: NODE_BUILD ? ['node:*'] : [],
    // Ignore `"sideEffects": false` in the root package.json: test files are imported only for their side effects.
    ignoreAnnotations: true,
    sourcemap: kind === 'cli' ? 'linked' : false,
    logLevel: 'silent',
    plugins: [{
      name: 'josekit-harness',
      setup(build) {
        build.onResolve({ filter: /^josekit-harness:/ }, (a) => ({ path: a.path, namespace: 'josekit-harness' }));
        build.onLoad({ filter: /.*/, namespace: 'josekit-harness' }, (a) => ({ contents: virtual(a.path), loader: 'js', resolveDir: HERE }));
        build.onResolve({ filter: /^vitest$/ }, () => ({ path: shim }));
        build.onResolve({ filter: /^josekit(\/web)?$/ }, () => ({ path: ENTRY }));
        build.onResolve({ filter: /^josekit\// }, (a) => ({ errors: [{ text: `only 'josekit' (aliased to ${rel(ENTRY)}) can be imported in portable tests, not '${a.path}'` }] }));
      },
    }],
  });
  if (kind === 'browser') {
    writeFileSync(join(outDir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>josekit ${runtime}</title><script type="module" src="/bundle.mjs"></script>\n`);
  }
  return outfile;
}

// ---------------------------------------------------------------------------
// 4. running

const NOWARN = '--disable-warning=ExperimentalWarning';

function commandFor(runtime, bundle, outDir) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.NODE_OPTIONS;
  switch (runtime) {
    // --disable-warning: Ed448 etc. print an ExperimentalWarning on Node 20-24.
    case 'node20': return { cmd: process.execPath, argv: ['--enable-source-maps', NOWARN, bundle], env };
    case 'node22': case 'node24': case 'node26': return { cmd: BIN[runtime](), argv: ['--enable-source-maps', NOWARN, bundle], env };
    case 'deno': return { cmd: BIN.deno(), argv: ['run', '--quiet', '--no-prompt', '--no-config', '--no-lock', bundle], env: { ...env, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' } };
    case 'bun': return { cmd: BIN.bun(), argv: [bundle], env: { ...env, BUN_CONFIG_NO_INSTALL: '1' } };
    case 'chromium': case 'firefox': return { cmd: process.execPath, argv: [NOWARN, join(HERE, 'hosts', 'browser.mjs'), runtime, outDir], env };
    case 'workerd': return { cmd: process.execPath, argv: [NOWARN, join(HERE, 'hosts', 'workerd.mjs'), bundle], env };
    case 'edge-runtime': return { cmd: process.execPath, argv: [NOWARN, join(HERE, 'hosts', 'edge.mjs'), bundle], env };
    default: throw new Error(`no command for ${runtime}`);
  }
}

const children = new Set();
function killGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) killGroup(c, 'SIGKILL');
    process.exit(130);
  });
}

function runRuntime(runtime, bundle, outDir) {
  const res = { runtime, tests: [], logs: [], stderr: [], errors: [], version: '', info: '', total: null, done: null, wall: 0 };
  const t = Date.now();
  const { cmd, argv, env } = commandFor(runtime, bundle, outDir);
  return new Promise((resolveRun) => {
    const child = spawn(cmd, argv, { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let timedOut = false;
    let afterDone = null;
    const timer = setTimeout(() => {
      timedOut = true;
      res.errors.push(`timed out after ${secs(RUNTIME_TIMEOUT_MS)} (JOSEKIT_RUNTIME_TIMEOUT)` +
        (res.total == null ? ' before the tests started' : `, ${res.tests.length}/${res.total} tests reported`) +
        (res.running ? `, while running "${res.running}"` : ''));
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, RUNTIME_TIMEOUT_MS);
    const onEvent = (ev) => {
      switch (ev.type) {
        case 'info': res.version = ev.version; break;
        case 'start':
          res.total = ev.total;
          res.info = ev.info;
          // Like vitest's allowOnly=false on CI: a forgotten .only must not pass silently.
          if (ev.only && process.env.CI && process.env.CI !== 'false') res.errors.push('.only is used in the portable tests; not allowed when CI is set');
          break;
        case 'log': res.logs.push(`${ev.level === 'log' || ev.level === 'info' ? '' : `(${ev.level}) `}${ev.text}`); break;
        case 'begin': res.running = ev.name; break;
        case 'test': res.tests.push(ev); res.running = null; break;
        case 'fatal':
          // After our own kill the host's complaints are noise.
          if (!timedOut) res.errors.push(clip(`${ev.message}${ev.stack ? `\n${ev.stack}` : ''}`, 40));
          break;
        case 'done':
          res.done = ev;
          // Tests are over; give the process a moment to exit on its own.
          afterDone = setTimeout(() => {
            res.warnings = [`process did not exit within 10s after the last test (open handles?); killed`];
            killGroup(child, 'SIGKILL');
          }, 10_000);
          break;
        default: break;
      }
    };
    const lineReader = (stream, onLine) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) !== -1) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
      });
      stream.on('end', () => { if (buf) onLine(buf); });
    };
    lineReader(child.stdout, (line) => {
      const at = line.indexOf(MARK);
      if (at !== -1) {
        if (at > 0) res.logs.push(line.slice(0, at));
        try { onEvent(JSON.parse(line.slice(at + MARK.length))); } catch (e) { res.errors.push(`unparsable event line: ${line.slice(0, 300)}`); }
      } else if (line.trim()) {
        res.logs.push(line);
      }
    });
    lineReader(child.stderr, (line) => { if (line.trim()) res.stderr.push(line); });
    child.on('error', (e) => res.errors.push(`could not start ${cmd}: ${e.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (afterDone) clearTimeout(afterDone);
      children.delete(child);
      res.wall = Date.now() - t;
      res.exit = signal ? signal : code;
      if (!timedOut && !res.done) {
        res.errors.push(`exited (${signal ? `signal ${signal}` : `code ${code}`}) before reporting all results` +
          `${res.total != null ? ` (${res.tests.length}/${res.total} tests reported)` : ' (did not start the tests)'}`);
      } else if (res.done && code !== 0 && code !== null && !res.warnings) {
        res.errors.push(`exited with code ${code} after the tests finished`);
      }
      if (res.done && res.total != null && res.tests.length < res.total) res.errors.push(`only ${res.tests.length} of ${res.total} registered tests reported results`);
      if (res.done && res.tests.length === 0) res.errors.push('produced no test results');
      resolveRun(res);
    });
  });
}

function clip(text, maxLines) {
  const lines = String(text).split('\n');
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines`].join('\n') : text;
}

function indent(text, prefix) {
  return String(text).split('\n').map((l) => `${prefix}${l}`).join('\n');
}

function cleanStack(stack, message) {
  if (!stack) return '';
  const lines = stack.split('\n');
  // Drop the leading "Name: message" lines (already printed) and shim/wrapper frames.
  const frames = lines.filter((l) => /^\s*at\s|@/.test(l) && !/shim\/vitest\.js|wrappers\/|josekit-harness|node:internal|playwright/.test(l));
  return frames.slice(0, 8).join('\n');
}

function printResult(res) {
  const p = `[${res.runtime}]`;
  const out = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const t of res.tests) {
    if (t.status === 'pass') {
      counts.passed++;
      if (verbose) out.push(`${p} ✓ ${t.name}`);
    } else if (t.status === 'skip') {
      counts.skipped++;
      out.push(`${p} - ${t.name} (skipped${t.error ? `: ${t.error.message}` : ''})`);
    } else {
      counts.failed++;
      out.push(`${p} ✗ ${t.name}${t.file ? `  [${t.file}]` : ''}`);
      out.push(indent(t.error ? t.error.message : 'failed', `${p}     `));
      const st = cleanStack(t.error && t.error.stack);
      if (st) out.push(indent(st.split('\n').map((l) => l.trim()).join('\n'), `${p}       `));
    }
  }
  for (const l of res.logs.slice(0, 200)) out.push(indent(l.length > 1000 ? l.slice(0, 1000) + '…' : l, `${p} | `));
  if (res.logs.length > 200) out.push(`${p} | … ${res.logs.length - 200} more log lines`);
  const broken = res.errors.length > 0;
  const stderrShown = broken ? res.stderr.slice(-60) : res.stderr.slice(0, 20);
  for (const l of stderrShown) out.push(`${p} (stderr) ${l}`);
  if (!broken && res.stderr.length > 20) out.push(`${p} (stderr) … ${res.stderr.length - 20} more lines`);
  for (const w of res.warnings || []) out.push(`${p} warning: ${w}`);
  for (const e of res.errors) out.push(indent(`RUNTIME ERROR: ${e}`, `${p} `));
  res.counts = counts;
  res.version = res.version || res.info || '?';
  out.push(`${p} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped — ${res.version} — ${secs(res.wall)}${broken ? ' — RUNTIME ERROR' : ''}`);
  console.log(out.join('\n'));
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(HERE, 'package-lock.json'))) die('test/runtimes/package-lock.json is missing');
  ensureHarnessDeps();
  const browserErrors = ensureBrowsers();
  ensureBuild();
  const esbuild = await import(pathToFileURL(join(NM, 'esbuild', 'lib', 'main.js')).href).then((m) => m.default || m);

  const libSize = await scanLibrary(esbuild);
  const files = findTestFiles(PORTABLE_DIR);
  if (!files.length) die(`no *.test.ts files under ${rel(PORTABLE_DIR) || PORTABLE_DIR}`);

  const outRoot = mkdtempSync(join(tmpdir(), 'josekit-runtimes-'));
  const prepared = {};
  const tb = Date.now();
  try {
    for (const rt of targets) {
      const dir = join(outRoot, rt);
      mkdirSync(dir, { recursive: true });
      prepared[rt] = { dir, bundle: await bundleFor(esbuild, rt, rt === 'workerd' ? [...files, ...findTestFiles(WORKERD_ONLY_DIR)] : files, dir) };
    }
  } catch (e) {
    rmSync(outRoot, { recursive: true, force: true });
    const msgs = (e.errors || []).map((x) => `${x.location ? `${x.location.file}:${x.location.line}:${x.location.column}: ` : ''}${x.text}`);
    die(`esbuild could not bundle the portable tests:\n  ${msgs.length ? msgs.join('\n  ') : e.message}`);
  }
  console.log(`test:runtimes: ${files.length} test file(s) from ${rel(PORTABLE_DIR)}, library ${rel(ENTRY)} (${Math.round(libSize / 1024)} kB, ${NODE_BUILD ? "the Node build" : "no Node-isms"}), ` +
    `bundled in ${secs(Date.now() - tb)}; running ${targets.length} runtime(s), ${JOBS} at a time: ${targets.join(' ')}`);

  // Slowest first so that two workers finish close together.
  const SLOW = ['firefox', 'workerd', 'chromium'];
  const order = [...SLOW.filter((r) => targets.includes(r)), ...targets.filter((r) => !SLOW.includes(r))];
  const byRuntime = {};
  await pool(order, JOBS, async (rt) => {
    let res;
    if (browserErrors[rt]) {
      res = { runtime: rt, tests: [], logs: [], stderr: [], errors: [browserErrors[rt]], wall: 0 };
    } else {
      res = await runRuntime(rt, prepared[rt].bundle, prepared[rt].dir);
    }
    printResult(res);
    byRuntime[rt] = res;
  });
  const results = targets.map((rt) => byRuntime[rt]);

  if (process.env.JOSEKIT_KEEP_OUT === '1') console.log(`test:runtimes: bundles kept in ${outRoot}`);
  else rmSync(outRoot, { recursive: true, force: true });

  const tot = { passed: 0, failed: 0, skipped: 0 };
  console.log('\nruntime        passed failed skipped   time  version');
  for (const r of results) {
    const broken = r.errors.length > 0;
    tot.passed += r.counts.passed;
    tot.failed += r.counts.failed + (broken ? 1 : 0);
    tot.skipped += r.counts.skipped;
    console.log(`${r.runtime.padEnd(14)} ${String(r.counts.passed).padStart(6)} ${String(r.counts.failed).padStart(6)} ${String(r.counts.skipped).padStart(7)} ${secs(r.wall).padStart(6)}  ${r.version}${broken ? '  (RUNTIME ERROR, counted as 1 failure)' : ''}`);
  }
  const bad = results.filter((r) => r.errors.length || r.counts.failed);
  console.log(`\nTotal wall time ${secs(Date.now() - T0)}${bad.length ? `; failing runtimes: ${bad.map((r) => r.runtime).join(', ')}` : ''}`);
  console.log(`${tot.passed} passed, ${tot.failed} failed, ${tot.skipped} skipped`);
  process.exit(tot.failed > 0 ? 1 : 0);
}

main().catch((e) => die(`harness error: ${(e && e.stack) || e}`));
