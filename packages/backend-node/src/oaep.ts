/**
 * RSA-OAEP with SHA-1/256/384/512 (`oaepHash`; OpenSSL's MGF1 follows the OAEP hash) and an optional label
 * (`oaepLabel`, left out when empty: empty and absent are the same label). Decryption errors of any kind propagate;
 * core turns them into ERR_DECRYPTION_FAILED with its one fixed message.
 */
import { constants, privateDecrypt, publicEncrypt, type KeyObject, type RsaPublicKey } from 'node:crypto';
import type { OaepParams, PrivateKey, PublicKey } from '@cryptoplug/core';
import { NODE_HASH, bytes, privateKeyObject, publicKeyObject } from './keyobject.js';

/**
 * The options object of `publicEncrypt`/`privateDecrypt`, built as one literal (no spread of a second object per call:
 * the adapter row measures this against the raw call with its literal).
 */
function options(key: KeyObject, p: OaepParams): RsaPublicKey & { oaepHash: string; oaepLabel?: Uint8Array } {
  return p.label && p.label.length > 0
    ? { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: NODE_HASH[p.hash], oaepLabel: p.label }
    : { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: NODE_HASH[p.hash] };
}

export function oaepEncrypt(p: OaepParams, key: PublicKey, plaintext: Uint8Array): Uint8Array {
  return bytes(publicEncrypt(options(publicKeyObject(key), p), plaintext));
}

export function oaepDecrypt(p: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Uint8Array {
  return bytes(privateDecrypt(options(privateKeyObject(key), p), ciphertext));
}
