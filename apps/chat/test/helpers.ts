/** Test helpers: servers on PGlite or PostgreSQL in temp dirs, registered users, database dumps. */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Backend, PrivateKey } from '@cryptoplug/core';
import { generateVirgilKeyPair } from '@cryptoplug/e2ee';
import { ChatClient, MIGRATIONS, defaultBackend, migrate, openPglite, runServer, type Db, type RunningServer } from '../src/index.js';

let backendP: Promise<Backend> | undefined;
export const backend = (): Promise<Backend> => (backendP ??= defaultBackend());

export async function tempDir(prefix = 'chat-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A migrated, empty PGlite data directory made once per machine (creating one runs initdb in WASM: tens of seconds on
 * a busy machine; copying it takes milliseconds). Made in a temp dir and renamed into place, so parallel test files
 * never see half of one.
 */
export async function pgliteTemplate(): Promise<string> {
  // keyed by the installed PGlite (its data format) and the number of migrations
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  let dirOf = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!(await stat(join(dirOf, 'package.json')).then(() => true, () => false))) dirOf = dirname(dirOf);
  const pgliteVersion = (JSON.parse(await readFile(join(dirOf, 'package.json'), 'utf8')) as { version: string }).version;
  const path = join(tmpdir(), `cryptoplug-chat-pglite-template-${pgliteVersion}-m${MIGRATIONS.length}`);
  if (await stat(join(path, 'PG_VERSION')).then(() => true, () => false)) return path;
  const tmp = await mkdtemp(join(tmpdir(), 'chat-template-'));
  const db = await openPglite(join(tmp, 'db'));
  await migrate(db);
  await db.close();
  try {
    await rename(join(tmp, 'db'), path);
  } catch {
    /* another test file made it first */
  }
  await rm(tmp, { recursive: true, force: true });
  return path;
}

export async function startServer(options: { dataDir?: string; databaseUrl?: string; bodyLimit?: number } = {}): Promise<RunningServer & { dataDir: string }> {
  const dir = options.dataDir ? { path: options.dataDir, remove: async () => undefined } : await tempDir();
  if (!options.databaseUrl && !options.dataDir) await cp(await pgliteTemplate(), join(dir.path, 'pglite'), { recursive: true });
  const s = await runServer({
    dataDir: dir.path,
    backend: await backend(),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  return {
    ...s,
    dataDir: dir.path,
    close: async () => {
      await s.close();
      await dir.remove();
    },
  };
}

export interface User {
  name: string;
  key: PrivateKey;
  client: ChatClient;
  cardId: string;
}

/** A user with a fresh ED25519 key registered through an operator invitation on `server` (pinning its directory key). */
export async function user(server: { url: string; operatorToken: string; directoryPublicKey: string }, name: string, url = server.url): Promise<User> {
  const b = await backend();
  const operator = new ChatClient({ url: server.url, backend: b });
  const { token } = await operator.invite(server.operatorToken);
  const key = await generateVirgilKeyPair(b, 'ed25519');
  const client = new ChatClient({ url, backend: b, directoryKey: server.directoryPublicKey });
  const card = await client.register(token, name, key);
  return { name, key, client, cardId: card.id };
}

/** Every row of every table, as text (for "no plaintext, no private key" searches). */
export async function dumpDb(db: Db): Promise<string> {
  const tables = (await db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename);
  assert.ok(tables.includes('messages') && tables.includes('cards'));
  let out = '';
  for (const t of tables) {
    const rows = (await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${t}" t`)).rows;
    out += rows.map((r) => r.j).join('\n') + '\n';
  }
  return out;
}

export async function rejectsCode(p: Promise<unknown>, code: string, status?: number): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    const err = e as { code?: string; status?: number; message?: string };
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (status !== undefined) assert.equal(err.status, status);
    return true;
  });
}

/** Waits until `cond()` holds (polling), failing after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
