/** Access to globalThis.crypto.subtle (the only thing this backend needs), and the imported CryptoKeys of cryptoplug keys. */
import { BackendUnavailableError, KeyInvalidError, UnsupportedError, jwkFromKey, jwkFromPublicKey, type Jwk, type PrivateKey, type PublicKey } from '@cryptoplug/core';

/**
 * The SubtleCrypto found first, kept: capabilities are probed on it at load, and on Node `globalThis.crypto` and
 * `crypto.subtle` are both getters (callgrind: about 1k instructions per operation to read them again each call).
 */
let found: SubtleCrypto | undefined;

export function getSubtle(): SubtleCrypto {
  if (found !== undefined) return found;
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c?.subtle) throw new BackendUnavailableError('globalThis.crypto.subtle is not available in this runtime');
  return (found = c.subtle);
}

export function getCrypto(): Crypto {
  getSubtle();
  return (globalThis as { crypto: Crypto }).crypto;
}

/** BufferSource view that WebCrypto accepts for any Uint8Array (including Buffer slices). */
export function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/** The import parameters of a key for one family file (built only when the key is not imported yet). */
export type ImportParams = () => AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams;

/**
 * Imports a cryptoplug key as a non-extractable CryptoKey for one algorithm and usage, once per key: each family file
 * keeps its CryptoKeys in its own WeakMap (`memo`, one per import algorithm), so repeated operations never re-import
 * and a call costs one WeakMap lookup. Once imported, the CryptoKey itself is returned (not a promise), so the hot
 * path costs no extra await. Concurrent first calls share one import; a failed import is forgotten (the next call
 * retries).
 */
export function cryptoKey(
  memo: WeakMap<object, CryptoKey | Promise<CryptoKey>>,
  key: PrivateKey | PublicKey,
  params: ImportParams,
  usage: KeyUsage,
  extractable = false,
): CryptoKey | Promise<CryptoKey> {
  return memo.get(key) ?? importOnce(memo, key, jwkFromKey(key, { private: key.type === 'private' }), params, usage, extractable);
}

/**
 * {@link cryptoKey} for a public key (verification): the key goes to WebCrypto as its public JWK, so a verify-only
 * build does not carry the private-key export.
 */
export function publicCryptoKey(memo: WeakMap<object, CryptoKey | Promise<CryptoKey>>, key: PublicKey, params: ImportParams, usage: KeyUsage): CryptoKey | Promise<CryptoKey> {
  return memo.get(key) ?? importOnce(memo, key, jwkFromPublicKey(key), params, usage, false);
}

function importOnce(
  memo: WeakMap<object, CryptoKey | Promise<CryptoKey>>,
  key: PrivateKey | PublicKey,
  jwk: Jwk,
  params: ImportParams,
  usage: KeyUsage,
  extractable: boolean,
): Promise<CryptoKey> {
  const k = getSubtle()
    .importKey('jwk', jwk as JsonWebKey, params(), extractable, usage === ('none' as KeyUsage) ? [] : [usage])
    .then(
      (imported) => {
        memo.set(key, imported);
        return imported;
      },
      (e: unknown) => {
        memo.delete(key);
        throw importError(key, e);
      },
    );
  memo.set(key, k);
  return k;
}

/**
 * A key WebCrypto refuses to import is a bad key (ERR_KEY_INVALID), as node:crypto's refusal of the same key is;
 * only `NotSupportedError` (this runtime lacks the algorithm or curve) is ERR_UNSUPPORTED.
 */
export function importError(key: PrivateKey | PublicKey, e: unknown): Error {
  const name = (e as { name?: unknown } | null)?.name;
  const detail = e instanceof Error ? e.message : String(e);
  if (name === 'NotSupportedError') return new UnsupportedError(`WebCrypto cannot import the ${key.describe()}: ${detail}`, { cause: e });
  return new KeyInvalidError(`WebCrypto rejected the ${key.describe()}: ${detail}`, { cause: e });
}

export function rawKey(bytes: Uint8Array, algorithm: AlgorithmIdentifier | HmacImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  return getSubtle().importKey('raw', buf(bytes), algorithm, false, usages);
}

/** Runs `fn` with the key, without an extra await when the CryptoKey is already imported (the common case). */
export function withKey<T>(k: CryptoKey | Promise<CryptoKey>, fn: (key: CryptoKey) => Promise<T>): Promise<T> {
  return k instanceof Promise ? k.then(fn) : fn(k);
}

export const toBytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);
