#!/usr/bin/env node
// Builds dist/decoder.html: the offline JWT decoder page, one self-contained file.
//
//   node scripts/build-decoder.mjs        (after tsup; `npm run build` runs it)
//
// src/decoder/main.ts is bundled with esbuild (a dependency of tsup) straight from the sources,
// on the WebCrypto build of josekit (the same backend as `josekit/web`); the script and the
// style are inlined, and a Content-Security-Policy meta tag allows exactly those two (by their
// SHA-256 hashes) and nothing else: no network request of any kind, no other script, no form
// submission, no <base>, and Trusted Types so that no HTML string can ever become markup.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(REPO, 'src', 'decoder');
const OUT = join(REPO, 'dist', 'decoder.html');
const WEBCRYPTO_BACKEND = join(REPO, 'src', 'crypto', 'backend.ts');

function fail(message) {
  console.error(`build-decoder: ${message}`);
  process.exit(1);
}

// esbuild comes with tsup (a devDependency): `npm install` in the repository root provides it.
const esbuild = await import('esbuild').catch((err) => fail(`esbuild is not installed (run npm install in the repository root): ${err.message}`));

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const bundle = await esbuild.build({
  entryPoints: [join(SRC, 'main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [{
    // The page is the WebCrypto build, whatever resolves the seam: pin it.
    name: 'josekit-webcrypto-backend',
    setup(build) {
      build.onResolve({ filter: /(^|\/)crypto\/backend(\.node)?\.js$/ }, () => ({ path: WEBCRYPTO_BACKEND }));
    },
  }],
});
const script = bundle.outputFiles[0].text.trim();
const style = (await esbuild.transform(readFileSync(join(SRC, 'page.css'), 'utf8'), { loader: 'css', minify: true })).code.trim();

// Inline content must not end its element early or open an HTML comment inside a script.
if (/<\/script|<!--|<script/i.test(script)) fail('the bundled script contains "</script", "<script" or "<!--"; it cannot be inlined');
if (/<\/style/i.test(style)) fail('the stylesheet contains "</style"');
for (const name of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'eval(', 'new Function']) {
  if (script.includes(name)) fail(`the bundled script uses ${name}; the page must make no network requests and run no generated code`);
}

const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  // Only the empty data: favicon, which keeps browsers from asking a server for /favicon.ico.
  'img-src data:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const values = { CSP: csp, STYLE: style, SCRIPT: script, VERSION: version };
const template = readFileSync(join(SRC, 'page.html'), 'utf8');
const seen = new Set();
// A replacer function: the script's own text may contain "$&" and the like.
const html = template.replace(/\{\{([A-Z]+)\}\}/g, (whole, name) => {
  if (!(name in values)) fail(`page.html has an unknown placeholder ${whole}`);
  seen.add(name);
  return values[name];
});
for (const name of Object.keys(values)) if (!seen.has(name)) fail(`page.html lacks the placeholder {{${name}}}`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, html);
const bytes = Buffer.byteLength(html);
console.log(`build-decoder: ${relative(REPO, OUT)} ${(bytes / 1024).toFixed(1)} KiB (${(gzipSync(html).length / 1024).toFixed(1)} KiB gzipped; script ${(script.length / 1024).toFixed(1)} KiB, style ${(style.length / 1024).toFixed(1)} KiB)`);
