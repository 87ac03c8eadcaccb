/** Test helpers: locating the shared vector sets, and the backends that can run here. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Backend, BackendFactory } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';

const here = dirname(fileURLToPath(import.meta.url));

/** Nearest ancestor with turbo.json. */
export function repoRoot(): string {
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root (turbo.json) not found');
    dir = up;
  }
}

export const ROOT = repoRoot();
// Third-party data: where npm test found it (scripts/test.mjs sets these), else the sibling ../shared checkout.
export const COOKBOOK = resolve(process.env.CRYPTOPLUG_JOSE_COOKBOOK_DIR ?? resolve(ROOT, '..', 'shared', 'jose-cookbook'));
export const WYCHEPROOF = resolve(process.env.CRYPTOPLUG_WYCHEPROOF_DIR ?? resolve(ROOT, '..', 'shared', 'wycheproof'), 'testvectors_v1');
export const PY_VECTORS = join(ROOT, 'vectors', 'jose');

export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface NamedBackend {
  readonly name: string;
  readonly backend: Backend;
}

let cached: Promise<{ available: NamedBackend[]; skipped: string[] }> | undefined;

/**
 * webcrypto always; node/noble/forge when their package is built (dist/ exists) and loads here. Skipped ones are
 * listed with the reason (printed once by `backendsOrSkip`).
 */
export function loadBackends(): Promise<{ available: NamedBackend[]; skipped: string[] }> {
  cached ??= (async () => {
    const available: NamedBackend[] = [{ name: 'webcrypto', backend: await createWebCryptoBackend() }];
    const skipped: string[] = [];
    for (const [pkg, exportName] of [
      ['backend-node', 'nodeBackend'],
      ['backend-noble', 'nobleBackend'],
      ['backend-forge', 'forgeBackend'],
    ] as const) {
      const dist = join(ROOT, 'packages', pkg, 'dist', 'index.js');
      if (!existsSync(dist)) {
        skipped.push(`${pkg}: not built (packages/${pkg}/dist missing)`);
        continue;
      }
      try {
        const mod = (await import(`@cryptoplug/${pkg}`)) as Record<string, BackendFactory>;
        const factory = mod[exportName];
        if (!factory) throw new Error(`no export ${exportName}`);
        available.push({ name: factory.name, backend: await factory.load() });
      } catch (e) {
        skipped.push(`${pkg}: cannot load (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return { available, skipped };
  })();
  return cached;
}

let printed = false;
export async function backends(): Promise<NamedBackend[]> {
  const { available, skipped } = await loadBackends();
  if (!printed) {
    printed = true;
    for (const s of skipped) console.log(`# backend skipped: ${s}`);
  }
  return available;
}

export async function webcrypto(): Promise<Backend> {
  return (await loadBackends()).available[0]!.backend;
}

/** Asserts that `fn` rejects with a CryptoplugError of `code`. */
export async function rejectsCode(fn: () => Promise<unknown> | unknown, code: string | readonly string[], message?: string): Promise<Error> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `${message ?? 'operation'}: expected an error with code ${String(code)}, but it succeeded`);
  const codes = typeof code === 'string' ? [code] : code;
  const got = (error as { code?: string }).code;
  assert.ok(codes.includes(got ?? ''), `${message ?? 'operation'}: expected code ${codes.join('|')}, got ${got} (${error.message})`);
  assert.ok(!error.message.includes('\n'), 'error messages are one line');
  return error;
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);
export const bytes = (s: string) => new TextEncoder().encode(s);
