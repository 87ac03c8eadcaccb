/**
 * Nested JWTs (RFC 7519 §5.2, §7.1 step 5): sign, then encrypt the signed JWT with `cty: "JWT"`; and the reverse.
 * Claims are validated once, on the inner (signed) JWT.
 */
import { fromUtf8, type Backend } from '@cryptoplug/core';
import { JwtInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import type { Limits } from '../lib/util.js';
import { utf8 } from '@cryptoplug/core';
import { decryptCompact } from '../jwe/compact.js';
import type { JweHeader } from '../jwe/shared.js';
import type { KeyManagementParameters } from '../jwe/key-management.js';
import type { JwsHeader } from '../jws/shared.js';
import type { ClaimSetterOptions, ClaimValidationOptions, JwtClaims } from './claims.js';
import { encryptJwtPayload } from './encrypt.js';
import { signJwt } from './sign.js';
import { verifyJwt } from './verify.js';

export interface SignAndEncryptOptions extends ClaimSetterOptions {
  readonly backend: Backend;
  /** Signature algorithm of the inner JWS. */
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly header?: Record<string, unknown>;
  /** Outer JWE. */
  readonly encryption: {
    readonly alg: string;
    readonly enc: string;
    readonly kid?: string;
    readonly zip?: 'DEF';
    readonly header?: Record<string, unknown>;
    readonly keyManagement?: KeyManagementParameters;
  };
}

export async function signAndEncryptJwt(claims: JwtClaims, signingKey: KeyInput, encryptionKey: KeyInput, options: SignAndEncryptOptions): Promise<string> {
  const { encryption, ...sign } = options;
  const jws = await signJwt(claims, signingKey, sign);
  return encryptJwtPayload(utf8(jws), encryptionKey, { ...encryption, backend: options.backend, cty: 'JWT' });
}

export interface DecryptAndVerifyOptions extends ClaimValidationOptions {
  readonly backend: Backend;
  /** Allowed signature algorithms of the inner JWS. */
  readonly algorithms: readonly string[];
  readonly keyManagementAlgorithms: readonly string[];
  readonly contentEncryptionAlgorithms?: readonly string[];
  readonly crit?: Readonly<Record<string, boolean>>;
  readonly maxPbes2Count?: number;
  readonly limits?: Partial<Limits>;
}

export interface DecryptAndVerifyResult {
  readonly payload: JwtClaims;
  readonly protectedHeader: JwsHeader;
  readonly encryptionHeader: JweHeader;
}

export async function decryptAndVerifyJwt(
  token: string,
  decryptionKey: KeyInput | KeyResolver,
  verificationKey: KeyInput | KeyResolver,
  options: DecryptAndVerifyOptions,
): Promise<DecryptAndVerifyResult> {
  const { plaintext, protectedHeader: encryptionHeader } = await decryptCompact(token, decryptionKey, {
    backend: options.backend,
    keyManagementAlgorithms: options.keyManagementAlgorithms,
    ...(options.contentEncryptionAlgorithms ? { contentEncryptionAlgorithms: options.contentEncryptionAlgorithms } : {}),
    ...(options.crit ? { crit: options.crit } : {}),
    ...(options.maxPbes2Count !== undefined ? { maxPbes2Count: options.maxPbes2Count } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  if (typeof encryptionHeader.cty !== 'string' || encryptionHeader.cty.toUpperCase().replace(/^APPLICATION\//, '') !== 'JWT') {
    throw new JwtInvalidError('the JWE does not contain a nested JWT ("cty": "JWT" expected)');
  }
  let inner: string;
  try {
    inner = fromUtf8(plaintext);
  } catch (cause) {
    throw new JwtInvalidError('nested JWT is not UTF-8 text', { cause });
  }
  const { payload, protectedHeader } = await verifyJwt(inner, verificationKey, options);
  return { payload, protectedHeader, encryptionHeader };
}
