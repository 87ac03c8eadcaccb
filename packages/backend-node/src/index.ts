/**
 * @cryptoplug/backend-node — the contract on node:crypto, synchronously (KeyObjects cached on keys; see README).
 *
 * Loading: this module imports nothing from node: at the top. `createNodeBackend()` first dynamic-imports
 * `node:crypto` (failing with ERR_BACKEND_UNAVAILABLE where it does not exist, e.g. a browser), then dynamic-imports
 * the implementation modules, which import node:crypto statically. A bundle that merely references this package
 * therefore does not crash at import time.
 */
import { BackendUnavailableError, defineBackend, type Backend, type BackendFactory } from '@cryptoplug/core';

export const NAME = 'node';

/** Loads the node:crypto backend (probing once what this runtime's node:crypto supports). */
export async function createNodeBackend(): Promise<Backend> {
  try {
    const c = await import('node:crypto');
    if (typeof c.createHash !== 'function') throw new Error('node:crypto has no createHash');
  } catch (cause) {
    throw new BackendUnavailableError('node:crypto is not available in this runtime', { cause });
  }
  const [{ nodeImpl }, { probeCapabilities }, { selfTest }] = await Promise.all([
    import('./impl.js'),
    import('./capabilities.js'),
    import('./selftest.js'),
  ]);
  const broken = selfTest();
  if (broken) throw new BackendUnavailableError(`node:crypto in this runtime is incomplete (${broken})`);
  return defineBackend(nodeImpl(probeCapabilities()));
}

export const nodeBackend: BackendFactory = { name: NAME, load: createNodeBackend };
