/** Verifies a signed JWT: the JWS signature (with the caller's algorithms), then the claims. */
import { InputInvalidError } from '@cryptoplug/core';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { JwtInvalidError } from '../lib/errors.js';
import { assertBackend, limitsOf } from '../lib/util.js';
import { startVerifyCompact } from '../jws/compact.js';
import { parseCompact, recheckCompact, verifyCompactParts, type JwsHeader, type JwsVerifyOptions } from '../jws/shared.js';
import { VerifiedJwtCache } from './cache.js';
import { nowSeconds, parseClaims, validateClaims, type ClaimValidationOptions, type JwtClaims } from './claims.js';

export interface VerifyJwtOptions extends JwsVerifyOptions, ClaimValidationOptions {
  /**
   * Opt-in verified-token cache (`createJwtCache()`): a repeated token skips the signature check, never the claim
   * checks. Only calls with a cryptoplug key object use it. See cache.ts and the README for the trade-off.
   */
  readonly cache?: VerifiedJwtCache;
}

export interface VerifyJwtResult {
  readonly payload: JwtClaims;
  readonly protectedHeader: JwsHeader;
}

/**
 * Signature, then claims. The usual compact JWT takes one promise chain: the key-free checks run synchronously
 * (parseCompact), then one reaction to the backend's answer parses and validates the claims. Other tokens (b64: false,
 * detached payloads) take the general path, which rejects them as JWTs after their signature check as before.
 */
function verifySigned(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  try {
    const limits = limitsOf(options?.limits);
    const parts = parseCompact(token, options, limits);
    if (parts === undefined) return verifySignedGeneral(token, key, options);
    // the claims are parsed after the signature check, as on the general path
    return verifyCompactParts(parts, key, options, (): VerifyJwtResult => {
      const claims = parseClaims(parts.payload);
      validateClaims(parts.protectedHeader, claims, options);
      return { payload: claims, protectedHeader: parts.protectedHeader };
    });
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

async function verifySignedGeneral(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const { payload, protectedHeader } = await startVerifyCompact(token, key, options);
  if (protectedHeader.b64 === false) throw new JwtInvalidError('JWTs must not use unencoded payloads ("b64": false)');
  const claims = parseClaims(payload);
  validateClaims(protectedHeader, claims, options);
  return { payload: claims, protectedHeader };
}

export function verifyJwt(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  if (options?.cache === undefined) return verifySigned(token, key, options);
  try {
    return verifyCached(token, key, options, options.cache);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * The cached path. A hit skips only the signature check and the claims parsing: the token's checks that depend on this
 * call's options (size limits, alg allow-list, crit: recheckCompact) run on every hit, and the claims are validated
 * against this call's options and clock. What an entry vouches for — this token's signature verifies with this key
 * object on this backend — does not depend on the options, so an entry carries no fingerprint of them. The cache key
 * is the SHA-256 of the token's UTF-8 bytes on the call's backend (the cache never holds a token); a miss takes the
 * full path (parseCompact, signature, claims) and stores the result.
 */
function verifyCached(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions, cache: VerifiedJwtCache): Promise<VerifyJwtResult> {
  if (!(cache instanceof VerifiedJwtCache)) throw new InputInvalidError('options.cache must come from createJwtCache()');
  if (typeof token !== 'string' || options.payload !== undefined || !VerifiedJwtCache.cacheable(key)) return verifySigned(token, key, options);
  const limits = limitsOf(options.limits);
  // the size limit before hashing (as the uncached path checks it before decoding)
  if (token.length > limits.maxTokenLength) return verifySigned(token, key, options);
  const backend = options.backend;
  assertBackend(backend);
  // an entry is dropped once exp has passed by the clock or by this call's currentDate, whichever is later
  const now = Math.max(Math.floor(Date.now() / 1000), nowSeconds(options.currentDate));
  return VerifiedJwtCache.keyOf(backend, token).then((hash) => {
    const hit = cache.get(hash, key, backend, now);
    if (hit) {
      recheckCompact(hit.protectedHeader, hit.headerLength, token.length, options, limits);
      validateClaims(hit.protectedHeader, hit.payload, options);
      return { payload: hit.payload, protectedHeader: hit.protectedHeader };
    }
    const parts = parseCompact(token, options, limits);
    if (parts === undefined) return verifySigned(token, key, options);
    return verifyCompactParts(parts, key, options, (): VerifyJwtResult => {
      const claims = parseClaims(parts.payload);
      validateClaims(parts.protectedHeader, claims, options);
      const entry = cache.set(hash, key, backend, now, claims, parts.protectedHeader, token.indexOf('.'));
      return { payload: entry.payload, protectedHeader: entry.protectedHeader };
    });
  });
}
