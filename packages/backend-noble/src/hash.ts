/** Digests, HMAC, HKDF (RFC 5869) and PBKDF2 (RFC 8018) from @noble/hashes. */
import type { HashName } from '@cryptoplug/core';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { HASH } from './noble.js';

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return HASH[hash](data);
}

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return nobleHmac(HASH[hash], key, data);
}

/** An empty salt is passed through: HMAC pads keys with zeros, so it equals RFC 5869's HashLen-zeros default. */
export function hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return nobleHkdf(HASH[hash], ikm, salt, info, length);
}

/**
 * The async variant yields to the event loop every few milliseconds (noble's `asyncTick`, default 10 ms), so a pure-JS
 * PBKDF2 with a large iteration count does not freeze the runtime.
 */
export function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  return pbkdf2Async(HASH[hash], password, salt, { c: iterations, dkLen: length });
}
