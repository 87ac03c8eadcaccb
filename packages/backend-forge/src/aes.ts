/**
 * AES-GCM (16-byte tags, any non-empty IV length: forge derives J0 with GHASH for IVs other than 12 bytes) and
 * AES-CBC with PKCS#7 padding, on forge.cipher. No AES-KW: forge does not implement RFC 3394 (not claimed).
 *
 * Hardening, so the outcome does not depend on forge's internals or version:
 * - GCM decryption: forge compares the tag with `!==` on strings (not constant time). The computed tag is read from
 *   forge (`mode.tag`) and compared here in constant time; forge's own verdict is ignored. Plaintext is returned
 *   only after the tag matched.
 * - CBC decryption: the PKCS#7 padding is removed by the function below, not forge's (forge < 1.4 only checked the
 *   last byte). It checks all 16 candidate padding bytes without early exit and fails on a pad of 0 or > 16.
 */
import forge from 'node-forge';
import { DecryptionFailedError, timingSafeEqual, type AesGcmResult } from '@cryptoplug/core';
import { fromBin, toBin, toBuffer } from './binary.js';

const BLOCK = 16;

export function aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): AesGcmResult {
  const c = forge.cipher.createCipher('AES-GCM', toBin(key));
  c.start({ iv: toBin(iv), additionalData: toBin(aad), tagLength: 128 });
  c.update(toBuffer(plaintext));
  if (!c.finish()) throw new Error('forge AES-GCM encryption did not finish');
  return { ciphertext: fromBin(c.output.getBytes()), tag: fromBin(c.mode.tag.getBytes()) };
}

export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array {
  const d = forge.cipher.createDecipher('AES-GCM', toBin(key));
  d.start({ iv: toBin(iv), additionalData: toBin(aad), tagLength: 128, tag: toBuffer(tag) });
  d.update(toBuffer(ciphertext));
  d.finish(); // its boolean is forge's non-constant-time comparison: the tag is checked below instead
  const computed = fromBin(d.mode.tag.bytes());
  if (!timingSafeEqual(computed, tag)) throw new DecryptionFailedError();
  return fromBin(d.output.getBytes());
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const c = forge.cipher.createCipher('AES-CBC', toBin(key));
  c.start({ iv: toBin(iv) });
  c.update(toBuffer(plaintext));
  if (!c.finish()) throw new Error('forge AES-CBC encryption did not finish');
  return fromBin(c.output.getBytes());
}

/** forge's (deprecated but supported) custom padding hook: `finish(pad)` calls it with decrypt = true to unpad. */
type PadFunction = (blockSize: number, buffer: forge.util.ByteStringBuffer, decrypt: boolean) => boolean;

/** Strict PKCS#7 unpadding of the whole decrypted output (core guarantees a non-empty multiple of 16 bytes). */
function pkcs7Unpad(_blockSize: number, out: forge.util.ByteStringBuffer, decrypt: boolean): boolean {
  if (!decrypt) return false; // only used for decryption
  const len = out.length();
  if (len < BLOCK || len % BLOCK !== 0) return false;
  const pad = out.at(len - 1);
  let bad = (pad === 0 ? 1 : 0) | (pad > BLOCK ? 1 : 0);
  for (let i = 1; i <= BLOCK; i++) {
    const inPad = i <= pad ? 1 : 0;
    bad |= inPad & (out.at(len - i) !== pad ? 1 : 0);
  }
  if (bad) return false;
  // forge's truncate(count) drops `count` bytes from the end (@types/node-forge declares it without the argument).
  (out as unknown as { truncate(count: number): unknown }).truncate(pad);
  return true;
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const d = forge.cipher.createDecipher('AES-CBC', toBin(key));
  d.start({ iv: toBin(iv) });
  d.update(toBuffer(ciphertext));
  if (!(d as unknown as { finish(pad: PadFunction): boolean }).finish(pkcs7Unpad)) throw new DecryptionFailedError();
  return fromBin(d.output.getBytes());
}
