// For a block that exports a Fetch-style handler `handle(request) => Response` verifying tokens of
// the identity provider of idp.ts (https://auth.example, audience "orders-api", RS256): afterBlock
// calls it with a request bearing a valid token (expects a 2xx answer) and with one without
// credentials (expects 401 with a WWW-Authenticate challenge). Exports no names to the block.

import { token } from './idp.js';

interface HandlerModule {
  handle(request: Request): Promise<Response>;
}

export async function afterBlock(exports: HandlerModule): Promise<void> {
  if (typeof exports.handle !== 'function') throw new Error('setup=handler: the block exports no handle(request) function');
  const url = 'https://api.example/orders';
  const ok = await exports.handle(new Request(url, { headers: { authorization: `Bearer ${token}` } }));
  if (ok.status < 200 || ok.status > 299) throw new Error(`with a valid token the handler answered ${ok.status} ${await ok.text()}`);
  const denied = await exports.handle(new Request(url));
  if (denied.status !== 401 || !denied.headers.get('www-authenticate')?.startsWith('Bearer')) {
    throw new Error(`without credentials the handler answered ${denied.status}, WWW-Authenticate: ${denied.headers.get('www-authenticate')}`);
  }
}
