/**
 * The chat client (terminal and browser): registers a card, manages channels, and sends / reads messages in the seed's
 * encrypt-then-sign model. The directory key is pinned (given, or trusted on first use from the well-known URL); every
 * sender card is checked against it before a message counts as verified.
 */
import { InputInvalidError, base64, bytesToHex, fromBase64, fromUtf8, utf8, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { VirgilCodec, exportVirgilPublicKey, importVirgilPublicKey } from '@cryptoplug/e2ee';
import { ChatError, ChatRemoteError } from './errors.js';
import {
  WELL_KNOWN_PATH,
  authBytes,
  cardBytes,
  cardIdOf,
  cardPublicKey,
  messageBytes,
  revokeBytes,
  rotateBytes,
  sign,
  verify,
  verifyCard,
  type Card,
  type CardContent,
  type PostBody,
  type StoredMessage,
} from './protocol.js';

export interface Channel {
  id: string;
  name: string;
  ownerCardId: string;
  members: Card[];
}

/** A message as a reader sees it. */
export interface ReadMessage {
  id: number;
  channelId: string;
  senderCardId: string;
  /** The sender's identity from its card (only trustworthy when `verified`). */
  sender: string;
  sentAt: string;
  seq: number;
  /** The sender card is countersigned by the pinned directory key and the message signature verifies. */
  verified: boolean;
  /** Why it is not verified, or why it could not be decrypted. */
  warning?: string;
  /** The plaintext, when the message verified, this reader is a recipient and it decrypted. */
  text?: string;
}

export interface ChatClientOptions {
  /** Server base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  backend: Backend;
  /** The pinned directory key (base64 SPKI). Without it, the well-known key is trusted on first use by {@link ChatClient.open}. */
  directoryKey?: string;
  /** This user's ED25519 key and card id (for signed requests). */
  key?: PrivateKey;
  cardId?: string;
}

type WsLike = {
  send(data: string): void;
  close(): void;
  readyState: number;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onopen: ((ev: unknown) => void) | null;
};

async function openSocket(url: string): Promise<WsLike> {
  const G = globalThis as { WebSocket?: new (url: string) => WsLike };
  if (G.WebSocket) return new G.WebSocket(url);
  const mod = (await import('ws')) as unknown as { WebSocket: new (url: string) => WsLike };
  return new mod.WebSocket(url);
}

export class ChatClient {
  readonly url: string;
  readonly backend: Backend;
  readonly codec: VirgilCodec;
  directoryKey: string | undefined;
  key: PrivateKey | undefined;
  cardId: string | undefined;
  #lastSeq = 0;
  #cards = new Map<string, Promise<Card>>();

  constructor(options: ChatClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.backend = options.backend;
    this.codec = new VirgilCodec(options.backend);
    this.directoryKey = options.directoryKey;
    this.key = options.key;
    this.cardId = options.cardId;
  }

  /** Fetches the directory key from the well-known URL; refuses it when it differs from the pinned one. */
  async directory(): Promise<string> {
    const d = await this.request<{ publicKey: string }>('GET', WELL_KNOWN_PATH);
    if (this.directoryKey !== undefined && this.directoryKey !== d.publicKey) {
      throw new ChatError('ERR_CHAT_DIRECTORY_SIGNATURE', 'the server presents a directory key other than the pinned one');
    }
    this.directoryKey ??= d.publicKey;
    return d.publicKey;
  }

  #pinned(): PublicKey {
    if (!this.directoryKey) throw new ChatError('ERR_CHAT_DIRECTORY_SIGNATURE', 'no directory key pinned (call directory() or pass directoryKey)');
    return importVirgilPublicKey(fromBase64(this.directoryKey));
  }

  /** A request to the API; `signed` adds the x-chat-card / x-chat-time / x-chat-signature headers. */
  async request<T>(method: string, path: string, body?: unknown, options: { signed?: boolean; headers?: Record<string, string> } = {}): Promise<T> {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (raw !== undefined) headers['content-type'] = 'application/json';
    if (options.signed) {
      if (!this.key || !this.cardId) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'this client has no key and card id');
      const time = Date.now();
      const bodyHash = raw ? bytesToHex(await this.backend.digest('SHA-256', utf8(raw))) : '';
      headers['x-chat-card'] = this.cardId;
      headers['x-chat-time'] = String(time);
      headers['x-chat-signature'] = await sign(this.backend, this.key, authBytes(method, path, time, bodyHash));
    }
    let res: Response;
    try {
      res = await fetch(this.url + path, { method, headers, ...(raw !== undefined ? { body: raw } : {}) });
    } catch (cause) {
      throw new ChatError('ERR_CHAT_UNREACHABLE', `cannot reach ${this.url} (${(cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message})`, { cause });
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ChatRemoteError(err?.code ?? 'ERR_CHAT_HTTP', err?.message ?? `HTTP ${res.status}`, res.status);
    }
    return data as T;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // directory

  /** Operator: creates an invitation token. */
  async invite(operatorToken: string, options: { ttl?: number; identity?: string } = {}): Promise<{ token: string; expiresAt: string }> {
    if (!/^[\x21-\x7e]{1,512}$/.test(operatorToken)) throw new InputInvalidError('the operator token must be one line of printable ASCII');
    return this.request('POST', '/admin/invitations', options, { headers: { authorization: `Bearer ${operatorToken}` } });
  }

  /** Makes and self-signs a card for `key`. */
  async makeCard(identity: string, key: PrivateKey, previousCardId?: string): Promise<{ card: CardContent; selfSignature: string; id: string }> {
    const card: CardContent = { identity, publicKey: base64(exportVirgilPublicKey(key)), createdAt: new Date().toISOString(), ...(previousCardId ? { previousCardId } : {}) };
    return { card, selfSignature: await sign(this.backend, key, cardBytes(card)), id: await cardIdOf(this.backend, card) };
  }

  /** Registers `identity` with `key` using an invitation; the returned card is checked against the pinned key. */
  async register(invitation: string, identity: string, key: PrivateKey): Promise<Card> {
    if (!this.directoryKey) await this.directory();
    const { card, selfSignature } = await this.makeCard(identity, key);
    const out = await this.request<Card>('POST', '/cards', { invitation, card, selfSignature });
    await verifyCard(this.backend, out, this.#pinned());
    this.key = key;
    this.cardId = out.id;
    return out;
  }

  /** Replaces this client's card by one for `newKey` (signed by both keys). */
  async rotate(newKey: PrivateKey): Promise<Card> {
    if (!this.key || !this.cardId) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'this client has no key and card id');
    const old = await this.card(this.cardId);
    const { card, selfSignature, id } = await this.makeCard(old.identity, newKey, old.id);
    const previousSignature = await sign(this.backend, this.key, rotateBytes(old.id, id));
    const out = await this.request<Card>('POST', `/cards/${old.id}/rotate`, { card, selfSignature, previousSignature });
    await verifyCard(this.backend, out, this.#pinned(), old);
    this.key = newKey;
    this.cardId = out.id;
    this.#cards.delete(old.id);
    return out;
  }

  async revoke(): Promise<Card> {
    if (!this.key || !this.cardId) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'this client has no key and card id');
    return this.request<Card>('POST', `/cards/${this.cardId}/revoke`, { signature: await sign(this.backend, this.key, revokeBytes(this.cardId)) });
  }

  /** A card by id, verified against the pinned directory key (cached). */
  card(id: string): Promise<Card> {
    let p = this.#cards.get(id);
    if (!p) {
      p = (async () => {
        if (!this.directoryKey) await this.directory();
        const c = await this.request<Card>('GET', `/cards/${encodeURIComponent(id)}`);
        await verifyCard(this.backend, c, this.#pinned());
        return c;
      })();
      p.catch(() => this.#cards.delete(id));
      this.#cards.set(id, p);
    }
    return p;
  }

  /** The cards of an identity whose directory countersignature verifies, newest first. */
  async search(identity: string): Promise<Card[]> {
    if (!this.directoryKey) await this.directory();
    const { cards } = await this.request<{ cards: Card[] }>('GET', `/cards?identity=${encodeURIComponent(identity)}`);
    const out: Card[] = [];
    for (const c of cards) {
      try {
        await verifyCard(this.backend, c, this.#pinned());
        out.push(c);
      } catch {
        /* not countersigned by the pinned key: left out */
      }
    }
    return out;
  }

  /** The current (not replaced, not revoked) card of an identity. */
  async current(identity: string): Promise<Card> {
    const c = (await this.search(identity)).find((x) => !x.supersededBy && x.revokedAt === undefined);
    if (!c) throw new ChatError('ERR_CHAT_NOT_FOUND', `no current card for "${identity}"`);
    return c;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // channels

  createChannel(name: string): Promise<Channel> {
    return this.request('POST', '/channels', { name }, { signed: true });
  }
  async channels(): Promise<Array<Omit<Channel, 'members'>>> {
    return (await this.request<{ channels: Array<Omit<Channel, 'members'>> }>('GET', '/channels', undefined, { signed: true })).channels;
  }
  channel(id: string): Promise<Channel> {
    return this.request('GET', `/channels/${encodeURIComponent(id)}`, undefined, { signed: true });
  }
  addMember(channelId: string, cardId: string): Promise<Channel> {
    return this.request('POST', `/channels/${encodeURIComponent(channelId)}/members`, { cardId }, { signed: true });
  }
  removeMember(channelId: string, cardId: string): Promise<Channel> {
    return this.request('DELETE', `/channels/${encodeURIComponent(channelId)}/members/${encodeURIComponent(cardId)}`, undefined, { signed: true });
  }

  // -------------------------------------------------------------------------------------------------------------------
  // messages

  nextSeq(): number {
    // microseconds since the epoch, strictly increasing in this client: above anything this card sent before
    this.#lastSeq = Math.max(Date.now() * 1000, this.#lastSeq + 1);
    return this.#lastSeq;
  }

  /**
   * Encrypts `text` for the channel's current members (fetched and each card verified first, unless `members` is given:
   * cards the caller already verified) and signs the envelope.
   */
  async seal(channelId: string, text: string | Uint8Array, members?: readonly Card[]): Promise<PostBody> {
    if (!this.key || !this.cardId) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'this client has no key and card id');
    if (!members) {
      // fetched now: removal means the next message is not encrypted for the removed member
      members = (await this.channel(channelId)).members;
      if (!this.directoryKey) await this.directory();
      for (const m of members) await verifyCard(this.backend, m, this.#pinned());
    }
    const data = typeof text === 'string' ? utf8(text) : text;
    const message = base64(await this.codec.encrypt(data, members.map((m) => cardPublicKey(m))));
    const seq = this.nextSeq();
    const sentAt = new Date().toISOString();
    const signature = await sign(this.backend, this.key, messageBytes({ channelId, senderCardId: this.cardId, seq, sentAt, message }));
    return { senderCardId: this.cardId, seq, sentAt, message, sign: signature };
  }

  /** Posts an already sealed message (HTTP). */
  post(channelId: string, body: PostBody): Promise<StoredMessage> {
    return this.request('POST', `/channels/${encodeURIComponent(channelId)}/messages`, body, { signed: true });
  }

  async send(channelId: string, text: string | Uint8Array): Promise<StoredMessage> {
    return this.post(channelId, await this.seal(channelId, text));
  }

  /** Raw stored messages after a cursor. */
  list(channelId: string, after = 0, limit = 200): Promise<{ messages: StoredMessage[]; cursor: number }> {
    return this.request('GET', `/channels/${encodeURIComponent(channelId)}/messages?after=${after}&limit=${limit}`, undefined, { signed: true });
  }

  /**
   * Verifies the sender (card countersigned by the pinned key, not revoked, message signature), then decrypts if this
   * reader is a recipient. An unverified message is never decrypted: `verified: false`, a `warning`, no `text`.
   */
  async open(m: StoredMessage): Promise<ReadMessage> {
    const base = { id: m.id, channelId: m.channelId, senderCardId: m.senderCardId, sentAt: m.sentAt, seq: m.seq };
    let card: Card | undefined;
    let warning: string | undefined;
    try {
      card = await this.card(m.senderCardId);
    } catch (e) {
      warning = `sender card does not verify: ${(e as Error).message}`;
    }
    let verified = false;
    if (card) {
      if (card.revokedAt !== undefined && card.revokedAt <= m.receivedAt) warning = 'the sender card was revoked';
      else if (!(await verify(this.backend, cardPublicKey(card), messageBytes(m), m.sign))) warning = 'the message signature does not verify with the sender card';
      else verified = true;
    }
    const out: ReadMessage = { ...base, sender: card?.identity ?? '?', verified, ...(warning ? { warning } : {}) };
    // verify, then decrypt (the seed's order): an unverified message is not decrypted
    if (!verified) out.warning = `${out.warning ?? 'not verified'}; not decrypted`;
    else if (this.key) {
      try {
        out.text = fromUtf8(await this.codec.decrypt(fromBase64(m.message), this.key));
      } catch (e) {
        const code = (e as { code?: string }).code;
        out.warning = [out.warning, code === 'ERR_E2EE_NOT_RECIPIENT' ? 'not encrypted for this reader' : `cannot decrypt (${code ?? 'error'})`].filter(Boolean).join('; ');
      }
    }
    return out;
  }

  /** Every message after `after`, opened. */
  async read(channelId: string, after = 0): Promise<{ messages: ReadMessage[]; cursor: number }> {
    const out: ReadMessage[] = [];
    let cursor = after;
    for (;;) {
      const page = await this.list(channelId, cursor, 500);
      for (const m of page.messages) out.push(await this.open(m));
      if (page.messages.length < 500) return { messages: out, cursor: page.cursor };
      cursor = page.cursor;
    }
  }

  /**
   * Live delivery: opens the WebSocket and calls `onMessage` for every message posted to a channel this card is a
   * member of. `post` sends over the same socket (acknowledged with the stored id).
   */
  async watch(onMessage: (m: StoredMessage) => void): Promise<ChatSocket> {
    if (!this.key || !this.cardId) throw new ChatError('ERR_CHAT_UNAUTHENTICATED', 'this client has no key and card id');
    const time = Date.now();
    const sig = await sign(this.backend, this.key, authBytes('GET', '/ws', time, ''));
    const wsUrl = `${this.url.replace(/^http/, 'ws')}/ws?card=${this.cardId}&time=${time}&sig=${encodeURIComponent(sig)}`;
    const ws = await openSocket(wsUrl);
    const pending = new Map<number, { resolve: (id: number) => void; reject: (e: Error) => void }>();
    let ref = 0;
    const closed = new Promise<void>((resolve) => {
      ws.onclose = () => {
        for (const p of pending.values()) p.reject(new ChatError('ERR_CHAT_UNAUTHENTICATED', 'socket closed'));
        resolve();
      };
    });
    await new Promise<void>((resolve, reject) => {
      ws.onerror = (e) => reject(new Error(`websocket error ${String((e as { message?: string }).message ?? '')}`));
      ws.onmessage = (ev) => {
        const frame = JSON.parse(String(ev.data)) as { type: string; ref?: number; id?: number; message?: StoredMessage; error?: { code: string; message: string } };
        if (frame.type === 'ready') resolve();
        else if (frame.type === 'message' && frame.message) onMessage(frame.message);
        else if (frame.type === 'ack' && frame.ref !== undefined) pending.get(frame.ref)?.resolve(frame.id!), pending.delete(frame.ref);
        else if (frame.type === 'error') {
          const err = new ChatRemoteError(frame.error?.code ?? 'ERR_CHAT_HTTP', frame.error?.message ?? 'error', 400);
          if (frame.ref !== undefined && pending.has(frame.ref)) pending.get(frame.ref)!.reject(err), pending.delete(frame.ref);
          else reject(err);
        }
      };
    });
    ws.onerror = () => undefined;
    return {
      post: (channelId, body) =>
        new Promise<number>((resolve, reject) => {
          const r = ++ref;
          pending.set(r, { resolve, reject });
          ws.send(JSON.stringify({ type: 'post', ref: r, channelId, body }));
        }),
      close: async () => {
        ws.close();
        await closed;
      },
      closed,
    };
  }
}

export interface ChatSocket {
  /** Posts a sealed message over the socket; resolves with the stored message id. */
  post(channelId: string, body: PostBody): Promise<number>;
  close(): Promise<void>;
  readonly closed: Promise<void>;
}
