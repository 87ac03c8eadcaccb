/**
 * Third-party test data (Wycheproof, the RFC 7520/8037/7797 JOSE cookbook): where it is found, and `fetchThirdParty`,
 * which downloads the pinned upstream commit and checks every file against the SHA-256 manifest kept in this package
 * (`data/third-party.json`, made by `scripts/make-manifest.mjs` from the pinned content). Node only.
 *
 * Search order for each data set (the first one holding the data wins):
 * 1. an explicit directory (`wycheproofDir` option / `--wycheproof-dir`), used as given;
 * 2. the environment variable (`CRYPTOPLUG_WYCHEPROOF_DIR`, `CRYPTOPLUG_JOSE_COOKBOOK_DIR`): when it is set, it is the
 *    only place looked at (set to a folder without the data, the data counts as not found);
 * 3. a sibling checkout: `../wycheproof` or `../shared/wycheproof` (`../jose-cookbook`, `../shared/jose-cookbook`)
 *    relative to the workspace root (the nearest ancestor of this package with a `package.json` declaring
 *    `workspaces`) and relative to the current directory;
 * 4. the user cache filled by `cryptoplug vectors fetch`: `$CRYPTOPLUG_CACHE_DIR`, else `$XDG_CACHE_HOME/cryptoplug`
 *    or `~/.cache/cryptoplug` (`~/Library/Caches/cryptoplug` on macOS, `%LOCALAPPDATA%\cryptoplug\Cache` on Windows),
 *    in `<name>/<commit>/`; only a completed, verified fetch counts (it writes its marker file last).
 *
 * Not found is not an error here: callers decide (the runner skips those suites with {@link missingLine}, or fails
 * with the same line when `CRYPTOPLUG_REQUIRE_THIRD_PARTY=1`, as the repository's `npm test` sets).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { CryptoplugError, InputInvalidError } from '@cryptoplug/core';

export type ThirdPartyName = 'wycheproof' | 'jose-cookbook';
export const THIRD_PARTY: readonly ThirdPartyName[] = ['wycheproof', 'jose-cookbook'];

/** Error codes of this package (besides core's). */
export const CONFORMANCE_ERROR_CODES = ['ERR_CONFORMANCE_VECTORS_DOWNLOAD', 'ERR_CONFORMANCE_VECTORS_INTEGRITY'] as const;
export type ConformanceErrorCode = (typeof CONFORMANCE_ERROR_CODES)[number];

