#!/usr/bin/env node
// Doc tests: every ts/js code block of README.md and docs/**/*.md runs, so no example can rot.
//
//   npm run build && node test/docs/run.mjs [--verbose] [--keep] [--no-typecheck] [README.md[:LINE] | docs/x.md[:LINE] ...]
//
// What runs: each fenced block (``` or ~~~) whose info string starts with ts, typescript, js,
// javascript or mjs, in README.md and docs/**/*.md except docs/api/ (generated). Other blocks
// (sh, json, text, html, ...) are documentation only. A block is named by its file and the line of
// its opening fence (README.md:123).
//
// How it runs: as an ES module (top-level await works), in its own Node process with a time limit
// (JOSEKIT_DOCTEST_TIMEOUT seconds, default 20), against the BUILT package: a temporary directory
// has node_modules/josekit -> the repository, so `josekit` and `josekit/web` resolve through
// package.json "exports" exactly as for an installed package (on Node, `josekit` is dist/node.js).
// `npm:josekit` (Deno's specifier) is read as `josekit`. TypeScript blocks are transformed with
// esbuild and, all together in one tsc program (strict, NodeNext, DOM + Node types), type-checked,
// each block as its own module. Line numbers in errors are the Markdown file's own lines.
// There is no network: guard.mjs makes fetch and every non-loopback connection fail, and any
// attempt fails the block even if the block catches the error.
//
// Annotations: one HTML comment right before the fence (blank lines between are allowed), invisible
// on GitHub and npm; directives separated by ";":
//
//   <!-- doctest: setup=idp -->              import the setup module test/docs/setup/idp.ts (or .mjs)
//                                            first; the block sees every name it exports that the
//                                            block does not declare or import itself. setup=a,b for
//                                            several. A setup may export afterBlock(exports): called
//                                            with the block's exports after it ran (to exercise a
//                                            handler the block only defines).
//   <!-- doctest: expect-error=ERR_JWT_EXPIRED -->
//                                            the block must throw an error with this `code`.
//   <!-- doctest: skip — the reason -->      not run, reason printed (required; "-" or ":" also work).
//
// An unknown directive, a missing setup, or an annotation that is not followed by a runnable block
// is a failure. A setup's exports are read from its source (TypeScript's parser); it may
// `export * from 'josekit'` (setup/api.ts). Setup files whose names start with "_" are helpers for
// other setups (_net.ts serves URLs from a fake fetch). Markdown files outside README.md and docs/
// run when named on the command line.
//
// Output: one line per block (PASS / FAIL with the error indented below / SKIP with the reason),
// then `doc tests: N passed, N failed, N skipped`. Exit 1 on any failure, 2 on a usage error.
// Its own dependencies (esbuild, typescript, @types/node) are installed here with `npm ci` when
// node_modules is missing or was installed from another package.json / package-lock.json. See test/docs/README.md.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const NM = join(HERE, 'node_modules');
const SETUP_DIR = join(HERE, 'setup');
const T0 = Date.now();

const RUN_LANGS = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };
const TIMEOUT_MS = Number(process.env.JOSEKIT_DOCTEST_TIMEOUT || 20) * 1000;
const JOBS = Math.max(2, Math.min(8, availableParallelism()));

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('-')));
const verbose = flags.has('--verbose') || flags.has('-v');
const keep = flags.has('--keep');
const typecheck = !flags.has('--no-typecheck');
for (const f of flags) {
  if (!['--verbose', '-v', '--keep', '--no-typecheck', '--help', '-h'].includes(f)) usage(`unknown option ${f}`);
}
if (flags.has('--help') || flags.has('-h')) usage();
const selectors = argv.filter((a) => !a.startsWith('-')).map((a) => {
  const m = /^(.*?)(?::(\d+))?$/.exec(a);
  return { file: relative(REPO, resolve(process.cwd(), m[1])).split(sep).join('/'), line: m[2] ? Number(m[2]) : undefined, used: false };
});

function usage(problem) {
  if (problem) console.error(`test:docs: ${problem}`);
  console.error('usage: node test/docs/run.mjs [--verbose] [--keep] [--no-typecheck] [README.md[:LINE] | docs/x.md[:LINE] ...]');
  process.exit(problem ? 2 : 0);
}

