/**
 * akenza device tokens: a JWT signed by the device's private key (RS256 or ES256) with `iat`, `exp` and
 * `aud = https://akenza.io/devices/<deviceId>`, header `kid` = the key fingerprint (see keys.ts). The device sends it
 * as the MQTT password (username "unused", client id = device id).
 */
import { InputInvalidError, fromBase64url, fromUtf8, parseJsonGuarded, type Backend } from '@cryptoplug/core';
import { AkenzaError } from './errors.js';
import { readHeader, signJws, verifyJws, type DeviceAlg } from './jwt.js';
import { assertDeviceAlg, deviceKid, importDevicePrivateKey, importDevicePublicKey, type KeyInput } from './keys.js';
import { assertDeviceId, deviceAudience } from './topics.js';

/** The lifetime of the documentation's tokens: 20 minutes. */
export const DEFAULT_TOKEN_LIFETIME = 20 * 60;
/** Longest accepted `exp - iat` by default: 24 hours. */
export const DEFAULT_MAX_LIFETIME = 24 * 60 * 60;
/** Accepted clock difference between device and broker, for `iat` (future) and `exp` (past). */
export const DEFAULT_CLOCK_SKEW = 60;

const RESERVED = new Set(['iat', 'exp', 'aud']);

export interface CreateDeviceTokenOptions {
  readonly deviceId: string;
  /** The device's RSA (>= 2048 bits) or EC P-256 private key: a PrivateKey, or PEM/DER/JWK. */
  readonly privateKey: KeyInput;
  /** RS256 (RSA keys) or ES256 (P-256 keys). Default: the one the key pins. */
  readonly alg?: DeviceAlg | string;
  readonly backend: Backend;
  /** Seconds from `iat` to `exp`. Default 1200 (20 minutes). */
  readonly lifetime?: number;
  /** `iat`, in seconds since the epoch. Default: now. */
  readonly now?: number;
  /** Further claims (not iat/exp/aud). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface DeviceClaims {
  iat: number;
  exp: number;
  aud: string | string[];
  [claim: string]: unknown;
}

function seconds(value: unknown, what: string, { min = 0, integer = true } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new InputInvalidError(`${what} must be ${integer ? 'an integer' : 'a number'} >= ${min} (seconds), got ${String(value)}`);
  }
  return value;
}

function nowSeconds(now: number | undefined): number {
  return now === undefined ? Math.floor(Date.now() / 1000) : Math.floor(seconds(now, 'now', { integer: false }));
}

/** Makes a device token (the MQTT password). */
export async function createDeviceToken(options: CreateDeviceTokenOptions): Promise<string> {
  return (await issueDeviceToken(options)).token;
}

/** Like {@link createDeviceToken}, also returning the claims, the kid and the algorithm. */
export async function issueDeviceToken(options: CreateDeviceTokenOptions): Promise<{ token: string; claims: DeviceClaims; kid: string; alg: DeviceAlg }> {
  if (typeof options !== 'object' || options === null) throw new InputInvalidError('createDeviceToken needs options');
  assertDeviceId(options.deviceId);
  if (options.alg !== undefined) assertDeviceAlg(options.alg);
  if (!options.backend) throw new InputInvalidError('createDeviceToken needs options.backend');
  const { key, alg } = importDevicePrivateKey(options.privateKey, options.alg as DeviceAlg | undefined);
  const lifetime = options.lifetime === undefined ? DEFAULT_TOKEN_LIFETIME : seconds(options.lifetime, 'lifetime', { min: 1 });
  const extra = options.claims ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new InputInvalidError('claims must be an object');
  for (const name of Object.keys(extra)) {
    if (RESERVED.has(name)) throw new InputInvalidError(`claims must not set "${name}": createDeviceToken sets iat, exp and aud`);
  }
  const iat = nowSeconds(options.now);
  const claims: DeviceClaims = { ...extra, iat, exp: iat + lifetime, aud: deviceAudience(options.deviceId) };
  const kid = await deviceKid(key, options.backend);
  const token = await signJws(claims, key, alg, kid, options.backend);
  return { token, claims, kid, alg };
}

export interface VerifyDeviceTokenOptions {
  /** The device the token must be for (the MQTT client id). */
  readonly deviceId: string;
  /** The device's registered public key (a private key is reduced to its public part). It pins the algorithm. */
  readonly publicKey: KeyInput;
  readonly backend: Backend;
  /** The current time, seconds since the epoch. Default: now. */
  readonly now?: number;
  /** Allowed clock difference in seconds for `iat` and `exp`. Default 60. */
  readonly clockSkew?: number;
  /** Longest accepted `exp - iat`, in seconds. Default 86400. */
  readonly maxLifetime?: number;
  /** Refuse tokens without `kid`. Default false (a token without kid is checked against the registered key only). */
  readonly requireKid?: boolean;
}

export interface VerifiedDeviceToken {
  readonly deviceId: string;
  readonly alg: DeviceAlg;
  /** The registered key's fingerprint (the token's kid, when it has one, equals it). */
  readonly kid: string;
  readonly header: Record<string, unknown>;
  readonly claims: DeviceClaims;
}

/**
 * Verifies a device token for `deviceId` against its registered key. Checks, in this order: compact JWS form; `alg`
 * = the algorithm the key pins (so HS256, none, PS256 or an RS256 token for an EC device are refused before any
 * cryptography); `kid`, when present, = the key's fingerprint; the signature; `aud`; `iat`/`exp` present and numeric;
 * `exp - iat` within `maxLifetime`; `iat` not in the future and `exp` not past (both with `clockSkew`).
 * Throws an {@link AkenzaError} with the code of the first failed check.
 */
export async function verifyDeviceToken(token: string, options: VerifyDeviceTokenOptions): Promise<VerifiedDeviceToken> {
  if (typeof options !== 'object' || options === null) throw new InputInvalidError('verifyDeviceToken needs options');
  assertDeviceId(options.deviceId);
  if (!options.backend) throw new InputInvalidError('verifyDeviceToken needs options.backend');
  const { key, alg } = importDevicePublicKey(options.publicKey);
  const now = nowSeconds(options.now);
  const skew = options.clockSkew === undefined ? DEFAULT_CLOCK_SKEW : seconds(options.clockSkew, 'clockSkew');
  const maxLifetime = options.maxLifetime === undefined ? DEFAULT_MAX_LIFETIME : seconds(options.maxLifetime, 'maxLifetime', { min: 1 });

  const header = readHeader(token);
  if (header.alg !== alg) {
    throw new AkenzaError('ERR_AKENZA_ALG_NOT_ALLOWED', `the token is ${JSON.stringify(header.alg ?? null)?.slice(0, 20)}, the device's key allows ${alg} only`);
  }
  const kid = await deviceKid(key, options.backend);
  if (header.kid !== undefined) {
    if (header.kid !== kid) throw new AkenzaError('ERR_AKENZA_KID_MISMATCH', 'the token kid is not the fingerprint of the registered key');
  } else if (options.requireKid) {
    throw new AkenzaError('ERR_AKENZA_KID_MISMATCH', 'the token has no kid');
  }
  const payload = await verifyJws(token, key, alg, options.backend);
  const claims = parseClaims(payload);
  checkClaims(claims, { audience: deviceAudience(options.deviceId), now, skew, maxLifetime });
  return { deviceId: options.deviceId, alg, kid, header, claims };
}

function parseClaims(payload: Uint8Array): DeviceClaims {
  let claims: unknown;
  try {
    claims = fromUtf8(payload);
  } catch (cause) {
    throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not JSON', { cause });
  }
  claims = parseJsonGuarded(claims as string, { what: 'token claims', invalid: (cause) => new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not JSON', { cause }) });
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not a JSON object');
  }
  const c = claims as Record<string, unknown>;
  for (const name of ['iat', 'exp'] as const) {
    if (c[name] === undefined) throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', `the token has no "${name}" claim`);
    if (typeof c[name] !== 'number' || !Number.isFinite(c[name])) throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', `the "${name}" claim must be a number`);
  }
  if (c.nbf !== undefined && (typeof c.nbf !== 'number' || !Number.isFinite(c.nbf))) {
    throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the "nbf" claim must be a number');
  }
  return c as DeviceClaims;
}

function checkClaims(claims: DeviceClaims, o: { audience: string; now: number; skew: number; maxLifetime: number }): void {
  const aud: unknown = claims.aud;
  const audOk = aud === o.audience || (Array.isArray(aud) && aud.every((a) => typeof a === 'string') && aud.includes(o.audience));
  if (!audOk) {
    throw new AkenzaError('ERR_AKENZA_AUDIENCE_MISMATCH', aud === undefined ? 'the token has no "aud" claim' : `the token "aud" is not ${o.audience}`);
  }
  const lifetime = claims.exp - claims.iat;
  if (lifetime <= 0) throw new AkenzaError('ERR_AKENZA_TOKEN_LIFETIME', 'the token expires before it is issued');
  if (lifetime > o.maxLifetime) {
    throw new AkenzaError('ERR_AKENZA_TOKEN_LIFETIME', `the token lifetime (${lifetime} s) exceeds the maximum of ${o.maxLifetime} s`);
  }
  if (claims.iat > o.now + o.skew) throw new AkenzaError('ERR_AKENZA_TOKEN_NOT_YET_VALID', `the token is issued in the future (iat ${claims.iat}, now ${o.now})`);
  if (typeof claims.nbf === 'number' && claims.nbf > o.now + o.skew) throw new AkenzaError('ERR_AKENZA_TOKEN_NOT_YET_VALID', 'the token is not valid yet (nbf)');
  if (claims.exp <= o.now - o.skew) throw new AkenzaError('ERR_AKENZA_TOKEN_EXPIRED', `the token expired at ${claims.exp} (now ${o.now})`);
}

/** Header and claims of a token, UNVERIFIED (for display and logs only). */
export function decodeDeviceToken(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const header = readHeader(token);
  const part = token.split('.')[1] ?? '';
  let claims: unknown;
  try {
    claims = fromUtf8(fromBase64url(part));
  } catch (cause) {
    throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not JSON', { cause });
  }
  claims = parseJsonGuarded(claims as string, { what: 'token claims', invalid: (cause) => new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not JSON', { cause }) });
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token claims are not a JSON object');
  return { header, claims: claims as Record<string, unknown> };
}

