// Runs the edge-runtime IIFE bundle in @edge-runtime/vm: node hosts/edge.mjs <bundle.js>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EdgeRuntime } from 'edge-runtime';
import { emit, exitAfterFlush, fatal } from './protocol.mjs';

const require = createRequire(import.meta.url);
const version = require('edge-runtime/package.json').version;
try {
  emit({ type: 'info', version: `edge-runtime ${version} (Node ${process.versions.node})` });
  const runtime = new EdgeRuntime();
  runtime.evaluate(readFileSync(process.argv[2], 'utf8'));
  // The bundle defines globalThis.__josekitRun(); it resolves to a JSON string of
  // all events (VM objects are from another realm, strings cross cleanly).
  const json = await runtime.evaluate('globalThis.__josekitRun()');
  for (const ev of JSON.parse(json)) emit(ev);
  exitAfterFlush(0);
} catch (e) {
  fatal(`edge-runtime host: ${e && e.message}`, e && e.stack);
  exitAfterFlush(1);
}
