/**
 * The one module that talks JOSE: compact JWS signing and verification for RS256/ES256 through @cryptoplug/jose
 * (`signJwt`, `verifyCompact`, `decodeProtectedHeader`), with jose's errors mapped onto the akenza codes. Everything
 * akenza-specific (which alg, kid, aud, exp, iat, lifetime) lives in token.ts.
 */
import { CryptoplugError, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { decodeProtectedHeader, signJwt, verifyCompact } from '@cryptoplug/jose';
import { AkenzaError } from './errors.js';

export type DeviceAlg = 'RS256' | 'ES256';

/** Largest token the verifier looks at (an MQTT password can be 64 KiB; akenza tokens are well under 2 KiB). */
export const MAX_TOKEN_LENGTH = 8192;

/** Signs `claims` as a compact JWS with header `{alg, typ: "JWT", kid}` (PyJWT's header layout). */
export async function signJws(claims: Record<string, unknown>, key: PrivateKey, alg: DeviceAlg, kid: string, backend: Backend): Promise<string> {
  try {
    return await signJwt(claims, key, { backend, alg, typ: 'JWT', kid });
  } catch (e) {
    if (e instanceof CryptoplugError && /^ERR_(KEY_|JWK_INVALID)/.test(e.code)) {
      throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', e.message, { cause: e });
    }
    throw e;
  }
}

/** The protected header, UNVERIFIED (used to check `alg` and `kid` before any cryptography runs). */
export function readHeader(token: string): Record<string, unknown> {
  if (typeof token !== 'string') throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token must be a string');
  if (token.length > MAX_TOKEN_LENGTH) throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', `the token exceeds ${MAX_TOKEN_LENGTH} characters`);
  if (token.split('.').length !== 3) throw new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', 'the token is not a compact JWS (three dot-separated parts)');
  try {
    return decodeProtectedHeader(token);
  } catch (e) {
    throw mapJoseError(e, 'the token header cannot be decoded');
  }
}

/** Verifies the signature with `key`, accepting `alg` only. Returns the payload bytes. */
export async function verifyJws(token: string, key: PublicKey, alg: DeviceAlg, backend: Backend): Promise<Uint8Array> {
  try {
    const { payload } = await verifyCompact(token, key, { backend, algorithms: [alg], limits: { maxTokenLength: MAX_TOKEN_LENGTH } });
    return payload;
  } catch (e) {
    throw mapJoseError(e, 'the token cannot be verified');
  }
}

function mapJoseError(e: unknown, what: string): CryptoplugError {
  if (e instanceof AkenzaError) return e;
  if (!(e instanceof CryptoplugError)) return new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', what, { cause: e });
  const code = e.code as string;
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new AkenzaError('ERR_AKENZA_ALG_NOT_ALLOWED', e.message, { cause: e });
    case 'ERR_JWS_SIGNATURE_INVALID':
    case 'ERR_SIGNATURE_INVALID':
    case 'ERR_SIGNATURE_MALFORMED':
      return new AkenzaError('ERR_AKENZA_SIGNATURE_INVALID', 'the token signature does not verify with the registered key', { cause: e });
    case 'ERR_KEY_INVALID':
    case 'ERR_KEY_ALG_MISMATCH':
    case 'ERR_KEY_USAGE':
    case 'ERR_JWK_INVALID':
      return new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', e.message, { cause: e });
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_INPUT_INVALID':
      return new AkenzaError('ERR_AKENZA_TOKEN_MALFORMED', `${what}: ${e.message}`, { cause: e });
    default:
      // backend failures (ERR_UNSUPPORTED, ERR_OPERATION_FAILED...) keep their own code
      return e;
  }
}
