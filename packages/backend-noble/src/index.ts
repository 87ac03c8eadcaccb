/**
 * @cryptoplug/backend-noble — the contract on @noble/curves, @noble/hashes and @noble/ciphers: pure JS, so it loads
 * on every runtime. ECDSA (P-256/384/521, any hash), Ed25519, ECDH (P-256/384/521, X25519), digests, HMAC, HKDF,
 * PBKDF2, AES-GCM/CBC/KW, random bytes and EC/OKP key generation. No RSA (see README).
 */
import { defineBackend, type Backend, type BackendFactory, type BackendImpl, type Capabilities, signatureFamilies } from '@cryptoplug/core';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { deriveSharedSecret } from './ecdh.js';
import { digest, hkdf, hmac, pbkdf2 } from './hash.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt, aesKwUnwrap, aesKwWrap } from './aes.js';
import { hasRandom, randomBytes } from './random.js';
import { generateKey } from './keygen.js';
import { nobleCapabilities } from './capabilities.js';

export const NAME = 'noble';

export function nobleImpl(capabilities: Capabilities): BackendImpl {
  return {
    name: NAME,
    capabilities: () => capabilities,
    ...signatureFamilies(NAME, {
      ecdsa: { sign: ecdsaSign, verify: ecdsaVerify },
      ed25519: { sign: (_alg, key, data) => ed25519Sign(key, data), verify: (_alg, key, sig, data) => ed25519Verify(key, sig, data) },
    }),
    deriveSharedSecret,
    digest,
    hmac,
    hkdf,
    pbkdf2,
    aesGcmEncrypt,
    aesGcmDecrypt,
    aesCbcEncrypt,
    aesCbcDecrypt,
    aesKwWrap,
    aesKwUnwrap,
    randomBytes,
    generateKey,
  };
}

/** Loads the noble backend. Pure JS: it never fails to load; without crypto.getRandomValues it drops random/keygen. */
export async function createNobleBackend(): Promise<Backend> {
  return defineBackend(nobleImpl(nobleCapabilities(hasRandom())));
}

export const nobleBackend: BackendFactory = { name: NAME, load: createNobleBackend };
