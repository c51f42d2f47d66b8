// A token from an app that signed with a short secret (jsonwebtoken's jwt.sign(payload,
// 'keyboard cat')): HS256, 12-byte secret, sub "user-42", 1 hour. josekit refuses to sign with
// such a secret, so it is made here by hand with WebCrypto.
// Names: legacyToken, legacySecretText ('keyboard cat').

import { base64url } from 'josekit';

export const legacySecretText = 'keyboard cat';

const now = Math.floor(Date.now() / 1000);
const input = `${base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ sub: 'user-42', iat: now, exp: now + 3600 }))}`;
const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(legacySecretText), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));

export const legacyToken = `${input}.${base64url.encode(signature)}`;
