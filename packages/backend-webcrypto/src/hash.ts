/** Digests, HMAC, HKDF and PBKDF2. */
import type { HashName } from '@cryptoplug/core';
import { buf, getSubtle, rawKey } from './subtle.js';

/**
 * WebCrypto refuses zero-length HMAC/PBKDF2 keys. HMAC pads keys with zeros to the block size, so an empty key and the
 * one-byte key 0x00 are the same key (RFC 2104 §2): substitute it.
 */
function nonEmptyKey(key: Uint8Array): Uint8Array {
  return key.length === 0 ? new Uint8Array(1) : key;
}

export async function digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await getSubtle().digest(hash, buf(data)));
}

export async function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await rawKey(nonEmptyKey(key), { name: 'HMAC', hash }, ['sign']);
  return new Uint8Array(await getSubtle().sign('HMAC', k, buf(data)));
}

export async function hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const k = await rawKey(ikm, 'HKDF', ['deriveBits']);
  return new Uint8Array(await getSubtle().deriveBits({ name: 'HKDF', hash, salt: buf(salt), info: buf(info) }, k, length * 8));
}

export async function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  const k = await rawKey(nonEmptyKey(password), 'PBKDF2', ['deriveBits']);
  return new Uint8Array(await getSubtle().deriveBits({ name: 'PBKDF2', hash, salt: buf(salt), iterations }, k, length * 8));
}
