/**
 * ECDH on P-256/384/521 and X25519 with `crypto.diffieHellman({ privateKey, publicKey })`, which returns the raw
 * shared secret Z: the x-coordinate zero-padded to the field size (66 bytes on P-521) or the X25519 u-coordinate.
 * Core has already checked that both keys are on the same curve and rejected small-order X25519 peers.
 */
import { diffieHellman } from 'node:crypto';
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { bytes, privateKeyObject, publicKeyObject } from './keyobject.js';

export function deriveSharedSecret(priv: PrivateKey, pub: PublicKey): Uint8Array {
  return bytes(diffieHellman({ privateKey: privateKeyObject(priv), publicKey: publicKeyObject(pub) }));
}
