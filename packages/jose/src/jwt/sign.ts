/** Signed JWT (RFC 7519 §7.1): the claims set as the payload of a compact JWS. */
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import type { KeyInput } from '../lib/keys.js';
import { encodeJson, rejected } from '../lib/util.js';
import { signCompact } from '../jws/compact.js';
import { jwtProtectedHeader, signCompactJson } from '../jws/shared.js';
import { applyClaimSetters, type ClaimSetterOptions, type JwtClaims } from './claims.js';

export interface SignJwtOptions extends ClaimSetterOptions {
  readonly backend: Backend;
  /** The JWS algorithm (HS256, RS256, PS256, ES256, EdDSA...). */
  readonly alg: string;
  readonly kid?: string;
  /** `typ` header parameter (e.g. "JWT", "at+jwt"). None unless given. */
  readonly typ?: string;
  /** Further protected header parameters (cannot override alg/kid/typ given above). */
  readonly header?: Record<string, unknown>;
}

export function signJwt(claims: JwtClaims, key: KeyInput, options: SignJwtOptions): Promise<string> {
  if (options && typeof options.alg === 'string' && options.header === undefined && (options.kid === undefined || typeof options.kid === 'string') && (options.typ === undefined || typeof options.typ === 'string')) {
    // the usual JWT: header = alg (+ kid, typ), encoded once per (alg, kid, typ); the same checks, the same bytes
    try {
      const headerB64 = jwtProtectedHeader(options.alg, options.kid, options.typ);
      return signCompactJson(headerB64, JSON.stringify(applyClaimSetters(claims, options)), key, options.alg, options.backend);
    } catch (e) {
      return rejected(e);
    }
  }
  return signJwtGeneral(claims, key, options);
}

async function signJwtGeneral(claims: JwtClaims, key: KeyInput, options: SignJwtOptions): Promise<string> {
  if (!options || typeof options.alg !== 'string') throw new InputInvalidError('signJwt needs options.alg');
  const extra = options.header ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new InputInvalidError('options.header must be an object');
  if (extra.b64 !== undefined) throw new InputInvalidError('JWTs must not use the "b64" header parameter');
  const header: Record<string, unknown> = { ...extra, alg: options.alg };
  if (options.kid !== undefined) header.kid = options.kid;
  if (options.typ !== undefined) header.typ = options.typ;
  const payload = encodeJson(applyClaimSetters(claims, options));
  return signCompact(payload, key, { backend: options.backend, protectedHeader: header as { alg: string } });
}
