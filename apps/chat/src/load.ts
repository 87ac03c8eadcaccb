/**
 * Load script (not a test): U users, C channels, M messages posted over WebSocket, every message delivered exactly once
 * to every member's socket and none lost. The server runs in a child process (PGlite in a temp dir, or DATABASE_URL)
 * so its memory is measured alone (VmHWM / VmRSS from /proc).
 *
 *   node dist/load.js [--users 200] [--channels 20] [--messages 20000] [--members 10] [--data DIR] [--json]
 *
 * Each channel gets `members` users (round-robin over all users); messages are spread round-robin over channels and,
 * inside a channel, over its members. Sealing (Virgil encryption for every member + signature) happens before the
 * timed phase; the timed phase is posting over the sockets until every member has every message.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PrivateKey } from '@cryptoplug/core';
import { generateVirgilKeyPair } from '@cryptoplug/e2ee';
import { ChatClient, type ChatSocket } from './client.js';
import type { Card, PostBody, StoredMessage } from './protocol.js';
import { defaultBackend } from './run.js';

export interface LoadOptions {
  users: number;
  channels: number;
  messages: number;
  members: number;
  databaseUrl?: string;
  /** Server data directory to use (e.g. a prepared PGlite copy); default a fresh temp dir, removed afterwards. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface LoadResult {
  users: number;
  channels: number;
  messages: number;
  deliveries: number;
  expectedDeliveries: number;
  duplicates: number;
  lost: number;
  postSeconds: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  serverPeakRssMiB?: number;
  serverRssMiB?: number;
  database: 'pglite' | 'postgres';
}

async function procMemory(pid: number): Promise<{ hwm?: number; rss?: number }> {
  try {
    const s = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number | undefined => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return {};
  }
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const start = Date.now();
  const log = (line: string): void => o.log?.(`[${((Date.now() - start) / 1000).toFixed(1)}s] ${line}`);
  const backend = await defaultBackend();
  const dir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'chat-load-')));
  const here = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, join(here, '..', `load-server${here.endsWith('.ts') ? '.ts' : '.js'}`), dir, ...(o.databaseUrl ? [o.databaseUrl] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const sockets: ChatSocket[] = [];
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    const info = JSON.parse(line) as { url: string; directoryKey: string; operatorToken: string; pid: number };
    log(`server ${info.url} (pid ${info.pid})`);

    // users
    const operator = new ChatClient({ url: info.url, backend });
    const users: Array<{ client: ChatClient; key: PrivateKey; card: Card }> = [];
    for (let i = 0; i < o.users; i++) {
      const { token } = await operator.invite(info.operatorToken);
      const key = await generateVirgilKeyPair(backend, 'ed25519');
      const client = new ChatClient({ url: info.url, backend, directoryKey: info.directoryKey });
      users.push({ client, key, card: await client.register(token, `user${i}`, key) });
    }
    log(`${o.users} users registered`);

    // channels
    const channels: Array<{ id: string; members: number[]; cards: Card[] }> = [];
    let next = 0;
    for (let c = 0; c < o.channels; c++) {
      const members: number[] = [];
      for (let k = 0; k < Math.min(o.members, o.users); k++) members.push(next++ % o.users);
      const unique = [...new Set(members)];
      const owner = users[unique[0]!]!;
      const ch = await owner.client.createChannel(`load-${c}`);
      for (const u of unique.slice(1)) await owner.client.addMember(ch.id, users[u]!.card.id);
      channels.push({ id: ch.id, members: unique, cards: (await owner.client.channel(ch.id)).members });
    }
    log(`${o.channels} channels`);

    // sockets: count deliveries per (user, message)
    const received = users.map(() => new Map<number, number>());
    let deliveries = 0;
    for (let i = 0; i < users.length; i++) {
      sockets.push(
        await users[i]!.client.watch((m: StoredMessage) => {
          received[i]!.set(m.id, (received[i]!.get(m.id) ?? 0) + 1);
          deliveries++;
        }),
      );
    }

    log(`${sockets.length} sockets open`);

    // seal every message first (encryption for every member + signature): client-side work, not timed
    const plan: Array<{ user: number; channel: number; body: PostBody }> = [];
    for (let n = 0; n < o.messages; n++) {
      const c = n % channels.length;
      const ch = channels[c]!;
      const u = ch.members[Math.floor(n / channels.length) % ch.members.length]!;
      plan.push({ user: u, channel: c, body: await users[u]!.client.seal(ch.id, `load message ${n}`, ch.cards) });
      if ((n + 1) % 1000 === 0) log(`${n + 1} sealed`);
    }
    log(`${o.messages} messages sealed`);

    const expectedDeliveries = plan.reduce((s, p) => s + channels[p.channel]!.members.length, 0);
    const t0 = performance.now();
    // each user posts its messages in order (seq increases), users in parallel
    const byUser = new Map<number, typeof plan>();
    for (const p of plan) byUser.set(p.user, [...(byUser.get(p.user) ?? []), p]);
    const ids = new Map<number, { channel: number }>();
    await Promise.all(
      [...byUser.entries()].map(async ([u, list]) => {
        for (const p of list) ids.set(await sockets[u]!.post(channels[p.channel]!.id, p.body), { channel: p.channel });
      }),
    );
    const deadline = Date.now() + 120_000;
    while (deliveries < expectedDeliveries && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - t0) / 1000;
    const mem = await procMemory(info.pid);

    let duplicates = 0;
    let lost = 0;
    for (const [id, { channel }] of ids) {
      for (const u of channels[channel]!.members) {
        const n = received[u]!.get(id) ?? 0;
        if (n === 0) lost++;
        if (n > 1) duplicates += n - 1;
      }
    }
    return {
      users: o.users,
      channels: o.channels,
      messages: ids.size,
      deliveries,
      expectedDeliveries,
      duplicates,
      lost,
      postSeconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Math.round(ids.size / seconds),
      deliveriesPerSecond: Math.round(deliveries / seconds),
      ...(mem.hwm !== undefined ? { serverPeakRssMiB: Math.round(mem.hwm) } : {}),
      ...(mem.rss !== undefined ? { serverRssMiB: Math.round(mem.rss) } : {}),
      database: o.databaseUrl ? 'postgres' : 'pglite',
    };
  } finally {
    for (const s of sockets) await s.close().catch(() => undefined);
    child.stdin!.end();
    await new Promise((r) => {
      if (child.exitCode !== null) r(undefined);
      child.once('exit', r);
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
    if (!o.dataDir) await rm(dir, { recursive: true, force: true });
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runLoad({
    users: arg('users', 200),
    channels: arg('channels', 20),
    messages: arg('messages', 20000),
    members: arg('members', 10),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.argv.includes('--data') ? { dataDir: process.argv[process.argv.indexOf('--data') + 1]! } : {}),
    log: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(result) : Object.entries(result).map(([k, v]) => `${k}: ${v}`).join('\n')) + '\n');
  process.exitCode = result.lost === 0 && result.duplicates === 0 ? 0 : 1;
}
