/**
 * The one boundary between cryptoplug's Uint8Array world and node-forge's "binary strings" (one char per byte,
 * code 0..255). Every forge call in this package goes through these helpers, so conversions are in one place.
 *
 * forge's own `util.binary.raw.encode` does `String.fromCharCode.apply(null, bytes)`, which throws a RangeError
 * (call stack) for large inputs; here the conversion is chunked.
 */
import forge from 'node-forge';
import { bytesToHex, hexToBytes } from '@cryptoplug/core';

const CHUNK = 0x2000;

/** Uint8Array → forge binary string. */
export function toBin(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

/** forge binary string → a fresh Uint8Array. */
export function fromBin(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** forge ByteBuffer holding a copy of the bytes. */
export function toBuffer(bytes: Uint8Array): forge.util.ByteStringBuffer {
  return forge.util.createBuffer(toBin(bytes), 'raw');
}

/** Big-endian unsigned bytes → forge BigInteger. */
export function toBigInteger(bytes: Uint8Array): forge.jsbn.BigInteger {
  return new forge.jsbn.BigInteger(bytes.length === 0 ? '0' : bytesToHex(bytes), 16);
}

/** Non-negative forge BigInteger → minimal big-endian bytes, or left-padded to `length` (the caller ensures it fits). */
export function fromBigInteger(value: forge.jsbn.BigInteger, length?: number): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const raw = hexToBytes(hex);
  if (length === undefined || raw.length >= length) return raw;
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}
