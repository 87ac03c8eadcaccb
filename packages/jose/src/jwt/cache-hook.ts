/**
 * The one hook between `verifyJwt` and the verified-token cache: `verifyJwt` calls `options.cache[VERIFY_THROUGH]`,
 * which only `VerifiedJwtCache` (cache.ts) has. The cache's code (LRU, token hashing, freezing) lives with the cache,
 * so a bundle that verifies JWTs without ever making a cache does not carry it (issue 14). The symbol is not exported
 * from the package: nothing but a real cache answers it.
 */
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import type { VerifyJwtOptions, VerifyJwtResult } from './verify.js';

export const VERIFY_THROUGH: unique symbol = /* @__PURE__ */ Symbol('cryptoplug.verifiedJwtCache.verify');

export type VerifySigned = (token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions) => Promise<VerifyJwtResult>;

export interface CacheHook {
  [VERIFY_THROUGH](token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions, verifySigned: VerifySigned): Promise<VerifyJwtResult>;
}
