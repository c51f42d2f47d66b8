// For a fragment that catches a verify error: `token` is an HS256 JWS and `key` an RS256 public
// key, so that verifying with algorithms ["RS256"] fails at the allowlist. afterBlock checks that
// what the block logged is the code, step and message its comments show. A fragment that does not
// import verifyCompact and JoseError takes them from the api setup: setup=api,errors.

import { generateKeyPair, generateSecret, signCompact } from 'josekit';

export const token = await signCompact(JSON.stringify({ sub: 'user-42' }), await generateSecret('HS256'), { alg: 'HS256' });
export const key = (await generateKeyPair('RS256')).publicKey;

const logged: unknown[][] = [];
const log = console.log;
console.log = (...args: unknown[]) => {
  logged.push(args);
  log(...args);
};

export function afterBlock(): void {
  console.log = log;
  const [code, step, message] = logged[0] ?? [];
  const want = ['ERR_JOSE_ALG_NOT_ALLOWED', 'check header', 'check header: header alg "HS256" is not in the allowed algorithms ["RS256"]'];
  if (code !== want[0] || step !== want[1] || message !== want[2]) {
    throw new Error(`the block logged ${JSON.stringify(logged)}; its comments say ${JSON.stringify(want)}`);
  }
}
