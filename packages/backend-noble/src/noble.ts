/**
 * Shared noble plumbing: the contract's hash and curve names mapped to noble objects, per-(curve, hash) ECDSA
 * instances, and key-derived byte forms cached on cryptoplug keys with core's `cachedHandle`.
 */
import { ecdsa, type ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import type { CHash } from '@noble/hashes/utils.js';
import { KeyAlgMismatchError, cachedHandle, type EcCurve, type HashName, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

export const HASH: Readonly<Record<HashName, CHash>> = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 };

/** noble's curve objects. Their built-in hash (SHA-256/384/512) is only used for ECDH; ECDSA uses {@link ecdsaFor}. */
export const CURVE: Readonly<Record<EcCurve, ECDSA>> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

const instances = new Map<string, ECDSA>();

/**
 * An ECDSA instance for one curve and one contract hash. noble's ready-made p256/p384/p521 are bound to the curve's
 * "default" hash, which they use both to prehash and to drive the RFC 6979 HMAC-DRBG that makes the nonce. Binding the
 * requested hash instead gives RFC 6979 nonces exactly as the RFC specifies them for that hash (its appendix A.2 vectors
 * cover SHA-1/224/256/384/512 on every curve; test/rfc6979.test.ts checks them). The message is still hashed by us
 * and passed with `prehash: false`, so what gets signed never depends on an instance default.
 */
export function ecdsaFor(curve: EcCurve, hash: HashName): ECDSA {
  const id = `${curve}/${hash}`;
  let inst = instances.get(id);
  if (!inst) {
    inst = ecdsa(CURVE[curve].Point, HASH[hash]);
    instances.set(id, inst);
  }
  return inst;
}

/** The SEC1 uncompressed point `04‖x‖y` of an EC public key, built once per key. */
export function ecPublicPoint(key: PublicKey): Uint8Array {
  const m = keyMaterial(key);
  if (m.kty !== 'EC') throw new KeyAlgMismatchError(`an EC key is needed, got an ${key.describe()}`);
  return cachedHandle(key, 'noble:ec-point', () => {
    const out = new Uint8Array(1 + m.x.length + m.y.length);
    out[0] = 4;
    out.set(m.x, 1);
    out.set(m.y, 1 + m.x.length);
    return out;
  });
}

/** Private scalar / seed bytes of an EC or OKP key (validated and fixed-length since import). */
export function privateBytes(key: PrivateKey): Uint8Array {
  const m = keyMaterial(key);
  if (m.kty === 'RSA') throw new KeyAlgMismatchError(`an EC or OKP key is needed, got an ${key.describe()}`);
  return m.d;
}
