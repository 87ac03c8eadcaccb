/**
 * AES-GCM (16-byte tags, IVs of 1 to 128 bytes: {@link GCM_IV_BOUNDS}), AES-CBC with PKCS#7 padding (OpenSSL's default), and AES-KW
 * (RFC 3394) with `createCipheriv`/`createDecipheriv`.
 *
 * AES-KW: node 20 (OpenSSL 3) exposes the RFC 3394 ciphers as `id-aes{128,192,256}-wrap` with the aliases
 * `aes{128,192,256}-wrap` (`-pad` variants are RFC 5649, not used). Both need the IV passed explicitly: a `null` IV
 * is refused ("Invalid initialization vector"), so the RFC 3394 default IV A6A6A6A6A6A6A6A6 is given, which makes
 * unwrap check the integrity value. A corrupted wrapped key makes `update()` throw ("Trying to add data in unsupported
 * state"): the error propagates and core reports ERR_DECRYPTION_FAILED. The cipher name that works is found by
 * capabilities.ts (with the RFC 3394 §4.1 known answer) and passed in.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AesGcmIvBounds, AesGcmResult } from '@cryptoplug/core';
import { bytes } from './keyobject.js';

const GCM_TAG = 16;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return bytes(a);
  if (a.length === 0) return bytes(b);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function bits(key: Uint8Array): 128 | 192 | 256 {
  return (key.length * 8) as 128 | 192 | 256;
}

/**
 * OpenSSL 3 refuses GCM IVs over 128 bytes (GCM_IV_MAX_SIZE is 1024 bits). GCM itself allows any non-empty IV, but
 * rather than hand-writing GHASH for a case nobody uses, this backend says it cannot, as capability data: core answers
 * ERR_UNSUPPORTED with this reason before the backend runs, conformance skips those Wycheproof cases with it, and `auto`
 * routes longer IVs to a backend that takes them.
 */
export const GCM_IV_BOUNDS: AesGcmIvBounds = Object.freeze({ min: 1, max: 128, reason: "OpenSSL's GCM_IV_MAX_SIZE" });

export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): AesGcmResult {
  const c = createCipheriv(`aes-${bits(key)}-gcm`, key, iv, { authTagLength: GCM_TAG });
  c.setAAD(aad);
  const ciphertext = concat(c.update(plaintext), c.final());
  return { ciphertext, tag: bytes(c.getAuthTag()) };
}

export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array {
  const d = createDecipheriv(`aes-${bits(key)}-gcm`, key, iv, { authTagLength: GCM_TAG });
  d.setAuthTag(tag);
  d.setAAD(aad);
  // final() throws "Unsupported state or unable to authenticate data" on a wrong tag; nothing is returned before it.
  const head = d.update(ciphertext);
  return concat(head, d.final());
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${bits(key)}-cbc`, key, iv);
  return concat(c.update(plaintext), c.final());
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const d = createDecipheriv(`aes-${bits(key)}-cbc`, key, iv);
  const head = d.update(ciphertext);
  return concat(head, d.final());
}

/** RFC 3394 §2.2.3.1 default initial value. */
export const KW_DEFAULT_IV: Uint8Array = new Uint8Array([0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6]);

/** `kwName(128)` → e.g. `id-aes128-wrap`. */
export type KwCipherName = (bits: 128 | 192 | 256) => string;

export const kwCipherNames: readonly KwCipherName[] = [(b) => `id-aes${b}-wrap`, (b) => `aes${b}-wrap`];

export function aesKw(name: KwCipherName): {
  aesKwWrap(kek: Uint8Array, key: Uint8Array): Uint8Array;
  aesKwUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array;
} {
  return {
    aesKwWrap(kek, key) {
      const c = createCipheriv(name(bits(kek)), kek, KW_DEFAULT_IV);
      return concat(c.update(key), c.final());
    },
    aesKwUnwrap(kek, wrapped) {
      const d = createDecipheriv(name(bits(kek)), kek, KW_DEFAULT_IV);
      const head = d.update(wrapped);
      return concat(head, d.final());
    },
  };
}
