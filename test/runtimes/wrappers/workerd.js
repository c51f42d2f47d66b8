// Entry for workerd (miniflare): one request runs every test and answers with the events as JSON.
import { run } from 'josekit-harness:tests';

export default {
  async fetch(request, env) {
    // The second worker of hosts/workerd.mjs: answers the tests' requests with the handler they registered.
    if (env && env.JOSEKIT_WORKER === 'peer') {
      const handler = globalThis.__JOSEKIT_PEER__;
      return handler ? handler(request) : new Response('no __JOSEKIT_PEER__ handler registered', { status: 500 });
    }
    globalThis.__JOSEKIT_WORKERD_ENV__ = env;
    const events = [];
    try {
      await run({ onEvent: (e) => { events.push(e); } });
    } catch (e) {
      events.push({ type: 'fatal', message: String((e && e.message) || e), stack: e && e.stack });
    }
    return new Response(JSON.stringify(events), { headers: { 'content-type': 'application/json' } });
  },
};
