/**
 * akenza errors. Every failure a caller of this package can see is an {@link AkenzaError} (a CryptoplugError) with one
 * of the stable `ERR_AKENZA_*` codes below, or a core error for plain input mistakes (`ERR_INPUT_INVALID`).
 *
 * The codes form this package's own closed set: `AkenzaError<C>` fixes `code` to one of them, and `AnyAkenzaError`
 * is the union to switch over exhaustively.
 */
import { CryptoplugError } from '@cryptoplug/core';

export const AKENZA_ERROR_CODES = [
  /** createDeviceToken: an algorithm other than RS256/ES256. */
  'ERR_AKENZA_ALG_UNSUPPORTED',
  /** A key that is not an RSA (>= 2048 bits) or EC P-256 key, or that does not fit the requested algorithm. */
  'ERR_AKENZA_KEY_UNSUPPORTED',
  /** A device id that cannot be an akenza device id (empty, too long, MQTT wildcard/level characters, control chars). */
  'ERR_AKENZA_DEVICE_ID_INVALID',
  /** An uplink subtopic that is not a plain topic suffix. */
  'ERR_AKENZA_TOPIC_INVALID',
  /** Not a compact JWS, undecodable header/claims, missing or mistyped iat/exp, unsupported `crit`. */
  'ERR_AKENZA_TOKEN_MALFORMED',
  /** The token's `alg` is not the algorithm pinned by the registered key (HS256, none, PS256, RS256 for an EC key...). */
  'ERR_AKENZA_ALG_NOT_ALLOWED',
  /** The token's `kid` is not the fingerprint of the registered key. */
  'ERR_AKENZA_KID_MISMATCH',
  /** The signature does not verify with the registered key. */
  'ERR_AKENZA_SIGNATURE_INVALID',
  /** `aud` is not https://akenza.io/devices/<deviceId>. */
  'ERR_AKENZA_AUDIENCE_MISMATCH',
  /** `exp` has passed (beyond the clock skew). */
  'ERR_AKENZA_TOKEN_EXPIRED',
  /** `iat` lies in the future (beyond the clock skew). */
  'ERR_AKENZA_TOKEN_NOT_YET_VALID',
  /** `exp - iat` exceeds the maximum lifetime, or `exp <= iat`. */
  'ERR_AKENZA_TOKEN_LIFETIME',
  /** Broker side: the client id is not a registered device. */
  'ERR_AKENZA_UNKNOWN_DEVICE',
  /** A device registry (files, JSON list) that cannot be loaded. */
  'ERR_AKENZA_REGISTRY_INVALID',
  /** The broker refused the device's CONNECT (bad username or password, not authorized...). */
  'ERR_AKENZA_CONNECT_REFUSED',
  /** The connection could not be made (network, TLS, timeout). */
  'ERR_AKENZA_CONNECT_FAILED',
  /** The device client was closed (or gave up) before the operation completed. */
  'ERR_AKENZA_CLIENT_CLOSED',
  /** Broker configuration that cannot work (certificate files, ports, accounts). */
  'ERR_AKENZA_BROKER_CONFIG',
] as const;

export type AkenzaErrorCode = (typeof AKENZA_ERROR_CODES)[number];

export class AkenzaError<C extends AkenzaErrorCode = AkenzaErrorCode> extends CryptoplugError<C> {
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** True for an AkenzaError, optionally with this code. */
export function isAkenzaError(e: unknown, code?: AkenzaErrorCode): e is AkenzaError {
  return e instanceof AkenzaError && (code === undefined || e.code === code);
}

/** The closed union of this package's errors, one member per code: a `switch (e.code)` over it is exhaustive. */
export type AnyAkenzaError = { [C in AkenzaErrorCode]: AkenzaError<C> }[AkenzaErrorCode];
