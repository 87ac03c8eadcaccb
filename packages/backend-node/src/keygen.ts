/**
 * Key generation with `generateKeyPairSync` (synchronous like everything here: an RSA-4096 key blocks the thread for
 * as long as OpenSSL takes). The private KeyObject exports as JWK, core validates it into a neutral PrivateKey, and the
 * generated KeyObjects are put in that key's handle cache so the first operation does not re-import them.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { OperationFailedError, PrivateKey, cachedHandle, keyFromJwk, type KeySpec } from '@cryptoplug/core';
import { PRIVATE_SLOT, PUBLIC_SLOT } from './keyobject.js';

function generate(spec: KeySpec): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (spec) {
    case 'ec-p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ec-p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ec-p521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'x25519':
      return generateKeyPairSync('x25519');
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return generateKeyPairSync('rsa', { modulusLength: Number(spec.slice(4)), publicExponent: 65537 });
  }
}

export function generateKey(spec: KeySpec): PrivateKey {
  const pair = generate(spec);
  const key = keyFromJwk(pair.privateKey.export({ format: 'jwk' }));
  if (!(key instanceof PrivateKey)) throw new OperationFailedError('generated key did not export as a private key');
  cachedHandle(key, PRIVATE_SLOT, () => pair.privateKey);
  cachedHandle(key.publicKey(), PUBLIC_SLOT, () => pair.publicKey);
  return key;
}
