/**
 * AES-GCM IV bounds as capability data ({@link Capabilities.aesGcmIv}): the answer to `{ op: 'aesGcm', ivLength }` and
 * the ERR_UNSUPPORTED that `defineBackend` throws (built in `gcm-iv-error.ts`, loaded on that error path), with the reason, for an IV the backend cannot take. The contract
 * itself accepts any non-empty IV (SP 800-38D); an empty IV is ERR_INPUT_INVALID, never a capability question.
 */
import type { AesGcmIvBounds, Capabilities } from './contract.js';

/** True when a backend with these capabilities takes an AES-GCM IV of `ivLength` bytes (false for 0 and non-integers). */
export function gcmIvSupported(caps: Capabilities, ivLength: number): boolean {
  if (!Number.isSafeInteger(ivLength) || ivLength < 1) return false;
  const b = caps.aesGcmIv;
  return b === undefined || (ivLength >= b.min && (b.max === undefined || ivLength <= b.max));
}

/** "1..128 bytes: OpenSSL's GCM_IV_MAX_SIZE", "8 bytes or more: …", "any non-empty IV". */
export function describeGcmIvBounds(b: AesGcmIvBounds | undefined): string {
  if (b === undefined) return 'any non-empty IV';
  const range = b.max === undefined ? `${b.min} byte${b.min === 1 ? '' : 's'} or more` : `${b.min}..${b.max} bytes`;
  return b.reason ? `${range}: ${b.reason}` : range;
}
