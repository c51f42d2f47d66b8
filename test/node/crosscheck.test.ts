// Cross-checks josekit against node:crypto, an independent implementation: every JWS algorithm
// josekit signs is verified by node, and every compact JWS node builds is verified by josekit
// (from node's JWK and from node's SPKI PEM). Node-only: uses node:crypto and Buffer.
import {
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
  type JsonWebKey as NodeJwk,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';

// ---------------------------------------------------------------------------------------------
// How node:crypto does each JWS algorithm.

type NodeSpec =
  | { kind: 'hmac'; hash: string; bytes: number }
  | { kind: 'rsa'; hash: string }
  | { kind: 'pss'; hash: string; saltLength: number }
  | { kind: 'ecdsa'; hash: string; curve: string; coordinate: number }
  | { kind: 'eddsa'; type: 'ed25519' | 'ed448'; sigBytes: number };

const SPECS: Record<string, NodeSpec> = {
  HS256: { kind: 'hmac', hash: 'sha256', bytes: 32 },
  HS384: { kind: 'hmac', hash: 'sha384', bytes: 48 },
  HS512: { kind: 'hmac', hash: 'sha512', bytes: 64 },
  RS256: { kind: 'rsa', hash: 'sha256' },
  RS384: { kind: 'rsa', hash: 'sha384' },
  RS512: { kind: 'rsa', hash: 'sha512' },
  PS256: { kind: 'pss', hash: 'sha256', saltLength: 32 },
  PS384: { kind: 'pss', hash: 'sha384', saltLength: 48 },
  PS512: { kind: 'pss', hash: 'sha512', saltLength: 64 },
  ES256: { kind: 'ecdsa', hash: 'sha256', curve: 'P-256', coordinate: 32 },
  ES384: { kind: 'ecdsa', hash: 'sha384', curve: 'P-384', coordinate: 48 },
  ES512: { kind: 'ecdsa', hash: 'sha512', curve: 'P-521', coordinate: 66 },
  EdDSA: { kind: 'eddsa', type: 'ed25519', sigBytes: 64 },
  Ed25519: { kind: 'eddsa', type: 'ed25519', sigBytes: 64 },
  Ed448: { kind: 'eddsa', type: 'ed448', sigBytes: 114 },
};


const b64u = (data: Buffer | Uint8Array | string): string =>
  (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString('base64url');
const unb64u = (s: string): Buffer => Buffer.from(s, 'base64url');

function spec(alg: string): NodeSpec {
  const s = SPECS[alg];
  if (!s) throw new Error(`no node:crypto mapping for ${alg}`);
  return s;
}

/** node:crypto's verify of a JWS signature over `input` (the ASCII signing input). */
function nodeVerifies(alg: string, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  const s = spec(alg);
  switch (s.kind) {
    case 'hmac': {
      const mac = createHmac(s.hash, key).update(input).digest();
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    }
    case 'rsa':
      return nodeVerify(s.hash, input, key, signature);
    case 'pss':
      return nodeVerify(s.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength }, signature);
    case 'ecdsa':
      return nodeVerify(s.hash, input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'eddsa':
      return nodeVerify(null, input, key, signature);
  }
}

/** node:crypto's JWS signature over `input`. ECDSA in the raw r‖s (IEEE P1363) form JWS uses. */
function nodeSigns(alg: string, key: KeyObject, input: Buffer): Buffer {
  const s = spec(alg);
  switch (s.kind) {
    case 'hmac':
      return createHmac(s.hash, key).update(input).digest();
    case 'rsa':
      return nodeSign(s.hash, input, key);
    case 'pss':
      return nodeSign(s.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength });
    case 'ecdsa':
      return nodeSign(s.hash, input, { key, dsaEncoding: 'ieee-p1363' });
    case 'eddsa':
      return nodeSign(null, input, key);
  }
}

/** A fresh node:crypto key pair for an asymmetric alg. */
function nodeKeyPair(alg: string): { publicKey: KeyObject; privateKey: KeyObject } {
  const s = spec(alg);
  switch (s.kind) {
    case 'rsa':
    case 'pss':
      // Plain "rsa" keys (rsaEncryption SPKI), as most issuers publish them for RS* and PS*.
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'ecdsa':
      return generateKeyPairSync('ec', { namedCurve: s.curve });
    case 'eddsa':
      return s.type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
    case 'hmac':
      throw new Error(`${alg} has no key pair`);
  }
}

/** A compact JWS built entirely by node: header and payload via Buffer base64url. */
function nodeCompact(alg: string, key: KeyObject, payload: Buffer): string {
  const input = `${b64u(JSON.stringify({ alg, typ: 'JWT' }))}.${b64u(payload)}`;
  return `${input}.${b64u(nodeSigns(alg, key, Buffer.from(input, 'ascii')))}`;
}

/** The same token with payload byte `at` changed and the original signature kept. */
function tamperPayload(token: string, at = 0): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = unb64u(payload);
  bytes[at] = bytes[at]! ^ 0x01;
  return `${header}.${b64u(bytes)}.${signature}`;
}

