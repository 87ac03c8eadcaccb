/**
 * The WebCrypto operations other than signatures — ECDH, RSA-OAEP, hashing and KDFs, AES, random bytes and key
 * generation — as one piece of a `BackendImpl`, shared by the full backend (`index.ts`) and the JWE build (`jwe.ts`),
 * so the two cannot drift apart. Key generation is loaded on first use: importing a generated private key checks its
 * public half (scalar multiplication), which a verify- or decrypt-only bundle should not carry.
 */
import type { BackendImpl } from '@cryptoplug/core';
import { oaepDecrypt, oaepEncrypt } from './oaep.js';
import { deriveSharedSecret } from './ecdh.js';
import { digest, hkdf, hmac, pbkdf2 } from './hash.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt, aesKwUnwrap, aesKwWrap } from './aes.js';
import { randomBytes } from './random.js';

export const NON_SIGNATURE_OPERATIONS = /* @__PURE__ */ Object.freeze({
  deriveSharedSecret,
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
  aesKwWrap,
  aesKwUnwrap,
  randomBytes,
  generateKey: async (spec) => (await import('./keygen.js')).generateKey(spec),
} satisfies Omit<BackendImpl, 'name' | 'capabilities' | 'sign' | 'verify' | 'verifyMany'>);
