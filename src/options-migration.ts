/**
 * Advice for option names that jose, jsonwebtoken and fast-jwt use and josekit spells differently
 * or does not have. Passed to readOptions/rejectUnknownOptions by the functions code is ported to
 * (signJwt, verifyJwt, createJwtVerifier, the compact and unsecured JWS/JWT functions,
 * createRemoteJwks), and kept out of options.ts so that other functions' bundles do not carry it.
 *
 * @module
 */

import type { MigrationHints } from './options.js';

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
export const migrationHint: MigrationHints = (name, known, where) => {
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
};
