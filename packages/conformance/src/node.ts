/**
 * @cryptoplug/conformance/node — reads the suite data from disk for {@link runConformance}.
 *
 * Where the data is:
 * - vectors (`vectors/primitives`, made by other implementations): `opts.vectorsDir`, else the copy inside this
 *   installed package (`<package>/vectors`, copied from the repository's `vectors/` by the package build and published
 *   with it; the repository's `vectors/` stays the single source). The directory holds `primitives/`; a directory
 *   holding `keys.json` directly is accepted too.
 * - Wycheproof: `opts.wycheproofDir`, else `CRYPTOPLUG_WYCHEPROOF_DIR`, a sibling checkout or the `vectors fetch` cache
 *   (see third-party.ts). The directory may be the Wycheproof checkout (holding `testvectors_v1/`) or the
 *   `testvectors_v1` directory itself.
 *
 * When Wycheproof is not found anywhere, its suites are reported as unavailable (skipped, with one line saying how to
 * get them) — unless `CRYPTOPLUG_REQUIRE_THIRD_PARTY=1`, when they fail with that same line. A selected suite whose
 * file is absent or unreadable in a directory that was found is not an exception: it goes to `LoadedSuites.missing`
 * with the reason, and runConformance reports it as a failed suite (so a broken checkout cannot pass silently).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputInvalidError, importPrivateKey, type PrivateKey } from '@cryptoplug/core';
import type { CrossKeys } from './cross.js';
import { selectSuites, type SuiteSpec } from './suites.js';
import { findWorkspaceRoot, locateThirdParty, missingLine, thirdPartyRequired } from './third-party.js';
import type { LoadedSuites } from './types.js';

export {
  BASE_URL_ENV,
  CACHE_ENV,
  CONFORMANCE_ERROR_CODES,
  DEFAULT_BASE_URL,
  REQUIRE_ENV,
  THIRD_PARTY,
  VectorsFetchError,
  cacheDir,
  cacheRoot,
  fetchThirdParty,
  findWorkspaceRoot,
  holdsData,
  locateThirdParty,
  missingLine,
  thirdPartyManifest,
  thirdPartyRequired,
  verifyThirdParty,
  type ConformanceErrorCode,
  type FetchOptions,
  type ThirdPartyLocation,
  type ThirdPartyName,
  type ThirdPartyPin,
  type ThirdPartyVia,
} from './third-party.js';

export const WYCHEPROOF_ENV = 'CRYPTOPLUG_WYCHEPROOF_DIR';

export interface LoadOptions {
  wycheproofDir?: string;
  vectorsDir?: string;
  /** The same suite filter as runConformance's (comma-separated globs, `*` wildcard); only these are read. */
  suites?: string;
}

/**
 * The repository root: the nearest ancestor of `from` (default: this module) whose package.json declares `workspaces`.
 * Only used to look for sibling checkouts of third-party data; nothing is read from the repository itself at run time.
 * Throws ERR_INPUT_INVALID when there is none (an installed package outside a workspace).
 */
export function findRepoRoot(from?: string): string {
  const root = findWorkspaceRoot(from ?? dirname(fileURLToPath(import.meta.url)));
  if (root === undefined) throw new InputInvalidError(`no workspace root (package.json with "workspaces") above ${from ?? 'this package'}`);
  return root;
}

/** The Wycheproof directory that will be used; ERR_INPUT_INVALID with {@link missingLine} when there is none. */
export function resolveWycheproofDir(explicit?: string): string {
  const loc = locateThirdParty('wycheproof', explicit);
  if (!loc.found) throw new InputInvalidError(missingLine('wycheproof'));
  return loc.dir;
}

/** The `vectors/` directory that will be used (see the module comment). */
export function resolveVectorsDir(explicit?: string): string {
  return resolve(explicit ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors'));
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
    const loc = locateThirdParty('wycheproof', opts.wycheproofDir);
    if (!loc.found) {
      // Not installed: skipped with one line (failed instead when the caller requires the data, as npm test does).
      const target = thirdPartyRequired() ? missing : (out.unavailable = {});
      for (const spec of wycheproof) target[spec.name] = missingLine('wycheproof');
    } else if (!existsSync(loc.dir)) {
      for (const spec of wycheproof) missing[spec.name] = `Wycheproof directory not found: ${loc.dir} (set ${WYCHEPROOF_ENV} or pass wycheproofDir)`;
    } else {
      await Promise.all(
        wycheproof.map(async (spec) => {
          const path = wycheproofPath(loc.dir, spec);
          try {
            out.suites[spec.name] = await readJson(path);
          } catch (e) {
            missing[spec.name] = reason(e, path);
          }
        }),
      );
    }
  }

  const vectors = selected.filter((s) => s.source === 'vectors');
  if (vectors.length) {
    let dir: string | undefined;
    try {
      dir = primitivesDir(resolveVectorsDir(opts.vectorsDir));
      out.primitiveKeys = await loadPrimitiveKeys(dir);
    } catch (e) {
      const why = dir ? `${reason(e, join(dir, 'keys.json'))} (the package build copies the repository's vectors/ here)` : `vectors directory unknown: ${e instanceof Error ? e.message : String(e)}`;
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

/**
 * The keys {@link runCrossMatrix} uses, read from the committed `vectors/primitives/keys/*.pkcs8.der` files (the
 * package's copy unless `vectorsDir` is given): one pair per NIST curve and for X25519, Ed25519, RSA-2048 and RSA-3072.
 */
export async function loadCrossKeys(vectorsDir?: string): Promise<CrossKeys> {
  const dir = primitivesDir(resolveVectorsDir(vectorsDir));
  const key = async (name: string): Promise<PrivateKey> => importPrivateKey(new Uint8Array(await readFile(join(dir, 'keys', `${name}.pkcs8.der`))));
  const pair = async (name: string): Promise<readonly [PrivateKey, PrivateKey]> => [await key(name), await key(`${name}-b`)];
  return {
    ec: { 'P-256': await pair('ec-p256'), 'P-384': await pair('ec-p384'), 'P-521': await pair('ec-p521') },
    ed25519: await key('ed25519'),
    x25519: await pair('x25519'),
    rsa: await key('rsa-2048'),
    rsa3072: await key('rsa-3072'),
  };
}
