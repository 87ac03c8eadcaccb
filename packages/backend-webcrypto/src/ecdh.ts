/** ECDH on P-256/384/521 and X25519, returning the raw shared secret Z (deriveBits of the full field size). */
import { EC, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { cryptoKey, getSubtle, toBytes, withKey, type ImportParams } from './subtle.js';

/** CryptoKeys by key: private keys imported for 'deriveBits', peers' public keys with no usages (WebCrypto's rule). */
const keys = new WeakMap<object, CryptoKey | Promise<CryptoKey>>();

/** Not an async function: with both keys imported, one promise (WebCrypto's) and one reaction. */
export function deriveSharedSecret(priv: PrivateKey, pub: PublicKey): Promise<Uint8Array> {
  const curve = priv.curve!;
  const isX = curve === 'X25519';
  const params: ImportParams = () => (isX ? { name: 'X25519' } : ({ name: 'ECDH', namedCurve: curve } as EcKeyImportParams));
  // Whole bytes: P-521's Z is 66 bytes (528 bits); asking for 521 bits would zero the low bits of the last byte.
  const bits = isX ? 256 : EC[curve as keyof typeof EC].size * 8;
  try {
    return withKey(cryptoKey(keys, priv, params, 'deriveBits'), (privateHandle) =>
      withKey(cryptoKey(keys, pub, params, 'none' as KeyUsage, true), (publicHandle) =>
        getSubtle().deriveBits({ name: isX ? 'X25519' : 'ECDH', public: publicHandle } as EcdhKeyDeriveParams, privateHandle, bits).then(toBytes),
      ),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}
