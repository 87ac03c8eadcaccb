/** Shared test helpers: the cross-implementation vectors in vectors/primitives and key loading through core. */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { CryptoplugError, hexToBytes, importPrivateKey, importPublicKey, type PrivateKey, type PublicKey } from '@cryptoplug/core';

export const PRIMITIVES = new URL('../../../vectors/primitives/', import.meta.url);

export function readJson<T>(name: string, base: URL = PRIMITIVES): T {
  return JSON.parse(readFileSync(new URL(name, base), 'utf8')) as T;
}

export const hex = hexToBytes;

const privateKeys = new Map<string, PrivateKey>();
const publicKeys = new Map<string, PublicKey>();

/** A vectors/primitives private key, imported by core from its PKCS#8 PEM file (cached per name). */
export function privateKey(name: string): PrivateKey {
  let k = privateKeys.get(name);
  if (!k) {
    k = importPrivateKey(readFileSync(new URL(`keys/${name}.pkcs8.pem`, PRIMITIVES), 'utf8'));
    privateKeys.set(name, k);
  }
  return k;
}

/** A vectors/primitives public key, imported by core from its SPKI DER file (cached per name). */
export function publicKey(name: string): PublicKey {
  let k = publicKeys.get(name);
  if (!k) {
    k = importPublicKey(new Uint8Array(readFileSync(new URL(`keys/${name}.spki.der`, PRIMITIVES))));
    publicKeys.set(name, k);
  }
  return k;
}

/** Asserts the promise rejects with a CryptoplugError carrying `code` (and nothing else: no TypeError, no plain Error). */
export async function rejectsWith(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (e: unknown) => {
      assert.ok(e instanceof CryptoplugError, `expected a CryptoplugError, got ${String(e)}`);
      assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
      return true;
    },
  );
}

/** Flips one bit of a copy. */
export function flip(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= mask;
  return out;
}

export interface SignatureVector {
  id: string;
  key: string;
  alg: { name: string; hash?: string; encoding?: string; saltLength?: number };
  msg: string;
  sig: string;
  valid: boolean;
  comment: string;
}
export interface OaepVector {
  id: string;
  key: string;
  hash: string;
  label: string | null;
  plaintext: string;
  ciphertext: string;
  valid: boolean;
}
export interface EcdhVector {
  id: string;
  curve: string;
  privateKey: string;
  publicKey: string;
  shared: string;
}
export interface Symmetric {
  digest: Array<{ id: string; hash: string; msg: string; digest: string }>;
  hmac: Array<{ id: string; hash: string; key: string; msg: string; tag: string }>;
  aesGcm: Array<{ id: string; key: string; iv: string; aad: string; plaintext: string; ciphertext: string; tag: string }>;
  aesCbc: Array<{ id: string; key: string; iv: string; plaintext: string; ciphertext: string }>;
  aesKw: Array<{ id: string; kek: string; key: string; wrapped: string }>;
  hkdf: Array<{ id: string; hash: string; ikm: string; salt: string; info: string; length: number; okm: string }>;
  pbkdf2: Array<{ id: string; hash: string; password: string; salt: string; iterations: number; length: number; derived: string }>;
}
