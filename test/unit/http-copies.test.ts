// wwwAuthenticate recognises bearerToken's errors from another copy of josekit (a CommonJS
// dependency and an ESM app, josekit and josekit/web). Needs vi.resetModules, so it lives here
// rather than in test/portable (whose files also run in other runtimes, without `vi`).
import { describe, expect, it, vi } from 'vitest';
import * as jose from 'josekit';

const STEP = 'read bearer token';
const MISSING = Symbol.for('josekit.http.missingCredentials');

describe('wwwAuthenticate: errors from another copy of josekit (ESM and CJS, josekit and josekit/web)', () => {
  it('the missing-credentials marker and the bearer step are recognised across copies', async () => {
    vi.resetModules();
    const other = (await import('josekit')) as typeof jose;
    expect(other.bearerToken).not.toBe(jose.bearerToken);
    expect(other.JwsInvalid).not.toBe(jose.JwsInvalid);
    let missingError: unknown;
    try {
      other.bearerToken({});
    } catch (err) {
      missingError = err;
    }
    expect(jose.wwwAuthenticate(missingError, { realm: 'api' })).toBe('Bearer realm="api"');
    let malformedError: unknown;
    try {
      other.bearerToken('Bearer a b');
    } catch (err) {
      malformedError = err;
    }
    expect(jose.wwwAuthenticate(malformedError)).toMatch(/^Bearer error="invalid_request"/);
  });
  it('any JoseError carrying the marker is a missing-credentials error; the marker alone is not enough', () => {
    const marked = new jose.JwsInvalid('no credentials', { step: STEP });
    expect(jose.wwwAuthenticate(marked)).toMatch(/invalid_request/);
    Object.defineProperty(marked, MISSING, { value: true });
    expect(jose.wwwAuthenticate(marked)).toBe('Bearer');
    const plain = Object.defineProperty(new Error('no credentials'), MISSING, { value: true });
    expect(jose.wwwAuthenticate(plain)).toBe('Bearer error="invalid_token", error_description="The access token could not be verified"');
  });
});
