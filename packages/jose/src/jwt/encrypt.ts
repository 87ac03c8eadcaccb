/** Encrypted JWT (RFC 7519 §7.1 with JWE): the claims set as the plaintext of a compact JWE. */
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import type { KeyInput } from '../lib/keys.js';
import { encodeJson } from '../lib/util.js';
import { encryptCompact } from '../jwe/compact.js';
import type { KeyManagementParameters } from '../jwe/key-management.js';
import { applyClaimSetters, type ClaimSetterOptions, type JwtClaims } from './claims.js';

export interface EncryptJwtOptions extends ClaimSetterOptions {
  readonly backend: Backend;
  /** Key management algorithm (RSA-OAEP-256, ECDH-ES+A256KW, dir, ...). */
  readonly alg: string;
  /** Content encryption (A256GCM, A128CBC-HS256, ...). */
  readonly enc: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly cty?: string;
  readonly zip?: 'DEF';
  readonly header?: Record<string, unknown>;
  readonly keyManagement?: KeyManagementParameters;
}

export function encryptJwtPayload(payload: Uint8Array, key: KeyInput, options: EncryptJwtOptions): Promise<string> {
  if (!options || typeof options.alg !== 'string' || typeof options.enc !== 'string') throw new InputInvalidError('encrypting a JWT needs options.alg and options.enc');
  const header: Record<string, unknown> = { ...(options.header ?? {}), alg: options.alg, enc: options.enc };
  if (options.kid !== undefined) header.kid = options.kid;
  if (options.typ !== undefined) header.typ = options.typ;
  if (options.cty !== undefined) header.cty = options.cty;
  if (options.zip !== undefined) header.zip = options.zip;
  return encryptCompact(payload, key, {
    backend: options.backend,
    protectedHeader: header as { alg: string; enc: string },
    ...(options.keyManagement ? { keyManagement: options.keyManagement } : {}),
  });
}

export function encryptJwt(claims: JwtClaims, key: KeyInput, options: EncryptJwtOptions): Promise<string> {
  return encryptJwtPayload(encodeJson(applyClaimSetters(claims, options)), key, options);
}
