/** Ed25519 (RFC 8032 pure EdDSA): node:crypto takes a null digest for it (`crypto.sign(null, data, key)`). */
import { sign, verify } from 'node:crypto';
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { bytes, privateKeyObject, publicKeyObject, type VerifyArgs } from './keyobject.js';

export function ed25519Sign(key: PrivateKey, data: Uint8Array): Uint8Array {
  return bytes(sign(null, data, privateKeyObject(key)));
}

export function ed25519VerifyArgs(key: PublicKey): VerifyArgs {
  return [null, publicKeyObject(key)];
}

export function ed25519Verify(key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const [digest, input] = ed25519VerifyArgs(key);
  return verify(digest, data, input, sig);
}
