/**
 * RSA-OAEP (RFC 8017 §7.1) through forge's 'RSA-OAEP' scheme. forge defaults the OAEP hash AND the MGF1 hash to SHA-1
 * when they are not given, so both are always passed explicitly (fresh digest objects: forge digests are stateful),
 * together with the label (empty when absent, which is the same as no label).
 *
 * Decryption failures throw from forge (bad length, representative ≥ n, any padding/label/hash mismatch; forge checks
 * the OAEP padding without early exits); core turns every one into ERR_DECRYPTION_FAILED with one fixed message.
 */
import type { OaepParams, PrivateKey, PublicKey } from '@cryptoplug/core';
import { fromBin, toBin } from './binary.js';
import { md } from './hash.js';
import { rsaPrivate, rsaPublic } from './keys.js';

function options(p: OaepParams): { md: unknown; mgf1: { md: unknown }; label: string } {
  return { md: md(p.hash), mgf1: { md: md(p.hash) }, label: p.label ? toBin(p.label) : '' };
}

export function oaepEncrypt(p: OaepParams, key: PublicKey, plaintext: Uint8Array): Uint8Array {
  return fromBin(rsaPublic(key).key.encrypt(toBin(plaintext), 'RSA-OAEP', options(p)));
}

export function oaepDecrypt(p: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Uint8Array {
  return fromBin(rsaPrivate(key).decrypt(toBin(ciphertext), 'RSA-OAEP', options(p)));
}
