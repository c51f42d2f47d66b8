// Preloaded (`node --import`) into every doc-test child before the block and its setups: no
// network. globalThis.fetch and every TCP/TLS connection (node:net, which node:http, node:https
// and Node's own fetch use) to a host other than loopback are refused, and each attempt is
// recorded, so that a block fails even when it catches the error itself. A setup that serves a
// URL replaces globalThis.fetch with a fake (setup/_net.ts) that falls back to this one for any
// URL it does not serve.

import net from 'node:net';

const attempts = [];
globalThis[Symbol.for('josekit.doctest.network')] = attempts;

function refuse(what) {
  attempts.push(what);
  return new Error(`doc tests have no network: ${what} (serve it from a setup: test/docs/setup/_net.ts)`);
}

globalThis.fetch = async function fetch(input) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
  throw new TypeError('fetch failed', { cause: refuse(`fetch ${url}`) });
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized arguments as one array; a socket.connect() caller
  // passes (options | port, host?, listener?) or (path, listener?).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  const isPipe = typeof options.path === 'string' || (typeof first === 'string' && !/^\d+$/.test(first));
  const host = options.host ?? 'localhost';
  if (!isPipe && !LOOPBACK.test(String(host))) {
    throw refuse(`connect ${host}:${options.port}`);
  }
  return connect.apply(this, args);
};
