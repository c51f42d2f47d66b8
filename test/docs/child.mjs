// One doc-test block, in its own process (started by run.mjs):
//   node --enable-source-maps --import ./guard.mjs child.mjs <block URL> [<setup URL> ...]
// Imports the block (which imports its setups first), then calls each setup's `afterBlock(exports)`
// if it has one, and writes one JSON result to file descriptor 3:
//   { error?, unhandled: [...], network: [...] }
// then exits, so that a server or timer a block leaves open does not keep it alive.

import { writeSync } from 'node:fs';

const [blockUrl, ...setupUrls] = process.argv.slice(2);
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(describe(reason)));

function describe(err) {
  if (err === null || typeof err !== 'object') return { message: String(err) };
  const out = { name: err.name, message: String(err.message) };
  for (const k of ['code', 'step', 'claim', 'reason']) if (typeof err[k] === 'string') out[k] = err[k];
  if (typeof err.stack === 'string') out.stack = err.stack;
  if (err.cause !== undefined) out.cause = describe(err.cause);
  return out;
}

let error;
try {
  const exports = await import(blockUrl);
  for (const url of setupUrls) {
    const setup = await import(url);
    if (typeof setup.afterBlock === 'function') await setup.afterBlock(exports);
  }
} catch (err) {
  error = describe(err);
}
// Let rejections the block left unawaited surface before reporting.
for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));

const network = globalThis[Symbol.for('josekit.doctest.network')] ?? [];
writeSync(3, JSON.stringify({ error, unhandled, network }));
process.exit(0);
