/**
 * Checks of EdDSA public keys (RFC 8032 §5.1.3 and §5.2.3 point decoding), done by josekit
 * itself because the platforms do not: Node and browsers import any 32 or 57 bytes as an
 * Ed25519/Ed448 public key.
 *
 * The dangerous keys are the small-order points. For a public key A of small order, [k]A takes
 * only a handful of values whatever the message, so a signature with S = 0 and R the identity
 * (or another small-order R) verifies for most or all messages without any private key — the
 * EdDSA counterpart of an RSA key with e = 1. Ed25519 has 8 such points (cofactor 8), Ed448 has
 * 4 (cofactor 4). They are recognised by their y-coordinate: every point with one of these y
 * values is small-order, whichever x sign bit is set (on x = 0 that bit makes a non-canonical
 * encoding of the same point). The y values are checked in test/unit/ed-small-order.test.ts by
 * independent point arithmetic.
 *
 * Encodings with y ≥ p are refused too: they are non-canonical (another spelling of y − p), and
 * y − p would be 0 or 1 for the only ones that fit, both small-order. Points not on the curve are
 * refused as well, because a key that imports should be a key that can verify.
 *
 * @module
 */

/** Curve constants of one Edwards curve. */
interface EdwardsCurve {
  readonly name: 'Ed25519' | 'Ed448';
  /** Encoded public key size in bytes. */
  readonly bytes: number;
  /** Field prime. */
  readonly p: bigint;
  /** y-coordinates (reduced) of the small-order points, with each point's order. */
  readonly smallOrder: ReadonlyMap<bigint, number>;
  /** u/v of x² = u/v for a given y (the curve equation solved for x²). */
  readonly xSquared: (y2: bigint) => { u: bigint; v: bigint };
}

const P25519 = (1n << 255n) - 19n;
const P448 = (1n << 448n) - (1n << 224n) - 1n;

function mod(a: bigint, p: bigint): bigint {
  const r = a % p;
  return r < 0n ? r + p : r;
}

function modPow(base: bigint, exponent: bigint, p: bigint): bigint {
  let result = 1n;
  let b = mod(base, p);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
  }
  return result;
}

// Ed25519: −x² + y² = 1 + d·x²·y² with d = −121665/121666, so x² = (y² − 1)/(d·y² + 1).
const D25519 = mod(-121665n * modPow(121666n, P25519 - 2n, P25519), P25519);
// The order-8 points have y = ±Y8 (computed from [L]P for a point P of full order; see the test).
const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;

// Ed448: x² + y² = 1 + d·x²·y² with d = −39081, so x² = (y² − 1)/(d·y² − 1).
const D448 = P448 - 39081n;

const CURVES: Readonly<Record<string, EdwardsCurve>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, EdwardsCurve>, {
    Ed25519: {
      name: 'Ed25519',
      bytes: 32,
      p: P25519,
      smallOrder: new Map([
        [1n, 1], // the identity (0, 1)
        [P25519 - 1n, 2], // (0, −1)
        [0n, 4], // (±√−1, 0)
        [Y8, 8],
        [P25519 - Y8, 8],
      ]),
      xSquared: (y2: bigint) => ({ u: y2 - 1n, v: D25519 * y2 + 1n }),
    },
    Ed448: {
      name: 'Ed448',
      bytes: 57,
      p: P448,
      smallOrder: new Map([
        [1n, 1], // the identity (0, 1)
        [P448 - 1n, 2], // (0, −1)
        [0n, 4], // (±1, 0)
      ]),
      xSquared: (y2: bigint) => ({ u: y2 - 1n, v: D448 * y2 - 1n }),
    },
  } satisfies Record<string, EdwardsCurve>),
);

/** The little-endian integer of `bytes`. */
function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/**
 * Why `encoded` is not a usable EdDSA public key of curve `crv`, or undefined when it is: wrong
 * size, a non-canonical encoding, a point not on the curve, or a small-order point.
 *
 * @example
 * ```ts
 * edwardsPointProblem('Ed25519', new Uint8Array(32)); // "… is a small-order point (order 4) …"
 * ```
 */
export function edwardsPointProblem(crv: 'Ed25519' | 'Ed448', encoded: Uint8Array): string | undefined {
  const curve = CURVES[crv]!;
  if (encoded.length !== curve.bytes) return `an ${crv} public key is ${curve.bytes} bytes; this one is ${encoded.length}`;
  const last = encoded[curve.bytes - 1]!;
  // Ed448 uses the 456th bit for the x sign and leaves the other 7 bits of the last byte zero.
  if (crv === 'Ed448' && (last & 0x7f) !== 0) return `the ${crv} public key is not a canonical encoding (the last byte's low bits are not zero)`;
  const xSign = last >> 7;
  const y = littleEndian(encoded) & ((1n << BigInt(curve.bytes * 8 - 1)) - 1n);
  if (y >= curve.p) return `the ${crv} public key is not a canonical encoding (its y-coordinate is not below the field prime)`;
  const order = curve.smallOrder.get(y);
  if (order !== undefined) {
    return `the ${crv} public key is a small-order point (order ${order}); with it, signatures made without any private key would verify`;
  }
  // x² = u/v must be a square mod p (Euler's criterion); x = 0 happens only for y = ±1, above.
  const { u, v } = curve.xSquared((y * y) % curve.p);
  const x2 = mod(mod(u, curve.p) * modPow(v, curve.p - 2n, curve.p), curve.p);
  if (x2 === 0n && xSign === 1) return `the ${crv} public key is not a canonical encoding (x is 0 but its sign bit is set)`;
  if (x2 !== 0n && modPow(x2, (curve.p - 1n) / 2n, curve.p) !== 1n) return `the ${crv} public key is not a point on the ${crv} curve`;
  return undefined;
}
