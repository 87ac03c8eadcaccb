/** CSPRNG bytes from noble's randomBytes (crypto.getRandomValues), in 65,536-byte chunks (its per-call limit). */
import { randomBytes as nobleRandomBytes } from '@noble/hashes/utils.js';

const CHUNK = 65536;

export function randomBytes(length: number): Uint8Array {
  if (length <= CHUNK) return nobleRandomBytes(length);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += CHUNK) out.set(nobleRandomBytes(Math.min(CHUNK, length - i)), i);
  return out;
}

/** noble's randomBytes needs globalThis.crypto.getRandomValues (present in every runtime cryptoplug targets). */
export function hasRandom(): boolean {
  const c = (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto;
  return typeof c?.getRandomValues === 'function';
}
