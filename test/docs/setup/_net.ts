// Helper for setups (not a setup itself): a fake fetch that answers fixed URLs. Any other URL
// falls through to the fetch installed before it, in the end guard.mjs's, which fails the block.
// Install it at a setup's top level, before the block creates anything that captures
// globalThis.fetch (createRemoteJwks does, when it is created).

export type Route = (request: Request) => Response | Promise<Response>;

/** Every request each served URL received, for afterBlock checks. */
export const served: Request[] = [];

export function serve(routes: Record<string, Route>): void {
  const previous = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const route = routes[request.url];
    if (!route) return previous(input, init);
    served.push(request);
    return route(request);
  };
}

export function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}
