/**
 * forge key objects built from cryptoplug key material (already validated by core at import), cached on the key with
 * core's `cachedHandle` so repeated operations never rebuild them (BigInteger parsing of a 4096-bit key is not free).
 */
import forge from 'node-forge';
import { KeyAlgMismatchError, cachedHandle, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { toBigInteger } from './binary.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

/** Everything the RSA code needs about a public key: forge's key object and the modulus size. */
export interface RsaPublicHandle {
  readonly key: forge.pki.rsa.PublicKey;
  /** Modulus size in bits. */
  readonly bits: number;
  /** Modulus size in bytes (k in RFC 8017). */
  readonly k: number;
}

function rsaPublicMaterial(key: PublicKey): { n: Uint8Array; e: Uint8Array } {
  const m = keyMaterial(key);
  // Core checks the key type before any RSA operation runs; this guards against misuse of the helper only.
  if (m.kty !== 'RSA') throw new KeyAlgMismatchError(`expected an RSA key, got ${key.describe()}`);
  return m;
}

export function rsaPublic(key: PublicKey): RsaPublicHandle {
  return cachedHandle(key, 'forge:rsa-public', () => {
    const m = rsaPublicMaterial(key);
    const fk = forge.pki.rsa.setPublicKey(toBigInteger(m.n), toBigInteger(m.e));
    const bits = fk.n.bitLength();
    return { key: fk, bits, k: Math.ceil(bits / 8) };
  });
}

export function rsaPrivate(key: PrivateKey): forge.pki.rsa.PrivateKey {
  return cachedHandle(key, 'forge:rsa-private', () => {
    const m = keyMaterial(key);
    if (m.kty !== 'RSA') throw new KeyAlgMismatchError(`expected an RSA key, got ${key.describe()}`);
    // forge's private operation uses the CRT parameters (p, q, dP, dQ, qInv) with blinding.
    return forge.pki.rsa.setPrivateKey(
      toBigInteger(m.n), toBigInteger(m.e), toBigInteger(m.d), toBigInteger(m.p), toBigInteger(m.q),
      toBigInteger(m.dp), toBigInteger(m.dq), toBigInteger(m.qi),
    );
  });
}

/** forge's 64-byte Ed25519 private key form (seed ‖ public key), derived once from the 32-byte seed. */
export function ed25519Private(key: PrivateKey): Uint8Array {
  return cachedHandle(key, 'forge:ed25519-private', () => {
    const m = keyMaterial(key);
    if (m.kty !== 'OKP' || m.curve !== 'Ed25519') throw new KeyAlgMismatchError(`expected an Ed25519 key, got ${key.describe()}`);
    return new Uint8Array(forge.pki.ed25519.generateKeyPair({ seed: m.d.slice() }).privateKey);
  });
}
