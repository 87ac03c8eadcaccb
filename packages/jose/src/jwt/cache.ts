/**
 * Opt-in cache of verified JWTs for `verifyJwt` (`options.cache`): a bounded LRU keyed by the SHA-256 of the token.
 *
 * What a hit skips: the signature verification and the claims parsing. What it never skips: the token's format
 * checks with *this* call's options (size limits, base64url, the `alg` allow-list, `crit`) and the claim checks —
 * `typ`, `iss`, `aud`, `sub`, `jti`, required claims, `exp`/`nbf`/`iat`/`maxTokenAge` against the *current* time and
 * the options of *this* call — on every hit. An entry serves only a call with the same key object and the same
 * backend (what it vouches for is that the token's signature verifies with them); it is dropped once the token's
 * `exp` has passed (or after
 * `ttlSeconds` when the token has no `exp`). Only calls whose key is a cryptoplug key object are cached: raw bytes and
 * JWK objects can be changed by the caller, and a key resolver may answer differently next time (JWKS rotation), so
 * those calls always verify.
 *
 * Trade-off (README "Verified-token cache"): a hit does not re-check the signature, so a key revoked while its tokens
 * are cached keeps accepting them until they expire or the cache is cleared (`clear()` on key rotation); and results
 * served from the cache are frozen objects shared between the calls that hit.
 */
import { InputInvalidError, PrivateKey, PublicKey, SecretKey, base64url, utf8Transient, type Backend } from '@cryptoplug/core';
import { digestBackend, parseCompact, recheckCompact, verifyCompactParts, type JwsHeader } from '../jws/shared.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { assertBackend, limitsOf } from '../lib/util.js';
import { nowSeconds, parseClaims, validateClaims, type JwtClaims } from './claims.js';
import { VERIFY_THROUGH, type CacheHook, type VerifySigned } from './cache-hook.js';
import type { VerifyJwtOptions, VerifyJwtResult } from './verify.js';

export interface JwtCacheOptions {
  /** Most entries kept (least recently used dropped first). Default 1000. */
  readonly max?: number;
  /** Lifetime of an entry for a token without `exp` (seconds). Default 600. */
  readonly ttlSeconds?: number;
}

interface Entry {
  readonly identity: object;
  readonly backend: Backend;
  /** Length of the token's encoded protected header (re-checked against each call's limits). */
  readonly headerLength: number;
  readonly expiresAt: number;
  readonly payload: Readonly<JwtClaims>;
  readonly protectedHeader: Readonly<JwsHeader>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class VerifiedJwtCache implements CacheHook {
  readonly max: number;
  readonly ttlSeconds: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: JwtCacheOptions = {}) {
    const max = options.max ?? 1000;
    const ttl = options.ttlSeconds ?? 600;
    if (!Number.isSafeInteger(max) || max < 1) throw new InputInvalidError('cache max must be a positive integer');
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) throw new InputInvalidError('cache ttlSeconds must be a positive number');
    this.max = max;
    this.ttlSeconds = ttl;
  }

  /** @internal `verifyJwt` with this cache (moved here from verify.ts: bundles that never make a cache do not carry it). */
  /**
   * The cached path of `verifyJwt` (here, not in verify.ts, so bundles without a cache do not carry it). A hit skips
   * only the signature check and the claims parsing: the token's checks that depend on this call's options (size
   * limits, alg allow-list, crit: recheckCompact) run on every hit, and the claims are validated against this call's
   * options and clock. What an entry vouches for — this token's signature verifies with this key object on this
   * backend — does not depend on the options, so an entry carries no fingerprint of them. The cache key is the SHA-256
   * of the token's UTF-8 bytes on the call's backend (the cache never holds a token); a miss takes the full path
   * (parseCompact, signature, claims) and stores the result.
   */
  [VERIFY_THROUGH](token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions, verifySigned: VerifySigned): Promise<VerifyJwtResult> {
    if (typeof token !== 'string' || options.payload !== undefined || !VerifiedJwtCache.cacheable(key)) return verifySigned(token, key, options);
    const limits = limitsOf(options.limits);
    // the size limit before hashing (as the uncached path checks it before decoding)
    if (token.length > limits.maxTokenLength) return verifySigned(token, key, options);
    const backend = options.backend;
    assertBackend(backend);
    // an entry is dropped once exp has passed by the clock or by this call's currentDate, whichever is later
    const now = Math.max(Math.floor(Date.now() / 1000), nowSeconds(options.currentDate));
    return VerifiedJwtCache.keyOf(backend, token).then((hash) => {
      const hit = this.get(hash, key, backend, now);
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
        const entry = this.set(hash, key, backend, now, claims, parts.protectedHeader, token.indexOf('.'));
        return { payload: entry.payload, protectedHeader: entry.protectedHeader };
      });
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  /** @internal The cache key of a token: the SHA-256 of its UTF-8 bytes (base64url), computed on the call's backend. */
  static keyOf(backend: Backend, token: string): Promise<string> {
    return digestBackend(backend).digest('SHA-256', utf8Transient(token)).then(base64url);
  }

  /** @internal Whether a key input may be cached (immutable cryptoplug key objects only). */
  static cacheable(key: unknown): key is object {
    return key instanceof PublicKey || key instanceof PrivateKey || key instanceof SecretKey;
  }

  /** @internal */
  get(hash: string, identity: object, backend: Backend, nowSeconds: number): Entry | undefined {
    const e = this.#entries.get(hash);
    if (!e) return undefined;
    if (e.expiresAt <= nowSeconds) {
      this.#entries.delete(hash);
      return undefined;
    }
    if (e.identity !== identity || e.backend !== backend) return undefined;
    // most recently used last
    this.#entries.delete(hash);
    this.#entries.set(hash, e);
    return e;
  }

  /** @internal Stores a verified result (frozen); returns the frozen result. */
  set(hash: string, identity: object, backend: Backend, nowSeconds: number, payload: JwtClaims, protectedHeader: JwsHeader, headerLength: number): Entry {
    const expiresAt = typeof payload.exp === 'number' ? payload.exp : nowSeconds + this.ttlSeconds;
    const e: Entry = { identity, backend, headerLength, expiresAt, payload: deepFreeze(payload), protectedHeader: deepFreeze(protectedHeader) };
    this.#entries.delete(hash);
    this.#entries.set(hash, e);
    while (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return e;
  }
}

export function createJwtCache(options?: JwtCacheOptions): VerifiedJwtCache {
  return new VerifiedJwtCache(options);
}
