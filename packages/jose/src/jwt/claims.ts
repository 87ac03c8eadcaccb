/** JWT claims set (RFC 7519 §4) validation, shared by signed and encrypted JWTs. */
import { InputInvalidError } from '@cryptoplug/core/errors';
import { JwtClaimInvalidError, JwtExpiredError, JwtInvalidError } from '../lib/errors.js';
import { isObject, parseJsonObject, secondsOf } from '../lib/util.js';

export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

export interface ClaimValidationOptions {
  /** Accepted issuer(s); `iss` becomes required. */
  readonly issuer?: string | readonly string[];
  /** Accepted audience(s); `aud` becomes required and must name one of them. */
  readonly audience?: string | readonly string[];
  /** Expected subject; `sub` becomes required. */
  readonly subject?: string;
  /** Expected JWT ID; `jti` becomes required. */
  readonly jti?: string;
  /** Expected `typ` header (compared case-insensitively, "application/" prefix optional). */
  readonly typ?: string;
  /** Claims that must be present. */
  readonly requiredClaims?: readonly string[];
  /** Maximum age from `iat` (seconds, or "30m", "2h"...); `iat` becomes required. */
  readonly maxTokenAge?: number | string;
  /** Allowed clock skew for exp/nbf/iat (seconds, or "30s"...). Default 0. */
  readonly clockTolerance?: number | string;
  /** The current time: a Date, or a number of seconds since the epoch. Default: now. */
  readonly currentDate?: Date | number;
}

export function nowSeconds(current: Date | number | undefined): number {
  const t = current === undefined ? Date.now() / 1000 : current instanceof Date ? current.getTime() / 1000 : current;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new InputInvalidError(current instanceof Date ? 'currentDate is an invalid Date' : 'currentDate must be a Date or seconds since the epoch');
  }
  return Math.floor(t);
}

function normalizeTyp(value: string): string {
  const v = value.toLowerCase();
  return v.startsWith('application/') ? v.slice(12 /* 'application/'.length */) : v;
}

const NUMERIC_CLAIMS = ['exp', 'nbf', 'iat'] as const;
const STRING_CLAIMS = ['iss', 'sub', 'jti'] as const;

function numericClaim(v: unknown, c: (typeof NUMERIC_CLAIMS)[number]): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new JwtClaimInvalidError(`"${c}" claim must be a number`, c, 'invalid');
}

function stringClaim(v: unknown, c: (typeof STRING_CLAIMS)[number]): void {
  if (v !== undefined && typeof v !== 'string') throw new JwtClaimInvalidError(`"${c}" claim must be a string`, c, 'invalid');
}

/** Parses the JWT payload bytes into a claims object (must be a JSON object with well-typed registered claims). */
export function parseClaims(payload: Uint8Array): JwtClaims {
  const claims = parseJsonObject(payload, 'JWT claims set', JwtInvalidError) as JwtClaims;
  // named reads, in the order of NUMERIC_CLAIMS then STRING_CLAIMS (a loop reading claims[c] is a megamorphic keyed load per claim)
  numericClaim(claims.exp, 'exp');
  numericClaim(claims.nbf, 'nbf');
  numericClaim(claims.iat, 'iat');
  stringClaim(claims.iss, 'iss');
  stringClaim(claims.sub, 'sub');
  stringClaim(claims.jti, 'jti');
  const aud = claims.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw new JwtClaimInvalidError('"aud" claim must be a string or an array of strings', 'aud', 'invalid');
  }
  return claims;
}

function missing(claim: string): JwtClaimInvalidError {
  return new JwtClaimInvalidError(`missing required "${claim}" claim`, claim, 'missing');
}

/** `unexpected "<claim>" claim value` (a value check failed). */
function unexpected(claim: string): JwtClaimInvalidError {
  return new JwtClaimInvalidError(`unexpected "${claim}" claim value`, claim, 'check_failed');
}

/** `"<claim>" claim timestamp check failed (<why>)`: ERR_JWT_EXPIRED for an old token, else ERR_JWT_CLAIM_INVALID. */
function timestamp(claim: 'iat' | 'nbf' | 'exp', why: string, expired?: boolean): JwtClaimInvalidError | JwtExpiredError {
  return new (expired ? JwtExpiredError : JwtClaimInvalidError)(`"${claim}" claim timestamp check failed (${why})`, claim, 'check_failed');
}

/** Whether `value` is the allowed string or one of the allowed list (no per-call arrays). */
function oneOf(value: unknown, allowed: string | readonly string[]): boolean {
  return typeof allowed === 'string' ? value === allowed : allowed.includes(value as string);
}

