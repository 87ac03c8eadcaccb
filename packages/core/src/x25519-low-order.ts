/** RFC 7748 X25519 u-coordinates whose shared secret is all-zero (small-order points, in any encoding). */
import { bytesToBigInt } from './bytes.js';

const P25519 = 2n ** 255n - 19n;
const X25519_LOW_ORDER = new Set<bigint>([
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P25519 - 1n,
]);

export function isLowOrderX25519(u: Uint8Array): boolean {
  const le = Uint8Array.from(u).reverse();
  le[0]! &= 0x7f; // RFC 7748: mask the top bit
  return X25519_LOW_ORDER.has(bytesToBigInt(le) % P25519);
}
