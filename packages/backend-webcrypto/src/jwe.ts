/**
 * `@cryptoplug/backend-webcrypto/jwe`: the WebCrypto backend with only what JWE needs — ECDH, RSA-OAEP, AES
 * (GCM, CBC, KW), hashing (digest, HMAC), KDFs (PBKDF2 for PBES2, HKDF), random bytes and key generation (ephemeral
 * ECDH keys) — for bundles that encrypt or decrypt tokens. No signature family: its checks are not in the bundle and
 * signature support is not probed at load. A JWK private key's deferred pair check runs on WebCrypto's own ECDH
 * (`ecdhOpsBackendPairCheck`: Z with the base point must be the public x/u), so no curve arithmetic (noble) is loaded. Same name and the same operations as the full backend; `sign`, `verify`
 * and `verifyMany` are ERR_UNSUPPORTED.
 */
import { HASHES, aesOps, capabilitiesWith, composeBackend, ecdhOpsBackendPairCheck, hashOps, kdfOps, keygenOps, oaepOps, randomOps, type Backend, type Capabilities, type EcCurve } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { oaepDecrypt, oaepEncrypt } from './oaep.js';
import { deriveSharedSecret } from './ecdh.js';
import { digest, hkdf, hmac, pbkdf2 } from './hash.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesGcmDecrypt, aesGcmEncrypt, aesKwUnwrap, aesKwWrap } from './aes.js';
import { randomBytes } from './random.js';
import { keySpecs, probeAes, probeEcdh } from './capabilities.js';

const NAME = 'webcrypto';

/** Loads the JWE-only WebCrypto backend (probing this runtime's ECDH curves and AES key sizes). */
export async function createWebCryptoJweBackend(): Promise<Backend> {
  const subtle = getSubtle();
  const aes = await probeAes(subtle);
  const { ecdh } = await probeEcdh(subtle);
  const hashes = [...HASHES];
  const caps: Capabilities = capabilitiesWith({
    ecdh,
    rsaOaep: { hashes, label: true },
    digest: hashes,
    hmac: hashes,
    ...aes,
    hkdf: hashes,
    pbkdf2: hashes,
    random: true,
    // EC key generation is ECDH's ephemeral keys here, so it follows the ECDH curves.
    generateKey: keySpecs(ecdh.curves.filter((c): c is EcCurve => c !== 'X25519'), false, ecdh.curves),
  });
  return composeBackend(
    {
      name: NAME,
      capabilities: () => caps,
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
      // Loaded on first use (JWE encryption's ephemeral key only): a generated private key's public half is checked
      // with scalar multiplication, which a decrypt-only bundle should not carry.
      generateKey: async (spec) => (await import('./keygen.js')).generateKey(spec),
    },
    [ecdhOpsBackendPairCheck, oaepOps, hashOps, kdfOps, aesOps, randomOps, keygenOps],
  );
}
