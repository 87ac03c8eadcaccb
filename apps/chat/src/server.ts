/**
 * The chat server: key directory + channel service over HTTP (fastify) and live delivery over WebSocket
 * (@fastify/websocket). It stores cards (public keys and signatures), invitation hashes, channel membership and, per
 * message, only the ciphertext, the sender's signature, the sender card id, the sender's sequence number and times.
 * It never receives a private key or a plaintext.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { base64, bytesToHex, fromBase64, utf8, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { VirgilCodec, exportVirgilPublicKey, virgilKeyId } from '@cryptoplug/e2ee';
import { ChatError } from './errors.js';
import type { Db, Queryable } from './db.js';
import {
  AUTH_WINDOW_MS,
  WELL_KNOWN_PATH,
  authBytes,
  cardBytes,
  cardIdOf,
  cardPublicKey,
  channelBody,
  countersignBytes,
  invitationBody,
  listQuery,
  memberBody,
  messageBytes,
  postBody,
  registerBody,
  revokeBody,
  revokeBytes,
  rotateBody,
  rotateBytes,
  sign,
  verify,
  type Card,
  type PostBody,
  type StoredMessage,
} from './protocol.js';

export interface ChatServerOptions {
  db: Db;
  backend: Backend;
  /** The directory's ED25519 key: countersigns every card. */
  directoryKey: PrivateKey;
  /** Bearer token of the operator (invitations). */
  operatorToken: string;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Extra routes (the browser client's static files). */
  decorate?: (app: FastifyInstance) => void | Promise<void>;
  logger?: boolean;
}

