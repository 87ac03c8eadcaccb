/**
 * ETAMP errors. Every failure a caller of this package can see is an {@link EtampError} (a CryptoplugError) with one of
 * the stable `ERR_ETAMP_*` codes below, or a core error for key and parameter mistakes (`ERR_KEY_*`, `ERR_INPUT_INVALID`,
 * `ERR_UNSUPPORTED` when the backend cannot do ECDSA P-521).
 *
 * The codes form this package's own closed set: `EtampError<C>` fixes `code` to one of them, and `AnyEtampError`
 * is the union to switch over exhaustively.
 */
import { CryptoplugError } from '@cryptoplug/core';

/** Every ETAMP code, in the order verification checks them. */
export const ETAMP_ERROR_CODES = [
  /** The message is not an object with string `Id`, `Token`, `SignatureToken`, `SignatureMessage` (JSON or the seed's printed dict). */
  'ERR_ETAMP_MESSAGE_INVALID',
  /** `Token` is not a compact JWS (parts, base64url, header JSON, unsupported `crit`). */
  'ERR_ETAMP_TOKEN_INVALID',
  /** The JWT `alg` is not ES512 (pinned; `none` and every other algorithm land here). */
  'ERR_ETAMP_ALG',
  /** The JWT signature does not verify with the sender's key (tampered claims or header, wrong key). */
  'ERR_ETAMP_TOKEN_SIGNATURE',
  /** The JWT header `typ` is not "ETAMP". */
  'ERR_ETAMP_TYP',
  /** The claims set is not a JSON object, or an ETAMP claim is missing or has the wrong type/format. */
  'ERR_ETAMP_CLAIMS_INVALID',
  /** `exp` has passed (beyond the clock tolerance). */
  'ERR_ETAMP_EXPIRED',
  /** `nbf` is in the future (beyond the clock tolerance). */
  'ERR_ETAMP_NOT_YET_VALID',
  /** The message is older than the maximum age (`now - nbf`), strong profile or when `maxAge` is set. */
  'ERR_ETAMP_TOO_OLD',
  /** `Id` differs from the `messageId` claim. */
  'ERR_ETAMP_ID_MISMATCH',
  /** `sub` is not "Message". */
  'ERR_ETAMP_SUBJECT',
  /** `iss` is not `<senderServerId>.<senderServerName>.<senderUserName>.<senderId>`. */
  'ERR_ETAMP_ISSUER',
  /** `iss` is not one of the issuers the caller expects. */
  'ERR_ETAMP_ISSUER_UNEXPECTED',
  /** `audience` is not `<recipientServerId>.<recipientServerName>.<recipient>.<recipientId>`. */
  'ERR_ETAMP_AUDIENCE',
  /** `audience` is not one of the audiences the caller expects. */
  'ERR_ETAMP_AUDIENCE_UNEXPECTED',
  /** The detached signatures were made for the other profile (SHA-1 seed vs SHA-512 strong). */
  'ERR_ETAMP_PROFILE_MISMATCH',
  /** `SignatureToken` is not a valid signature of `Token` by the sender's key. */
  'ERR_ETAMP_SIGNATURE_TOKEN',
  /** `SignatureMessage` is not a valid signature of `Id + Token + SignatureToken` (the seed's own output lands here). */
  'ERR_ETAMP_SIGNATURE_MESSAGE',
  /** Strong profile: the `message` claim is not a compact JWE with ECDH-ES+A256KW and A256GCM. */
  'ERR_ETAMP_MESSAGE_ENCRYPTION',
  /** Strong profile: the JWE does not decrypt with the given key (one fixed message). */
  'ERR_ETAMP_DECRYPTION_FAILED',
  /** The message `Id` was seen before (replay). */
  'ERR_ETAMP_REPLAY',
  /** The replay store is full of unexpired entries and refuses new ones (fail closed). */
  'ERR_ETAMP_REPLAY_STORE_FULL',
] as const;

export type EtampErrorCode = (typeof ETAMP_ERROR_CODES)[number];

export class EtampError<C extends EtampErrorCode = EtampErrorCode> extends CryptoplugError<C> {
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * What can be said about a `SignatureMessage` that does not verify:
 * - `malformed`: not base64, or not 2×66 bytes;
 * - `impossible`: r or s out of [1, n-1], or r is not the x-coordinate of a P-521 point — no ECDSA signer produces that,
 *   so it is corruption (or forgery), never the seed's double signing;
 * - `unverifiable`: a well-formed signature that could be the seed's double signing (it signs a second SignatureToken
 *   the message does not carry), or a signature by another key, or over other data. These cannot be told apart.
 */
export type SignatureMessageDiagnosis = 'malformed' | 'impossible' | 'unverifiable';

export class EtampSignatureMessageError extends EtampError<'ERR_ETAMP_SIGNATURE_MESSAGE'> {
  readonly diagnosis: SignatureMessageDiagnosis;
  constructor(diagnosis: SignatureMessageDiagnosis, message: string) {
    super('ERR_ETAMP_SIGNATURE_MESSAGE', message);
    this.diagnosis = diagnosis;
  }
}

/** Every decryption failure of the strong profile's `message` JWE has this one message. */
export class EtampDecryptionFailedError extends EtampError<'ERR_ETAMP_DECRYPTION_FAILED'> {
  static readonly MESSAGE = 'the message claim could not be decrypted with this key';
  constructor(options?: { cause?: unknown }) {
    super('ERR_ETAMP_DECRYPTION_FAILED', EtampDecryptionFailedError.MESSAGE, options);
  }
}

export function isEtampError(e: unknown): e is EtampError {
  return e instanceof EtampError;
}

/** The closed union of this package's errors, one member per code: a `switch (e.code)` over it is exhaustive. */
export type AnyEtampError = { [C in EtampErrorCode]: EtampError<C> }[EtampErrorCode];
