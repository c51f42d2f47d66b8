// Runs the worker bundle in workerd through miniflare: node hosts/workerd.mjs <worker.mjs>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Miniflare } from 'miniflare';
import { emit, exitAfterFlush, fatal } from './protocol.mjs';

const require = createRequire(import.meta.url);
const workerdVersion = require('workerd/package.json').version;
// Must not be newer than what the installed workerd supports (1.YYYYMMDD.x).
const COMPAT_DATE = '2026-04-01';
let mf;
try {
  emit({ type: 'info', version: `workerd ${workerdVersion} (miniflare ${require('miniflare/package.json').version}, compat ${COMPAT_DATE})` });
  // No nodejs_compat flag on purpose: Node-isms must fail here.
  const worker = { modules: true, script: readFileSync(process.argv[2], 'utf8'), compatibilityDate: COMPAT_DATE };
  // The same bundle again as a second worker, in an isolate of its own, that the tests reach as
  // env.PEER (test/runtimes/workerd-only: what isolates share, such as the Cache API).
  mf = new Miniflare({
    workers: [
      { ...worker, name: 'main', serviceBindings: { PEER: 'peer' } },
      { ...worker, name: 'peer', bindings: { JOSEKIT_WORKER: 'peer' } },
    ],
  });
  const res = await mf.dispatchFetch('http://localhost/');
  const body = await res.text();
  if (res.status !== 200) throw new Error(`worker answered HTTP ${res.status}: ${body.slice(0, 2000)}`);
  for (const ev of JSON.parse(body)) emit(ev);
  await mf.dispose();
  exitAfterFlush(0);
} catch (e) {
  fatal(`workerd host: ${e && e.message}`, e && e.stack);
  try { await mf?.dispose(); } catch { /* ignore */ }
  exitAfterFlush(1);
}
