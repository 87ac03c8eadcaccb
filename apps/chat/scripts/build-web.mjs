// Bundles the browser client (web/app.ts) with esbuild into dist/web/app.js and copies index.html; prints the size.
// (Inside dist/ so turbo's build outputs, `files` and the cache cover it.)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'web', 'app.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // the client's Node-only fallback (the `ws` package) is never reached in a browser, which has WebSocket
  external: ['ws'],
  logLevel: 'warning',
});
copyFileSync(join(root, 'web', 'index.html'), join(out, 'index.html'));
const size = statSync(join(out, 'app.js')).size;
const gz = gzipSync(readFileSync(join(out, 'app.js'))).length;
console.log(`dist/web/app.js: ${(size / 1024).toFixed(1)} KiB (${(gz / 1024).toFixed(1)} KiB gzip)`);
