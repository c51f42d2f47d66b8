// Property 1: any single-character edit (replace, insert, delete) of a valid token, or any single
// bit flipped in the decoded bytes of its header, payload or signature, never verifies, for every
// algorithm, through verifyJwt and verifyCompact, and through the JSON serialisations. The only
// acceptable outcome is a rejection with a JoseError.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import {
  ALGS, TIMEOUT, allKeys, assertPrototypeUntouched, editString, expectJoseRejection, flipBit, mutateToken, mutation, outcome, params,
  prototypeSnapshot, type AlgKeys, type Mutation,
} from './support.js';

let keys: Map<string, AlgKeys>;
const tokens = new Map<string, string>();
const proto = prototypeSnapshot();
const NOW = new Date('2026-06-01T00:00:00Z');

beforeAll(async () => {
  keys = await allKeys();
  for (const alg of ALGS) {
    const k = keys.get(alg)!;
    if (!k.supported) continue;
    tokens.set(alg, await jose.signJwt({ sub: 'user-1', scope: 'read write', n: 42 }, k.signKey, { alg, expiresIn: '1h', currentDate: NOW }));
  }
});
afterAll(() => assertPrototypeUntouched(proto));

describe('single mutations of a compact token never verify', () => {
  for (const alg of ALGS) {
    it(alg, async () => {
      const k = keys.get(alg)!;
      if (!k.supported) {
        // Ed448 where the runtime lacks it: the clean refusal, on every path.
        const notSupported = async (f: () => unknown) => {
          const error = expectJoseRejection(await outcome(f), `${alg} on this runtime`);
          expect(error).toBeInstanceOf(jose.JoseNotSupported);
          expect(error.code).toBe('ERR_JOSE_NOT_SUPPORTED');
        };
        await notSupported(() => jose.generateKeyPair('Ed448'));
        const fake = `${Buffer.from('{"alg":"Ed448"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.${'A'.repeat(152)}`;
        await notSupported(() => jose.verifyCompact(fake, { kty: 'OKP', crv: 'Ed448', x: 'A'.repeat(76) }, { algorithms: ['Ed448'] }));
        return;
      }
      const token = tokens.get(alg)!;
      const opts = { algorithms: [alg], currentDate: NOW };
      // The unmutated token verifies (otherwise the property is vacuous).
      await expect(jose.verifyJwt(token, k.verifyKey, opts)).resolves.toBeDefined();
      await expect(jose.verifyCompact(token, k.verifyKey, { algorithms: [alg] })).resolves.toBeDefined();

      await fc.assert(
        fc.asyncProperty(mutation, async (m: Mutation) => {
          const mutated = mutateToken(token, m);
          if (mutated === token) return; // a flip cannot yield the same text; an edit never does
          expectJoseRejection(await outcome(() => jose.verifyJwt(mutated, k.verifyKey, opts)), `verifyJwt(${JSON.stringify(mutated)})`);
          expectJoseRejection(await outcome(() => jose.verifyCompact(mutated, k.verifyKey, { algorithms: [alg] })), `verifyCompact(${JSON.stringify(mutated)})`);
        }),
        params(20),
      );
    }, TIMEOUT);
  }
});

type Member = 'protected' | 'payload' | 'signature';
const memberMutation = fc.record({ member: fc.constantFrom<Member>('protected', 'payload', 'signature'), m: mutation });

function mutateMember(value: string, m: Mutation): string {
  return m.kind === 'flip' ? flipBit(value, m.bit) : editString(value, m);
}

describe('single mutations of a JSON-serialised JWS never verify', () => {
  for (const alg of ['HS256', 'ES256', 'EdDSA', 'PS256'] as const) {
    it(`flattened ${alg}`, async () => {
      const k = keys.get(alg)!;
      const jws = await jose.signFlattened('{"sub":"user-1"}', k.signKey, { alg, protectedHeader: { kid: 'k1' }, unprotectedHeader: { note: 'x' } });
      await expect(jose.verifyFlattened(jws, k.verifyKey, { algorithms: [alg] })).resolves.toBeDefined();
      await fc.assert(
        fc.asyncProperty(memberMutation, async ({ member, m }) => {
          const mutated = { ...jws, [member]: mutateMember(jws[member]!, m) };
          expectJoseRejection(await outcome(() => jose.verifyFlattened(mutated, k.verifyKey, { algorithms: [alg] })), `verifyFlattened(${JSON.stringify(mutated)})`);
        }),
        params(20),
      );
    }, TIMEOUT);
  }

  it('general HS256 + ES256 under policy "all"', async () => {
    const hs = keys.get('HS256')!;
    const es = keys.get('ES256')!;
    const jws = await jose.signGeneral('{"sub":"user-1"}', [
      { key: hs.signKey, alg: 'HS256', protectedHeader: { kid: 'h' } },
      { key: es.signKey, alg: 'ES256', protectedHeader: { kid: 'e' } },
    ]);
    const resolver = (header: jose.JoseHeader) => (header.alg === 'HS256' ? hs.verifyKey : es.verifyKey);
    const options: jose.VerifyGeneralOptions = { algorithms: ['HS256', 'ES256'], policy: 'all' };
    await expect(jose.verifyGeneral(jws, resolver, options)).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), memberMutation, async (index, { member, m }) => {
        const mutated: jose.GeneralJws =
          member === 'payload'
            ? { ...jws, payload: mutateMember(jws.payload!, m) }
            : { ...jws, signatures: jws.signatures.map((s, i) => (i === index ? { ...s, [member]: mutateMember(s[member]!, m) } : s)) };
        expectJoseRejection(await outcome(() => jose.verifyGeneral(mutated, resolver, options)), `verifyGeneral(${JSON.stringify(mutated)})`);
      }),
      params(20),
    );
  }, TIMEOUT);
});
