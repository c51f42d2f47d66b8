// Project Wycheproof json_web_key_test.json: JWK and JWK Set validation, each case carrying a
// compact JWS. Every case is mapped onto josekit's public API three ways:
//   set  — verifyCompact with createLocalJwks over the group's verification set (its `public` set
//          where it has one; the HMAC groups only have `private`, i.e. secret, sets, so
//          allowSymmetric: true is passed when the set holds oct keys);
//   key  — verifyCompact with the one JWK of that set whose kid the token names (n/a when the kid
//          is not unique), which runs the same JWK rules as importJwk;
//   own  — importJwk(jwk, jwk.alg): the JWK taken at its word (n/a when the JWK has no alg).
// All with the token's own alg as the only allowed algorithm.
// Also: RFC 7520 §3.2's EC private key is the private half of §3.1's public key.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import suite from '../../vectors/wycheproof/testvectors_v1/json_web_key_test.json';
import ecPublic from '../../vectors/rfc7520/jwk/3_1.ec_public_key.json';
import ecPrivate from '../../vectors/rfc7520/jwk/3_2.ec_private_key.json';
import { bytes, keysFor, rejects, text } from './support.js';

interface Case { tcId: number; comment: string; jws: string; result: 'valid' | 'invalid'; flags: string[] }
interface Group { comment: string; private: jose.JwkSet; public?: jose.JwkSet; tests: Case[] }

const groups = (suite as unknown as { testGroups: Group[] }).testGroups;

type Outcome = string; // 'valid' (verified / imported) or a JoseError code
const VALID = 'valid';
const KEY = 'ERR_JOSE_KEY_INVALID';
const NO_KEY = 'ERR_JWKS_NO_MATCHING_KEY';
const UNSUPPORTED = 'ERR_JOSE_NOT_SUPPORTED';

/**
 * What josekit does with each case on each path (see the header comment); `own` and `key` are
 * null where they do not apply. A 'valid' on a case Wycheproof marks invalid must have an entry in
 * DEVIATIONS.
 */