function splitToken(token: string): { input: Buffer; signature: Buffer } {
  const lastDot = token.lastIndexOf('.');
  return { input: Buffer.from(token.slice(0, lastDot), 'ascii'), signature: unb64u(token.slice(lastDot + 1)) };
}

async function expectRejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a rejection with ${code}`).toBeInstanceOf(jose.JoseError);
  expect((err as jose.JoseError).code).toBe(code);
  if (message) expect((err as Error).message).toMatch(message);
}

/** DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) to the JWS raw r‖s form. */
function derToRaw(der: Buffer, coordinate: number): Buffer {
  let at = 0;
  const readLength = (): number => {
    const first = der[at++]!;
    if (first < 0x80) return first;
    let len = 0;
    for (let i = 0; i < (first & 0x7f); i++) len = (len << 8) | der[at++]!;
    return len;
  };
  if (der[at++] !== 0x30) throw new Error('not a DER SEQUENCE');
  readLength();
  const ints: Buffer[] = [];
  for (let i = 0; i < 2; i++) {
    if (der[at++] !== 0x02) throw new Error('not a DER INTEGER');
    const len = readLength();
    let value = der.subarray(at, at + len);
    at += len;
    while (value.length > 0 && value[0] === 0) value = value.subarray(1);
    const padded = Buffer.alloc(coordinate);
    value.copy(padded, coordinate - value.length);
    ints.push(padded);
  }
  return Buffer.concat(ints);
}

const PAYLOAD = Buffer.from(JSON.stringify({ sub: 'crosscheck', n: 42, text: 'grüße ✓' }), 'utf8');

// ---------------------------------------------------------------------------------------------

describe('the algorithm table covers what node:crypto checks', () => {
  it('has a node:crypto mapping for every JWS algorithm, and the expected list', () => {
    expect([...jose.JWS_ALGORITHMS].sort()).toEqual(Object.keys(SPECS).sort());
  });

  it('Ed448 is supported here (Node 20+ WebCrypto), so it is tested fully', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('Ed448');
    expect(publicKey.algorithm.name).toBe('Ed448');
    expect(privateKey.type).toBe('private');
  });
});

describe('josekit signs, node:crypto verifies (key converted from josekit’s exported JWK)', () => {
  for (const alg of jose.JWS_ALGORITHMS) {
    it(alg, async () => {
      const s = spec(alg);
      let signKey: CryptoKey;
      let nodeKey: KeyObject;
      if (s.kind === 'hmac') {
        signKey = await jose.generateSecret(alg, { extractable: true });
        const jwk = await jose.exportJwk(signKey);
        expect(jwk.kty).toBe('oct');
        nodeKey = createSecretKey(unb64u(jwk.k!));
        expect(nodeKey.symmetricKeySize).toBe(s.bytes);
      } else {
        const pair = await jose.generateKeyPair(alg);
        signKey = pair.privateKey;
        const jwk = await jose.exportJwk(pair.publicKey);
        nodeKey = createPublicKey({ key: jwk as NodeJwk, format: 'jwk' });
        expect(nodeKey.type).toBe('public');
      }
      const token = await jose.signCompact(PAYLOAD, signKey, { alg, kid: 'k1' });
      const { input, signature } = splitToken(token);
      if (s.kind === 'ecdsa') expect(signature.length).toBe(2 * s.coordinate);
      if (s.kind === 'eddsa') expect(signature.length).toBe(s.sigBytes);
      expect(nodeVerifies(alg, nodeKey, input, signature)).toBe(true);
      // The node verifier is not vacuous: a changed signing input fails.
      const changed = Buffer.from(input);
      changed[changed.length - 1] = changed[changed.length - 1]! ^ 0x01;
      expect(nodeVerifies(alg, nodeKey, changed, signature)).toBe(false);
      // And the header node saw is the one josekit wrote.
      expect(JSON.parse(unb64u(token.split('.')[0]!).toString('utf8'))).toEqual({ alg, kid: 'k1' });
    });
  }
});

describe('node:crypto signs, josekit verifies', () => {
  for (const alg of jose.JWS_ALGORITHMS) {
    const s = spec(alg);
    if (s.kind === 'hmac') {
      it(`${alg} with node's oct JWK, importSecret and the raw Uint8Array; a changed payload byte fails`, async () => {
        const secret = createSecretKey(randomBytes(s.bytes));
        const token = nodeCompact(alg, secret, PAYLOAD);
        const jwk = secret.export({ format: 'jwk' }) as jose.Jwk;
        expect(jwk.kty).toBe('oct');
        const raw = new Uint8Array(secret.export());
        for (const key of [jwk, raw, await jose.importSecret(raw, alg)]) {
          const { payload, header } = await jose.verifyCompact(token, key, { algorithms: [alg] });
          expect(Buffer.from(payload).equals(PAYLOAD)).toBe(true);
          expect(header).toEqual({ alg, typ: 'JWT' });
          await expectRejects(jose.verifyCompact(tamperPayload(token), key, { algorithms: [alg] }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
        }
      });
      continue;
    }
    it(`${alg} with node's exported JWK and SPKI PEM; a changed payload byte fails`, async () => {
      const { publicKey, privateKey } = nodeKeyPair(alg);
      const token = nodeCompact(alg, privateKey, PAYLOAD);
      const jwk = publicKey.export({ format: 'jwk' }) as jose.Jwk;
      const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
      expect(spkiPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      const spkiKey = await jose.importSpki(spkiPem, alg);
      for (const key of [jwk, spkiKey]) {
        const { payload, header } = await jose.verifyCompact(token, key, { algorithms: [alg] });
        expect(Buffer.from(payload).equals(PAYLOAD)).toBe(true);
        expect(header).toEqual({ alg, typ: 'JWT' });
        for (const at of [0, PAYLOAD.length - 1]) {
          await expectRejects(jose.verifyCompact(tamperPayload(token, at), key, { algorithms: [alg] }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
        }
      }
    });
  }
});

