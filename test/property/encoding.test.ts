// Property 5: the public base64url codec and the strict JSON reader agree with independent
// references on random input.
//   base64url: decode(encode(bytes)) = bytes; decode accepts exactly the canonical strings
//     (reference: Node's Buffer; canonical iff the string has only the url alphabet and
//     Buffer.from(s, 'base64url').toString('base64url') === s), and then yields Buffer's bytes.
//   JSON: decodeJwt (and decodeHeader) on hand-built tokens accept exactly the texts that JSON.parse
//     accepts as an object with no duplicate member name at any depth (names compared after
//     unescaping) and nesting of at most 32 levels, and yield JSON.parse's value.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { TIMEOUT, assertPrototypeUntouched, b64, describeError, illFormed, outcome, params, prototypeSnapshot, utf16String, utf8 } from './support.js';

const proto = prototypeSnapshot();
afterAll(() => assertPrototypeUntouched(proto));

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const URL_ONLY = /^[A-Za-z0-9_-]*$/;

function canonical(s: string): boolean {
  return URL_ONLY.test(s) && Buffer.from(s, 'base64url').toString('base64url') === s;
}

describe('base64url agrees with Buffer', () => {
  it('decode(encode(bytes)) = bytes, and encode matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = jose.base64url.encode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(jose.base64url.decode(text)).toEqual(bytes);
      }),
      params(200),
    );
  });

  it('decode accepts exactly the canonical strings', () => {
    const alphabetOnly = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 12 });
    const withExtras = fc.string({ unit: fc.constantFrom(...ALPHABET, ...ALPHABET, '=', '+', '/', ' ', '\n', '\t', '.', 'é', '\u0000', '\u00a0', '\ufeff'), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(alphabetOnly, withExtras, utf16String(8)), (s) => {
        const result = (() => {
          try {
            return { ok: true as const, bytes: jose.base64url.decode(s) };
          } catch (error) {
            return { ok: false as const, error };
          }
        })();
        if (canonical(s)) {
          if (!result.ok) throw new Error(`canonical ${JSON.stringify(s)} was refused: ${describeError(result.error)}`);
          expect(result.bytes).toEqual(new Uint8Array(Buffer.from(s, 'base64url')));
        } else {
          if (result.ok) throw new Error(`non-canonical ${JSON.stringify(s)} was accepted as ${JSON.stringify([...result.bytes])}`);
          expect(result.error, 'a refusal is a JoseError').toBeInstanceOf(jose.JoseError);
          expect((result.error as jose.JoseError).code).toMatch(/^ERR_/);
        }
      }),
      params(400),
    );
  });

  it('encode(string) is UTF-8 exactly, never a lossy U+FFFD substitution', () => {
    fc.assert(
      fc.property(utf16String(10), (s) => {
        const wellFormed = !illFormed(s);
        const result = (() => {
          try {
            return { ok: true as const, text: jose.base64url.encode(s) };
          } catch (error) {
            return { ok: false as const, error };
          }
        })();
        if (wellFormed) {
          if (!result.ok) throw new Error(`encode refused well-formed ${JSON.stringify(s)}: ${describeError(result.error)}`);
          expect(result.text).toBe(Buffer.from(s, 'utf8').toString('base64url'));
        } else if (result.ok) {
          throw new Error(`encode(${JSON.stringify(s)}) has an unpaired surrogate but returned ${result.text} (lossy U+FFFD)`);
        } else {
          expect(result.error).toBeInstanceOf(jose.JoseError);
        }
      }),
      params(200),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Strict JSON

const MAX_DEPTH = 32;

/** Reference: JSON.parse, then an independent walk for duplicate names and depth. */
function reference(text: string): { ok: true; value: unknown } | { ok: false; why: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'JSON.parse refuses it' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, why: 'not an object' };
  // The text is valid JSON here, so a small recursive descent over it is exact.
  let i = 0;
  let deepest = 0;
  let duplicate: string | undefined;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const val = (depth: number): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      deepest = Math.max(deepest, depth + 1);
      const close = c === '{' ? '}' : ']';
      const names = new Set<string>();
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === '{') {
          const name = str();
          if (names.has(name)) duplicate ??= name;
          names.add(name);
          ws();
          i++; // ':'
        }
        val(depth + 1);
        ws();
        if (text[i++] === close) return;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
  };
  val(0);
  if (duplicate !== undefined) return { ok: false, why: `duplicate name ${JSON.stringify(duplicate)}` };
  if (deepest > MAX_DEPTH) return { ok: false, why: `depth ${deepest}` };
  return { ok: true, value };
}

