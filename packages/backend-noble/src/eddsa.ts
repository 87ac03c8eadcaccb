/**
 * Ed25519 (RFC 8032 pure EdDSA). Verification is strict (`zip215: false`): non-canonical encodings of R and A
 * (y ≥ p) are rejected as RFC 8032 §5.1.7 and Wycheproof require, and noble additionally rejects small-order public
 * keys. noble's ed25519 object defaults to ZIP-215 (consensus-style, more permissive) rules, so the option is passed
 * on every call. `S ≥ L` is always rejected.
 */
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { privateBytes } from './noble.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

export function ed25519Sign(key: PrivateKey, data: Uint8Array): Uint8Array {
  return ed25519.sign(data, privateBytes(key));
}

export function ed25519Verify(key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const m = keyMaterial(key);
  if (m.kty !== 'OKP') return false;
  return ed25519.verify(sig, data, m.x, { zip215: false });
}
