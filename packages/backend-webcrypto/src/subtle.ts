/** Access to globalThis.crypto.subtle (the only thing this backend needs), and key handles cached on cryptoplug keys. */
import { BackendUnavailableError, cachedHandle, jwkFromKey, type PrivateKey, type PublicKey } from '@cryptoplug/core';

export function getSubtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c?.subtle) throw new BackendUnavailableError('globalThis.crypto.subtle is not available in this runtime');
  return c.subtle;
}

export function getCrypto(): Crypto {
  getSubtle();
  return (globalThis as { crypto: Crypto }).crypto;
}

/** BufferSource view that WebCrypto accepts for any Uint8Array (including Buffer slices). */
export function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/**
 * Imports a cryptoplug key as a non-extractable CryptoKey for one algorithm and usage, once per key: the promise is
 * cached on the key, so repeated operations never re-import.
 */
export function cryptoKey(
  key: PrivateKey | PublicKey,
  algorithm: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams,
  usage: KeyUsage,
): Promise<CryptoKey> {
  const slot = `webcrypto:${JSON.stringify(algorithm)}:${usage}`;
  return cachedHandle(key, slot, () => {
    const jwk = jwkFromKey(key, { private: key.type === 'private' }) as JsonWebKey;
    return getSubtle().importKey('jwk', jwk, algorithm, false, [usage]);
  });
}

export function rawKey(bytes: Uint8Array, algorithm: AlgorithmIdentifier | HmacImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  return getSubtle().importKey('raw', buf(bytes), algorithm, false, usages);
}
