// Entry for Chromium / Firefox: events go to the host through the function that
// hosts/browser.mjs exposes with page.exposeFunction. Each call is a round trip to
// the host (slow over Firefox's WebDriver BiDi), so events are batched: at most one
// call is in flight, and everything queued meanwhile goes in the next one.
import { run } from 'josekit-harness:tests';

const queue = [];
let inFlight = null;

function flush() {
  if (inFlight || queue.length === 0) return;
  const batch = JSON.stringify(queue.splice(0));
  inFlight = globalThis.__josekitReport(batch).finally(() => {
    inFlight = null;
    flush();
  });
}

async function drain() {
  while (inFlight || queue.length) {
    flush();
    await inFlight;
  }
}

function send(e) {
  queue.push(e);
  flush();
  // Only the last event is awaited, so that nothing is lost when the host closes the page.
  if (e.type === 'done' || e.type === 'fatal') return drain();
  return undefined;
}

run({ onEvent: send }).catch((e) => send({ type: 'fatal', message: String((e && e.message) || e), stack: e && e.stack }));
