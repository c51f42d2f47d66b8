// Compile-only type checks (type-checked by `tsc -p test/tsconfig.json`; never run): the claims
// type of signJwt, the payload type `validate` receives, and the lifetime options.
import { createJwtVerifier, signJwt, verifyJwt, type ClaimOptions, type JwtPayload, type SignJwtOptions } from 'josekit';

declare const key: CryptoKey;
declare const token: string;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value?: T): T | undefined => value;

interface Scoped {
  scope: string;
}

export async function validateSeesT(): Promise<void> {
  // verifyJwt<T>: validate receives T & JwtPayload, so the application's own claims are typed there too.
  await verifyJwt<Scoped>(token, key, {
    algorithms: ['ES256'],
    validate: (payload) => {
      assertType<Equal<typeof payload, Scoped & JwtPayload>>();
      const scope: string = payload.scope;
      const exp: number | undefined = payload.exp;
      // @ts-expect-error scope is a string, not a number
      const asNumber: number = payload.scope;
      return scope.length > 0 && exp !== undefined && asNumber > 0;
    },
  });
  createJwtVerifier<{ roles: string[] }>(key, {
    algorithms: ['RS256'],
    cache: { max: 10 },
    validate: (payload) => {
      assertType<Equal<typeof payload.roles, string[]>>();
      return payload.roles.includes('admin');
    },
  });
  // Without a type argument validate sees JwtPayload, where an unregistered claim is unknown.
  await verifyJwt(token, key, {
    algorithms: ['ES256'],
    validate: (payload) => {
      assertType<Equal<typeof payload, JwtPayload>>();
      // @ts-expect-error an unregistered claim is unknown, not string
      const scope: string = payload.scope;
      void scope;
    },
  });
  // ClaimOptions<T> itself.
  assertType<Equal<Parameters<NonNullable<ClaimOptions<Scoped>['validate']>>[0], Scoped & JwtPayload>>();
  assertType<Equal<Parameters<NonNullable<ClaimOptions['validate']>>[0], JwtPayload>>();
}

export async function claimsOfAnyObjectType(): Promise<void> {
  // An interface has no index signature; signJwt takes it all the same (checked at run time).
  interface SessionClaims {
    sub: string;
    scope: string;
    roles: string[];
  }
  const session: SessionClaims = { sub: 'user-42', scope: 'read', roles: ['admin'] };
  await signJwt(session, key, { alg: 'ES256', expiresIn: '15m' });
  class Claims {
    sub = 'x';
  }
  // A class instance type-checks (it is an object) and is refused at run time as not plain JSON.
  await signJwt(new Claims(), key, { alg: 'ES256', expiresIn: '15m' });
  const record: Record<string, unknown> = { sub: 'x' };
  await signJwt(record, key, { alg: 'ES256', expiresIn: 60 });
  // @ts-expect-error claims are an object, never a string
  await signJwt('{"sub":"x"}', key, { alg: 'ES256', expiresIn: '15m' });
  // @ts-expect-error claims are an object, never a number
  await signJwt(42, key, { alg: 'ES256', expiresIn: '15m' });
}

export async function lifetimeOptions(): Promise<void> {
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: '15m' });
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: 900 });
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: new Date() });
  // A token that never expires, on purpose.
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: false });
  assertType<Equal<SignJwtOptions['expiresIn'], number | string | Date | false | undefined>>();
  // @ts-expect-error only false is a flag: true would not say how long the token lives
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: true });
  // @ts-expect-error null is not a lifetime decision
  await signJwt({ sub: 'x' }, key, { alg: 'ES256', expiresIn: null });
}
