/**
 * The fixed keys and data every contestant uses: the committed vectors/primitives keys (made by Python cryptography),
 * read from the copy the installed @cryptoplug/conformance package carries (never from the repository at run time).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPrivateKey, type PrivateKey } from '@cryptoplug/core';
import { resolveVectorsDir } from '@cryptoplug/conformance/node';

const KEYS = join(resolveVectorsDir(), 'primitives', 'keys');

export function pem(name: string, kind: 'pkcs8' | 'spki' = 'pkcs8'): string {
  return readFileSync(join(KEYS, `${name}.${kind}.pem`), 'utf8');
}

export function key(name: string): PrivateKey {
  return importPrivateKey(pem(name));
}

/** A 256-byte message: the typical size of a JWS signing input. */
export const MESSAGE = new Uint8Array(256).map((_, i) => (i * 7 + 3) & 0xff);
