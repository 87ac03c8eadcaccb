/**
 * AES-GCM (16-byte tags), AES-CBC with PKCS#7 padding, and AES-KW (RFC 3394).
 *
 * GCM IVs: the contract allows any non-empty IV, WebCrypto implementations differ (Node 20 takes 12..128 bytes), so
 * capabilities.ts probes the bounds once at load into `Capabilities.aesGcmIv`; core answers ERR_UNSUPPORTED for an IV
 * outside them before this file runs — never an opaque OperationError.
 */
import type { AesGcmResult } from '@cryptoplug/core';
import { buf, getSubtle, rawKey } from './subtle.js';

export async function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<AesGcmResult> {
  const k = await rawKey(key, 'AES-GCM', ['encrypt']);
  const out = new Uint8Array(await getSubtle().encrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad), tagLength: 128 }, k, buf(plaintext)));
  return { ciphertext: out.slice(0, out.length - 16), tag: out.slice(out.length - 16) };
}

export async function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const k = await rawKey(key, 'AES-GCM', ['decrypt']);
  const joined = new Uint8Array(ciphertext.length + tag.length);
  joined.set(ciphertext);
  joined.set(tag, ciphertext.length);
  return new Uint8Array(await getSubtle().decrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad), tagLength: 128 }, k, joined));
}

export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const k = await rawKey(key, 'AES-CBC', ['encrypt']);
  return new Uint8Array(await getSubtle().encrypt({ name: 'AES-CBC', iv: buf(iv) }, k, buf(plaintext)));
}

export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const k = await rawKey(key, 'AES-CBC', ['decrypt']);
  return new Uint8Array(await getSubtle().decrypt({ name: 'AES-CBC', iv: buf(iv) }, k, buf(ciphertext)));
}

/** WebCrypto wraps CryptoKeys, not bytes: the key to wrap travels as an extractable HMAC key (any length ≥ 1 works). */
export async function aesKwWrap(kek: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  const subtle = getSubtle();
  const wrapping = await rawKey(kek, 'AES-KW', ['wrapKey']);
  const carrier = await subtle.importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
  return new Uint8Array(await subtle.wrapKey('raw', carrier, wrapping, 'AES-KW'));
}

export async function aesKwUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  const subtle = getSubtle();
  const unwrapping = await rawKey(kek, 'AES-KW', ['unwrapKey']);
  const carrier = await subtle.unwrapKey('raw', buf(wrapped), unwrapping, 'AES-KW', { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
  return new Uint8Array(await subtle.exportKey('raw', carrier));
}
