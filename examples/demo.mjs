// The JWT pipeline, step by step, for every algorithm josekit implements:
// claims -> header JSON -> base64url -> payload JSON -> base64url -> signing input -> signature
// -> token -> verification, then tampered, expired, wrong-algorithm and alg:none tokens being
// rejected with their error codes, and one whole token with the `josekit decode` line that explains
// it. Run with `npm run demo` (it builds first, then imports the built package by name, as users do).
import * as jose from 'josekit';

const short = (s, n = 72) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const line = (label, value) => console.log(`  ${label.padEnd(17)} ${value}`);
const decodeJson = (segment) => new TextDecoder().decode(jose.base64url.decode(segment));

async function keysFor(alg) {
  if (alg.startsWith('HS')) {
    const secret = await jose.generateSecret(alg);
    return { signKey: secret, verifyKey: secret, described: `${secret.algorithm.length}-bit HMAC secret` };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg);
  const a = publicKey.algorithm;
  return { signKey: privateKey, verifyKey: publicKey, described: [a.name, a.namedCurve, a.modulusLength && `${a.modulusLength}-bit`, a.hash?.name].filter(Boolean).join(' ') };
}

const claims = { scope: 'orders:read' };
const signOptions = { issuer: 'https://auth.example', audience: 'orders-api', subject: 'user-42', expiresIn: '15m' };
const verifyOptions = (alg) => ({ algorithms: [alg], issuer: 'https://auth.example', audience: 'orders-api' });
let failures = 0;
async function mustReject(label, promise) {
  try {
    await promise;
    line(label, 'ACCEPTED (this must never happen)');
    failures++;
  } catch (err) {
    line(label, `rejected ${err.code}: ${err.message}`);
  }
}

console.log(`josekit demo: the JWT pipeline for ${jose.JWS_ALGORITHMS.length} algorithms\n`);
for (const alg of jose.JWS_ALGORITHMS) {
  let keys;
  try {
    keys = await keysFor(alg);
  } catch (err) {
    console.log(`${alg}: not available in this runtime (${err.code}: ${err.message})\n`);
    continue;
  }
  console.log(`${alg} (${keys.described})`);
  const token = await jose.signJwt(claims, keys.signKey, { alg, kid: `demo-${alg.toLowerCase()}`, ...signOptions });
  const [headerSegment, payloadSegment, signatureSegment] = token.split('.');
  line('1 header JSON', decodeJson(headerSegment));
  line('2 base64url', headerSegment);
  line('3 payload JSON', short(decodeJson(payloadSegment)));
  line('4 base64url', short(payloadSegment));
  line('5 signing input', short(`${headerSegment}.${payloadSegment}`));
  line('6 signature', `${short(signatureSegment, 48)} (${jose.base64url.decode(signatureSegment).length} bytes)`);
  line('7 token', `${short(token)} (${token.length} chars)`);

  const { payload, header } = await jose.verifyJwt(token, keys.verifyKey, verifyOptions(alg));
  const ok = payload.sub === 'user-42' && payload.scope === claims.scope && header.alg === alg;
  line('8 verified', ok ? `yes: sub=${payload.sub}, scope=${payload.scope}, expires ${new Date(payload.exp * 1000).toISOString()}` : 'NO');
  if (!ok) failures++;

  const forgedClaims = jose.base64url.encode(JSON.stringify({ ...JSON.parse(decodeJson(payloadSegment)), sub: 'admin' }));
  await mustReject('9 tampered', jose.verifyJwt(`${headerSegment}.${forgedClaims}.${signatureSegment}`, keys.verifyKey, verifyOptions(alg)));
  console.log();
}

console.log('Rejections');
const rsa = await jose.generateKeyPair('RS256', { extractable: true });
const publicJwk = await jose.exportJwk(rsa.publicKey);
// An HS256 token "signed" with the RSA public key's bytes: the classic algorithm confusion.
const confused = await jose.signJwt(claims, new TextEncoder().encode(JSON.stringify(publicJwk)), { alg: 'HS256', ...signOptions });
await mustReject('alg confusion', jose.verifyJwt(confused, publicJwk, verifyOptions('RS256')));
await mustReject('confusion (both)', jose.verifyJwt(confused, publicJwk, { ...verifyOptions('RS256'), algorithms: ['RS256', 'HS256'] }));
const unsecured = await jose.encodeUnsecuredJwt(claims, signOptions);
await mustReject('alg none', jose.verifyJwt(unsecured, rsa.publicKey, verifyOptions('RS256')));
const expired = await jose.signJwt(claims, rsa.privateKey, { alg: 'RS256', ...signOptions, expiresIn: -192 });
await mustReject('expired', jose.verifyJwt(expired, rsa.publicKey, verifyOptions('RS256')));
const otherAudience = await jose.signJwt(claims, rsa.privateKey, { alg: 'RS256', ...signOptions, audience: 'billing-api' });
await mustReject('wrong audience', jose.verifyJwt(otherAudience, rsa.publicKey, verifyOptions('RS256')));

console.log('\ninspectJwt on the expired token:');
for (const problem of jose.inspectJwt(expired).problems) console.log(`  ${problem.severity} ${problem.code}: ${problem.message}`);

// One whole token, to take apart with the josekit command (or paste into dist/decoder.html).
console.log('\nThe expired RS256 token, whole:\n');
console.log(expired);
console.log('\nExplain it, segment by segment (in this repository; `npx josekit decode` where josekit is installed):\n');
console.log(`  node dist/cli.js decode ${expired}`);

if (failures) {
  console.log(`\n${failures} check(s) failed`);
  process.exitCode = 1;
} else {
  console.log('\nall tokens verified; every tampered, forged, expired or misdirected token was rejected');
}
