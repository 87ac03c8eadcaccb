/** The seed's claim set: construction (same keys, same order, same values) and the structural checks. */
import { InputInvalidError, bytesToHex, type Backend } from '@cryptoplug/core';
import { EtampError } from './errors.js';
import { SUBJECT } from './profiles.js';

export interface EtampClaims {
  readonly jti: string;
  readonly exp: number;
  readonly nbf: number;
  readonly messageId: string;
  readonly senderUserName: string;
  readonly senderId: string;
  readonly recipient: string;
  readonly recipientId: string;
  readonly senderServerName: string;
  readonly senderServerId: string;
  readonly recipientServerName: string;
  readonly recipientServerId: string;
  /** `<senderServerId>.<senderServerName>.<senderUserName>.<senderId>` */
  readonly iss: string;
  /** Always "Message". */
  readonly sub: string;
  /** `<recipientServerId>.<recipientServerName>.<recipient>.<recipientId>` — ETAMP's own claim, not RFC 7519 `aud`. */
  readonly audience: string;
  /** seed: the message as given; strong: a compact JWE of it. */
  readonly message: string;
  /** Creation time, `YYYY-MM-DDTHH:MM:SSZ` (UTC). */
  readonly timestamp: string;
  readonly [claim: string]: unknown;
}

/** One side of the conversation. */
export interface EtampParty {
  readonly serverId: string;
  readonly serverName: string;
  readonly userName: string;
  readonly id: string;
}

const STRING_CLAIMS = [
  'jti', 'messageId', 'senderUserName', 'senderId', 'recipient', 'recipientId', 'senderServerName', 'senderServerId',
  'recipientServerName', 'recipientServerId', 'iss', 'sub', 'audience', 'message', 'timestamp',
] as const;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Latest second a `timestamp` can show (9999-12-31T23:59:59Z). */
const MAX_TIME = 253402300799;

/** Seconds since the epoch from a number (seconds) or a Date; default now. */
export function secondsOf(now: number | Date | undefined, what = 'now'): number {
  const t = now === undefined ? Date.now() / 1000 : now instanceof Date ? now.getTime() / 1000 : now;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_TIME) throw new InputInvalidError(`${what} must be a Date or seconds since the epoch`);
  return Math.floor(t);
}

/** `datetime.strftime('%Y-%m-%dT%H:%M:%SZ')` of a UTC time. */
export function formatTimestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';
}

/** A random UUID v4 (RFC 9562 §5.4) from the backend's random source, as Python's `str(uuid.uuid4())`. */
export function uuid4(backend: Backend): string {
  const b = backend.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function issuerOf(c: Pick<EtampClaims, 'senderServerId' | 'senderServerName' | 'senderUserName' | 'senderId'>): string {
  return `${c.senderServerId}.${c.senderServerName}.${c.senderUserName}.${c.senderId}`;
}

export function audienceOf(c: Pick<EtampClaims, 'recipientServerId' | 'recipientServerName' | 'recipient' | 'recipientId'>): string {
  return `${c.recipientServerId}.${c.recipientServerName}.${c.recipient}.${c.recipientId}`;
}

/** The seed's payload dict, key for key in the seed's order. */
export function buildClaims(p: {
  jti: string;
  messageId: string;
  now: number;
  ttl: number;
  sender: EtampParty;
  recipient: EtampParty;
  message: string;
}): EtampClaims {
  const claims = {
    jti: p.jti,
    exp: p.now + p.ttl,
    nbf: p.now,
    messageId: p.messageId,
    senderUserName: p.sender.userName,
    senderId: p.sender.id,
    recipient: p.recipient.userName,
    recipientId: p.recipient.id,
    senderServerName: p.sender.serverName,
    senderServerId: p.sender.serverId,
    recipientServerName: p.recipient.serverName,
    recipientServerId: p.recipient.serverId,
    iss: '',
    sub: SUBJECT,
    audience: '',
    message: p.message,
    timestamp: formatTimestamp(p.now),
  };
  claims.iss = issuerOf(claims);
  claims.audience = audienceOf(claims);
  return claims;
}

/** The claims set from the verified payload: a JSON object with every ETAMP claim of the right type. */
export function parseClaims(value: unknown): EtampClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EtampError('ERR_ETAMP_CLAIMS_INVALID', 'the claims set must be a JSON object');
  const c = value as Record<string, unknown>;
  for (const name of STRING_CLAIMS) {
    if (typeof c[name] !== 'string') {
      const hint = name === 'audience' && c.aud !== undefined ? ' (ETAMP names the recipient in "audience", not "aud")' : '';
      throw new EtampError('ERR_ETAMP_CLAIMS_INVALID', `claim "${name}" must be a string${c[name] === undefined ? ' and is missing' : ''}${hint}`);
    }
  }
  for (const name of ['exp', 'nbf'] as const) {
    if (!Number.isSafeInteger(c[name])) throw new EtampError('ERR_ETAMP_CLAIMS_INVALID', `claim "${name}" must be an integer (seconds since the epoch)`);
  }
  if (!TIMESTAMP.test(c.timestamp as string)) throw new EtampError('ERR_ETAMP_CLAIMS_INVALID', 'claim "timestamp" must be YYYY-MM-DDTHH:MM:SSZ');
  return c as EtampClaims;
}
