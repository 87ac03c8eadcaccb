/**
 * @cryptoplug/backends — backend selection: the registry (`registry.ts`), the per-runtime preference order
 * (`preference.ts`) and the `auto` composite (`auto.ts`), plus the default set of every cryptoplug backend. Core knows
 * no backend names; this package is where names, order and choice live.
 *
 * Nothing is registered globally: each call to `createRegistry()` returns a fresh registry (a Map inside), and backends
 * load on first use, so a backend that cannot run here (node:crypto in a browser) is reported as unavailable instead of
 * breaking the others. `@cryptoplug/backends/auto` and `/registry` are entry points without the four backends.
 */
import type { BackendFactory } from '@cryptoplug/core';
import { webcryptoBackend } from '@cryptoplug/backend-webcrypto';
import { nodeBackend } from '@cryptoplug/backend-node';
import { nobleBackend } from '@cryptoplug/backend-noble';
import { forgeBackend } from '@cryptoplug/backend-forge';
import { BackendRegistry } from './registry.js';

export { BackendRegistry, type LoadedBackends, type SelectionOptions } from './registry.js';
export { createAutoBackend, standardQueries, type AutoBackend } from './auto.js';
export { DEFAULT_PREFERENCE } from './preference.js';
export type { BackendFactory } from '@cryptoplug/core';

/** Every backend factory, in no particular order (selection order comes from DEFAULT_PREFERENCE per runtime). */
export const ALL_BACKENDS: readonly BackendFactory[] = Object.freeze([nodeBackend, webcryptoBackend, nobleBackend, forgeBackend]);

export function createRegistry(factories: readonly BackendFactory[] = ALL_BACKENDS): BackendRegistry {
  return new BackendRegistry(factories);
}

export { webcryptoBackend, nodeBackend, nobleBackend, forgeBackend };
