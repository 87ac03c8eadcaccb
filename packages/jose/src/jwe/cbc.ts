/**
 * AES-CBC + HMAC-SHA2 (RFC 7518 §5.2), split out of `content.ts` so that the decryption half is loaded on first use:
 * the tag is checked in constant time BEFORE any decryption, and every failure (tag, padding, length) is the same
 * `ERR_DECRYPTION_FAILED`.
 */
import { DecryptionFailedError, concatBytes, timingSafeEqual, type Backend } from '@cryptoplug/core';
import type { ContentEncryptionSpec } from '../lib/algorithms.js';

type CbcSpec = Extract<ContentEncryptionSpec, { kind: 'cbc-hs' }>;

/** AL: the AAD length in bits as a 64-bit big-endian integer. */
function aadLength(aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  const bits = BigInt(aad.length) * 8n;
  new DataView(out.buffer).setBigUint64(0, bits, false);
  return out;
}

export async function cbcTag(backend: Backend, spec: CbcSpec, macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const mac = await backend.hmac(spec.hash, macKey, concatBytes(aad, iv, ciphertext, aadLength(aad)));
  return mac.subarray(0, spec.tagBytes);
}

/** Decrypts and authenticates (the caller checked key, IV and tag sizes). */
export async function decryptCbcHs(backend: Backend, spec: CbcSpec, cek: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
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
