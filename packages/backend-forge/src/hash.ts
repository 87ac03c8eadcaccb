/**
 * Digests, HMAC, HKDF and PBKDF2 on forge's pure-JavaScript hashes.
 *
 * - HKDF is not in forge: it is RFC 5869 (extract + expand) written here on forge's HMAC.
 * - PBKDF2 is always given a forge MessageDigest *object*: with a hash *name*, forge 1.x silently delegates to
 *   node:crypto when it runs on Node, and this backend would no longer be an independent implementation there.
 */
import forge from 'node-forge';
import { HASH_SIZE, type HashName } from '@cryptoplug/core';
import { fromBin, toBin } from './binary.js';

/** A fresh forge MessageDigest for the contract hash (forge digests are stateful: never share one). */
export function md(hash: HashName): forge.md.MessageDigest {
  switch (hash) {
    case 'SHA-1':
      return forge.md.sha1.create();
    case 'SHA-256':
      return forge.md.sha256.create();
    case 'SHA-384':
      return forge.md.sha384.create();
    case 'SHA-512':
      return forge.md.sha512.create();
  }
}

/** Hash of a binary string, as a binary string. */
export function digestBin(hash: HashName, data: string): string {
  const m = md(hash);
  m.update(data);
  return m.digest().getBytes();
}

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return fromBin(digestBin(hash, toBin(data)));
}

function hmacBin(hash: HashName, key: string, data: string): string {
  const h = forge.hmac.create();
  h.start(md(hash), key);
  h.update(data);
  return h.digest().getBytes();
}

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return fromBin(hmacBin(hash, toBin(key), toBin(data)));
}

/** RFC 5869. Core has checked 1 ≤ length ≤ 255·HashLen. */
export function hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  // 2.2: an absent salt is HashLen zero bytes.
  const prk = hmacBin(hash, salt.length === 0 ? '\0'.repeat(HASH_SIZE[hash]) : toBin(salt), toBin(ikm));
  const infoBin = toBin(info);
  const blocks: string[] = [];
  let t = '';
  let size = 0;
  for (let i = 1; size < length; i++) {
    t = hmacBin(hash, prk, t + infoBin + String.fromCharCode(i));
    blocks.push(t);
    size += t.length;
  }
  return fromBin(blocks.join('').slice(0, length));
}

export function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  return fromBin(forge.pkcs5.pbkdf2(toBin(password), toBin(salt), iterations, length, md(hash)));
}
