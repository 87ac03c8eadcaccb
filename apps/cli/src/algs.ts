/**
 * CLI algorithm names → contract algorithms. JOSE names (ES256, RS256, PS256, EdDSA...) pin their hash (and, for ES*,
 * the curve, as RFC 7518 does); contract names (ECDSA, RSASSA-PKCS1-v1_5, RSA-PSS, Ed25519) take `--hash`.
 */
import {
  InputInvalidError,
  KeyAlgMismatchError,
  HASH_SIZE,
  type HashName,
  type PrivateKey,
  type PublicKey,
  type SignatureAlgorithm,
  type SignatureEncoding,
} from '@cryptoplug/core';

const HASH_ALIASES: Record<string, HashName> = {
  'sha-1': 'SHA-1', sha1: 'SHA-1', 'sha-256': 'SHA-256', sha256: 'SHA-256',
  'sha-384': 'SHA-384', sha384: 'SHA-384', 'sha-512': 'SHA-512', sha512: 'SHA-512',
};

export function parseHash(h: string): HashName {
  const v = HASH_ALIASES[h.toLowerCase()];
  if (!v) throw new InputInvalidError(`unknown hash "${h}" (SHA-1, SHA-256, SHA-384, SHA-512)`);
  return v;
}

const JOSE: Record<string, { alg: SignatureAlgorithm; curve?: string }> = {
  ES256: { alg: { name: 'ECDSA', hash: 'SHA-256' }, curve: 'P-256' },
  ES384: { alg: { name: 'ECDSA', hash: 'SHA-384' }, curve: 'P-384' },
  ES512: { alg: { name: 'ECDSA', hash: 'SHA-512' }, curve: 'P-521' },
  RS256: { alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
  RS384: { alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' } },
  RS512: { alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } },
  PS256: { alg: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } },
  PS384: { alg: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 } },
  PS512: { alg: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 } },
  EdDSA: { alg: { name: 'Ed25519' } },
  Ed25519: { alg: { name: 'Ed25519' } },
};

export const SIGNATURE_ALG_NAMES = [...Object.keys(JOSE), 'ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS'];

export interface SigOptions {
  hash?: string;
  encoding?: string;
  saltLength?: string;
}

export function signatureAlgorithm(name: string, key: PrivateKey | PublicKey, o: SigOptions): SignatureAlgorithm {
  const encoding = o.encoding === undefined ? undefined : parseEncoding(o.encoding);
  const jose = JOSE[name];
  if (jose) {
    if (o.hash !== undefined) throw new InputInvalidError(`${name} fixes its hash; --hash is for ECDSA, RSASSA-PKCS1-v1_5 and RSA-PSS`);
    if (jose.curve && key.curve !== jose.curve) throw new KeyAlgMismatchError(`${name} needs a ${jose.curve} key, got ${key.describe()}`);
    if (jose.alg.name === 'ECDSA') return { ...jose.alg, encoding: encoding ?? 'p1363' };
    if (encoding) throw new InputInvalidError('--encoding applies to ECDSA only');
    return jose.alg;
  }
  const hash = o.hash === undefined ? 'SHA-256' : parseHash(o.hash);
  switch (name) {
    case 'ECDSA':
      return { name: 'ECDSA', hash, encoding: encoding ?? 'p1363' };
    case 'RSASSA-PKCS1-v1_5':
      return { name, hash };
    case 'RSA-PSS': {
      const saltLength = o.saltLength === undefined ? HASH_SIZE[hash] : Number(o.saltLength);
      if (!Number.isInteger(saltLength) || saltLength < 0) throw new InputInvalidError('--salt-length must be a non-negative integer');
      return { name, hash, saltLength };
    }
    default:
      throw new InputInvalidError(`unknown signature algorithm "${name}" (${SIGNATURE_ALG_NAMES.join(', ')})`);
  }
}

function parseEncoding(e: string): SignatureEncoding {
  if (e !== 'p1363' && e !== 'der') throw new InputInvalidError('--encoding must be p1363 or der');
  return e;
}
