/** Decrypts an encrypted JWT and validates its claims. */
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { decryptCompact } from '../jwe/compact.js';
import type { JweDecryptOptions, JweHeader } from '../jwe/shared.js';
import { parseClaims, validateClaims, type ClaimValidationOptions, type JwtClaims } from './claims.js';

export interface DecryptJwtOptions extends JweDecryptOptions, ClaimValidationOptions {}

export interface DecryptJwtResult {
  readonly payload: JwtClaims;
  readonly protectedHeader: JweHeader;
}

export async function decryptJwt(token: string, key: KeyInput | KeyResolver, options: DecryptJwtOptions): Promise<DecryptJwtResult> {
  const { plaintext, protectedHeader } = await decryptCompact(token, key, options);
  const claims = parseClaims(plaintext);
  validateClaims(protectedHeader, claims, options);
  return { payload: claims, protectedHeader };
}
