// Opt-in verify options for legacy tokens: allowShortSecret (HMAC secrets shorter than the hash
// output, RFC 7518 §3.2) and allowPadding (padded base64url segments, as AWS Application Load
// Balancer tokens have; JOSE's base64url is unpadded, RFC 7515 §2). Neither weakens anything else.
import { describe, expect, it } from 'vitest';
import * as jose from 'josekit';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array<ArrayBuffer> => enc.encode(s) as Uint8Array<ArrayBuffer>;
const b64 = (input: Uint8Array | string): string => jose.base64url.encode(input);
/** base64url with RFC 4648 §3.2 padding, as AWS ALB writes it. */
const padded = (input: Uint8Array | string): string => {
  const text = b64(input);
  return text + '='.repeat((4 - (text.length % 4)) % 4);
};
const now = () => Math.floor(Date.now() / 1000);

/** Asserts that `promise` (or the function) fails with `cls`, and the message matches every pattern. */
async function rejects(
  promise: Promise<unknown> | (() => unknown),
  cls: abstract new (...args: never[]) => jose.JoseError,
  ...messages: RegExp[]
): Promise<jose.JoseError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    error = err;
  }
  expect(error, `expected a ${cls.name}`).toBeInstanceOf(cls);
  for (const message of messages) expect((error as Error).message).toMatch(message);
  return error as jose.JoseError;
}

// ---------------------------------------------------------------------------------------------
// allowShortSecret
// ---------------------------------------------------------------------------------------------

/** A compact HS* token signed with WebCrypto directly (josekit refuses to sign with a short secret). */
async function legacyHmacToken(secret: Uint8Array<ArrayBuffer>, claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  const hash = `SHA-${alg.slice(2)}`;
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['sign']);
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(input)));
  return `${input}.${b64(mac)}`;
}

const KEYBOARD_CAT = 'keyboard cat'; // jsonwebtoken's README secret: 12 bytes
const shortJwk = (): jose.Jwk => ({ kty: 'oct', k: b64(KEYBOARD_CAT) });
const HS = { algorithms: ['HS256'] } as const;

