/**
 * Errors of @cryptoplug/chat. Every failure is a {@link CryptoplugError} with a stable code; the server answers each
 * one as a 4xx JSON body `{ "error": { "code": "ERR_CHAT_…", "message": "…" } }` with the HTTP status listed here.
 * Core's code union is closed, so the chat codes are cast locally and exported as {@link CHAT_ERROR_CODES}.
 */
import { CryptoplugError, type CryptoplugErrorCode } from '@cryptoplug/core';

export const CHAT_ERROR_STATUS = {
  /** The body is not JSON, or does not match the request schema. */
  ERR_CHAT_MALFORMED: 400,
  /** The body is larger than the server's limit. */
  ERR_CHAT_BODY_TOO_LARGE: 413,
  /** A card's self-signature (or the previous key's signature on a rotation) does not verify. */
  ERR_CHAT_CARD_SIGNATURE: 400,
  /** A card's directory countersignature does not verify with the pinned directory key (client side). */
  ERR_CHAT_DIRECTORY_SIGNATURE: 400,
  /** The identity already has a card (rotate instead) or the public key is already registered. */
  ERR_CHAT_IDENTITY_TAKEN: 409,
  /** The invitation token is unknown or already used. */
  ERR_CHAT_INVITATION_INVALID: 403,
  /** The invitation token has expired. */
  ERR_CHAT_INVITATION_EXPIRED: 403,
  /** The operator token is missing or wrong. */
  ERR_CHAT_OPERATOR_REQUIRED: 401,
  /** The request is not signed, the signature or its time is wrong, or the card is unknown or revoked. */
  ERR_CHAT_UNAUTHENTICATED: 401,
  /** The card is a member of the channel but may not do this (only the owner adds and removes members). */
  ERR_CHAT_FORBIDDEN: 403,
  /** The card is not a member of the channel. */
  ERR_CHAT_NOT_MEMBER: 403,
  /** No such card / channel. */
  ERR_CHAT_NOT_FOUND: 404,
  /** The card has been replaced by a newer one or revoked. */
  ERR_CHAT_CARD_INACTIVE: 409,
  /** The message signature does not verify with the sender's card. */
  ERR_CHAT_MESSAGE_SIGNATURE: 400,
  /** The message's sequence number is not above the sender's last one in the channel (replayed or reordered). */
  ERR_CHAT_REPLAY: 409,
  /** The message is not encrypted for exactly the channel's current members. */
  ERR_CHAT_RECIPIENTS: 400,
  /** Client side: the server could not be reached (connection refused, DNS, TLS...). */
  ERR_CHAT_UNREACHABLE: 503,
} as const;

export type ChatErrorCode = keyof typeof CHAT_ERROR_STATUS;
export const CHAT_ERROR_CODES = Object.keys(CHAT_ERROR_STATUS) as readonly ChatErrorCode[];

export class ChatError extends CryptoplugError {
  readonly status: number;
  constructor(code: ChatErrorCode, message: string, options?: { cause?: unknown }) {
    super(code as unknown as CryptoplugErrorCode, message, options);
    this.status = CHAT_ERROR_STATUS[code];
  }
}

/** An error the server answered with (client side): the code and message of the 4xx body, plus the status. */
export class ChatRemoteError extends CryptoplugError {
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(code as CryptoplugErrorCode, message);
    this.status = status;
  }
}
