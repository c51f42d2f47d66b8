// Entry for edge-runtime (IIFE): hosts/edge.mjs calls globalThis.__josekitRun() and
// gets every event back as one JSON string.
import { run } from 'josekit-harness:tests';

globalThis.__josekitRun = async () => {
  const events = [];
  try {
    await run({ onEvent: (e) => { events.push(e); } });
  } catch (e) {
    events.push({ type: 'fatal', message: String((e && e.message) || e), stack: e && e.stack });
  }
  return JSON.stringify(events);
};