let workDir = null;
function die(msg) {
  if (workDir && !keep) rmSync(workDir, { recursive: true, force: true });
  console.error(`test:docs: ${msg}`);
  console.log('doc tests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const rel = (p) => relative(REPO, p).split(sep).join('/');
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const indent = (text, pad = '    ') => text.replace(/\s+$/, '').replace(/^/gm, pad);

// ---------------------------------------------------------------------------
// 1. own dependencies and the build

// npm as a child: the npm that runs this script when there is one, else the one on PATH.
function npmCommand(npmArgs) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(config_(local_)?prefix|lifecycle_|package_)/i.test(k)) delete env[k];
  }
  const execpath = process.env.npm_execpath;
  if (execpath && /npm-cli\.js$/.test(execpath)) return { cmd: process.execPath, args: [execpath, ...npmArgs], env };
  return { cmd: 'npm', args: npmArgs, env };
}

function ensureDeps() {
  const stampFile = join(NM, '.josekit-doctest-stamp');
  const hash = createHash('sha256')
    .update(readFileSync(join(HERE, 'package.json')))
    .update(readFileSync(join(HERE, 'package-lock.json')))
    .digest('hex');
  let fresh = false;
  try { fresh = readFileSync(stampFile, 'utf8').trim() === hash; } catch { /* missing */ }
  const needed = ['esbuild/package.json', 'typescript/package.json', '@types/node/package.json'];
  if (fresh && needed.every((p) => existsSync(join(NM, p)))) return;
  const t = Date.now();
  console.log(`test:docs: installing esbuild and typescript (npm ci --prefix ${rel(HERE)}) ...`);
  const { cmd, args, env } = npmCommand(['ci', '--prefix', HERE, '--no-audit', '--no-fund', '--loglevel=error']);
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) die(`npm ci in ${rel(HERE)} failed (exit ${r.status}):\n${`${r.stdout}${r.stderr}${r.error ?? ''}`.trim().split('\n').slice(-30).join('\n')}`);
  writeFileSync(stampFile, `${hash}\n`);
  console.log(`test:docs: installed in ${secs(Date.now() - t)}`);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    newest = Math.max(newest, ent.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function checkBuild() {
  const wanted = ['dist/node.js', 'dist/esm/index.js', 'dist/index.d.ts'];
  const missing = wanted.filter((p) => !existsSync(join(REPO, p)));
  if (missing.length) die(`${missing.join(', ')} missing: run \`npm run build\` first (the doc tests run against the built package)`);
  if (newestMtime(join(REPO, 'src')) > statSync(join(REPO, 'dist/node.js')).mtimeMs) {
    console.log('test:docs: note: src/ has changed since dist/ was built; run `npm run build` to test the current sources');
  }
}

// ---------------------------------------------------------------------------
// 2. blocks

function markdownFiles() {
  const files = [];
  if (existsSync(join(REPO, 'README.md'))) files.push('README.md');
  const walk = (dir) => {
    for (const ent of readdirSync(join(REPO, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = `${dir}/${ent.name}`;
      if (ent.isDirectory()) {
        if (p !== 'docs/api' && ent.name !== 'node_modules') walk(p);
      } else if (ent.name.endsWith('.md')) files.push(p);
    }
  };
  if (existsSync(join(REPO, 'docs'))) walk('docs');
  return files;
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const ANNOTATION = /^\s*<!--\s*doctest\b\s*:?([\s\S]*?)-->\s*$/;

// Returns the runnable blocks of one Markdown file, and failures for stray annotations.
function extract(file) {
  const lines = readFileSync(join(REPO, file), 'utf8').split(/\r?\n/);
  const blocks = [];
  const annotations = new Map(); // line of the comment's end -> { line, text }
  const used = new Set();
  for (let i = 0; i < lines.length; i++) {
    // Annotations (possibly over several lines).
    if (/^\s*<!--\s*doctest\b/.test(lines[i])) {
      let j = i;
      while (j < lines.length && !lines[j].includes('-->')) j++;
      const text = lines.slice(i, j + 1).join('\n');
      annotations.set(j, { line: i + 1, text });
      i = j;
      continue;
    }
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, pad, fence, rest] = open;
    if (fence[0] === '`' && rest.includes('`')) continue; // not a fence (CommonMark)
    const lang = rest.trim().split(/\s+/)[0].toLowerCase();
    let end = i + 1;
    const close = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !close.test(lines[end])) end++;
    const body = lines.slice(i + 1, end).map((l) => l.replace(new RegExp(`^ {0,${pad.length}}`), ''));
    // The annotation: the last non-blank line before the fence ends a doctest comment.
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const note = annotations.get(k);
    if (note) used.add(k);
    if (RUN_LANGS[lang]) {
      blocks.push({ file, line: i + 1, lang: RUN_LANGS[lang], code: body.join('\n'), note });
    } else if (note) {
      blocks.push({ file, line: note.line, problem: `doctest annotation before a \`${lang || 'plain'}\` block, which is not run (only ts, typescript, js, javascript and mjs blocks are)` });
    }
    i = end;
  }
  for (const [k, note] of annotations) {
    if (!used.has(k)) blocks.push({ file, line: note.line, problem: 'doctest annotation not followed by a code block' });
  }
  return blocks.sort((a, b) => a.line - b.line);
}

// `setup=a,b`, `expect-error=CODE`, `skip — reason`, separated by ";".
function parseAnnotation(text) {
  const m = ANNOTATION.exec(text);
  if (!m) return { error: `malformed annotation ${JSON.stringify(text)} (expected <!-- doctest: ... -->)` };
  const out = { setups: [] };
  let rest = m[1].trim();
  while (rest) {
    let d;
    if ((d = /^skip\b\s*(?:[—–:-]\s*)?([\s\S]*)$/.exec(rest))) {
      out.skip = d[1].trim().replace(/\s+/g, ' ');
      if (!out.skip) return { error: 'skip needs a reason: <!-- doctest: skip — why this block cannot run -->' };
      break;
    }
    const [head, ...tail] = rest.split(';');
    rest = tail.join(';').trim();
    const directive = head.trim();
    if (!directive) continue;
    if ((d = /^setup\s*=\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)$/.exec(directive))) out.setups.push(...d[1].split(',').map((s) => s.trim()));
    else if ((d = /^expect-error\s*=\s*([A-Z][A-Z0-9_]*)$/.exec(directive))) out.expectError = d[1];
    else return { error: `unknown doctest directive ${JSON.stringify(directive)} (known: setup=NAME[,NAME], expect-error=CODE, skip — REASON)` };
  }
  return out;
}

// ---------------------------------------------------------------------------
// 3. names: what a setup exports, what a block declares (TypeScript's parser, no type checking)

let ts;

function sourceFile(name, code, lang) {
  return ts.createSourceFile(name, code, ts.ScriptTarget.ES2022, true, lang === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS);
}

function bindingNames(node, out) {
  if (ts.isIdentifier(node)) out.push(node.text);
  else if (ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) {
    for (const el of node.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  }
  return out;
}

const hasExport = (node) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

// { values: [...], types: [...] } exported by a setup module.
function setupExports(path) {
  const code = readFileSync(path, 'utf8');
  const sf = sourceFile(path, code, path.endsWith('.ts') ? 'ts' : 'js');
  const values = [];
  const types = [];
  const star = { values: [], types: [] };
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (!st.exportClause) {
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : '';
        if (!packageExports[spec]) throw new Error(`${rel(path)}: \`export * from '${spec}'\` is not supported in a setup (only from 'josekit' or 'josekit/web'); name the exports`);
        star.values.push(...packageExports[spec].values);
        star.types.push(...packageExports[spec].types);
        continue;
      }
      if (!ts.isNamedExports(st.exportClause)) throw new Error(`${rel(path)}: \`export * as\` is not supported in a setup; name the exports`);
      for (const el of st.exportClause.elements) (st.isTypeOnly || el.isTypeOnly ? types : values).push(el.name.text);
    } else if (hasExport(st)) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) bindingNames(d.name, values);
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) values.push(st.name.text);
      else if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) types.push(st.name.text);
    }
  }
  // A module's own exports shadow the names of its `export *` (ECMAScript semantics).
  const own = new Set([...values, ...types]);
  values.push(...star.values.filter((n) => !own.has(n)));
  types.push(...star.types.filter((n) => !own.has(n) && !values.includes(n)));
  return { values: values.filter((n) => n !== 'afterBlock'), types, hasAfterBlock: values.includes('afterBlock') };
}

