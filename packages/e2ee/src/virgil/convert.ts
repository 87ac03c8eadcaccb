/**
 * Ed25519 → X25519 conversion, as Virgil does for encrypting to and decrypting with ED25519 keys.
 *
 * - public key: the birational map u = (1 + y) / (1 − y) from the Edwards y to the Montgomery u coordinate, done by
 *   @noble/curves (`ed25519.utils.toMontgomery`) — no field arithmetic is written here;
 * - private key: the X25519 scalar is the first 32 bytes of SHA-512(seed), clamped — the Ed25519 secret scalar —
 *   hashed through the backend contract.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { KeyInvalidError, PrivateKey, PublicKey, exportRaw, privateKeyFromMaterial, publicKeyFromMaterial, type Backend } from '@cryptoplug/core';

/** X25519 public key for an Ed25519 (or X25519, returned as is) public key. */
export function toX25519Public(key: PublicKey): PublicKey {
  if (key.kty !== 'OKP') throw new KeyInvalidError(`expected an Ed25519 or X25519 key, got ${key.describe()}`);
  if (key.curve === 'X25519') return key;
  let u: Uint8Array;
  try {
    u = ed25519.utils.toMontgomery(exportRaw(key));
  } catch (cause) {
    throw new KeyInvalidError('Ed25519 public key does not convert to X25519', { cause });
  }
  return publicKeyFromMaterial({ kty: 'OKP', curve: 'X25519', x: u });
}

/** Converted keys, per (immutable) key object: the conversion costs a hash and a scalar multiplication. */
const converted = new WeakMap<PrivateKey, PrivateKey>();

/** X25519 private key for an Ed25519 (or X25519, returned as is) private key. */
export async function toX25519Private(backend: Backend, key: PrivateKey): Promise<PrivateKey> {
  if (key.kty !== 'OKP') throw new KeyInvalidError(`expected an Ed25519 or X25519 key, got ${key.describe()}`);
  if (key.curve === 'X25519') return key;
  const cached = converted.get(key);
  if (cached) return cached;
  // the seed through the deliberate raw export (once per key: the result is remembered below)
  const d = (await backend.digest('SHA-512', exportRaw(key, { private: true }))).slice(0, 32);
  // RFC 7748 decodeScalar25519 clamping; X25519 clamps anyway, this only makes the stored scalar canonical.
  d[0]! &= 248;
  d[31]! &= 127;
  d[31]! |= 64;
  const x = privateKeyFromMaterial({ kty: 'OKP', curve: 'X25519', d });
  converted.set(key, x);
  return x;
}
