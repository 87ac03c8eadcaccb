/** ECDH on P-256/384/521 and X25519, returning the raw shared secret Z (deriveBits of the full field size). */
import { EC, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { cryptoKey, getSubtle } from './subtle.js';

export async function deriveSharedSecret(priv: PrivateKey, pub: PublicKey): Promise<Uint8Array> {
  const curve = priv.curve!;
  const isX = curve === 'X25519';
  const alg = isX ? { name: 'X25519' } : ({ name: 'ECDH', namedCurve: curve } as EcKeyImportParams);
  // Whole bytes: P-521's Z is 66 bytes (528 bits); asking for 521 bits would zero the low bits of the last byte.
  const bits = isX ? 256 : EC[curve as keyof typeof EC].size * 8;
  const privateHandle = await cryptoKey(priv, alg, 'deriveBits');
  // The peer's public key is imported with no usages (WebCrypto's rule for ECDH public keys), cached under its own slot.
  const publicHandle = await cryptoKey(pub, alg, 'none' as KeyUsage, true);
  const z = await getSubtle().deriveBits({ name: alg.name, public: publicHandle } as EcdhKeyDeriveParams, privateHandle, bits);
  return new Uint8Array(z);
}
