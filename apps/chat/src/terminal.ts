/**
 * The terminal client behind `cryptoplug chat …` (apps/cli defines the options and loads this module lazily).
 *
 * A profile file (JSON, default `chat-profile.json`, or $CRYPTOPLUG_CHAT_PROFILE) written by `register` remembers the
 * server URL, the pinned directory key, the identity, the card id and the path of the private key file; the private key
 * itself stays in its own file (the `cryptoplug e2ee keygen --type ed25519` formats, optionally passphrase-protected).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputInvalidError, KeyUsageError, type Backend, type PrivateKey } from '@cryptoplug/core';
import { importVirgilPrivateKey } from '@cryptoplug/e2ee';
import { ChatClient, type ReadMessage } from './client.js';
import { ChatError } from './errors.js';
import { runServer, defaultBackend } from './run.js';

export interface Io {
  out(text: string): void;
  err(line: string): void;
}

export interface Profile {
  server: string;
  directoryKey: string;
  identity: string;
  cardId: string;
  /** Path of the private key file (relative paths are relative to the profile file). */
  key: string;
}

export const DEFAULT_PROFILE = 'chat-profile.json';
export const profilePath = (p?: string): string => p ?? process.env.CRYPTOPLUG_CHAT_PROFILE ?? DEFAULT_PROFILE;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new InputInvalidError(`cannot read ${what} "${path}" (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause });
  }
}

async function readPassphrase(file?: string): Promise<string | undefined> {
  if (!file) return undefined;
  const p = (await readText(file, 'passphrase file')).replace(/[\r\n]+$/, '');
  if (!p) throw new InputInvalidError(`passphrase file "${file}" is empty`);
  return p;
}

export async function readPrivateKey(path: string, passphraseFile?: string): Promise<PrivateKey> {
  const text = await readText(path, 'key file');
  const passphrase = await readPassphrase(passphraseFile);
  const key = importVirgilPrivateKey(text.trim(), passphrase ? { passphrase } : {});
  if (key.kty !== 'OKP' || key.curve !== 'Ed25519') throw new KeyUsageError('a chat key is ED25519 (cryptoplug e2ee keygen --type ed25519)');
  return key;
}

export async function loadProfile(path: string): Promise<Profile> {
  let p: Partial<Profile>;
  try {
    p = JSON.parse(await readText(path, 'chat profile (run `cryptoplug chat register` first)')) as Partial<Profile>;
  } catch (e) {
    if (e instanceof InputInvalidError) throw e;
    throw new InputInvalidError(`chat profile "${path}" is not JSON`);
  }
  for (const k of ['server', 'directoryKey', 'identity', 'cardId', 'key'] as const) {
    if (typeof p[k] !== 'string') throw new InputInvalidError(`chat profile "${path}" lacks "${k}"`);
  }
  return p as Profile;
}

async function clientFor(o: { profile?: string; passphraseFile?: string; backend?: Backend }): Promise<{ client: ChatClient; profile: Profile }> {
  const path = profilePath(o.profile);
  const profile = await loadProfile(path);
  const keyPath = isAbsolute(profile.key) ? profile.key : join(dirname(resolve(path)), profile.key);
  const key = await readPrivateKey(keyPath, o.passphraseFile);
  const client = new ChatClient({ url: profile.server, backend: o.backend ?? (await defaultBackend()), directoryKey: profile.directoryKey, key, cardId: profile.cardId });
  return { client, profile };
}

/** A member argument: a card id (64 hex) or an identity (its current card). */
async function cardRef(client: ChatClient, ref: string): Promise<string> {
  if (/^[0-9a-f]{64}$/.test(ref)) return ref;
  return (await client.current(ref)).id;
}

export function formatMessage(m: ReadMessage): string {
  const mark = m.verified ? '✓' : '⚠ UNVERIFIED';
  const body = m.text ?? '(cannot decrypt)';
  return `#${m.id} ${m.sentAt} ${m.sender} ${mark}: ${body}${m.warning ? `  [${m.warning}]` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------------

export interface ServeOptions {
  data: string;
  databaseUrl?: string;
  port: number;
  host: string;
  json?: boolean;
}

/** Runs until SIGINT/SIGTERM. */
export async function serve(o: ServeOptions, io: Io): Promise<void> {
  const s = await runServer({ dataDir: o.data, port: o.port, host: o.host, ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}) });
  const info = { url: s.url, directoryKey: s.directoryPublicKey, operatorTokenFile: join(o.data, 'operator.token'), database: o.databaseUrl ? 'postgres' : join(o.data, 'pglite'), created: s.created };
  if (o.json) io.out(JSON.stringify(info) + '\n');
  else {
    io.err(`chat server listening on ${s.url} (${s.db.kind}: ${info.database})`);
    io.err(`${s.created ? 'generated the' : 'the'} directory key; clients pin it: ${s.directoryPublicKey}`);
    io.err(`operator token in ${info.operatorTokenFile}; invite users with: cryptoplug chat invite --server ${s.url} --data ${o.data}`);
    io.out(s.url + '\n');
  }
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await s.close();
}

