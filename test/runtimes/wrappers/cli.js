// Entry for Node / Deno / Bun: events go to stdout, one JSON line each.
import { run, __rawConsole } from 'josekit-harness:tests';

const send = (e) => __rawConsole.log('@@JOSEKIT@@' + JSON.stringify(e));
try {
  await run({ onEvent: send });
} catch (e) {
  send({ type: 'fatal', message: String((e && e.message) || e), stack: e && e.stack });
}
