// Small-order and malformed EdDSA public keys (RFC 8032 §5.1.3, §5.2.3) are refused, on every way
// a key enters josekit: JWK (importJwk and as a key for sign/verify), SPKI PEM, X.509 certificate,
// Node KeyObject and extractable CryptoKey. The y-coordinates josekit treats as small-order are
// not taken on trust: they are recomputed here by independent point arithmetic (projective
// Edwards addition), as the y-coordinates of [L]P for points P of the curve, whose orders are
// then counted. Also the "EdDSA" registry helpers (RFC 8037 §3.1: Ed25519 and Ed448 keys).
//
// Node only: reaches into src/ and uses node:crypto for KeyObjects.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as jose from '../../src/index.js';
import { acceptsCurve, algorithmForCurve, algorithmForKey, lookupAlgorithm } from '../../src/jwa/algorithms.js';
import { edwardsPointProblem } from '../../src/keys/edwards.js';
import { rejects } from '../portable/support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';
const b64 = jose.base64url;

// ---------------------------------------------------------------------------------------------
// Independent Edwards arithmetic: a·x² + y² = 1 + d·x²·y², projective (X:Y:Z), add-2007-bc.

interface Curve {
  name: 'Ed25519' | 'Ed448';
  p: bigint;
  a: bigint;
  d: bigint;
  /** Prime order of the large subgroup. */
  L: bigint;
  /** Cofactor. */
  h: number;
  bytes: number;
  sqrt(n: bigint): bigint | undefined;
}

const mod = (a: bigint, p: bigint): bigint => ((a % p) + p) % p;
function pow(b: bigint, e: bigint, p: bigint): bigint {
  let r = 1n;
  b = mod(b, p);
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % p;
    b = (b * b) % p;
  }
  return r;
}
const inv = (a: bigint, p: bigint): bigint => pow(a, p - 2n, p);

const P25519 = 2n ** 255n - 19n;
const P448 = 2n ** 448n - 2n ** 224n - 1n;
const ED25519: Curve = {
  name: 'Ed25519',
  p: P25519,
  a: P25519 - 1n,
  d: mod(-121665n * inv(121666n, P25519), P25519),
  L: 2n ** 252n + 27742317777372353535851937790883648493n,
  h: 8,
  bytes: 32,
  sqrt(n) {
    // p ≡ 5 (mod 8): a candidate root, times √−1 if needed.
    const p = this.p;
    let x = pow(n, (p + 3n) / 8n, p);
    if (mod(x * x - n, p) === 0n) return x;
    x = (x * pow(2n, (p - 1n) / 4n, p)) % p;
    return mod(x * x - n, p) === 0n ? x : undefined;
  },
};
const ED448: Curve = {
  name: 'Ed448',
  p: P448,
  a: 1n,
  d: P448 - 39081n,
  L: 2n ** 446n - 13818066809895115352007386748515426880336692474882178609894547503885n,
  h: 4,
  bytes: 57,
  sqrt(n) {
    // p ≡ 3 (mod 4)
    const x = pow(n, (this.p + 1n) / 4n, this.p);
    return mod(x * x - n, this.p) === 0n ? x : undefined;
  },
};

type Point = [bigint, bigint, bigint];
const IDENTITY: Point = [0n, 1n, 1n];

function add(c: Curve, [X1, Y1, Z1]: Point, [X2, Y2, Z2]: Point): Point {
  const p = c.p;
  const A = (Z1 * Z2) % p;
  const B = (A * A) % p;
  const C = (X1 * X2) % p;
  const D = (Y1 * Y2) % p;
  const E = (c.d * C % p) * D % p;
  const F = mod(B - E, p);
  const G = (B + E) % p;
  const H = ((X1 + Y1) * (X2 + Y2)) % p;
  return [(A * F % p) * mod(H - C - D, p) % p, (A * G % p) * mod(D - c.a * C, p) % p, (F * G) % p];
}
function mul(c: Curve, P: Point, k: bigint): Point {
  let R = IDENTITY;
  for (let Q = P; k > 0n; k >>= 1n, Q = add(c, Q, Q)) if (k & 1n) R = add(c, R, Q);
  return R;
}
const same = (c: Curve, [X1, Y1, Z1]: Point, [X2, Y2, Z2]: Point): boolean =>
  mod(X1 * Z2 - X2 * Z1, c.p) === 0n && mod(Y1 * Z2 - Y2 * Z1, c.p) === 0n;
