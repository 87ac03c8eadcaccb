/** RSA-OAEP with SHA-1/256/384/512 (MGF1 with the same hash) and an optional label. */
import type { OaepParams, PrivateKey, PublicKey } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle } from './subtle.js';

function params(p: OaepParams): RsaOaepParams {
  return p.label && p.label.length > 0 ? { name: 'RSA-OAEP', label: buf(p.label) } : { name: 'RSA-OAEP' };
}

export async function oaepEncrypt(p: OaepParams, key: PublicKey, plaintext: Uint8Array): Promise<Uint8Array> {
  const k = await cryptoKey(key, { name: 'RSA-OAEP', hash: p.hash }, 'encrypt');
  return new Uint8Array(await getSubtle().encrypt(params(p), k, buf(plaintext)));
}

export async function oaepDecrypt(p: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  const k = await cryptoKey(key, { name: 'RSA-OAEP', hash: p.hash }, 'decrypt');
  return new Uint8Array(await getSubtle().decrypt(params(p), k, buf(ciphertext)));
}
