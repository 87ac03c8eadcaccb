/**
 * Content encryption (RFC 7518 §5): AES-GCM, and AES-CBC + HMAC-SHA2 (the composite AEAD of §5.2, built from the
 * contract's AES-CBC and HMAC). The CBC-HS tag is checked in constant time BEFORE any decryption, and every failure
 * (tag, padding, length) is the same `ERR_DECRYPTION_FAILED`.
 */
import { DecryptionFailedError, concatBytes, timingSafeEqual, type Backend } from '@cryptoplug/core';
import type { ContentEncryptionSpec } from '../lib/algorithms.js';

export interface ContentCiphertext {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** AL: the AAD length in bits as a 64-bit big-endian integer. */
function aadLength(aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  const bits = BigInt(aad.length) * 8n;
  new DataView(out.buffer).setBigUint64(0, bits, false);
  return out;
}

async function cbcTag(backend: Backend, spec: Extract<ContentEncryptionSpec, { kind: 'cbc-hs' }>, macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const mac = await backend.hmac(spec.hash, macKey, concatBytes(aad, iv, ciphertext, aadLength(aad)));
  return mac.subarray(0, spec.tagBytes);
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
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new DecryptionFailedError();
  const macKey = cek.subarray(0, spec.keyBytes - spec.encKeyBytes);
  const encKey = cek.subarray(spec.keyBytes - spec.encKeyBytes);
  const expected = await cbcTag(backend, spec, macKey, aad, iv, ciphertext);
  if (!timingSafeEqual(expected, tag)) throw new DecryptionFailedError();
  try {
    return await backend.aesCbcDecrypt(encKey, iv, ciphertext);
  } catch (cause) {
    throw new DecryptionFailedError({ cause });
  }
}
