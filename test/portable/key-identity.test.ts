// One key, one identity (red-team finding F1): verifyGeneral's { atLeast: n } counts distinct
// keys, and a key is the same key whichever way the resolver imported it — a JWK, an SPKI with
// an uncompressed or a compressed point (RFC 5480 §2.2), a PEM certificate, an x5c entry taken
// from the signature's own header, a raw secret. An RSA SPKI with bytes after its RSAPublicKey
// (which some platforms ignore) is refused outright. Alternate encodings are built here by hand,
// without josekit. Also: the hint in importSecret's short-secret message.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from 'josekit';
import { bytes, rejects, text } from './support.js';

const FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';

// ---------------------------------------------------------------------------------------------
// DER, PEM and base64 by hand (none of it uses josekit)

function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function toBase64(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const fromBase64url = (text: string): Uint8Array => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
const derOfPem = (pem: string): Uint8Array => fromBase64(pem.replace(/-----[^-]+-----|\s/g, ''));
const pem = (der: Uint8Array, label: string): string => `-----BEGIN ${label}-----\n${toBase64(der).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** One DER element with a shortest-form length. */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  const n = body.length;
  const head = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : [tag, 0x82, n >> 8, n & 0xff];
  return concat(Uint8Array.from(head), body);
}

/** The elements directly inside the constructed element at the start of `der`. */
function children(der: Uint8Array): Uint8Array[] {
  const header = (at: number): [number, number] => {
    const first = der[at + 1]!;
    if (first < 0x80) return [2, first];
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
    return [2 + count, length];
  };
  const [outerHead, outerLength] = header(0);
  const out: Uint8Array[] = [];
  for (let at = outerHead; at < outerHead + outerLength; ) {
    const [head, length] = header(at);
    out.push(der.subarray(at, at + head + length));
    at += head + length;
  }
  return out;
}

const SEQUENCE = 0x30;
const ECDSA_WITH_SHA256 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);

/**
 * A structurally valid X.509 certificate around `spki` (empty names and validity, a dummy
 * signature): importX509 reads only the SubjectPublicKeyInfo, as its documentation says.
 */
function certificate(spki: Uint8Array): Uint8Array {
  const tbs = tlv(
    SEQUENCE,
    tlv(0xa0, tlv(0x02, Uint8Array.of(2))),
    tlv(0x02, Uint8Array.of(1)),
    tlv(SEQUENCE, ECDSA_WITH_SHA256),
    tlv(SEQUENCE),
    tlv(SEQUENCE),
    tlv(SEQUENCE),
    spki,
  );
  return tlv(SEQUENCE, tbs, tlv(SEQUENCE, ECDSA_WITH_SHA256), tlv(0x03, Uint8Array.of(0, 1, 2, 3)));
}

/** The SPKI of `spki`'s key with its EC point compressed: 0x02 or 0x03 (parity of y), then x. */
function compressedSpki(spki: Uint8Array, jwk: jose.Jwk): Uint8Array {
  const [algorithm] = children(spki);
  const y = fromBase64url(jwk.y!);
  const form = y[y.length - 1]! & 1 ? 0x03 : 0x02;
  return tlv(SEQUENCE, algorithm!, tlv(0x03, Uint8Array.of(0x00, form), fromBase64url(jwk.x!)));
}

/** The RSA SPKI with `extra` appended inside the BIT STRING, after the RSAPublicKey. */
function rsaSpkiWithTrailingBytes(spki: Uint8Array, extra: Uint8Array): Uint8Array {
  const [algorithm, bitString] = children(spki);
  const header = bitString![1]! < 0x80 ? 2 : 2 + (bitString![1]! & 0x7f);
  const rsaPublicKey = bitString!.subarray(header + 1); // after the unused-bits count
  return tlv(SEQUENCE, algorithm!, tlv(0x03, Uint8Array.of(0x00), rsaPublicKey, extra));
}

// ---------------------------------------------------------------------------------------------
// Keys

interface Signer {
  alg: jose.JwsAlgorithm;
  privateKey: CryptoKey;
  jwk: jose.Jwk;
  spki: Uint8Array;
}

async function signer(alg: jose.JwsAlgorithm): Promise<Signer> {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg);
  return { alg, privateKey, jwk: await jose.exportJwk(publicKey), spki: derOfPem(await jose.exportSpki(publicKey)) };
}

let es256: Signer;
let es256Other: Signer;
let rs256: Signer;
let ed25519: Signer;
beforeAll(async () => {
  [es256, es256Other, rs256, ed25519] = await Promise.all([signer('ES256'), signer('ES256'), signer('RS256'), signer('EdDSA')]);
});

/** Every way a resolver may import `s`'s public key, by name. */
function importers(s: Signer): Record<string, (header: jose.JoseHeader) => Promise<CryptoKey> | jose.Jwk> {
  const cert = certificate(s.spki);
  return {
    'a JWK object': () => ({ ...s.jwk }),
    importJwk: () => jose.importJwk(s.jwk, s.alg),
    importSpki: () => jose.importSpki(pem(s.spki, 'PUBLIC KEY'), s.alg),
    'importX509 (PEM)': () => jose.importX509(pem(cert, 'CERTIFICATE'), s.alg),
    // The signer chose this header; the certificate in it is the attacker's own.
    'importX509 (the x5c entry of the header)': (header) => jose.importX509((header.x5c as string[])[0]!, s.alg),
    ...(s.alg === 'ES256' ? { 'importSpki (compressed point)': () => jose.importSpki(pem(compressedSpki(s.spki, s.jwk), 'PUBLIC KEY'), s.alg) } : {}),
  };
}

/** A general JWS with one signature per entry of `kids`, all by `s`, each carrying its kid and an x5c. */
function signTwice(s: Signer, kids: [string, string]): Promise<jose.GeneralJws> {
  const x5c = [toBase64(certificate(s.spki))];
  return jose.signGeneral(
    'transfer 100 to mallory',
    kids.map((kid) => ({ key: s.privateKey, alg: s.alg, protectedHeader: { kid, x5c } })),
  );
}

/** A resolver that imports the key the way the header's kid names. */
const byKid =
  (ways: Record<string, (header: jose.JoseHeader) => Promise<CryptoKey> | jose.Jwk>) =>
  (header: jose.JoseHeader): Promise<CryptoKey> | jose.Jwk =>
    ways[header.kid as string]!(header);

describe('{ atLeast: 2 } is not met by one key imported two ways', () => {
  for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
    it(`${alg}: every pair of import paths gives the same key`, async () => {
      const s = alg === 'ES256' ? es256 : alg === 'RS256' ? rs256 : ed25519;
      const ways = importers(s);
      const names = Object.keys(ways);
      for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
          const pair: [string, string] = [names[i]!, names[j]!];
          const jws = await signTwice(s, pair);
          const error = await rejects(
            jose.verifyGeneral(jws, byKid(ways), { algorithms: [alg], policy: { atLeast: 2 } }),
            jose.JwsSignatureVerificationFailed,
            FAILED,
            /needs 2 verified signatures from distinct keys of 2, got 1 distinct key in 2 verified signatures \(signature 2 is by the same key as signature 1\)/,
          );
          expect(error.step, pair.join(' + ')).toBe('verify signature');
          // Each signature on its own is good: 'all' and 'any' accept the JWS.
          const all = await jose.verifyGeneral(jws, byKid(ways), { algorithms: [alg], policy: 'all' });
          expect(all.signatures.map((o) => o.verified)).toEqual([true, true]);
        }
      }
    });
  }

  it('HS256: a raw secret, importSecret and an oct JWK are one key', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const ways: Record<string, () => Promise<CryptoKey> | Uint8Array | jose.Jwk> = {
      raw: () => secret.slice(),
      importSecret: () => jose.importSecret(secret, 'HS256'),
      jwk: () => ({ kty: 'oct', k: jose.base64url.encode(secret) }),
    };
    for (const pair of [['raw', 'importSecret'], ['raw', 'jwk'], ['importSecret', 'jwk']] as const) {
      const jws = await jose.signGeneral('x', pair.map((kid) => ({ key: secret, alg: 'HS256' as const, protectedHeader: { kid } })));
      await rejects(
        jose.verifyGeneral(jws, (header) => ways[header.kid as string]!(), { algorithms: ['HS256'], policy: { atLeast: 2 } }),
        jose.JwsSignatureVerificationFailed,
        FAILED,
        /got 1 distinct key in 2 verified signatures/,
      );
    }
  });

  it('a CryptoKey made outside josekit but extractable is compared by its material too', async () => {
    const foreign = await crypto.subtle.importKey('spki', es256.spki as Uint8Array<ArrayBuffer>, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const ways = { foreign: async () => foreign, compressed: importers(es256)['importSpki (compressed point)']! };
    const jws = await signTwice(es256, ['foreign', 'compressed']);
    await rejects(jose.verifyGeneral(jws, byKid(ways), { algorithms: ['ES256'], policy: { atLeast: 2 } }), jose.JwsSignatureVerificationFailed, FAILED, /same key as signature 1/);
  });

  it('two genuinely different keys still count twice, whatever the import paths', async () => {
    const a = importers(es256);
    const b = importers(es256Other);
    const cases: Array<[keyof typeof a, keyof typeof b]> = [
      ['a JWK object', 'importSpki'],
      ['importSpki (compressed point)', 'importX509 (PEM)'],
      ['importX509 (the x5c entry of the header)', 'importSpki (compressed point)'],
    ];
    for (const [wayA, wayB] of cases) {
      const jws = await jose.signGeneral('doc', [
        { key: es256.privateKey, alg: 'ES256', protectedHeader: { kid: 'a', x5c: [toBase64(certificate(es256.spki))] } },
        { key: es256Other.privateKey, alg: 'ES256', protectedHeader: { kid: 'b', x5c: [toBase64(certificate(es256Other.spki))] } },
      ]);
      const resolver = (header: jose.JoseHeader) => (header.kid === 'a' ? a[wayA]!(header) : b[wayB]!(header));
      const { payload, signatures } = await jose.verifyGeneral(jws, resolver, { algorithms: ['ES256'], policy: { atLeast: 2 } });
      expect(text(payload)).toBe('doc');
      expect(signatures.map((o) => o.verified)).toEqual([true, true]);
    }
  });

  it('an ES256 and an RS256 key of one signer each count (different keys)', async () => {
    const jws = await jose.signGeneral('doc', [
      { key: es256.privateKey, alg: 'ES256', protectedHeader: { kid: 'es' } },
      { key: rs256.privateKey, alg: 'RS256', protectedHeader: { kid: 'rs' } },
    ]);
    const resolver = (header: jose.JoseHeader) => (header.kid === 'es' ? jose.importSpki(pem(es256.spki, 'PUBLIC KEY'), 'ES256') : rs256.jwk);
    const { signatures } = await jose.verifyGeneral(jws, resolver, { algorithms: ['ES256', 'RS256'], policy: { atLeast: 2 } });
    expect(signatures.map((o) => o.verified)).toEqual([true, true]);
  });
});

describe('compressed EC points in an SPKI (RFC 5480 §2.2)', () => {
  it('the P-256 prefix of the report, and the point: imports and verifies as the uncompressed key does', async () => {
    const compressed = compressedSpki(es256.spki, es256.jwk);
    expect(toBase64(compressed.subarray(0, 26))).toBe(toBase64(hex('3039301306072a8648ce3d020106082a8648ce3d030107032200')));
    const key = await jose.importSpki(pem(compressed, 'PUBLIC KEY'), 'ES256', { extractable: true });
    // What was imported is the full point: the exported JWK is the key's own.
    const exported = await jose.exportJwk(key);
    expect([exported.x, exported.y]).toEqual([es256.jwk.x, es256.jwk.y]);
    expect(derOfPem(await jose.exportSpki(key))).toEqual(es256.spki);
    const token = await jose.signCompact('hello', es256.privateKey, { alg: 'ES256' });
    expect(text((await jose.verifyCompact(token, key, { algorithms: ['ES256'] })).payload)).toBe('hello');
    // And through a certificate.
    const fromCert = await jose.importX509(toBase64(certificate(compressed)), 'ES256');
    expect(text((await jose.verifyCompact(token, fromCert, { algorithms: ['ES256'] })).payload)).toBe('hello');
  });

  for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
    it(`${alg}: both parities of y decompress to the key's own point`, async () => {
      const seen = new Set<number>();
      for (let round = 0; round < 64 && seen.size < 2; round++) {
        const s = await signer(alg);
        const compressed = compressedSpki(s.spki, s.jwk);
        const form = compressed[compressed.length - fromBase64url(s.jwk.x!).length - 1]!;
        if (seen.has(form)) continue;
        seen.add(form);
        const exported = await jose.exportJwk(await jose.importSpki(pem(compressed, 'PUBLIC KEY'), alg, { extractable: true }));
        expect([exported.x, exported.y]).toEqual([s.jwk.x, s.jwk.y]);
      }
      expect([...seen].sort()).toEqual([0x02, 0x03]);
    });
  }

  it('an x that is no point of the curve, or not below the field prime, is refused', async () => {
    const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
    const b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
    const pow = (base: bigint, e: bigint): bigint => {
      let r = 1n;
      for (base %= p; e > 0n; e >>= 1n, base = (base * base) % p) if (e & 1n) r = (r * base) % p;
      return r;
    };
    // Euler's criterion: x³ − 3x + b is a non-residue, so no point has this x.
    let x = 1n;
    while (pow((((x * x * x - 3n * x + b) % p) + p) % p, (p - 1n) / 2n) !== p - 1n) x++;
    const bytesOf = (v: bigint) => hex(v.toString(16).padStart(64, '0'));
    const prefix = hex('3039301306072a8648ce3d020106082a8648ce3d030107032200');
    const offCurve = concat(prefix, Uint8Array.of(0x02), bytesOf(x));
    await rejects(jose.importSpki(pem(offCurve, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /compressed public point is not on the P-256 curve/);
    const tooLarge = concat(prefix, Uint8Array.of(0x03), bytesOf(p + 1n));
    await rejects(jose.importSpki(pem(tooLarge, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /not below the P-256 field prime/);
    // The hybrid forms (0x06, 0x07) are not keys.
    const hybrid = tlv(SEQUENCE, children(es256.spki)[0]!, tlv(0x03, Uint8Array.of(0x00, 0x06), fromBase64url(es256.jwk.x!), fromBase64url(es256.jwk.y!)));
    await rejects(jose.importSpki(pem(hybrid, 'PUBLIC KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /form 0x6/);
  });
});

describe('an RSA SPKI holds exactly one RSAPublicKey', () => {
  it('a trailing 00 inside the BIT STRING is refused, as SPKI, as certificate, as x5c entry', async () => {
    const padded = rsaSpkiWithTrailingBytes(rs256.spki, Uint8Array.of(0x00));
    // Sanity: without the extra byte, the rebuilt SPKI is the original.
    expect(rsaSpkiWithTrailingBytes(rs256.spki, new Uint8Array(0))).toEqual(rs256.spki);
    await rejects(jose.importSpki(pem(padded, 'PUBLIC KEY'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /: SubjectPublicKeyInfo DER: 1 byte follows the RSAPublicKey/);
    await rejects(jose.importX509(pem(certificate(padded), 'CERTIFICATE'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /: certificate DER: 1 byte follows the RSAPublicKey/);
    await rejects(jose.importX509(toBase64(certificate(padded)), 'PS256'), jose.JoseKeyInvalid, KEY_INVALID, /1 byte follows the RSAPublicKey/);
    await rejects(jose.x509Thumbprint(toBase64(certificate(padded)), 'sha256'), jose.JoseKeyInvalid, KEY_INVALID, /1 byte follows the RSAPublicKey/);
    const more = rsaSpkiWithTrailingBytes(rs256.spki, Uint8Array.of(0x05, 0x00));
    await rejects(jose.importSpki(pem(more, 'PUBLIC KEY'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /2 bytes follow the RSAPublicKey/);
  });

  it('so the attack of the report fails at the resolver, and the JWS does not meet { atLeast: 2 }', async () => {
    const padded = rsaSpkiWithTrailingBytes(rs256.spki, Uint8Array.of(0x00));
    const ways = {
      normal: () => jose.importSpki(pem(rs256.spki, 'PUBLIC KEY'), 'RS256'),
      padded: () => jose.importSpki(pem(padded, 'PUBLIC KEY'), 'RS256'),
    };
    const jws = await signTwice(rs256, ['normal', 'padded']);
    await rejects(
      jose.verifyGeneral(jws, byKid(ways), { algorithms: ['RS256'], policy: { atLeast: 2 } }),
      jose.JwsSignatureVerificationFailed,
      FAILED,
      /needs 2 verified signatures from distinct keys of 2, got 1 \(signature 2: import key: SubjectPublicKeyInfo DER: 1 byte follows the RSAPublicKey/,
    );
  });
});

describe('importSecret with a short secret says what still works', () => {
  it('names allowShortSecret for verifying legacy tokens with the bytes, and generateSecret for signing', async () => {
    const short = bytes('keyboard cat');
    const error = await rejects(jose.importSecret(short, 'HS256'), jose.JoseKeyInvalid, KEY_INVALID, /: HS256 needs a secret of at least 32 bytes .*this one has 12\. /);
    expect(error.message).toMatch(/pass the bytes themselves \(not an imported key\) to verifyJwt, createJwtVerifier or verifyCompact with allowShortSecret: true/);
    expect(error.message).toMatch(/To sign, make a new secret of at least 32 bytes \(generateSecret\("HS256"\)/);
    const long = await rejects(jose.importSecret(new Uint8Array(40), 'HS512'), jose.JoseKeyInvalid, KEY_INVALID, /at least 64 bytes/);
    expect(long.message).toMatch(/generateSecret\("HS512"\), or crypto\.getRandomValues\(new Uint8Array\(64\)\)/);

    // The advice works: a token signed elsewhere with the short secret verifies with the bytes.
    const b64 = jose.base64url.encode;
    const input = `${b64(JSON.stringify({ alg: 'HS256' }))}.${b64(JSON.stringify({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 600 }))}`;
    const mac = await crypto.subtle.sign('HMAC', await crypto.subtle.importKey('raw', short, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), bytes(input));
    const token = `${input}.${b64(new Uint8Array(mac))}`;
    expect((await jose.verifyJwt(token, short, { algorithms: ['HS256'], allowShortSecret: true })).payload.sub).toBe('u1');
  });

  it('signing with the short bytes names a way to make a new secret (and no option: nothing signs with a short one)', async () => {
    const error = await rejects(jose.signCompact('x', bytes('keyboard cat'), { alg: 'HS256' }), jose.JoseKeyInvalid, KEY_INVALID, /at least 32 bytes.*has 12/);
    expect(error.message).toMatch(/Signing needs a new secret of at least 32 bytes \(generateSecret\("HS256"\), or crypto\.getRandomValues\(new Uint8Array\(32\)\)\)$/);
    expect(error.message).not.toMatch(/allowShortSecret/);
  });
});
