/** Verifies a signed JWT: the JWS signature (with the caller's algorithms), then the claims. */
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { JwtInvalidError } from '../lib/errors.js';
import { verifyCompact } from '../jws/compact.js';
import type { JwsHeader, JwsVerifyOptions } from '../jws/shared.js';
import { parseClaims, validateClaims, type ClaimValidationOptions, type JwtClaims } from './claims.js';

export interface VerifyJwtOptions extends JwsVerifyOptions, ClaimValidationOptions {}

export interface VerifyJwtResult {
  readonly payload: JwtClaims;
  readonly protectedHeader: JwsHeader;
}

export async function verifyJwt(token: string, key: KeyInput | KeyResolver, options: VerifyJwtOptions): Promise<VerifyJwtResult> {
  const { payload, protectedHeader } = await verifyCompact(token, key, options);
  if (protectedHeader.b64 === false) throw new JwtInvalidError('JWTs must not use unencoded payloads ("b64": false)');
  const claims = parseClaims(payload);
  validateClaims(protectedHeader, claims, options);
  return { payload: claims, protectedHeader };
}
