/**
 * @cryptoplug/conformance/node — reads the suite data from disk for {@link runConformance}.
 *
 * Where the data is:
 * - Wycheproof: `opts.wycheproofDir`, else the environment variable `CRYPTOPLUG_WYCHEPROOF_DIR`, else
 *   `<repo root>/../shared/wycheproof`. The directory may be the Wycheproof checkout (holding `testvectors_v1/`) or
 *   the `testvectors_v1` directory itself.
 * - vectors: `opts.vectorsDir`, else `<repo root>/vectors` (the directory holding `primitives/`; a directory holding
 *   `keys.json` directly is accepted too).
 * - the repo root is the nearest ancestor directory containing `turbo.json` ({@link findRepoRoot}).
 *
 * A selected suite whose file is absent or unreadable is not an exception: it goes to `LoadedSuites.missing` with the
 * reason, and runConformance reports it as a failed suite (so a missing checkout cannot pass silently).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputInvalidError } from '@cryptoplug/core';
import { selectSuites, type SuiteSpec } from './suites.js';
import type { LoadedSuites } from './types.js';

export const WYCHEPROOF_ENV = 'CRYPTOPLUG_WYCHEPROOF_DIR';

export interface LoadOptions {
  wycheproofDir?: string;
  vectorsDir?: string;
  /** The same suite filter as runConformance's (comma-separated globs, `*` wildcard); only these are read. */
  suites?: string;
}

function searchUp(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The repository root: the nearest ancestor of `from` (itself included) that contains `turbo.json`. Without `from`,
 * the current directory is tried first, then this module's own location. Throws ERR_INPUT_INVALID when none is found.
 */
export function findRepoRoot(from?: string): string {
  const starts = from !== undefined ? [from] : [process.cwd(), dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    const root = searchUp(start);
    if (root) return root;
  }
  throw new InputInvalidError(`no directory containing turbo.json above ${starts.join(' or ')} (pass the data directories explicitly)`);
}

/** The Wycheproof directory that will be used (see the module comment). */
export function resolveWycheproofDir(explicit?: string): string {
  const dir = explicit ?? process.env[WYCHEPROOF_ENV] ?? join(findRepoRoot(), '..', 'shared', 'wycheproof');
  return resolve(dir);
}

/** The `vectors/` directory that will be used (see the module comment). */
export function resolveVectorsDir(explicit?: string): string {
  return resolve(explicit ?? join(findRepoRoot(), 'vectors'));
}

function wycheproofPath(dir: string, spec: SuiteSpec): string {
  return existsSync(join(dir, 'testvectors_v1')) ? join(dir, spec.file) : join(dir, basename(spec.file));
}

function primitivesDir(vectorsDir: string): string {
  return existsSync(join(vectorsDir, 'primitives')) ? join(vectorsDir, 'primitives') : vectorsDir;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

function reason(e: unknown, path: string): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return `file not found: ${path}`;
  return `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`;
}

async function loadPrimitiveKeys(dir: string): Promise<NonNullable<LoadedSuites['primitiveKeys']>> {
  const json = await readJson(join(dir, 'keys.json'));
  const paths = new Set<string>();
  const keys = (json as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new Error(`${join(dir, 'keys.json')} has no "keys" array`);
  for (const k of keys) {
    const files = (k as { files?: unknown }).files;
    if (typeof files === 'object' && files !== null) for (const p of Object.values(files)) if (typeof p === 'string') paths.add(p);
  }
  const files: Record<string, Uint8Array> = {};
  await Promise.all(
    [...paths].map(async (p) => {
      const buf = await readFile(join(dir, p));
      files[p] = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }),
  );
  return { json, files };
}

/** Reads the selected suites (default: all) from disk. */
export async function loadSuites(opts: LoadOptions = {}): Promise<LoadedSuites> {
  const selected = selectSuites(opts.suites);
  const out: LoadedSuites = { suites: {}, missing: {} };
  const missing = out.missing!;

  const wycheproof = selected.filter((s) => s.source === 'wycheproof');
  if (wycheproof.length) {
    let dir: string | undefined;
    let why = '';
    try {
      dir = resolveWycheproofDir(opts.wycheproofDir);
      if (!existsSync(dir)) {
        why = `Wycheproof directory not found: ${dir} (set ${WYCHEPROOF_ENV} or pass wycheproofDir)`;
        dir = undefined;
      }
    } catch (e) {
      why = `Wycheproof directory unknown: ${e instanceof Error ? e.message : String(e)} (set ${WYCHEPROOF_ENV})`;
    }
    await Promise.all(
      wycheproof.map(async (spec) => {
        if (!dir) return void (missing[spec.name] = why);
        const path = wycheproofPath(dir, spec);
        try {
          out.suites[spec.name] = await readJson(path);
        } catch (e) {
          missing[spec.name] = reason(e, path);
        }
      }),
    );
  }

  const vectors = selected.filter((s) => s.source === 'vectors');
  if (vectors.length) {
    let dir: string | undefined;
    try {
      dir = primitivesDir(resolveVectorsDir(opts.vectorsDir));
      out.primitiveKeys = await loadPrimitiveKeys(dir);
    } catch (e) {
      const why = dir ? reason(e, join(dir, 'keys.json')) : `vectors directory unknown: ${e instanceof Error ? e.message : String(e)}`;
      for (const spec of vectors) missing[spec.name] = `key files: ${why}`;
      dir = undefined;
    }
    if (dir) {
      const base = dir;
      await Promise.all(
        vectors.map(async (spec) => {
          const path = join(base, basename(spec.file));
          try {
            out.suites[spec.name] = await readJson(path);
          } catch (e) {
            missing[spec.name] = reason(e, path);
          }
        }),
      );
    }
  }
  return out;
}
