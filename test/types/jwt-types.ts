// Compile-only type checks for the JWT API (type-checked by `tsc -p test/tsconfig.json`; never run).
import { createJwtVerifier, decodeJwt, decodeUnsecuredJwt, inspectJwt, signCompact, signJwt, verifyJwt, type ClaimOptions, type InspectionCode, type JwtPayload, type Key } from 'josekit';

declare const key: CryptoKey;
declare const token: string;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value?: T): T | undefined => value;

export async function typedPayload(): Promise<void> {
  const { payload, header, key: cryptoKey } = await verifyJwt<{ scope: string }>(token, key, { algorithms: ['ES256'] });
  const scope: string = payload.scope;
  const exp: number | undefined = payload.exp;
  assertType<Equal<typeof payload.scope, string>>();
  assertType<Equal<typeof payload.exp, number | undefined>>();
  assertType<Equal<typeof payload.aud, string | string[] | undefined>>();
  assertType<Equal<typeof cryptoKey, CryptoKey>>();
  const alg: string | undefined = header.alg;
  // @ts-expect-error scope is a string, not a number
  const asNumber: number = payload.scope;
  void [scope, exp, alg, asNumber];

  // Without a type argument the payload is JwtPayload: unknown claims are `unknown`.
  const plain = await verifyJwt(token, key, { algorithms: ['ES256'] });
  assertType<Equal<typeof plain.payload, JwtPayload>>();
  // @ts-expect-error an unregistered claim is unknown, not string
  const unknownClaim: string = plain.payload.scope;
  void unknownClaim;

  const verify = createJwtVerifier<{ roles: string[] }>(key, { algorithms: ['RS256'] });
  const roles: string[] = (await verify(token)).payload.roles;
  const decoded: string = decodeJwt<{ tenant: string }>(token).tenant;
  void [roles, decoded];
}

export async function requiredOptions(): Promise<void> {
  await signJwt({ a: 1 }, key, { alg: 'HS256', expiresIn: '15m', audience: ['a', 'b'], jwtId: true });
  // @ts-expect-error alg is required
  await signJwt({ a: 1 }, key, { expiresIn: '15m' });
  // @ts-expect-error jwtId is a string or true, never false
  await signJwt({}, key, { alg: 'HS256', jwtId: false });
  // @ts-expect-error algorithms is required
  await verifyJwt(token, key, { issuer: 'x' });
  // @ts-expect-error options are required
  await verifyJwt(token, key);
  // @ts-expect-error strings are never keys (Key = CryptoKey | Uint8Array | Jwk)
  await signCompact('payload', 'secret', { alg: 'HS256' });
  // @ts-expect-error strings are never keys for signJwt either
  await signJwt({}, 'secret', { alg: 'HS256' });
  const secret: Key = new Uint8Array(32);
  await signCompact('payload', secret, { alg: 'HS256' });
}

export async function audienceOption(): Promise<void> {
  // audience: false accepts any audience on purpose; a string or a list names the accepted ones.
  await verifyJwt(token, key, { algorithms: ['ES256'], audience: false });
  await verifyJwt(token, key, { algorithms: ['ES256'], audience: ['a', 'b'] as readonly string[] });
  createJwtVerifier(key, { algorithms: ['ES256'], audience: false, cache: { max: 10 } });
  await decodeUnsecuredJwt(token, { audience: false });
  assertType<Equal<ClaimOptions['audience'], string | readonly string[] | false | undefined>>();
  // @ts-expect-error only false is a flag: true would read as "any audience" by accident
  await verifyJwt(token, key, { algorithms: ['ES256'], audience: true });
  // @ts-expect-error signing names the audience; false is a verify-side option only
  await signJwt({}, key, { alg: 'ES256', expiresIn: '5m', audience: false });
}

export function inspectOptions(): void {
  const report = inspectJwt(token, { now: new Date(), maxTokenLength: 1 << 20 });
  const code: InspectionCode = report.problems[0]?.code ?? 'TOO_LONG';
  const hints: InspectionCode[] = ['BEARER_SCHEME', 'LOOKS_LIKE_JWE', 'LOOKS_LIKE_SD_JWT', 'OPTIONS_INVALID', 'INSPECTION_FAILED'];
  // Never throws for any input, so any value is accepted as the token.
  inspectJwt(42);
  // @ts-expect-error maxTokenLength is a number of characters
  inspectJwt(token, { maxTokenLength: '64k' });
  void [code, hints];
}