describe('ECDSA signatures in DER form are refused until converted to r‖s', () => {
  for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
    it(`${alg}: node's default DER signature fails with a message about DER; the converted one verifies`, async () => {
      const s = spec(alg) as Extract<NodeSpec, { kind: 'ecdsa' }>;
      const { publicKey, privateKey } = nodeKeyPair(alg);
      const input = `${b64u(JSON.stringify({ alg }))}.${b64u(PAYLOAD)}`;
      const der = nodeSign(s.hash, Buffer.from(input, 'ascii'), privateKey); // node's default: DER
      expect(der[0]).toBe(0x30);
      expect(der.length).not.toBe(2 * s.coordinate);
      // Node itself accepts the DER form, so the signature is genuinely valid, only mis-encoded.
      expect(nodeVerify(s.hash, Buffer.from(input, 'ascii'), publicKey, der)).toBe(true);
      const jwk = publicKey.export({ format: 'jwk' }) as jose.Jwk;
      await expectRejects(
        jose.verifyCompact(`${input}.${b64u(der)}`, jwk, { algorithms: [alg] }),
        'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        /DER/,
      );
      const raw = derToRaw(der, s.coordinate);
      expect(raw.length).toBe(2 * s.coordinate);
      const { payload } = await jose.verifyCompact(`${input}.${b64u(raw)}`, jwk, { algorithms: [alg] });
      expect(Buffer.from(payload).equals(PAYLOAD)).toBe(true);
    });
  }
});

