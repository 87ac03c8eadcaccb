/** Ed25519 (RFC 8032 pure EdDSA) through WebCrypto's "Ed25519" algorithm. */
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle } from './subtle.js';

export async function ed25519Sign(key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  const k = await cryptoKey(key, { name: 'Ed25519' }, 'sign');
  return new Uint8Array(await getSubtle().sign({ name: 'Ed25519' }, k, buf(data)));
}

export async function ed25519Verify(key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  const k = await cryptoKey(key, { name: 'Ed25519' }, 'verify');
  return getSubtle().verify({ name: 'Ed25519' }, k, buf(sig), buf(data));
}
