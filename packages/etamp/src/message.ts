/** The ETAMP message: four strings. Parsed from JSON, or from the seed's printed Python dict (`print(generate_etamp())`). */
import { fromUtf8, isBytes, isCryptoplugError, parseJsonGuarded } from '@cryptoplug/core';
import { EtampError } from './errors.js';

export interface EtampMessage {
  /** The message id (UUID v4 text), equal to the `messageId` claim. */
  readonly Id: string;
  /** The ES512 JWT. */
  readonly Token: string;
  /** base64 (standard, padded) of the raw r‖s ECDSA signature of `Token`. */
  readonly SignatureToken: string;
  /** base64 of the raw r‖s ECDSA signature of `Id + Token + SignatureToken`. */
  readonly SignatureMessage: string;
}

export const MESSAGE_FIELDS = ['Id', 'Token', 'SignatureToken', 'SignatureMessage'] as const;

/** Largest message text accepted (the JWT and three short strings; a JWE message claim of 1 MiB fits). */
export const MAX_MESSAGE_LENGTH = 4 * 1024 * 1024;

// The seed prints its dict: {'Id': '...', 'Token': '...', ...}. Its values are UUIDs, base64url and base64, so Python's
// repr is single-quoted with no escapes; only that simple form is accepted (no eval, no escapes, no other types).
const PY_ITEM = /\s*'([A-Za-z]+)'\s*:\s*'([^'\\]*)'\s*/y;

function parsePythonDict(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  const out: Record<string, unknown> = {};
  let pos = 0;
  while (pos < body.length) {
    PY_ITEM.lastIndex = pos;
    const m = PY_ITEM.exec(body);
    if (!m) return undefined;
    if (Object.prototype.hasOwnProperty.call(out, m[1]!)) return undefined;
    out[m[1]!] = m[2]!;
    pos = PY_ITEM.lastIndex;
    if (pos === body.length) break;
    if (body[pos] !== ',') return undefined;
    pos++;
  }
  return out;
}

/**
 * Parses a message: an object, JSON text/bytes, or the seed's printed Python dict. Checks only the shape (four
 * non-empty strings); everything else is verification's job.
 */
export function parseEtampMessage(input: unknown): EtampMessage {
  let value: unknown = input;
  if (isBytes(value)) {
    try {
      value = fromUtf8(value);
    } catch (cause) {
      throw new EtampError('ERR_ETAMP_MESSAGE_INVALID', 'message is not UTF-8 text', { cause });
    }
  }
  if (typeof value === 'string') {
    if (value.length > MAX_MESSAGE_LENGTH) throw new EtampError('ERR_ETAMP_MESSAGE_INVALID', `message exceeds ${MAX_MESSAGE_LENGTH} characters`);
    const text = value.trim();
    try {
      // guarded: too deep is ERR_LIMIT_EXCEEDED (thrown, not turned into the Python-dict fallback below)
      value = parseJsonGuarded(text, { what: 'ETAMP message', maxBytes: MAX_MESSAGE_LENGTH });
    } catch (cause) {
      if (isCryptoplugError(cause) && cause.code !== 'ERR_INPUT_INVALID') throw cause;
      value = parsePythonDict(text);
      if (value === undefined) {
        throw new EtampError('ERR_ETAMP_MESSAGE_INVALID', "message is neither JSON nor the seed's printed dict", { cause });
      }
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EtampError('ERR_ETAMP_MESSAGE_INVALID', 'message must be an object with Id, Token, SignatureToken and SignatureMessage');
  }
  const obj = value as Record<string, unknown>;
  for (const f of MESSAGE_FIELDS) {
    const v = obj[f];
    if (typeof v !== 'string' || v.length === 0) throw new EtampError('ERR_ETAMP_MESSAGE_INVALID', `message "${f}" must be a non-empty string`);
  }
  return { Id: obj.Id as string, Token: obj.Token as string, SignatureToken: obj.SignatureToken as string, SignatureMessage: obj.SignatureMessage as string };
}

/** The message as JSON text (the four fields in the seed's order). */
export function formatEtampMessage(message: EtampMessage): string {
  return JSON.stringify({ Id: message.Id, Token: message.Token, SignatureToken: message.SignatureToken, SignatureMessage: message.SignatureMessage });
}