// Names exported by josekit and josekit/web, for a setup's `export * from 'josekit'`: values
// from the built modules themselves, types from the package's declaration file.
const packageExports = {};
async function loadPackageExports(targets) {
  const typesFile = join(REPO, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).types ?? 'dist/index.d.ts');
  const declared = [];
  const sf = ts.createSourceFile(typesFile, readFileSync(typesFile, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) for (const el of st.exportClause.elements) declared.push(el.name.text);
    else if (hasExport(st) && st.name && ts.isIdentifier(st.name)) declared.push(st.name.text);
  }
  for (const [spec, file] of [['josekit', targets[0]], ['josekit/web', targets[1]]]) {
    const values = Object.keys(await import(pathToFileURL(file).href)).filter((n) => n !== 'default');
    packageExports[spec] = { values, types: declared.filter((n) => !values.includes(n)) };
  }
}

// Names a block declares or imports at its top level (these shadow a setup's exports).
function declaredNames(code, lang) {
  const sf = sourceFile(`block.${lang}`, code, lang);
  const names = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.push(c.name.text);
      if (c.namedBindings) {
        if (ts.isNamespaceImport(c.namedBindings)) names.push(c.namedBindings.name.text);
        else for (const el of c.namedBindings.elements) names.push(el.name.text);
      }
    } else if (ts.isImportEqualsDeclaration(st)) names.push(st.name.text);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) bindingNames(d.name, names);
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isModuleDeclaration(st)) && st.name && ts.isIdentifier(st.name)) {
      names.push(st.name.text);
    }
  }
  return new Set(names);
}

