/**
 * The ERR_UNSUPPORTED for an AES-GCM IV length a backend cannot take, with the bounds and their reason. Loaded by
 * `ops/aes.ts` on that error path only, so bundles whose AES-GCM calls succeed do not carry the message builder.
 */
import type { Capabilities } from './contract.js';
import { UnsupportedError } from './errors.js';
import { describeGcmIvBounds } from './gcm-iv.js';

export function gcmIvUnsupportedError(backend: string, caps: Capabilities, ivLength: number): UnsupportedError {
  return new UnsupportedError(
    `AES-GCM with a ${ivLength}-byte IV is not supported by the ${backend} backend (IVs of ${describeGcmIvBounds(caps.aesGcmIv)})`,
  );
}
