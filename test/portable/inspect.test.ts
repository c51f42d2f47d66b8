// inspectJwt as a debugging tool that can be handed anything: maxTokenLength and over-long input,
// options that are not options, the common mix-ups (a Bearer prefix, a JWE, an SD-JWT),
// sub-second times, and the embeddedJwk() note. Its basic report is covered in jwt.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as jose from 'josekit';
import { keysFor, type KeyPairFor } from './support.js';

const b64 = jose.base64url.encode;
/** 2026-01-01T00:00:00Z. */
const T0 = 1767225600;
const at = (seconds: number) => new Date(Math.round(seconds * 1000));
const codes = (r: jose.JwtInspection) => r.problems.map((p) => p.code);
const find = (r: jose.JwtInspection, code: jose.InspectionCode) => r.problems.filter((p) => p.code === code);

let hs: KeyPairFor;
let token: string;
beforeAll(async () => {
  hs = await keysFor('HS256');
  token = await jose.signJwt({ sub: 'u' }, hs.signKey, { alg: 'HS256', currentDate: at(T0), expiresIn: 60 });
});

/** An unsigned token over raw header and payload JSON, with a 32-byte zero signature. */
const unsigned = (header: string, payload: string) => `${b64(header)}.${b64(payload)}.${b64(new Uint8Array(32))}`;

describe('maxTokenLength', () => {
  it('defaults to 65536, as verifyJwt', () => {
    expect(jose.inspectJwt(token, { now: at(T0) }).problems).toEqual([]);
  });
  it('a token over the given limit is TOO_LONG, an error (a verifier with that limit refuses it)', () => {
    const r = jose.inspectJwt(token, { now: at(T0), maxTokenLength: 100 });
    expect(r.problems[0]).toEqual({ code: 'TOO_LONG', severity: 'error', message: `the token is ${token.length} characters, over the limit of 100 (maxTokenLength)` });
    // Within 4x the limit it is still decoded, so the report says what the token holds.
    expect(r.payload).toEqual({ sub: 'u', iat: T0, exp: T0 + 60 });
  });
  it('a payload segment over the limit is TOO_LONG with segment "payload", never PAYLOAD_NOT_JSON', () => {
    const big = unsigned('{"alg":"HS256"}', JSON.stringify({ exp: T0 + 60, pad: 'x'.repeat(200) }));
    const r = jose.inspectJwt(big, { now: at(T0), maxTokenLength: 200 });
    expect(codes(r)).toEqual(['TOO_LONG', 'TOO_LONG']);
    expect(r.problems[1]).toMatchObject({ code: 'TOO_LONG', severity: 'error', segment: 'payload' });
    expect(r.problems[1]!.message).toMatch(/^payload: the segment is \d+ characters, over the limit of 200 \(maxTokenLength\); not decoded$/);
    expect(r.header).toEqual({ alg: 'HS256' });
    expect(r.payload).toBeUndefined();
    expect(r.wellFormed).toBe(false);
  });
  it('a header segment over the limit is TOO_LONG with segment "header", never HEADER_NOT_JSON', () => {
    const big = unsigned(JSON.stringify({ alg: 'HS256', kid: 'k'.repeat(300) }), '{"exp":1}');
    const r = jose.inspectJwt(big, { now: at(T0), maxTokenLength: 300 });
    expect(find(r, 'TOO_LONG').map((p) => p.segment)).toEqual([undefined, 'header']);
    expect(codes(r)).not.toContain('HEADER_NOT_JSON');
    expect(r.payload).toEqual({ exp: 1 });
  });
  it('a signature segment over the limit is TOO_LONG with segment "signature"', () => {
    const r = jose.inspectJwt(`${b64('{"alg":"HS256"}')}.${b64('{"exp":1}')}.${'A'.repeat(120)}`, { now: at(T0), maxTokenLength: 100 });
    expect(find(r, 'TOO_LONG').map((p) => p.segment)).toEqual([undefined, 'signature']);
  });
  it('the default limit applies to segments too: a 70 000-character payload is TOO_LONG, not "not JSON"', () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256"}', JSON.stringify({ exp: 9, x: 'y'.repeat(70000) })), { now: at(0) });
    expect(find(r, 'TOO_LONG').map((p) => p.segment)).toEqual([undefined, 'payload']);
    expect(codes(r)).not.toContain('PAYLOAD_NOT_JSON');
  });
  it('input far beyond the limit (10 MB) is reported without being split or decoded', () => {
    // A well-formed token: had it been decoded, header and payload would be in the report.
    const huge = unsigned('{"alg":"HS256"}', JSON.stringify({ exp: 9, pad: 'z'.repeat(7_500_000) }));
    expect(huge.length).toBeGreaterThan(10_000_000);
    const r = jose.inspectJwt(huge, { now: at(T0) });
    expect(r).toStrictEqual({
      wellFormed: false, signature: {}, times: {}, now: '2026-01-01T00:00:00Z',
      problems: [{ code: 'TOO_LONG', severity: 'error', message: `the token is ${huge.length} characters, over the limit of 65536 (maxTokenLength); too far over it to be decoded` }],
    });
    // Nor counted: ten million dots are not ten million segments.
    expect(codes(jose.inspectJwt('.'.repeat(10_000_000)))).toEqual(['TOO_LONG']);
  });
  it('a larger limit lets a larger token be inspected', () => {
    const big = unsigned('{"alg":"HS256"}', JSON.stringify({ exp: T0 + 60, pad: 'x'.repeat(100_000) }));
    const r = jose.inspectJwt(big, { now: at(T0), maxTokenLength: 200_000 });
    expect(codes(r)).toEqual([]);
    expect((r.payload as { pad: string }).pad).toHaveLength(100_000);
  });
});

