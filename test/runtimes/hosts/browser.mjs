// Runs the browser bundle in Chromium or Firefox ESR via playwright-core:
//   node hosts/browser.mjs <chromium|firefox> <dir with index.html + bundle.mjs>
// The page is served from a loopback HTTP server (crypto.subtle needs a secure
// context; http://127.0.0.1 is one, about:blank and file:// are not).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { chromium, firefox } from 'playwright-core';
import { emit, exitAfterFlush, fatal } from './protocol.mjs';

const [which, dir] = process.argv.slice(2);
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
  if (path.includes('..')) { res.writeHead(403).end(); return; }
  if (path === 'favicon.ico') { res.writeHead(204).end(); return; }
  try {
    const body = await readFile(join(dir, path));
    res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});

let browser;
async function main() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  if (which === 'chromium') {
    browser = await chromium.launch({
      executablePath: process.env.JOSEKIT_CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  } else if (which === 'firefox') {
    // playwright-core 1.62.1–1.64.1 only, with the moz-firefox channel (stock Firefox over WebDriver BiDi).
    browser = await firefox.launch({ channel: 'moz-firefox', executablePath: process.env.JOSEKIT_FIREFOX || '/usr/bin/firefox-esr', headless: true });
  } else {
    throw new Error(`unknown browser ${which}`);
  }
  const name = which === 'chromium' ? 'Chromium' : 'Firefox';
  emit({ type: 'info', version: `${name} ${browser.version()}` });
  const page = await browser.newPage();
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  // The page sends a JSON array of events per call (see wrappers/browser.js).
  await page.exposeFunction('__josekitReport', (json) => {
    for (const ev of JSON.parse(json)) {
      emit(ev);
      if (ev.type === 'done' || ev.type === 'fatal') finish();
    }
  });
  page.on('pageerror', (e) => { fatal(`uncaught error in page: ${e.message}`, e.stack); finish(); });
  page.on('console', (msg) => {
    // The page routes console.* through __josekitReport; anything else (e.g. the
    // browser's own module-load errors) is shown as-is.
    if (msg.type() === 'error') process.stdout.write(`(browser console error) ${msg.text()}\n`);
  });
  await page.goto(url);
  await finished;
}

main().then(
  async () => { await browser?.close().catch(() => {}); server.close(); exitAfterFlush(0); },
  async (e) => { fatal(`${which} host: ${e && e.message}`, e && e.stack); await browser?.close().catch(() => {}); server.close(); exitAfterFlush(1); },
);
