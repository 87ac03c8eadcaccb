/**
 * ECDSA (P-256/384/521, any contract hash) with synchronous `crypto.sign`/`crypto.verify`. node:crypto defaults to
 * DER signatures; `dsaEncoding: 'ieee-p1363'` gives r‖s (each left-padded to the curve size), the contract's form.
 * Core converts DER to/from P1363 and checks lengths and r, s ranges before `verify` runs.
 */
import { sign, verify } from 'node:crypto';
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { NODE_HASH, bytes, privateKeyObject, publicKeyObject, type VerifyArgs } from './keyobject.js';

type Ecdsa = Extract<SignatureAlgorithm, { name: 'ECDSA' }>;

export function ecdsaSign(alg: Ecdsa, key: PrivateKey, data: Uint8Array): Uint8Array {
  return bytes(sign(NODE_HASH[alg.hash], data, { key: privateKeyObject(key), dsaEncoding: 'ieee-p1363' }));
}

/** The (digest, key) arguments of `crypto.verify`, shared by the sync path and the thread-pool batch (batch.ts). */
export function ecdsaVerifyArgs(alg: Ecdsa, key: PublicKey): VerifyArgs {
  return [NODE_HASH[alg.hash], { key: publicKeyObject(key), dsaEncoding: 'ieee-p1363' }];
}

export function ecdsaVerify(alg: Ecdsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const [digest, input] = ecdsaVerifyArgs(alg, key);
  return verify(digest, data, input, sig);
}
