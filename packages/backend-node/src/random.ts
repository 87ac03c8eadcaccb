/** CSPRNG bytes: `randomFillSync` into a fresh plain Uint8Array (no Buffer, no pool). */
import { randomFillSync } from 'node:crypto';

export function randomBytes(length: number): Uint8Array {
  return randomFillSync(new Uint8Array(length));
}
