/**
 * `josekit decoder`: serves the offline decoder page (decoder.html, next to the built CLI) on
 * 127.0.0.1. The page is read once, at start, and served from memory: no request ever reaches
 * the file system, so no other file can be exposed.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atMostPositionals } from './args.js';
import { EXIT, type Command } from './command.js';
import { println } from './io.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit decoder [--port N]

Serves josekit's offline decoder page at http://127.0.0.1:PORT/ and prints the URL.
The page decodes tokens in the browser; nothing is sent anywhere. Only the page is
served, only on 127.0.0.1; stop with Ctrl-C.

Options:
  --port N     the port (default: a free one chosen by the system)
  -h, --help   this help

Exit codes: 0 stopped, 1 the page is missing or the port is taken, 2 usage error.`;

/** Headers of every answer: the page is not cached, framed or sniffed, and sends no referrer. */
const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** decoder.html, in the directory of the running CLI (dist/ in the package). */
export function decoderPagePath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'decoder.html');
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port ${JSON.stringify(value)} is not a port number (0 to 65535)`);
  return Number(value);
}

export const decoder: Command = {
  name: 'decoder',
  summary: 'serve the offline decoder page on 127.0.0.1',
  help: HELP,
  flags: { port: { type: 'string' } },
  async run(flags, context) {
    atMostPositionals(flags, 0);
    const port = parsePort(flags.strings.get('port'));
    const path = decoderPagePath();
    let page: Buffer;
    try {
      page = await readFile(path);
    } catch {
      println(context.stderr, `josekit decoder: the decoder page is missing: expected ${path} (it is built with the package by npm run build)`);
      return EXIT.failed;
    }
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const host = request.headers.host ?? '';
      const address = server.address();
      const ownPort = typeof address === 'object' && address ? address.port : port;
      // A page reached through another name (DNS rebinding) is not served.
      if (host !== `127.0.0.1:${ownPort}` && host !== `localhost:${ownPort}`) {
        response.writeHead(421, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('misdirected request\n');
        return;
      }
      if (url.pathname !== '/' && url.pathname !== '/decoder.html') {
        response.writeHead(404, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('not found: this server serves the decoder page only, at /\n');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { ...HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
        return;
      }
      response.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
      response.end(request.method === 'HEAD' ? undefined : page);
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const why = err.code === 'EADDRINUSE' ? `port ${port} is in use` : err.code === 'EACCES' ? `port ${port} needs privileges` : err.message;
        println(context.stderr, `josekit decoder: cannot listen on 127.0.0.1: ${why}`);
        resolve(false);
      });
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) return EXIT.failed;
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    println(context.stdout, `josekit decoder: http://127.0.0.1:${actual}/`);
    println(context.stderr, 'serving the decoder page only, on 127.0.0.1; press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