// ---------------------------------------------------------------------------
// 4. one block as files in the work directory

function setupFile(name) {
  for (const ext of ['.ts', '.mjs']) {
    const p = join(SETUP_DIR, name + ext);
    if (existsSync(p)) return p;
  }
  return null;
}

// Lines of the generated file equal the Markdown lines: line 1 imports the setups, then blank
// lines up to the fence, then the block.
function prepare(block, work, esbuild, setupInfo) {
  const ann = block.note ? parseAnnotation(block.note.text) : { setups: [] };
  if (ann.error) return { ...block, problem: ann.error };
  if (ann.skip) return { ...block, skip: ann.skip };
  const code = block.code.replace(/(['"])npm:josekit(\/[\w./-]*)?\1/g, '$1josekit$2$1');
  const declared = declaredNames(code, block.lang);
  const imports = [];
  const seen = new Map();
  for (const name of ann.setups) {
    const info = setupInfo(name);
    if (info.error) return { ...block, ann, problem: info.error };
    const names = [...info.values, ...(block.lang === 'ts' ? info.types : [])].filter((n) => !declared.has(n));
    for (const n of names) {
      if (seen.has(n)) return { ...block, ann, problem: `setups ${seen.get(n)} and ${name} both export ${n}` };
      seen.set(n, name);
    }
    imports.push(`import '${info.spec}';`);
    if (names.length) imports.push(`import { ${names.join(', ')} } from '${info.spec}';`);
  }
  const id = `${block.file.replace(/[^\w.-]+/g, '__')}-L${block.line}`;
  const text = `${imports.join(' ')}${'\n'.repeat(block.line)}${code}\n`;
  const mjs = join(work, 'blocks', `${id}.mjs`);
  const out = { ...block, ann, id, mjs, setupUrls: ann.setups.map((s) => pathToFileURL(join(work, 'setup', setupInfo(s).spec.slice('../setup/'.length))).href) };
  if (block.lang === 'ts') {
    out.tsFile = join(work, 'blocks', `${id}.ts`);
    writeFileSync(out.tsFile, text);
    try {
      const r = esbuild.transformSync(text, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: join(REPO, block.file), sourcesContent: false });
      writeFileSync(mjs, r.code);
    } catch (err) {
      const e = err.errors?.[0];
      return { ...out, problem: e ? `syntax error ${block.file}:${e.location?.line}:${e.location?.column} ${e.text}` : String(err) };
    }
  } else {
    try {
      esbuild.transformSync(text, { loader: 'js', format: 'esm', target: 'node20', sourcefile: join(REPO, block.file) });
    } catch (err) {
      const e = err.errors?.[0];
      return { ...out, problem: e ? `syntax error ${block.file}:${e.location?.line}:${e.location?.column} ${e.text}` : String(err) };
    }
    writeFileSync(mjs, text);
  }
  return out;
}

// Setups: .ts transformed to .js (with source maps to the original), .mjs copied; the .ts
// sources sit beside them for tsc.
function prepareSetups(work, esbuild) {
  mkdirSync(join(work, 'setup'), { recursive: true });
  if (!existsSync(SETUP_DIR)) return;
  for (const f of readdirSync(SETUP_DIR)) {
    const src = join(SETUP_DIR, f);
    if (f.endsWith('.ts') && !f.endsWith('.d.ts')) {
      const code = readFileSync(src, 'utf8');
      writeFileSync(join(work, 'setup', f), code);
      const r = esbuild.transformSync(code, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: src, sourcesContent: false });
      writeFileSync(join(work, 'setup', f.replace(/\.ts$/, '.js')), r.code);
    } else if (f.endsWith('.mjs') || f.endsWith('.d.ts') || f.endsWith('.json')) {
      cpSync(src, join(work, 'setup', f));
    }
  }
}

// ---------------------------------------------------------------------------
// 5. running and type-checking

const live = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const pid of live) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    if (workDir && !keep) rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  });
}

