import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrivateKey, type Backend, type PrivateKey } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'turbo.json'))) dir = dirname(dir);
  return dir;
}

export const PRIMITIVES = join(repoRoot(), 'vectors', 'primitives');

export function vectorKey(name: string): PrivateKey {
  return importPrivateKey(readFileSync(join(PRIMITIVES, 'keys', `${name}.pkcs8.pem`), 'utf8'));
}

export function readVectors<T>(file: string): T {
  return JSON.parse(readFileSync(join(PRIMITIVES, file), 'utf8')) as T;
}

export async function allBackends(): Promise<Backend[]> {
  const { available, unavailable } = await createRegistry().loadAll();
  if (unavailable.length) throw new Error(`backends unavailable on Node: ${JSON.stringify(unavailable)}`);
  return [...available];
}
