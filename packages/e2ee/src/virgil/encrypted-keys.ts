/**
 * Password-protected private keys — the seed's "private key protected by a password" — as PKCS#8
 * EncryptedPrivateKeyInfo (PBES2: scrypt or PBKDF2, AES-256-CBC), through core's encrypted-key support
 * (`encryptPkcs8` / `decryptPkcs8` in packages/core/src/keys/encrypted.ts). Nothing is re-implemented here.
 */
import { KeyUsageError, PrivateKey, UnsupportedError, decryptPkcs8, encryptPkcs8, exportDer, formatPem } from '@cryptoplug/core';

export interface EncryptedKeyOptions {
  /** Default scrypt (N = 2^14, r = 8, p = 1); PBKDF2 uses HMAC-SHA-256 with core's default iteration count. */
  readonly kdf?: 'scrypt' | 'pbkdf2';
  readonly iterations?: number;
}

/** True when core can write and read password-protected PKCS#8 keys (always, since core ships encrypted.ts). */
export function encryptedKeySupport(): boolean {
  return typeof encryptPkcs8 === 'function' && typeof decryptPkcs8 === 'function';
}

/** A Virgil private key as an `ENCRYPTED PRIVATE KEY` PEM (PKCS#8 PBES2, AES-256-CBC). */
export function exportEncryptedPrivateKey(key: PrivateKey, passphrase: string | Uint8Array, options: EncryptedKeyOptions = {}): string {
  if (!(key instanceof PrivateKey)) throw new KeyUsageError('only private keys are exported with a passphrase');
  if (key.curve !== 'Ed25519' && key.curve !== 'X25519') throw new UnsupportedError(`${key.describe()} is not a Virgil ED25519 / CURVE25519 key`);
  const der = encryptPkcs8(exportDer(key, 'pkcs8'), passphrase, {
    kdf: options.kdf ?? 'scrypt',
    cipher: 'aes-256-cbc',
    ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
  });
  return formatPem('ENCRYPTED PRIVATE KEY', der);
}

/** EncryptedPrivateKeyInfo DER → PrivateKeyInfo DER (for DER input; PEM goes through core's key import). */
export function decryptPrivateKeyDer(der: Uint8Array, passphrase: Uint8Array): Uint8Array {
  return decryptPkcs8(der, passphrase);
}
