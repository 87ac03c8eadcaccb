/**
 * RSASSA-PKCS1-v1_5 and RSA-PSS. node:crypto signs PSS with the *maximum* salt length unless told otherwise and
 * verifies with "auto"-detected salt, so `saltLength` is always passed, to sign and to verify (verification then
 * demands exactly that salt length, as the contract says). MGF1 uses the signature hash (OpenSSL's default).
 */
import { constants, sign, verify, type KeyObject, type SigningOptions } from 'node:crypto';
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { NODE_HASH, bytes, privateKeyObject, publicKeyObject, type VerifyArgs } from './keyobject.js';

type Rsa = Extract<SignatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' }>;

/** The key argument of `crypto.sign`/`verify`, one literal per call (no spread of a second options object). */
function input(key: KeyObject, alg: Rsa): SigningOptions & { key: KeyObject } {
  return alg.name === 'RSA-PSS'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

export function rsaSign(alg: Rsa, key: PrivateKey, data: Uint8Array): Uint8Array {
  return bytes(sign(NODE_HASH[alg.hash], data, input(privateKeyObject(key), alg)));
}

export function rsaVerifyArgs(alg: Rsa, key: PublicKey): VerifyArgs {
  return [NODE_HASH[alg.hash], input(publicKeyObject(key), alg)];
}

export function rsaVerify(alg: Rsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const [digest, input] = rsaVerifyArgs(alg, key);
  return verify(digest, data, input, sig);
}
