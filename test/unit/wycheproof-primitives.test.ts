// Project Wycheproof primitive vectors (ECDSA P-256/384/521 in IEEE P1363 form, Ed25519) run
// through josekit's own verify core: keys imported with josekit's JWK import, signatures checked
// by verifySignature (the shape checks, then the platform). Node only: this file reaches into
// src/ for the internals.
import { describe, expect, it } from 'vitest';
import { importSpki, exportJwk, type JwsAlgorithm } from 'josekit';
import { JoseError, JwsSignatureVerificationFailed } from '../../src/errors.js';
import { lookupAlgorithm, type AlgorithmEntry } from '../../src/jwa/algorithms.js';
import { verifySignature } from '../../src/jws/verify.js';
import { importCheckedJwk } from '../../src/keys/normalize.js';
import p256 from '../../vectors/wycheproof/testvectors_v1/ecdsa_secp256r1_sha256_p1363_test.json';
import p384 from '../../vectors/wycheproof/testvectors_v1/ecdsa_secp384r1_sha384_p1363_test.json';
import p521 from '../../vectors/wycheproof/testvectors_v1/ecdsa_secp521r1_sha512_p1363_test.json';
import ed25519 from '../../vectors/wycheproof/testvectors_v1/ed25519_test.json';

type Result = 'valid' | 'invalid' | 'acceptable';
interface Case { tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: Result }
interface Group {
  publicKey: { curve: string; wx?: string; wy?: string; pk?: string };
  publicKeyJwk?: Record<string, unknown>;
  publicKeyPem: string;
  sha?: string;
  tests: Case[];
}
interface Suite { algorithm: string; numberOfTests: number; testGroups: Group[] }

/**
 * DEVIATION: cases where josekit's outcome differs from Wycheproof's on purpose. Keyed by
 * `${alg}:${tcId}`. None so far: no file has 'acceptable' cases, and josekit agrees on the rest.
 */
const DEVIATIONS: Record<string, { outcome: string; reason: string }> = {};

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** A Wycheproof hex integer (possibly with a 00 sign byte, possibly short) as exactly `size` bytes, or undefined if it does not fit. */
function coordinate(h: string, size: number): Uint8Array | undefined {
  const stripped = h.replace(/^(00)+/, '');
  if (stripped.length > size * 2) return undefined;
  return hex(stripped.padStart(size * 2, '0'));
}

/** The group's public key as a JWK: publicKeyJwk when the file has one, else built from wx/wy (or pk). */
function groupJwk(group: Group, entry: AlgorithmEntry): { jwk: Record<string, unknown>; built: Record<string, unknown> | undefined } {
  let built: Record<string, unknown> | undefined;
  if (entry.kty === 'EC') {
    const size = entry.signatureLength! / 2;
    const x = coordinate(group.publicKey.wx!, size);
    const y = coordinate(group.publicKey.wy!, size);
    if (x && y) built = { kty: 'EC', crv: entry.crv, x: b64url(x), y: b64url(y) };
  } else {
    built = { kty: 'OKP', crv: 'Ed25519', x: b64url(hex(group.publicKey.pk!)) };
  }
  return { jwk: group.publicKeyJwk ?? built!, built };
}

const FILES: [string, Suite, JwsAlgorithm][] = [
  ['ecdsa_secp256r1_sha256_p1363_test.json', p256 as unknown as Suite, 'ES256'],
  ['ecdsa_secp384r1_sha384_p1363_test.json', p384 as unknown as Suite, 'ES384'],
  ['ecdsa_secp521r1_sha512_p1363_test.json', p521 as unknown as Suite, 'ES512'],
  ['ed25519_test.json', ed25519 as unknown as Suite, 'EdDSA'],
];

/**
 * How many 'invalid' cases josekit's shape checks stop before the platform is asked, per file:
 * `total` (wrong length, or r/s zero or not below n) and, of those, `range` (right length, r or s
 * out of [1, n-1]). Ed25519 has only the length check. (On Node 20 the platform alone also
 * rejects every one of them; the checks make that independent of the runtime's WebCrypto.)
 */
const SHAPE_REJECTIONS: Record<string, { total: number; range: number }> = {
  ES256: { total: 71, range: 50 },
  ES384: { total: 69, range: 50 },
  ES512: { total: 54, range: 40 },
  EdDSA: { total: 12, range: 0 },
};
const SHAPE_MESSAGE = /bytes|zero|group order/;

/** Cases per verdict in each file (no file has 'acceptable' cases at this commit). */
const RESULTS: Record<string, Record<Result, number>> = {
  ES256: { valid: 173, invalid: 89, acceptable: 0 },
  ES384: { valid: 193, invalid: 87, acceptable: 0 },
  ES512: { valid: 231, invalid: 87, acceptable: 0 },
  EdDSA: { valid: 88, invalid: 63, acceptable: 0 },
};

