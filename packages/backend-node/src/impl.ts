/**
 * The BackendImpl on node:crypto. Every method is synchronous and returns plain values (core awaits them): no
 * callback/promise variants of node:crypto and no WebCrypto, so no thread-pool hop per call — except `verifyMany`,
 * whose point is the thread pool (batch.ts).
 *
 * The family modules import node:crypto statically; this module and they are loaded only by index.ts's factory, with a
 * dynamic import, after it has checked that node:crypto exists.
 */
import { signatureFamilies, type BackendImpl } from '@cryptoplug/core';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { rsaSign, rsaVerify } from './rsa.js';
import { verifyMany } from './batch.js';
import { oaepDecrypt, oaepEncrypt } from './oaep.js';
import { deriveSharedSecret } from './ecdh.js';
import { digest, hkdf, hmac, pbkdf2 } from './hash.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt, aesKw } from './aes.js';
import { randomBytes } from './random.js';
import { generateKey } from './keygen.js';
import type { NodeProbe } from './capabilities.js';

export const NAME = 'node';

export function nodeImpl(probe: NodeProbe): BackendImpl {
  const { capabilities, kwCipher } = probe;
  return {
    name: NAME,
    capabilities: () => capabilities,
    ...signatureFamilies(NAME, {
      ecdsa: { sign: ecdsaSign, verify: ecdsaVerify },
      ed25519: { sign: (_alg, key, data) => ed25519Sign(key, data), verify: (_alg, key, sig, data) => ed25519Verify(key, sig, data) },
      rsa: { sign: rsaSign, verify: rsaVerify },
    }),
    verifyMany,
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
    // Absent when no RFC 3394 cipher passed the probe (capabilities then say aesKw: false as well).
    ...(kwCipher ? aesKw(kwCipher) : {}),
    randomBytes,
    generateKey,
  };
}
