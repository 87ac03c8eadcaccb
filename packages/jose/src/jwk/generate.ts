/** Fresh keys for a JOSE algorithm, made by the backend. */
import { InputInvalidError, SecretKey, type Backend, type KeySpec, type PrivateKey } from '@cryptoplug/core';
import { CONTENT_ENCRYPTION, ECDH_EPHEMERAL, contentEnc, jweAlg, jwsAlg } from '../lib/algorithms.js';
import { JoseNotSupportedError } from '../lib/errors.js';
import { assertBackend } from '../lib/util.js';

export interface GenerateOptions {
  readonly backend: Backend;
  /** RSA modulus size (2048, 3072, 4096). Default 2048. */
  readonly modulusLength?: 2048 | 3072 | 4096;
  /** ECDH-ES curve: P-256 (default), P-384, P-521, X25519. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
}

/** A key pair for a JWS algorithm (RS*, PS*, ES*, EdDSA) or a JWE one (RSA-OAEP*, ECDH-ES*). */
export function generateKeyPair(alg: string, options: GenerateOptions): Promise<PrivateKey> {
  assertBackend(options?.backend);
  const rsa: KeySpec = `rsa-${options.modulusLength ?? 2048}` as KeySpec;
  const sig = jwsAlg(alg);
  if (sig) {
    if (sig.kind === 'hmac') throw new InputInvalidError(`${alg} uses a secret: call generateSecret`);
    return options.backend.generateKey(sig.kty === 'RSA' ? rsa : sig.generate);
  }
  const km = jweAlg(alg);
  if (km?.kind === 'rsa-oaep') return options.backend.generateKey(rsa);
  if (km?.kind === 'ecdh-es' || km?.kind === 'ecdh-es-kw') return options.backend.generateKey(ECDH_EPHEMERAL[options.crv ?? 'P-256']);
  throw new JoseNotSupportedError(`no key pair for "${alg}"`);
}

/** A random secret of the right size for HS*, A*KW, A*GCMKW or a content encryption `enc` (for `dir`). */
export function generateSecret(alg: string, options: { readonly backend: Backend }): SecretKey {
  assertBackend(options?.backend);
  const sig = jwsAlg(alg);
  if (sig?.kind === 'hmac') return new SecretKey(options.backend.randomBytes(sig.minKeyBytes));
  const km = jweAlg(alg);
  if (km && (km.kind === 'aes-kw' || km.kind === 'aes-gcm-kw')) return new SecretKey(options.backend.randomBytes(km.kwKeyBytes));
  const ce = contentEnc(alg);
  if (ce) return new SecretKey(options.backend.randomBytes(ce.keyBytes));
  throw new JoseNotSupportedError(`no secret for "${alg}" (known: HS*, A*KW, A*GCMKW, ${Object.keys(CONTENT_ENCRYPTION).join(', ')})`);
}
