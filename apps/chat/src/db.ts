/**
 * Storage: one small interface over PGlite (embedded PostgreSQL in WASM, data in a directory) and a real PostgreSQL
 * through `pg`. Both speak the same SQL; live delivery goes through `LISTEN/NOTIFY`, so several server instances on one
 * PostgreSQL each hear every message (PGlite has one connection and delivers its own notifications to itself).
 */
import { mkdir } from 'node:fs/promises';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Embedded PGlite in `dir` (created if missing), or in memory when `dir` is undefined. */
export async function openPglite(dir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir) await mkdir(dir, { recursive: true });
  const pg = new PGlite(dir);
  await pg.waitReady;
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await pg.query<T>(sql, params)).rows }),
    transaction: (fn) => pg.transaction((tx) => fn({ query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<T>(sql, params)).rows }) })),
    listen: async (channel, onPayload) => {
      const un = await pg.listen(channel, onPayload);
      return async () => un();
    },
    close: () => pg.close(),
  };
}

/** A PostgreSQL server at `url` (a pool for queries, one dedicated connection for LISTEN). */
export async function openPostgres(url: string): Promise<Db> {
  const pg = (await import('pg')).default;
  // int8 (bigint) as JS numbers: every int8 here is a cursor, a seq (< 2^53) or a millisecond time
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  let listener: InstanceType<typeof pg.Client> | undefined;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  async function listenerClient(): Promise<InstanceType<typeof pg.Client>> {
    if (listener) return listener;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    c.on('notification', (n) => {
      for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    c.on('error', () => {
      /* reported on the next query */
    });
    listener = c;
    return c;
  }
  const quote = (name: string): string => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
    return name;
  };
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await pool.query(sql, params)).rows as T[] }),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await client.query(sql, params)).rows as T[] }) });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onPayload) => {
      const c = await listenerClient();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await c.query(`LISTEN ${quote(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    close: async () => {
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

/**
 * Versioned schema migrations. Each runs once, in order, in its own transaction, under an advisory lock so instances
 * starting together against one PostgreSQL do not race. Append new versions; never edit an applied one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'directory, channels, messages',
    sql: `
CREATE TABLE invitations (
  token_hash text PRIMARY KEY,
  identity text,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  card_id text
);
CREATE TABLE identities (identity text PRIMARY KEY, first_card_id text NOT NULL);
CREATE TABLE cards (
  id text PRIMARY KEY,
  identity text NOT NULL REFERENCES identities(identity),
  public_key text NOT NULL UNIQUE,
  key_id text NOT NULL,
  created_at text NOT NULL,
  previous_card_id text REFERENCES cards(id),
  self_signature text NOT NULL,
  previous_signature text,
  directory_signature text NOT NULL,
  registered_at bigint NOT NULL,
  superseded_by text,
  revoked_at bigint
);
CREATE INDEX cards_identity ON cards(identity);
CREATE TABLE channels (
  id text PRIMARY KEY,
  name text NOT NULL,
  owner_card_id text NOT NULL REFERENCES cards(id),
  created_at bigint NOT NULL
);
CREATE TABLE members (
  channel_id text NOT NULL REFERENCES channels(id),
  card_id text NOT NULL REFERENCES cards(id),
  added_at bigint NOT NULL,
  PRIMARY KEY (channel_id, card_id)
);
CREATE INDEX members_card ON members(card_id);
CREATE TABLE sender_seq (
  channel_id text NOT NULL,
  card_id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (channel_id, card_id)
);
CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  channel_id text NOT NULL REFERENCES channels(id),
  sender_card_id text NOT NULL REFERENCES cards(id),
  seq bigint NOT NULL,
  sent_at text NOT NULL,
  ciphertext text NOT NULL,
  signature text NOT NULL,
  received_at bigint NOT NULL,
  UNIQUE (channel_id, sender_card_id, seq)
);
CREATE INDEX messages_channel ON messages(channel_id, id);
`,
  },
];

export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7264001)`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const done = new Set((await tx.query<{ version: number }>(`SELECT version FROM schema_migrations`)).rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const stmt of m.sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(stmt);
      await tx.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
