// One error family across every copy of josekit in a process (Node and WebCrypto builds, ESM and
// CommonJS, josekit and josekit/web): `instanceof` goes by the class's code lineage, recorded
// under a global symbol, so an error thrown by one copy is an instance of the other's classes.
import { describe, expect, it, vi } from 'vitest';

type Errors = typeof import('../../src/errors.js');

async function twoCopies(): Promise<[Errors, Errors]> {
  const first = await import('../../src/errors.js');
  vi.resetModules();
  const second = await import('../../src/errors.js');
  return [first, second];
}

describe('instanceof across copies of josekit', () => {
  it('the two copies really are distinct classes', async () => {
    const [a, b] = await twoCopies();
    expect(a.JoseError).not.toBe(b.JoseError);
  });

  it("an error from one copy is an instance of the other copy's class and of each class above it", async () => {
    const [a, b] = await twoCopies();
    const err = new b.JwtExpired('expired', { claim: 'exp', reason: 'check_failed', times: { at: new Date(0), now: new Date(0), toleranceSeconds: 0 } });
    expect(err).toBeInstanceOf(a.JwtExpired);
    expect(err).toBeInstanceOf(a.JwtClaimValidationFailed);
    expect(err).toBeInstanceOf(a.JoseError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('JwtExpired');
    expect(err.code).toBe('ERR_JWT_EXPIRED');
  });

  it('and not of a sibling class, nor is anything else a JoseError', async () => {
    const [a, b] = await twoCopies();
    expect(new b.JwtExpired('x', { claim: 'exp', reason: 'check_failed', times: { at: new Date(0), now: new Date(0), toleranceSeconds: 0 } })).not.toBeInstanceOf(a.JwtNotYetValid);
    expect(new b.JwsInvalid('x')).not.toBeInstanceOf(a.JwtInvalid);
    for (const value of [new Error('x'), {}, null, 'ERR_JOSE_GENERIC', { code: 'ERR_JWS_INVALID' }]) expect(value).not.toBeInstanceOf(a.JoseError);
    const hostile = new Proxy(new Error('x'), { get: () => { throw new Error('trap'); } });
    expect(hostile instanceof a.JoseError).toBe(false);
  });
});

describe('a forged object is no josekit error', () => {
  it('an object that carries the lineage and a toStringTag of "Error" is refused', async () => {
    const [a] = await twoCopies();
    const lineage = Symbol.for('josekit.error.lineage');
    const forged = { [Symbol.toStringTag]: 'Error', [lineage]: ['ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'ERR_JOSE_GENERIC'] };
    expect(forged instanceof a.JoseError).toBe(false);
    expect(forged instanceof a.JwtExpired).toBe(false);
    // The same lineage on a real error of this realm is what another copy of josekit makes.
    const real = Object.assign(new Error('x'), { [lineage]: ['ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'ERR_JOSE_GENERIC'] });
    expect(real instanceof a.JwtExpired).toBe(true);
  });
});
