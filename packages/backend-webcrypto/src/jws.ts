/**
 * `@cryptoplug/backend-webcrypto/jws`: the WebCrypto backend with only what JWS and JWT need — signatures (ECDSA,
 * Ed25519, RSASSA-PKCS1-v1_5, RSA-PSS) and hashing (digest, HMAC) — for browser and worker bundles that sign or verify
 * tokens. Core's checks are only those families' (`composeBackend`), and only the signature support is probed at load.
 * Same name and the same operations as the full backend; every other operation is ERR_UNSUPPORTED.
 */
import { HASHES, capabilitiesWith, composeBackend, hashOps, signatureFamilies, signatureOps, type Backend, type Capabilities } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { rsaSign, rsaVerify } from './rsa.js';
import { digest, hmac } from './hash.js';
import { probeSignatures } from './capabilities.js';

const NAME = 'webcrypto';

/** Loads the JWS-only WebCrypto backend (probing this runtime's signature support). */
export async function createWebCryptoJwsBackend(): Promise<Backend> {
  const hashes = [...HASHES];
  const caps: Capabilities = capabilitiesWith({
    ...(await probeSignatures(getSubtle())),
    digest: hashes,
    hmac: hashes,
  });
  return composeBackend(
    {
      name: NAME,
      capabilities: () => caps,
      ...signatureFamilies(NAME, {
        ecdsa: { sign: ecdsaSign, verify: ecdsaVerify },
        ed25519: { sign: ed25519Sign, verify: ed25519Verify },
        rsa: { sign: rsaSign, verify: rsaVerify },
      }),
      digest,
      hmac,
    },
    [signatureOps, hashOps],
  );
}