export interface ChatServer {
  readonly app: FastifyInstance;
  /** base64 SPKI of the directory key (what clients pin). */
  readonly directoryPublicKey: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const NOTIFY_MESSAGES = 'chat_messages';
const NOTIFY_MEMBERS = 'chat_members';
const DAY = 86_400;

interface CardRow {
  id: string;
  identity: string;
  public_key: string;
  key_id: string;
  created_at: string;
  previous_card_id: string | null;
  self_signature: string;
  previous_signature: string | null;
  directory_signature: string;
  superseded_by: string | null;
  revoked_at: number | string | null;
}

interface MessageRow {
  id: number | string;
  channel_id: string;
  sender_card_id: string;
  seq: number | string;
  sent_at: string;
  ciphertext: string;
  signature: string;
  received_at: number | string;
}

function toCard(r: CardRow): Card {
  return {
    id: r.id,
    identity: r.identity,
    publicKey: r.public_key,
    createdAt: r.created_at,
    ...(r.previous_card_id ? { previousCardId: r.previous_card_id, previousSignature: r.previous_signature ?? undefined } : {}),
    selfSignature: r.self_signature,
    directorySignature: r.directory_signature,
    ...(r.superseded_by ? { supersededBy: r.superseded_by } : {}),
    ...(r.revoked_at !== null ? { revokedAt: Number(r.revoked_at) } : {}),
  };
}

function toMessage(r: MessageRow): StoredMessage {
  return {
    id: Number(r.id),
    channelId: r.channel_id,
    senderCardId: r.sender_card_id,
    seq: Number(r.seq),
    sentAt: r.sent_at,
    message: r.ciphertext,
    sign: r.signature,
    receivedAt: Number(r.received_at),
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ChatError('ERR_CHAT_MALFORMED', `invalid request: ${where}${issue?.message ?? 'bad input'}`);
  }
  return r.data;
}

export async function createChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const { db, backend } = options;
  const codec = new VirgilCodec(backend);
  const directoryPublic: PublicKey = options.directoryKey.publicKey();
  const directoryPublicKey = base64(exportVirgilPublicKey(directoryPublic));
  const directoryKeyId = bytesToHex(await virgilKeyId(backend, directoryPublic));
  const operatorHash = bytesToHex(await backend.digest('SHA-256', utf8(options.operatorToken)));

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 1024 * 1024 });
  await app.register(websocket, { options: { maxPayload: options.bodyLimit ?? 1024 * 1024 } });

  // JSON bodies kept raw as well: a signed request covers the hash of the exact bytes sent
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
    if ((body as string).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ChatError('ERR_CHAT_MALFORMED', 'the body is not JSON'), undefined);
    }
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, _req, reply) => {
    if (error instanceof ChatError) return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: { code: 'ERR_CHAT_BODY_TOO_LARGE', message: 'the body is larger than the server accepts' } });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode === 415 ? 415 : 400).send({ error: { code: 'ERR_CHAT_MALFORMED', message: error.message.split('\n')[0] } });
    }
    app.log.error(error);
    return reply.status(500).send({ error: { code: 'ERR_CHAT_INTERNAL', message: 'internal error' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: { code: 'ERR_CHAT_NOT_FOUND', message: 'no such route' } }));

  // -------------------------------------------------------------------------------------------------------------------
  // helpers

  async function cardById(q: Queryable, id: string): Promise<CardRow | undefined> {
    return (await q.query<CardRow>(`SELECT * FROM cards WHERE id = $1`, [id])).rows[0];
  }

  /** Checks a signed request: x-chat-card, x-chat-time, x-chat-signature over method, URL, time and body hash. */
  async function authenticate(method: string, url: string, headers: Record<string, unknown>, rawBody: string | undefined): Promise<CardRow> {
    const cardId = headers['x-chat-card'];
    const time = Number(headers['x-chat-time']);
    const signature = headers['x-chat-signature'];
    if (typeof cardId !== 'string' || typeof signature !== 'string' || !Number.isSafeInteger(time)) {
      throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'sign the request (x-chat-card, x-chat-time, x-chat-signature)');
    }
    if (Math.abs(Date.now() - time) > AUTH_WINDOW_MS) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'the request time is too far from the server clock');
    const card = /^[0-9a-f]{64}$/.test(cardId) ? await cardById(db, cardId) : undefined;
    if (!card) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'unknown card');
    if (card.revoked_at !== null || card.superseded_by !== null) throw new ChatError('ERR_CHAT_CARD_INACTIVE', 'the card was revoked or replaced');
    const bodyHash = rawBody ? bytesToHex(await backend.digest('SHA-256', utf8(rawBody))) : '';
    if (!(await verify(backend, cardPublicKey(toCard(card)), authBytes(method, url, time, bodyHash), signature))) {
      throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'the request signature does not verify with the card key');
    }
    return card;
  }
  const auth = (req: FastifyRequest): Promise<CardRow> =>
    authenticate(req.method, req.url, req.headers as Record<string, unknown>, (req as FastifyRequest & { rawBody?: string }).rawBody);

  async function channelOf(q: Queryable, id: string): Promise<{ id: string; name: string; owner_card_id: string }> {
    const ch = (await q.query<{ id: string; name: string; owner_card_id: string }>(`SELECT id, name, owner_card_id FROM channels WHERE id = $1`, [id])).rows[0];
    if (!ch) throw new ChatError('ERR_CHAT_NOT_FOUND', 'no such channel');
    return ch;
  }
  async function memberCards(q: Queryable, channelId: string): Promise<CardRow[]> {
    return (await q.query<CardRow>(`SELECT c.* FROM members m JOIN cards c ON c.id = m.card_id WHERE m.channel_id = $1 ORDER BY m.added_at, c.id`, [channelId])).rows;
  }
  async function requireMember(q: Queryable, channelId: string, cardId: string): Promise<void> {
    await channelOf(q, channelId);
    const r = await q.query(`SELECT 1 FROM members WHERE channel_id = $1 AND card_id = $2`, [channelId, cardId]);
    if (r.rows.length === 0) throw new ChatError('ERR_CHAT_NOT_MEMBER', 'the card is not a member of this channel');
  }
  async function channelView(q: Queryable, channelId: string) {
    const ch = await channelOf(q, channelId);
    return { id: ch.id, name: ch.name, ownerCardId: ch.owner_card_id, members: (await memberCards(q, channelId)).map(toCard) };
  }
  async function countersign(cardId: string): Promise<string> {
    return sign(backend, options.directoryKey, countersignBytes(cardId));
  }

  // -------------------------------------------------------------------------------------------------------------------
  // the message path (HTTP and WebSocket)

  async function post(sender: CardRow, channelId: string, body: PostBody): Promise<StoredMessage> {
    if (body.senderCardId !== sender.id) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'senderCardId is not the card that signed the request');
    await requireMember(db, channelId, sender.id);
    const signed = messageBytes({ channelId, senderCardId: sender.id, seq: body.seq, sentAt: body.sentAt, message: body.message });
    if (!(await verify(backend, cardPublicKey(toCard(sender)), signed, body.sign))) {
      throw new ChatError('ERR_CHAT_MESSAGE_SIGNATURE', 'the message signature does not verify with the sender card');
    }
    let recipients: string[];
    try {
      recipients = codec.inspect(fromBase64(body.message)).recipients.map((r) => r.id);
    } catch {
      throw new ChatError('ERR_CHAT_MALFORMED', 'message is not a Virgil ciphertext');
    }
    return db.transaction(async (tx) => {
      const members = (await memberCards(tx, channelId)).map((c) => c.key_id).sort();
      const got = [...new Set(recipients)].sort();
      if (got.length !== members.length || got.some((id, i) => id !== members[i])) {
        throw new ChatError('ERR_CHAT_RECIPIENTS', 'the message must be encrypted for exactly the current members of the channel');
      }
      const advanced = await tx.query(
        `INSERT INTO sender_seq (channel_id, card_id, seq) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id, card_id) DO UPDATE SET seq = EXCLUDED.seq WHERE sender_seq.seq < EXCLUDED.seq RETURNING seq`,
        [channelId, sender.id, body.seq],
      );
      if (advanced.rows.length === 0) throw new ChatError('ERR_CHAT_REPLAY', 'the sequence number is not above the sender\'s last one (replayed or reordered message)');
      const row = (
        await tx.query<MessageRow>(
          `INSERT INTO messages (channel_id, sender_card_id, seq, sent_at, ciphertext, signature, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [channelId, sender.id, body.seq, body.sentAt, body.message, body.sign, Date.now()],
        )
      ).rows[0]!;
      const message = toMessage(row);
      const full = JSON.stringify(message);
      // NOTIFY payloads are limited to 8000 bytes: big messages are fetched by id
      await tx.query(`SELECT pg_notify($1, $2)`, [NOTIFY_MESSAGES, full.length < 7000 ? full : JSON.stringify({ id: message.id, channelId })]);
      return message;
    });
  }

  // live delivery: every instance listens; each delivers to its own sockets whose card is a member
  const sockets = new Map<string, Set<WebSocket>>();
  const membersCache = new Map<string, Set<string>>();
  async function membersOf(channelId: string): Promise<Set<string>> {
    let set = membersCache.get(channelId);
    if (!set) {
      set = new Set((await db.query<{ card_id: string }>(`SELECT card_id FROM members WHERE channel_id = $1`, [channelId])).rows.map((r) => r.card_id));
      membersCache.set(channelId, set);
    }
    return set;
  }
  let delivery = Promise.resolve();
  const unlisten = [
    await db.listen(NOTIFY_MEMBERS, (channelId) => membersCache.delete(channelId)),
    await db.listen(NOTIFY_MESSAGES, (payload) => {
      // one at a time, in notification (= commit) order
      delivery = delivery.then(async () => {
        if (sockets.size === 0) return;
        let m = JSON.parse(payload) as StoredMessage;
        if (m.message === undefined) {
          const row = (await db.query<MessageRow>(`SELECT * FROM messages WHERE id = $1`, [m.id])).rows[0];
          if (!row) return;
          m = toMessage(row);
        }
        const frame = JSON.stringify({ type: 'message', message: m });
        for (const cardId of await membersOf(m.channelId)) for (const ws of sockets.get(cardId) ?? []) ws.send(frame);
      }).catch((e: unknown) => app.log.error(e));
    }),
  ];
  async function membersChanged(q: Queryable, channelId: string): Promise<void> {
    await q.query(`SELECT pg_notify($1, $2)`, [NOTIFY_MEMBERS, channelId]);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // routes: directory

  app.get(WELL_KNOWN_PATH, async () => ({ version: 1, publicKey: directoryPublicKey, keyId: directoryKeyId, signature: 'virgil-ed25519-sha512' }));

  app.post('/admin/invitations', async (req, reply) => {
    const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (!given || bytesToHex(await backend.digest('SHA-256', utf8(given))) !== operatorHash) {
      throw new ChatError('ERR_CHAT_OPERATOR_REQUIRED', 'creating invitations needs the operator token');
    }
    const body = parse(invitationBody, req.body ?? {});
    const token = base64(backend.randomBytes(24)).replace(/\+/g, '-').replace(/\//g, '_');
    const now = Date.now();
    const expiresAt = now + (body.ttl ?? DAY) * 1000;
    await db.query(`INSERT INTO invitations (token_hash, identity, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
      bytesToHex(await backend.digest('SHA-256', utf8(token))),
      body.identity ?? null,
      now,
      expiresAt,
    ]);
    return reply.status(201).send({ token, expiresAt: new Date(expiresAt).toISOString(), ...(body.identity ? { identity: body.identity } : {}) });
  });

  app.post('/cards', async (req, reply) => {
    const body = parse(registerBody, req.body);
    if (body.card.previousCardId) throw new ChatError('ERR_CHAT_MALFORMED', 'a new card names no previous card (rotate instead)');
    const key = cardPublicKey(body.card);
    const id = await cardIdOf(backend, body.card);
    if (!(await verify(backend, key, cardBytes(body.card), body.selfSignature))) throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the card self-signature does not verify with its key');
    const tokenHash = bytesToHex(await backend.digest('SHA-256', utf8(body.invitation)));
    const directorySignature = await countersign(id);
    const keyId = bytesToHex(await virgilKeyId(backend, key));
    const row = await db.transaction(async (tx) => {
      const inv = (await tx.query<{ identity: string | null; expires_at: number | string; used_at: unknown }>(`SELECT identity, expires_at, used_at FROM invitations WHERE token_hash = $1 FOR UPDATE`, [tokenHash])).rows[0];
      if (!inv || inv.used_at !== null) throw new ChatError('ERR_CHAT_INVITATION_INVALID', 'the invitation is unknown or already used');
      if (Number(inv.expires_at) <= Date.now()) throw new ChatError('ERR_CHAT_INVITATION_EXPIRED', 'the invitation has expired');
      if (inv.identity !== null && inv.identity !== body.card.identity) throw new ChatError('ERR_CHAT_INVITATION_INVALID', `the invitation is for identity "${inv.identity}"`);
      const taken = await tx.query(`INSERT INTO identities (identity, first_card_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING identity`, [body.card.identity, id]);
      if (taken.rows.length === 0) throw new ChatError('ERR_CHAT_IDENTITY_TAKEN', `identity "${body.card.identity}" already has a card`);
      const dup = await tx.query(`SELECT 1 FROM cards WHERE public_key = $1`, [body.card.publicKey]);
      if (dup.rows.length > 0) throw new ChatError('ERR_CHAT_IDENTITY_TAKEN', 'this public key is already registered');
      await tx.query(`UPDATE invitations SET used_at = $2, card_id = $3 WHERE token_hash = $1`, [tokenHash, Date.now(), id]);
      return (
        await tx.query<CardRow>(
          `INSERT INTO cards (id, identity, public_key, key_id, created_at, self_signature, directory_signature, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [id, body.card.identity, body.card.publicKey, keyId, body.card.createdAt, body.selfSignature, directorySignature, Date.now()],
        )
      ).rows[0]!;
    });
    return reply.status(201).send(toCard(row));
  });

  app.get('/cards', async (req) => {
    const { identity } = (req.query ?? {}) as { identity?: unknown };
    if (typeof identity !== 'string' || identity.length === 0 || identity.length > 128) throw new ChatError('ERR_CHAT_MALFORMED', 'search with ?identity=NAME');
    const rows = (await db.query<CardRow>(`SELECT * FROM cards WHERE identity = $1 ORDER BY registered_at DESC, id`, [identity])).rows;
    return { cards: rows.map(toCard) };
  });

  app.get('/cards/:id', async (req) => {
    const row = await cardById(db, (req.params as { id: string }).id);
    if (!row) throw new ChatError('ERR_CHAT_NOT_FOUND', 'no such card');
    return toCard(row);
  });

  app.post('/cards/:id/rotate', async (req, reply) => {
    const oldId = (req.params as { id: string }).id;
    const body = parse(rotateBody, req.body);
    if (body.card.previousCardId !== oldId) throw new ChatError('ERR_CHAT_MALFORMED', 'card.previousCardId must be the card being rotated');
    const old = await cardById(db, oldId);
    if (!old) throw new ChatError('ERR_CHAT_NOT_FOUND', 'no such card');
    if (old.superseded_by !== null || old.revoked_at !== null) throw new ChatError('ERR_CHAT_CARD_INACTIVE', 'the card was already replaced or revoked');
    if (old.identity !== body.card.identity) throw new ChatError('ERR_CHAT_MALFORMED', 'a rotated card keeps its identity');
    const key = cardPublicKey(body.card);
    const id = await cardIdOf(backend, body.card);
    if (!(await verify(backend, key, cardBytes(body.card), body.selfSignature))) throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the card self-signature does not verify with its key');
    if (!(await verify(backend, cardPublicKey(toCard(old)), rotateBytes(oldId, id), body.previousSignature))) {
      throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the rotation is not signed by the previous card key');
    }
    const directorySignature = await countersign(id);
    const keyId = bytesToHex(await virgilKeyId(backend, key));
    const row = await db.transaction(async (tx) => {
      const dup = await tx.query(`SELECT 1 FROM cards WHERE public_key = $1`, [body.card.publicKey]);
      if (dup.rows.length > 0) throw new ChatError('ERR_CHAT_IDENTITY_TAKEN', 'this public key is already registered');
      const upd = await tx.query(`UPDATE cards SET superseded_by = $2 WHERE id = $1 AND superseded_by IS NULL AND revoked_at IS NULL RETURNING id`, [oldId, id]);
      if (upd.rows.length === 0) throw new ChatError('ERR_CHAT_CARD_INACTIVE', 'the card was already replaced or revoked');
      const r = (
        await tx.query<CardRow>(
          `INSERT INTO cards (id, identity, public_key, key_id, created_at, previous_card_id, self_signature, previous_signature, directory_signature, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          [id, body.card.identity, body.card.publicKey, keyId, body.card.createdAt, oldId, body.selfSignature, body.previousSignature, directorySignature, Date.now()],
        )
      ).rows[0]!;
      // memberships and ownerships follow the identity to its new card
      const chans = (await tx.query<{ channel_id: string }>(`UPDATE members SET card_id = $2 WHERE card_id = $1 RETURNING channel_id`, [oldId, id])).rows;
      await tx.query(`UPDATE channels SET owner_card_id = $2 WHERE owner_card_id = $1`, [oldId, id]);
      for (const c of chans) await membersChanged(tx, c.channel_id);
      return r;
    });
    return reply.status(201).send(toCard(row));
  });

  app.post('/cards/:id/revoke', async (req) => {
    const id = (req.params as { id: string }).id;
    const body = parse(revokeBody, req.body);
    const card = await cardById(db, id);
    if (!card) throw new ChatError('ERR_CHAT_NOT_FOUND', 'no such card');
    if (!(await verify(backend, cardPublicKey(toCard(card)), revokeBytes(id), body.signature))) throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the revocation is not signed by the card key');
    const row = await db.transaction(async (tx) => {
      const r = (await tx.query<CardRow>(`UPDATE cards SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING *`, [id, Date.now()])).rows[0]!;
      const chans = (await tx.query<{ channel_id: string }>(`DELETE FROM members WHERE card_id = $1 RETURNING channel_id`, [id])).rows;
      for (const c of chans) await membersChanged(tx, c.channel_id);
      return r;
    });
    return toCard(row);
  });

  // -------------------------------------------------------------------------------------------------------------------
  // routes: channels

  app.post('/channels', async (req, reply) => {
    const me = await auth(req);
    const body = parse(channelBody, req.body);
    const id = bytesToHex(backend.randomBytes(16));
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO channels (id, name, owner_card_id, created_at) VALUES ($1, $2, $3, $4)`, [id, body.name, me.id, Date.now()]);
      await tx.query(`INSERT INTO members (channel_id, card_id, added_at) VALUES ($1, $2, $3)`, [id, me.id, Date.now()]);
      await membersChanged(tx, id);
    });
    return reply.status(201).send(await channelView(db, id));
  });

  app.get('/channels', async (req) => {
    const me = await auth(req);
    const rows = (await db.query<{ id: string; name: string; owner_card_id: string }>(
      `SELECT c.id, c.name, c.owner_card_id FROM channels c JOIN members m ON m.channel_id = c.id WHERE m.card_id = $1 ORDER BY c.created_at, c.id`,
      [me.id],
    )).rows;
    return { channels: rows.map((r) => ({ id: r.id, name: r.name, ownerCardId: r.owner_card_id })) };
  });

  app.get('/channels/:id', async (req) => {
    const me = await auth(req);
    const id = (req.params as { id: string }).id;
    await requireMember(db, id, me.id);
    return channelView(db, id);
  });

  app.post('/channels/:id/members', async (req, reply) => {
    const me = await auth(req);
    const id = (req.params as { id: string }).id;
    const body = parse(memberBody, req.body);
    const ch = await channelOf(db, id);
    if (ch.owner_card_id !== me.id) throw new ChatError('ERR_CHAT_FORBIDDEN', 'only the channel owner adds members');
    const card = await cardById(db, body.cardId);
    if (!card) throw new ChatError('ERR_CHAT_NOT_FOUND', 'no such card');
    if (card.revoked_at !== null || card.superseded_by !== null) throw new ChatError('ERR_CHAT_CARD_INACTIVE', 'the card was revoked or replaced');
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO members (channel_id, card_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, card.id, Date.now()]);
      await membersChanged(tx, id);
    });
    return reply.status(201).send(await channelView(db, id));
  });

  app.delete('/channels/:id/members/:cardId', async (req) => {
    const me = await auth(req);
    const { id, cardId } = req.params as { id: string; cardId: string };
    const ch = await channelOf(db, id);
    if (ch.owner_card_id !== me.id && cardId !== me.id) throw new ChatError('ERR_CHAT_FORBIDDEN', 'only the channel owner removes other members');
    if (cardId === ch.owner_card_id) throw new ChatError('ERR_CHAT_FORBIDDEN', 'the owner cannot leave the channel');
    await db.transaction(async (tx) => {
      const r = await tx.query(`DELETE FROM members WHERE channel_id = $1 AND card_id = $2 RETURNING card_id`, [id, cardId]);
      if (r.rows.length === 0) throw new ChatError('ERR_CHAT_NOT_MEMBER', 'the card is not a member of this channel');
      await membersChanged(tx, id);
    });
    return channelView(db, id);
  });

  app.post('/channels/:id/messages', async (req, reply) => {
    const me = await auth(req);
    const body = parse(postBody, req.body);
    return reply.status(201).send(await post(me, (req.params as { id: string }).id, body));
  });

  app.get('/channels/:id/messages', async (req) => {
    const me = await auth(req);
    const id = (req.params as { id: string }).id;
    const q = parse(listQuery, req.query ?? {});
    await requireMember(db, id, me.id);
    const limit = q.limit ?? 200;
    const rows = (await db.query<MessageRow>(`SELECT * FROM messages WHERE channel_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [id, q.after ?? 0, limit])).rows;
    const messages = rows.map(toMessage);
    return { messages, cursor: messages.length > 0 ? messages[messages.length - 1]!.id : (q.after ?? 0) };
  });

  // -------------------------------------------------------------------------------------------------------------------
  // WebSocket: GET /ws?card=…&time=…&sig=… (the signature of a GET /ws request with an empty body)

  app.get('/ws', { websocket: true }, (socket, req) => {
    const q = req.query as Record<string, string | undefined>;
    const ready = authenticate('GET', '/ws', { 'x-chat-card': q.card, 'x-chat-time': q.time, 'x-chat-signature': q.sig }, undefined).then(
      (card) => {
        let set = sockets.get(card.id);
        if (!set) sockets.set(card.id, (set = new Set()));
        set.add(socket);
        socket.on('close', () => {
          set.delete(socket);
          if (set.size === 0) sockets.delete(card.id);
        });
        socket.send(JSON.stringify({ type: 'ready', cardId: card.id }));
        return card;
      },
      (e: unknown) => {
        const err = e instanceof ChatError ? e : new ChatError('ERR_CHAT_UNAUTHENTICATED', 'authentication failed');
        socket.send(JSON.stringify({ type: 'error', error: { code: err.code, message: err.message } }));
        socket.close(4401, err.code);
        return undefined;
      },
    );
    socket.on('message', (data) => {
      void (async () => {
        let ref: unknown;
        try {
          const card = await ready;
          if (!card) return;
          let frame: { type?: unknown; ref?: unknown; channelId?: unknown; body?: unknown };
          try {
            frame = JSON.parse(String(data)) as typeof frame;
          } catch {
            throw new ChatError('ERR_CHAT_MALFORMED', 'frames are JSON');
          }
          ref = frame.ref;
          if (frame.type !== 'post' || typeof frame.channelId !== 'string') throw new ChatError('ERR_CHAT_MALFORMED', 'frame must be { type: "post", ref, channelId, body }');
          const m = await post(card, frame.channelId, parse(postBody, frame.body));
          socket.send(JSON.stringify({ type: 'ack', ref, id: m.id }));
        } catch (e) {
          const err = e instanceof ChatError ? e : new ChatError('ERR_CHAT_MALFORMED', 'bad frame');
          if (!(e instanceof ChatError)) app.log.error(e);
          socket.send(JSON.stringify({ type: 'error', ref, error: { code: err.code, message: err.message } }));
        }
      })();
    });
  });

  if (options.decorate) await options.decorate(app);

  return {
    app,
    directoryPublicKey,
    async listen(port = 0, host = '127.0.0.1') {
      const address = await app.listen({ port, host });
      return address.replace('[::1]', 'localhost');
    },
    async close() {
      for (const set of sockets.values()) for (const ws of set) ws.terminate();
      await app.close();
      for (const u of unlisten) await u();
      await delivery;
    },
  };
}

