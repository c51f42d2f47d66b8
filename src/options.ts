/**
 * Reading a caller's options object safely: whatever is passed (null, a number, a Proxy whose
 * traps throw, an object with throwing getters), the result is a plain snapshot of the known
 * option names or a JoseInvalidOptions. Functions then validate the snapshot's values, and never
 * touch the caller's object again (so a getter cannot answer differently the second time).
 *
 * @module
 */

import { kindOf, show } from './encoding/show.js';
import { errorText, JoseInvalidOptions } from './errors.js';

export { errorText };

/**
 * A snapshot of the options named in `known`: `undefined` gives an empty snapshot; anything
 * that is not an object, or whose members cannot be read, is a JoseInvalidOptions naming `where`;
 * so is an option name not in `known` (see {@link rejectUnknownOptions}), unless `others` is
 * 'ignore' (for a reader of a subset, whose caller checks the whole).
 */
export function readOptions<T extends object>(
  value: unknown,
  known: readonly (keyof T & string)[],
  where: string,
  others: 'reject' | 'ignore' = 'reject',
): Partial<T> {
  const snapshot = Object.create(null) as Partial<T>;
  if (value === undefined) return snapshot;
  if (typeof value !== 'object' || value === null || kindOf(value) === 'an array') {
    throw new JoseInvalidOptions(`the options of ${where} must be an object, got ${kindOf(value)}`, { step: 'options' });
  }
  if (others === 'reject') rejectUnknownOptions(value, known, where);
  for (const name of known) {
    let member: unknown;
    try {
      member = (value as Record<string, unknown>)[name];
    } catch (err) {
      throw new JoseInvalidOptions(`option "${name}" of ${where} cannot be read: ${errorText(err)}`, { step: 'options', cause: err });
    }
    if (member !== undefined) (snapshot as Record<string, unknown>)[name] = member;
  }
  return snapshot;
}

/** Edit distance (insert, delete, substitute), ASCII case ignored: for "did you mean" only. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length]!;
}

/**
 * One piece of migration advice for an option name another library uses: given only when the
 * function knows the names `applies` looks for, so that a hint never points at an option the
 * function does not have.
 */
interface MigrationHint {
  readonly applies: (knows: (name: string) => boolean) => boolean;
  readonly advice: (where: string) => string;
}

/** A name josekit spells differently: `to` (known to the function) is the one to use. */
function renamed(from: string, to: string, origin: string, note?: string): MigrationHint {
  return {
    applies: (knows) => knows(to),
    advice: () => `josekit's name is "${to}" ("${from}" in ${origin})${note ? `; ${note}` : ''}`,
  };
}

/** A claim name given as a signing option: put it in the claims, or use the option that sets it. */
function claimAsOption(claim: string, option: string): MigrationHint {
  return {
    applies: (knows) => knows(option) && knows('expiresIn'),
    advice: () => `"${claim}" is a claim, not an option: pass ${option}, or put "${claim}" in the claims`,
  };
}

const isVerifier = (knows: (name: string) => boolean) => knows('requireExp');
const isJwtVerifier = (knows: (name: string) => boolean) => knows('requireExp') && knows('algorithms');
const usesKeys = (knows: (name: string) => boolean) => knows('alg') || knows('algorithms');

/**
 * Option names of jose, jsonwebtoken and fast-jwt that josekit spells differently or does not
 * have, each with what to do instead; the first variant that fits the function is shown. A Map,
 * so that no name (`__proto__`, `constructor`) can reach a prototype.
 */
