/**
 * `verifyJwt` for tokens off the usual compact path (a `b64` or `crit` header, detached content): the general JWS
 * verification, then the claims. Loaded on first use by `verify.ts`.
 */
import { JwtInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { startVerifyCompact } from '../jws/compact.js';
import { parseClaims, validateClaims } from './claims.js';
import type { VerifyJwtOptions, VerifyJwtResult } from './verify.js';

export async function verifySignedGeneral(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const { payload, protectedHeader } = await startVerifyCompact(token, key, options);
  if (protectedHeader.b64 === false) throw new JwtInvalidError('JWTs must not use unencoded payloads ("b64": false)');
  const claims = parseClaims(payload);
  validateClaims(protectedHeader, claims, options);
  return { payload: claims, protectedHeader };
}
