/**
 * The two ETAMP profiles. `seed` reproduces the Python seed byte for byte where the seed is deterministic (header,
 * claims, encodings) and is the default; `strong` keeps the message format but fixes what the seed gets wrong.
 */
import type { HashName } from '@cryptoplug/core';
import { InputInvalidError } from '@cryptoplug/core';

export type EtampProfileName = 'seed' | 'strong';
export const ETAMP_PROFILES: readonly EtampProfileName[] = ['seed', 'strong'];

export interface EtampProfile {
  readonly name: EtampProfileName;
  /** Hash of the two detached signatures (python-ecdsa `sign()` defaults to SHA-1). */
  readonly detachedHash: HashName;
  /** The `message` claim is a JWE to the recipient (strong) or carried as given (seed). */
  readonly encryptedMessage: boolean;
  /** A replay store is required (strong) or optional (seed). */
  readonly replayRequired: boolean;
  /** Default maximum age of a message in seconds (`now - nbf`); undefined: no limit beyond `exp`. */
  readonly defaultMaxAge: number | undefined;
}

export const PROFILES: Readonly<Record<EtampProfileName, EtampProfile>> = Object.freeze({
  seed: Object.freeze({ name: 'seed', detachedHash: 'SHA-1', encryptedMessage: false, replayRequired: false, defaultMaxAge: undefined }),
  strong: Object.freeze({ name: 'strong', detachedHash: 'SHA-512', encryptedMessage: true, replayRequired: true, defaultMaxAge: 300 }),
});

/** The JWT: ES512 (ECDSA P-521 with SHA-512, raw r‖s), header exactly as PyJWT writes it for the seed's headers. */
export const JWT_ALG = 'ES512';
export const JWT_TYP = 'ETAMP';
export const SUBJECT = 'Message';
/** The seed's lifetime: `exp = now + 3600`. */
export const DEFAULT_TTL = 3600;
/** Default clock tolerance for `exp`/`nbf`/max age, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE = 60;
/** Strong profile: the `message` JWE. */
export const JWE_ALG = 'ECDH-ES+A256KW';
export const JWE_ENC = 'A256GCM';

export function profileOf(name: unknown): EtampProfile {
  if (name === undefined) return PROFILES.seed;
  if (name !== 'seed' && name !== 'strong') throw new InputInvalidError(`unknown ETAMP profile ${JSON.stringify(name)} (seed or strong)`);
  return PROFILES[name];
}