const affine = (c: Curve, [X, Y, Z]: Point): [bigint, bigint] => [(X * inv(Z, c.p)) % c.p, (Y * inv(Z, c.p)) % c.p];

function order(c: Curve, P: Point): number {
  let n = 1;
  for (let Q = P; !same(c, Q, IDENTITY); Q = add(c, Q, P)) n++;
  return n;
}

/** x for y, or undefined when y is not the y-coordinate of a curve point. */
function xFor(c: Curve, y: bigint): bigint | undefined {
  const y2 = (y * y) % c.p;
  // a·x² + y² = 1 + d·x²·y²  ⇒  x² = (1 − y²)/(a − d·y²)
  return c.sqrt(mod(1n - y2, c.p) * inv(mod(c.a - c.d * y2, c.p), c.p) % c.p);
}

/** RFC 8032 encoding: y little-endian, x's low bit in the top bit of the last byte. */
function encode(c: Curve, x: bigint, y: bigint, sign = Number(x & 1n)): Uint8Array {
  const out = new Uint8Array(c.bytes);
  let v = y;
  for (let i = 0; i < c.bytes; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  if (sign) out[c.bytes - 1]! |= 0x80;
  return out;
}

/** Points of the curve with small y, found by decompression (each checked on the curve). */
function somePoints(c: Curve, count: number): Point[] {
  const points: Point[] = [];
  for (let y = 2n; points.length < count; y++) {
    const x = xFor(c, y);
    if (x === undefined) continue;
    expect(mod(c.a * x * x + y * y - 1n - c.d * x * x * y * y, c.p)).toBe(0n);
    points.push([x, y, 1n]);
  }
  return points;
}

/** The torsion subgroup, computed: every multiple of [L]P for several points P. */
function torsionPoints(c: Curve): Array<{ x: bigint; y: bigint; order: number }> {
  const found: Point[] = [];
  for (const P of somePoints(c, 6)) {
    // The group has order h·L: this fails if L or h were remembered wrong.
    expect(same(c, mul(c, P, BigInt(c.h) * c.L), IDENTITY)).toBe(true);
    const T = mul(c, P, c.L);
    for (let Q = T, i = 0; i < c.h; i++, Q = add(c, Q, T)) if (!found.some((F) => same(c, F, Q))) found.push(Q);
  }
  return found.map((Q) => {
    const [x, y] = affine(c, Q);
    return { x, y, order: order(c, Q) };
  });
}

for (const c of [ED25519, ED448]) {
  describe(`${c.name}: small-order points, by independent point arithmetic`, () => {
    const torsion = torsionPoints(c);

    it(`the torsion subgroup has ${c.h} points, of orders ${c.name === 'Ed25519' ? '1, 2, 4 and 8' : '1, 2 and 4'}`, () => {
      expect(torsion).toHaveLength(c.h);
      const orders = torsion.map((t) => t.order).sort((a, b) => a - b);
      expect(orders).toEqual(c.name === 'Ed25519' ? [1, 2, 4, 4, 8, 8, 8, 8] : [1, 2, 4, 4]);
    });

    it('every torsion point is refused, in both x-sign encodings, naming its order', () => {
      for (const { x, y, order: n } of torsion) {
        for (const sign of [0, 1]) {
          expect(edwardsPointProblem(c.name, encode(c, x, y, sign)), `y = ${y.toString(16)}, sign ${sign}`).toMatch(
            new RegExp(`small-order point \\(order ${n}\\)`),
          );
        }
      }
    });

    it('non-canonical encodings (y ≥ p) are refused, also of small-order points', () => {
      const top = 2n ** BigInt(c.name === 'Ed25519' ? 255 : 448);
      const ys = [c.p, c.p + 1n, top - 1n, ...torsion.map((t) => t.y + c.p).filter((y) => y < top)];
      for (const y of ys) {
        for (const sign of [0, 1]) expect(edwardsPointProblem(c.name, encode(c, 0n, y, sign))).toMatch(/not a canonical encoding/);
      }
    });

    it('points not on the curve are refused; points of large order pass', () => {
      let offCurve = 0;
      for (let y = 2n; y < 40n; y++) {
        const problem = edwardsPointProblem(c.name, encode(c, 0n, y));
        if (xFor(c, y) === undefined) {
          expect(problem).toMatch(/not a point on the/);
          offCurve++;
        } else {
          expect(problem).toBeUndefined();
        }
      }
      expect(offCurve).toBeGreaterThan(5);
      for (const P of somePoints(c, 4)) {
        // Not small-order: [h]P is not the identity.
        expect(same(c, mul(c, P, BigInt(c.h)), IDENTITY)).toBe(false);
        const [x, y] = affine(c, P);
        expect(edwardsPointProblem(c.name, encode(c, x, y))).toBeUndefined();
      }
    });

    it('a key of the wrong size is refused', () => {
      expect(edwardsPointProblem(c.name, new Uint8Array(c.bytes - 1))).toMatch(/bytes/);
      expect(edwardsPointProblem(c.name, new Uint8Array(c.bytes + 1))).toMatch(/bytes/);
    });

    if (c.name === 'Ed448') {
      it('Ed448: the last byte carries only the x sign; other bits set are non-canonical', () => {
        const [P] = somePoints(c, 1);
        const good = encode(c, P![0], P![1]);
        for (const bit of [0x01, 0x40]) {
          const bad = good.slice();
          bad[56]! |= bit;
          expect(edwardsPointProblem('Ed448', bad)).toMatch(/not a canonical encoding/);
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Every way a key enters josekit

const ED25519_SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
const ED448_SPKI_PREFIX = [0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00];

const toPem = (der: Uint8Array, label: string): string =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...der)).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

function tlv(tag: number, ...parts: Array<Uint8Array | number[]>): Uint8Array {
  const body = parts.flatMap((part) => Array.from(part));
  const length = body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return new Uint8Array([tag, ...length, ...body]);
}

/** A structurally valid X.509 certificate around `spki` (josekit reads only its structure and SPKI). */
function certificateFor(spki: Uint8Array, oid: number[]): Uint8Array {
  const algorithm = tlv(0x30, tlv(0x06, oid));
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, [2])),
    tlv(0x02, [1]),
    algorithm,
    tlv(0x30),
    tlv(0x30, tlv(0x17, Array.from(new TextEncoder().encode('260101000000Z'))), tlv(0x17, Array.from(new TextEncoder().encode('270101000000Z')))),
    tlv(0x30),
    spki,
  );
  return tlv(0x30, tbs, algorithm, tlv(0x03, [0, ...new Uint8Array(64)]));
}

const ed25519SmallOrder = torsionPoints(ED25519).map(({ x, y, order: n }) => ({ bytes: encode(ED25519, x, y), order: n }));
const ed448SmallOrder = torsionPoints(ED448).map(({ x, y, order: n }) => ({ bytes: encode(ED448, x, y), order: n }));

describe('small-order EdDSA keys are refused in every key format (ERR_JOSE_KEY_INVALID)', () => {
  const cases = [
    ...ed25519SmallOrder.map((k) => ({ crv: 'Ed25519' as const, algs: ['EdDSA', 'Ed25519'] as const, prefix: ED25519_SPKI_PREFIX, oid: [0x2b, 0x65, 0x70], ...k })),
    ...ed448SmallOrder.map((k) => ({ crv: 'Ed448' as const, algs: ['EdDSA', 'Ed448'] as const, prefix: ED448_SPKI_PREFIX, oid: [0x2b, 0x65, 0x71], ...k })),
  ];

  it('the example key of the report: x = AQAA…A (the identity)', async () => {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    await rejects(jose.importJwk(jwk, 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, /small-order point \(order 1\)/);
  });

  for (const { crv, algs, bytes, order: n, prefix, oid } of cases) {
    it(`${crv} point of order ${n} (${b64.encode(bytes).slice(0, 12)}…): JWK, SPKI, X.509, KeyObject`, async () => {
      const jwk = { kty: 'OKP', crv, x: b64.encode(bytes) };
      const spki = new Uint8Array([...prefix, ...bytes]);
      const message = new RegExp(`small-order point \\(order ${n}\\)`);
      for (const alg of algs) {
        await rejects(jose.importJwk(jwk, alg), jose.JoseKeyInvalid, KEY_INVALID, message);
        await rejects(jose.importJwk({ ...jwk, d: b64.encode(new Uint8Array(bytes.length)) }, alg), jose.JoseKeyInvalid, KEY_INVALID, message);
        await rejects(jose.importSpki(toPem(spki, 'PUBLIC KEY'), alg), jose.JoseKeyInvalid, KEY_INVALID, message);
        await rejects(jose.importX509(toPem(certificateFor(spki, oid), 'CERTIFICATE'), alg), jose.JoseKeyInvalid, KEY_INVALID, message);
        // As a key for verification: the JWK object and a Node KeyObject.
        const token = `${b64.encode(JSON.stringify({ alg }))}.${b64.encode('x')}.${b64.encode(new Uint8Array(crv === 'Ed25519' ? 64 : 114))}`;
        await rejects(jose.verifyCompact(token, jwk, { algorithms: [alg] }), jose.JoseKeyInvalid, KEY_INVALID, message);
        const keyObject = createPublicKey({ key: spki as Buffer, format: 'der', type: 'spki' });
        await rejects(jose.verifyCompact(token, keyObject, { algorithms: [alg] }), jose.JoseKeyInvalid, KEY_INVALID, message);
      }
    });
  }

  it('an extractable CryptoKey made directly with WebCrypto is exported once and refused; the verdict is cached', async () => {
    const bytes = ed25519SmallOrder.find((k) => k.order === 8)!.bytes;
    const key = await crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, true, ['verify']);
    const token = `${b64.encode('{"alg":"EdDSA"}')}.${b64.encode('x')}.${b64.encode(new Uint8Array(64))}`;
    const exportKey = crypto.subtle.exportKey.bind(crypto.subtle);
    let exports = 0;
    crypto.subtle.exportKey = ((format: string, k: CryptoKey) => {
      exports++;
      return exportKey(format as 'raw', k);
    }) as typeof crypto.subtle.exportKey;
    try {
      for (let i = 0; i < 3; i++) {
        await rejects(jose.verifyCompact(token, key, { algorithms: ['EdDSA'] }), jose.JoseKeyInvalid, KEY_INVALID, /small-order point \(order 8\)/);
      }
    } finally {
      crypto.subtle.exportKey = exportKey;
    }
    expect(exports).toBe(1);
  });

  it('keys josekit imported or generated are known good without exporting them (also non-extractable ones)', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('EdDSA');
    const imported = await jose.importJwk(await jose.exportJwk(publicKey), 'EdDSA');
    expect(imported.extractable).toBe(false);
    const token = await jose.signCompact('x', privateKey, { alg: 'EdDSA' });
    expect((await jose.verifyCompact(token, imported, { algorithms: ['EdDSA'] })).payload).toEqual(new TextEncoder().encode('x'));
    expect((await jose.verifyCompact(token, publicKey, { algorithms: ['EdDSA'] })).payload).toEqual(new TextEncoder().encode('x'));
  });

  it('non-canonical and off-curve keys are refused as JWK and SPKI', async () => {
    const nonCanonical = encode(ED25519, 0n, P25519 + 1n); // y = p + 1: another spelling of the identity
    const offCurve = encode(ED25519, 0n, 2n);
    expect(xFor(ED25519, 2n)).toBeUndefined();
    for (const [bytes, message] of [
      [nonCanonical, /not a canonical encoding/],
      [offCurve, /not a point on the Ed25519 curve/],
    ] as const) {
      await rejects(jose.importJwk({ kty: 'OKP', crv: 'Ed25519', x: b64.encode(bytes) }, 'Ed25519'), jose.JoseKeyInvalid, KEY_INVALID, message);
      await rejects(jose.importSpki(toPem(new Uint8Array([...ED25519_SPKI_PREFIX, ...bytes]), 'PUBLIC KEY'), 'EdDSA'), jose.JoseKeyInvalid, KEY_INVALID, message);
    }
  });
});

describe('the forgery a small-order key allows is stopped (Node)', () => {
  // With A the identity, [k]A is the identity for every message, so R = identity and S = 0
  // satisfy [S]B = R + [k]A: one signature verifies for any payload.
  const identity = { kty: 'OKP', crv: 'Ed25519', x: 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
  const forgedSignature = new Uint8Array(64);
  forgedSignature[0] = 1; // R = encoding of the identity (y = 1), S = 0
  const forged = (payload: string) => `${b64.encode('{"alg":"EdDSA"}')}.${b64.encode(payload)}.${b64.encode(forgedSignature)}`;

  it('the platform itself accepts the forged signature with that key (what josekit guards against)', async () => {
    const key = await crypto.subtle.importKey('jwk', identity, { name: 'Ed25519' }, false, ['verify']);
    const token = forged('{"sub":"admin"}');
    const [header, payload] = token.split('.');
    const verdict = await crypto.subtle.verify({ name: 'Ed25519' }, key, forgedSignature, new TextEncoder().encode(`${header}.${payload}`));
    // Node 20's WebCrypto (OpenSSL) accepts it: the forgery is real. Should a later platform
    // refuse small-order keys itself, this expectation may be dropped; josekit's check stays.
    expect(verdict).toBe(true);
  });

  it('verifyCompact and verifyJwt refuse the key (JWK, KeyObject, extractable CryptoKey) before any signature check', async () => {
    const keyObject = createPublicKey({ key: identity, format: 'jwk' });
    const cryptoKey = await crypto.subtle.importKey('jwk', identity, { name: 'Ed25519' }, true, ['verify']);
    for (const payload of ['{"sub":"admin"}', 'anything at all']) {
      for (const key of [identity, { ...identity }, keyObject, cryptoKey]) {
        await rejects(jose.verifyCompact(forged(payload), key, { algorithms: ['EdDSA', 'Ed25519'] }), jose.JoseKeyInvalid, KEY_INVALID, /small-order/);
      }
    }
    const jwt = forged(JSON.stringify({ sub: 'admin', exp: Math.floor(Date.now() / 1000) + 60 }));
    await rejects(jose.verifyJwt(jwt, identity, { algorithms: ['EdDSA'] }), jose.JoseKeyInvalid, KEY_INVALID, /small-order/);
  });
});

// ---------------------------------------------------------------------------------------------
// "EdDSA" and its curves (RFC 8037 §3.1, RFC 9864)

describe('registry: which curves serve which EdDSA algorithm', () => {
  const EdDSA = lookupAlgorithm('EdDSA')!;
  const Ed25519 = lookupAlgorithm('Ed25519')!;
  const Ed448 = lookupAlgorithm('Ed448')!;

  it('acceptsCurve: "EdDSA" takes Ed25519 and Ed448; "Ed25519" and "Ed448" only their own', () => {
    expect(acceptsCurve(EdDSA, 'Ed25519')).toBe(true);
    expect(acceptsCurve(EdDSA, 'Ed448')).toBe(true);
    expect(acceptsCurve(Ed25519, 'Ed25519')).toBe(true);
    expect(acceptsCurve(Ed25519, 'Ed448')).toBe(false);
    expect(acceptsCurve(Ed448, 'Ed448')).toBe(true);
    expect(acceptsCurve(Ed448, 'Ed25519')).toBe(false);
    for (const crv of [undefined, 'X25519', 'P-256', 'ed448', '__proto__', 'constructor', 448, null, ['Ed448']]) {
      expect(acceptsCurve(EdDSA, crv)).toBe(false);
    }
    expect(acceptsCurve(lookupAlgorithm('ES256')!, 'P-256')).toBe(true);
    expect(acceptsCurve(lookupAlgorithm('ES256')!, 'P-384')).toBe(false);
    // No curve in the algorithm: the curve plays no part (kty decides).
    expect(acceptsCurve(lookupAlgorithm('RS256')!, undefined)).toBe(true);
  });

  it('algorithmForCurve / algorithmForKey: the Ed448 variant of "EdDSA"', async () => {
    const variant = algorithmForCurve(EdDSA, 'Ed448')!;
    expect(variant).toMatchObject({ alg: 'EdDSA', crv: 'Ed448', signatureLength: 114, optional: true, keyAlgorithm: { name: 'Ed448' }, signAlgorithm: { name: 'Ed448' } });
    expect(Object.isFrozen(variant)).toBe(true);
    expect(jose.JWS_ALGORITHMS.filter((alg) => alg === 'EdDSA')).toHaveLength(1);
    expect(algorithmForCurve(EdDSA, 'Ed25519')).toBe(EdDSA);
    expect(algorithmForCurve(Ed25519, 'Ed448')).toBeUndefined();
    const ed25519Key = (await jose.generateKeyPair('Ed25519')).publicKey;
    expect(algorithmForKey(EdDSA, ed25519Key)).toBe(EdDSA);
    expect(algorithmForKey(Ed25519, ed25519Key)).toBe(Ed25519);
    const fakeEd448 = { algorithm: { name: 'Ed448' } } as unknown as CryptoKey;
    expect(algorithmForKey(EdDSA, fakeEd448)).toBe(variant);
    expect(algorithmForKey(Ed448, fakeEd448)).toBe(Ed448);
    // Never throws, even for a key whose algorithm getter throws.
    const hostile = Object.defineProperty({}, 'algorithm', { get: () => { throw new Error('hostile'); } }) as CryptoKey;
    expect(algorithmForKey(EdDSA, hostile)).toBe(EdDSA);
  });
});