const EXPECTED: Record<number, { set: Outcome; key: Outcome | null; own: Outcome | null }> = {
  1: { set: VALID, key: VALID, own: VALID }, // mixed oct + EC set: DEVIATION
  2: { set: VALID, key: VALID, own: VALID },
  3: { set: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', key: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', own: VALID },
  // Two different secrets under one kid: the set is accepted, selection refuses to guess.
  4: { set: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', key: null, own: null },
  5: { set: VALID, key: VALID, own: VALID },
  // alg RSA1_5 / use enc: never selected from a set; the JWK itself is bound to RSA1_5, which josekit does not implement.
  6: { set: NO_KEY, key: KEY, own: UNSUPPORTED },
  7: { set: VALID, key: VALID, own: VALID }, // ROCA: DEVIATION
  8: { set: KEY, key: KEY, own: KEY }, // 1024-bit modulus
  9: { set: KEY, key: KEY, own: KEY }, // e = 1
  10: { set: KEY, key: KEY, own: KEY }, // 31-byte HS256 secret
  11: { set: KEY, key: KEY, own: KEY }, // 47-byte HS384 secret
  12: { set: KEY, key: KEY, own: KEY }, // 63-byte HS512 secret
  13: { set: VALID, key: VALID, own: VALID }, // 65-byte secrets are fine for every HS*
  14: { set: VALID, key: VALID, own: VALID },
  15: { set: VALID, key: VALID, own: VALID },
  16: { set: KEY, key: KEY, own: KEY }, // empty secret
  17: { set: KEY, key: KEY, own: KEY },
  18: { set: KEY, key: KEY, own: KEY },
  19: { set: NO_KEY, key: KEY, own: UNSUPPORTED }, // alg "ES521" on a P-256 key: not a JWS algorithm
  20: { set: NO_KEY, key: KEY, own: UNSUPPORTED }, // alg "ES224": not a JWS algorithm
  21: { set: NO_KEY, key: KEY, own: KEY }, // use "enc"
  // The point is not on P-256: refused before any signature check, on every path, by josekit's
  // own on-curve check (Deno's WebCrypto would import it).
  22: { set: KEY, key: KEY, own: KEY },
  23: { set: NO_KEY, key: KEY, own: KEY }, // crv P-384 with alg ES256
  24: { set: NO_KEY, key: KEY, own: KEY }, // kty RSA with EC members and alg ES256
  25: { set: NO_KEY, key: KEY, own: UNSUPPORTED }, // an A256GCM key offered for HS256
  26: { set: NO_KEY, key: KEY, own: UNSUPPORTED }, // an A256KW key offered for HS256
};

/** DEVIATION: cases Wycheproof marks invalid that josekit accepts, and why. */
const DEVIATIONS: Record<number, string> = {
  1:
    'mixed symmetric/asymmetric set (flags MixedKeySet, Ambiguous: "best practice is to reject"). josekit refuses any oct key ' +
    'in a set unless the caller passes allowSymmetric: true (checked below: ERR_JWKS_INVALID by default); once opted in it does ' +
    'not also demand an all-symmetric set. The danger of mixing, HMAC-verifying with a public key as the secret, cannot arise: ' +
    'keys are selected and imported by kty/alg, so an HS256 token only ever meets an oct key. The token is a genuine HS256 ' +
    'MAC under the set\'s oct key with its kid, and verifies.',
  7:
    'ROCA (CVE-2017-15361) key. josekit has no ROCA fingerprint test: structurally this is a valid 2049-bit RSA key with ' +
    'e = 65537, above the 2048-bit minimum, so it imports and the (genuine) RS256 signature verifies. Detecting ROCA moduli ' +
    'is left to key generation/provisioning; a verifier cannot refuse it on structure alone.',
};

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const hasPrivate = (set: jose.JwkSet) => set.keys.some((k) => k.kty !== 'oct' && PRIVATE_MEMBERS.some((m) => (k as Record<string, unknown>)[m] !== undefined));

async function outcomeOf(run: () => Promise<unknown>, errors: string[], label: string, steps?: Record<string, unknown>): Promise<Outcome> {
  try {
    await run();
    return VALID;
  } catch (err) {
    if (!(err instanceof jose.JoseError)) {
      errors.push(`${label} threw a non-JoseError: ${String(err)}`);
      return 'non-JoseError';
    }
    if (steps) steps[label] = err.step;
    return err.code;
  }
}

describe('Wycheproof json_web_key_test.json', () => {
  const cases = groups.flatMap((g) => g.tests.map((t) => ({ group: g, test: t })));

  it('has the expected cases, each with a compact JWS and an expectation here', () => {
    expect(cases).toHaveLength(suite.numberOfTests);
    expect(cases).toHaveLength(26);
    expect(cases.map((c) => c.test.tcId).sort((a, b) => a - b)).toEqual(Object.keys(EXPECTED).map(Number));
    for (const { test } of cases) expect(test.jws.split('.')).toHaveLength(3);
    // Every deviation is a case Wycheproof calls invalid that josekit accepts.
    for (const id of Object.keys(DEVIATIONS).map(Number)) {
      expect(cases.find((c) => c.test.tcId === id)!.test.result).toBe('invalid');
      expect(EXPECTED[id]!.set).toBe(VALID);
    }
  });

  groups.forEach((group) => {
    for (const test of group.tests) {
      const deviation = DEVIATIONS[test.tcId];
      const name = `tcId ${test.tcId} ${group.comment} / ${test.comment} [${test.result}]${deviation ? ' (DEVIATION)' : ''}`;
      it(name, async () => {
        const header = jose.decodeHeader(test.jws) as jose.JoseHeader & { kid?: string };
        // The vector's alg, whatever it is: one josekit does not implement must be refused at run time.
        const algorithms = [header.alg as jose.JwsAlgorithm];
        const set = group.public ?? group.private;
        expect(hasPrivate(set)).toBe(false);
        const allowSymmetric = set.keys.some((k) => k.kty === 'oct');
        const errors: string[] = [];

        const got: Record<string, Outcome | null> = {};
        const steps: Record<string, unknown> = {};
        got.set = await outcomeOf(() => jose.verifyCompact(test.jws, jose.createLocalJwks(set, { allowSymmetric }), { algorithms }), errors, 'set', steps);
        const byKid = set.keys.filter((k) => k.kid === header.kid);
        const jwk = byKid.length === 1 ? byKid[0]! : undefined;
        got.key = jwk ? await outcomeOf(() => jose.verifyCompact(test.jws, jwk, { algorithms }), errors, 'key', steps) : null;
        got.own = jwk && typeof jwk.alg === 'string' ? await outcomeOf(() => jose.importJwk(jwk, jwk.alg as jose.JwsAlgorithm), errors, 'own', steps) : null;
        expect(errors).toEqual([]);
        expect(got).toEqual(EXPECTED[test.tcId]);
        // The off-curve point is refused when the key is imported, never at verify.
        if (test.tcId === 22) expect(steps).toEqual({ set: 'resolve key', key: 'resolve key', own: 'import key' });

        // Wycheproof's verdict, on the verification paths.
        const verdicts = [got.set, got.key].filter((o) => o !== null);
        if (test.result === 'valid' || deviation) expect(verdicts.every((o) => o === VALID)).toBe(true);
        else expect(verdicts.some((o) => o === VALID)).toBe(false);
      });
    }
  });

  it('refuses the private sets of the asymmetric groups as verification sets (publish public keys only)', async () => {
    const withPrivate = groups.filter((g) => hasPrivate(g.private));
    expect(withPrivate.map((g) => g.tests[0]!.tcId)).toEqual([5, 6, 7, 8, 9, 19, 20, 21, 22, 23, 24]);
    for (const g of withPrivate) await rejects(() => jose.createLocalJwks(g.private), jose.JwksInvalid, 'ERR_JWKS_INVALID', /private key material/);
  });

  it('tcId 1: without the allowSymmetric opt-in the mixed set is refused', async () => {
    const group = groups.find((g) => g.tests.some((t) => t.tcId === 1))!;
    await rejects(() => jose.createLocalJwks(group.private), jose.JwksInvalid, 'ERR_JWKS_INVALID', /symmetric/);
  });

  it('tcId 4: of the two keys sharing a kid, the first verifies alone and the second is not even canonical base64url', async () => {
    const group = groups.find((g) => g.tests.some((t) => t.tcId === 4))!;
    const [first, second] = group.private.keys;
    const { payload } = await jose.verifyCompact(group.tests[0]!.jws, first!, { algorithms: ['HS256'] });
    expect(text(payload)).toBe('foo');
    await rejects(jose.importJwk(second!, 'HS256'), jose.JwkInvalid, 'ERR_JWK_INVALID', /canonical/);
  });

  it('the private halves of the valid deterministic cases (HS*, RS256) re-create their tokens byte for byte', async () => {
    const valid = cases.filter(({ test }) => test.result === 'valid');
    expect(valid.map(({ test }) => test.tcId)).toEqual([2, 5, 13, 14, 15]);
    for (const { group, test } of valid) {
      const header = jose.decodeHeader(test.jws) as jose.JoseHeader & { kid: string };
      const privateJwk = group.private.keys.find((k) => k.kid === header.kid)!;
      const token = await jose.signCompact(bytes('foo'), privateJwk, { alg: header.alg as jose.JwsAlgorithm, kid: header.kid });
      expect(token, `tcId ${test.tcId}`).toBe(test.jws);
    }
  });
});

describe('RFC 7520 §3.2 EC private key is the private half of §3.1', () => {
  it('signs ES512 with §3.2 and verifies with §3.1', async () => {
    const token = await jose.signCompact('It’s a dangerous business, Frodo', ecPrivate as jose.Jwk, { alg: 'ES512', kid: ecPrivate.kid });
    const { payload, header } = await jose.verifyCompact(token, ecPublic as jose.Jwk, { algorithms: ['ES512'] });
    expect(text(payload)).toBe('It’s a dangerous business, Frodo');
    expect(header).toEqual({ alg: 'ES512', kid: 'bilbo.baggins@hobbiton.example' });
    // And not with some other P-521 key.
    const other = await keysFor('ES512');
    await rejects(jose.verifyCompact(token, other.verifyKey, { algorithms: ['ES512'] }), jose.JwsSignatureVerificationFailed, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('exportJwk of the imported §3.1 key gives §3.1\'s x and y; the imported §3.2 key carries the same point', async () => {
    const publicKey = await jose.importJwk(ecPublic as jose.Jwk, 'ES512', { extractable: true });
    expect(publicKey.type).toBe('public');
    expect(await jose.exportJwk(publicKey)).toEqual({ kty: 'EC', crv: 'P-521', x: ecPublic.x, y: ecPublic.y });
    const privateKey = await jose.importJwk(ecPrivate as jose.Jwk, 'ES512', { extractable: true });
    expect(privateKey.type).toBe('private');
    expect(await jose.exportJwk(privateKey)).toEqual({ kty: 'EC', crv: 'P-521', x: ecPublic.x, y: ecPublic.y, d: ecPrivate.d });
  });
});
