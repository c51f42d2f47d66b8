// Two parties signing one document (general JWS JSON): a sender (ES256, kid "sender-2026") and
// a relay (EdDSA, kid "relay-1").
// Names: body (the webhook body, a string), senderKey / relayKey (private keys),
// senderPublicJwk / relayPublicJwk (their public JWKs, with kid, alg and use).

import { exportJwk, generateKeyPair } from 'josekit';

export const body = JSON.stringify({ event: 'order.paid', order: 'o-1234', at: '2026-11-22T10:00:00Z' });

const sender = await generateKeyPair('ES256', { extractable: true });
const relay = await generateKeyPair('EdDSA', { extractable: true });
export const senderKey = sender.privateKey;
export const relayKey = relay.privateKey;
export const senderPublicJwk = { ...(await exportJwk(sender.publicKey)), kid: 'sender-2026', alg: 'ES256', use: 'sig' };
export const relayPublicJwk = { ...(await exportJwk(relay.publicKey)), kid: 'relay-1', alg: 'EdDSA', use: 'sig' };
