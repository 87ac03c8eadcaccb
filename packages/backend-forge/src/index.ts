/**
 * @cryptoplug/backend-forge — the contract on node-forge 1.x (pure JavaScript): RSA (PKCS#1 v1.5, PSS, OAEP),
 * Ed25519, SHA-1/2 digests, HMAC, HKDF, PBKDF2, AES-GCM, AES-CBC, random bytes, RSA and Ed25519 key generation.
 * No ECDSA, ECDH or AES-KW (forge has none): see capabilities.ts and README.md.
 */
import { defineBackend, type Backend, type BackendFactory, type BackendImpl, signatureFamilies } from '@cryptoplug/core';
import { CAPABILITIES } from './capabilities.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { rsaSign, rsaVerify } from './rsa.js';
import { oaepDecrypt, oaepEncrypt } from './oaep.js';
import { digest, hkdf, hmac, pbkdf2 } from './hash.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt } from './aes.js';
import { randomBytes } from './random.js';
import { generateKey } from './keygen.js';

export const NAME = 'forge';

export function forgeImpl(): BackendImpl {
  return {
    name: NAME,
    capabilities: () => CAPABILITIES,
    ...signatureFamilies(NAME, {
      ed25519: { sign: (_alg, key, data) => ed25519Sign(key, data), verify: (_alg, key, sig, data) => ed25519Verify(key, sig, data) },
      rsa: { sign: rsaSign, verify: rsaVerify },
    }),
    oaepEncrypt,
    oaepDecrypt,
    digest,
    hmac,
    hkdf,
    pbkdf2,
    aesGcmEncrypt,
    aesGcmDecrypt,
    aesCbcEncrypt,
    aesCbcDecrypt,
    randomBytes,
    generateKey,
  };
}

/** Loads the forge backend (nothing to probe: forge is pure JavaScript). */
export async function createForgeBackend(): Promise<Backend> {
  return defineBackend(forgeImpl());
}

export const forgeBackend: BackendFactory = { name: NAME, load: createForgeBackend };