const MIGRATION_HINTS: ReadonlyMap<string, readonly MigrationHint[]> = new Map<string, readonly MigrationHint[]>([
  ['maxAge', [renamed('maxAge', 'maxTokenAge', 'jsonwebtoken and fast-jwt', 'seconds or a duration string like "1h", where fast-jwt counted milliseconds')]],
  ['keyid', [renamed('keyid', 'kid', 'jsonwebtoken')]],
  ['jwtid', [
    renamed('jwtid', 'jwtId', 'jsonwebtoken'),
    {
      applies: (knows) => isVerifier(knows) && knows('validate'),
      advice: () => 'josekit has no "jwtid" check ("jwtid" in jsonwebtoken\'s verify): check "jti" in validate, e.g. validate: (payload) => payload.jti === expected',
    },
  ]],
  ['noTimestamp', [
    { applies: (knows) => knows('issuedAt'), advice: () => 'josekit spells it issuedAt: false ("noTimestamp: true" in jsonwebtoken and fast-jwt)' },
  ]],
  ['algorithm', [
    renamed('algorithm', 'alg', 'jsonwebtoken and fast-jwt'),
    {
      applies: (knows) => knows('algorithms'),
      advice: () => 'josekit\'s name is "algorithms", the non-empty list of algs this verifier accepts ("algorithm" in jsonwebtoken and fast-jwt names the one alg to sign with)',
    },
  ]],
  ['allowedAlgorithms', [renamed('allowedAlgorithms', 'algorithms', 'other libraries')]],
  ['allowedIss', [{ applies: isVerifier, advice: () => 'josekit\'s name is "issuer" ("allowedIss" in fast-jwt), a string or a list of strings' }]],
  ['allowedAud', [{ applies: isVerifier, advice: () => 'josekit\'s name is "audience" ("allowedAud" in fast-jwt), a string or a list of strings' }]],
  ['allowedSub', [{ applies: isVerifier, advice: () => 'josekit\'s name is "subject" ("allowedSub" in fast-jwt)' }]],
  ['clockTimestamp', [renamed('clockTimestamp', 'currentDate', 'jsonwebtoken and fast-jwt', 'a Date, where jsonwebtoken counted seconds and fast-jwt milliseconds')]],
  ['cooldownDuration', [renamed('cooldownDuration', 'cooldownMs', 'jose\'s createRemoteJWKSet', 'milliseconds, as there')]],
  ['cacheMaxAge', [renamed('cacheMaxAge', 'maxAgeMs', 'jose\'s createRemoteJWKSet', 'milliseconds, as there')]],
  ['timeoutDuration', [renamed('timeoutDuration', 'timeoutMs', 'jose\'s createRemoteJWKSet', 'milliseconds, as there')]],
  ['agent', [
    {
      applies: (knows) => knows('fetch'),
      advice: () => 'josekit takes no HTTP agent ("agent" in jose\'s createRemoteJWKSet): pass fetch, a fetch-compatible function that sends the request as you need',
    },
  ]],
  ['expiresIn', [
    {
      applies: (knows) => knows('maxTokenAge') && !knows('expiresIn'),
      advice: () => 'expiresIn is a signing option; on verify use maxTokenAge (the oldest accepted token, by "iat") or rely on "exp", which is required by default',
    },
  ]],
  ['notBefore', [
    {
      applies: (knows) => knows('clockTolerance') && !knows('notBefore'),
      advice: () => 'notBefore is a signing option; on verify a token\'s "nbf" is always checked (allow for clock skew with clockTolerance)',
    },
  ]],
  ['ignoreExpiration', [
    {
      applies: (knows) => knows('requireExp') && knows('clockTolerance'),
      advice: () => 'josekit has no switch to ignore exp ("ignoreExpiration" in jsonwebtoken and fast-jwt): use clockTolerance, or requireExp: false for tokens without exp',
    },
  ]],
  ['ignoreNotBefore', [
    {
      applies: (knows) => knows('clockTolerance'),
      advice: () => 'josekit has no switch to ignore nbf ("ignoreNotBefore" in jsonwebtoken and fast-jwt): use clockTolerance for clock skew',
    },
  ]],
  ['complete', [
    {
      applies: isJwtVerifier,
      advice: (where) =>
        `${where === 'createJwtVerifier' ? 'the verifier createJwtVerifier makes always resolves to' : `${where} always returns`} { payload, header, key } ` +
        '("complete: true" in jsonwebtoken and fast-jwt)',
    },
  ]],
  ['cache', [
    {
      applies: (knows) => isJwtVerifier(knows) && !knows('cache'),
      advice: (where) => `${where} keeps no cache: create a verifier once with createJwtVerifier(key, { ...options, cache: { max } }) and call it per token`,
    },
  ]],
  ['allowInsecureKeySizes', [
    {
      applies: usesKeys,
      advice: () => 'josekit has no such switch ("allowInsecureKeySizes" in jsonwebtoken): RSA keys need at least 2048 bits and HMAC secrets at least the hash output size',
    },
  ]],
  ['allowInvalidAsymmetricKeyTypes', [
    {
      applies: usesKeys,
      advice: () =>
        'josekit has no such switch ("allowInvalidAsymmetricKeyTypes" in jsonwebtoken): a key must fit the alg ' +
        '(RSA for RS*/PS*, EC on the alg\'s curve for ES*, OKP for EdDSA)',
    },
  ]],
  // fast-jwt's createSigner takes these claims as options.
  ['iss', [claimAsOption('iss', 'issuer')]],
  ['sub', [claimAsOption('sub', 'subject')]],
  ['aud', [claimAsOption('aud', 'audience')]],
  ['jti', [claimAsOption('jti', 'jwtId')]],
  ['exp', [claimAsOption('exp', 'expiresIn')]],
  ['nbf', [claimAsOption('nbf', 'notBefore')]],
  ['iat', [claimAsOption('iat', 'issuedAt')]],
]);

/**
 * What to do instead of an option named as another library names it, if this function has a
 * fitting answer; undefined otherwise.
 */
function migrationHint(name: string, known: readonly string[], where: string): string | undefined {
  const variants = MIGRATION_HINTS.get(name);
  if (variants === undefined) return undefined;
  const knows = (option: string) => known.includes(option);
  let extra = '';
  // The one switch josekit has for short secrets, on the verifiers that have it.
  if (name === 'allowInsecureKeySizes' && knows('allowShortSecret')) {
    extra = '; to verify legacy tokens made with a shorter HMAC secret, pass allowShortSecret: true while you rotate';
  }
  for (const variant of variants) if (variant.applies(knows)) return variant.advice(where) + extra;
  return undefined;
}

/**
 * Refuses option names the function does not know, naming the closest known one: a misspelt
 * `audiance` must not leave a check silently unset. A name another library uses (`maxAge`,
 * `keyid`, `ignoreExpiration`, …; see {@link MIGRATION_HINTS}) gets josekit's spelling or what to
 * do instead, and where the name comes from. Only own enumerable names count (as for JSON), so
 * an own `__proto__` is an unknown option too.
 *
 * @throws JoseInvalidOptions.
 */
export function rejectUnknownOptions(options: unknown, known: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null) return; // the type is reported by readOptions
  let names: string[];
  try {
    names = Object.keys(options);
  } catch (err) {
    throw new JoseInvalidOptions(`the options of ${where} could not be read: ${errorText(err)}`, { step: 'options', cause: err });
  }
  for (const name of names) {
    if (known.includes(name)) continue;
    const migration = migrationHint(name, known, where);
    if (migration !== undefined) {
      throw new JoseInvalidOptions(`unknown option ${show(name)} for ${where}: ${migration}; known options: ${known.join(', ')}`, { step: 'options' });
    }
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
      const d = distance(name.slice(0, 64), candidate);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    const hint = best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
    throw new JoseInvalidOptions(`unknown option ${show(name)} for ${where}${hint}; known options: ${known.join(', ')}`, { step: 'options' });
  }
}
