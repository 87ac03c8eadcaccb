/** Test helpers: vector files from the repository's `vectors/primitives/`, keys through core's importKey. */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { CryptoplugError, hexToBytes, importKey, type CryptoplugErrorCode, type Key, type PrivateKey, type PublicKey } from '@cryptoplug/core';

export const PRIMITIVES = new URL('../../../vectors/primitives/', import.meta.url);

export function readJson<T>(name: string, base: URL = PRIMITIVES): T {
  return JSON.parse(readFileSync(new URL(name, base), 'utf8')) as T;
}

export function readBytes(name: string, base: URL = PRIMITIVES): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, base)));
}

export const hex = hexToBytes;

/** The key file `keys/<name>.<suffix>`, imported with core importKey (format detected from content). */
export function loadKey(name: string, suffix: string): Key {
  const file = `keys/${name}.${suffix}`;
  if (suffix.endsWith('.hex')) {
    const bytes = hex(readFileSync(new URL(file, PRIMITIVES), 'utf8').trim());
    const curve = name.startsWith('ed25519') ? 'Ed25519' : name.startsWith('x25519') ? 'X25519' : undefined;
    return importKey(bytes, { ...(curve ? { curve } : {}), private: suffix === 'raw-private.hex' });
  }
  if (suffix.endsWith('.der')) return importKey(readBytes(file));
  return importKey(readFileSync(new URL(file, PRIMITIVES), 'utf8'));
}

export function privateKey(name: string, suffix = 'pkcs8.der'): PrivateKey {
  const k = loadKey(name, suffix);
  assert.equal(k.type, 'private', `${name}.${suffix} should be a private key`);
  return k as PrivateKey;
}

export function publicKey(name: string, suffix = 'spki.der'): PublicKey {
  const k = loadKey(name, suffix);
  assert.equal(k.type, 'public', `${name}.${suffix} should be a public key`);
  return k as PublicKey;
}

/** Asserts that the promise rejects with a CryptoplugError of this code (and nothing else, e.g. no TypeError). */
export async function rejectsWith(p: Promise<unknown> | (() => unknown), code: CryptoplugErrorCode): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (e: unknown) => {
      assert.ok(e instanceof CryptoplugError, `expected a CryptoplugError, got ${String(e)}`);
      assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
      return true;
    },
  );
}

export interface SignatureVector {
  id: string;
  key: string;
  alg: { name: 'ECDSA'; hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'; encoding: 'p1363' | 'der' } | { name: 'Ed25519' } | { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS'; hash: string; saltLength?: number };
  msg: string;
  sig: string;
  valid: boolean;
  comment: string;
}