function runBlock(block, work) {
  return new Promise((done) => {
    const t = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', '--import', pathToFileURL(join(HERE, 'guard.mjs')).href, join(HERE, 'child.mjs'), pathToFileURL(block.mjs).href, ...block.setupUrls], {
      cwd: work,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
    });
    live.add(child.pid);
    const buf = { out: '', err: '', report: '' };
    const cap = (k) => (d) => { if (buf[k].length < 1e6) buf[k] += d; };
    child.stdout.on('data', cap('out'));
    child.stderr.on('data', cap('err'));
    child.stdio[3].on('data', cap('report'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      live.delete(child.pid);
      clearTimeout(timer);
      let report = null;
      try { report = JSON.parse(buf.report); } catch { /* none */ }
      done({ ms: Date.now() - t, code, signal, timedOut, report, stdout: buf.out, stderr: buf.err });
    });
  });
}

function typecheckBlocks(blocks, work) {
  if (!typecheck || !blocks.length) return Promise.resolve({ byFile: new Map(), other: [] });
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      moduleDetection: 'force',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      typeRoots: [join(NM, '@types')],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      checkJs: false,
    },
    files: blocks.map((b) => b.tsFile),
  };
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(NM, 'typescript', 'bin', 'tsc'), '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', () => {
      const byFile = new Map();
      const other = [];
      let last = null;
      for (const line of out.split('\n')) {
        const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
        if (m) {
          const file = resolve(work, m[1]);
          last = { line: Number(m[2]), col: Number(m[3]), code: m[4], message: m[5] };
          if (!byFile.has(file)) byFile.set(file, []);
          byFile.get(file).push(last);
          if (!blocks.some((b) => b.tsFile === file)) last.file = file;
        } else if (line.startsWith(' ') && last) {
          last.message += `\n${line}`;
        } else if (line.trim()) {
          other.push(line);
          last = null;
        }
      }
      done({ byFile, other });
    });
  });
}

// Paths in messages: the work directory's block files are their Markdown files, the rest repository-relative.
function mapPaths(text, work, block) {
  let t = text;
  if (block?.mjs) {
    for (const f of [block.mjs, block.tsFile].filter(Boolean)) {
      t = t.split(pathToFileURL(f).href).join(block.file).split(f).join(block.file);
    }
  }
  for (const [from, to] of [[pathToFileURL(join(work, 'setup')).href, 'test/docs/setup'], [join(work, 'setup'), 'test/docs/setup'], [`${pathToFileURL(REPO).href}/`, ''], [`${REPO}/`, '']]) {
    t = t.split(from).join(to);
  }
  return t.replace(/test\/docs\/setup\/([\w.-]+)\.js\b/g, (m, n) => (existsSync(join(SETUP_DIR, `${n}.ts`)) ? `test/docs/setup/${n}.ts` : m));
}

