// Compiled (never run) by test/package/run.mjs wherever @types/node is present, with and without
// the DOM lib: keys josekit returns go to node:crypto's WebCrypto and KeyObject without casts.
import { KeyObject, webcrypto } from 'node:crypto';
import { generateKeyPair, importJwk, type CryptoKey } from 'josekit';

export async function interop(): Promise<void> {
  const { publicKey } = await generateKeyPair('ES256');
  const jwk = await webcrypto.subtle.exportKey('jwk', publicKey);
  const again: CryptoKey = await importJwk({ ...jwk, kty: jwk.kty ?? 'EC' }, 'ES256');
  const keyObject: KeyObject = KeyObject.from(again);
  const back: CryptoKey = await webcrypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  void [keyObject, back];
}