describe('allowShortSecret: verifying legacy tokens signed with a short HMAC secret (RFC 7518 §3.2)', () => {
  it('without the option a short Uint8Array secret is refused, naming the option and asking to rotate', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { sub: 'u1', exp: now() + 600 });
    const error = await rejects(jose.verifyJwt(token, bytes(KEYBOARD_CAT), HS), jose.JoseKeyInvalid, /at least 32 bytes/, /has 12/);
    expect(error.code).toBe('ERR_JOSE_KEY_INVALID');
    expect(error.message).toMatch(/pass allowShortSecret: true to verify legacy tokens while you rotate to a secret of at least 32 bytes/);
    await rejects(jose.verifyCompact(token, bytes(KEYBOARD_CAT), HS), jose.JoseKeyInvalid, /allowShortSecret: true/);
  });

  it('without the option a short oct JWK is refused with the same advice', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { sub: 'u1', exp: now() + 600 });
    await rejects(jose.verifyJwt(token, shortJwk(), HS), jose.JoseKeyInvalid, /at least 32 bytes/, /allowShortSecret: true/, /rotate/);
  });

  it('with the option verifyJwt, verifyCompact and createJwtVerifier accept the legacy token (Uint8Array and oct JWK)', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { sub: 'u1', exp: now() + 600 });
    for (const key of [bytes(KEYBOARD_CAT), shortJwk()]) {
      const { payload, header } = await jose.verifyJwt(token, key, { ...HS, allowShortSecret: true });
      expect(payload.sub).toBe('u1');
      expect(header.alg).toBe('HS256');
      const compact = await jose.verifyCompact(token, key, { ...HS, allowShortSecret: true });
      expect(JSON.parse(new TextDecoder().decode(compact.payload)).sub).toBe('u1');
      const verify = jose.createJwtVerifier(key, { ...HS, allowShortSecret: true, cache: { max: 4 } });
      expect((await verify(token)).payload.sub).toBe('u1');
      expect((await verify(token)).payload.sub).toBe('u1'); // a cache hit
    }
  });

  it('works for HS384 and HS512 secrets under their minimums, and via a key resolver', async () => {
    const secret = bytes('x'.repeat(40)); // long enough for HS256, short for HS384 (48) and HS512 (64)
    for (const alg of ['HS384', 'HS512'] as const) {
      const token = await legacyHmacToken(secret, { exp: now() + 600 }, alg);
      await rejects(jose.verifyJwt(token, secret, { algorithms: [alg] }), jose.JoseKeyInvalid, new RegExp(`${alg} needs a secret`), /allowShortSecret/);
      const resolved = await jose.verifyJwt(token, async () => ({ kty: 'oct', k: b64(secret) }), { algorithms: [alg], allowShortSecret: true });
      expect(resolved.header.alg).toBe(alg);
    }
  });

  it('still checks the signature: another short secret fails verification', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    await rejects(jose.verifyJwt(token, bytes('keyboard dog'), { ...HS, allowShortSecret: true }), jose.JwsSignatureVerificationFailed, /does not match/);
  });

  it('an empty secret is refused with or without the option, and without suggesting it', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    for (const options of [HS, { ...HS, allowShortSecret: true }]) {
      const a = await rejects(jose.verifyJwt(token, new Uint8Array(0), options), jose.JoseKeyInvalid, /empty secret/);
      expect(a.message).not.toMatch(/pass allowShortSecret/);
      const b = await rejects(jose.verifyJwt(token, { kty: 'oct', k: '' }, options), jose.JoseKeyInvalid, /empty secret/);
      expect(b.message).not.toMatch(/pass allowShortSecret/);
    }
  });

  it('the other JWK rules still apply to a short oct JWK (alg, use, key_ops, canonical k)', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    const options = { ...HS, allowShortSecret: true };
    await rejects(jose.verifyJwt(token, { ...shortJwk(), alg: 'HS512' }, options), jose.JoseKeyInvalid, /is for alg "HS512"/);
    await rejects(jose.verifyJwt(token, { ...shortJwk(), use: 'enc' }, options), jose.JoseKeyInvalid, /use "enc"/);
    await rejects(jose.verifyJwt(token, { ...shortJwk(), key_ops: ['sign'] }, options), jose.JoseKeyInvalid, /key_ops/);
    await rejects(jose.verifyJwt(token, { kty: 'oct', k: `${b64(KEYBOARD_CAT)}=` }, options), jose.JwkInvalid, /not canonical base64url/);
  });

  it('does not loosen key binding: a Uint8Array is still never an RSA or EC key', async () => {
    const { privateKey } = await jose.generateKeyPair('ES256');
    const token = await jose.signJwt({ sub: 'u1' }, privateKey, { alg: 'ES256', expiresIn: '1h' });
    await rejects(jose.verifyJwt(token, bytes(KEYBOARD_CAT), { algorithms: ['ES256'], allowShortSecret: true }), jose.JoseKeyInvalid, /only ever an HMAC secret/);
  });

  it('does not apply to a CryptoKey made elsewhere (the message says what it covers)', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    const cryptoKey = await crypto.subtle.importKey('raw', bytes(KEYBOARD_CAT), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    await rejects(jose.verifyJwt(token, cryptoKey, { ...HS, allowShortSecret: true }), jose.JoseKeyInvalid, /at least 32 bytes/, /applies only to a secret given as a Uint8Array or an oct JWK/);
  });

  it('the key cache never hands a key made under the option to a call without it (Uint8Array and JWK objects)', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    const secret = bytes(KEYBOARD_CAT);
    const jwk = shortJwk();
    for (const key of [secret, jwk]) {
      // With the option first: imported and cached...
      await jose.verifyJwt(token, key, { ...HS, allowShortSecret: true });
      // ...then the same object without it, both at once and one after the other: refused.
      await rejects(jose.verifyJwt(token, key, HS), jose.JoseKeyInvalid, /allowShortSecret: true/);
      const verifier = jose.createJwtVerifier(key, HS);
      await rejects(verifier(token), jose.JoseKeyInvalid, /allowShortSecret: true/);
      // And the other way round: a refusal leaves nothing behind that blocks the option.
      expect((await jose.verifyJwt(token, key, { ...HS, allowShortSecret: true })).header.alg).toBe('HS256');
    }
  });

  it('signing with a short secret stays refused everywhere, also after it verified under the option', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    const secret = bytes(KEYBOARD_CAT);
    const jwk = shortJwk();
    await jose.verifyJwt(token, secret, { ...HS, allowShortSecret: true });
    await jose.verifyJwt(token, jwk, { ...HS, allowShortSecret: true });
    for (const key of [secret, jwk]) {
      const error = await rejects(jose.signJwt({ sub: 'x' }, key, { alg: 'HS256', expiresIn: '1h' }), jose.JoseKeyInvalid, /at least 32 bytes/);
      expect(error.message).not.toMatch(/allowShortSecret/); // nothing to opt into when signing
      await rejects(jose.signCompact('x', key, { alg: 'HS256' }), jose.JoseKeyInvalid, /at least 32 bytes/);
      await rejects(jose.signFlattened('x', key, { alg: 'HS256' }), jose.JoseKeyInvalid, /at least 32 bytes/);
      await rejects(jose.signGeneral('x', [{ key, alg: 'HS256' }]), jose.JoseKeyInvalid, /at least 32 bytes/);
    }
    await rejects(jose.importSecret(secret, 'HS256'), jose.JoseKeyInvalid, /at least 32 bytes/);
    await rejects(jose.importJwk(jwk, 'HS256'), jose.JoseKeyInvalid, /at least 32 bytes/);
  });

  it('the CryptoKey a short secret verified with can only verify', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    for (const given of [bytes(KEYBOARD_CAT), shortJwk()]) {
      const { key } = await jose.verifyJwt(token, given, { ...HS, allowShortSecret: true });
      expect(key.usages).toEqual(['verify']);
      expect(key.extractable).toBe(false);
      await rejects(jose.signJwt({}, key, { alg: 'HS256', expiresIn: '1h' }), jose.JoseKeyInvalid, /at least 32 bytes/);
      await expect(crypto.subtle.sign('HMAC', key, bytes('x'))).rejects.toThrow();
    }
  });

  it('verifyFlattened and verifyGeneral take the option too (it is about the key, not the serialisation)', async () => {
    const secret = bytes(KEYBOARD_CAT);
    const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const protectedSegment = b64(JSON.stringify({ alg: 'HS256' }));
    const payload = b64('hello');
    const signature = b64(new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(`${protectedSegment}.${payload}`))));
    const flattened = { protected: protectedSegment, payload, signature };
    await rejects(jose.verifyFlattened(flattened, secret, HS), jose.JoseKeyInvalid, /allowShortSecret: true/);
    const one = await jose.verifyFlattened(flattened, secret, { ...HS, allowShortSecret: true });
    expect(new TextDecoder().decode(one.payload)).toBe('hello');
    const general = { payload, signatures: [{ protected: protectedSegment, signature }] };
    const all = await jose.verifyGeneral(general, shortJwk(), { ...HS, allowShortSecret: true, policy: 'all' });
    expect(all.signatures.map((s) => s.verified)).toEqual([true]);
  });

  it('must be a boolean', async () => {
    const token = await legacyHmacToken(bytes(KEYBOARD_CAT), { exp: now() + 600 });
    await rejects(jose.verifyJwt(token, bytes(KEYBOARD_CAT), { ...HS, allowShortSecret: 'yes' as never }), jose.JoseInvalidOptions, /"allowShortSecret" must be a boolean/);
    await rejects(() => jose.createJwtVerifier(bytes(KEYBOARD_CAT), { ...HS, allowShortSecret: 1 as never }), jose.JoseInvalidOptions, /allowShortSecret/);
  });

  it('a long enough secret verifies the same with the option on', async () => {
    const secret = new Uint8Array(32).fill(7);
    const token = await jose.signJwt({ sub: 'long' }, secret, { alg: 'HS256', expiresIn: '1h' });
    expect((await jose.verifyJwt(token, secret, { ...HS, allowShortSecret: true })).payload.sub).toBe('long');
    expect((await jose.verifyJwt(token, secret, HS)).payload.sub).toBe('long');
  });
});

