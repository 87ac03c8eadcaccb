/**
 * The server behind `cryptoplug explorer`: fastify + @fastify/static serving the built page (`dist/site/`, plain files
 * that work from any static host as well) and — only when it finds the data — the Wycheproof test vectors for the full
 * conformance plan under `/wycheproof/`:
 *
 * - `GET /wycheproof/index.json` → `{ files: ["ecdsa_secp256r1_sha256_p1363_test.json", …] }` (the files of the suite
 *   catalogue that exist in the directory);
 * - `GET /wycheproof/<file>` → that file, for exactly the names in the index (nothing else of the directory is served).
 *
 * Where the data is: the conformance runner's rule (`CRYPTOPLUG_WYCHEPROOF_DIR`, else `<repo>/../shared/wycheproof`),
 * or `wycheproofDir`. Without it both answer 404 and the page shows the full plan's Wycheproof part as unavailable.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { listSuites } from '@cryptoplug/conformance';
import { resolveWycheproofDir } from '@cryptoplug/conformance/node';
import { ExplorerError } from './errors.js';

/** `dist/site`: the built page (index.html, JS, data). */
export const SITE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'site');

export interface ExplorerOptions {
  /** Default 4178; 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1 (this machine only); `0.0.0.0` serves the network. */
  host?: string;
  /** The built page (default {@link SITE_DIR}). */
  siteDir?: string;
  /** Wycheproof directory (the checkout or its `testvectors_v1/`); default as the conformance runner finds it. `false` = never serve it. */
  wycheproofDir?: string | false;
}

export interface WycheproofSource {
  dir: string;
  /** File names served (`<stem>_test.json`). */
  files: string[];
}

export interface ExplorerServer {
  /** `http://host:port/` */
  url: string;
  port: number;
  /** Where Wycheproof comes from, or why it is not served. */
  wycheproof: WycheproofSource | { unavailable: string };
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4178;
export const DEFAULT_HOST = '127.0.0.1';

/** The Wycheproof files of the suite catalogue present under `explicit` (or the conformance runner's default). */
export function findWycheproof(explicit?: string): WycheproofSource | { unavailable: string } {
  let dir: string;
  try {
    dir = resolveWycheproofDir(explicit);
  } catch (e) {
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
  const vectors = existsSync(join(dir, 'testvectors_v1')) ? join(dir, 'testvectors_v1') : dir;
  if (!existsSync(vectors)) return { unavailable: `no Wycheproof directory at ${dir} (set CRYPTOPLUG_WYCHEPROOF_DIR)` };
  const files = listSuites()
    .filter((s) => s.source === 'wycheproof')
    .map((s) => s.file.replace(/^.*\//, ''))
    .filter((f) => existsSync(join(vectors, f)));
  if (files.length === 0) return { unavailable: `no Wycheproof test files in ${vectors}` };
  return { dir: vectors, files };
}

export function buildServer(opts: ExplorerOptions = {}): { app: FastifyInstance; wycheproof: ExplorerServer['wycheproof'] } {
  const siteDir = opts.siteDir ?? SITE_DIR;
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new ExplorerError('ERR_EXPLORER_SITE_MISSING', `the explorer page is not built (${join(siteDir, 'index.html')} is missing; run npm run build)`);
  }
  const wycheproof = opts.wycheproofDir === false ? { unavailable: 'disabled' } : findWycheproof(opts.wycheproofDir);
  // forceCloseConnections: Ctrl-C stops at once, even with a browser holding keep-alive connections open.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  void app.register(fastifyStatic, { root: siteDir, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: 0 });
  if ('dir' in wycheproof) {
    const allowed = new Set(wycheproof.files);
    void app.register(
      async (scope) => {
        scope.get('/index.json', async () => ({ files: wycheproof.files }));
        scope.get<{ Params: { file: string } }>('/:file', (req, reply) => {
          if (!allowed.has(req.params.file)) return reply.code(404).send({ error: 'not a served Wycheproof file' });
          return reply.sendFile(req.params.file, wycheproof.dir);
        });
      },
      { prefix: '/wycheproof' },
    );
  }
  return { app, wycheproof };
}

/** Starts the server; resolves once it listens. */
export async function startExplorer(opts: ExplorerOptions = {}): Promise<ExplorerServer> {
  const port = opts.port ?? DEFAULT_PORT;
  const host = opts.host ?? DEFAULT_HOST;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ExplorerError('ERR_EXPLORER_LISTEN', `invalid port ${String(port)} (0–65535)`);
  const { app, wycheproof } = buildServer(opts);
  try {
    await app.listen({ port, host });
  } catch (e) {
    await app.close().catch(() => {});
    const code = (e as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use (try --port 0 for any free port)` : e instanceof Error ? e.message : String(e);
    throw new ExplorerError('ERR_EXPLORER_LISTEN', `cannot listen on ${host}:${port}: ${why}`, { cause: e });
  }
  const addr = app.server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${addr.port}/`,
    port: addr.port,
    wycheproof,
    close: () => app.close(),
  };
}
