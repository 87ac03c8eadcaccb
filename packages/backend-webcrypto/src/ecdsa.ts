/** ECDSA (P-256/384/521, any contract hash). WebCrypto signs and verifies IEEE P1363, which is the contract's form. */
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle, publicCryptoKey, toBytes, withKey } from './subtle.js';

type Ecdsa = Extract<SignatureAlgorithm, { name: 'ECDSA' }>;

/** CryptoKeys by key: a private key is only ever imported for 'sign' here, a public key for 'verify'. */
const keys = new WeakMap<object, CryptoKey | Promise<CryptoKey>>();
const params = (key: PrivateKey | PublicKey) => () => ({ name: 'ECDSA', namedCurve: key.curve! }) as EcKeyImportParams;

export function ecdsaSign(alg: Ecdsa, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  return withKey(cryptoKey(keys, key, params(key), 'sign'), (k) => getSubtle().sign({ name: 'ECDSA', hash: alg.hash }, k, buf(data)).then(toBytes));
}

export function ecdsaVerify(alg: Ecdsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  return withKey(publicCryptoKey(keys, key, params(key), 'verify'), (k) => getSubtle().verify({ name: 'ECDSA', hash: alg.hash }, k, buf(sig), buf(data)));
}
