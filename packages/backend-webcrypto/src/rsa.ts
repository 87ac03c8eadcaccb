/** RSASSA-PKCS1-v1_5 and RSA-PSS (salt length always explicit, MGF1 with the same hash). */
import type { PrivateKey, PublicKey, SignatureAlgorithm } from '@cryptoplug/core';
import { buf, cryptoKey, getSubtle, publicCryptoKey, toBytes, withKey } from './subtle.js';

type Rsa = Extract<SignatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' }>;

/** CryptoKeys by scheme, hash and key (a private key is only imported for 'sign' here, a public key for 'verify'). */
const keys: Record<string, Record<string, WeakMap<object, CryptoKey | Promise<CryptoKey>>>> = {};

const memo = (alg: Rsa) => ((keys[alg.name] ??= {})[alg.hash] ??= new WeakMap());
const importParams = (alg: Rsa) => () => ({ name: alg.name, hash: alg.hash });

function params(alg: Rsa): AlgorithmIdentifier | RsaPssParams {
  return alg.name === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: alg.saltLength } : { name: alg.name };
}

export function rsaSign(alg: Rsa, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  return withKey(cryptoKey(memo(alg), key, importParams(alg), 'sign'), (k) => getSubtle().sign(params(alg), k, buf(data)).then(toBytes));
}

export function rsaVerify(alg: Rsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  return withKey(publicCryptoKey(memo(alg), key, importParams(alg), 'verify'), (k) => getSubtle().verify(params(alg), k, buf(sig), buf(data)));
}
