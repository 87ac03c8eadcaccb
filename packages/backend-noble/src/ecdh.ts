/**
 * ECDH on P-256/384/521 and X25519, returning the raw shared secret Z.
 * noble's getSharedSecret returns the whole shared point (compressed SEC1: a 02/03 prefix byte, then x); the contract's
 * Z is the x-coordinate alone, so the prefix byte is dropped. X25519 returns the 32-byte u-coordinate as is (core has
 * already refused the small-order peer keys whose result would be all zero).
 */
import { KeyAlgMismatchError, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { x25519 } from '@noble/curves/ed25519.js';
import { CURVE, ecPublicPoint, privateBytes } from './noble.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

export function deriveSharedSecret(priv: PrivateKey, pub: PublicKey): Uint8Array {
  const m = keyMaterial(priv);
  const p = keyMaterial(pub);
  if (m.kty === 'OKP' && m.curve === 'X25519' && p.kty === 'OKP') return x25519.getSharedSecret(m.d, p.x);
  if (m.kty === 'EC') return CURVE[m.curve].getSharedSecret(privateBytes(priv), ecPublicPoint(pub), true).slice(1);
  throw new KeyAlgMismatchError(`ECDH cannot use an ${priv.describe()}`);
}
