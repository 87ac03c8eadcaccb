/**
 * The AES family of `defineBackend`: GCM, CBC (PKCS#7) and KW (RFC 3394). Checks: key sizes, IV sizes, tag and
 * ciphertext shapes, the capability gate (mode and key size), output sizes; every decryption failure is the one
 * ERR_DECRYPTION_FAILED.
 */
import type { AesGcmResult, Capabilities, CapabilityQuery } from '../contract.js';
import { DecryptionFailedError, InputInvalidError, OperationFailedError } from '../errors.js';
import { assertBytes } from '../bytes.js';
import { family, type OperationFamily } from './context.js';
import { gcmIvSupported, gcmIvUnsupportedError } from '../gcm-iv.js';

function assertAesKey(key: unknown, what: string): asserts key is Uint8Array {
  assertBytes(key, what);
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new InputInvalidError(`${what} must be 16, 24 or 32 bytes, got ${key.length}`);
  }
}

const AES_KEY_SIZES = [128, 192, 256];

/** `{ op: 'aesGcm' | 'aesCbc' | 'aesKw', keyBits?, ivLength? }`: the mode, the key size and (GCM) the IV length. */
function aesSupported(caps: Capabilities, q: Extract<CapabilityQuery, { op: 'aesGcm' | 'aesCbc' | 'aesKw' }>): boolean {
  return (
    caps[q.op] &&
    (q.keyBits === undefined || (caps.aesKeySizes ?? AES_KEY_SIZES).includes(q.keyBits)) &&
    (q.op !== 'aesGcm' || q.ivLength === undefined || gcmIvSupported(caps, q.ivLength))
  );
}
const AES_QUERIES = { aesGcm: aesSupported, aesCbc: aesSupported, aesKw: aesSupported };

export const aesOps: OperationFamily = /* @__PURE__ */ family(AES_QUERIES, ({ name, require, method, run, decrypting, self }) => {
  /** The GCM checks both directions make first: key size, IV present and non-empty. */
  const checkGcmKeyIv = (key: Uint8Array, iv: Uint8Array): void => {
    assertAesKey(key, 'AES-GCM key');
    assertBytes(iv, 'AES-GCM iv');
    if (iv.length === 0) throw new InputInvalidError('AES-GCM iv must not be empty');
  };
  /** After the data checks: the key size, then the IV length — capability data (issue 14), ERR_UNSUPPORTED with the reason. */
  const requireGcm = (key: Uint8Array, iv: Uint8Array): void => {
    require({ op: 'aesGcm', keyBits: (key.length * 8) as 128 }, `AES-GCM with a ${key.length * 8}-bit key`);
    if (!gcmIvSupported(self.capabilities(), iv.length)) throw gcmIvUnsupportedError(name, self.capabilities(), iv.length);
  };
  return {
    async aesGcmEncrypt(key, iv, plaintext, aad = new Uint8Array(0)): Promise<AesGcmResult> {
      checkGcmKeyIv(key, iv);
      assertBytes(plaintext, 'plaintext');
      assertBytes(aad, 'additional data');
      requireGcm(key, iv);
      const r = await run('AES-GCM encrypt', () => method('aesGcmEncrypt')(key, iv, plaintext, aad));
      if (r.tag.length !== 16 || r.ciphertext.length !== plaintext.length) throw new OperationFailedError(`${name}: AES-GCM output has the wrong size`);
      return r;
    },

    async aesGcmDecrypt(key, iv, ciphertext, tag, aad = new Uint8Array(0)) {
      checkGcmKeyIv(key, iv);
      assertBytes(ciphertext, 'ciphertext');
      assertBytes(tag, 'tag');
      assertBytes(aad, 'additional data');
      requireGcm(key, iv);
      if (tag.length !== 16) throw new DecryptionFailedError();
      return decrypting(() => method('aesGcmDecrypt')(key, iv, ciphertext, tag, aad));
    },

    async aesCbcEncrypt(key, iv, plaintext) {
      assertAesKey(key, 'AES-CBC key');
      assertBytes(iv, 'AES-CBC iv', 16);
      assertBytes(plaintext, 'plaintext');
      require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
      return run('AES-CBC encrypt', () => method('aesCbcEncrypt')(key, iv, plaintext));
    },

    async aesCbcDecrypt(key, iv, ciphertext) {
      assertAesKey(key, 'AES-CBC key');
      assertBytes(iv, 'AES-CBC iv', 16);
      assertBytes(ciphertext, 'ciphertext');
      require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
      if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new DecryptionFailedError();
      return decrypting(() => method('aesCbcDecrypt')(key, iv, ciphertext));
    },

    async aesKwWrap(kek, key) {
      assertAesKey(kek, 'AES-KW key-encryption key');
      assertBytes(key, 'key to wrap');
      if (key.length < 16 || key.length % 8 !== 0) throw new InputInvalidError('AES-KW wraps keys of 16 bytes or more, in multiples of 8');
      require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
      return run('AES-KW wrap', () => method('aesKwWrap')(kek, key));
    },

    async aesKwUnwrap(kek, wrapped) {
      assertAesKey(kek, 'AES-KW key-encryption key');
      assertBytes(wrapped, 'wrapped key');
      require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
      if (wrapped.length < 24 || wrapped.length % 8 !== 0) throw new DecryptionFailedError();
      return decrypting(() => method('aesKwUnwrap')(kek, wrapped));
    },
  };
});
