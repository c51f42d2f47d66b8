// josekit's own on-curve check for EC public keys (JWK and SPKI): some WebCrypto
// implementations (Deno's) import a point that is not on the curve.
import { describe, expect, it } from 'vitest';
import * as jose from '../../src/index.js';
import { lookupAlgorithm } from '../../src/jwa/algorithms.js';
import { ecPointProblem } from '../../src/keys/check.js';

const b64 = jose.base64url;

describe('EC public points must be on the curve', () => {
  for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
    it(`${alg}: a generated point passes, the same point with y changed fails (JWK and SPKI)`, async () => {
      const { publicKey } = await jose.generateKeyPair(alg, { extractable: true });
      const jwk = await jose.exportJwk(publicKey);
      const entry = lookupAlgorithm(alg)!;
      expect(ecPointProblem(entry, b64.decode(jwk.x!), b64.decode(jwk.y!))).toBeUndefined();

      const y = b64.decode(jwk.y!);
      y[y.length - 1] ^= 1;
      const bad = { ...jwk, y: b64.encode(y) };
      await expect(jose.importJwk(bad, alg)).rejects.toMatchObject({ code: 'ERR_JOSE_KEY_INVALID', message: /not on the P-\d+ curve/ });

      const spki = await jose.exportSpki(publicKey);
      const der = Uint8Array.from(atob(spki.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
      der[der.length - 1] ^= 1;
      const badPem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PUBLIC KEY-----`;
      await expect(jose.importSpki(badPem, alg)).rejects.toMatchObject({ code: 'ERR_JOSE_KEY_INVALID', message: /not on the P-\d+ curve/ });
    });
  }
  it('coordinates at or above the field prime fail', () => {
    const entry = lookupAlgorithm('ES256')!;
    const p = new Uint8Array(32).fill(0xff);
    expect(ecPointProblem(entry, p, new Uint8Array(32))).toMatch(/field prime/);
  });
});
