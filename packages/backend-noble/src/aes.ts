/**
 * AES-GCM (16-byte tags), AES-CBC with PKCS#7 padding, and AES-KW (RFC 3394) from @noble/ciphers.
 *
 * GCM IVs: the contract accepts any non-empty IV (SP 800-38D allows 1 byte and up); noble's `gcm` takes IVs of 8 bytes
 * or more (no upper bound). That is this backend's capability ({@link GCM_IV_BOUNDS}, in capabilities.ts), so core
 * answers ERR_UNSUPPORTED with the reason for a 1..7-byte IV before this file runs, and `auto` routes such an IV to a
 * backend that takes it. (Short IVs are used by no protocol here; assembling GCM from noble's internal GHASH module for
 * them is not worth the code.)
 */
import type { AesGcmIvBounds, AesGcmResult } from '@cryptoplug/core';
import { aeskw, cbc, gcm } from '@noble/ciphers/aes.js';

const TAG = 16;

export const GCM_IV_BOUNDS: AesGcmIvBounds = Object.freeze({ min: 8, reason: "@noble/ciphers' gcm takes IVs of 8 bytes or more" });

export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): AesGcmResult {
  const out = gcm(key, iv, aad).encrypt(plaintext);
  return { ciphertext: out.slice(0, out.length - TAG), tag: out.slice(out.length - TAG) };
}

export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array {
  const joined = new Uint8Array(ciphertext.length + TAG);
  joined.set(ciphertext);
  joined.set(tag, ciphertext.length);
  return gcm(key, iv, aad).decrypt(joined);
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return cbc(key, iv).encrypt(plaintext);
}

/** noble checks the whole PKCS#7 padding; any failure becomes core's one DecryptionFailedError. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return cbc(key, iv).decrypt(ciphertext);
}

export function aesKwWrap(kek: Uint8Array, key: Uint8Array): Uint8Array {
  return aeskw(kek).encrypt(key);
}

export function aesKwUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  return aeskw(kek).decrypt(wrapped);
}
