#!/usr/bin/env node
/**
 * josekit API reference: TypeDoc (with typedoc-plugin-markdown) over the public entry point
 * src/index.ts and the repository's tsconfig.json, written as Markdown to docs/api/.
 *
 *   node tools/typedoc/run.mjs            regenerate docs/api/ (npm run docs:api at the root)
 *   node tools/typedoc/run.mjs --check    generate into a temporary folder and compare it with
 *                                         docs/api/; exit 1 when they differ (npm run test:docs:api)
 *   options: --strict      also fail on TypeDoc's other warnings, on members without TSDoc and on
 *                          exported functions without an @example
 *            --no-install  skip `npm ci` in tools/typedoc/ (node_modules/ must already be there)
 *
 * The tools live in this folder with their own package.json and lockfile, so the library keeps
 * no dependency: `npm ci` runs here first whenever node_modules/ was not installed from the
 * current lockfile. The configuration is typedoc.json beside this file.
 *
 * The output is meant to be committed and reviewed, so it is made deterministic: no source
 * links ("Defined in" lines would change with every edit and every commit), no version, no
 * generator line, no dates, and names sorted in one fixed locale whatever the machine's.
 *
 * What is checked (printed after each run):
 * - TypeDoc's validation: an exported name without TSDoc, a type the API uses but does not
 *   export, a broken {@link}. These fail the run (treatValidationWarningsAsErrors in
 *   typedoc.json), in both modes.
 * - TypeDoc's other warnings (a comment TypeDoc reads differently from what was meant, for
 *   example): listed; they fail with --strict.
 * - members (properties, methods) without TSDoc, and exported functions without an @example:
 *   listed; they fail with --strict.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const OUT = join(root, 'docs', 'api');
const CONFIG = join(here, 'typedoc.json');
const REGENERATE = 'npm run docs:api (node tools/typedoc/run.mjs)';
/** The first line of every page, for whoever opens one to edit it. */
const GENERATED = '<!-- Generated from the TSDoc in src/ by tools/typedoc/run.mjs: edit the source, then run `npm run docs:api`. -->';

const argv = process.argv.slice(2);
const KNOWN = ['--check', '--strict', '--no-install', '--help', '-h'];
for (const a of argv) {
  if (!KNOWN.includes(a)) {
    console.error(`unknown option ${a}`);
    process.exit(2);
  }
}
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: node tools/typedoc/run.mjs [--check] [--strict] [--no-install]');
  process.exit(0);
}
const CHECK = argv.includes('--check');
const STRICT = argv.includes('--strict');
const INSTALL = !argv.includes('--no-install');

