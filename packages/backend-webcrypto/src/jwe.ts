/**
 * `@cryptoplug/backend-webcrypto/jwe`: the WebCrypto backend with only what JWE needs — ECDH, RSA-OAEP, AES
 * (GCM, CBC, KW), hashing (digest, HMAC), KDFs (PBKDF2 for PBES2, HKDF), random bytes and key generation (ephemeral
 * ECDH keys) — for bundles that encrypt or decrypt tokens. No signature family: its checks are not in the bundle and
 * signature support is not probed at load. A JWK private key's deferred pair check runs on WebCrypto's own ECDH
 * (`ecdhOpsBackendPairCheck`: Z with the base point must be the public x/u), so no curve arithmetic (noble) is loaded. Same name and the same operations as the full backend; `sign`, `verify`
 * and `verifyMany` are ERR_UNSUPPORTED.
 */
import { aesOps, capabilitiesWith, composeBackend, ecdhOpsBackendPairCheck, hashOps, kdfOps, keygenOps, oaepOps, randomOps, type Backend, type Capabilities, type EcCurve } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { keySpecs, nonSignatureCapabilities, probeAes, probeEcdh } from './capabilities.js';
import { NON_SIGNATURE_OPERATIONS } from './operations.js';

const NAME = 'webcrypto';

/** Loads the JWE-only WebCrypto backend (probing this runtime's ECDH curves and AES key sizes). */
export async function createWebCryptoJweBackend(): Promise<Backend> {
  const subtle = getSubtle();
  const aes = await probeAes(subtle);
  const { ecdh } = await probeEcdh(subtle);
  const caps: Capabilities = capabilitiesWith({
    ...nonSignatureCapabilities(aes, ecdh),
    // EC key generation is ECDH's ephemeral keys here, so it follows the ECDH curves.
    generateKey: keySpecs(ecdh.curves.filter((c): c is EcCurve => c !== 'X25519'), false, ecdh.curves),
  });
  return composeBackend(
    {
      name: NAME,
      capabilities: () => caps,
      ...NON_SIGNATURE_OPERATIONS,
    },
    [ecdhOpsBackendPairCheck, oaepOps, hashOps, kdfOps, aesOps, randomOps, keygenOps],
  );
}
