// Run by test/package/run.mjs inside an app that installed the packed josekit: every copy of the
// package one process can load (import and require of josekit and josekit/web, and a copy
// evaluated in another realm) must see every other copy's errors as its own classes.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const copies = {
  'import josekit': await import('josekit'),
  'import josekit/web': await import('josekit/web'),
  'require josekit': require('josekit'),
  'require josekit/web': require('josekit/web'),
};

// Another realm: the CommonJS WebCrypto build evaluated in a fresh vm context.
{
  const file = require.resolve('josekit/web');
  const sandbox = vm.createContext({ TextEncoder, TextDecoder, crypto: globalThis.crypto });
  const module = { exports: {} };
  vm.runInContext(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, sandbox, { filename: file })(module, module.exports, require);
  copies['require josekit/web in another realm'] = module.exports;
}

let failed = 0;
const check = (ok, what) => {
  if (!ok) {
    failed++;
    console.log(`  FAIL ${what}`);
  }
};

const names = Object.keys(copies);
for (const a of names) {
  // Real errors from copy a: a malformed token (JwsInvalid) and an expired one (JwtExpired).
  const A = copies[a];
  let invalid;
  try {
    A.decodeJwt('not a token');
  } catch (err) {
    invalid = err;
  }
  let expired;
  try {
    throw new A.JwtExpired('token expired', { claim: 'exp', reason: 'check_failed', times: { at: new Date(0), now: new Date(1000), toleranceSeconds: 0 } });
  } catch (err) {
    expired = err;
  }
  for (const b of names) {
    const B = copies[b];
    const pair = `${a} -> ${b}`;
    if (a !== b) check(A.JoseError !== B.JoseError, `${pair}: the copies are distinct classes`);
    check(invalid instanceof B.JwsInvalid && invalid instanceof B.JoseError, `${pair}: JwsInvalid instanceof`);
    check(!(invalid instanceof B.JwtInvalid), `${pair}: JwsInvalid is no JwtInvalid`);
    check(expired instanceof B.JwtExpired && expired instanceof B.JwtClaimValidationFailed && expired instanceof B.JoseError, `${pair}: JwtExpired instanceof`);
    check(!(expired instanceof B.JwtNotYetValid), `${pair}: JwtExpired is no JwtNotYetValid`);
    check(invalid.code === 'ERR_JWS_INVALID' && expired.code === 'ERR_JWT_EXPIRED', `${pair}: codes`);
  }
}
const pairs = names.length * names.length;
console.log(`error identity: ${names.length} copies, ${pairs} ordered pairs, ${failed === 0 ? 'all pass' : `${failed} checks failed`}`);
process.exit(failed === 0 ? 0 : 1);
