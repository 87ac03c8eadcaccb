export * from './contract.js';
export * from './errors.js';
export * from './bytes.js';
export { asciiBytes, base64, base64url, base64urlOfText, fromBase64, fromBase64url, fromBase64urlTransient, utf8Transient } from './encoding/base64.js';
export { parseJsonGuarded, jsonDepth, JSON_LIMITS, type JsonGuardOptions } from './encoding/json.js';
export { formatPem, looksLikePem, parsePem, type PemBlock } from './encoding/pem.js';
export { assertP1363Length, p1363InRange } from './encoding/ecdsa-signature.js';
// DER ⇄ P1363: `@cryptoplug/core/ecdsa-der` (not re-exported here: defineBackend loads it on demand, and a module that
// is both re-exported and imported dynamically would land in every bundle's initial chunk).
export { EC, OKP_OID, OID, isCurve, isEcCurve, isOkpCurve, decodeEcPoint, compressEcPoint } from './curves.js';
export {
  PrivateKey,
  PublicKey,
  SecretKey,
  cachedHandle,
  isPrivateKey,
  isPublicKey,
  isSecretKey,
  type AsymmetricKeyObject,
  type Key,
  type PrivateMaterial,
  type PublicMaterial,
} from './keys/key.js';
export { privateKeyFromMaterial, publicKeyFromMaterial, type PrivateInput } from './keys/validate.js';
export { ensureKeyPairChecked } from './keys/pair-check.js';
export { importKey, importPrivateKey, importPublicKey, type ImportOptions, type KeyFormat } from './keys/import.js';
export { decryptPkcs8, encryptPkcs8, ENCRYPTED_KEY_LIMITS, type EncryptPkcs8Options } from './keys/encrypted.js';
export { checkPbkdf2Cost, checkScryptCost, DEFAULT_KDF_LIMITS, type KdfLimits } from './keys/kdf-limits.js';
export { exportDer, exportPem, exportRaw, type DerFormat } from './keys/export.js';
export { jwkFromKey, jwkFromPublicKey, jwkThumbprint, keyFromJwk, keyFromJwkDeferred, publicKeyFromJwk, publicKeyFromJwkOnDemand, thumbprintInput, isJwkLike, type Jwk } from './keys/jwk.js';
export {
  defineBackend,
  composeBackend,
  signatureQuery,
  supportsQuery,
  HASH_SIZE,
  ALL_FAMILIES,
  signatureOps,
  signOps,
  verifyOps,
  ecdhOps,
  ecdhOpsBackendPairCheck,
  oaepOps,
  hashOps,
  kdfOps,
  aesOps,
  randomOps,
  keygenOps,
  type OperationFamily,
  type OpsContext,
} from './backend.js';
export { gcmIvSupported, describeGcmIvBounds } from './gcm-iv.js';
export { signatureFamilies, verifyFamilies, type SignatureFamilies, type VerifyFamilies } from './families.js';
// Runtime detection stays in core: it names runtimes, not backends, and the conformance runner (which depends on core
// only) reports it. Selection — the registry, the preference order per runtime and `auto` — is @cryptoplug/backends.
export { detectRuntime, runtimeVersion } from './runtime.js';