function describeError(e, work, block) {
  if (!e) return '';
  let head = `${e.code ? `${e.code} ` : ''}${e.name ? `${e.name}: ` : ''}${e.message}`;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const mine = frames.map((l) => mapPaths(l, work, block)).filter((l) => l.includes(block.file) || l.includes('test/docs/setup/'));
  const shown = (mine.length ? mine : frames.slice(0, 3).map((l) => mapPaths(l, work, block))).map((l) => `  ${l.trim()}`);
  for (let c = e.cause, depth = 0; c && depth < 3; c = c.cause, depth++) head += `\n  cause: ${c.code ? `${c.code} ` : ''}${c.message}`;
  return [mapPaths(head, work, block), ...shown].join('\n');
}

function verdict(block, run, typeErrors, work) {
  const problems = [];
  const r = run.report;
  if (run.timedOut) problems.push(`timed out after ${secs(TIMEOUT_MS)}`);
  else if (!r) problems.push(`the block's process ended without a result (exit ${run.code ?? run.signal})`);
  else {
    const expected = block.ann.expectError;
    if (expected) {
      if (!r.error) problems.push(`expected an error with code ${expected}, but the block completed`);
      else if (r.error.code !== expected) problems.push(`expected an error with code ${expected}, got:\n${indent(describeError(r.error, work, block), '  ')}`);
    } else if (r.error) problems.push(describeError(r.error, work, block));
    for (const u of r.unhandled) problems.push(`unhandled rejection: ${describeError(u, work, block)}`);
    for (const n of r.network) problems.push(`real network access (not served by a setup): ${n}`);
  }
  for (const te of typeErrors) problems.push(`type error ${te.file ? mapPaths(te.file, work, block) : block.file}:${te.line}:${te.col} ${te.code}: ${mapPaths(te.message, work, block)}`);
  if (problems.length && (run.stderr.trim() || (!r && run.stdout.trim()))) problems.push(`stderr:\n${indent(mapPaths(`${run.stderr}${r ? '' : run.stdout}`, work, block).trim().split('\n').slice(-20).join('\n'), '  ')}`);
  return problems;
}

// ---------------------------------------------------------------------------
// main

ensureDeps();
checkBuild();
const { createRequire } = await import('node:module');
const localRequire = createRequire(join(HERE, 'package.json'));
ts = localRequire('typescript');
const esbuild = localRequire('esbuild');

const files = markdownFiles();
for (const s of selectors) {
  if (!files.includes(s.file) && s.file.endsWith('.md') && !s.file.startsWith('..') && existsSync(join(REPO, s.file))) files.push(s.file);
}
let blocks = files.flatMap(extract);
if (selectors.length) {
  blocks = blocks.filter((b) => selectors.some((s) => {
    const hit = s.file === b.file && (s.line === undefined || s.line === b.line);
    if (hit) s.used = true;
    return hit;
  }));
  const unused = selectors.filter((s) => !s.used);
  if (unused.length) usage(`no runnable block at ${unused.map((s) => s.file + (s.line ? `:${s.line}` : '')).join(', ')} (files: ${files.join(', ')})`);
}

