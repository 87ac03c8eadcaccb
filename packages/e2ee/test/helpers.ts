/** Test helpers: backends, golden vectors, the optional virgil-crypto reference, error assertions. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CryptoplugError, type Backend, type BackendFactory } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..', '..');

/** bytes i -> (i * 31 + 7) & 0xff (the vectors' `pattern`). */
export function pattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

let webcrypto: Promise<Backend> | undefined;
export function webcryptoBackend(): Promise<Backend> {
  webcrypto ??= createWebCryptoBackend();
  return webcrypto;
}

let all: Promise<Backend[]> | undefined;
/**
 * Every backend that loads here: through @cryptoplug/backends' registry when its build exists, otherwise each backend
 * package on its own (a backend whose build is missing is left out).
 */
export function allBackends(): Promise<Backend[]> {
  all ??= (async () => {
    try {
      const { createRegistry } = (await import('@cryptoplug/backends')) as { createRegistry: () => { loadAll(): Promise<{ available: readonly Backend[] }> } };
      const { available } = await createRegistry().loadAll();
      if (available.length > 0) return [...available];
    } catch {
      /* registry not built: load the backends one by one */
    }
    const out: Backend[] = [];
    const specs: Array<[string, string]> = [
      ['@cryptoplug/backend-node', 'nodeBackend'],
      ['@cryptoplug/backend-webcrypto', 'webcryptoBackend'],
      ['@cryptoplug/backend-noble', 'nobleBackend'],
      ['@cryptoplug/backend-forge', 'forgeBackend'],
    ];
    for (const [pkg, name] of specs) {
      try {
        const mod = (await import(pkg)) as Record<string, BackendFactory>;
        out.push(await mod[name]!.load());
      } catch {
        /* not built or not available in this runtime */
      }
    }
    return out;
  })();
  return all;
}

/** The node backend when it loads (fastest for exhaustive loops), else webcrypto. */
export async function fastBackend(): Promise<Backend> {
  return (await allBackends()).find((b) => b.name === 'node') ?? webcryptoBackend();
}

/** Backends that can run the Virgil envelope (X25519, AES-GCM/CBC, HMAC-SHA-384, HKDF-SHA-512, Ed25519). */
export async function virgilCapableBackends(): Promise<Backend[]> {
  return (await allBackends()).filter(
    (b) =>
      b.supports({ op: 'ecdh', curve: 'X25519' }) &&
      b.supports({ op: 'aesGcm' }) &&
      b.supports({ op: 'aesCbc' }) &&
      b.supports({ op: 'hmac', hash: 'SHA-384' }) &&
      b.supports({ op: 'hkdf', hash: 'SHA-512' }) &&
      b.supports({ op: 'sign', alg: 'Ed25519' }) &&
      b.supports({ op: 'random' }),
  );
}

/** Backends that can run the hpke profile (X25519, HMAC-SHA-256, AES-GCM, Ed25519). */
export async function hpkeCapableBackends(): Promise<Backend[]> {
  return (await allBackends()).filter(
    (b) =>
      b.supports({ op: 'ecdh', curve: 'X25519' }) &&
      b.supports({ op: 'aesGcm' }) &&
      b.supports({ op: 'hmac', hash: 'SHA-256' }) &&
      b.supports({ op: 'digest', hash: 'SHA-256' }) &&
      b.supports({ op: 'sign', alg: 'Ed25519' }) &&
      b.supports({ op: 'random' }),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Golden vectors

export interface VectorKey {
  type: 'ed25519' | 'curve25519';
  privateKey: string;
  publicKey: string;
  keyId: string;
  keyIdSha256: string;
}
export interface VectorMessage {
  name: string;
  kind: 'encrypt' | 'signThenEncrypt' | 'signAndEncrypt';
  recipients: string[];
  signer?: string;
  padding: boolean;
  keyIdHash: 'SHA-512' | 'SHA-256';
  plaintext: { text?: string; pattern?: number };
  ciphertext: string;
}
export interface VirgilVectors {
  meta: Record<string, string>;
  keys: Record<string, VectorKey>;
  signatures: Array<{ name: string; signer: string; data: string; signature: string }>;
  messages: VectorMessage[];
  chat: { sender: string; recipients: string[]; text: string; model: { message: string; sign: string } };
  unsupported: {
    keys: Record<string, { privateKey: string; publicKey: string; keyId: string }>;
    messages: Array<{ name: string; recipients: string[]; plaintext: { text: string }; ciphertext: string }>;
    groupSession: { sender: string; message: string; epochs: string[] };
  };
}

export function loadVirgilVectors(): VirgilVectors {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'vectors', 'virgil', 'vectors.json'), 'utf8')) as VirgilVectors;
}

export function plaintextOf(p: { text?: string; pattern?: number }): Uint8Array {
  return p.pattern !== undefined ? pattern(p.pattern) : text(p.text ?? '');
}

// ---------------------------------------------------------------------------------------------------------------------
// virgil-crypto (the reference), when installed

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface VirgilRef {
  crypto: any;
  crypto256: any;
  KeyPairType: any;
}

let virgil: Promise<VirgilRef | undefined> | undefined;
export function loadVirgil(): Promise<VirgilRef | undefined> {
  virgil ??= (async () => {
    try {
      const mod = (await import('virgil-crypto')) as any;
      await mod.initCrypto();
      return {
        crypto: new mod.VirgilCrypto({ defaultKeyPairType: mod.KeyPairType.ED25519 }),
        crypto256: new mod.VirgilCrypto({ defaultKeyPairType: mod.KeyPairType.ED25519, useSha256Identifiers: true }),
        KeyPairType: mod.KeyPairType,
      };
    } catch {
      return undefined;
    }
  })();
  return virgil;
}

// ---------------------------------------------------------------------------------------------------------------------
// Assertions

/** Asserts that `fn` rejects with a CryptoplugError of `code` (one of `code` when an array). */
export async function rejectsWith(fn: () => Promise<unknown>, code: string | readonly string[], message?: string): Promise<CryptoplugError> {
  const codes = typeof code === 'string' ? [code] : code;
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `${message ?? ''} expected a CryptoplugError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(codes.includes(e.code), `${message ?? ''} expected ${codes.join(' | ')}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`${message ?? ''} expected a rejection with ${codes.join(' | ')}`);
}

export function throwsWith(fn: () => unknown, code: string | readonly string[]): CryptoplugError {
  const codes = typeof code === 'string' ? [code] : code;
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `expected a CryptoplugError, got ${String(e)}`);
    assert.ok(codes.includes(e.code), `expected ${codes.join(' | ')}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected an error ${codes.join(' | ')}`);
}

/** Flips one bit of a copy. */
export function flip(data: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = data.slice();
  out[index]! ^= mask;
  return out;
}
