/**
 * @cryptoplug/jose — JWS, JWT, JWE and JWK built only on the cryptoplug backend contract, so every operation runs on
 * any backend (or `auto`). Every operation takes `options.backend`.
 */
export * from './lib/errors.js';
export {
  JWS_ALGORITHMS,
  JWE_ALGORITHMS,
  CONTENT_ENCRYPTION,
  REFUSED_JWE_ALGORITHMS,
  JWS_ALGORITHM_NAMES,
  JWE_ALGORITHM_NAMES,
  CONTENT_ENCRYPTION_NAMES,
  type JwsAlgorithm,
  type JweAlgorithm,
  type ContentEncryptionAlgorithm,
  type JwsAlgSpec,
  type KeyManagementSpec,
  type ContentEncryptionSpec,
} from './lib/algorithms.js';
export { DEFAULT_LIMITS, type Limits } from './lib/util.js';
export { isRawEcPublicPoint, looksLikeAsymmetricKeyMaterial } from './lib/key-policy.js';
export { MIN_RSA_BITS, type KeyInput, type KeyResolver, type KeyOperation, type JoseFamily } from './lib/keys.js';
export { hasRocaFingerprint } from './lib/roca.js';
export { joseQueries, joseUnsupportedReason } from './lib/support.js';

export { signCompact, verifyCompact, type CompactSignOptions, type CompactVerifyResult } from './jws/compact.js';
export { signFlattened, verifyFlattened, type FlattenedSignOptions } from './jws/flattened.js';
export { signGeneral, verifyGeneral, verifyJws, type GeneralSignOptions, type GeneralVerifyResult, type AnyJwsResult } from './jws/general.js';
export type { FlattenedJws, GeneralJws, JwsHeader, JwsSigner, JwsVerifyOptions, JwsVerifyResult } from './jws/shared.js';

export { signJwt, type SignJwtOptions } from './jwt/sign.js';
export { verifyJwt, type VerifyJwtOptions, type VerifyJwtResult } from './jwt/verify.js';
export { createJwtCache, VerifiedJwtCache, type JwtCacheOptions } from './jwt/cache.js';
export { encryptJwt, type EncryptJwtOptions } from './jwt/encrypt.js';
export { decryptJwt, type DecryptJwtOptions, type DecryptJwtResult } from './jwt/decrypt.js';
export { signAndEncryptJwt, decryptAndVerifyJwt, type SignAndEncryptOptions, type DecryptAndVerifyOptions, type DecryptAndVerifyResult } from './jwt/nested.js';
export { decodeProtectedHeader, decodeJwt, decodeUnverified, getUnverifiedHeader, getUnverifiedClaims } from './jwt/decode.js';
export { validateClaims, parseClaims, type JwtClaims, type ClaimValidationOptions, type ClaimSetterOptions } from './jwt/claims.js';

export { encryptCompact, decryptCompact, type CompactEncryptOptions, type CompactDecryptResult } from './jwe/compact.js';
export { encryptFlattened, decryptFlattened, type FlattenedEncryptOptions } from './jwe/flattened.js';
export { encryptGeneral, decryptGeneral, decryptJwe, type GeneralDecryptResult, type AnyJweResult } from './jwe/general.js';
export type { FlattenedJwe, GeneralJwe, JweHeader, JweDecryptOptions, JweDecryptResult, JweEncryptOptions, JweRecipient } from './jwe/shared.js';
export { DEFAULT_MAX_P2C, DEFAULT_MAX_PBES2_TOTAL, DEFAULT_P2C, type KeyManagementParameters } from './jwe/key-management.js';

export { importJwk, type ImportJwkOptions } from './jwk/import.js';
export { exportJwk, type ExportJwkOptions } from './jwk/export.js';
export { calculateJwkThumbprint, calculateJwkThumbprintUri } from './jwk/thumbprint.js';
export { createLocalJwkSet, parseJwkSet, selectJwks, type JwkSet, type LocalJwkSet } from './jwk/jwks.js';
export { generateKeyPair, generateSecret, type GenerateOptions } from './jwk/generate.js';
