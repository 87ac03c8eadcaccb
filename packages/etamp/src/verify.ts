/**
 * Verifying an ETAMP message. Checks, in this order (each failure has its own code, see errors.ts): the message shape,
 * the JWT (ES512 pinned, signature, `typ` = ETAMP), the claims (types, `exp`/`nbf`/max age with clock tolerance,
 * `Id == messageId`, `sub`, the `iss`/`audience` structure, the expected issuer/audience), `SignatureToken`,
 * `SignatureMessage`, then for the strong profile the `message` JWE, and finally the replay store.
 */
import { InputInvalidError, fromUtf8, parseJsonGuarded, type Backend } from '@cryptoplug/core';
import { audienceOf, issuerOf, parseClaims, secondsOf, type EtampClaims } from './claims.js';
import { EtampError, EtampSignatureMessageError } from './errors.js';
import { decryptMessage, inspectMessageJwe, verifyToken } from './jose.js';
import { decryptionKey, verificationKey, type EtampKeyInput } from './keys.js';
import { parseEtampMessage } from './message.js';
import { DEFAULT_CLOCK_TOLERANCE, JWT_TYP, PROFILES, SUBJECT, profileOf, type EtampProfileName } from './profiles.js';
import type { ReplayStore } from './replay.js';
import { diagnoseSignatureMessage, verifyDetached } from './signatures.js';

export interface VerifyEtampOptions {
  readonly backend: Backend;
  /** The sender's P-521 public key (any format; a private key is reduced to its public part). */
  readonly key: EtampKeyInput;
  /** `seed` (default) or `strong`: the verifier pins the profile, the message does not choose it. */
  readonly profile?: EtampProfileName;
  /** The current time (seconds since the epoch or a Date). Default: now. */
  readonly now?: number | Date;
  /** Allowed clock skew for `exp`, `nbf` and the max age, in seconds. Default 60. */
  readonly clockTolerance?: number;
  /** Maximum age `now - nbf` in seconds. strong: default 300; seed: no limit unless given. */
  readonly maxAge?: number;
  /** Accepted `audience` value(s) (`<serverId>.<serverName>.<user>.<userId>` of the recipient). */
  readonly audience?: string | readonly string[];
  /** Accepted `iss` value(s). */
  readonly issuer?: string | readonly string[];
  /** Strong profile: the recipient's EC private key; without it the message is verified but stays encrypted. */
  readonly decryptionKey?: EtampKeyInput;
  /**
   * Seen-`Id` store. strong: required — pass a store (e.g. `new MemoryReplayStore()`, or use `createEtampVerifier`,
   * which keeps one) or `null` to opt out explicitly; seed: optional.
   */
  readonly replayStore?: ReplayStore | null;
  /**
   * Seed profile only, off by default: accept a `SignatureMessage` that does not verify when it is a well-formed
   * signature — what the seed's own double signing produces. The message is then authenticated by the JWT and
   * `SignatureToken` alone (`signatureMessage: "unverified"` in the result). See README, "The seed's double signing".
   */
  readonly tolerateSeedDoubleSign?: boolean;
}

export interface VerifiedEtamp {
  readonly profile: EtampProfileName;
  readonly id: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: EtampClaims;
  /**
   * The message text: seed — the `message` claim as carried; strong — the decrypted plaintext, or undefined when no
   * decryption key was given (the JWE is in `claims.message`).
   */
  readonly message?: string;
  /** True when the `message` claim is a JWE (strong profile). */
  readonly encrypted: boolean;
  /** `verified`, or `unverified` when `tolerateSeedDoubleSign` let a seed-style SignatureMessage through. */
  readonly signatureMessage: 'verified' | 'unverified';
}

function nonNegative(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InputInvalidError(`${what} must be a non-negative number of seconds`);
  return value;
}

function allowList(value: unknown, what: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string')) throw new InputInvalidError(`${what} must be a string or a non-empty array of strings`);
  return list;
}

const DOUBLE_SIGN_EXPLANATION =
  "it is a well-formed P-521 signature, which is what the seed's generate_etamp sends: it calls sign_message(token) twice, " +
  'so SignatureMessage signs a second, different SignatureToken that the message does not carry (seed double-sign); ' +
  'a signature by another key or over other data looks exactly the same';

