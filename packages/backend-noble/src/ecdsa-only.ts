/**
 * `@cryptoplug/backend-noble/ecdsa`: the noble backend with only its ECDSA family (P-256/384/521, every contract hash),
 * for bundles that sign or verify ECDSA and nothing else — no Ed25519, X25519, AES or key generation code comes along.
 * Same name and same operations as the full backend; every other operation is ERR_UNSUPPORTED.
 */
import { EC_CURVES, HASHES, defineBackend, signatureFamilies, type Backend, type Capabilities } from '@cryptoplug/core';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';

const NAME = 'noble';

const CAPABILITIES: Capabilities = Object.freeze({
  ecdsa: { curves: [...EC_CURVES], hashes: [...HASHES] },
  rsaPkcs1: { hashes: [] },
  rsaPss: { hashes: [] },
  ed25519: false,
  ecdh: { curves: [] },
  rsaOaep: { hashes: [], label: false },
  digest: [],
  hmac: [],
  aesGcm: false,
  aesCbc: false,
  aesKw: false,
  hkdf: [],
  pbkdf2: [],
  random: false,
  generateKey: [],
});

export function createNobleEcdsaBackend(): Backend {
  return defineBackend({
    name: NAME,
    capabilities: () => CAPABILITIES,
    ...signatureFamilies(NAME, { ecdsa: { sign: ecdsaSign, verify: ecdsaVerify } }),
  });
}
