/** The default order `auto` tries backends in, per runtime (names of the backends this package registers). */
import type { RuntimeName } from '@cryptoplug/core';

/** Default preference per runtime, fastest first (measured by apps/bench on Node; see the root README). */
export const DEFAULT_PREFERENCE: Readonly<Record<RuntimeName, readonly string[]>> = Object.freeze({
  node: ['node', 'webcrypto', 'noble', 'forge'],
  bun: ['node', 'webcrypto', 'noble', 'forge'],
  deno: ['webcrypto', 'node', 'noble', 'forge'],
  workerd: ['webcrypto', 'noble', 'forge'],
  browser: ['webcrypto', 'noble', 'forge'],
  unknown: ['webcrypto', 'noble', 'forge'],
});
