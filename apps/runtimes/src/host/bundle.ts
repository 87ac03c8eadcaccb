/**
 * One esbuild bundle for the runtimes that cannot load node_modules (headless Chromium and workerd): the
 * runtime-neutral suite entry (with @cryptoplug/backends, conformance and core, from their built dist/) in a shared
 * chunk, plus one thin entry per runtime. (Node, Bun and Deno run the same suite entry unbundled, as their users load
 * npm packages; a browser-targeted bundle on Bun/Deno would even be wrong: node-forge sees process.versions.node,
 * takes its Node paths and finds the `crypto: false` browser stub — `_crypto.randomBytes is not a function`.)
 *
 * - platform `browser`: package.json `browser` fields apply (node-forge then maps `crypto` to an empty module and uses
 *   its pure-JS paths — the build a browser or worker user gets);
 * - format ESM with code splitting and `node:*` external: the node backend imports node:crypto only in modules it
 *   loads lazily after `await import('node:crypto')` succeeded, and splitting keeps those modules in their own chunk, so
 *   a runtime without node:crypto (Chromium, workerd without nodejs_compat) never evaluates a static node: import and
 *   the registry reports the node backend as unavailable;
 * - no minification (readable stacks), target ES2022.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR, DIST } from './paths.js';

export const RUNNER_ENTRIES = ['browser', 'workerd'] as const;

export interface BundleInfo {
  dir: string;
  /** File names in `dir` (entries and chunks). */
  files: string[];
  bytes: number;
  ms: number;
}

export async function buildBundle(outdir = BUNDLE_DIR): Promise<BundleInfo> {
  const esbuild = await import('esbuild');
  const t0 = performance.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: RUNNER_ENTRIES.map((n) => ({ in: join(DIST, 'runners', `${n}.js`), out: n })),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['node:*'],
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  if (result.errors.length) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.js')) files.push(`${prefix}${e.name}`);
    }
  };
  walk(outdir, '');
  const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  return { dir: outdir, files: files.sort(), bytes, ms: Math.round(performance.now() - t0) };
}
