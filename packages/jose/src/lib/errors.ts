/**
 * JOSE error classes. Every one is a {@link CryptoplugError} with a stable `code` (listed in {@link JOSE_ERROR_CODES})
 * and a one-line message. Core's own codes are used where they fit (ERR_KEY_INVALID, ERR_DECRYPTION_FAILED, ...).
 */
import { CryptoplugError, errorClass } from '@cryptoplug/core/errors';

/** The stable error codes this package adds. */
export const JOSE_ERROR_CODES = /* @__PURE__ */ Object.freeze([
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_INVALID',
  'ERR_JWE_INVALID',
  'ERR_JWK_INVALID',
  'ERR_JWKS_INVALID',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
] as const);

export type JoseErrorCode = (typeof JOSE_ERROR_CODES)[number];

/** Base class of the JOSE-specific errors (CryptoplugError's constructor, with the code narrowed to JOSE's). */
export class JoseError<C extends JoseErrorCode = JoseErrorCode> extends CryptoplugError<C> {}

/** The token's algorithm (or enc) is not one the caller allowed; `none` always lands here. */
export const JoseAlgNotAllowedError = /* @__PURE__ */ errorClass('ERR_JOSE_ALG_NOT_ALLOWED', 'JoseAlgNotAllowedError', JoseError);
export type JoseAlgNotAllowedError = JoseError<'ERR_JOSE_ALG_NOT_ALLOWED'>;

/** A JOSE algorithm, `enc`, `zip` or `crit` extension this library does not implement. */
export const JoseNotSupportedError = /* @__PURE__ */ errorClass('ERR_JOSE_NOT_SUPPORTED', 'JoseNotSupportedError', JoseError);
export type JoseNotSupportedError = JoseError<'ERR_JOSE_NOT_SUPPORTED'>;

/** A JWS that is not well-formed (serialization, header, base64url, b64/crit rules). */
export const JwsInvalidError = /* @__PURE__ */ errorClass('ERR_JWS_INVALID', 'JwsInvalidError', JoseError);
export type JwsInvalidError = JoseError<'ERR_JWS_INVALID'>;

/** The JWS signature does not verify (one fixed message: wrong key, tampering, malformed signature value). */
export class JwsSignatureInvalidError extends JoseError<'ERR_JWS_SIGNATURE_INVALID'> {
  static readonly MESSAGE = 'signature verification failed';
  constructor(options?: { cause?: unknown }) {
    super('ERR_JWS_SIGNATURE_INVALID', JwsSignatureInvalidError.MESSAGE, options);
  }
}

/** A JWT whose claims set is not a JSON object, or whose claims have the wrong JSON types. */
export const JwtInvalidError = /* @__PURE__ */ errorClass('ERR_JWT_INVALID', 'JwtInvalidError', JoseError);
export type JwtInvalidError = JoseError<'ERR_JWT_INVALID'>;

/** Claim validation failure. `claim` names the claim, `reason` is a stable keyword. */
export class JwtClaimInvalidError<C extends 'ERR_JWT_CLAIM_INVALID' | 'ERR_JWT_EXPIRED' = 'ERR_JWT_CLAIM_INVALID'> extends JoseError<C> {
  readonly claim: string;
  readonly reason: string;
  constructor(message: string, claim: string, reason: string, code?: C) {
    super(code ?? ('ERR_JWT_CLAIM_INVALID' as C), message);
    this.claim = claim;
    this.reason = reason;
  }
}

/** The JWT has expired (`exp`) or is older than `maxTokenAge` (`iat`). */
export class JwtExpiredError extends JwtClaimInvalidError<'ERR_JWT_EXPIRED'> {
  constructor(message: string, claim: string, reason: string) {
    super(message, claim, reason, 'ERR_JWT_EXPIRED');
  }
}

/** A JWE that is not well-formed. Decryption failures themselves are core's `ERR_DECRYPTION_FAILED`. */
export const JweInvalidError = /* @__PURE__ */ errorClass('ERR_JWE_INVALID', 'JweInvalidError', JoseError);
export type JweInvalidError = JoseError<'ERR_JWE_INVALID'>;

/** A JWK whose JOSE metadata (`use`, `key_ops`, `alg`) forbids the requested operation, or that is not a JWK. */
export const JwkInvalidError = /* @__PURE__ */ errorClass('ERR_JWK_INVALID', 'JwkInvalidError', JoseError);
export type JwkInvalidError = JoseError<'ERR_JWK_INVALID'>;

/** A JWK Set that is not well-formed or is ambiguous (duplicate `kid`, symmetric and asymmetric keys mixed). */
export const JwksInvalidError = /* @__PURE__ */ errorClass('ERR_JWKS_INVALID', 'JwksInvalidError', JoseError);
export type JwksInvalidError = JoseError<'ERR_JWKS_INVALID'>;

export class JwksNoMatchingKeyError extends JoseError<'ERR_JWKS_NO_MATCHING_KEY'> {
  constructor(message = 'no key in the JWK Set matches the token header') {
    super('ERR_JWKS_NO_MATCHING_KEY', message);
  }
}

export class JwksMultipleMatchingKeysError extends JoseError<'ERR_JWKS_MULTIPLE_MATCHING_KEYS'> {
  constructor(message = 'several keys in the JWK Set match the token header (add a "kid")') {
    super('ERR_JWKS_MULTIPLE_MATCHING_KEYS', message);
  }
}

/** The closed union of the JOSE errors (as panva jose's `AnyJOSEError`): a `switch (e.code)` over it is exhaustive. */
export type AnyJoseError =
  | JoseAlgNotAllowedError
  | JoseNotSupportedError
  | JwsInvalidError
  | JwsSignatureInvalidError
  | JwtInvalidError
  | JwtClaimInvalidError<'ERR_JWT_CLAIM_INVALID'>
  | JwtExpiredError
  | JweInvalidError
  | JwkInvalidError
  | JwksInvalidError
  | JwksNoMatchingKeyError
  | JwksMultipleMatchingKeysError;
