/** Ed25519 (RFC 8032 pure EdDSA) through WebCrypto's "Ed25519" algorithm. */
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle, toBytes, withKey } from './subtle.js';

export function ed25519Sign(key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  return withKey(cryptoKey(key, { name: 'Ed25519' }, 'sign'), (k) => getSubtle().sign({ name: 'Ed25519' }, k, buf(data)).then(toBytes));
}

export function ed25519Verify(key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  return withKey(cryptoKey(key, { name: 'Ed25519' }, 'verify'), (k) => getSubtle().verify({ name: 'Ed25519' }, k, buf(sig), buf(data)));
}
