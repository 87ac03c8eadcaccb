/**
 * node:crypto KeyObjects cached on cryptoplug keys, plus the small conversions every family file needs.
 *
 * KeyObjects are built once per key: `cachedHandle(key, 'node:private')`
 * / `cachedHandle(key, 'node:public')`. A KeyObject is not bound to an algorithm (unlike a CryptoKey), so one slot per
 * key type serves ECDSA, ECDH, RSA signatures and OAEP alike. Core hands `verify`/`ecdh` a PrivateKey's public half
 * as the same `PublicKey` object every time (`PrivateKey#publicKey()` memoises it), so that cache hits too.
 *
 * This module imports node:crypto statically; only index.ts's factory loads it (dynamic import), see index.ts.
 */
import { createPrivateKey, createPublicKey, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { KeyInvalidError, cachedHandle, exportDer, jwkFromKey, type HashName, type PrivateKey, type PublicKey } from '@cryptoplug/core';

export const PRIVATE_SLOT = 'node:private';
export const PUBLIC_SLOT = 'node:public';

/** Core validated the material at import; node refusing it anyway is still a key problem, so say so (with the cause). */
function rejected(key: PrivateKey | PublicKey, cause: unknown): KeyInvalidError {
  return new KeyInvalidError(`node:crypto rejected the ${key.describe()}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

/**
 * One WeakMap lookup per operation in front of `cachedHandle` (a WeakMap and then a Map): the handle is still made and
 * kept in the key's `node:private` / `node:public` slot (keygen.ts puts generated KeyObjects there), and remembered
 * here on its first use.
 */
const privateObjects = new WeakMap<PrivateKey, KeyObject>();
const publicObjects = new WeakMap<PublicKey, KeyObject>();

export function privateKeyObject(key: PrivateKey): KeyObject {
  let k = privateObjects.get(key);
  if (k === undefined) privateObjects.set(key, (k = privateSlot(key)));
  return k;
}

export function publicKeyObject(key: PublicKey): KeyObject {
  let k = publicObjects.get(key);
  if (k === undefined) publicObjects.set(key, (k = publicSlot(key)));
  return k;
}

/*
 * RSA and EC keys go to node as DER (core's PKCS#8 / SPKI encoders), OKP keys as JWK. The form matters per operation,
 * not only at import: OpenSSL 3 decodes DER into a provider-native key, while node builds a JWK RSA/EC key as a
 * legacy RSA/EC_KEY object, and every sign/verify/encrypt with such a key looks its key management up by name again
 * (`EVP_KEYMGMT` fetch, name-map hashing, locks): callgrind counted 2.3–2.6k more instructions per ES256 sign, PS256
 * verify and RSA-OAEP encrypt with a JWK-made KeyObject than with a DER/PEM-made one (the raw bench contestants use
 * PEM). For X25519/Ed25519 the two forms count the same, so OKP keys keep the JWK form the load-time self-test checks
 * (selftest.ts). The DER bytes of a private key are zeroed once node has them.
 */
function privateSlot(key: PrivateKey): KeyObject {
  return cachedHandle(key, PRIVATE_SLOT, () => {
    try {
      if (key.kty === 'OKP') return createPrivateKey({ key: jwkFromKey(key, { private: true }), format: 'jwk' });
      const der = exportDer(key, 'pkcs8');
      try {
        return createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type: 'pkcs8' });
      } finally {
        der.fill(0);
      }
    } catch (e) {
      throw rejected(key, e);
    }
  });
}

function publicSlot(key: PublicKey): KeyObject {
  return cachedHandle(key, PUBLIC_SLOT, () => {
    try {
      if (key.kty === 'OKP') return createPublicKey({ key: jwkFromKey(key), format: 'jwk' });
      const der = exportDer(key, 'spki');
      return createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type: 'spki' });
    } catch (e) {
      throw rejected(key, e);
    }
  });
}

/** Contract hash name → OpenSSL digest name. */
export const NODE_HASH: Readonly<Record<HashName, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * A plain Uint8Array from a node Buffer/ArrayBuffer. Other backends return plain Uint8Arrays, and a Buffer differs
 * from one for `assert.deepStrictEqual` and in `.slice()` semantics (a Buffer's slice is a view). A Buffer that owns
 * its whole ArrayBuffer is re-viewed without copying; a pooled one (small `Buffer.concat` results share an 8 KiB
 * pool) is copied, so the result's `.buffer` never exposes other data.
 */
export function bytes(b: Uint8Array | ArrayBuffer): Uint8Array {
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  // Up to 64 bytes (ECDH secrets, P-256 signatures) a copy is cheaper than the view: V8 keeps such a typed array on
  // its own heap, while reading `b.buffer` is a call into a C++ builtin (callgrind: ≈ 300 instructions less per call).
  if (b.byteLength <= 64) return new Uint8Array(b);
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) {
    return new Uint8Array(b.buffer, 0, b.byteLength);
  }
  return new Uint8Array(b);
}

/** The digest name (null for Ed25519) and key argument of `crypto.verify` for one signature algorithm. */
export type VerifyArgs = readonly [digest: string | null, key: KeyObject | VerifyKeyObjectInput];