// ---------------------------------------------------------------------------------------------
// allowPadding
// ---------------------------------------------------------------------------------------------

/** An AWS ALB style token: ES256, padded segments, ALB header members, signed over the padded text. */
async function albToken(extraClaims: Record<string, unknown> = {}) {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const exp = now() + 120;
  const header = {
    typ: 'JWT',
    kid: '2a6b5c4d-1e2f-4a3b-8c7d-6e5f4a3b2c1d',
    alg: 'ES256',
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
    client: '4example0client0id0abc',
    signer: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188',
    exp,
  };
  let claims: Record<string, unknown> = { sub: 'b3c1f0e2-user', email: 'user@example.com', username: 'user', exp, iss: header.iss, ...extraClaims };
  // Make sure both JSON texts need padding (their byte lengths must not be multiples of 3).
  let headerJson = JSON.stringify(header);
  while (headerJson.length % 3 === 0) headerJson = JSON.stringify({ ...header, kid: `${header.kid}x` });
  let payloadJson = JSON.stringify(claims);
  for (let i = 0; payloadJson.length % 3 === 0; i++) payloadJson = JSON.stringify((claims = { ...claims, pad: 'x'.repeat(i + 1) }));
  const h = padded(headerJson);
  const p = padded(payloadJson);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, bytes(`${h}.${p}`)));
  const s = padded(signature); // 64 bytes: 86 characters and "=="
  return { token: `${h}.${p}.${s}`, h, p, s, pair, header: JSON.parse(headerJson) as typeof header, claims };
}

