/**
 * Reading the "Token" field as the CLI reads its token argument: whitespace and line breaks
 * around it, an `Authorization:` header name and the `Bearer` scheme (in any case) are removed,
 * and each removal is noted, so that a value copied from an HTTP request works as it is.
 *
 * @module
 */

/** The token as verified and inspected, and what was removed on the way. */
export interface TokenReading {
  readonly token: string;
  /** What was removed around the token, in words; empty when the field held the token alone. */
  readonly notes: readonly string[];
}

const AUTHORIZATION_HEADER = /^authorization[ \t]*:[ \t]*/i;
const BEARER = /^bearer[ \t]+/i;

/** Reads the field; `token` is empty when the field holds nothing but whitespace. */
export function readToken(raw: string): TokenReading {
  const notes: string[] = [];
  let token = raw.trim();
  if (token !== raw && token !== '') notes.push('Removed whitespace around the token.');
  const header = AUTHORIZATION_HEADER.exec(token);
  if (header) {
    token = token.slice(header[0].length);
    notes.push('Removed the "Authorization:" header name before the token.');
  }
  const scheme = BEARER.exec(token);
  if (scheme) {
    token = token.slice(scheme[0].length);
    notes.push(`Removed the HTTP authentication scheme "${scheme[0].trim()}" before the token (RFC 6750 §2.1): the token is what follows it.`);
  }
  return { token, notes };
}
