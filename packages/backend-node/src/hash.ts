/** Digests, HMAC, HKDF and PBKDF2, all synchronous (`createHash`, `createHmac`, `hkdfSync`, `pbkdf2Sync`). */
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, hkdfSync, pbkdf2Sync } from 'node:crypto';
import { HASH_SIZE, type HashName } from '@cryptoplug/core';
import { NODE_HASH, bytes } from './keyobject.js';

/**
 * `crypto.hash()` (Node ≥ 20.12): a one-shot digest without a `Hash` stream object, about twice as fast for the short
 * inputs of JOSE (the verified-token cache hashes every token; apps/bench/PROFILE.md). Runtimes whose node:crypto
 * lacks it (older Bun/Deno) use `createHash`.
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array }).hash;

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  if (oneShot !== undefined) return bytes(oneShot(NODE_HASH[hash], data, 'buffer'));
  return bytes(createHash(NODE_HASH[hash]).update(data).digest());
}

/** An empty HMAC key is fine for node:crypto (unlike WebCrypto), so no substitution is needed here. */
export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return bytes(createHmac(NODE_HASH[hash], key).update(data).digest());
}

/**
 * node's `hkdfSync` refuses `info` longer than 1024 bytes (ERR_OUT_OF_RANGE, a limit of its own: RFC 5869 has none,
 * and the contract and the other backends have none). Such calls run RFC 5869 extract-and-expand on `createHmac`.
 */
export const HKDF_SYNC_MAX_INFO = 1024;

export function hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (info.length <= HKDF_SYNC_MAX_INFO) return bytes(hkdfSync(NODE_HASH[hash], ikm, salt, info, length));
  return hkdfHmac(hash, ikm, salt, info, length);
}

/** RFC 5869 §2.2–2.3 on HMAC. An empty salt is HashLen zero bytes, which HMAC's zero-padding makes the same key. */
export function hkdfHmac(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const name = NODE_HASH[hash];
  const prk = createHmac(name, salt).update(ikm).digest();
  const out = new Uint8Array(Math.ceil(length / HASH_SIZE[hash]) * HASH_SIZE[hash]);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 0, offset = 0; offset < length; i++, offset += t.length) {
    t = createHmac(name, prk).update(t).update(info).update(new Uint8Array([i + 1])).digest();
    out.set(t, offset);
  }
  return out.slice(0, length);
}

export function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  return bytes(pbkdf2Sync(password, salt, iterations, length, NODE_HASH[hash]));
}
