/** Verifies a signed JWT: the JWS signature (with the caller's algorithms), then the claims. */
import { InputInvalidError } from '@cryptoplug/core';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { JwtInvalidError } from '../lib/errors.js';
import { startVerifyCompact } from '../jws/compact.js';
import type { JwsHeader, JwsVerifyOptions } from '../jws/shared.js';
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

async function verifySigned(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const { payload, protectedHeader } = await startVerifyCompact(token, key, options);
  if (protectedHeader.b64 === false) throw new JwtInvalidError('JWTs must not use unencoded payloads ("b64": false)');
  const claims = parseClaims(payload);
  validateClaims(protectedHeader, claims, options);
  return { payload: claims, protectedHeader };
}

export async function verifyJwt(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const cache = options?.cache;
  if (cache === undefined) return verifySigned(token, key, options);
  // the cached path lives in cache.ts (VerifiedJwtCache[VERIFY_THROUGH]), so bundles without a cache do not carry it
  const through = typeof cache === 'object' && cache !== null ? (cache as Partial<CacheHook>)[VERIFY_THROUGH] : undefined;
  if (typeof through !== 'function') throw new InputInvalidError('options.cache must come from createJwtCache()');
  return through.call(cache, token, key, options, verifySigned);
}
