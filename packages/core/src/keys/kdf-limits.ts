/**
 * Work limits for the key-derivation functions of encrypted private keys. An encrypted key file is attacker input
 * like any other: its PBES2 parameters choose how much work `importKey` does before it can even say "wrong
 * passphrase" (10^7 PBKDF2-HMAC-SHA512 iterations are about a minute; scrypt N = 2^20, r = 8 needs 1 GiB). These
 * checks run before any derivation; a caller who trusts its key files raises them through
 * `importKey(…, { passphrase, kdfLimits })`.
 *
 * Defaults: PBKDF2 ≤ 600,000 iterations (the OWASP 2023 figure for PBKDF2-HMAC-SHA256, and what `encryptPkcs8` writes)
 * and scrypt memory 128·N·r·p ≤ 64 MiB (OpenSSL's own default refuses more than 32 MiB; 2^16·8 fits). Whatever is
 * passed, the absolute ceilings of `ENCRYPTED_KEY_LIMITS` still apply.
 */
import { LimitExceededError } from '../errors.js';

export interface KdfLimits {
  /** Most PBKDF2 iterations an encrypted key may ask for. Default 600,000. */
  readonly maxPbkdf2Iterations?: number;
  /** Most scrypt working memory, 128·N·r·p bytes, an encrypted key may ask for. Default 64 MiB. */
  readonly maxScryptMemory?: number;
}

export const DEFAULT_KDF_LIMITS: Readonly<Required<KdfLimits>> = /* @__PURE__ */ Object.freeze({
  maxPbkdf2Iterations: 600_000,
  maxScryptMemory: 64 * 1024 * 1024,
});

export function checkPbkdf2Cost(iterations: number, limits: KdfLimits = {}): void {
  const max = limits.maxPbkdf2Iterations ?? DEFAULT_KDF_LIMITS.maxPbkdf2Iterations;
  if (iterations > max) {
    throw new LimitExceededError(
      `encrypted key asks for ${iterations} PBKDF2 iterations, more than the limit of ${max} (raise it with the kdfLimits.maxPbkdf2Iterations import option if the key is trusted)`,
    );
  }
}

export function checkScryptCost(N: number, r: number, p: number, limits: KdfLimits = {}): void {
  const max = limits.maxScryptMemory ?? DEFAULT_KDF_LIMITS.maxScryptMemory;
  const memory = 128 * N * r * p;
  if (memory > max) {
    throw new LimitExceededError(
      `encrypted key asks for ${memory} bytes of scrypt memory (N=${N} r=${r} p=${p}), more than the limit of ${max} (raise it with the kdfLimits.maxScryptMemory import option if the key is trusted)`,
    );
  }
}
