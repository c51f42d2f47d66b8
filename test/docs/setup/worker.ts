// A Cloudflare Worker module (`export default { fetch }`) checked against the identity provider of
// idp.ts: afterBlock sends it a request bearing a valid token (expects 200 and { hello: "user-42" })
// and one without credentials (expects 401 and an error code). Exports no names to the block.

import { token } from './idp.js';

interface WorkerModule {
  default: { fetch(request: Request): Promise<Response> };
}

export async function afterBlock(exports: WorkerModule): Promise<void> {
  const ok = await exports.default.fetch(new Request('https://api.example/orders', { headers: { authorization: `Bearer ${token}` } }));
  const body = await ok.text();
  if (ok.status !== 200 || body !== JSON.stringify({ hello: 'user-42' })) throw new Error(`with a valid token the worker answered ${ok.status} ${body}`);
  const denied = await exports.default.fetch(new Request('https://api.example/orders'));
  const text = await denied.text();
  if (denied.status !== 401 || !/^ERR_[A-Z_]+: /.test(text)) throw new Error(`without a token the worker answered ${denied.status} ${text}`);
}
