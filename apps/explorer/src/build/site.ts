/**
 * Builds the page into `dist/site/` (run by `npm run build` after tsc): plain files, no network access at run time.
 *
 * - `app.js` (the page: rendering, chart.js, the import schema) and `worker.js` (every backend, the conformance runner,
 *   cryptoplug JOSE, panva jose, apps/bench's harness) plus their shared chunks: one esbuild run, ESM with code
 *   splitting, platform `browser`, `node:*` external — the node backend's modules that import node:crypto statically
 *   sit in a chunk loaded only after its `await import('node:crypto')` succeeded, so in a browser the registry reports
 *   `node` unavailable (apps/runtimes bundles the same way). Minified, with linked source maps.
 * - `data/vectors.json`: the repository's `vectors/primitives` suites and keys (the key files as base64), read with
 *   the conformance runner's own loader. Wycheproof is not bundled (not part of the repository; see server.ts).
 * - `run.schema.json`: JSON Schema of an exported run, generated from the zod schema (src/schema.ts).
 * - `index.html`, `style.css`; `build.json`: the size of every file (the bundle-size test reads it).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import * as z from 'zod/mini';
import { loadSuites } from '@cryptoplug/conformance/node';
import { explorerRunSchema } from '../schema.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(PKG, 'src', 'web');
export const OUT = join(PKG, 'dist', 'site');

export interface SizeReport {
  /** Every file under dist/site: bytes and gzip bytes. */
  files: Record<string, { bytes: number; gzip: number }>;
  /** The JavaScript a visitor's browser loads (app + worker + chunks). */
  js: { bytes: number; gzip: number };
  /** The bundled vectors (fetched by the workers, not parsed as code). */
  data: { bytes: number; gzip: number };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export async function buildSite(out = OUT): Promise<SizeReport> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'data'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [
      { in: join(WEB, 'main.ts'), out: 'app' },
      { in: join(WEB, 'worker.ts'), out: 'worker' },
    ],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['node:*'],
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'silent',
  });
  if (result.errors.length) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
  copyFileSync(join(WEB, 'index.html'), join(out, 'index.html'));
  copyFileSync(join(WEB, 'style.css'), join(out, 'style.css'));

  const loaded = await loadSuites({ suites: 'vectors/*' });
  const missing = Object.entries(loaded.missing ?? {});
  if (missing.length) throw new Error(`cannot read the repository's vectors: ${missing.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  const files = Object.fromEntries(Object.entries(loaded.primitiveKeys!.files).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  writeFileSync(join(out, 'data', 'vectors.json'), JSON.stringify({ suites: loaded.suites, primitiveKeys: { json: loaded.primitiveKeys!.json, files } }));
  writeFileSync(join(out, 'run.schema.json'), JSON.stringify(z.toJSONSchema(explorerRunSchema), null, 2) + '\n');

  const report: SizeReport = { files: {}, js: { bytes: 0, gzip: 0 }, data: { bytes: 0, gzip: 0 } };
  for (const path of walk(out).sort()) {
    const rel = relative(out, path).split('\\').join('/');
    if (rel === 'build.json') continue;
    const body = readFileSync(path);
    const size = { bytes: statSync(path).size, gzip: gzipSync(body, { level: 9 }).length };
    report.files[rel] = size;
    const into = rel.endsWith('.js') ? report.js : rel.startsWith('data/') ? report.data : undefined;
    if (into) {
      into.bytes += size.bytes;
      into.gzip += size.gzip;
    }
  }
  writeFileSync(join(out, 'build.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildSite();
  process.stderr.write(`explorer: dist/site — JavaScript ${kib(r.js.bytes)} (${kib(r.js.gzip)} gzip), vectors ${kib(r.data.bytes)} (${kib(r.data.gzip)} gzip)\n`);
}
