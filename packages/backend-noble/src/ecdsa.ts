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
import { ecdsa, type ECDSA } from '@noble/curves/abstract/weierstrass.js';
import type { CHash } from '@noble/hashes/utils.js';
import type { EcCurve, HashName, PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { KeyAlgMismatchError, UnsupportedError } from '@cryptoplug/core';
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

/** noble curve objects (`p256`, `p384`, `p521` from `@noble/curves/nist.js`) by contract curve name. */
export type NobleCurves = Partial<Readonly<Record<EcCurve, { readonly Point: ECDSA['Point'] }>>>;
/** noble hash functions (`sha256` from `@noble/hashes/sha2.js`, ...) by contract hash name. */
export type NobleHashes = Partial<Readonly<Record<HashName, CHash>>>;

/**
 * The same ECDSA (sign and verify exactly as above: own prehash, RFC 6979 with the requested hash, low-S signing,
 * high-S accepted) on only the curves and hashes given, so a bundle carries only those noble modules. A pair outside
 * them is ERR_UNSUPPORTED (the backend's capabilities do not list it, so core refuses it first).
 */
export function ecdsaWith(curves: NobleCurves, hashes: NobleHashes) {
  const instances: Record<string, Record<string, ECDSA>> = {};
  const instance = (key: PrivateKey | PublicKey, hash: HashName): { inst: ECDSA; h: CHash } => {
    const curve = curveOf(key);
    const c = curves[curve];
    const h = hashes[hash];
    if (!c || !h) throw new UnsupportedError(`ECDSA ${curve} with ${hash} is not in this noble build`);
    // by curve, then hash: no string built and hashed per call
    return { inst: ((instances[curve] ??= {})[hash] ??= ecdsa(c.Point as ECDSA['Point'], h)), h };
  };
  return {
    sign(alg: Ecdsa, key: PrivateKey, data: Uint8Array): Uint8Array {
      const { inst, h } = instance(key, alg.hash);
      return inst.sign(h(data), privateBytes(key), { prehash: false, lowS: true, format: 'compact' });
    },
    verify(alg: Ecdsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
      const { inst, h } = instance(key, alg.hash);
      return inst.verify(sig, h(data), ecPublicPoint(key), { prehash: false, lowS: false, format: 'compact' });
    },
  };
}