/** Drops the padding of every segment. */
const unpad = (token: string) => token.replace(/=+(?=\.|$)/g, '');

const ES = { algorithms: ['ES256'] } as const;

describe('allowPadding: padded base64url in compact tokens (AWS ALB x-amzn-oidc-data)', () => {
  it('the test token really is padded in all three segments', async () => {
    const { h, p, s } = await albToken();
    for (const segment of [h, p, s]) expect(segment).toMatch(/[A-Za-z0-9_-]=+$/);
    expect(s.endsWith('==')).toBe(true);
  });

  it('verifyJwt accepts an ALB token with a JWK and with an SPKI key, returning the ALB header members', async () => {
    const { token, pair, header, claims } = await albToken();
    const jwk = await jose.exportJwk(pair.publicKey);
    const spki = await jose.importSpki(await jose.exportSpki(pair.publicKey), 'ES256');
    for (const key of [jwk, spki]) {
      const result = await jose.verifyJwt(token, key, { ...ES, allowPadding: true });
      expect(result.payload.email).toBe(claims.email);
      expect(result.header.signer).toBe(header.signer);
      expect(result.header.client).toBe(header.client);
      expect(result.header.iss).toBe(header.iss);
      expect(result.header.exp).toBe(header.exp);
    }
  });

  it('verifyCompact and createJwtVerifier accept it too', async () => {
    const { token, pair, claims } = await albToken();
    const compact = await jose.verifyCompact(token, pair.publicKey, { ...ES, allowPadding: true });
    expect(JSON.parse(new TextDecoder().decode(compact.payload)).sub).toBe(claims.sub);
    const verify = jose.createJwtVerifier(pair.publicKey, { ...ES, allowPadding: true, cache: { max: 8 } });
    expect((await verify(token)).payload.sub).toBe(claims.sub);
    expect((await verify(token)).payload.sub).toBe(claims.sub);
  });

  it('the signature is checked over the segments as they appear: the same token unpadded does not verify', async () => {
    const { token, pair } = await albToken();
    const stripped = unpad(token);
    expect(stripped).not.toContain('=');
    await rejects(jose.verifyJwt(stripped, pair.publicKey, { ...ES, allowPadding: true }), jose.JwsSignatureVerificationFailed, /does not match/);
    await rejects(jose.verifyJwt(stripped, pair.publicKey, ES), jose.JwsSignatureVerificationFailed, /does not match/);
  });

  it('an unpadded token still verifies with the option on', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
    const token = await jose.signJwt({ sub: 'plain' }, privateKey, { alg: 'ES256', expiresIn: '1h' });
    expect((await jose.verifyJwt(token, publicKey, { ...ES, allowPadding: true })).payload.sub).toBe('plain');
  });

  it('without the option the padded token is refused, and the message names allowPadding', async () => {
    const { token, pair } = await albToken();
    const error = await rejects(jose.verifyJwt(token, pair.publicKey, ES), jose.JwsInvalid, /protected header is not canonical base64url/, /allowPadding: true/);
    expect(error.code).toBe('ERR_JWS_INVALID');
    await rejects(jose.verifyCompact(token, pair.publicKey, ES), jose.JwsInvalid, /allowPadding: true/);
    await rejects(jose.createJwtVerifier(pair.publicKey, ES)(token), jose.JwsInvalid, /allowPadding: true/);
  });

  it('only the payload or only the signature padded: refused without the option, naming that segment', async () => {
    const { h, p, s, pair } = await albToken();
    const [bareH, bareP, bareS] = [h, p, s].map((segment) => segment.replace(/=+$/, ''));
    await rejects(jose.verifyJwt(`${bareH}.${p}.${bareS}`, pair.publicKey, ES), jose.JwsInvalid, /payload is not canonical/, /allowPadding/);
    await rejects(jose.verifyJwt(`${bareH}.${bareP}.${s}`, pair.publicKey, ES), jose.JwsInvalid, /signature is not canonical/, /allowPadding/);
  });

  it('a padded header decoded under the option is not served from the header cache to a call without it', async () => {
    const { token, pair } = await albToken();
    await jose.verifyJwt(token, pair.publicKey, { ...ES, allowPadding: true }); // decodes and caches the padded header
    expect(jose.decodeHeader(token, { allowPadding: true }).alg).toBe('ES256');
    await rejects(jose.verifyJwt(token, pair.publicKey, ES), jose.JwsInvalid, /protected header is not canonical base64url/);
    await rejects(() => jose.decodeHeader(token), jose.JwsInvalid, /protected header is not canonical base64url/);
    await rejects(jose.verifyFlattened({ protected: token.split('.')[0]!, payload: token.split('.')[1]!.replace(/=+$/, ''), signature: 'AA' }, pair.publicKey, ES), jose.JwsInvalid, /protected header is not canonical base64url/);
    // And the option still works afterwards.
    expect((await jose.verifyJwt(token, pair.publicKey, { ...ES, allowPadding: true })).header.alg).toBe('ES256');
  });

  describe('only correct padding is accepted, even with the option', () => {
    const options = { ...ES, allowPadding: true };
    /** Replaces segment `index` of the token. */
    const withSegment = (token: string, index: number, segment: string) => token.split('.').map((s, i) => (i === index ? segment : s)).join('.');

    it('the wrong amount of padding is refused', async () => {
      const { token, h, s, pair } = await albToken();
      const bareH = h.replace(/=+$/, '');
      const bareS = s.replace(/=+$/, ''); // 86 characters: takes "=="
      const needed = (4 - (bareH.length % 4)) % 4;
      await rejects(jose.verifyJwt(withSegment(token, 2, `${bareS}=`), pair.publicKey, options), jose.JwsInvalid, /signature is not canonical/, /wrong padding: 86 characters take "==", this text has 1/);
      await rejects(jose.verifyJwt(withSegment(token, 2, `${bareS}===`), pair.publicKey, options), jose.JwsInvalid, /wrong padding/);
      await rejects(jose.verifyJwt(withSegment(token, 0, `${bareH}${'='.repeat(needed + 1)}`), pair.publicKey, options), jose.JwsInvalid, /protected header is not canonical/, /wrong padding/);
      // 4n characters take no padding at all.
      const full = b64('abc'); // "YWJj"
      await rejects(() => jose.decodeJwt(withSegment(token, 1, `${full}=`), { allowPadding: true }), jose.JwsInvalid, /payload is not canonical/, /take none/);
      // 4n+1 characters cannot be padded into shape.
      await rejects(() => jose.decodeJwt(withSegment(token, 1, 'YWJjZ==='), { allowPadding: true }), jose.JwsInvalid, /impossible length/);
      await rejects(() => jose.decodeJwt(withSegment(token, 1, '===='), { allowPadding: true }), jose.JwsInvalid, /payload is not canonical/);
    });

    it('"=" anywhere but at the end is refused', async () => {
      const { token, s, pair } = await albToken();
      const middle = `${s.slice(0, 10)}=${s.slice(10)}`;
      await rejects(jose.verifyJwt(withSegment(token, 2, middle), pair.publicKey, options), jose.JwsInvalid, /signature is not canonical/, /"=" at offset 10 is not at the end/);
      const bare = s.replace(/=+$/, '');
      await rejects(jose.verifyJwt(withSegment(token, 2, `${bare.slice(0, 84)}=${bare.slice(84)}=`), pair.publicKey, options), jose.JwsInvalid, /not at the end/);
    });

    it('padding does not excuse non-zero unused bits (the unpadded part must be canonical)', async () => {
      const { token, s, pair } = await albToken();
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const bare = s.replace(/=+$/, ''); // 86 characters: the last one carries 4 unused bits
      const last = bare.at(-1)!;
      const twin = `${bare.slice(0, -1)}${alphabet[alphabet.indexOf(last) | 1]}==`;
      await rejects(jose.verifyJwt(withSegment(token, 2, twin), pair.publicKey, options), jose.JwsInvalid, /signature is not canonical/, /unused bits/);
    });

    it('whitespace, "+" and "/" are still refused next to padding', async () => {
      const { token, p, pair } = await albToken();
      const bare = p.replace(/=+$/, '');
      const pad = p.slice(bare.length);
      for (const bad of [`${bare} ${pad}`, `${bare}${pad}\n`, `+${bare.slice(1)}${pad}`, `/${bare.slice(1)}${pad}`]) {
        await rejects(jose.verifyJwt(withSegment(token, 1, bad), pair.publicKey, options), jose.JwsInvalid, /payload is not canonical/);
      }
    });

    it('a wrongly padded segment without the option gets no allowPadding hint (it would not help)', async () => {
      const { h, p, s, pair } = await albToken();
      const [bareH, bareP, bareS] = [h, p, s].map((segment) => segment.replace(/=+$/, ''));
      const error = await rejects(jose.verifyJwt(`${bareH}.${bareP}.${bareS}=`, pair.publicKey, ES), jose.JwsInvalid, /signature is not canonical/, /padding is not allowed/);
      expect(error.message).not.toMatch(/allowPadding/);
    });
  });

  it('the JSON serialisations do not take the option, and their padding errors do not suggest it', async () => {
    const { h, p, s, pair } = await albToken();
    const flattened = { protected: h, payload: p, signature: s };
    await rejects(jose.verifyFlattened(flattened, pair.publicKey, { ...ES, allowPadding: true } as never), jose.JoseInvalidOptions, /unknown option "allowPadding"/);
    await rejects(jose.verifyGeneral({ payload: p, signatures: [{ protected: h, signature: s }] }, pair.publicKey, { ...ES, allowPadding: true } as never), jose.JoseInvalidOptions, /unknown option "allowPadding"/);
    const error = await rejects(jose.verifyFlattened(flattened, pair.publicKey, ES), jose.JwsInvalid, /not canonical base64url/);
    expect(error.message).not.toMatch(/allowPadding/);
  });

  it('must be a boolean', async () => {
    const { token, pair } = await albToken();
    await rejects(jose.verifyJwt(token, pair.publicKey, { ...ES, allowPadding: 'true' as never }), jose.JoseInvalidOptions, /"allowPadding" must be a boolean/);
    await rejects(() => jose.decodeJwt(token, { allowPadding: 1 as never }), jose.JoseInvalidOptions, /"allowPadding" must be a boolean/);
  });

  it('does not lift any other rule: claims are still validated (exp), and the alg allowlist applies', async () => {
    const { token, pair } = await albToken({ exp: now() - 60 });
    await rejects(jose.verifyJwt(token, pair.publicKey, { ...ES, allowPadding: true }), jose.JwtExpired);
    const fresh = await albToken();
    await rejects(jose.verifyJwt(fresh.token, fresh.pair.publicKey, { algorithms: ['ES384'], allowPadding: true }), jose.JoseAlgNotAllowed);
  });
});

