// The JWT pipeline, step by step, for every algorithm josekit implements:
// header JSON -> base64url -> payload -> signing input -> signature -> token -> verification,
// then a tampered token and a wrong-algorithm token being rejected with their error codes.
// Run with `npm run demo` (it builds first, then imports the built package as users do).
import * as jose from 'josekit';

const enc = new TextEncoder();
const short = (s, n = 72) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const line = (label, value) => console.log(`  ${label.padEnd(16)} ${value}`);

async function keysFor(alg) {
  if (alg.startsWith('HS')) {
    const secret = await jose.generateSecret(alg);
    return { signKey: secret, verifyKey: secret, described: `${secret.algorithm.length}-bit HMAC secret` };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg);
  const a = publicKey.algorithm;
  return { signKey: privateKey, verifyKey: publicKey, described: [a.name, a.namedCurve, a.modulusLength && `${a.modulusLength}-bit`, a.hash?.name].filter(Boolean).join(' ') };
}

const now = Math.floor(Date.now() / 1000);
const claims = { sub: 'user-42', iss: 'https://issuer.example', aud: 'api', iat: now, exp: now + 900 };
let failures = 0;

console.log(`josekit demo: the JWS/JWT pipeline for ${jose.JWS_ALGORITHMS.length} algorithms\n`);
for (const alg of jose.JWS_ALGORITHMS) {
  let keys;
  try {
    keys = await keysFor(alg);
  } catch (err) {
    console.log(`${alg}: not available in this runtime (${err.code}: ${err.message})\n`);
    continue;
  }
  console.log(`${alg} (${keys.described})`);
  // josekit serialises alg, kid, typ in this order.
  const header = { alg, kid: `demo-${alg.toLowerCase()}`, typ: 'JWT' };
  const headerJson = JSON.stringify(header);
  const payloadJson = JSON.stringify(claims);
  line('1 header JSON', headerJson);
  line('2 base64url', jose.base64url.encode(headerJson));
  line('3 payload JSON', short(payloadJson));
  line('4 base64url', short(jose.base64url.encode(payloadJson)));
  const signingInput = `${jose.base64url.encode(headerJson)}.${jose.base64url.encode(payloadJson)}`;
  line('5 signing input', short(signingInput));
  const token = await jose.signCompact(payloadJson, keys.signKey, { alg, kid: header.kid, typ: 'JWT' });
  if (!token.startsWith(`${signingInput}.`)) {
    console.log('  the token does not start with the signing input shown above');
    failures++;
  }
  const signature = token.split('.')[2];
  line('6 signature', `${short(signature, 48)} (${jose.base64url.decode(signature).length} bytes)`);
  line('7 token', `${short(token)} (${token.length} chars)`);

  const { payload, header: verifiedHeader } = await jose.verifyCompact(token, keys.verifyKey, { algorithms: [alg] });
  const verifiedClaims = JSON.parse(new TextDecoder().decode(payload));
  const ok = verifiedClaims.sub === claims.sub && verifiedHeader.kid === header.kid;
  line('8 verified', ok ? `yes: sub=${verifiedClaims.sub}, kid=${verifiedHeader.kid}` : 'NO');
  if (!ok) failures++;

  // Tamper: change one claim, keep the signature.
  const [h, , s] = token.split('.');
  const tampered = `${h}.${jose.base64url.encode(JSON.stringify({ ...claims, sub: 'admin' }))}.${s}`;
  try {
    await jose.verifyCompact(tampered, keys.verifyKey, { algorithms: [alg] });
    line('9 tampered', 'ACCEPTED (this must never happen)');
    failures++;
  } catch (err) {
    line('9 tampered', `rejected ${err.code}: ${err.message}`);
  }
  console.log();
}

// Algorithm confusion: an HS256 token "signed" with an RSA public key's bytes.
const rsa = await jose.generateKeyPair('RS256', { extractable: true });
const publicJwk = await jose.exportJwk(rsa.publicKey);
const forged = await jose.signCompact(JSON.stringify(claims), enc.encode(JSON.stringify(publicJwk)), { alg: 'HS256' });
try {
  await jose.verifyCompact(forged, publicJwk, { algorithms: ['RS256'] });
  console.log('alg confusion: ACCEPTED (this must never happen)');
  failures++;
} catch (err) {
  console.log(`alg confusion (HS256 token against an RS256-pinned verifier): rejected ${err.code}: ${err.message}`);
}
// alg "none"
const unsecured = `${jose.base64url.encode('{"alg":"none"}')}.${jose.base64url.encode(JSON.stringify(claims))}.`;
try {
  await jose.verifyCompact(unsecured, rsa.publicKey, { algorithms: ['RS256'] });
  failures++;
} catch (err) {
  console.log(`alg none: rejected ${err.code}: ${err.message}`);
}

if (failures) {
  console.log(`\n${failures} check(s) failed`);
  process.exitCode = 1;
} else {
  console.log('\nall tokens verified; every tampered or forged token was rejected');
}
