/**
 * What the noble backend does, as data. Everything is pure JS, so this does not vary by runtime, except that random
 * bytes and key generation need crypto.getRandomValues. No RSA at all (empty hash lists), so core answers
 * ERR_UNSUPPORTED for RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP and RSA key generation before this backend runs.
 */
import { EC_CURVES, ECDH_CURVES, HASHES, type Capabilities } from '@cryptoplug/core';
import { KEYGEN_SPECS } from './keygen.js';
import { GCM_IV_BOUNDS } from './aes.js';

export function nobleCapabilities(random: boolean): Capabilities {
  const hashes = [...HASHES];
  return Object.freeze({
    ecdsa: { curves: [...EC_CURVES], hashes },
    rsaPkcs1: { hashes: [] },
    rsaPss: { hashes: [] },
    ed25519: true,
    ecdh: { curves: [...ECDH_CURVES] },
    rsaOaep: { hashes: [], label: false },
    digest: hashes,
    hmac: hashes,
    aesGcm: true,
    aesGcmIv: GCM_IV_BOUNDS,
    aesCbc: true,
    aesKw: true,
    hkdf: hashes,
    pbkdf2: hashes,
    random,
    generateKey: random ? [...KEYGEN_SPECS] : [],
  });
}
