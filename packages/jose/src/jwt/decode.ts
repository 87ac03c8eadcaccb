/**
 * Unverified inspection, for routing and debugging only (python-jose's get_unverified_header/claims): NOTHING here
 * checks a signature or a claim. Never trust what these return.
 */
import { parseJsonGuarded } from '@cryptoplug/core/json';
import { JoseError, JwtInvalidError } from '../lib/errors.js';
import { DEFAULT_LIMITS, decodeB64u, decodeProtected, isObject, type ErrorClass } from '../lib/util.js';
import { parseClaims, type JwtClaims } from './claims.js';

class DecodeError extends JoseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_JWT_INVALID', message, options);
  }
}

/**
 * The protected header of a compact JWS/JWE, or of a JSON serialization (its first signature/recipient set: protected
 * merged with the unprotected headers). UNVERIFIED.
 */
export function decodeProtectedHeader(token: string | Record<string, unknown>): Record<string, unknown> {
  const Err: ErrorClass = DecodeError;
  if (typeof token === 'string' && !token.trimStart().startsWith('{')) {
    if (token.length > DEFAULT_LIMITS.maxTokenLength) throw new Err('token is too long');
    const parts = token.split('.');
    if (parts.length !== 3 && parts.length !== 5) throw new Err('not a compact JWS or JWE');
    return decodeProtected(parts[0], DEFAULT_LIMITS, Err);
  }
  let obj: unknown = token;
  if (typeof token === 'string') {
    obj = parseJsonGuarded(token, { what: 'token', maxBytes: DEFAULT_LIMITS.maxTokenLength, invalid: (cause) => new Err('token is neither compact nor JSON', { cause }) });
  }
  if (!isObject(obj)) throw new Err('JSON serialization must be an object');
  const first = Array.isArray(obj.signatures) ? obj.signatures[0] : obj;
  const prot = isObject(first) && typeof first.protected === 'string' ? first.protected : typeof obj.protected === 'string' ? obj.protected : undefined;
  const parsed = prot !== undefined ? decodeProtected(prot, DEFAULT_LIMITS, Err) : {};
  const unprot = isObject(obj.unprotected) ? obj.unprotected : {};
  const recipient = Array.isArray(obj.recipients) && isObject(obj.recipients[0]) && isObject(obj.recipients[0].header) ? obj.recipients[0].header : {};
  const header = isObject(first) && isObject(first.header) ? first.header : {};
  return { ...unprot, ...recipient, ...header, ...parsed };
}

/** The claims of a compact signed JWT, UNVERIFIED (signature and claims are not checked). */
export function decodeJwt(token: string): JwtClaims {
  if (typeof token !== 'string') throw new JwtInvalidError('JWT must be a string');
  const parts = token.split('.');
  if (parts.length === 5) throw new JwtInvalidError('this is an encrypted JWT (JWE): its claims cannot be read without decrypting');
  if (parts.length !== 3) throw new JwtInvalidError('JWT must have three parts');
  const header = decodeProtectedHeader(token);
  if (header.b64 === false) throw new JwtInvalidError('JWTs must not use unencoded payloads');
  return parseClaims(decodeB64u(parts[1], 'JWT payload', JwtInvalidError));
}

/** python-jose compatible names. */
export const getUnverifiedHeader = decodeProtectedHeader;
export const getUnverifiedClaims = decodeJwt;

/** Both halves at once: `{ header, claims }` (UNVERIFIED). */
export function decodeUnverified(token: string): { header: Record<string, unknown>; claims: JwtClaims } {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}
