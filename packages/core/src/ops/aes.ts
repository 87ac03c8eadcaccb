/**
 * The AES family of `defineBackend`: GCM, CBC (PKCS#7) and KW (RFC 3394). Checks: key sizes, IV sizes, tag and
 * ciphertext shapes, the capability gate (mode and key size), output sizes; every decryption failure is the one
 * ERR_DECRYPTION_FAILED. AES-GCM decryption and AES-KW unwrapping (what a JWE decrypter runs) are here; the other
 * operations are in `aes-checked.ts`, loaded on first use (once; afterwards called directly, with no extra await).
 */
import type { Capabilities, CapabilityQuery } from '../contract.js';
import { DecryptionFailedError, InputInvalidError } from '../errors.js';
import { assertBytes } from '../bytes.js';
import { decrypting, family, onFirstUse, type OperationFamily, type OpsContext } from './context.js';
import { gcmIvSupported } from '../gcm-iv.js';

export function assertAesKey(key: unknown, what: string): asserts key is Uint8Array {
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

/** The GCM checks both directions make first: key size, IV present and non-empty. */
export function checkGcmKeyIv(key: Uint8Array, iv: Uint8Array): void {
  assertAesKey(key, 'AES-GCM key');
  assertBytes(iv, 'AES-GCM iv');
  if (iv.length === 0) throw new InputInvalidError('AES-GCM iv must not be empty');
}

/**
 * After the data checks: the key size, then the IV length — capability data (issue 14). Returns undefined when both
 * are supported; for an IV length the backend cannot take, a promise that rejects with ERR_UNSUPPORTED and the reason
 * (its message builder is loaded on that error path only). Callers await it only when it is there.
 */
export function requireGcm({ name, require, self }: OpsContext, key: Uint8Array, iv: Uint8Array): Promise<never> | undefined {
  require({ op: 'aesGcm', keyBits: (key.length * 8) as 128 }, `AES-GCM with a ${key.length * 8}-bit key`);
  if (gcmIvSupported(self.capabilities(), iv.length)) return undefined;
  return import('../gcm-iv-error.js').then((m) => {
    throw m.gcmIvUnsupportedError(name, self.capabilities(), iv.length);
  });
}

const withChecked = /* @__PURE__ */ onFirstUse(() => import('./aes-checked.js'));

export const aesOps: OperationFamily = /* @__PURE__ */ family(AES_QUERIES, (ctx) => {
  const { require, method } = ctx;
  return {
    aesGcmEncrypt: (key, iv, plaintext, aad) => withChecked((m) => m.aesGcmEncrypt(ctx, key, iv, plaintext, aad)),

    async aesGcmDecrypt(key, iv, ciphertext, tag, aad = new Uint8Array(0)) {
      checkGcmKeyIv(key, iv);
      assertBytes(ciphertext, 'ciphertext');
      assertBytes(tag, 'tag');
      assertBytes(aad, 'additional data');
      const ivUnsupported = requireGcm(ctx, key, iv);
      if (ivUnsupported) await ivUnsupported;
      if (tag.length !== 16) throw new DecryptionFailedError();
      return decrypting(() => method('aesGcmDecrypt')(key, iv, ciphertext, tag, aad));
    },

    aesCbcEncrypt: (key, iv, plaintext) => withChecked((m) => m.aesCbcEncrypt(ctx, key, iv, plaintext)),
    aesCbcDecrypt: (key, iv, ciphertext) => withChecked((m) => m.aesCbcDecrypt(ctx, key, iv, ciphertext)),
    aesKwWrap: (kek, key) => withChecked((m) => m.aesKwWrap(ctx, kek, key)),

    async aesKwUnwrap(kek, wrapped) {
      assertAesKey(kek, 'AES-KW key-encryption key');
      assertBytes(wrapped, 'wrapped key');
      require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
      if (wrapped.length < 24 || wrapped.length % 8 !== 0) throw new DecryptionFailedError();
      return decrypting(() => method('aesKwUnwrap')(kek, wrapped));
    },
  };
});
