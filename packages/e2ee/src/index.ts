/**
 * @cryptoplug/e2ee — end-to-end encrypted messages on the cryptoplug backend contract:
 * - a Virgil-compatible codec (byte-compatible with virgil-crypto 5.x for ED25519 / CURVE25519 keys, no WASM),
 * - the Virgil quick-start chat model (encrypt-then-sign `{ message, sign }`),
 * - the `hpke` profile: a multi-recipient, signed envelope on RFC 9180 HPKE.
 */
export { E2eeError, MalformedError, NotRecipientError, NotSignedError, E2EE_ERROR_CODES, type E2eeErrorCode } from './errors.js';

export {
  VirgilCodec,
  DATA_SIGNATURE_KEY,
  DATA_SIGNER_ID_KEY,
  type Recipient,
  type VirgilCodecOptions,
  type EncryptOptions,
  type DecryptOptions,
  type OpenResult,
  type MessageSummary,
} from './virgil/codec.js';
export {
  importVirgilPrivateKey,
  importVirgilPublicKey,
  exportVirgilPrivateKey,
  exportVirgilPublicKey,
  virgilKeyId,
  virgilKeyIds,
  generateVirgilKeyPair,
  assertVirgilKey,
  type VirgilKeyType,
  type KeyIdHash,
  type VirgilKeyInput,
} from './virgil/keys.js';
export { exportEncryptedPrivateKey, encryptedKeySupport, type EncryptedKeyOptions } from './virgil/encrypted-keys.js';
export { virgilSign, virgilVerify, parseVirgilSignature } from './virgil/signature.js';
export { toX25519Private, toX25519Public } from './virgil/convert.js';
export { kdf2 } from './virgil/kdf2.js';
export { PADDING_FRAME, paddedLength } from './virgil/padding.js';
export { encryptThenSign, verifyThenDecrypt, verifyThenDecryptText, parseChatMessage, type ChatMessage } from './virgil/chat.js';

export {
  Hpke,
  HpkeContext,
  KEM_DHKEM_X25519_HKDF_SHA256,
  KDF_HKDF_SHA256,
  AEAD_AES_128_GCM,
  AEAD_AES_256_GCM,
  type AeadId,
  type KeySchedule,
} from './hpke/rfc9180.js';
export {
  HpkeEnvelope,
  HPKE_MAGIC,
  HPKE_VERSION,
  HPKE_INFO,
  HPKE_SIGNATURE_CONTEXT,
  type HpkeEncryptOptions,
  type HpkeDecryptOptions,
  type HpkeOpenResult,
  type HpkeSummary,
} from './hpke/envelope.js';
