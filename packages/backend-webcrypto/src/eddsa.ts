/** Ed25519 (RFC 8032 pure EdDSA) through WebCrypto's "Ed25519" algorithm. */
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle, publicCryptoKey, toBytes, withKey } from './subtle.js';

/**
 * CryptoKeys by key: a private key is only ever imported for 'sign' here, a public key for 'verify'. The functions take
 * the signature-family arguments (`signatureFamilies`), whose algorithm (`{ name: 'Ed25519' }`) has no parameters.
 */
const keys = new WeakMap<object, CryptoKey | Promise<CryptoKey>>();
const ED25519 = () => ({ name: 'Ed25519' });
/** The algorithm argument of sign/verify, one object for every call (WebCrypto reads it and never keeps or changes it). */
const ALG: Algorithm = { name: 'Ed25519' };

export function ed25519Sign(_alg: unknown, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  return withKey(cryptoKey(keys, key, ED25519, 'sign'), (k) => getSubtle().sign(ALG, k, buf(data)).then(toBytes));
}

export function ed25519Verify(_alg: unknown, key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  return withKey(publicCryptoKey(keys, key, ED25519, 'verify'), (k) => getSubtle().verify(ALG, k, buf(sig), buf(data)));
}
