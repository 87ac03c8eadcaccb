/**
 * @cryptoplug/backend-webcrypto — the contract on globalThis.crypto.subtle only, so it runs on every runtime
 * (Node, Bun, Deno, browsers, workerd). Capabilities are probed once at load.
 */
import { defineBackend, type Backend, type BackendFactory, type BackendImpl, type Capabilities, signatureFamilies } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { ecdsaSign, ecdsaVerify } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { rsaSign, rsaVerify } from './rsa.js';
import { probeCapabilities } from './capabilities.js';
import { NON_SIGNATURE_OPERATIONS } from './operations.js';

export const NAME = 'webcrypto';

export function webcryptoImpl(capabilities: Capabilities): BackendImpl {
  return {
    name: NAME,
    capabilities: () => capabilities,
    ...signatureFamilies(NAME, {
      ecdsa: { sign: ecdsaSign, verify: ecdsaVerify },
      ed25519: { sign: ed25519Sign, verify: ed25519Verify },
      rsa: { sign: rsaSign, verify: rsaVerify },
    }),
    ...NON_SIGNATURE_OPERATIONS,
  };
}

/** Loads the WebCrypto backend (probing what this runtime's WebCrypto supports). */
export async function createWebCryptoBackend(): Promise<Backend> {
  getSubtle();
  return defineBackend(webcryptoImpl(await probeCapabilities()));
}

export const webcryptoBackend: BackendFactory = { name: NAME, load: createWebCryptoBackend };
