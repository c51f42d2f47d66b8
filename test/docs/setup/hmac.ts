// A shared HMAC secret and things signed with it.
// Names: secret (32 random bytes, a Uint8Array: an HS256 key), document (a string to sign),
// token (an HS256 JWT signed with secret: iss "https://auth.example", aud "orders-api",
// sub "user-42", 15 minutes).

import { signJwt } from 'josekit';

export const secret = crypto.getRandomValues(new Uint8Array(32));
export const document = JSON.stringify({ invoice: 'INV-2026-0042', amount: '120.00', currency: 'EUR' });
export const token = await signJwt({ scope: 'orders:read' }, secret, {
  alg: 'HS256', issuer: 'https://auth.example', audience: 'orders-api', subject: 'user-42', expiresIn: '15m',
});
