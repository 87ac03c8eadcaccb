/**
 * Two chat server instances against one real PostgreSQL (a cluster started for the test): users split across them,
 * live delivery through LISTEN/NOTIFY to sockets on both instances, migrations applied once, no plaintext stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredMessage } from '../src/index.js';
import { dumpDb, rejectsCode, startServer, tempDir, until, user, type User } from './helpers.js';
import { postgresSkip, startCluster, type Cluster } from './postgres.js';

const skip = postgresSkip();
if (skip) console.log(`# skipping the PostgreSQL suite: ${skip}`);

describe('two instances on one PostgreSQL', { skip }, () => {
  let cluster: Cluster;
  let a: Awaited<ReturnType<typeof startServer>>;
  let b: Awaited<ReturnType<typeof startServer>>;
  let shared: { path: string; remove: () => Promise<void> };
  let alice: User, bob: User, carol: User;

  before(async () => {
    cluster = await startCluster();
    shared = await tempDir();
    // both instances share the data dir's directory key and operator token; the database is PostgreSQL
    [a, b] = await Promise.all([startServer({ dataDir: shared.path, databaseUrl: cluster.url }), startServer({ dataDir: shared.path, databaseUrl: cluster.url })]);
    alice = await user(a, 'alice', a.url);
    bob = await user(a, 'bob', b.url); // invited on A, talks to B
    carol = await user(b, 'carol', b.url);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
    await shared?.remove();
  });

  it('migrations ran once', async () => {
    const rows = (await a.db.query<{ version: number }>(`SELECT version FROM schema_migrations ORDER BY version`)).rows;
    assert.deepEqual(rows.map((r) => Number(r.version)), [1]);
    assert.equal(a.directoryPublicKey, b.directoryPublicKey);
  });

  it('live messages reach subscribers on both instances; reads and removal work across them', async () => {
    const ch = await alice.client.createChannel('across');
    await alice.client.addMember(ch.id, bob.cardId);
    await alice.client.addMember(ch.id, carol.cardId);
    const seen: Record<string, StoredMessage[]> = { alice: [], bob: [], carol: [] };
    const socks = await Promise.all([alice, bob, carol].map((u) => u.client.watch((m) => seen[u.name]!.push(m))));
    const texts = ['from alice on A, pg-secret-1', 'from bob on B, pg-secret-2', 'from carol on B, pg-secret-3'];
    await alice.client.send(ch.id, texts[0]!);
    await bob.client.send(ch.id, texts[1]!);
    await socks[2]!.post(ch.id, await carol.client.seal(ch.id, texts[2]!));
    await until(() => Object.values(seen).every((l) => l.length === 3), 10_000, 'every member sees three messages');
    for (const [name, list] of Object.entries(seen)) {
      assert.deepEqual(list.map((m) => m.id), [...new Set(list.map((m) => m.id))], `${name}: each once`);
      const opened = await Promise.all(list.map((m) => ({ alice, bob, carol })[name as 'alice']!.client.open(m)));
      assert.deepEqual(opened.map((m) => [m.sender, m.text, m.verified]), [['alice', texts[0], true], ['bob', texts[1], true], ['carol', texts[2], true]]);
    }
    // carol removed through A; B's member cache is invalidated through NOTIFY
    await alice.client.removeMember(ch.id, carol.cardId);
    await alice.client.send(ch.id, 'after carol left, pg-secret-4');
    await until(() => seen.bob!.length === 4, 10_000, 'bob gets the fourth');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.carol!.length, 3, 'carol (on B) got nothing after her removal');
    await rejectsCode(carol.client.list(ch.id), 'ERR_CHAT_NOT_MEMBER', 403);
    for (const s of socks) await s.close();

    const dump = await dumpDb(a.db);
    assert.ok(dump.includes(alice.cardId));
    assert.ok(!dump.includes('pg-secret'), 'plaintext found in PostgreSQL');
  });
});
