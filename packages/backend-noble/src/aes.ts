/**
 * AES-GCM (16-byte tags), AES-CBC with PKCS#7 padding, and AES-KW (RFC 3394) from @noble/ciphers.
 *
 * GCM IVs: the contract accepts any non-empty IV (SP 800-38D allows 1 byte and up). noble's `gcm` takes IVs of 8 bytes
 * or more; for 1..7-byte IVs this file runs SP 800-38D itself on noble's AES block function and GHASH
 * ({@link gcmShortIv}), so every IV length core accepts works (Wycheproof has valid 1..6-byte IV cases).
 */
import type { AesGcmResult } from '@cryptoplug/core';
import { DecryptionFailedError, timingSafeEqual } from '@cryptoplug/core';
import { aeskw, cbc, ecb, gcm } from '@noble/ciphers/aes.js';
import { ghash } from '@noble/ciphers/_polyval.js';

const TAG = 16;

export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): AesGcmResult {
  if (iv.length < 8) return gcmShortIv(key, iv, aad).encrypt(plaintext);
  const out = gcm(key, iv, aad).encrypt(plaintext);
  return { ciphertext: out.slice(0, out.length - TAG), tag: out.slice(out.length - TAG) };
}

export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array {
  if (iv.length < 8) return gcmShortIv(key, iv, aad).decrypt(ciphertext, tag);
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

/** `[a]_64 ‖ [b]_64`, big-endian bit lengths. */
function lengthBlock(a: number, b: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(a) * 8n, false);
  view.setBigUint64(8, BigInt(b) * 8n, false);
  return out;
}

/**
 * SP 800-38D GCM for IVs that are not 96 bits, on noble primitives (used for 1..7-byte IVs only):
 * H = E_K(0¹²⁸); J0 = GHASH_H(IV ‖ 0^s ‖ [0]_64 ‖ [len(IV)]_64); C = GCTR_K(inc32(J0), P) where the counter
 * increments only the low 32 bits (inc32, wrapping); T = E_K(J0) ⊕ GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]_64 ‖ [len(C)]_64).
 * noble's GHASH pads every `update()` call to a block boundary, which gives the 0^s/0^v/0^u padding.
 */
function gcmShortIv(key: Uint8Array, iv: Uint8Array, aad: Uint8Array) {
  // noble cipher objects refuse a second encrypt() (nonce-reuse guard), so each AES-ECB call gets its own instance.
  const aes = (blocks: Uint8Array): Uint8Array => ecb(key, { disablePadding: true }).encrypt(blocks);
  const h = aes(new Uint8Array(16));
  const j0 = ghash.create(h).update(iv).update(lengthBlock(0, iv.length)).digest();
  const tagMask = aes(j0);

  const gctr = (input: Uint8Array): Uint8Array => {
    const blocks = Math.ceil(input.length / 16);
    if (blocks === 0) return new Uint8Array(0);
    const counters = new Uint8Array(blocks * 16);
    const view = new DataView(counters.buffer);
    const low = new DataView(j0.buffer, j0.byteOffset, 16).getUint32(12, false);
    for (let i = 0; i < blocks; i++) {
      counters.set(j0.subarray(0, 12), i * 16);
      view.setUint32(i * 16 + 12, (low + i + 1) >>> 0, false);
    }
    const stream = aes(counters);
    const out = new Uint8Array(input.length);
    for (let i = 0; i < input.length; i++) out[i] = input[i]! ^ stream[i]!;
    return out;
  };

  const tagOf = (ciphertext: Uint8Array): Uint8Array => {
    const s = ghash.create(h).update(aad).update(ciphertext).update(lengthBlock(aad.length, ciphertext.length)).digest();
    for (let i = 0; i < TAG; i++) s[i]! ^= tagMask[i]!;
    return s;
  };

  return {
    encrypt(plaintext: Uint8Array): AesGcmResult {
      const ciphertext = gctr(plaintext);
      return { ciphertext, tag: tagOf(ciphertext) };
    },
    decrypt(ciphertext: Uint8Array, tag: Uint8Array): Uint8Array {
      if (!timingSafeEqual(tagOf(ciphertext), tag)) throw new DecryptionFailedError();
      return gctr(ciphertext);
    },
  };
}