const work = mkdtempSync(join(tmpdir(), 'josekit-docs-'));
workDir = work;
let exitCode = 1;
try {
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  mkdirSync(join(work, 'blocks'));
  symlinkSync(REPO, join(work, 'node_modules', 'josekit'), 'dir');
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'josekit-doc-tests-work', private: true, type: 'module' }));

  // What `import 'josekit'` gives here, as a check that the work directory is an installed package.
  writeFileSync(join(work, 'resolve.mjs'), "for (const s of ['josekit', 'josekit/web']) console.log(import.meta.resolve(s));\n");
  const resolved = spawnSync(process.execPath, [join(work, 'resolve.mjs')], { cwd: work, encoding: 'utf8' });
  const targets = resolved.stdout.trim().split('\n').map((u) => { try { return fileURLToPath(u); } catch { return u; } });
  if (resolved.status !== 0 || targets.length !== 2 || !targets.every((p) => existsSync(p))) die(`josekit does not resolve from an installed copy:\n${resolved.stdout}${resolved.stderr}`);

  await loadPackageExports(targets);
  prepareSetups(work, esbuild);
  const setupCache = new Map();
  const setupInfo = (name) => {
    if (!setupCache.has(name)) {
      const src = setupFile(name);
      if (!src) setupCache.set(name, { error: `no setup named "${name}" (test/docs/setup/${name}.ts or .mjs)` });
      else {
        try {
          setupCache.set(name, { ...setupExports(src), spec: `../setup/${name}${src.endsWith('.ts') ? '.js' : '.mjs'}` });
        } catch (err) {
          setupCache.set(name, { error: String(err.message ?? err) });
        }
      }
    }
    return setupCache.get(name);
  };

  const prepared = blocks.map((b) => (b.problem ? b : prepare(b, work, esbuild, setupInfo)));
  const runnable = prepared.filter((b) => !b.problem && !b.skip);
  const langs = { ts: runnable.filter((b) => b.lang === 'ts').length, js: runnable.filter((b) => b.lang === 'js').length };
  console.log(`test:docs: ${prepared.length} block(s) in ${new Set(prepared.map((b) => b.file)).size} file(s) (${langs.ts} ts, ${langs.js} js to run${typecheck ? '' : ', type check off'}); josekit -> ${rel(targets[0])}, josekit/web -> ${rel(targets[1])}; ${JOBS} at a time, ${secs(TIMEOUT_MS)} each`);

  const checking = typecheckBlocks(runnable.filter((b) => b.tsFile), work);
  const runs = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: JOBS }, async () => {
    while (next < runnable.length) {
      const b = runnable[next++];
      runs.set(b, await runBlock(b, work));
    }
  }));
  const types = await checking;

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const fileLevel = [];
  // Type errors outside the blocks (in a setup, or tsc itself) fail the run once.
  for (const [file, errs] of types.byFile) {
    if (!runnable.some((b) => b.tsFile === file)) for (const e of errs) fileLevel.push(`${mapPaths(file, work)}:${e.line}:${e.col} ${e.code}: ${mapPaths(e.message, work)}`);
  }
  if (types.other.length) fileLevel.push(...types.other.map((l) => mapPaths(l, work)));

  for (const b of prepared) {
    const where = `${b.file}:${b.line}`;
    const tag = b.ann?.setups?.length || b.ann?.expectError ? ` (${[b.ann.setups.length ? `setup=${b.ann.setups.join(',')}` : '', b.ann.expectError ? `expect-error=${b.ann.expectError}` : ''].filter(Boolean).join('; ')})` : '';
    if (b.skip) {
      skipped++;
      console.log(`SKIP ${where} — ${b.skip}`);
      continue;
    }
    if (b.problem) {
      failed++;
      console.log(`FAIL ${where}${tag}\n${indent(b.problem)}`);
      continue;
    }
    const run = runs.get(b);
    const problems = verdict(b, run, (b.tsFile && types.byFile.get(b.tsFile)) || [], work);
    if (problems.length) {
      failed++;
      console.log(`FAIL ${where}${tag} ${secs(run.ms)}\n${indent(problems.join('\n'))}`);
      if (run.stdout.trim() && run.report) console.log(indent(`stdout:\n${indent(mapPaths(run.stdout, work, b).trim().split('\n').slice(-20).join('\n'), '  ')}`));
    } else {
      passed++;
      console.log(`PASS ${where}${tag} ${secs(run.ms)}`);
      if (verbose && run.stdout.trim()) console.log(indent(mapPaths(run.stdout, work, b)));
    }
  }
  if (fileLevel.length) {
    failed++;
    console.log(`FAIL type check outside the blocks\n${indent(fileLevel.join('\n'))}`);
  }
  console.log(`test:docs: done in ${secs(Date.now() - T0)}${keep ? `; work directory kept: ${work}` : ''}`);
  console.log(`doc tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  exitCode = failed ? 1 : 0;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
