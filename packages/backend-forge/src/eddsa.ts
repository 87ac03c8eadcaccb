/**
 * Ed25519 (RFC 8032, pure EdDSA) with forge.pki.ed25519 (a TweetNaCl port).
 *
 * forge signs with its 64-byte private key form (seed ‖ public key), derived once per key from the 32-byte seed and
 * cached (keys.ts). Verification adds one check in front of forge's: S must be canonical (S < L, RFC 8032 §5.1.7),
 * which forge only enforces since 1.4 — the package accepts forge ^1.3.1, so the check is kept here to make the
 * outcome independent of the installed version (Wycheproof "SignatureMalleability").
 */
import forge from 'node-forge';
import type { PrivateKey, PublicKey } from '@cryptoplug/core';
import { ed25519Private } from './keys.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

/** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
]);

/** S (bytes 32..63 of the signature, little-endian) < L. Public data, so a plain comparison is fine. */
function canonicalS(sig: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = sig[32 + i]!;
    if (s !== L[i]) return s < L[i]!;
  }
  return false; // S = L
}

export function ed25519Sign(key: PrivateKey, data: Uint8Array): Uint8Array {
  // forge returns a Node Buffer when Buffer exists: hand out a plain Uint8Array.
  return new Uint8Array(forge.pki.ed25519.sign({ message: data, privateKey: ed25519Private(key) }));
}

export function ed25519Verify(key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const m = keyMaterial(key);
  if (m.kty !== 'OKP' || !canonicalS(sig)) return false;
  return forge.pki.ed25519.verify({ message: data, signature: sig, publicKey: m.x });
}
