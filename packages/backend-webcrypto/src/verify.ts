/**
 * `@cryptoplug/backend-webcrypto/verify`: the WebCrypto backend for verifiers — `verify`/`verifyMany` (ECDSA, Ed25519,
 * RSASSA-PKCS1-v1_5, RSA-PSS) and hashing (digest, HMAC, for HS* tokens) — for browser and edge bundles that only check
 * tokens and signatures. It is a composition of its own (`composeBackend(impl, [verifyOps, hashOps])`) because tree
 * shaking cannot drop methods of one object: core's `sign` checks, the deferred key-pair check of private keys and
 * WebCrypto's signing calls are not in its bundle. `sign` is ERR_UNSUPPORTED and `supports({ op: 'sign', … })` is
 * false; `capabilities()` reports what this runtime can verify (the probed curves and Ed25519). Same name and the same
 * verify answers as the full backend; every other operation is ERR_UNSUPPORTED.
 */
import { HASHES, capabilitiesWith, composeBackend, hashOps, verifyFamilies, verifyOps, type Backend, type Capabilities } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { ecdsaVerify } from './ecdsa.js';
import { ed25519Verify } from './eddsa.js';
import { rsaVerify } from './rsa.js';
import { digest, hmac } from './hash.js';
import { probeSignatures } from './capabilities.js';

const NAME = 'webcrypto';

/** Loads the verify-only WebCrypto backend (probing this runtime's signature support). */
export async function createWebCryptoVerifyBackend(): Promise<Backend> {
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
      ...verifyFamilies(NAME, {
        ecdsa: { verify: ecdsaVerify },
        ed25519: { verify: ed25519Verify },
        rsa: { verify: rsaVerify },
      }),
      digest,
      hmac,
    },
    [verifyOps, hashOps],
  );
}
