// An identity provider at https://auth.example that CI can reach without a network: its JWK Set
// (an RS256 and an EdDSA public key) is served at https://auth.example/.well-known/jwks.json by a
// fake fetch, and `token` is one of its access tokens, for the API "orders-api".
//
// Names: issuer, audience, jwksUrl, jwkSet (the JSON set), jwks (a createRemoteJwks resolver over
// it), privateKey / publicKey / publicJwk (the RS256 pair, kid "rs-1"), edPrivateKey (EdDSA,
// kid "ed-1"), token (RS256, sub "user-42", scope "orders:read", 1 hour), issueToken(claims,
// options) for more, request (a Fetch Request to the API bearing the token), and req / res
// (a node:http IncomingMessage bearing the token and a ServerResponse writing nowhere).

import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { createRemoteJwks, exportJwk, generateKeyPair, signJwt, type SignJwtOptions } from 'josekit';
import { json, serve } from './_net.js';

export const issuer = 'https://auth.example';
export const audience = 'orders-api';
export const jwksUrl = 'https://auth.example/.well-known/jwks.json';

const rsa = await generateKeyPair('RS256', { extractable: true });
const ed = await generateKeyPair('EdDSA', { extractable: true });
export const privateKey = rsa.privateKey;
export const publicKey = rsa.publicKey;
export const edPrivateKey = ed.privateKey;
export const publicJwk = { ...(await exportJwk(rsa.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
export const jwkSet = { keys: [publicJwk, { ...(await exportJwk(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA', use: 'sig' }] };

serve({ [jwksUrl]: () => json(jwkSet) });

export const jwks = createRemoteJwks(jwksUrl);

/** A token from this provider: RS256 with kid "rs-1" unless options say otherwise. */
export function issueToken(claims: Record<string, unknown> = {}, options: Partial<SignJwtOptions> = {}): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const key = alg === 'EdDSA' ? ed.privateKey : rsa.privateKey;
  return signJwt({ scope: 'orders:read', ...claims }, key, {
    issuer, audience, subject: 'user-42', expiresIn: '1h', ...options, alg, kid: options.kid ?? (alg === 'EdDSA' ? 'ed-1' : 'rs-1'),
  });
}

export const token = await issueToken();

export const request = new Request('https://api.example/orders', { headers: { authorization: `Bearer ${token}` } });

export const req = new IncomingMessage(new Socket());
req.method = 'GET';
req.url = '/orders';
req.headers = { host: 'api.example', authorization: `Bearer ${token}` };
export const res = new ServerResponse(req);
