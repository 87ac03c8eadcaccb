/**
 * The checked KDF operations (loaded on first use by `kdf.ts`, so a build that composes the KDF family but never runs
 * it does not carry them): `hkdf` (output ≤ 255·hLen), `pbkdf2` (1..10^8 iterations, ≤ 1024 bytes).
 */
import type { HashName } from '../contract.js';
import { assertBytes } from '../bytes.js';
import { HASH_SIZE, assertHash, intInRange, type OpsContext } from './context.js';

export async function hkdf({ require, method, run }: OpsContext, hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  assertHash(hash);
  assertBytes(ikm, 'HKDF input key material');
  assertBytes(salt, 'HKDF salt');
  assertBytes(info, 'HKDF info');
  intInRange(length, 1, 255 * HASH_SIZE[hash], 'HKDF output length');
  require({ op: 'hkdf', hash }, `HKDF ${hash}`);
  return run('HKDF', () => method('hkdf')(hash, ikm, salt, info, length));
}

export async function pbkdf2({ require, method, run }: OpsContext, hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  assertHash(hash);
  assertBytes(password, 'PBKDF2 password');
  assertBytes(salt, 'PBKDF2 salt');
  intInRange(iterations, 1, 100_000_000, 'PBKDF2 iterations');
  intInRange(length, 1, 1024, 'PBKDF2 output length');
  require({ op: 'pbkdf2', hash }, `PBKDF2 ${hash}`);
  return run('PBKDF2', () => method('pbkdf2')(hash, password, salt, iterations, length));
}
