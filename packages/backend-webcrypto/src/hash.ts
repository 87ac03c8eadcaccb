/** Digests, HMAC, HKDF and PBKDF2. */
import { timingSafeEqual, type HashName } from '@cryptoplug/core';
import { buf, getSubtle, rawKey, toBytes, withKey } from './subtle.js';

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

/**
 * HMAC keys imported once per key array and hash: the contract passes the key as bytes, and a caller (JOSE's checked
 * key) hands the same array for every token, so `importKey` — most of a short HMAC's cost on WebCrypto — runs once.
 * The array is the caller's and may be changed, so the entry keeps a private copy of the bytes it was imported from and
 * is used only while the array still holds exactly those bytes (a comparison instead of an import); otherwise the key
 * is imported again. A failed import is not kept (the next call tries again).
 */
type HmacEntry = { hash: HashName; bytes: Uint8Array; key: CryptoKey | Promise<CryptoKey> };
const hmacKeys = new WeakMap<Uint8Array, HmacEntry>();

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  let e = hmacKeys.get(key);
  if (e === undefined || e.hash !== hash || !timingSafeEqual(e.bytes, key)) {
    const entry: HmacEntry = (e = { hash, bytes: key.slice(), key: 0 as never });
    hmacKeys.set(key, entry);
    entry.key = rawKey(nonEmptyKey(entry.bytes), { name: 'HMAC', hash }, ['sign']).then(
      (k) => (entry.key = k),
      (err: unknown) => {
        if (hmacKeys.get(key) === entry) hmacKeys.delete(key);
        throw err;
      },
    );
  }
  return withKey(e.key, (k) => getSubtle().sign('HMAC', k, buf(data)).then(toBytes));
}

export async function hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const k = await rawKey(ikm, 'HKDF', ['deriveBits']);
  return new Uint8Array(await getSubtle().deriveBits({ name: 'HKDF', hash, salt: buf(salt), info: buf(info) }, k, length * 8));
}

export async function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  const k = await rawKey(nonEmptyKey(password), 'PBKDF2', ['deriveBits']);
  return new Uint8Array(await getSubtle().deriveBits({ name: 'PBKDF2', hash, salt: buf(salt), iterations }, k, length * 8));
}
