/**
 * Bundle-size measurement, the way a browser/edge user pays for an import: esbuild, browser platform, ESM, minified,
 * tree-shaken, every dependency bundled. What is counted is the static import graph of the entry — what a page loads up
 * front. Modules behind a dynamic `import()` (loaded only by the functions that need them, e.g. the DER signature
 * codec or key generation) are left out and listed in `lazy`: an application bundler puts them in chunks of their own.
 * (esbuild's own code splitting is not used for this because it assigns shared modules to chunks by file reachability,
 * which would put unused code into the initial chunk of a small entry.) Sizes are deterministic (unlike time), so tests
 * may assert budgets on them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export interface BundleSize {
  readonly name: string;
  /** Minified bytes. */
  readonly raw: number;
  /** Gzip (level 9) bytes of the minified bundle. */
  readonly gzip: number;
  /** Specifiers of the dynamic imports left out of the bundle (loaded on first use). */
  readonly lazy: readonly string[];
  /** The same, with the (absolute) file of the module that writes each `import()`. */
  readonly lazyImports: ReadonlyArray<{ readonly specifier: string; readonly importer: string }>;
  /** The input files (paths relative to `resolveDir`) in the bundle, largest first. */
  readonly inputs: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
}

export interface MeasureOptions {
  /** Directory the entry's bare imports resolve from (a workspace folder with node_modules above it). */
  readonly resolveDir: string;
  /** Bundle for this platform (default 'browser'). */
  readonly platform?: 'browser' | 'neutral' | 'node';
}

/**
 * Writes `source` as an entry file into a temporary folder under `resolveDir`, bundles it and returns the sizes. The
 * entry should keep what it imports alive (export it or call it), as a real application would.
 */
export async function measureBundle(name: string, source: string, options: MeasureOptions): Promise<BundleSize> {
  const dir = mkdtempSync(join(options.resolveDir, '.bundle-size-'));
  try {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(entry, source);
    const lazy = new Map<string, [spec: string, importer: string]>(); // importer + specifier → both (importer absolute)
    const lazyImports: Plugin = {
      name: 'lazy-imports',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind !== 'dynamic-import') return undefined;
          lazy.set(`${args.importer}\0${args.path}`, [args.path, args.importer]);
          return { path: args.path, external: true };
        });
      },
    };
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: options.platform ?? 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: options.resolveDir,
      plugins: [lazyImports],
    });
    const out = result.outputFiles[0]!.contents;
    const meta = Object.values(result.metafile.outputs)[0]!;
    const inputs = Object.entries(meta.inputs)
      .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
      .filter((i) => i.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes);
    // Only the dynamic imports still in the bundle after tree shaking: the importing module is in it, and so is the
    // `import()` itself (a function that tree shaking dropped takes its `import()` with it).
    const kept = new Set(inputs.map((i) => join(options.resolveDir, i.path)));
    const text = result.outputFiles[0]!.text;
    const lazyKept = [...lazy.values()].filter(([spec, importer]) => kept.has(importer) && text.includes(JSON.stringify(spec)));
    return {
      name,
      raw: out.length,
      gzip: gzipSync(out, { level: 9 }).length,
      lazy: [...new Set(lazyKept.map(([spec]) => spec))].sort(),
      lazyImports: lazyKept.map(([specifier, importer]) => ({ specifier, importer })),
      inputs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sizes in KB with one decimal. */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A markdown table of measurements: name, raw, gzip (and an optional note per row). */
export function formatBundleTable(rows: ReadonlyArray<BundleSize & { readonly note?: string }>): string {
  const lines = ['| bundle | minified | gzip | loaded on first use | note |', '| --- | ---: | ---: | --- | --- |'];
  for (const r of rows) {
    const lazy = r.lazy.map((l) => l.replace(/^.*\//, '').replace(/\.js$/, '')).join(', ') || '—';
    lines.push(`| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${lazy} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

/** The packages (top folder under node_modules, or workspace package) that contribute bytes to a bundle. */
export function packagesIn(size: BundleSize): Map<string, number> {
  const out = new Map<string, number>();
  for (const { path, bytes } of size.inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path) ?? /(?:^|\/)packages\/([^/]+)\//.exec(path);
    const name = m ? m[1]! : path;
    out.set(name, (out.get(name) ?? 0) + bytes);
  }
  return out;
}
