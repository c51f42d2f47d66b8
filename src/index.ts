/**
 * josekit: JOSE and JWT over WebCrypto, strict by default.
 *
 * @packageDocumentation
 */

export * as base64url from './encoding/base64url-public.js';
export {
  JoseError,
  JoseAlgNotAllowed,
  JoseNotSupported,
  JoseInvalidOptions,
  JoseKeyInvalid,
  JwsInvalid,
  JwsSignatureVerificationFailed,
  JwtInvalid,
  JwtClaimValidationFailed,
  JwtExpired,
  JwtNotYetValid,
  JwkInvalid,
  JwksInvalid,
  JwksNoMatchingKey,
  JwksMultipleMatchingKeys,
  JwksTimeout,
  JwksFetchFailed,
} from './errors.js';
export type { JoseStep, JoseErrorCode, ClaimFailureReason, ClaimTimes } from './errors.js';
export { JWS_ALGORITHMS } from './jwa/algorithms.js';
export type { JwsAlgorithm } from './jwa/algorithms.js';
export type { CryptoKeyShape, Jwk, Key, KeyObjectLike } from './keys/types.js';
export { importJwk, importSpki, importPkcs8, importSecret, importX509 } from './keys/import.js';
export { jwkThumbprint, jwkThumbprintUri, x509Thumbprint } from './keys/thumbprint.js';
export type { ThumbprintDigest, X509ThumbprintDigest } from './keys/thumbprint.js';
export type { ImportOptions } from './keys/import.js';
export { exportJwk, exportSpki, exportPkcs8 } from './keys/export.js';
export { generateKeyPair, generateSecret } from './keys/generate.js';
export type { GenerateKeyPairOptions, GenerateSecretOptions } from './keys/generate.js';
export { signCompact, verifyCompact } from './jws/compact.js';
export type { SignCompactOptions, VerifyCompactOptions, VerifyCompactResult } from './jws/compact.js';
export { signFlattened, verifyFlattened } from './jws/flattened.js';
export type { SignFlattenedOptions, VerifyJsonOptions, VerifyFlattenedResult } from './jws/flattened.js';
export { signGeneral, verifyGeneral } from './jws/general.js';
export type { GeneralSigner, SignGeneralOptions, SignaturePolicy, VerifyGeneralOptions, VerifyGeneralResult, SignatureOutcome } from './jws/general.js';
export type { FlattenedJws, GeneralJws, JwsSignature, SignerHeaders } from './jws/json.js';
export type { JwsVerifyOptions, JwsJsonVerifyOptions } from './jws/options.js';
export type { JoseHeader } from './jws/header.js';
export type { KeyResolver, KeyOrResolver } from './jws/verify.js';
export { signJwt } from './jwt/sign.js';
export type { SignJwtOptions } from './jwt/sign.js';
export { verifyJwt, createJwtVerifier } from './jwt/verify.js';
export type { VerifyJwtOptions, JwtVerifierOptions, VerifyJwtResult } from './jwt/verify.js';
export type { JwtPayload, ClaimOptions, ClaimBuildOptions } from './jwt/claims.js';
export { decodeJwt, decodeHeader } from './jwt/decode.js';
export type { DecodeOptions } from './jwt/decode.js';
export { inspectJwt } from './jwt/inspect.js';
export type { JwtInspection, InspectionProblem, InspectionCode, InspectedTime, InspectJwtOptions } from './jwt/inspect.js';
export { encodeUnsecuredJwt, decodeUnsecuredJwt } from './jwt/unsecured.js';
export type { UnsecuredJwtOptions } from './jwt/unsecured.js';
export { createLocalJwks } from './jwks/local.js';
export type { JwkSet, LocalJwksOptions, JwksResolver } from './jwks/local.js';
export { createRemoteJwks } from './jwks/remote.js';
export type { RemoteJwksOptions, RemoteJwksResolver, RemoteJwksStore, StoredJwks } from './jwks/remote.js';
export { embeddedJwk } from './jwks/embedded.js';
export type { EmbeddedJwkOptions } from './jwks/embedded.js';
export { bearerToken } from './http/bearer.js';
export { wwwAuthenticate } from './http/www-authenticate.js';
