// PEM reading (RFC 7468 §2): text outside the encapsulation boundaries is ignored; of several
// blocks the one with the wanted label is read; two blocks with the wanted label are an error
// that says so; the advice for commonly mistaken labels stays; labels from the input never
// resolve to Object.prototype members.
import { beforeAll, describe, expect, it } from 'vitest';
import * as jose from '../../src/index.js';
import { pemToDer } from '../../src/keys/pem.js';
import rfc7517B from '../../vectors/rfc/rfc7517-B.json';
import { rejects } from '../portable/support.js';

const KEY_INVALID = 'ERR_JOSE_KEY_INVALID';

const wrap = (base64: string, label: string): string => `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const body = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '');
const relabel = (pem: string, label: string): string => pem.replace(/(BEGIN|END) [A-Z ]+-----/g, `$1 ${label}-----`);

const CERT = wrap(rfc7517B.jwk.x5c[0]!, 'CERTIFICATE');
let spki: string;
let pkcs8: string;
let publicKey: CryptoKey;

beforeAll(async () => {
  const pair = await jose.generateKeyPair('ES256', { extractable: true });
  publicKey = pair.publicKey;
  spki = await jose.exportSpki(pair.publicKey);
  pkcs8 = await jose.exportPkcs8(pair.privateKey);
});

describe('RFC 7468 §2: text outside the boundaries is ignored', () => {
  it('OpenSSL "Bag Attributes" and "subject=" lines before a certificate, comments after', async () => {
    const file = `Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: example\nsubject=/CN=Example\nissuer=/CN=Example\n${CERT}# a trailing comment\n`;
    const key = await jose.importX509(file, 'RS256', { extractable: true });
    expect((await jose.exportJwk(key)).n).toBe(rfc7517B.jwk.n);
  });

  it('explanatory text before and after a key, on the same line as the boundaries too', async () => {
    const key = await jose.importSpki(`Public key of service A:\n${spki.trim()} (rotated 2026-11)\n`, 'ES256', { extractable: true });
    expect(await jose.exportJwk(key)).toEqual(await jose.exportJwk(publicKey));
    await jose.importPkcs8(`Private-Key: (256 bit)\n\n${pkcs8}\n\n-- end of file --`, 'ES256');
  });
});

