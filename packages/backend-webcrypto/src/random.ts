/** CSPRNG bytes from crypto.getRandomValues (in 65,536-byte chunks, its per-call limit). */
import { getCrypto } from './subtle.js';

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  const c = getCrypto();
  for (let i = 0; i < length; i += 65536) c.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
}