describe('any options value: a report, never a throw', () => {
  const throwingHandler = new Proxy({}, { get: () => () => { throw new Error('trap'); } });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const getterThrows = Object.defineProperty({}, 'now', { get() { throw new Error('getter'); }, enumerable: true });
  const cases: Array<[string, unknown, RegExp | null]> = [
    ['undefined', undefined, null],
    ['{}', {}, null],
    ['null', null, /the options are null, not an object; using the defaults/],
    ['a number', 42, /the options are number/],
    ['a string', 'now', /the options are string/],
    ['a function', () => ({}), /the options are function/],
    ['a Proxy whose every trap throws', new Proxy({}, throwingHandler), /the options could not be read \(trap\)/],
    ['a revoked Proxy', revoked.proxy, /the options could not be read/],
    ['a getter that throws', getterThrows, /could not be read \(getter\)/],
    ['now: a number', { now: T0 * 1000 }, /"now" is number, not a valid Date; using the real clock/],
    ['now: an Invalid Date', { now: new Date(NaN) }, /"now" is an invalid Date/],
    ['now: an object with Date.prototype', { now: Object.create(Date.prototype) }, /"now" is object, not a valid Date/],
    ['now: a Proxy of a Date', { now: new Proxy(new Date(0), {}) }, /"now" is object/],
    ['maxTokenLength: 0', { maxTokenLength: 0 }, /"maxTokenLength" 0 is not a positive integer; using 65536/],
    ['maxTokenLength: -1', { maxTokenLength: -1 }, /"maxTokenLength" -1/],
    ['maxTokenLength: 1.5', { maxTokenLength: 1.5 }, /1\.5/],
    ["maxTokenLength: '100'", { maxTokenLength: '100' }, /"maxTokenLength" "100"/],
    ['maxTokenLength: NaN', { maxTokenLength: NaN }, /NaN/],
    ['maxTokenLength: a bigint', { maxTokenLength: 10n }, /10n/],
    ['maxTokenLength: a Symbol', { maxTokenLength: Symbol('x') }, /Symbol\(x\)/],
    ['maxTokenLength: hostile toString', { maxTokenLength: { toString() { throw new Error('no'); } } }, /"maxTokenLength" \{\} is not a positive integer/],
  ];
  for (const [name, options, message] of cases) {
    it(name, () => {
      const r = jose.inspectJwt(token, options as never);
      const warnings = find(r, 'OPTIONS_INVALID');
      if (message === null) expect(warnings).toEqual([]);
      else {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]!.severity).toBe('warning');
        expect(warnings[0]!.message).toMatch(message);
      }
      // The token itself is still inspected, with the defaults.
      expect(r.payload).toMatchObject({ sub: 'u' });
    });
  }
  it('a failure inside is the problem INSPECTION_FAILED, not a throw', () => {
    const original = Date.prototype.toISOString;
    Date.prototype.toISOString = () => {
      throw new Error('clock broke');
    };
    try {
      const r = jose.inspectJwt(token, { now: at(T0) });
      expect(codes(r)).toEqual(['INSPECTION_FAILED']);
      expect(r.problems[0]!.message).toMatch(/the token could not be inspected: clock broke/);
      expect(r.now).toBe(String(T0));
    } finally {
      Date.prototype.toISOString = original;
    }
  });
  it('never throws, for any token and any options (fuzzed)', () => {
    // Hostile values are made inside the property: fast-check itself would trip over them.
    const makers: Array<() => unknown> = [
      () => null, () => new Proxy({}, throwingHandler), () => revoked.proxy, () => getterThrows, () => Object.create(Date.prototype),
      () => [, 1], () => ({ now: new Proxy(new Date(0), throwingHandler) }), () => ({ maxTokenLength: new Proxy({}, throwingHandler) }),
    ];
    const options = fc.oneof(
      fc.anything().map((value) => () => value),
      fc.nat(makers.length - 1).map((i) => makers[i]!),
      fc
        .record({ now: fc.oneof(fc.date(), fc.anything()), maxTokenLength: fc.oneof(fc.integer(), fc.anything()), allowPadding: fc.oneof(fc.boolean(), fc.anything()) }, { requiredKeys: [] })
        .map((value) => () => value),
    );
    const tokens = fc.oneof(fc.anything(), fc.string(), fc.constantFrom(token, `Bearer ${token}`, `${token}~abc~`, 'a.b.c.d.e', 'eyJhbGciOiJIUzI1NiJ9=.e30=.AA==', 'a=.=b.c==='));
    fc.assert(
      fc.property(tokens, options, (t, make) => {
        const r = jose.inspectJwt(t, make() as never);
        return Array.isArray(r.problems) && typeof r.wellFormed === 'boolean' && typeof r.now === 'string';
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('hints for tokens that are something else', () => {
  it('"Bearer " in front: strip the scheme', () => {
    for (const prefix of ['Bearer ', 'bearer ', 'BEARER\t']) {
      const r = jose.inspectJwt(`${prefix}${token}`, { now: at(T0) });
      expect(r.problems[0]).toEqual({
        code: 'BEARER_SCHEME', severity: 'error', offset: 0,
        message: `the token starts with the HTTP authorization scheme ${JSON.stringify(prefix.slice(0, 6))}: strip it and pass only the token`,
      });
      expect(codes(r)).toContain('HEADER_NOT_BASE64URL');
    }
    expect(codes(jose.inspectJwt(`Bearer${token}`, { now: at(T0) }))).not.toContain('BEARER_SCHEME');
  });
  it('5 segments: it looks like a JWE', () => {
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ';
    const r = jose.inspectJwt(jwe, { now: at(T0) });
    expect(codes(r).slice(0, 2)).toEqual(['SEGMENT_COUNT', 'LOOKS_LIKE_JWE']);
    expect(find(r, 'LOOKS_LIKE_JWE')[0]!.message).toMatch(/looks like a JWE \(an encrypted token/);
    expect(codes(jose.inspectJwt('a.b.c.d', { now: at(T0) }))).not.toContain('LOOKS_LIKE_JWE');
  });
  it('"~": it looks like an SD-JWT', () => {
    const sd = `${token}~WyJzYWx0IiwiZmFtaWx5X25hbWUiLCJEb2UiXQ~`;
    const r = jose.inspectJwt(sd, { now: at(T0) });
    expect(find(r, 'LOOKS_LIKE_SD_JWT')).toEqual([{
      code: 'LOOKS_LIKE_SD_JWT', severity: 'error', offset: token.length,
      message: 'the token contains "~": it looks like an SD-JWT (issuer-signed JWT~disclosures~), whose JWT is the part before the first "~"',
    }]);
    // The issuer-signed JWT before it is still read.
    expect(r.payload).toMatchObject({ sub: 'u' });
    expect(find(r, 'SIGNATURE_NOT_BASE64URL')[0]!.offset).toBe(token.length);
  });
});

describe('signature length', () => {
  it('"EdDSA" signatures are 64 bytes (Ed25519) or 114 (Ed448, RFC 8037 §3.1)', () => {
    const eddsa = (bytes: number) => `${b64('{"alg":"EdDSA"}')}.${b64(`{"exp":${T0 + 60}}`)}.${b64(new Uint8Array(bytes))}`;
    expect(jose.inspectJwt(eddsa(64), { now: at(T0) })).toMatchObject({ problems: [], signature: { bytes: 64, expectedBytes: 64 } });
    expect(jose.inspectJwt(eddsa(114), { now: at(T0) })).toMatchObject({ problems: [], signature: { bytes: 114, expectedBytes: 114 } });
    expect(jose.inspectJwt(eddsa(100), { now: at(T0) }).problems).toEqual([
      { code: 'SIGNATURE_LENGTH', severity: 'error', segment: 'signature', message: 'the signature is 100 bytes; EdDSA signatures are 64 (Ed25519) or 114 (Ed448)' },
    ]);
    // "Ed25519" is only ever 64.
    const ed25519 = `${b64('{"alg":"Ed25519"}')}.${b64(`{"exp":${T0 + 60}}`)}.${b64(new Uint8Array(114))}`;
    expect(jose.inspectJwt(ed25519, { now: at(T0) }).problems[0]!.message).toBe('the signature is 114 bytes; Ed25519 signatures are 64');
  });
});

describe('the jwk header parameter', () => {
  it("the note names the embeddedJwk() opt-in; jku, x5u and x5c keep theirs", () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256","jwk":{"kty":"EC"},"jku":"https://x.example"}', `{"exp":${T0 + 60}}`), { now: at(T0) });
    const notes = Object.fromEntries(find(r, 'HEADER_PARAMETER_IGNORED').map((p) => [/header "(\w+)"/.exec(p.message)![1], p.message]));
    expect(notes.jwk).toBe('header "jwk" is ignored: josekit never takes a key from the token unless you opt in with embeddedJwk() (pin the thumbprints you trust)');
    expect(notes.jku).toBe('header "jku" is ignored: josekit never takes keys from the token (use your key or resolver)');
  });
});

describe('sub-second times (RFC 7519 §2: a NumericDate may be fractional)', () => {
  it('a fractional exp is expired at its exact instant, not at the next whole second', () => {
    const t = unsigned('{"alg":"HS256"}', `{"exp":${T0}.5}`);
    const r = jose.inspectJwt(t, { now: at(T0 + 0.9) });
    expect(r.now).toBe('2026-01-01T00:00:00.900Z');
    expect(r.times.exp).toEqual({ value: T0 + 0.5, iso: '2026-01-01T00:00:00.500Z', relative: '400ms ago' });
    expect(find(r, 'EXPIRED')).toEqual([
      { code: 'EXPIRED', severity: 'error', segment: 'payload', message: 'expired 400ms ago (exp 2026-01-01T00:00:00.500Z, now 2026-01-01T00:00:00.900Z)' },
    ]);
    expect(codes(jose.inspectJwt(t, { now: at(T0 + 0.499) }))).toEqual([]);
  });
  it('a fractional nbf is valid from its exact instant', () => {
    const t = unsigned('{"alg":"HS256"}', `{"nbf":${T0}.5,"exp":${T0 + 60}}`);
    expect(codes(jose.inspectJwt(t, { now: at(T0 + 0.7) }))).toEqual([]);
    const early = jose.inspectJwt(t, { now: at(T0 + 0.2) });
    expect(find(early, 'NOT_YET_VALID')[0]!.message).toBe('not valid for another 300ms (nbf 2026-01-01T00:00:00.500Z, now 2026-01-01T00:00:00.200Z)');
    expect(early.times.nbf!.relative).toBe('in 300ms');
    expect(early.times.lifetime).toBe('59.5s');
  });
  it('a fractional iat in the future by less than a second is reported', () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256"}', `{"iat":${T0}.25,"exp":${T0 + 60}}`), { now: at(T0) });
    expect(find(r, 'IAT_IN_FUTURE')[0]!.message).toBe("issued 250ms in the future (iat 2026-01-01T00:00:00.250Z): check the issuer's clock");
  });
  it('whole seconds stay without milliseconds; huge values are shown as numbers', () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256"}', '{"iat":1e300,"exp":-1e300}'), { now: at(T0) });
    expect(r.times.iat!.iso).toBe('1e+300');
    expect(r.times.exp!.iso).toBe('-1e+300');
    expect(r.now).toBe('2026-01-01T00:00:00Z');
  });
});

describe('untrusted values in messages are shown, not pasted', () => {
  it('an alg with quotes and control characters is escaped', () => {
    const r = jose.inspectJwt(unsigned(JSON.stringify({ alg: 'x"\n' }), '{"exp":1}'), { now: at(T0) });
    expect(find(r, 'ALG_UNKNOWN')[0]!.message).toBe('alg "x\\"\\n" is not a JWS algorithm josekit implements');
  });
  it('crit extension names are escaped', () => {
    const r = jose.inspectJwt(unsigned(JSON.stringify({ alg: 'HS256', crit: ['a"b'], 'a"b': 1 }), `{"exp":${T0 + 60}}`), { now: at(T0) });
    expect(find(r, 'CRIT_EXTENSION')[0]!.message).toBe('"crit" lists "a\\"b": verification fails unless the verifier passes crit: ["a\\"b"]');
  });
});

describe('allowPadding: padded base64url (AWS ALB tokens)', () => {
  /** Standard base64 padding on a base64url segment, as the AWS Application Load Balancer writes it. */
  const pad = (segment: string) => segment + '='.repeat((4 - (segment.length % 4)) % 4);
  const header = b64('{"alg":"ES256","kid":"alb-1"}');
  const payload = b64(`{"sub":"alb-user","exp":${T0 + 60}}`);
  const signature = b64(new Uint8Array(64));
  const padded = `${pad(header)}.${pad(payload)}.${pad(signature)}`;

  it('the test token pads all three segments', () => {
    for (const segment of padded.split('.')) expect(segment).toMatch(/[^=]=+$/);
  });
  it('without the option, each padded segment is not base64url, with a hint that names allowPadding', () => {
    const r = jose.inspectJwt(padded, { now: at(T0) });
    expect(codes(r)).toEqual(['HEADER_NOT_BASE64URL', 'PAYLOAD_NOT_BASE64URL', 'SIGNATURE_NOT_BASE64URL']);
    expect(r.problems[0]).toMatchObject({ segment: 'header', offset: padded.indexOf('=') });
    for (const p of r.problems) expect(p.message).toMatch(/is not base64url \(base64url padding, as in AWS ALB tokens: inspect and verify them with allowPadding: true\)$/);
    expect(r.wellFormed).toBe(false);
  });
  it('with allowPadding: true, the token reads as its unpadded text does', () => {
    const r = jose.inspectJwt(padded, { now: at(T0), allowPadding: true });
    expect(r.problems).toEqual([]);
    expect(r).toEqual({ ...jose.inspectJwt(`${header}.${payload}.${signature}`, { now: at(T0) }), problems: [] });
    expect(r).toMatchObject({ wellFormed: true, header: { kid: 'alb-1' }, payload: { sub: 'alb-user' }, signature: { bytes: 64, expectedBytes: 64 } });
  });
  it('allowPadding: true still reads unpadded tokens, and false is the default', () => {
    expect(jose.inspectJwt(token, { now: at(T0), allowPadding: true }).problems).toEqual([]);
    expect(codes(jose.inspectJwt(padded, { now: at(T0), allowPadding: false }))).toHaveLength(3);
  });
  it('wrong padding is still reported, as verification reports it: too much, too little, or not at the end', () => {
    const cases: Array<[string, string, jose.InspectionCode, RegExp]> = [
      [
        'one "=" too many',
        `${pad(header)}=.${pad(payload)}.${pad(signature)}`,
        'HEADER_NOT_BASE64URL',
        new RegExp(`^header: not canonical base64url: wrong padding: ${header.length} characters take "${'='.repeat(pad(header).length - header.length)}", this text has ${pad(header).length - header.length + 1} "="$`),
      ],
      ['one "=" too few', `${pad(header)}.${pad(payload)}.${pad(signature).slice(0, -1)}`, 'SIGNATURE_NOT_BASE64URL', /^signature: not canonical base64url: wrong padding: 86 characters take "==", this text has 1 "="$/],
      ['padding where none is needed', `${header}.${payload}.${b64(new Uint8Array(63))}====`, 'SIGNATURE_NOT_BASE64URL', /^signature: not canonical base64url: wrong padding: 84 characters take none, this text has 4 "="$/],
      ['"=" inside the segment', `${pad(header)}.${payload.slice(0, 4)}=${payload.slice(4)}.${pad(signature)}`, 'PAYLOAD_NOT_BASE64URL', /^payload: not canonical base64url: "=" at offset 4 is not at the end/],
    ];
    for (const [name, bad, code, message] of cases) {
      const r = jose.inspectJwt(bad, { now: at(T0), allowPadding: true });
      expect(codes(r), name).toEqual([code]);
      expect(r.problems[0]!.message, name).toMatch(message);
      // The offset points at the first "=" of the segment.
      const segmentStart = { HEADER_NOT_BASE64URL: 0, PAYLOAD_NOT_BASE64URL: bad.indexOf('.') + 1, SIGNATURE_NOT_BASE64URL: bad.lastIndexOf('.') + 1 }[code as string]!;
      expect(r.problems[0]!.offset, name).toBe(bad.indexOf('=', segmentStart));
    }
  });
  it('the rest of a padded segment must still be canonical: other characters and non-zero unused bits are reported', () => {
    const plus = jose.inspectJwt(`${pad(header)}.${pad(payload)}.+${pad(signature).slice(1)}`, { now: at(T0), allowPadding: true });
    expect(find(plus, 'SIGNATURE_NOT_BASE64URL')[0]!.message).toBe('signature: character "+" is not base64url');
    // "Ag==" is canonical; "Ah==" has non-zero bits after the byte: one byte, two texts.
    const bits = jose.inspectJwt(`${pad(header)}.${pad(payload)}.Ah==`, { now: at(T0), allowPadding: true });
    expect(find(bits, 'SIGNATURE_NOT_BASE64URL')[0]!.message).toMatch(/^signature: .*non-zero unused bits/);
  });
  it('a hint only for correct padding: without the option, wrong padding gets no hint', () => {
    const r = jose.inspectJwt(`${pad(header)}=.${payload}.${signature}`, { now: at(T0) });
    expect(find(r, 'HEADER_NOT_BASE64URL')[0]!.message).toBe('header: character "=" is not base64url');
  });
  it('the unknown-option warning lists allowPadding; a value that is not a boolean is a warning and false', () => {
    const unknown = jose.inspectJwt(token, { now: at(T0), allowPaddding: true } as never);
    expect(unknown.problems).toEqual([
      { code: 'OPTIONS_INVALID', severity: 'warning', message: 'unknown option "allowPaddding" is ignored (known options: now, maxTokenLength, allowPadding)' },
    ]);
    const notBoolean = jose.inspectJwt(padded, { now: at(T0), allowPadding: 'yes' } as never);
    expect(find(notBoolean, 'OPTIONS_INVALID')[0]!.message).toBe('"allowPadding" "yes" is not a boolean; using false');
    expect(codes(notBoolean)).toContain('HEADER_NOT_BASE64URL');
  });
});

describe('times too far away to count in years', () => {
  it('are "more than 10,000 years" away, not a number of years in exponent notation', () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256"}', '{"iat":0,"exp":1e300}'), { now: at(T0) });
    expect(r.times.exp).toEqual({ value: 1e300, iso: '1e+300', relative: 'in more than 10,000 years' });
    expect(r.times.lifetime).toBe('more than 10,000 years');
    expect(find(r, 'LONG_LIFETIME')[0]!.message).toBe('the token lives more than 10,000 years, over 24h: long-lived bearer tokens are hard to revoke');
    const past = jose.inspectJwt(unsigned('{"alg":"HS256"}', '{"exp":-1e300,"nbf":1e300,"iat":1e300}'), { now: at(T0) });
    expect(past.times.exp!.relative).toBe('more than 10,000 years ago');
    expect(past.times.lifetime).toBe('-(more than 10,000 years)');
    expect(find(past, 'EXPIRED')[0]!.message).toBe('expired more than 10,000 years ago (exp -1e+300, now 2026-01-01T00:00:00Z)');
    expect(find(past, 'NOT_YET_VALID')[0]!.message).toMatch(/^not valid for another more than 10,000 years /);
    expect(find(past, 'IAT_IN_FUTURE')[0]!.message).toMatch(/^issued more than 10,000 years in the future /);
  });
  it('up to 10,000 years they are counted as before', () => {
    const r = jose.inspectJwt(unsigned('{"alg":"HS256"}', `{"exp":${T0 + 9_000 * 31_557_600}}`), { now: at(T0) });
    expect(r.times.exp!.relative).toBe('in 9000y');
  });
});
