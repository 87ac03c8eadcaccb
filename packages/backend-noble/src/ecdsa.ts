/**
 * ECDSA on P-256/384/521 with any contract hash, IEEE P1363 (r‖s) in and out.
 *
 * - The message is hashed here with the requested hash and handed to noble with `prehash: false`. noble's bits2int
 *   then takes the leftmost min(hashBits, orderBits) bits of the digest (FIPS 186-5 / SEC 1): SHA-512 with P-256 is
 *   truncated, SHA-1 with P-521 is used whole. Checked by the SHA-1/SHA-512 × P-256/P-521 vectors of
 *   vectors/primitives (pyca/cryptography and python-ecdsa) and Wycheproof.
 * - Signing is deterministic (RFC 6979, HMAC-DRBG with the requested hash) and always returns low-S signatures
 *   (s ≤ n/2; noble's default). Low-S signatures are ordinary ECDSA signatures that every verifier accepts; they just
 *   remove the (r, n−s) malleability.
 * - Verifying uses `lowS: false`: a high-S signature is mathematically valid ECDSA (OpenSSL, WebCrypto and Wycheproof
 *   accept it), so rejecting it would make this backend disagree with the others.
 */
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { KeyAlgMismatchError } from '@cryptoplug/core';
import { HASH, ecPublicPoint, ecdsaFor, privateBytes } from './noble.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

type Ecdsa = Extract<SignatureAlgorithm, { name: 'ECDSA' }>;

function curveOf(key: PrivateKey | PublicKey) {
  const m = keyMaterial(key);
  if (m.kty !== 'EC') throw new KeyAlgMismatchError(`ECDSA cannot use an ${key.describe()}`);
  return m.curve;
}

export function ecdsaSign(alg: Ecdsa, key: PrivateKey, data: Uint8Array): Uint8Array {
  const digest = HASH[alg.hash](data);
  return ecdsaFor(curveOf(key), alg.hash).sign(digest, privateBytes(key), { prehash: false, lowS: true, format: 'compact' });
}

export function ecdsaVerify(alg: Ecdsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const digest = HASH[alg.hash](data);
  return ecdsaFor(curveOf(key), alg.hash).verify(sig, digest, ecPublicPoint(key), { prehash: false, lowS: false, format: 'compact' });
}