/** `vectors fetch` could not download or unpack the archive, or a file does not match the pinned manifest. */
export class VectorsFetchError extends CryptoplugError {
  declare readonly code: ConformanceErrorCode;
  constructor(code: ConformanceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export const REQUIRE_ENV = 'CRYPTOPLUG_REQUIRE_THIRD_PARTY';
export const CACHE_ENV = 'CRYPTOPLUG_CACHE_DIR';
export const BASE_URL_ENV = 'CRYPTOPLUG_VECTORS_BASE_URL';
export const DEFAULT_BASE_URL = 'https://codeload.github.com';
const MARKER = '.cryptoplug-fetch.json';

export interface ThirdPartyPin {
  repository: string;
  license: string;
  env: string;
  commit: string;
  /** path inside the upstream repository → SHA-256 (hex) */
  files: Record<string, string>;
}

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
let manifestCache: Record<ThirdPartyName, ThirdPartyPin> | undefined;

/** The pinned commits and SHA-256 manifests (`data/third-party.json` of this package). */
export function thirdPartyManifest(): Record<ThirdPartyName, ThirdPartyPin> {
  manifestCache ??= JSON.parse(readFileSync(join(PACKAGE_DIR, 'data', 'third-party.json'), 'utf8')) as Record<ThirdPartyName, ThirdPartyPin>;
  return manifestCache;
}

const LABEL: Record<ThirdPartyName, string> = { wycheproof: 'Wycheproof vectors', 'jose-cookbook': 'JOSE cookbook (RFC 7520/8037/7797)' };

/** The one line printed wherever a data set is absent (skipped suites, `npm test` failures, `vectors status`). */
export function missingLine(name: ThirdPartyName): string {
  const env = thirdPartyManifest()[name].env;
  return `${LABEL[name]} not found: run "npx cryptoplug vectors fetch" on a machine with internet access, or set ${env} to a checkout`;
}

/** True when absence of third-party data must be a failure (`CRYPTOPLUG_REQUIRE_THIRD_PARTY=1`, set by `npm test`). */
export function thirdPartyRequired(): boolean {
  return process.env[REQUIRE_ENV] === '1';
}

/** The user cache directory for fetched data (see the module comment). */
export function cacheRoot(): string {
  const explicit = process.env[CACHE_ENV];
  if (explicit) return resolve(explicit);
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'cryptoplug', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'cryptoplug');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cryptoplug');
}

/** Where `vectors fetch` puts a data set: `<cache>/<name>/<commit>`. */
export function cacheDir(name: ThirdPartyName): string {
  return join(cacheRoot(), name, thirdPartyManifest()[name].commit);
}

/** The nearest ancestor of `from` with a package.json that declares `workspaces` (the repository root), if any. */
export function findWorkspaceRoot(from: string = PACKAGE_DIR): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined) return dir;
      } catch {
        // unreadable package.json: keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `dir` holds the data set (loosely: the runner reports any single missing file per suite). */
export function holdsData(name: ThirdPartyName, dir: string): boolean {
  if (!isDir(dir)) return false;
  if (name === 'wycheproof') {
    if (isDir(join(dir, 'testvectors_v1'))) return true;
    try {
      return readdirSync(dir).some((f) => f.endsWith('_test.json')); // the testvectors_v1 directory itself
    } catch {
      return false;
    }
  }
  return isDir(join(dir, 'jws')) && isDir(join(dir, 'jwe'));
}

export type ThirdPartyVia = 'option' | 'env' | 'sibling' | 'cache';
export type ThirdPartyLocation =
  | { name: ThirdPartyName; found: true; dir: string; via: ThirdPartyVia }
  | { name: ThirdPartyName; found: false; looked: string[] };

/** Finds a data set (see the module comment for the order). */
export function locateThirdParty(name: ThirdPartyName, explicit?: string): ThirdPartyLocation {
  if (explicit !== undefined) return { name, found: true, dir: resolve(explicit), via: 'option' };
  const looked: string[] = [];
  const env = process.env[thirdPartyManifest()[name].env];
  if (env) {
    // The variable is the user's explicit choice: it is the only place looked at (a folder without the data = not found).
    const dir = resolve(env);
    return holdsData(name, dir) ? { name, found: true, dir, via: 'env' } : { name, found: false, looked: [dir] };
  }
  const bases = [findWorkspaceRoot(), process.cwd()].filter((b): b is string => b !== undefined);
  for (const base of bases) {
    for (const dir of [resolve(base, '..', name), resolve(base, '..', 'shared', name)]) {
      if (looked.includes(dir)) continue;
      if (holdsData(name, dir)) return { name, found: true, dir, via: 'sibling' };
      looked.push(dir);
    }
  }
  const cached = cacheDir(name);
  if (existsSync(join(cached, MARKER)) && holdsData(name, cached)) return { name, found: true, dir: cached, via: 'cache' };
  looked.push(cached);
  return { name, found: false, looked };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Compares a directory with the pinned manifest: files missing and files whose SHA-256 differs. */
export async function verifyThirdParty(name: ThirdPartyName, dir: string): Promise<{ checked: number; missing: string[]; mismatched: string[] }> {
  const files = thirdPartyManifest()[name].files;
  // A Wycheproof directory may be testvectors_v1 itself (CRYPTOPLUG_WYCHEPROOF_DIR allows it): then only those files count.
  const flat = name === 'wycheproof' && !isDir(join(dir, 'testvectors_v1'));
  const missing: string[] = [];
  const mismatched: string[] = [];
  let checked = 0;
  for (const [rel, hash] of Object.entries(files)) {
    if (flat && !rel.startsWith('testvectors_v1/')) continue;
    checked++;
    const path = flat ? join(dir, rel.slice('testvectors_v1/'.length)) : join(dir, rel);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      missing.push(rel);
      continue;
    }
    if (sha256(bytes) !== hash) mismatched.push(rel);
  }
  return { checked, missing, mismatched };
}

export interface FetchOptions {
  /** Base URL of a codeload-style server: the archive is `<base>/<owner>/<repo>/tar.gz/<commit>`. Default:
   * `$CRYPTOPLUG_VECTORS_BASE_URL`, else https://codeload.github.com. */
  baseUrl?: string;
  /** Called with progress lines (for stderr). */
  log?: (line: string) => void;
}

/**
 * Downloads the pinned commit of `name` as a tar.gz, unpacks only the manifest's files into a temporary directory
 * beside the cache, checks every file's SHA-256 and only then moves the directory into place (with its marker file).
 * Any failure removes the temporary directory: no partial or unverified cache is ever left behind.
 */
export async function fetchThirdParty(name: ThirdPartyName, opts: FetchOptions = {}): Promise<{ dir: string; files: number; url: string }> {
  const pin = thirdPartyManifest()[name];
  const base = (opts.baseUrl ?? process.env[BASE_URL_ENV] ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new InputInvalidError(`vectors base URL must be http(s): ${base}`);
  const url = `${base}/${pin.repository}/tar.gz/${pin.commit}`;
  const final = cacheDir(name);
  const tmp = `${final}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  opts.log?.(`${name}: downloading ${url}`);
  await mkdir(tmp, { recursive: true });
  try {
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new VectorsFetchError('ERR_CONFORMANCE_VECTORS_DOWNLOAD', `cannot download ${url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`, { cause: e });
    }
    if (!res.ok || !res.body) throw new VectorsFetchError('ERR_CONFORMANCE_VECTORS_DOWNLOAD', `cannot download ${url}: HTTP ${res.status}`);
    const { x } = await import('tar');
    const wanted = new Set(Object.keys(pin.files));
    // The archive's top directory is `<repo>-<commit>/`: strip it and keep only the manifest's files.
    const inRepo = (path: string): string => path.replace(/^\.\//, '').split('/').slice(1).join('/');
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
        x({ cwd: tmp, strip: 1, filter: (path) => wanted.has(inRepo(path)) || path.endsWith('/') }),
      );
    } catch (e) {
      throw new VectorsFetchError('ERR_CONFORMANCE_VECTORS_DOWNLOAD', `cannot unpack ${url}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const { missing, mismatched } = await verifyThirdParty(name, tmp);
    if (missing.length || mismatched.length) {
      const first = mismatched[0] ?? missing[0];
      throw new VectorsFetchError(
        'ERR_CONFORMANCE_VECTORS_INTEGRITY',
        `${name} at ${pin.commit.slice(0, 12)} does not match the pinned SHA-256 manifest: ${mismatched.length} file(s) differ, ${missing.length} missing (first: ${first}); nothing was installed`,
      );
    }
    await writeFile(join(tmp, MARKER), JSON.stringify({ repository: pin.repository, commit: pin.commit, url, files: wanted.size, fetchedAt: new Date().toISOString() }, null, 2) + '\n');
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    opts.log?.(`${name}: ${wanted.size} files verified, installed in ${final}`);
    return { dir: final, files: wanted.size, url };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    // and the cache folders this call created, when they are now empty (rmdir refuses non-empty ones)
    for (const dir of [join(cacheRoot(), name), cacheRoot()]) await rmdir(dir).catch(() => undefined);
    throw e;
  }
}
