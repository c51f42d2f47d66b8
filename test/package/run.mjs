#!/usr/bin/env node
/**
 * Checks of the package as users get it (`npm run test:package`; needs `npm run build` first):
 *
 * 1. `npm pack`, then publint and attw (Are The Types Wrong) on the tarball;
 * 2. an app that installed the tarball type-checks consumer/types.ts (whose @ts-expect-error
 *    lines are the mistakes the types must catch) under nodenext, bundler and commonjs module
 *    settings, with and without the DOM lib, with @types/node 20, 22 and 24, skipLibCheck off,
 *    and with `deno check`;
 * 3. consumer/identity.mjs: errors are instances across every copy one process can load.
 *
 * This folder has its own package.json (typescript, @types/node versions, deno, publint, attw);
 * `npm ci` runs here first. Ends with "package checks: N passed, N failed".
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = (name) => join(here, 'node_modules', '.bin', name);
if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: here, stdio: 'inherit' });

const results = [];
/** Runs a check; `accept(output)` may pass a failing exit (tsc errors that are all in @types/node). */
function step(name, command, args, cwd, accept = () => false) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const ok = r.status === 0 || accept(`${r.stdout}${r.stderr}`);
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  if (!ok) console.log(`${r.stdout}${r.stderr}`.trim().replace(/^/gm, '    '));
  return ok;
}

const tmp = mkdtempSync(join(os.tmpdir(), 'josekit-package-'));
try {
  // 1. The tarball, linted.
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--silent', '--ignore-scripts', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' }));
  const tarball = join(tmp, filename);
  step('publint (strict)', bin('publint'), ['run', tarball, '--strict'], tmp);
  step('attw: every entry point resolves with types, in every resolution mode', bin('attw'), [tarball, '--format', 'table-flipped', '--no-color'], tmp);

  // 2. Apps that installed it: one "type": "module", one "type": "commonjs".
  const app = (type) => {
    const dir = join(tmp, `app-${type}`);
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    renameSync(join(dir, 'package'), join(dir, 'node_modules', 'josekit'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `app-${type}`, private: true, type }));
    cpSync(join(here, 'consumer'), dir, { recursive: true });
    return dir;
  };
  const apps = { module: app('module'), commonjs: app('commonjs') };
  // skipLibCheck is off so that josekit's own declarations are checked. Some @types/node
  // releases do not check cleanly under every setting on their own (their http.d.ts under a
  // lib without DOM, say): errors located in @types/node are theirs, not a failure here.
  const onlyNodeTypeErrors = (output) => {
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    return errors.length > 0 && errors.every((line) => /node_modules\/@types\/node\d+\//.test(line));
  };
  // Each @types/node version is offered to tsc as "node" in a type root of its own, so that the
  // `/// <reference types="node" />` inside it resolves to itself and never walks up to another
  // copy (such as the repository's own @types/node).
  const nodeTypes = (version) => {
    const typeRoot = join(tmp, `types-${version}`);
    if (!existsSync(typeRoot)) {
      mkdirSync(typeRoot);
      symlinkSync(join(here, 'node_modules', '@types', version), join(typeRoot, 'node'), 'dir');
    }
    return { typeRoots: [typeRoot], types: ['node'] };
  };
  const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022' };
  const dom = ['ES2022', 'DOM'];
  const cases = [
    ['nodenext, ESM app, DOM lib, @types/node 20', 'module', { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', lib: dom, ...nodeTypes('node20') }],
    ['nodenext, ESM app, no DOM, @types/node 20', 'module', { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], ...nodeTypes('node20') }],
    ['nodenext, ESM app, no DOM, @tsconfig/node22 + @types/node 22', 'module', { noEmit: true, skipLibCheck: false, ...nodeTypes('node22') }, join(here, 'node_modules', '@tsconfig', 'node22', 'tsconfig.json')],
    ['nodenext, ESM app, no DOM, @types/node 24', 'module', { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], ...nodeTypes('node24') }],
    ['nodenext, CommonJS app, no DOM, @types/node 22', 'commonjs', { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], ...nodeTypes('node22') }],
    ['bundler, DOM lib, no @types/node', 'module', { ...base, module: 'ESNext', moduleResolution: 'Bundler', lib: dom, types: [] }],
    ['bundler, no DOM, @types/node 24', 'module', { ...base, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], ...nodeTypes('node24') }],
    ['commonjs (node10 resolution), DOM lib, @types/node 20', 'commonjs', { ...base, module: 'CommonJS', moduleResolution: 'Node10', lib: dom, ...nodeTypes('node20') }],
    ['commonjs (node10 resolution), no DOM, @types/node 22', 'commonjs', { ...base, module: 'CommonJS', moduleResolution: 'Node10', lib: ['ES2022'], ...nodeTypes('node22') }],
  ];
  cases.forEach(([name, type, compilerOptions, extendsPath], i) => {
    const config = join(apps[type], `tsconfig.${i}.json`);
    // node.ts (josekit's keys handed to node:crypto) wherever @types/node is in play.
    const files = compilerOptions.types?.includes('node') ? ['types.ts', 'node.ts'] : ['types.ts'];
    writeFileSync(config, JSON.stringify({ ...(extendsPath ? { extends: extendsPath } : {}), compilerOptions, files }, null, 2));
    step(`types: ${name}`, bin('tsc'), ['-p', config], apps[type], onlyNodeTypeErrors);
  });

  // Deno reads the types from the package's own exports ("types" conditions), no @deno-types.
  step('types: Deno (deno check, with its own libs)', bin('deno'), ['check', '--quiet', 'types.ts'], apps.module);

  // 3. One error family across the copies.
  step('error identity across import/require of josekit and josekit/web, and another realm', process.execPath, ['identity.mjs'], apps.module);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
console.log(`package checks: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
