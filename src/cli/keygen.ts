/**
 * `josekit keygen`: a new key pair as a private JWK and a public JWK Set (or as PEM), or an
 * HMAC secret as an `oct` JWK. The `kid` defaults to the key's RFC 7638 thumbprint.
 *
 * @module
 */

import { writeFile } from 'node:fs/promises';
import { exportJwk, exportPkcs8, exportSpki, generateKeyPair, generateSecret, JoseError, jwkThumbprint, type Jwk } from '../index.js';
import { atMostPositionals } from './args.js';
import { EXIT, inFlagTerms, type Command, type Context } from './command.js';
import { println } from './io.js';
import { errorLine, parseAlgorithm } from './keys.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit keygen --alg ALG [options]

Generates a key for ALG and prints it: for a key pair, the private JWK and then, after
a blank line, the public JWK Set to publish; for HS256/384/512, a random secret as an
"oct" JWK. Both JWKs carry "kid", "alg" and "use": "sig".

Options:
  --alg ALG            RS256…RS512, PS256…PS512, ES256/384/512, EdDSA, Ed25519, Ed448,
                       HS256/384/512 (required)
  --kid KID            the key id (default: the RFC 7638 thumbprint of the key)
  --pem                print PKCS#8 (private) and SPKI (public) PEM instead of JWKs; the
                       thumbprint is printed on stderr (PEM has no kid). Keep the two
                       apart (--private-out, --public-out): verify refuses a file that
                       holds a private key
  --bits N             RSA modulus size (default 2048)
  --private-out FILE   write the private key (or secret) to FILE instead (mode 600; an
                       existing file is never overwritten)
  --public-out FILE    write the public JWK Set (or SPKI PEM) to FILE instead
  -h, --help           this help

Exit codes: 0 done, 2 usage error.`;

/** Writes to a new file (never over an existing one), or to stdout. */
async function emit(text: string, file: string | undefined, mode: number, what: string, context: Context): Promise<void> {
  if (file === undefined) {
    println(context.stdout, text);
    return;
  }
  try {
    await writeFile(file, text.endsWith('\n') ? text : `${text}\n`, { flag: 'wx', mode });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${what} to ${file}: ${code === 'EEXIST' ? 'the file exists (it is never overwritten)' : (err as Error).message}`);
  }
  context.warn(`wrote the ${what} to ${file}`);
}

function parseBits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--bits ${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

export const keygen: Command = {
  name: 'keygen',
  summary: 'generate a key pair (JWK or PEM) or an HMAC secret',
  help: HELP,
  flags: {
    alg: { type: 'string' },
    kid: { type: 'string' },
    pem: { type: 'boolean' },
    bits: { type: 'string' },
    'private-out': { type: 'string' },
    'public-out': { type: 'string' },
  },
  async run(flags, context) {
    atMostPositionals(flags, 0);
    const algName = flags.strings.get('alg');
    if (algName === undefined) throw new UsageError('--alg is required (e.g. --alg ES256)');
    const alg = parseAlgorithm(algName);
    const pem = flags.booleans.has('pem');
    const bits = parseBits(flags.strings.get('bits'));
    const privateOut = flags.strings.get('private-out');
    const publicOut = flags.strings.get('public-out');
    const kidFlag = flags.strings.get('kid');
    if (privateOut !== undefined && privateOut === publicOut) throw new UsageError('--private-out and --public-out name the same file');
    if (bits !== undefined && !/^(RS|PS)/.test(alg)) throw new UsageError(`--bits applies to RSA algorithms only, not ${alg}`);

    try {
      if (alg.startsWith('HS')) {
        if (pem) throw new UsageError(`--pem: an ${alg} secret has no PEM form; it is printed as an "oct" JWK`);
        if (publicOut !== undefined) throw new UsageError(`--public-out: an ${alg} secret has no public part`);
        const secret = await generateSecret(alg, { extractable: true });
        const material = await exportJwk(secret);
        const jwk: Jwk = { ...material, kid: kidFlag ?? (await jwkThumbprint(material)), alg, use: 'sig' };
        await emit(JSON.stringify(jwk, null, 2), privateOut, 0o600, 'secret', context);
        return EXIT.ok;
      }
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(bits !== undefined ? { modulusLength: bits } : {}) });
      const publicMaterial = await exportJwk(publicKey);
      const thumbprint = await jwkThumbprint(publicMaterial);
      if (pem) {
        if (kidFlag !== undefined) throw new UsageError('--kid: PEM has no place for a kid; give it to sign with --kid');
        await emit(await exportPkcs8(privateKey), privateOut, 0o600, 'private key', context);
        if (privateOut === undefined && publicOut === undefined) println(context.stdout);
        await emit(await exportSpki(publicKey), publicOut, 0o644, 'public key', context);
        context.warn(`RFC 7638 thumbprint (a good kid): ${thumbprint}`);
        return EXIT.ok;
      }
      const named = { kid: kidFlag ?? thumbprint, alg, use: 'sig' };
      const privateJwk: Jwk = { ...(await exportJwk(privateKey)), ...named };
      const publicJwk: Jwk = { ...publicMaterial, ...named };
      await emit(JSON.stringify(privateJwk, null, 2), privateOut, 0o600, 'private JWK', context);
      if (privateOut === undefined && publicOut === undefined) println(context.stdout);
      await emit(JSON.stringify({ keys: [publicJwk] }, null, 2), publicOut, 0o644, 'public JWK Set', context);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof JoseError) throw new UsageError(inFlagTerms(errorLine(err)));
      throw err;
    }
  },
};
