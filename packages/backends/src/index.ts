/**
 * @cryptoplug/backends — the default registry with every cryptoplug backend. Nothing is registered globally: each call
 * to `createRegistry()` returns a fresh registry (a Map inside), and backends load on first use, so a backend that
 * cannot run here (node:crypto in a browser) is reported as unavailable instead of breaking the others.
 */
import { BackendRegistry, type BackendFactory } from '@cryptoplug/core';
import { webcryptoBackend } from '@cryptoplug/backend-webcrypto';
import { nodeBackend } from '@cryptoplug/backend-node';
import { nobleBackend } from '@cryptoplug/backend-noble';
import { forgeBackend } from '@cryptoplug/backend-forge';

/** Every backend factory, in no particular order (selection order comes from DEFAULT_PREFERENCE per runtime). */
export const ALL_BACKENDS: readonly BackendFactory[] = Object.freeze([nodeBackend, webcryptoBackend, nobleBackend, forgeBackend]);

export function createRegistry(factories: readonly BackendFactory[] = ALL_BACKENDS): BackendRegistry {
  return new BackendRegistry(factories);
}

export { webcryptoBackend, nodeBackend, nobleBackend, forgeBackend };
