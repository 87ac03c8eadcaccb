/** The fixed keys and data every contestant uses: the committed vectors/primitives keys (made by Python cryptography). */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrivateKey, type PrivateKey } from '@cryptoplug/core';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'turbo.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (turbo.json)');
    dir = up;
  }
  return dir;
}

const KEYS = join(repoRoot(), 'vectors', 'primitives', 'keys');

export function pem(name: string, kind: 'pkcs8' | 'spki' = 'pkcs8'): string {
  return readFileSync(join(KEYS, `${name}.${kind}.pem`), 'utf8');
}

export function key(name: string): PrivateKey {
  return importPrivateKey(pem(name));
}

/** A 256-byte message: the typical size of a JWS signing input. */
export const MESSAGE = new Uint8Array(256).map((_, i) => (i * 7 + 3) & 0xff);