for (const [file, suite, alg] of FILES) {
  describe(`Wycheproof ${file} through verifySignature (${alg})`, () => {
    const entry = lookupAlgorithm(alg)!;
    const shapeRejected: string[] = [];
    const rangeRejected: string[] = [];
    const refusedKeys: number[] = [];
    let groupsRun = 0;

    it(`has ${suite.numberOfTests} cases (${Object.entries(RESULTS[alg]!).map(([r, n]) => `${n} ${r}`).join(', ')}), hashed with the algorithm's hash`, () => {
      expect(entry).toBeDefined();
      const tests = suite.testGroups.flatMap((g) => g.tests);
      expect(tests).toHaveLength(suite.numberOfTests);
      const counts: Record<Result, number> = { valid: 0, invalid: 0, acceptable: 0 };
      for (const t of tests) counts[t.result]++;
      expect(counts).toEqual(RESULTS[alg]);
      for (const g of suite.testGroups) if (g.sha !== undefined) expect(g.sha).toBe(entry.hash);
    });

    suite.testGroups.forEach((group, index) => {
      const ids = group.tests.map((t) => t.tcId);
      const results = [...new Set(group.tests.map((t) => t.result))].join('/');
      const label = `group ${index + 1}${group.publicKeyJwk ? '' : ' (no publicKeyJwk: key built from wx/wy)'} tcId ${ids[0]}–${ids[ids.length - 1]} [${results}]`;
      it(label, async () => {
        groupsRun++;
        const { jwk, built } = groupJwk(group, entry);
        // The builder must agree with the file where the file has a JWK.
        if (group.publicKeyJwk && built) expect({ x: built.x, y: built.y }).toEqual({ x: group.publicKeyJwk.x, y: group.publicKeyJwk.y });

        let key: CryptoKey;
        try {
          key = await importCheckedJwk(jwk, entry, 'verify', true, 'import key');
        } catch (err) {
          // A key josekit cannot import: that must be a JoseError, and the group must be all invalid.
          expect(err).toBeInstanceOf(JoseError);
          expect(['ERR_JOSE_KEY_INVALID', 'ERR_JWK_INVALID']).toContain((err as JoseError).code);
          expect(group.tests.filter((t) => t.result !== 'invalid').map((t) => t.tcId)).toEqual([]);
          refusedKeys.push(index + 1);
          return;
        }
        if (!group.publicKeyJwk) {
          // Cross-check the hand-built JWK with the file's SPKI: the same point.
          const fromPem = await importSpki(group.publicKeyPem, alg, { extractable: true });
          expect(await exportJwk(fromPem)).toMatchObject({ x: jwk.x, ...(jwk.y ? { y: jwk.y } : {}) });
        }

        const mismatches: string[] = [];
        for (const test of group.tests) {
          let outcome: string;
          try {
            await verifySignature(entry, key, hex(test.sig), hex(test.msg));
            outcome = 'valid';
          } catch (err) {
            if (!(err instanceof JoseError)) {
              mismatches.push(`tcId ${test.tcId} (${test.comment}) threw a non-JoseError: ${String(err)}`);
              continue;
            }
            outcome = err.code;
            if (err instanceof JwsSignatureVerificationFailed && SHAPE_MESSAGE.test(err.message) && test.result === 'invalid') {
              shapeRejected.push(`${test.tcId}`);
              if (!/bytes/.test(err.message)) rangeRejected.push(`${test.tcId}`);
            }
          }
          const deviation = DEVIATIONS[`${alg}:${test.tcId}`];
          const expected = deviation
            ? deviation.outcome
            : test.result === 'valid'
              ? 'valid'
              : 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'; // invalid, and acceptable: josekit is strict
          if (outcome !== expected) {
            mismatches.push(`tcId ${test.tcId} (${test.comment}; ${test.flags.join(',')}): Wycheproof says ${test.result}, expected ${expected}, josekit says ${outcome}`);
          }
        }
        expect(mismatches).toEqual([]);
      });
    });

    const counts = SHAPE_REJECTIONS[alg]!;
    const invalid = suite.testGroups.flatMap((g) => g.tests).filter((t) => t.result === 'invalid').length;
    it(`josekit's own shape checks reject ${counts.total} of the ${invalid} invalid cases before the platform (${counts.range} by the r/s range check)`, () => {
      // Only meaningful once every group ran (vitest runs a file's tests in order).
      expect(groupsRun).toBe(suite.testGroups.length);
      expect(shapeRejected.length).toBe(counts.total);
      expect(rangeRejected.length).toBe(counts.range);
      // Every group's key imports (the special-coordinate groups hold valid points).
      expect(refusedKeys).toEqual([]);
    });
  });
}
