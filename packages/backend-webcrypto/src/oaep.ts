/** RSA-OAEP with SHA-1/256/384/512 (MGF1 with the same hash) and an optional label. */
import type { OaepParams, PrivateKey, PublicKey } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle, toBytes, withKey } from './subtle.js';

/** CryptoKeys by hash and key (a public key is imported for 'encrypt' here, a private key for 'decrypt'). */
const keys: Record<string, WeakMap<object, CryptoKey | Promise<CryptoKey>>> = {};

function handle(p: OaepParams, key: PrivateKey | PublicKey, usage: KeyUsage): CryptoKey | Promise<CryptoKey> {
  return cryptoKey((keys[p.hash] ??= new WeakMap()), key, () => ({ name: 'RSA-OAEP', hash: p.hash }), usage);
}

function params(p: OaepParams): RsaOaepParams {
  return p.label && p.label.length > 0 ? { name: 'RSA-OAEP', label: buf(p.label) } : { name: 'RSA-OAEP' };
}

export function oaepEncrypt(p: OaepParams, key: PublicKey, plaintext: Uint8Array): Promise<Uint8Array> {
  return withKey(handle(p, key, 'encrypt'), (k) => getSubtle().encrypt(params(p), k, buf(plaintext)).then(toBytes));
}

export function oaepDecrypt(p: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  return withKey(handle(p, key, 'decrypt'), (k) => getSubtle().decrypt(params(p), k, buf(ciphertext)).then(toBytes));
}
