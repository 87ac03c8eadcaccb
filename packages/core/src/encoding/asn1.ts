/**
 * Strict DER helpers on top of @peculiar/asn1-schema: parse, then require that re-encoding gives back exactly the
 * input (rejects trailing bytes, BER length forms and other non-canonical encodings).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { bytesEqual } from '../bytes.js';

export class DerError extends Error {}

export function parseDer<T>(der: Uint8Array, type: new () => T, what: string): T {
  let parsed: T;
  try {
    parsed = AsnConvert.parse(der, type);
  } catch (cause) {
    throw new DerError(`${what}: not valid DER`, { cause });
  }
  let again: Uint8Array;
  try {
    again = new Uint8Array(AsnConvert.serialize(parsed));
  } catch (cause) {
    throw new DerError(`${what}: not valid DER`, { cause });
  }
  if (!bytesEqual(again, der)) throw new DerError(`${what}: not canonical DER (trailing or non-minimal bytes)`);
  return parsed;
}

export function serializeDer(value: unknown): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}

/**
 * A DER INTEGER body (two's complement, big-endian) → unsigned magnitude, requiring the minimal, non-negative form.
 * Returns undefined when the encoding is negative or has a redundant leading byte.
 */
export function strictUnsignedInteger(body: Uint8Array): Uint8Array | undefined {
  if (body.length === 0) return undefined;
  if ((body[0]! & 0x80) !== 0) return undefined; // negative
  if (body.length > 1 && body[0] === 0 && (body[1]! & 0x80) === 0) return undefined; // non-minimal
  return body[0] === 0 && body.length > 1 ? body.subarray(1) : body;
}

/** Unsigned magnitude → DER INTEGER body (adds a 0x00 when the top bit is set). */
export function unsignedIntegerBody(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  if (m.length === 0) return new Uint8Array([0]);
  if ((m[0]! & 0x80) === 0) return m.slice();
  const out = new Uint8Array(m.length + 1);
  out.set(m, 1);
  return out;
}
