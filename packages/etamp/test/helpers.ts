/** Test helpers: the Python vectors, the backends that can run here, and error assertions. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Backend } from '@cryptoplug/core';
import { createAutoBackend } from '@cryptoplug/backends';
import { ROOT, etampVectors, loadBuiltBackends, pythonWith, type NamedBackend } from '@cryptoplug/test-utils/test-helpers';

export { ROOT, rejectsCode, type NamedBackend } from '@cryptoplug/test-utils/test-helpers';
export const VECTOR_DIR = join(ROOT, 'vectors', 'etamp');

export type { EtampVectorCase as VectorCase, EtampVectors as Vectors } from '@cryptoplug/test-utils/test-helpers';
export const VECTORS = etampVectors();

let cached: Promise<{ capable: NamedBackend[]; incapable: NamedBackend[]; skipped: string[] }> | undefined;

/** Can the backend do what ETAMP needs (both profiles)? Returns the missing piece, or undefined. */
export function missingFor(b: Backend): string | undefined {
  const needs: Array<[string, Parameters<Backend['supports']>[0]]> = [
    ['ECDSA P-521 SHA-1', { op: 'sign', alg: 'ECDSA', curve: 'P-521', hash: 'SHA-1' }],
    ['ECDSA P-521 SHA-512', { op: 'sign', alg: 'ECDSA', curve: 'P-521', hash: 'SHA-512' }],
    ['ECDH P-521', { op: 'ecdh', curve: 'P-521' }],
    ['ECDH P-256', { op: 'ecdh', curve: 'P-256' }],
    ['AES-KW', { op: 'aesKw' }],
    ['AES-GCM', { op: 'aesGcm' }],
    ['SHA-256', { op: 'digest', hash: 'SHA-256' }],
    ['ec-p521 keys', { op: 'generateKey', spec: 'ec-p521' }],
  ];
  const missing = needs.filter(([, q]) => !b.supports(q)).map(([n]) => n);
  return missing.length ? missing.join(', ') : undefined;
}

/**
 * webcrypto always; node, noble and forge when their dist/ exists and loads here; plus `auto` over all of them.
 * Backends that cannot do ECDSA P-521 (forge) are returned as `incapable` (tests check they fail cleanly).
 */
export function loadBackends(): Promise<{ capable: NamedBackend[]; incapable: NamedBackend[]; skipped: string[] }> {
  cached ??= (async () => {
    const { available: loaded, skipped } = await loadBuiltBackends();
    const capable = loaded.filter((b) => missingFor(b.backend) === undefined);
    const incapable = loaded.filter((b) => missingFor(b.backend) !== undefined);
    const order = ['node', 'webcrypto', 'noble', 'forge'];
    const members = [...loaded].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)).map((b) => b.backend);
    capable.push({ name: 'auto', backend: createAutoBackend(members) });
    return { capable, incapable, skipped };
  })();
  return cached;
}

let printed = false;
/** The backends that can run ETAMP (printing once which were skipped and why). */
export async function capableBackends(): Promise<NamedBackend[]> {
  const { capable, incapable, skipped } = await loadBackends();
  if (!printed) {
    printed = true;
    for (const s of skipped) console.log(`# backend skipped: ${s}`);
    for (const b of incapable) console.log(`# backend ${b.name} cannot run ETAMP (${missingFor(b.backend)}): checked for a clean ERR_UNSUPPORTED only`);
  }
  return capable;
}

/** The Python interpreter with PyJWT, python-ecdsa and cryptography (vectors/etamp/verify.py), or the reason it cannot be used. */
export function pythonStatus(): { python: string } | { skip: string } {
  return pythonWith(['jwt', 'ecdsa', 'cryptography'], ['python3-jwt', 'python3-ecdsa', 'python3-cryptography']);
}

/** Runs vectors/etamp/verify.py on a message; returns its JSON verdict. */
export function pythonVerify(python: string, message: unknown, publicKeyPath: string, args: string[] = []): { ok: boolean; code?: string; detail?: string; claims?: Record<string, unknown>; header?: Record<string, unknown>; plaintext?: string } {
  const r = spawnSync(python, [join(VECTOR_DIR, 'verify.py'), publicKeyPath, ...args], { input: typeof message === 'string' ? message : JSON.stringify(message), encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`verify.py failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ReturnType<typeof pythonVerify>;
}
