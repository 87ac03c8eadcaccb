/**
 * IEEE P1363 ECDSA signatures (r‖s, fixed size): length and range checks, on every verification's path. The DER
 * conversions are in `ecdsa-der.ts` (ASN.1 schemas), loaded only when a caller asks for `encoding: 'der'`.
 */
import type { EcCurve } from '../names.js';
import { EC } from '../curves.js';
import { SignatureMalformedError } from '../errors.js';
import { hexToBytes } from '../bytes.js';

export function assertP1363Length(curve: EcCurve, sig: Uint8Array): void {
  const size = EC[curve].size;
  if (sig.length !== 2 * size) {
    throw new SignatureMalformedError(`${curve} P1363 signature must be ${2 * size} bytes, got ${sig.length}`);
  }
}

const ORDER_BYTES = new Map<EcCurve, Uint8Array>();

/** Big-endian comparison of two equal-length byte strings: 1 ≤ v < n without bigint conversions (hot path). */
function inRange(v: Uint8Array, n: Uint8Array): boolean {
  let zero = true;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) return false;
  for (let i = 0; i < v.length; i++) {
    if (v[i]! !== n[i]!) return v[i]! < n[i]!;
  }
  return false; // v == n
}

/** True when both r and s are in [1, n-1] (a P1363 signature outside that range can never verify). */
export function p1363InRange(curve: EcCurve, sig: Uint8Array): boolean {
  const { size, order } = EC[curve];
  let n = ORDER_BYTES.get(curve);
  if (!n) {
    n = hexToBytes(order.toString(16).padStart(2 * size, '0')); // the order's big-endian bytes (once per curve)
    ORDER_BYTES.set(curve, n);
  }
  return inRange(sig.subarray(0, size), n) && inRange(sig.subarray(size, 2 * size), n);
}
