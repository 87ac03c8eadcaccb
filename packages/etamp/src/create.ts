/** Creating an ETAMP message as the Python seed does — except that `SignatureToken` is made once and reused. */
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import { buildClaims, secondsOf, uuid4, type EtampParty } from './claims.js';
import { encryptMessage, signToken } from './jose.js';
import { pythonJson } from './json.js';
import { encryptionKey, signingKey, type EtampKeyInput } from './keys.js';
import type { EtampMessage } from './message.js';
import { DEFAULT_TTL, profileOf, type EtampProfileName } from './profiles.js';
import { signDetached } from './signatures.js';

/** A party as the caller gives it: names required, ids default to fresh UUIDs as in the seed. */
export interface EtampPartyInput {
  readonly serverName: string;
  readonly userName: string;
  /** Default: a fresh UUID v4 (for the recipient: the sender's server id when both server names are equal). */
  readonly serverId?: string;
  /** Default: a fresh UUID v4. */
  readonly id?: string;
}

export interface CreateEtampOptions {
  readonly backend: Backend;
  /** The sender's P-521 private key: PEM (SEC1 as python-ecdsa's `to_pem()`, PKCS#8), DER, JWK or a PrivateKey. */
  readonly key: EtampKeyInput;
  /** `seed` (default, interoperable with the Python seed) or `strong`. */
  readonly profile?: EtampProfileName;
  readonly sender: EtampPartyInput;
  readonly recipient: EtampPartyInput;
  /** The text. seed: carried as is in the `message` claim; strong: encrypted to `encryptTo`. */
  readonly message: string;
  /** Strong profile: the recipient's EC public key (P-256/384/521) the message is encrypted to. */
  readonly encryptTo?: EtampKeyInput;
  /** Creation time (seconds since the epoch or a Date). Default: now. */
  readonly now?: number | Date;
  /** Lifetime in seconds: `exp = now + ttl`. Default 3600 as in the seed. */
  readonly ttl?: number;
  /** Default: a fresh UUID v4. */
  readonly messageId?: string;
  /** Default: a fresh UUID v4. */
  readonly jti?: string;
}

// iss and audience join four values with "."; values with dots (or empty ones) would make them ambiguous.
function field(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InputInvalidError(`${what} must be a non-empty string`);
  if (value.includes('.')) throw new InputInvalidError(`${what} must not contain "." (iss and audience join the values with ".")`);
  return value;
}

function optionalId(value: unknown, what: string, backend: Backend, fallback?: string): string {
  if (value === undefined) return fallback ?? uuid4(backend);
  return field(value, what);
}

function idText(value: unknown, what: string, backend: Backend): string {
  if (value === undefined) return uuid4(backend);
  if (typeof value !== 'string' || value.length === 0) throw new InputInvalidError(`${what} must be a non-empty string`);
  return value;
}

export async function createEtamp(options: CreateEtampOptions): Promise<EtampMessage> {
  if (typeof options !== 'object' || options === null) throw new InputInvalidError('createEtamp needs options');
  const { backend } = options;
  if (typeof backend?.sign !== 'function') throw new InputInvalidError('options.backend must be a cryptoplug Backend');
  const profile = profileOf(options.profile);
  const key = signingKey(options.key);
  if (typeof options.message !== 'string') throw new InputInvalidError('options.message must be a string');
  const ttl = options.ttl ?? DEFAULT_TTL;
  if (!Number.isSafeInteger(ttl) || ttl < 1) throw new InputInvalidError('options.ttl must be a positive number of seconds');
  const now = secondsOf(options.now);
  const s = options.sender ?? ({} as EtampPartyInput);
  const r = options.recipient ?? ({} as EtampPartyInput);
  const sender: EtampParty = {
    serverName: field(s.serverName, 'sender.serverName'),
    userName: field(s.userName, 'sender.userName'),
    serverId: optionalId(s.serverId, 'sender.serverId', backend),
    id: optionalId(s.id, 'sender.id', backend),
  };
  const recipientServerName = field(r.serverName, 'recipient.serverName');
  const recipient: EtampParty = {
    serverName: recipientServerName,
    userName: field(r.userName, 'recipient.userName'),
    // the seed's case: both users on one server, recipientServerId = senderServerId
    serverId: optionalId(r.serverId, 'recipient.serverId', backend, recipientServerName === sender.serverName ? sender.serverId : undefined),
    id: optionalId(r.id, 'recipient.id', backend),
  };

  let message = options.message;
  if (profile.encryptedMessage) {
    if (options.encryptTo === undefined) throw new InputInvalidError('the strong profile encrypts the message: pass encryptTo (the recipient\'s EC public key)');
    message = await encryptMessage(backend, encryptionKey(options.encryptTo), options.message);
  } else if (options.encryptTo !== undefined) {
    throw new InputInvalidError('encryptTo is for the strong profile (the seed profile carries the message as given)');
  }

  const messageId = idText(options.messageId, 'messageId', backend);
  const claims = buildClaims({ jti: idText(options.jti, 'jti', backend), messageId, now, ttl, sender, recipient, message });
  const token = await signToken(backend, key, pythonJson(claims));
  // The seed calls sign_message(token) twice (two different signatures, random k) and so signs a SignatureToken it does
  // not send. Here it is made once, and SignatureMessage signs exactly the one the message carries.
  const signatureToken = await signDetached(backend, key, profile.detachedHash, token);
  const signatureMessage = await signDetached(backend, key, profile.detachedHash, messageId + token + signatureToken);
  return { Id: messageId, Token: token, SignatureToken: signatureToken, SignatureMessage: signatureMessage };
}

