/** Where things are, resolved from this package's own location (works from dist/ and, under tsx, from src/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function up(from: string, found: (dir: string) => boolean, what: string): string {
  let dir = resolve(from);
  for (;;) {
    if (found(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${what} above ${from}`);
    dir = parent;
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** apps/runtimes */
export const PKG_ROOT = up(
  here,
  (d) => existsSync(join(d, 'package.json')) && (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name?: string }).name === '@cryptoplug/runtimes',
  'package.json of @cryptoplug/runtimes',
);
/** The monorepo root (the directory holding turbo.json). */
export const REPO_ROOT = up(PKG_ROOT, (d) => existsSync(join(d, 'turbo.json')), 'turbo.json');
export const DIST = join(PKG_ROOT, 'dist');
/** esbuild output: the shared suite chunk and the thin per-runtime entries. */
export const BUNDLE_DIR = join(DIST, 'bundle');
export const REPORT_DIR = join(PKG_ROOT, 'report');

/** An npm-installed executable: this package's node_modules/.bin, then the repository's. */
export function npmBin(name: string): string | undefined {
  for (const dir of [join(PKG_ROOT, 'node_modules', '.bin'), join(REPO_ROOT, 'node_modules', '.bin')]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Debian's chromium (override with CRYPTOPLUG_CHROMIUM). */
export function chromiumPath(): string {
  return process.env.CRYPTOPLUG_CHROMIUM ?? '/usr/bin/chromium';
}
