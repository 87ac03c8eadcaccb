/**
 * Starting a server from a data directory: the directory key (`directory-key.pem`, generated at first start) and the
 * operator token (`operator.token`) live there, and so does the embedded database (`pglite/`) unless a PostgreSQL URL
 * is given. Several instances on one PostgreSQL share one data directory (or copies of its two files).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64, exportPem, type Backend, type PrivateKey } from '@cryptoplug/core';
import { importVirgilPrivateKey } from '@cryptoplug/e2ee';
import { migrate, openPglite, openPostgres, type Db } from './db.js';
import { createChatServer, type ChatServer } from './server.js';

export interface RunOptions {
  dataDir: string;
  /** postgres://… ; default: PGlite in `<dataDir>/pglite`. */
  databaseUrl?: string;
  port?: number;
  host?: string;
  backend?: Backend;
  bodyLimit?: number;
  /** Serve the browser client (default true when its bundle is built). */
  web?: boolean;
  logger?: boolean;
}

export interface RunningServer {
  server: ChatServer;
  db: Db;
  url: string;
  directoryPublicKey: string;
  operatorToken: string;
  /** True when this start generated the directory key. */
  created: boolean;
  close(): Promise<void>;
}

export async function defaultBackend(): Promise<Backend> {
  const { createRegistry } = await import('@cryptoplug/backends');
  return createRegistry().select('auto');
}

async function readOrCreate(path: string, make: () => Promise<string> | string, mode: number): Promise<{ text: string; created: boolean }> {
  try {
    return { text: await readFile(path, 'utf8'), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const text = await make();
  try {
    await writeFile(path, text, { mode, flag: 'wx' });
    return { text, created: true };
  } catch (e) {
    // another instance created it first
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { text: await readFile(path, 'utf8'), created: false };
    throw e;
  }
}

/** Loads (or creates) the directory key and operator token of a data directory. */
export async function loadSecrets(dataDir: string, backend: Backend): Promise<{ directoryKey: PrivateKey; operatorToken: string; created: boolean }> {
  await mkdir(dataDir, { recursive: true });
  const key = await readOrCreate(join(dataDir, 'directory-key.pem'), async () => exportPem(await backend.generateKey('ed25519'), 'pkcs8'), 0o600);
  const token = await readOrCreate(join(dataDir, 'operator.token'), () => base64(backend.randomBytes(24)).replace(/\+/g, '-').replace(/\//g, '_') + '\n', 0o600);
  return { directoryKey: importVirgilPrivateKey(key.text), operatorToken: token.text.trim(), created: key.created };
}

export async function openDb(dataDir: string, databaseUrl?: string): Promise<Db> {
  const db = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(join(dataDir, 'pglite'));
  await migrate(db);
  return db;
}

export async function runServer(options: RunOptions): Promise<RunningServer> {
  const backend = options.backend ?? (await defaultBackend());
  const secrets = await loadSecrets(options.dataDir, backend);
  const db = await openDb(options.dataDir, options.databaseUrl);
  let server: ChatServer;
  try {
    const web = options.web === false ? undefined : await import('./web.js').then((m) => m.webRoutes()).catch(() => undefined);
    server = await createChatServer({
      db,
      backend,
      directoryKey: secrets.directoryKey,
      operatorToken: secrets.operatorToken,
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(web ? { decorate: web } : {}),
      ...(options.logger ? { logger: true } : {}),
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    server,
    db,
    url,
    directoryPublicKey: server.directoryPublicKey,
    operatorToken: secrets.operatorToken,
    created: secrets.created,
    async close() {
      await server.close();
      await db.close();
    },
  };
}