describe('several blocks: the one with the wanted label is read', () => {
  it('a key and its certificate in one file', async () => {
    const file = `${pkcs8}${CERT}`;
    await jose.importPkcs8(file, 'ES256');
    const fromCert = await jose.importX509(file, 'RS256', { extractable: true });
    expect((await jose.exportJwk(fromCert)).n).toBe(rfc7517B.jwk.n);
    // In the other order, with text between.
    await jose.importPkcs8(`${CERT}\nthe key:\n${pkcs8}`, 'ES256');
    await jose.importSpki(`${CERT}${spki}`, 'ES256');
  });

  it('EC PARAMETERS next to a PKCS#8 key', async () => {
    const params = wrap('BggqhkjOPQMBBw==', 'EC PARAMETERS');
    await jose.importPkcs8(`${params}${pkcs8}`, 'ES256');
  });

  it('two blocks with the wanted label stay an error that says so', async () => {
    await rejects(jose.importX509(`${CERT}${CERT}`, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /holds 2 "CERTIFICATE" blocks; pass only the first \(leaf\) certificate/);
    await rejects(jose.importSpki(`${spki}\n${spki}`, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /holds 2 "PUBLIC KEY" blocks/);
    await rejects(jose.importPkcs8(`${pkcs8}${CERT}${pkcs8}${pkcs8}`, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /holds 3 "PRIVATE KEY" blocks/);
  });
});

describe('wrong labels keep their advice', () => {
  it('PKCS#1, SEC1, encrypted and PKCS#1 public keys name the openssl command', async () => {
    await rejects(jose.importPkcs8(relabel(pkcs8, 'RSA PRIVATE KEY'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /PKCS#1 RSA private key.*openssl pkcs8 -topk8/);
    await rejects(jose.importPkcs8(relabel(pkcs8, 'EC PRIVATE KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /SEC1 EC private key.*openssl pkcs8 -topk8/);
    await rejects(jose.importPkcs8(relabel(pkcs8, 'ENCRYPTED PRIVATE KEY'), 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /encrypted; decrypt it first/);
    await rejects(jose.importSpki(relabel(spki, 'RSA PUBLIC KEY'), 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /PKCS#1 RSA public key.*-RSAPublicKey_in/);
  });

  it('the block with advice is named among several (openssl ecparam -genkey output)', async () => {
    const file = `${wrap('BggqhkjOPQMBBw==', 'EC PARAMETERS')}${relabel(pkcs8, 'EC PRIVATE KEY')}`;
    await rejects(jose.importPkcs8(file, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /PEM is "EC PRIVATE KEY", not "PRIVATE KEY" \(the PEM holds "EC PARAMETERS", "EC PRIVATE KEY"\): this is a SEC1/);
  });

  it('the right function is named for keys and certificates', async () => {
    await rejects(jose.importSpki(pkcs8, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importPkcs8/);
    await rejects(jose.importPkcs8(spki, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importSpki/);
    await rejects(jose.importSpki(CERT, 'RS256'), jose.JoseKeyInvalid, KEY_INVALID, /importX509/);
    await rejects(jose.importX509(spki, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /importSpki/);
  });

  it('labels named after Object.prototype members are ordinary unknown labels', async () => {
    for (const label of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const pem = wrap(body(spki), label);
      await rejects(jose.importSpki(pem, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, new RegExp(`PEM is "${label}", not "PUBLIC KEY": expected "-----BEGIN PUBLIC KEY-----"`));
      await rejects(jose.importPkcs8(pem, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /expected "-----BEGIN PRIVATE KEY-----"/);
    }
  });
});

describe('malformed armour', () => {
  const step = 'import key' as const;

  it('BEGIN without END, END without BEGIN, and labels that do not match', () => {
    expect(() => pemToDer(`-----BEGIN PUBLIC KEY-----\n${body(spki)}\n`, 'PUBLIC KEY', step)).toThrow(/"PUBLIC KEY" has no END line/);
    expect(() => pemToDer(`${body(spki)}\n-----END PUBLIC KEY-----`, 'PUBLIC KEY', step)).toThrow(/END line \("PUBLIC KEY"\) without a BEGIN line/);
    expect(() => pemToDer(`-----BEGIN PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\n${body(spki)}\n-----END PUBLIC KEY-----`, 'PUBLIC KEY', step)).toThrow(
      /no END line before the next BEGIN/,
    );
    expect(() => pemToDer(relabel(spki, 'PUBLIC KEY').replace('END PUBLIC KEY', 'END PRIVATE KEY'), 'PUBLIC KEY', step)).toThrow(
      /BEGIN label "PUBLIC KEY" does not match END label "PRIVATE KEY"/,
    );
  });

  it('no block at all, an empty body, a body that is not base64', () => {
    expect(() => pemToDer('', 'PUBLIC KEY', step)).toThrow(/not a PEM block/);
    expect(() => pemToDer(body(spki), 'PUBLIC KEY', step)).toThrow(/not a PEM block/);
    expect(() => pemToDer('-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----', 'PUBLIC KEY', step)).toThrow(/not valid base64/);
    expect(() => pemToDer('-----BEGIN PUBLIC KEY-----\nMAUw*AMBAA==\n-----END PUBLIC KEY-----', 'PUBLIC KEY', step)).toThrow(/not valid base64/);
    expect(() => pemToDer('-----BEGIN PUBLIC KEY-----\nMA=UwAAMBAA=\n-----END PUBLIC KEY-----', 'PUBLIC KEY', step)).toThrow(/not valid base64/);
  });

  it('a PEM copied out of JSON with literal "\\n" escapes gets a hint', async () => {
    const escaped = spki.replace(/\n/g, '\\n');
    await rejects(jose.importSpki(escaped, 'ES256'), jose.JoseKeyInvalid, KEY_INVALID, /literal "\\n" sequences/);
  });

  it('a body that is not a DER SEQUENCE', () => {
    expect(() => pemToDer(wrap('AgEF', 'PUBLIC KEY'), 'PUBLIC KEY', step)).toThrow(/does not hold a DER SEQUENCE/);
  });

  it('errors are JoseKeyInvalid with the step, for every non-string input', () => {
    for (const value of [null, undefined, 1, {}, [], new Uint8Array(4)]) {
      let error: unknown;
      try {
        pemToDer(value, 'CERTIFICATE', step);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(jose.JoseKeyInvalid);
      expect((error as jose.JoseKeyInvalid).code).toBe(KEY_INVALID);
      expect((error as Error).message).toMatch(/^import key: expected a PEM string/);
    }
  });
});