/** Validates a parsed claims set against the options. Throws `ERR_JWT_EXPIRED` or `ERR_JWT_CLAIM_INVALID`. */
export function validateClaims(header: Record<string, unknown>, claims: JwtClaims, options: ClaimValidationOptions = {}): void {
  if (typeof options !== 'object' || options === null) throw new InputInvalidError('claim validation options must be an object');
  if (options.typ !== undefined) {
    if (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== normalizeTyp(options.typ)) {
      throw new JwtClaimInvalidError('unexpected "typ" header parameter value', 'typ', 'check_failed');
    }
  }
  // required claims: the caller's list first, then those the options imply (the first missing one is reported)
  if (options.requiredClaims !== undefined) {
    for (const c of options.requiredClaims) {
      if (typeof c !== 'string') throw new InputInvalidError('requiredClaims must be strings');
      if (claims[c] === undefined) throw missing(c);
    }
  }
  if (options.issuer !== undefined && claims.iss === undefined) throw missing('iss');
  if (options.audience !== undefined && claims.aud === undefined) throw missing('aud');
  if (options.subject !== undefined && claims.sub === undefined) throw missing('sub');
  if (options.jti !== undefined && claims.jti === undefined) throw missing('jti');
  if (options.maxTokenAge !== undefined && claims.iat === undefined) throw missing('iat');

  if (options.issuer !== undefined && !oneOf(claims.iss, options.issuer)) throw unexpected('iss');
  if (options.subject !== undefined && claims.sub !== options.subject) throw unexpected('sub');
  if (options.jti !== undefined && claims.jti !== options.jti) throw unexpected('jti');
  if (options.audience !== undefined) {
    const allowed = options.audience;
    const aud = claims.aud;
    const ok = typeof aud === 'string' ? oneOf(aud, allowed) : (aud ?? []).some((a) => oneOf(a, allowed));
    if (!ok) throw unexpected('aud');
  }

  const now = nowSeconds(options.currentDate);
  const tolerance = options.clockTolerance === undefined ? 0 : secondsOf(options.clockTolerance, 'clockTolerance');

  if (claims.iat !== undefined && options.maxTokenAge !== undefined) {
    const maxAge = secondsOf(options.maxTokenAge, 'maxTokenAge');
    const age = now - claims.iat;
    if (age - tolerance > maxAge) throw timestamp('iat', 'too far in the past', true);
    if (age < -tolerance) throw timestamp('iat', 'it should be in the past');
  }
  if (claims.nbf !== undefined && claims.nbf > now + tolerance) throw timestamp('nbf', 'not yet valid');
  if (claims.exp !== undefined && claims.exp <= now - tolerance) throw timestamp('exp', 'token expired', true);
}

/** Options of the JWT producers that set registered claims. */
export interface ClaimSetterOptions {
  readonly issuer?: string;
  readonly subject?: string;
  readonly audience?: string | readonly string[];
  readonly jwtId?: string;
  /** `true` sets `iat` to the current time; a number sets it to that value. */
  readonly issuedAt?: boolean | number;
  /** Seconds (or "2h") from now (or from `iat` when set) until `exp`. */
  readonly expiresIn?: number | string;
  /** Absolute `exp` (seconds since the epoch). */
  readonly expirationTime?: number;
  /** Absolute `nbf` (seconds), or `notBeforeIn` seconds from now. */
  readonly notBefore?: number;
  readonly notBeforeIn?: number | string;
  readonly currentDate?: Date | number;
}

export function applyClaimSetters(claims: JwtClaims, options: ClaimSetterOptions): JwtClaims {
  if (!isObject(claims)) throw new InputInvalidError('JWT claims must be a JSON object');
  const out: JwtClaims = { ...claims };
  const now = nowSeconds(options.currentDate);
  if (options.issuer !== undefined) out.iss = options.issuer;
  if (options.subject !== undefined) out.sub = options.subject;
  if (options.audience !== undefined) out.aud = typeof options.audience === 'string' ? options.audience : [...options.audience];
  if (options.jwtId !== undefined) out.jti = options.jwtId;
  if (options.issuedAt === true) out.iat = now;
  else if (typeof options.issuedAt === 'number') out.iat = options.issuedAt;
  if (options.notBefore !== undefined) out.nbf = options.notBefore;
  if (options.notBeforeIn !== undefined) out.nbf = now + secondsOf(options.notBeforeIn, 'notBeforeIn');
  if (options.expirationTime !== undefined) out.exp = options.expirationTime;
  if (options.expiresIn !== undefined) out.exp = (typeof out.iat === 'number' && options.issuedAt !== undefined ? out.iat : now) + secondsOf(options.expiresIn, 'expiresIn');
  for (const c of NUMERIC_CLAIMS) {
    if (out[c] !== undefined && (typeof out[c] !== 'number' || !Number.isFinite(out[c]))) throw new InputInvalidError(`"${c}" claim must be a number`);
  }
  return out;
}