describe('decodeJwt, decodeHeader and inspectJwt with padded tokens', () => {
  it('decodeJwt and decodeHeader refuse a padded token by default, naming allowPadding', async () => {
    const { token } = await albToken();
    await rejects(() => jose.decodeJwt(token), jose.JwsInvalid, /not canonical base64url/, /allowPadding: true/);
    await rejects(() => jose.decodeHeader(token), jose.JwsInvalid, /not canonical base64url/, /allowPadding: true/);
  });

  it('with allowPadding they decode it, with the same padding rules as verification', async () => {
    const { token, header, claims } = await albToken();
    expect(jose.decodeHeader(token, { allowPadding: true })).toEqual(header);
    expect(jose.decodeJwt(token, { allowPadding: true })).toEqual(claims);
    const bad = `${token.slice(0, -2)}=`; // the signature now has one "=" where it needs two
    await rejects(() => jose.decodeHeader(bad, { allowPadding: true }), jose.JwsInvalid, /signature is not canonical/, /wrong padding/);
  });

  it('inspectJwt (which has no such option) does not throw and reports the padding as not base64url', async () => {
    const { token } = await albToken();
    const report = jose.inspectJwt(token);
    expect(report.wellFormed).toBe(false);
    const codes = report.problems.map((problem) => problem.code);
    expect(codes).toContain('HEADER_NOT_BASE64URL');
    expect(codes).toContain('PAYLOAD_NOT_BASE64URL');
    expect(codes).toContain('SIGNATURE_NOT_BASE64URL');
    const first = report.problems.find((problem) => problem.code === 'HEADER_NOT_BASE64URL')!;
    expect(first.offset).toBe(token.indexOf('='));
    // Each padded segment's problem points at the option that verifies such tokens.
    for (const problem of report.problems.filter((p) => p.code.endsWith('_NOT_BASE64URL'))) expect(problem.message).toMatch(/padding.*allowPadding: true/);
    // Not for '=' that is not correct padding.
    const wrong = jose.inspectJwt(token.replace('.', '=.'));
    expect(wrong.problems.find((p) => p.code === 'HEADER_NOT_BASE64URL')?.message ?? '').not.toMatch(/allowPadding/);
    // The unpadded text of the same token inspects cleanly.
    const clean = jose.inspectJwt(unpad(token));
    expect(clean.wellFormed).toBe(true);
    expect(clean.header?.signer).toBeDefined();
  });
});
