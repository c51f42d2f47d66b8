// Project Wycheproof json_web_signature_test.json: every compact JWS case, verified with the
// group's key. The allowlist holds every algorithm, so what stops a wrong-primitive token is the
// key binding (JWK kty/alg/use/key_ops), not the allowlist.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import suite from '../../vectors/wycheproof/testvectors_v1/json_web_signature_test.json';

interface Case { tcId: number | string; comment: string; jws: unknown; result: 'valid' | 'invalid' }
interface Group { comment: string; public?: jose.Jwk; private?: jose.Jwk; tests: Case[] }

const groups = (suite as unknown as { testGroups: Group[] }).testGroups;

/**
 * DEVIATION: cases where josekit's outcome differs from Wycheproof's on purpose, with the reason
 * and the outcome we require instead (an error code, or 'valid').
 */
const DEVIATIONS: Record<string, { code: string; reason: string; identicalTo?: string }> = {
  '346': { code: 'ERR_JOSE_KEY_INVALID', reason: 'the JWK says alg "PS256" but the token is PS384; a JWK alg binds the key to that one algorithm' },
  '350': { code: 'ERR_JOSE_KEY_INVALID', reason: 'same as 346, with key_ops' },
  '347': { code: 'ERR_JOSE_KEY_INVALID', reason: 'the JWK says alg "ES521", which is not a registered JWS algorithm and is not ES512' },
  '351': { code: 'ERR_JOSE_KEY_INVALID', reason: 'same as 347, with key_ops' },
  '372': { code: 'ERR_JWS_INVALID', reason: 'a "?" inserted in the header segment is not base64url; RFC 7515 signs the segment text as sent, and its MAC only matches after stripping the character' },
  '373': { code: 'ERR_JWS_INVALID', reason: 'same as 372, in the payload segment' },
  // These two are marked invalid, but their text is the valid tcId 357 byte for byte: the padding
  // the comment describes is not in the file, so there is nothing to reject (checked below).
  '367': { code: 'valid', reason: '"invalidBase64Padding" without any padding in the token', identicalTo: '357' },
  '370': { code: 'valid', reason: '"invalidBase64PaddingInPayload" without any padding in the token', identicalTo: '357' },
};
const byId = new Map(groups.flatMap((g) => g.tests).map((t) => [String(t.tcId), t]));

const algorithms = [...jose.JWS_ALGORITHMS];

describe('Wycheproof json_web_signature_test.json', () => {
  it('has the expected number of cases, all compact', () => {
    const cases = groups.flatMap((g) => g.tests);
    expect(cases).toHaveLength(suite.numberOfTests);
    expect(cases.every((c) => typeof c.jws === 'string')).toBe(true);
  });

  groups.forEach((group, index) => {
    const ids = group.tests.map((t) => t.tcId);
    it(`group ${index + 1} "${group.comment}" (tcId ${ids[0]}–${ids[ids.length - 1]})`, async () => {
      const key = group.public ?? group.private!;
      const mismatches: string[] = [];
      for (const test of group.tests) {
        let outcome: string;
        try {
          await jose.verifyCompact(test.jws as string, key, { algorithms });
          outcome = 'valid';
        } catch (err) {
          if (!(err instanceof jose.JoseError)) {
            mismatches.push(`tcId ${test.tcId} (${test.comment}) threw a non-JoseError: ${String(err)}`);
            continue;
          }
          outcome = err.code;
        }
        const deviation = DEVIATIONS[String(test.tcId)];
        if (deviation) {
          if (deviation.identicalTo) expect(test.jws).toBe(byId.get(deviation.identicalTo)!.jws);
          else expect(test.result).toBe('valid');
          if (outcome !== deviation.code) mismatches.push(`tcId ${test.tcId}: expected deviation ${deviation.code}, got ${outcome}`);
        } else if ((test.result === 'valid') !== (outcome === 'valid')) {
          mismatches.push(`tcId ${test.tcId} (${test.comment}): Wycheproof says ${test.result}, josekit says ${outcome}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });
});
