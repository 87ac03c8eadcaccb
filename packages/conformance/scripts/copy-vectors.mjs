#!/usr/bin/env node
/**
 * Build step: copies the repository's `vectors/primitives` (the single source, with its README and generator) into this
 * package's `vectors/primitives`, so the installed package carries its own data and the runner never reads the
 * repository at run time. The copy is gitignored and published (package.json `files`). Outside the repository (an
 * unpacked tarball) there is nothing to copy and the existing copy is kept.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(pkg, '..', '..', 'vectors', 'primitives');
const target = join(pkg, 'vectors', 'primitives');
if (!existsSync(source)) {
  if (!existsSync(target)) {
    console.error(`copy-vectors: neither ${source} nor ${target} exists`);
    process.exit(1);
  }
} else {
  rmSync(join(pkg, 'vectors'), { recursive: true, force: true });
  cpSync(source, target, { recursive: true, filter: (p) => !p.endsWith('__pycache__') });
}
