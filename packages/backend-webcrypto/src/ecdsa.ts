/** ECDSA (P-256/384/521, any contract hash). WebCrypto signs and verifies IEEE P1363, which is the contract's form. */
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle } from './subtle.js';

type Ecdsa = Extract<SignatureAlgorithm, { name: 'ECDSA' }>;

export async function ecdsaSign(alg: Ecdsa, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  const k = await cryptoKey(key, { name: 'ECDSA', namedCurve: key.curve! } as EcKeyImportParams, 'sign');
  return new Uint8Array(await getSubtle().sign({ name: 'ECDSA', hash: alg.hash }, k, buf(data)));
}

export async function ecdsaVerify(alg: Ecdsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  const k = await cryptoKey(key, { name: 'ECDSA', namedCurve: key.curve! } as EcKeyImportParams, 'verify');
  return getSubtle().verify({ name: 'ECDSA', hash: alg.hash }, k, buf(sig), buf(data));
}
