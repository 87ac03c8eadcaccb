/**
 * The seed's `encrypt_message_ecdh`, reproduced for comparison only. It is NOT encryption: it returns the first
 * `len(message)` bytes of an ECDH shared secret (P-256 in the seed) in hex — the text itself is never used, so nobody,
 * the recipient included, can get it back, and anything past 32 characters is cut off. The `strong` profile replaces
 * it with a real JWE. Kept so that tests can show cryptoplug computes exactly what the seed computes.
 */
import { InputInvalidError, bytesToHex, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';

export async function seedEcdhHex(backend: Backend, privateKey: PrivateKey, peerPublicKey: PublicKey, message: string): Promise<string> {
  if (typeof message !== 'string') throw new InputInvalidError('message must be a string');
  const shared = await backend.deriveSharedSecret(privateKey, peerPublicKey);
  // Python's len() counts code points
  return bytesToHex(shared.subarray(0, [...message].length));
}
