/** Keys: P-521 for the signatures (any format core imports, incl. python-ecdsa's SEC1 `to_pem()`), EC for the JWE. */
import {
  KeyAlgMismatchError,
  KeyUsageError,
  PrivateKey,
  PublicKey,
  SecretKey,
  importKey,
  type Jwk,
} from '@cryptoplug/core';

/** A key object, PEM/JWK text, DER bytes, or a JWK object. */
export type EtampKeyInput = PrivateKey | PublicKey | string | Uint8Array | Jwk;

function toKey(input: EtampKeyInput): PrivateKey | PublicKey {
  const key = input instanceof PrivateKey || input instanceof PublicKey ? input : importKey(input);
  if (key instanceof SecretKey) throw new KeyUsageError('ETAMP needs an EC key, got a secret key');
  return key;
}

function requireCurve(key: PrivateKey | PublicKey, curves: readonly string[], what: string): void {
  if (key.kty !== 'EC' || !curves.includes(String(key.curve))) {
    throw new KeyAlgMismatchError(`${what} must be an EC ${curves.join('/')} key, got an ${key.describe()}`);
  }
}

/** The sender's P-521 private key (signs the JWT and both detached signatures). */
export function signingKey(input: EtampKeyInput): PrivateKey {
  const key = toKey(input);
  if (!(key instanceof PrivateKey)) throw new KeyUsageError('creating an ETAMP message needs the sender\'s private key, got a public key');
  requireCurve(key, ['P-521'], 'the ETAMP signing key');
  return key;
}

/** The sender's P-521 public key (a private key is reduced to its public part). */
export function verificationKey(input: EtampKeyInput): PublicKey {
  const key = toKey(input).publicKey();
  requireCurve(key, ['P-521'], 'the ETAMP verification key');
  return key;
}

const JWE_CURVES = ['P-256', 'P-384', 'P-521'];

/** Strong profile: the recipient's EC public key the `message` JWE is encrypted to. */
export function encryptionKey(input: EtampKeyInput): PublicKey {
  const key = toKey(input).publicKey();
  requireCurve(key, JWE_CURVES, 'the recipient encryption key');
  return key;
}

/** Strong profile: the recipient's EC private key that decrypts the `message` JWE. */
export function decryptionKey(input: EtampKeyInput): PrivateKey {
  const key = toKey(input);
  if (!(key instanceof PrivateKey)) throw new KeyUsageError('decrypting the message needs the recipient\'s private key, got a public key');
  requireCurve(key, JWE_CURVES, 'the recipient decryption key');
  return key;
}