describe('HMAC output equals node:crypto createHmac byte for byte', () => {
  const cases: Array<[jose.JwsAlgorithm, string, number]> = [
    ['HS256', 'sha256', 32],
    ['HS384', 'sha384', 48],
    ['HS512', 'sha512', 64],
  ];
  for (const [alg, hash, size] of cases) {
    it(`${alg} over a ${size}-byte Uint8Array secret`, async () => {
      const secret = new Uint8Array(randomBytes(size));
      const token = await jose.signCompact('the payload', secret, { alg });
      const { input, signature } = splitToken(token);
      const expected = createHmac(hash, secret).update(input).digest();
      expect(signature.length).toBe(size);
      expect(signature.equals(expected)).toBe(true);
      expect(token.split('.')[2]).toBe(expected.toString('base64url'));
    });
  }

  it('HS256 with a fixed secret and payload gives node’s exact MAC', async () => {
    const secret = new Uint8Array(32).map((_, i) => i);
    const token = await jose.signCompact(new Uint8Array([0, 1, 2, 255]), secret, { alg: 'HS256' });
    const [header, payload, signature] = token.split('.');
    expect(header).toBe(b64u(JSON.stringify({ alg: 'HS256' })));
    expect(payload).toBe('AAEC_w');
    expect(signature).toBe(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  });
});

describe('PKCS#8 / SPKI PEM round trips between node:crypto and josekit', () => {
  const cases: Array<[string, jose.JwsAlgorithm]> = [
    ['RSA', 'RS256'],
    ['RSA (as PS256)', 'PS256'],
    ['EC P-256', 'ES256'],
    ['EC P-384', 'ES384'],
    ['EC P-521', 'ES512'],
    ['Ed25519', 'EdDSA'],
    ['Ed25519 (as Ed25519)', 'Ed25519'],
    ['Ed448', 'Ed448'],
  ];
  for (const [label, alg] of cases) {
    it(`${label}: node PEM → josekit importPkcs8 signs → node verifies with its SPKI PEM`, async () => {
      const { publicKey, privateKey } = nodeKeyPair(alg);
      const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const signKey = await jose.importPkcs8(pkcs8, alg);
      expect(signKey.type).toBe('private');
      const token = await jose.signCompact(PAYLOAD, signKey, { alg });
      const { input, signature } = splitToken(token);
      const nodePublic = createPublicKey(spki);
      expect(nodeVerifies(alg, nodePublic, input, signature)).toBe(true);
      // josekit's own SPKI import of node's PEM verifies the same token.
      const verifyKey = await jose.importSpki(spki, alg);
      const { payload } = await jose.verifyCompact(token, verifyKey, { algorithms: [alg] });
      expect(Buffer.from(payload).equals(PAYLOAD)).toBe(true);
    });

    it(`${label}: josekit exportPkcs8/exportSpki → node parses the PEM, signs, and josekit verifies`, async () => {
      const pair = await jose.generateKeyPair(alg, { extractable: true });
      const pkcs8 = await jose.exportPkcs8(pair.privateKey);
      const spki = await jose.exportSpki(pair.publicKey);
      const nodePrivate = createPrivateKey(pkcs8);
      const nodePublic = createPublicKey(spki);
      // Node reads the same key: its public half equals josekit's public key.
      expect(createPublicKey(nodePrivate).export({ format: 'jwk' })).toEqual(nodePublic.export({ format: 'jwk' }));
      expect(nodePublic.export({ format: 'jwk' })).toEqual(await jose.exportJwk(pair.publicKey));
      // The PEM text josekit writes is the PEM text node writes for the same DER.
      expect(spki).toBe(nodePublic.export({ type: 'spki', format: 'pem' }));
      const token = nodeCompact(alg, nodePrivate, PAYLOAD);
      const { payload } = await jose.verifyCompact(token, pair.publicKey, { algorithms: [alg] });
      expect(Buffer.from(payload).equals(PAYLOAD)).toBe(true);
      await expectRejects(jose.verifyCompact(tamperPayload(token), pair.publicKey, { algorithms: [alg] }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });
  }
});
