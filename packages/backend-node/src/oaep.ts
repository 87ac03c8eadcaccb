/**
 * RSA-OAEP with SHA-1/256/384/512 (`oaepHash`; OpenSSL's MGF1 follows the OAEP hash) and an optional label
 * (`oaepLabel`, left out when empty: empty and absent are the same label). Decryption errors of any kind propagate;
 * core turns them into ERR_DECRYPTION_FAILED with its one fixed message.
 */
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import type { OaepParams, PrivateKey, PublicKey } from '@cryptoplug/core';
import { NODE_HASH, bytes, privateKeyObject, publicKeyObject } from './keyobject.js';

function options(p: OaepParams): { padding: number; oaepHash: string; oaepLabel?: Uint8Array } {
  return {
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: NODE_HASH[p.hash],
    ...(p.label && p.label.length > 0 ? { oaepLabel: p.label } : {}),
  };
}

export function oaepEncrypt(p: OaepParams, key: PublicKey, plaintext: Uint8Array): Uint8Array {
  return bytes(publicEncrypt({ key: publicKeyObject(key), ...options(p) }, plaintext));
}

export function oaepDecrypt(p: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Uint8Array {
  return bytes(privateDecrypt({ key: privateKeyObject(key), ...options(p) }, ciphertext));
}