// TypeDoc sorts names with String.prototype.localeCompare, whose order follows the process's
// default locale (LANG / LC_ALL): in tr_TR "I" sorts apart from "i", and so on. The committed
// output must not depend on who generated it, so the work runs in a process whose locale is
// pinned.
const PINNED_LOCALE = 'en-US';
if (new Intl.Collator().resolvedOptions().locale !== PINNED_LOCALE && !process.env.JOSEKIT_TYPEDOC_CHILD) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...argv], {
    stdio: 'inherit',
    env: { ...process.env, LC_ALL: 'C', LANG: 'C', JOSEKIT_TYPEDOC_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// Install tools/typedoc/node_modules from the lockfile (skipped when it already was)

function install() {
  const stampFile = join(here, 'node_modules', '.josekit-lockfile-sha256');
  const want = createHash('sha256')
    .update(readFileSync(join(here, 'package.json')))
    .update(readFileSync(join(here, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return;
  console.error('tools/typedoc: npm ci');
  // npm's own output goes to stderr, so that stdout carries only this script's report.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  writeFileSync(stampFile, want);
}
if (INSTALL) install();
if (!existsSync(join(here, 'node_modules', 'typedoc'))) {
  console.error('tools/typedoc/node_modules is missing: run `npm ci --prefix tools/typedoc` (or drop --no-install).');
  process.exit(2);
}
// Resolved from this file, so from tools/typedoc/node_modules.
const td = await import('typedoc');
const { ReflectionKind } = td;

// ---------------------------------------------------------------------------------------------
// Generate

/** Records what TypeDoc logs, with the source position made relative to the repository. */
class RecordingLogger extends td.Logger {
  records = [];
  addContext(message, _level, ...args) {
    let [pos, file] = args;
    if (pos === undefined) return message;
    if (typeof pos !== 'number') {
      file = pos.getSourceFile();
      pos = pos.getStart(file, false);
    }
    const { line } = file.getLineAndCharacterOfPosition(pos);
    return `${relative(root, file.fileName).split(sep).join('/')}:${line + 1}: ${message}`;
  }
  log(message, level) {
    super.log(message, level);
    this.records.push({ message: String(message), level });
  }
}

async function generate(outDir) {
  const app = await td.Application.bootstrapWithPlugins({ options: CONFIG, out: outDir, logLevel: 'Warn' }, [new td.TypeDocReader(), new td.TSConfigReader()]);
  const logger = new RecordingLogger();
  const bootstrapErrors = app.logger.errorCount;
  app.logger = logger;
  if (bootstrapErrors > 0) throw new Error('TypeDoc could not read its options (see above)');
  const project = await app.convert();
  if (!project) throw new Error(`TypeDoc could not convert src/index.ts:\n${logger.records.filter((r) => r.level >= td.LogLevel.Warn).map((r) => r.message).join('\n')}`);
  const beforeValidation = logger.records.length;
  app.validate(project);
  const validation = logger.records.slice(beforeValidation).filter((r) => r.level === td.LogLevel.Warn);
  await app.generateOutputs(project);
  for (const f of listFiles(outDir)) {
    const file = join(outDir, f);
    writeFileSync(file, `${GENERATED}\n\n${readFileSync(file, 'utf8')}`);
  }
  const failedOutput = logger.records.filter((r) => r.level === td.LogLevel.Error);
  if (failedOutput.length) throw new Error(`TypeDoc reported errors:\n${failedOutput.map((r) => r.message).join('\n')}`);
  const warnings = logger.records.filter((r) => r.level === td.LogLevel.Warn && !validation.includes(r));
  return {
    project,
    validation: unique(validation.map((r) => r.message)),
    warnings: unique(warnings.map((r) => r.message)),
    validationFails: app.options.getValue('treatValidationWarningsAsErrors') || app.options.getValue('treatWarningsAsErrors'),
  };
}

function unique(list) {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// Audit: members without TSDoc, exported functions without an @example

function hasText(comment) {
  return !!comment && (comment.summary.some((part) => part.text.trim() !== '') || comment.blockTags.length > 0);
}
function documented(refl) {
  if (hasText(refl.comment)) return true;
  const signatures = [...(refl.signatures ?? []), refl.getSignature, refl.setSignature].filter(Boolean);
  return signatures.some((s) => hasText(s.comment));
}
function hasExample(refl) {
  const comments = [refl.comment, ...(refl.signatures ?? []).map((s) => s.comment)];
  return comments.some((c) => c?.blockTags.some((t) => t.tag === '@example'));
}
/** The name a reader knows a reflection by: `Jwk.kty`, `generateKeyPair.publicKey`, `base64url.encode`. */
function displayName(refl) {
  const parts = [];
  for (let r = refl; r && !r.kindOf(ReflectionKind.Project); r = r.parent) {
    if (r.kindOf(ReflectionKind.TypeLiteral | ReflectionKind.SomeSignature)) continue;
    if (parts[0] !== r.name) parts.unshift(r.name);
  }
  return parts.join('.');
}
function ancestors(refl) {
  const list = [];
  for (let r = refl.parent; r; r = r.parent) list.push(r);
  return list;
}
/** The exported name a member belongs to. */
function ownerName(refl) {
  let r = refl;
  while (r.parent && !r.parent.kindOf(ReflectionKind.Project | ReflectionKind.Namespace)) r = r.parent;
  return displayName(r);
}

function audit(project) {
  const exports = [];
  const walk = (container) => {
    for (const child of container.children ?? []) {
      if (child.kindOf(ReflectionKind.Namespace)) walk(child);
      else exports.push(child);
    }
  };
  walk(project);
  const noExample = exports.filter((r) => r.kindOf(ReflectionKind.Function) && !hasExample(r)).map(displayName);
  // Methods are left out: their call signatures are in TypeDoc's own validation (see typedoc.json).
  const MEMBER = ReflectionKind.Property | ReflectionKind.Accessor | ReflectionKind.EnumMember;
  const members = new Map(); // owner -> [member names]
  for (const refl of Object.values(project.reflections)) {
    if (!refl.kindOf(MEMBER) || refl.flags.isExternal || refl.inheritedFrom || documented(refl)) continue;
    // An override that only narrows a type (an error class's `code`) keeps the base's description.
    if (refl.overwrites && refl.parent?.kindOf(ReflectionKind.Class)) continue;
    // Members of a parameter's inline type are described by the parameter, as TypeDoc has it.
    if (ancestors(refl).some((r) => r.kindOf(ReflectionKind.Parameter))) continue;
    const owner = ownerName(refl);
    const name = displayName(refl).slice(owner.length + 1);
    if (!members.has(owner)) members.set(owner, []);
    if (!members.get(owner).includes(name)) members.get(owner).push(name);
  }
  const sorted = [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([owner, names]) => [owner, names.sort()]);
  return { exportCount: exports.length, noExample, members: sorted };
}

// ---------------------------------------------------------------------------------------------
// Compare and write

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? d.path, d.name)).split(sep).join('/'))
    .sort();
}

/** What changes from `currentDir` (docs/api/) to `freshDir` (just generated). */
function compare(freshDir, currentDir) {
  const fresh = listFiles(freshDir);
  const current = new Set(listFiles(currentDir));
  const added = [];
  const changed = [];
  for (const f of fresh) {
    if (!current.has(f)) {
      added.push(f);
      continue;
    }
    current.delete(f);
    const a = readFileSync(join(currentDir, f), 'utf8');
    const b = readFileSync(join(freshDir, f), 'utf8');
    if (a === b) continue;
    const al = a.split('\n');
    const bl = b.split('\n');
    let i = 0;
    while (i < al.length && i < bl.length && al[i] === bl[i]) i++;
    changed.push({ file: f, line: i + 1, was: al[i], now: bl[i] });
  }
  return { fresh, added, removed: [...current].sort(), changed };
}

function sync(freshDir, currentDir, diff) {
  for (const f of [...diff.added, ...diff.changed.map((c) => c.file)]) {
    mkdirSync(dirname(join(currentDir, f)), { recursive: true });
    writeFileSync(join(currentDir, f), readFileSync(join(freshDir, f)));
  }
  for (const f of diff.removed) rmSync(join(currentDir, f));
  // Drop folders left empty, deepest first.
  const dirs = readdirSync(currentDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .sort((a, b) => b.length - a.length);
  for (const d of dirs) if (readdirSync(d).length === 0) rmdirSync(d);
}

/** Absolute paths would make the output depend on where it was generated. */
function assertPortable(dir) {
  const bad = [];
  for (const f of listFiles(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const p of [root, dir, os.tmpdir(), os.homedir()]) if (p.length > 1 && text.includes(p)) bad.push(`${f} contains ${p}`);
    if (text.includes('\r')) bad.push(`${f} contains a carriage return`);
  }
  if (bad.length) throw new Error(`the generated reference is not portable:\n  ${bad.join('\n  ')}`);
}

function clip(s, n = 100) {
  if (s === undefined) return '(end of file)';
  return JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);
}

// ---------------------------------------------------------------------------------------------
// Main

const tmp = mkdtempSync(join(os.tmpdir(), 'josekit-api-'));
let exitCode = 0;
try {
  const fresh = join(tmp, 'api');
  const result = await generate(fresh);
  assertPortable(fresh);
  const { exportCount, noExample, members } = audit(result.project);
  const diff = compare(fresh, OUT);
  const bytes = diff.fresh.reduce((n, f) => n + statSync(join(fresh, f)).size, 0);
  const different = diff.added.length + diff.removed.length + diff.changed.length > 0;

  // Report
  const lines = [];
  const section = (title, items) => {
    lines.push(`${title}${items.length ? ':' : ': none'}`);
    for (const item of items) lines.push(`  ${item.replaceAll('\n', '\n    ')}`);
  };
  section(`TypeDoc validation warnings (${result.validationFails ? 'errors' : 'listed only'})`, result.validation);
  section(`TypeDoc warnings${STRICT ? ' (errors with --strict)' : ''}`, result.warnings);
  section(`Exported functions without an @example${STRICT ? ' (errors with --strict)' : ''}`, noExample);
  const memberCount = members.reduce((n, [, names]) => n + names.length, 0);
  section(
    `Members without TSDoc${memberCount ? ` (${memberCount} in ${members.length} exports)` : ''}${STRICT ? ' (errors with --strict)' : ''}`,
    members.map(([owner, names]) => `${owner}: ${names.join(', ')}`),
  );
  console.log(lines.join('\n'));

  const failures = [];
  if (result.validationFails && result.validation.length) failures.push(`${result.validation.length} TypeDoc validation warning(s)`);
  if (STRICT && result.warnings.length) failures.push(`${result.warnings.length} TypeDoc warning(s)`);
  if (STRICT && noExample.length) failures.push(`${noExample.length} function(s) without an @example`);
  if (STRICT && memberCount) failures.push(`${memberCount} member(s) without TSDoc`);

  const summary = `${exportCount} exports, ${diff.fresh.length} files, ${(bytes / 1000).toFixed(0)} kB`;
  if (CHECK) {
    if (different) {
      console.log(`\ndocs/api/ is out of date with src/ (${summary} generated):`);
      const show = (label, list) => {
        for (const x of list.slice(0, 20)) console.log(`  ${label} ${x}`);
        if (list.length > 20) console.log(`  … and ${list.length - 20} more`);
      };
      show('missing ', diff.added);
      show('stale   ', diff.removed);
      show(
        'changed ',
        diff.changed.map((c) => `${c.file}:${c.line}\n      was ${clip(c.was)}\n      now ${clip(c.now)}`),
      );
      console.log(`regenerate with: ${REGENERATE}, then commit docs/api/`);
      exitCode = 1;
    } else {
      console.log(`\ndocs/api/ is current (${summary}), ${seconds()} s`);
    }
  } else {
    mkdirSync(OUT, { recursive: true });
    sync(fresh, OUT, diff);
    const what = different ? `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed` : 'no change';
    console.log(`\nwrote docs/api/ (${summary}; ${what}), ${seconds()} s`);
  }
  if (failures.length) {
    console.log(`\nFAILED: ${failures.join(', ')} (see above; the fix is in the TSDoc in src/)`);
    exitCode = 1;
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
