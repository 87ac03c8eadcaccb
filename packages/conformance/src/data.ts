/** Defensive readers for suite JSON: malformed data becomes a recorded failure, never a crash of the runner. */
import type { HashName, EcdhCurve, EcCurve } from '@cryptoplug/core';

/** Thrown by the readers below for malformed suite data; the runner records it as a failure of the test or suite. */
export class DataError extends Error {
  override readonly name = 'DataError';
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, what: string): Json {
  if (!isObject(v)) throw new DataError(`${what} is not an object`);
  return v;
}

export function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new DataError(`${what} is not an array`);
  return v;
}

export function str(o: Json, name: string): string {
  const v = o[name];
  if (typeof v !== 'string') throw new DataError(`"${name}" is not a string`);
  return v;
}

export function int(o: Json, name: string): number {
  const v = o[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new DataError(`"${name}" is not an integer`);
  return v;
}

/**
 * Hex → bytes. The runner's own decoder (not core's): expected values must not pass through the code under test.
 */
export function fromHex(text: string, what = 'value'): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new DataError(`${what} is not hex`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function hex(o: Json, name: string): Uint8Array {
  return fromHex(str(o, name), `"${name}"`);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function text(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new DataError(`${what} is not UTF-8 text`);
  }
}

export function hexOrNull(o: Json, name: string): Uint8Array | undefined {
  return o[name] === null || o[name] === undefined ? undefined : hex(o, name);
}

const HASHES: Record<string, HashName> = { 'SHA-1': 'SHA-1', 'SHA-256': 'SHA-256', 'SHA-384': 'SHA-384', 'SHA-512': 'SHA-512' };

/** Wycheproof/vector hash name → contract hash, or undefined when the contract has no such hash (SHA-224, SHA3…). */
export function contractHash(name: string): HashName | undefined {
  return HASHES[name];
}

const CURVES: Record<string, EcdhCurve> = {
  secp256r1: 'P-256',
  'P-256': 'P-256',
  secp384r1: 'P-384',
  'P-384': 'P-384',
  secp521r1: 'P-521',
  'P-521': 'P-521',
  curve25519: 'X25519',
  X25519: 'X25519',
};

/** Wycheproof curve name → contract curve, or undefined. */
export function contractCurve(name: string): EcdhCurve | undefined {
  return CURVES[name];
}

export function isEc(c: EcdhCurve): c is EcCurve {
  return c !== 'X25519';
}
