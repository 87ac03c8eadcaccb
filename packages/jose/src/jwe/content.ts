/**
 * Content encryption (RFC 7518 §5): AES-GCM, and AES-CBC + HMAC-SHA2 (the composite AEAD of §5.2, built from the
 * contract's AES-CBC and HMAC). The CBC-HS tag is checked in constant time BEFORE any decryption, and every failure
 * (tag, padding, length) is the same `ERR_DECRYPTION_FAILED`.
 */
import { DecryptionFailedError, type Backend } from '@cryptoplug/core';
import type { ContentEncryptionSpec } from '../lib/algorithms.js';
/** AES-CBC-HMAC, loaded on first use (once; then no extra await): AES-GCM-only code does not carry it. */
let cbcModule: typeof import('./cbc.js') | undefined;

export interface ContentCiphertext {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

export async function encryptContent(
  backend: Backend,
  spec: ContentEncryptionSpec,
  cek: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  fixedIv?: Uint8Array,
): Promise<ContentCiphertext> {
  const iv = fixedIv ?? backend.randomBytes(spec.ivBytes);
  if (spec.kind === 'gcm') {
    const { ciphertext, tag } = await backend.aesGcmEncrypt(cek, iv, plaintext, aad);
    return { iv, ciphertext, tag };
  }
  const macKey = cek.subarray(0, spec.keyBytes - spec.encKeyBytes);
  const encKey = cek.subarray(spec.keyBytes - spec.encKeyBytes);
  const ciphertext = await backend.aesCbcEncrypt(encKey, iv, plaintext);
  const { cbcTag } = cbcModule ?? (cbcModule = await import('./cbc.js'));
  return { iv, ciphertext, tag: await cbcTag(backend, spec, macKey, aad, iv, ciphertext) };
}

/** Decrypts and authenticates; any failure is `DecryptionFailedError` with its one fixed message. */
export async function decryptContent(
  backend: Backend,
  spec: ContentEncryptionSpec,
  cek: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
  /** python-jose compat (decryption only): a 128-bit GCM IV, checked by the caller. */
  allowGcmIv16 = false,
): Promise<Uint8Array> {
  const ivOk = iv.length === spec.ivBytes || (allowGcmIv16 && spec.kind === 'gcm' && iv.length === 16);
  if (cek.length !== spec.keyBytes || !ivOk || tag.length !== spec.tagBytes) throw new DecryptionFailedError();
  if (spec.kind === 'gcm') {
    try {
      return await backend.aesGcmDecrypt(cek, iv, ciphertext, tag, aad);
    } catch (cause) {
      throw new DecryptionFailedError({ cause });
    }
  }
  return (cbcModule ?? (cbcModule = await import('./cbc.js'))).decryptCbcHs(backend, spec, cek, iv, ciphertext, tag, aad);
}
