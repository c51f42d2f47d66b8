/**
 * Reading the "Key or secret" field into what verifyJwt takes. A PEM public key or certificate
 * becomes a resolver that imports it for the header's alg (called by verifyJwt only once that
 * alg passed the allowlist), a JWK is passed as it is, a JWK Set goes through createLocalJwks,
 * and a secret becomes its bytes. Whatever josekit thinks of the key is then reported by josekit.
 * Private keys are refused by the page itself, whether PEM or JWK (a JWK, or any key of a JWK
 * Set, with "d", "p", "q", "dp", "dq", "qi" or "oth"): verifying needs only the public part. An
 * `oct` JWK is a secret, which is what HMAC verification takes, and is accepted.
 *
 * @module
 */

import { base64url, createLocalJwks, importSpki, importX509, type JwsAlgorithm, type Jwk, type JwkSet, type KeyOrResolver } from '../index.js';

/** How to read the field: detect, or force a secret encoding. */
export type KeyForm = 'auto' | 'text' | 'base64url';

/** The field, read. */
export interface KeyReading {
  /** The key or resolver for verifyJwt; absent when none could be made (see `error`). */
  readonly key?: KeyOrResolver<string>;
  /** Why no key could be made: a josekit error, or an Error in the page's own words. */
  readonly error?: unknown;
  /** Where `error` comes from, e.g. "createLocalJwks". */
  readonly source?: string;
  /** What the field was read as, in words. */
  readonly description: string;
  /** The key argument as code, for the call the page shows. */
  readonly expression: string;
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
/** The private members of EC, OKP and RSA JWKs (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const KEEP_PRIVATE = 'Keep private keys out of every page, this one included';

/** The private members this JWK has, as `"d", "p"`; empty for a public JWK or a secret. */
function privateMembers(jwk: unknown): string {
  if (typeof jwk !== 'object' || jwk === null) return '';
  return PRIVATE_MEMBERS.filter((name) => Object.prototype.hasOwnProperty.call(jwk, name)).map((name) => `"${name}"`).join(', ');
}

function quoted(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : '(none)')).join(', ');
}

function secretText(text: string, forced: boolean): KeyReading {
  const bytes = new TextEncoder().encode(text);
  const spaces = text !== text.trim() ? '; the whitespace at its start or end is part of the secret' : '';
  return {
    key: bytes,
    description: `${forced ? '' : 'not PEM or JSON, so '}an HMAC secret: the ${bytes.length} bytes of this text in UTF-8${spaces}`,
    expression: 'new TextEncoder().encode(secret)',
  };
}

function fromPem(text: string, label: string): KeyReading {
  if (label.includes('PRIVATE KEY')) {
    return {
      error: new Error(`this is a private key (${label}): verifying needs only the public key, e.g. from \`openssl pkey -pubout\`. ${KEEP_PRIVATE}`),
      description: `a private key (PEM "${label}")`,
      expression: 'publicKey',
    };
  }
  if (label === 'CERTIFICATE') {
    return {
      key: (header) => importX509(text, header.alg as JwsAlgorithm),
      description: 'an X.509 certificate (PEM), whose public key is imported for the token\'s alg once that alg is allowed',
      expression: '(header) => importX509(pem, header.alg)',
    };
  }
  return {
    key: (header) => importSpki(text, header.alg as JwsAlgorithm),
    description: `a public key (PEM "${label}"), imported for the token's alg once that alg is allowed`,
    expression: '(header) => importSpki(pem, header.alg)',
  };
}

function fromJson(text: string): KeyReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: new Error(`the key looks like JSON but does not parse: ${(err as Error).message}`), description: 'JSON that does not parse', expression: 'key' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: new Error('the key is JSON but not an object: paste a JWK or a JWK Set ({"keys": [...]})'), description: 'JSON that is not an object', expression: 'key' };
  }
  const record = value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, 'keys')) {
    const keys = Array.isArray(record.keys) ? (record.keys as unknown[]) : [];
    const kids = keys.map((k) => (typeof k === 'object' && k !== null ? (k as Record<string, unknown>).kid : undefined));
    const description = `a JWK Set of ${keys.length} key${keys.length === 1 ? '' : 's'}${keys.length ? ` (kid: ${quoted(kids)})` : ''}`;
    const privates = keys.flatMap((k, i) => {
      const members = privateMembers(k);
      return members ? [`key ${i + 1}${typeof kids[i] === 'string' ? `, kid ${JSON.stringify(kids[i])},` : ''} has ${members}`] : [];
    });
    if (privates.length) {
      return {
        error: new Error(
          `this JWK Set holds ${privates.length === 1 ? 'a private key' : `${privates.length} private keys`} (${privates.join('; ')}): verifying needs only the public keys, the set as its issuer publishes it (each key without "d", "p", "q", "dp", "dq", "qi"). ${KEEP_PRIVATE}`,
        ),
        description: `${description}, with private keys`,
        expression: 'createLocalJwks(publicJwks)',
      };
    }
    try {
      return { key: createLocalJwks(record as unknown as JwkSet), description, expression: 'createLocalJwks(jwks)' };
    } catch (err) {
      return { error: err, source: 'createLocalJwks', description, expression: 'createLocalJwks(jwks)' };
    }
  }
  const facts = ['kty', 'crv', 'alg', 'kid'].filter((n) => record[n] !== undefined).map((n) => `${n} ${typeof record[n] === 'string' ? JSON.stringify(record[n]) : '(not a string)'}`);
  const members = privateMembers(record);
  if (members) {
    return {
      error: new Error(
        `this is a private key (a JWK with ${members}): verifying needs only the public key, the same JWK without its private members ("d", and for RSA "p", "q", "dp", "dq", "qi"). ${KEEP_PRIVATE}`,
      ),
      description: `a private key (JWK${facts.length ? `: ${facts.join(', ')}` : ''})`,
      expression: 'publicJwk',
    };
  }
  return { key: record as Jwk, description: `a JWK${facts.length ? ` (${facts.join(', ')})` : ''}`, expression: 'jwk' };
}

/** Reads the field; undefined when it is empty. */
export function readKey(text: string, form: KeyForm): KeyReading | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (form === 'text') return secretText(text, true);
  if (form === 'base64url') {
    const expression = 'base64url.decode(secret)';
    try {
      const bytes = base64url.decode(trimmed);
      return { key: bytes, description: `an HMAC secret: ${bytes.length} bytes decoded from base64url`, expression };
    } catch (err) {
      return { error: err, source: 'base64url.decode', description: 'a secret that is not canonical base64url', expression };
    }
  }
  const pem = PEM_LABEL.exec(trimmed);
  if (pem) return fromPem(trimmed, pem[1]!);
  if (trimmed.startsWith('{')) return fromJson(trimmed);
  return secretText(text, false);
}