export async function invite(o: { server: string; data?: string; operatorTokenFile?: string; ttl?: number; identity?: string; json?: boolean }, io: Io): Promise<void> {
  const file = o.operatorTokenFile ?? (o.data ? join(o.data, 'operator.token') : undefined);
  if (!file) throw new InputInvalidError('give --data DIR (the server data directory) or --operator-token-file FILE');
  const token = (await readText(file, 'operator token file')).trim();
  const client = new ChatClient({ url: o.server, backend: await defaultBackend() });
  const inv = await client.invite(token, { ...(o.ttl ? { ttl: o.ttl } : {}), ...(o.identity ? { identity: o.identity } : {}) });
  io.out(o.json ? JSON.stringify(inv) + '\n' : inv.token + '\n');
  if (!o.json) io.err(`invitation valid until ${inv.expiresAt}`);
}

export async function register(
  o: { server: string; invitation: string; identity: string; key: string; passphraseFile?: string; directoryKey?: string; profile?: string; json?: boolean },
  io: Io,
): Promise<void> {
  const key = await readPrivateKey(o.key, o.passphraseFile);
  const client = new ChatClient({ url: o.server, backend: await defaultBackend(), ...(o.directoryKey ? { directoryKey: o.directoryKey } : {}) });
  const pinned = await client.directory();
  const card = await client.register(o.invitation, o.identity, key);
  const path = profilePath(o.profile);
  const profile: Profile = { server: client.url, directoryKey: pinned, identity: card.identity, cardId: card.id, key: resolve(o.key) };
  await writeFile(path, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  if (o.json) io.out(JSON.stringify({ card, profile: path }) + '\n');
  else io.out(card.id + '\n');
  io.err(`registered "${card.identity}" (card ${card.id.slice(0, 16)}…); profile written to ${path}${o.directoryKey ? '' : `; directory key pinned on first use: ${pinned}`}`);
}

type Common = { profile?: string; passphraseFile?: string; json?: boolean };

export async function channelCreate(name: string, o: Common, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  const ch = await client.createChannel(name);
  io.out(o.json ? JSON.stringify(ch) + '\n' : ch.id + '\n');
}

export async function channelAdd(channelId: string, members: string[], o: Common, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  let ch;
  for (const m of members) ch = await client.addMember(channelId, await cardRef(client, m));
  io.out(o.json ? JSON.stringify(ch) + '\n' : ch!.members.map((m) => m.identity).join('\n') + '\n');
}

export async function channelRemove(channelId: string, members: string[], o: Common, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  let ch;
  for (const m of members) {
    // the removed card may be revoked or replaced already: look it up among all cards of the identity
    const id = /^[0-9a-f]{64}$/.test(m) ? m : ((await client.channel(channelId)).members.find((c) => c.identity === m)?.id ?? (await cardRef(client, m)));
    ch = await client.removeMember(channelId, id);
  }
  io.out(o.json ? JSON.stringify(ch) + '\n' : ch!.members.map((m) => m.identity).join('\n') + '\n');
}

export async function channelList(o: Common, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  const list = await client.channels();
  io.out(o.json ? JSON.stringify(list) + '\n' : list.map((c) => `${c.id} ${c.name}`).join('\n') + (list.length ? '\n' : ''));
}

export async function send(channelId: string, text: string, o: Common, io: Io): Promise<void> {
  if (text.length === 0) throw new InputInvalidError('the message is empty');
  const { client } = await clientFor(o);
  const m = await client.send(channelId, text);
  io.out(o.json ? JSON.stringify(m) + '\n' : `${m.id}\n`);
}

export async function read(channelId: string, o: Common & { after?: number }, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  const { messages, cursor } = await client.read(channelId, o.after ?? 0);
  if (o.json) io.out(JSON.stringify({ messages, cursor }) + '\n');
  else for (const m of messages) io.out(formatMessage(m) + '\n');
}

/** Prints live messages (every channel of this card, or one) until SIGINT, or until `count` were printed. */
export async function watch(channelId: string | undefined, o: Common & { count?: number }, io: Io): Promise<void> {
  const { client } = await clientFor(o);
  let printed = 0;
  let queue = Promise.resolve();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const sock = await client.watch((m) => {
    if (channelId && m.channelId !== channelId) return;
    queue = queue.then(async () => {
      const r = await client.open(m);
      io.out(o.json ? JSON.stringify(r) + '\n' : formatMessage(r) + '\n');
      if (o.count !== undefined && ++printed >= o.count) done();
    });
  });
  io.err(`watching ${channelId ?? 'all channels'} as ${(await client.card(client.cardId!)).identity}`);
  const stop = (): void => done();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await Promise.race([finished, sock.closed.then(() => {
    throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'the server closed the connection');
  })]);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await queue;
  await sock.close();
}