export async function verifyEtamp(input: unknown, options: VerifyEtampOptions): Promise<VerifiedEtamp> {
  if (typeof options !== 'object' || options === null) throw new InputInvalidError('verifyEtamp needs options');
  const { backend } = options;
  if (typeof backend?.verify !== 'function') throw new InputInvalidError('options.backend must be a cryptoplug Backend');
  const profile = profileOf(options.profile);
  const key = verificationKey(options.key);
  const tolerance = nonNegative(options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE, 'clockTolerance');
  const maxAge = options.maxAge === undefined ? profile.defaultMaxAge : nonNegative(options.maxAge, 'maxAge');
  const audiences = allowList(options.audience, 'audience');
  const issuers = allowList(options.issuer, 'issuer');
  const store = options.replayStore ?? undefined;
  if (profile.replayRequired && options.replayStore === undefined) {
    throw new InputInvalidError('the strong profile needs a replay store: pass replayStore (new MemoryReplayStore(), or null to opt out) or use createEtampVerifier');
  }
  if (store !== undefined && typeof store.remember !== 'function') throw new InputInvalidError('replayStore must have a remember(id, expiresAt, now) method');
  if (options.tolerateSeedDoubleSign && profile.name !== 'seed') throw new InputInvalidError('tolerateSeedDoubleSign is for the seed profile only');
  if (options.decryptionKey !== undefined && !profile.encryptedMessage) throw new InputInvalidError('decryptionKey is for the strong profile (the seed profile does not encrypt)');
  const decryptWith = options.decryptionKey === undefined ? undefined : decryptionKey(options.decryptionKey);
  const now = secondsOf(options.now);

  const msg = parseEtampMessage(input);

  // the JWT: ES512 pinned, signature, typ
  const { header, payload } = await verifyToken(backend, key, msg.Token);
  if (header.typ !== JWT_TYP) throw new EtampError('ERR_ETAMP_TYP', `Token typ must be "${JWT_TYP}", got ${JSON.stringify(header.typ)?.slice(0, 40) ?? 'none'}`);
  let claimsValue: unknown;
  let claimsText: string;
  try {
    claimsText = fromUtf8(payload);
  } catch (cause) {
    throw new EtampError('ERR_ETAMP_CLAIMS_INVALID', 'the claims set is not UTF-8 JSON', { cause });
  }
  claimsValue = parseJsonGuarded(claimsText, { what: 'ETAMP claims set', invalid: (cause) => new EtampError('ERR_ETAMP_CLAIMS_INVALID', 'the claims set is not UTF-8 JSON', { cause }) });
  const claims = parseClaims(claimsValue);

  // time: the same comparisons as PyJWT (expired when exp <= now - leeway; immature when nbf > now + leeway)
  if (claims.exp <= now - tolerance) throw new EtampError('ERR_ETAMP_EXPIRED', `the message expired at ${claims.exp} (now ${now}, tolerance ${tolerance} s)`);
  if (claims.nbf > now + tolerance) throw new EtampError('ERR_ETAMP_NOT_YET_VALID', `the message is not valid before ${claims.nbf} (now ${now}, tolerance ${tolerance} s)`);
  if (maxAge !== undefined && now - claims.nbf > maxAge + tolerance) {
    throw new EtampError('ERR_ETAMP_TOO_OLD', `the message is ${now - claims.nbf} s old, more than the maximum age ${maxAge} s (tolerance ${tolerance} s)`);
  }

  // structure
  if (msg.Id !== claims.messageId) throw new EtampError('ERR_ETAMP_ID_MISMATCH', 'Id does not equal the messageId claim');
  if (claims.sub !== SUBJECT) throw new EtampError('ERR_ETAMP_SUBJECT', `sub must be "${SUBJECT}", got ${JSON.stringify(claims.sub).slice(0, 40)}`);
  if (claims.iss !== issuerOf(claims)) throw new EtampError('ERR_ETAMP_ISSUER', 'iss is not <senderServerId>.<senderServerName>.<senderUserName>.<senderId> of the sender claims');
  if (claims.audience !== audienceOf(claims)) {
    throw new EtampError('ERR_ETAMP_AUDIENCE', 'audience is not <recipientServerId>.<recipientServerName>.<recipient>.<recipientId> of the recipient claims');
  }
  if (issuers && !issuers.includes(claims.iss)) throw new EtampError('ERR_ETAMP_ISSUER_UNEXPECTED', 'iss is not one of the expected issuers');
  if (audiences && !audiences.includes(claims.audience)) throw new EtampError('ERR_ETAMP_AUDIENCE_UNEXPECTED', 'audience is not one of the expected audiences');

  // the detached signatures
  const hash = profile.detachedHash;
  if (!(await verifyDetached(backend, key, hash, msg.SignatureToken, msg.Token))) {
    const other = PROFILES[profile.name === 'seed' ? 'strong' : 'seed'];
    if (await verifyDetached(backend, key, other.detachedHash, msg.SignatureToken, msg.Token)) {
      throw new EtampError('ERR_ETAMP_PROFILE_MISMATCH', `the detached signatures use ${other.detachedHash} (the ${other.name} profile), the verifier expects the ${profile.name} profile (${hash})`);
    }
    throw new EtampError('ERR_ETAMP_SIGNATURE_TOKEN', `SignatureToken is not a valid ${hash} signature of Token by the sender key`);
  }
  let signatureMessage: VerifiedEtamp['signatureMessage'] = 'verified';
  if (!(await verifyDetached(backend, key, hash, msg.SignatureMessage, msg.Id + msg.Token + msg.SignatureToken))) {
    const diagnosis = diagnoseSignatureMessage(msg.SignatureMessage);
    if (diagnosis === 'unverifiable' && options.tolerateSeedDoubleSign) {
      signatureMessage = 'unverified';
    } else {
      const head = 'SignatureMessage does not verify over Id + Token + SignatureToken';
      throw new EtampSignatureMessageError(
        diagnosis,
        diagnosis === 'malformed'
          ? `${head}: it is not base64 of a 132-byte P-521 signature`
          : diagnosis === 'impossible'
            ? `${head}: it is corrupted (r or s out of range, or r not the x-coordinate of a curve point: no ECDSA signer produces it), so it is not the seed's double signing`
            : `${head}; ${DOUBLE_SIGN_EXPLANATION}`,
      );
    }
  }

  // strong: the message JWE
  let message: string | undefined = claims.message;
  if (profile.encryptedMessage) {
    inspectMessageJwe(claims.message);
    message = decryptWith ? await decryptMessage(backend, decryptWith, claims.message) : undefined;
  }

  // replay: last, so that only a message that passed everything is remembered (atomic check-and-record)
  if (store) {
    const until = Math.min(claims.exp, maxAge === undefined ? claims.exp : claims.nbf + maxAge) + Math.ceil(tolerance);
    if (!(await store.remember(msg.Id, until, now))) throw new EtampError('ERR_ETAMP_REPLAY', `message ${msg.Id} was already received (replay)`);
  }

  return {
    profile: profile.name,
    id: msg.Id,
    header,
    claims,
    ...(message !== undefined ? { message } : {}),
    encrypted: profile.encryptedMessage,
    signatureMessage,
  };
}
