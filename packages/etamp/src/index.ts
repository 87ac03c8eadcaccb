/**
 * @cryptoplug/etamp — ETAMP messages (`{"Id","Token","SignatureToken","SignatureMessage"}`) on the cryptoplug contract:
 * the `seed` profile, interoperable with the Python seed (PyJWT ES512 + python-ecdsa), and the `strong` profile
 * (SHA-512 detached signatures, the message as a JWE to the recipient, replay protection). See README.md.
 */
export { ETAMP_ERROR_CODES, EtampError, EtampSignatureMessageError, EtampDecryptionFailedError, isEtampError } from './errors.js';
export type { EtampErrorCode, SignatureMessageDiagnosis } from './errors.js';
export {
  ETAMP_PROFILES,
  PROFILES,
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_TTL,
  JWE_ALG,
  JWE_ENC,
  JWT_ALG,
  JWT_TYP,
  SUBJECT,
  type EtampProfile,
  type EtampProfileName,
} from './profiles.js';
export { parseEtampMessage, formatEtampMessage, MESSAGE_FIELDS, type EtampMessage } from './message.js';
export { audienceOf, issuerOf, formatTimestamp, type EtampClaims, type EtampParty } from './claims.js';
export { pythonJson } from './json.js';
export { signingKey, verificationKey, encryptionKey, decryptionKey, type EtampKeyInput } from './keys.js';
export { createEtamp, type CreateEtampOptions, type EtampPartyInput } from './create.js';
export { verifyEtamp, type VerifyEtampOptions, type VerifiedEtamp } from './verify.js';
export { createEtampVerifier, type EtampVerifier } from './verifier.js';
export { MemoryReplayStore, type ReplayStore, type MemoryReplayStoreOptions } from './replay.js';
export { diagnoseSignatureMessage } from './signatures.js';
export { seedEcdhHex } from './seed-ecdh.js';
