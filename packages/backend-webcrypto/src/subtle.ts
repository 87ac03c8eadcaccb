/** Access to globalThis.crypto.subtle (the only thing this backend needs), and key handles cached on cryptoplug keys. */
import { BackendUnavailableError, KeyInvalidError, UnsupportedError, cachedHandle, jwkFromKey, type PrivateKey, type PublicKey } from '@cryptoplug/core';

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
 * Imports a cryptoplug key as a non-extractable CryptoKey for one algorithm and usage, once per key: the handle is
 * cached on the key, so repeated operations never re-import. Once imported, the CryptoKey itself is returned (not a
 * promise), so the hot path costs no extra await.
 */
export function cryptoKey(
  key: PrivateKey | PublicKey,
  algorithm: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams,
  usage: KeyUsage,
  extractable = false,
): CryptoKey | Promise<CryptoKey> {
  const holder = cachedHandle(key, slotFor(algorithm, usage), () => ({}) as { value?: CryptoKey; pending?: Promise<CryptoKey> });
  if (holder.value) return holder.value;
  // First use, or a previous import failed (then `pending` was cleared so this call retries).
  holder.pending ??= getSubtle()
    .importKey('jwk', jwkFromKey(key, { private: key.type === 'private' }) as JsonWebKey, algorithm, extractable, usage === ('none' as KeyUsage) ? [] : [usage])
    .then(
      (k) => (holder.value = k),
      (e: unknown) => {
        holder.pending = undefined;
        throw importError(key, e);
      },
    );
  return holder.pending;
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

const slots = new Map<string, string>();

/** Cache slot names, built once per (algorithm, usage) instead of JSON.stringify on every call. */
function slotFor(algorithm: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams, usage: KeyUsage): string {
  const a = algorithm as { name?: string; namedCurve?: string; hash?: string };
  const id = typeof algorithm === 'string' ? algorithm : `${a.name}/${a.namedCurve ?? ''}/${a.hash ?? ''}/${usage}`;
  let slot = slots.get(id);
  if (!slot) {
    slot = `webcrypto:${id}`;
    slots.set(id, slot);
  }
  return slot;
}

export function rawKey(bytes: Uint8Array, algorithm: AlgorithmIdentifier | HmacImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  return getSubtle().importKey('raw', buf(bytes), algorithm, false, usages);
}

/** Runs `fn` with the key, without an extra await when the CryptoKey is already imported (the common case). */
export function withKey<T>(k: CryptoKey | Promise<CryptoKey>, fn: (key: CryptoKey) => Promise<T>): Promise<T> {
  return k instanceof Promise ? k.then(fn) : fn(k);
}

export const toBytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);
