/**
 * Test helpers: the cross-implementation vectors in vectors/primitives (made by Python cryptography/python-ecdsa, see
 * its README) and their keys, imported with core's importKey from the files in vectors/primitives/keys.
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import {
  CryptoplugError,
  PrivateKey,
  PublicKey,
  hexToBytes,
  importKey,
  type CryptoplugErrorCode,
  type HashName,
  type SignatureAlgorithm,
} from '@cryptoplug/core';

export const PRIMITIVES = new URL('../../../vectors/primitives/', import.meta.url);

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, PRIMITIVES), 'utf8')) as T;
}

export const hex = hexToBytes;

/** Private key from `keys/<name>.<file>` (default PKCS#8 PEM). */
export function privateKey(name: string, file = 'pkcs8.pem'): PrivateKey {
  const key = importKey(readKeyFile(name, file));
  assert.ok(key instanceof PrivateKey, `${name}.${file} is a private key`);
  return key;
}

/** Public key from `keys/<name>.<file>` (default SPKI DER). */
export function publicKey(name: string, file = 'spki.der'): PublicKey {
  const key = importKey(readKeyFile(name, file));
  assert.ok(key instanceof PublicKey, `${name}.${file} is a public key`);
  return key;
}

function readKeyFile(name: string, file: string): string | Uint8Array | object {
  const url = new URL(`keys/${name}.${file}`, PRIMITIVES);
  if (file.endsWith('.der')) return new Uint8Array(readFileSync(url));
  if (file.endsWith('.json')) return JSON.parse(readFileSync(url, 'utf8')) as object;
  return readFileSync(url, 'utf8');
}

export interface SignatureVector {
  id: string;
  key: string;
  alg: SignatureAlgorithm;
  msg: string;
  sig: string;
  valid: boolean;
  comment: string;
}
export interface EcdhVector { id: string; curve: string; privateKey: string; publicKey: string; shared: string }
export interface OaepVector {
  id: string; key: string; hash: HashName; label: string | null; plaintext: string; ciphertext: string; valid: boolean; comment: string;
}
export interface SymmetricVectors {
  digest: Array<{ id: string; hash: HashName; msg: string; digest: string }>;
  hmac: Array<{ id: string; hash: HashName; key: string; msg: string; tag: string }>;
  aesGcm: Array<{ id: string; key: string; iv: string; aad: string; plaintext: string; ciphertext: string; tag: string }>;
  aesCbc: Array<{ id: string; key: string; iv: string; plaintext: string; ciphertext: string }>;
  aesKw: Array<{ id: string; kek: string; key: string; wrapped: string }>;
  hkdf: Array<{ id: string; hash: HashName; ikm: string; salt: string; info: string; length: number; okm: string }>;
  pbkdf2: Array<{ id: string; hash: HashName; password: string; salt: string; iterations: number; length: number; derived: string }>;
}

/** Runs `fn` and returns the CryptoplugError code it throws; fails the test if it returns or throws anything else. */
export async function errorCode(fn: () => Promise<unknown> | unknown): Promise<CryptoplugErrorCode> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `expected a CryptoplugError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return e.code;
  }
  assert.fail('expected an error, the call succeeded');
}

/** A copy with one bit flipped. */
export function flip(bytes: Uint8Array, index = Math.floor(bytes.length / 2), mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= mask;
  return out;
}

/** True for a plain Uint8Array (not a Buffer or other subclass). */
export function isPlainBytes(v: unknown): boolean {
  return v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype;
}
