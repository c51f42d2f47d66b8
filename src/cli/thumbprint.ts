/**
 * `josekit thumbprint`: the RFC 7638 thumbprint of a JWK (or of each key of a JWK Set), or the
 * RFC 9278 thumbprint URI.
 *
 * @module
 */

import { JoseError, jwkThumbprint, jwkThumbprintUri, type Jwk, type ThumbprintDigest } from '../index.js';
import { atMostPositionals } from './args.js';
import { EXIT, type Command } from './command.js';
import { println, readTextInput, shellWord } from './io.js';
import { errorLine } from './keys.js';
import { UsageError } from './usage.js';

const HELP = `Usage: josekit thumbprint [jwk-file|-] [options]

Prints the RFC 7638 thumbprint of a JWK: base64url of the hash of its required members,
the same for its public and its private form. For a JWK Set, one line per key: the
thumbprint, then the kid. The JWK is read from the file, or from stdin ("-" or nothing).

Options:
  --digest ALG   sha256 (default), sha384 or sha512
  --uri          print the RFC 9278 URI (urn:ietf:params:oauth:jwk-thumbprint:sha-256:…)
  -h, --help     this help

The JWK is read from a file, not fetched: for a JWK Set at a URL, use
  curl -s URL | josekit thumbprint -
or josekit jwks URL to see what josekit makes of its keys.

Exit codes: 0 printed, 1 a JWK Set without keys, 2 usage error (no JWK, or one without
the members it needs).`;

const DIGESTS: readonly ThumbprintDigest[] = ['sha256', 'sha384', 'sha512'];

export const thumbprint: Command = {
  name: 'thumbprint',
  summary: 'print the RFC 7638 thumbprint (or RFC 9278 URI) of a JWK',
  help: HELP,
  flags: { digest: { type: 'string' }, uri: { type: 'boolean' } },
  async run(flags, context) {
    atMostPositionals(flags, 1);
    const digestName = flags.strings.get('digest') ?? 'sha256';
    const digest = DIGESTS.find((d) => d === digestName.toLowerCase().replace('-', ''));
    if (digest === undefined) throw new UsageError(`--digest ${JSON.stringify(digestName)}: use sha256, sha384 or sha512`);
    const path = flags.positionals[0] ?? '-';
    if (path === '-' && flags.positionals.length === 0 && process.stdin.isTTY) {
      throw new UsageError('no JWK: pass a file, or "-" (or nothing) to read it from stdin');
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      throw new UsageError(
        `${path} is a URL; thumbprint reads a file or stdin and fetches nothing: \`curl -s ${shellWord(path)} | josekit thumbprint -\`, ` +
          `or \`josekit jwks ${shellWord(path)}\` to see what josekit makes of the set's keys`,
      );
    }
    const text = await readTextInput(path, 'JWK file');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError(`${path === '-' ? 'stdin' : path} is not JSON: thumbprint takes a JWK or a JWK Set`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('thumbprint takes a JWK or a JWK Set (a JSON object)');
    const set = (parsed as { keys?: unknown }).keys;
    const of = (jwk: Jwk) => (flags.booleans.has('uri') ? jwkThumbprintUri(jwk, digest) : jwkThumbprint(jwk, digest));
    try {
      if (!Array.isArray(set)) {
        println(context.stdout, await of(parsed as Jwk));
        return EXIT.ok;
      }
      if (set.length === 0) {
        println(context.stderr, `josekit thumbprint: the JWK Set in ${path === '-' ? 'stdin' : path} has no keys: there is nothing to print`);
        return EXIT.failed;
      }
      const lines: string[] = [];
      for (const [i, jwk] of (set as Jwk[]).entries()) {
        const kid = typeof jwk?.kid === 'string' ? jwk.kid : `(key ${i + 1}, no kid)`;
        lines.push(`${await of(jwk)}  ${kid}`);
      }
      println(context.stdout, lines.join('\n'));
      return EXIT.ok;
    } catch (err) {
      if (err instanceof JoseError) throw new UsageError(errorLine(err));
      throw err;
    }
  },
};
