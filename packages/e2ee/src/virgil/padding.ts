/**
 * Virgil random padding (1.3.6.1.4.1.54811.1.3), as virgil-crypto applies it with `enablePadding` (frame 160): the
 * AES-GCM plaintext is `data ‖ random(n) ‖ LE32(n)` with n = 160 − (len + 4) mod 160, so the padded length is the
 * next multiple of 160 above len + 4. On decryption the trailing little-endian 32-bit n is read and `n + 4` bytes are
 * removed; like virgil-crypto, n may be at most 160 (its tail window is frame + 4 bytes).
 */
import { DecryptionFailedError, concatBytes, type Backend } from '@cryptoplug/core';

export const PADDING_FRAME = 160;
const SIZE_LEN = 4;

export function paddedLength(length: number): number {
  return (Math.floor((length + SIZE_LEN) / PADDING_FRAME) + 1) * PADDING_FRAME;
}

export function pad(backend: Backend, data: Uint8Array): Uint8Array {
  const n = PADDING_FRAME - ((data.length + SIZE_LEN) % PADDING_FRAME);
  const size = new Uint8Array(SIZE_LEN);
  new DataView(size.buffer).setUint32(0, n, true);
  return concatBytes(data, backend.randomBytes(n), size);
}

export function unpad(padded: Uint8Array): Uint8Array {
  if (padded.length < SIZE_LEN + 1) throw new DecryptionFailedError();
  const n = new DataView(padded.buffer, padded.byteOffset + padded.length - SIZE_LEN, SIZE_LEN).getUint32(0, true);
  const window = Math.min(padded.length, PADDING_FRAME + SIZE_LEN);
  if (n + SIZE_LEN > window) throw new DecryptionFailedError();
  return padded.subarray(0, padded.length - n - SIZE_LEN);
}
