/** Verifies a signed JWT: the JWS signature (with the caller's algorithms), then the claims. */
import { InputInvalidError } from '@cryptoplug/core';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { JwtInvalidError } from '../lib/errors.js';
import { assertAllowList, assertBackend } from '../lib/util.js';
import { startVerifyCompact } from '../jws/compact.js';
import type { JwsHeader, JwsVerifyOptions } from '../jws/shared.js';
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
  if (!(cache instanceof VerifiedJwtCache)) throw new InputInvalidError('options.cache must come from createJwtCache()');
  if (typeof token !== 'string' || options.payload !== undefined || !VerifiedJwtCache.cacheable(key)) return verifySigned(token, key, options);
  assertBackend(options.backend);
  assertAllowList(options.algorithms, 'options.algorithms');
  // everything besides the key and backend that decides whether a signature is accepted
  const optionsId = JSON.stringify([options.algorithms, options.crit ?? null, options.limits ?? null]);
  // an entry is dropped once exp has passed by the clock or by this call's currentDate, whichever is later
  const now = Math.max(Math.floor(Date.now() / 1000), nowSeconds(options.currentDate));
  const hash = await VerifiedJwtCache.keyOf(options.backend, token);
  const hit = cache.get(hash, key, options.backend, optionsId, now);
  if (hit) {
    validateClaims(hit.protectedHeader, hit.payload, options);
    return { payload: hit.payload, protectedHeader: hit.protectedHeader };
  }
  const fresh = await verifySigned(token, key, options);
  const entry = cache.set(hash, key, options.backend, optionsId, now, fresh.payload, fresh.protectedHeader);
  return { payload: entry.payload, protectedHeader: entry.protectedHeader };
}
