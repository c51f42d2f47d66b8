// Strict base64url (RFC 4648 §5 as JOSE uses it): one accepted encoding per byte string.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64url, JoseError } from 'josekit';
import { bytes, text } from './support.js';

describe('base64url: RFC 4648 §10 test vectors (unpadded)', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, encoded] of cases) {
    it(`"${plain}" <-> "${encoded}"`, () => {
      expect(base64url.encode(plain)).toBe(encoded);
      expect(base64url.encode(bytes(plain))).toBe(encoded);
      expect(text(base64url.decode(encoded))).toBe(plain);
    });
  }
  it('uses "-" and "_" for 62 and 63', () => {
    expect(base64url.encode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64url.decode('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });
  it('encodes strings as UTF-8', () => {
    expect(base64url.encode('€')).toBe('4oKs');
  });
});

describe('base64url: round trips for arbitrary bytes', () => {
  it('decode(encode(x)) = x and the encoding is canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const encoded = base64url.encode(input);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(encoded.length % 4).not.toBe(1);
        expect(base64url.decode(encoded)).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });
});

describe('base64url: only the canonical form decodes', () => {
  const invalid: Array<[string, string, RegExp]> = [
    ['padding', 'Zg==', /padding/],
    ['single padding', 'Zm8=', /padding/],
    ['space', 'Zm9 v', /whitespace/],
    ['newline', 'Zm9v\nYmFy', /whitespace/],
    ['tab', '\tZm9v', /whitespace/],
    ['"+" (base64, not base64url)', 'a+8', /"\+"/],
    ['"/" (base64, not base64url)', 'a/8', /"\/"/],
    ['"?"', 'Zm?v', /"\?"/],
    ['non-ASCII', 'Zm9vé', /invalid character/],
    ['length 4n+1', 'Zm9vY', /impossible length/],
    ['length 1', 'Z', /impossible length/],
    ['non-zero trailing bits (2 chars)', 'Zh', /unused bits/],
    ['non-zero trailing bits (3 chars)', 'Zm9', /unused bits/],
  ];
  for (const [name, input, message] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => base64url.decode(input)).toThrow(JoseError);
      expect(() => base64url.decode(input)).toThrow(message);
    });
  }
  it('every non-canonical last character of a 2-char group is rejected', () => {
    // "Zg" is canonical for 0x66; the 15 other characters with the same top 2 bits are not.
    const accepted = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].filter((c) => {
      try {
        base64url.decode(`Z${c}`);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted).toEqual(['A', 'Q', 'g', 'w']);
  });
  it('rejects a non-string input', () => {
    expect(() => base64url.decode(42 as unknown as string)).toThrow(JoseError);
    expect(() => base64url.encode({} as unknown as string)).toThrow(JoseError);
  });
});