const NAMES = ['a', 'b', 'alg', 'sub', 'aud', '__proto__', 'constructor', 'toString', 'é', '\u0000', '"', '\\', 'a b', ''];
const WS = fc.constantFrom('', '', ' ', '\n', '\t', '\r\n  ');

function encodeName(name: string, mode: number): string {
  const esc = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  if (mode === 0 || name === '') return JSON.stringify(name);
  if (mode === 1) return `"${[...name].map(esc).join('')}"`;
  return `"${esc(name[0]!)}${JSON.stringify(name.slice(1)).slice(1, -1)}"`;
}

const { objectText } = fc.letrec<{ objectText: string; valueText: string }>((tie) => ({
  valueText: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'json' },
    fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)),
    tie('objectText'),
    fc.array(tie('valueText'), { maxLength: 3, depthIdentifier: 'json' }).map((vs) => `[${vs.join(',')}]`),
  ),
  objectText: fc
    .array(fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 2 }), WS, tie('valueText')), { maxLength: 4, depthIdentifier: 'json' })
    .map((members) => `{${members.map(([n, mode, w, v]) => `${w}${encodeName(n, mode)}${w}:${w}${v}`).join(',')}}`),
}));

const jsonText = fc.oneof(
  { weight: 5, arbitrary: objectText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.integer({ min: 28, max: 36 }).map((d) => `{"a":${'['.repeat(d - 1)}${']'.repeat(d - 1)}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 28, max: 36 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.tuple(objectText, fc.constantFrom('\ufeff', ' ', '\n', 'x', ',', '}', '//', '\u00a0')).map(([t, extra]) => (extra === '\ufeff' ? extra + t : t + extra)) },
);

const HEADER = b64('{"alg":"HS256","typ":"JWT"}');
const SIGNATURE = b64(new Uint8Array(32));

describe('the strict JSON reader agrees with JSON.parse + a duplicate-name check', () => {
  it('claims, through decodeJwt', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, async (text) => {
        const expected = reference(text);
        const got = await outcome(() => jose.decodeJwt(`${HEADER}.${b64(utf8(text))}.${SIGNATURE}`));
        if (expected.ok) {
          if (!got.ok) throw new Error(`decodeJwt refused ${JSON.stringify(text)}: ${describeError(got.error)}`);
          expect(JSON.stringify(got.value)).toBe(JSON.stringify(expected.value));
        } else {
          if (got.ok) throw new Error(`decodeJwt accepted ${JSON.stringify(text)} (${expected.why})`);
          expect(got.error, describeError(got.error)).toBeInstanceOf(jose.JwtInvalid);
        }
      }),
      params(300),
    );
  }, TIMEOUT);

  it('headers, through decodeHeader (the text as the value of a member next to "alg")', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, async (inner) => {
        const text = `{"alg":"HS256","x":${inner}}`;
        const expected = reference(text);
        const got = await outcome(() => jose.decodeHeader(`${b64(utf8(text))}.${b64('{}')}.${SIGNATURE}`));
        if (expected.ok) {
          if (!got.ok) throw new Error(`decodeHeader refused ${JSON.stringify(text)}: ${describeError(got.error)}`);
          expect(JSON.stringify(got.value)).toBe(JSON.stringify(expected.value));
        } else {
          if (got.ok) throw new Error(`decodeHeader accepted ${JSON.stringify(text)} (${expected.why})`);
          expect(got.error, describeError(got.error)).toBeInstanceOf(jose.JwsInvalid);
        }
      }),
      params(150),
    );
  }, TIMEOUT);
});
