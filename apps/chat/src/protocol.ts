/**
 * The wire protocol shared by server, terminal client and browser client: cards, the bytes each signature covers, and
 * the zod schemas of every request body.
 *
 * Signatures are Virgil signatures (`calculateSignature` of virgil-crypto 5.x: DER { sha512, Ed25519(SHA-512(data)) })
 * over the UTF-8 of a JSON array that starts with a context string, so a signature made for one purpose can never be
 * taken for another. Keys are ED25519 (Virgil's default type: one key signs and, converted to X25519, decrypts).
 */
import { z } from 'zod';
import { base64, bytesToHex, fromBase64, utf8, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { importVirgilPublicKey, virgilSign, virgilVerify } from '@cryptoplug/e2ee';
import { ChatError } from './errors.js';

export const CARD_CONTEXT = 'cryptoplug-chat-card/1';
export const COUNTERSIGN_CONTEXT = 'cryptoplug-chat-directory/1';
export const ROTATE_CONTEXT = 'cryptoplug-chat-rotate/1';
export const REVOKE_CONTEXT = 'cryptoplug-chat-revoke/1';
export const MESSAGE_CONTEXT = 'cryptoplug-chat-message/1';
export const AUTH_CONTEXT = 'cryptoplug-chat-auth/1';
/** Signed requests must carry a time within this many milliseconds of the server's clock. */
export const AUTH_WINDOW_MS = 5 * 60_000;
export const WELL_KNOWN_PATH = '/.well-known/cryptoplug-chat-directory';

/** What the card's owner signs. `publicKey` is base64 of the SPKI DER (virgil-crypto `exportPublicKey`). */
export interface CardContent {
  identity: string;
  publicKey: string;
  /** ISO 8601 time the owner made the card. */
  createdAt: string;
  /** The card this one replaces (rotation). */
  previousCardId?: string | undefined;
}

/** A card as the directory serves it. */
export interface Card extends CardContent {
  /** hex SHA-256 of {@link cardBytes}. */
  id: string;
  /** base64 Virgil signature of {@link cardBytes} by the card's own key. */
  selfSignature: string;
  /** Rotation: base64 Virgil signature of {@link rotateBytes} by the previous card's key. */
  previousSignature?: string | undefined;
  /** base64 Virgil signature of {@link countersignBytes} by the directory key. */
  directorySignature: string;
  /** The card that replaced this one, if any. */
  supersededBy?: string | undefined;
  /** Milliseconds since the epoch when the card was revoked, if it was. */
  revokedAt?: number | undefined;
}

/** A channel message as stored and delivered: the seed's model plus the header its signature covers. */
export interface StoredMessage {
  /** Server cursor (increasing). */
  id: number;
  channelId: string;
  senderCardId: string;
  /** Per sender and channel, strictly increasing (replay / reorder protection; inside the signature). */
  seq: number;
  /** ISO time the sender gives (inside the signature). */
  sentAt: string;
  /** base64 Virgil ciphertext (virgil-crypto `encrypt`), for every member's current card. */
  message: string;
  /** base64 Virgil signature of {@link messageBytes} by the sender's card key. */
  sign: string;
  /** Milliseconds since the epoch, server clock. */
  receivedAt: number;
}

const json = (parts: ReadonlyArray<string | number | null>): Uint8Array => utf8(JSON.stringify(parts));

export const cardBytes = (c: CardContent): Uint8Array => json([CARD_CONTEXT, c.identity, c.publicKey, c.createdAt, c.previousCardId ?? null]);
export const countersignBytes = (cardId: string): Uint8Array => json([COUNTERSIGN_CONTEXT, cardId]);
export const rotateBytes = (oldCardId: string, newCardId: string): Uint8Array => json([ROTATE_CONTEXT, oldCardId, newCardId]);
export const revokeBytes = (cardId: string): Uint8Array => json([REVOKE_CONTEXT, cardId]);
export const messageBytes = (m: { channelId: string; senderCardId: string; seq: number; sentAt: string; message: string }): Uint8Array =>
  json([MESSAGE_CONTEXT, m.channelId, m.senderCardId, m.seq, m.sentAt, m.message]);
/** What a signed request covers: method, path with query, time, hex SHA-256 of the raw body ("" when none). */
export const authBytes = (method: string, path: string, time: number, bodyHash: string): Uint8Array => json([AUTH_CONTEXT, method.toUpperCase(), path, time, bodyHash]);

export async function cardIdOf(backend: Backend, c: CardContent): Promise<string> {
  return bytesToHex(await backend.digest('SHA-256', cardBytes(c)));
}

export async function sign(backend: Backend, key: PrivateKey, data: Uint8Array): Promise<string> {
  return base64(await virgilSign(backend, key, data));
}

/** Verifies a base64 Virgil signature; malformed input is `false`, never a throw. */
export async function verify(backend: Backend, key: PublicKey, data: Uint8Array, signature: string): Promise<boolean> {
  try {
    return await virgilVerify(backend, key, data, fromBase64(signature));
  } catch {
    return false;
  }
}

/** The card's public key; a key that is not an ED25519 SPKI is ERR_CHAT_MALFORMED. */
export function cardPublicKey(card: Pick<CardContent, 'publicKey'>): PublicKey {
  let key: PublicKey;
  try {
    key = importVirgilPublicKey(fromBase64(card.publicKey));
  } catch (cause) {
    throw new ChatError('ERR_CHAT_MALFORMED', 'the card public key is not a base64 SPKI DER', { cause });
  }
  if (key.kty !== 'OKP' || key.curve !== 'Ed25519') throw new ChatError('ERR_CHAT_MALFORMED', 'a card key must be ED25519 (it signs and decrypts)');
  return key;
}

/**
 * Checks a card as a client must before trusting it: id, self-signature, previous key's signature (rotations need the
 * previous card, give it when you have it) and the directory's countersignature with the pinned directory key.
 */
export async function verifyCard(backend: Backend, card: Card, directoryKey: PublicKey, previous?: Card): Promise<void> {
  const key = cardPublicKey(card);
  if ((await cardIdOf(backend, card)) !== card.id) throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the card id is not the hash of its content');
  if (!(await verify(backend, key, cardBytes(card), card.selfSignature))) throw new ChatError('ERR_CHAT_CARD_SIGNATURE', `card ${card.id.slice(0, 16)}… has a bad self-signature`);
  if (previous) {
    if (card.previousCardId !== previous.id || !card.previousSignature || !(await verify(backend, cardPublicKey(previous), rotateBytes(previous.id, card.id), card.previousSignature))) {
      throw new ChatError('ERR_CHAT_CARD_SIGNATURE', 'the rotation is not signed by the previous card key');
    }
  }
  if (!(await verify(backend, directoryKey, countersignBytes(card.id), card.directorySignature))) {
    throw new ChatError('ERR_CHAT_DIRECTORY_SIGNATURE', `card ${card.id.slice(0, 16)}… is not countersigned by the pinned directory key`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Request bodies (zod, strict: unknown fields are refused)

const b64 = z.string().min(1).max(16384).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');
const hexId = z.string().regex(/^[0-9a-f]{64}$/, 'hex card id');
export const identitySchema = z.string().min(1).max(128).regex(/^[\p{L}\p{N}._@+-]+$/u, 'identity: letters, digits and . _ @ + -');

export const cardContentSchema = z.strictObject({
  identity: identitySchema,
  publicKey: b64,
  createdAt: z.iso.datetime(),
  previousCardId: hexId.optional(),
});

export const registerBody = z.strictObject({
  invitation: z.string().min(1).max(256),
  card: cardContentSchema,
  selfSignature: b64,
});

export const rotateBody = z.strictObject({
  card: cardContentSchema.extend({ previousCardId: hexId }),
  selfSignature: b64,
  previousSignature: b64,
});

export const revokeBody = z.strictObject({ signature: b64 });

export const invitationBody = z.strictObject({
  /** Lifetime in seconds (default one day, at most 30 days). */
  ttl: z.number().int().min(1).max(30 * 86400).optional(),
  /** Restrict the invitation to one identity. */
  identity: identitySchema.optional(),
});

export const channelBody = z.strictObject({ name: z.string().min(1).max(128) });
export const memberBody = z.strictObject({ cardId: hexId });

/** Largest accepted base64 ciphertext (64 KiB of text to a few hundred members). */
export const MAX_MESSAGE_B64 = 512 * 1024;
export const postBody = z.strictObject({
  senderCardId: hexId,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  sentAt: z.iso.datetime(),
  message: z.string().min(1).max(MAX_MESSAGE_B64).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  sign: b64,
});
export type PostBody = z.infer<typeof postBody>;

export const listQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
