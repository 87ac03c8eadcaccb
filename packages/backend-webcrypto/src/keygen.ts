/** Key generation: WebCrypto generates, exports JWK, and core validates it into a neutral PrivateKey. */
import { keyFromJwk, OperationFailedError, PrivateKey, type KeySpec } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';

const PARAMS: Record<KeySpec, { alg: AlgorithmIdentifier | EcKeyGenParams | RsaHashedKeyGenParams; usages: KeyUsage[] }> = {
  'ec-p256': { alg: { name: 'ECDSA', namedCurve: 'P-256' }, usages: ['sign'] },
  'ec-p384': { alg: { name: 'ECDSA', namedCurve: 'P-384' }, usages: ['sign'] },
  'ec-p521': { alg: { name: 'ECDSA', namedCurve: 'P-521' }, usages: ['sign'] },
  ed25519: { alg: { name: 'Ed25519' }, usages: ['sign'] },
  x25519: { alg: { name: 'X25519' }, usages: ['deriveBits'] },
  'rsa-2048': { alg: rsa(2048), usages: ['sign'] },
  'rsa-3072': { alg: rsa(3072), usages: ['sign'] },
  'rsa-4096': { alg: rsa(4096), usages: ['sign'] },
};

function rsa(modulusLength: number): RsaHashedKeyGenParams {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

export async function generateKey(spec: KeySpec): Promise<PrivateKey> {
  const { alg, usages } = PARAMS[spec];
  const pair = (await getSubtle().generateKey(alg, true, usages)) as CryptoKeyPair;
  const key = keyFromJwk(await getSubtle().exportKey('jwk', pair.privateKey));
  if (!(key instanceof PrivateKey)) throw new OperationFailedError('generated key did not export as a private key');
  return key;
}
