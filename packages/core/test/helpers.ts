import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { CryptoplugError } from '@cryptoplug/core';

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'turbo.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repo root not found');
    dir = up;
  }
  return dir;
}

export const VECTORS = join(repoRoot(), 'vectors', 'primitives');

export function vectorFile(rel: string): Buffer {
  return readFileSync(join(VECTORS, rel));
}

export function vectorJson<T = any>(rel: string): T {
  return JSON.parse(vectorFile(rel).toString('utf8')) as T;
}

/** Asserts that fn throws a CryptoplugError with this code (sync or async). */
export async function rejectsWith(fn: () => unknown, code: string): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `expected CryptoplugError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    assert.ok(!e.message.includes('\n'), 'error messages are one line');
    return;
  }
  assert.fail(`expected ${code}, nothing was thrown`);
}
