// Entry for workerd (miniflare): one request runs every test and answers with the events as JSON.
import { run } from 'josekit-harness:tests';

export default {
  async fetch() {
    const events = [];
    try {
      await run({ onEvent: (e) => { events.push(e); } });
    } catch (e) {
      events.push({ type: 'fatal', message: String((e && e.message) || e), stack: e && e.stack });
    }
    return new Response(JSON.stringify(events), { headers: { 'content-type': 'application/json' } });
  },
};
