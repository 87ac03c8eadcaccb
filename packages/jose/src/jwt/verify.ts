/** Verifies a signed JWT: the JWS signature (with the caller's algorithms), then the claims. */
import { InputInvalidError } from '@cryptoplug/core';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { limitsOf, rejected } from '../lib/util.js';
import { parseCompact, verifyCompactParts, type JwsHeader, type JwsVerifyOptions } from '../jws/shared.js';
import type { VerifiedJwtCache } from './cache.js';
import { VERIFY_THROUGH, type CacheHook } from './cache-hook.js';
import { parseClaims, validateClaims, type ClaimValidationOptions, type JwtClaims } from './claims.js';

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
    return rejected(e);
  }
}

/**
 * The general JWS path (a `b64` or `crit` header, detached content: `verify-general.ts`), loaded on first use (once;
 * afterwards no extra await): the usual compact JWT never runs it, so a JWT verifier's bundle does not carry it.
 */
let general: typeof import('./verify-general.js') | undefined;

function verifySignedGeneral(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  return general ? general.verifySignedGeneral(token, key, options) : import('./verify-general.js').then((m) => (general = m).verifySignedGeneral(token, key, options));
}

export function verifyJwt(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const cache = options?.cache;
  if (cache === undefined) return verifySigned(token, key, options);
  // the cached path lives in cache.ts (VerifiedJwtCache[VERIFY_THROUGH]), so bundles without a cache do not carry it
  const through = typeof cache === 'object' ? (cache as Partial<CacheHook> | null)?.[VERIFY_THROUGH] : undefined;
  if (typeof through !== 'function') return Promise.reject(new InputInvalidError('options.cache must come from createJwtCache()'));
  try {
    return through.call(cache, token, key, options, verifySigned);
  } catch (e) {
    return rejected(e);
  }
}
