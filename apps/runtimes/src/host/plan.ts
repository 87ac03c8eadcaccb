/**
 * Tiers: how much of each suite a backend runs on a runtime. Every plan runs EVERY suite on every runtime for every
 * backend that loads there, and the cross-backend matrix on every runtime; plans differ only in which (runtime,
 * backend) cells run the full files and which a sample (see sample.ts). The report says which tier every cell ran.
 *
 * - `full`     — everything, everywhere (manual; ~10 min in all on a 2-core machine).
 * - `standard` — `npm run test:runtimes`: Node runs every backend in full; elsewhere the backends on native crypto
 *                (webcrypto, and node where node:crypto exists) run in full and the pure-JS backends (noble, forge) run
 *                the sample — pure JS is the same code on every engine, so the sample checks the engine and bundle, and
 *                their full run on Node checks the code.
 * - `ci`       — `npm test` (apps/runtimes/test): like `standard`, but Node runs the sample for every backend too,
 *                because every backend package's own tests already run the full conformance on Node
 *                (packages/backend-{node,noble,forge}/test/conformance.test.ts, packages/conformance/test/webcrypto.test.ts).
 */
import type { RuntimeId } from './drivers.js';

export type Tier = 'full' | 'sampled';
export type PlanName = 'full' | 'standard' | 'ci';
export const PLAN_NAMES: readonly PlanName[] = ['full', 'standard', 'ci'];

/** Default sample: at most this many tests per suite, evenly spaced (sample.ts). */
export const DEFAULT_SAMPLE_SIZE = 32;

/** Backends implemented on the runtime's native crypto (run in full outside Node in `standard` and `ci`). */
export const NATIVE_BACKENDS: readonly string[] = ['webcrypto', 'node'];

export interface Plan {
  readonly name: PlanName;
  readonly sampleSize: number;
  readonly description: string;
  tier(runtime: RuntimeId, backend: string): Tier;
}

export function makePlan(name: PlanName, sampleSize = DEFAULT_SAMPLE_SIZE): Plan {
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new Error('the sample size must be a positive integer');
  const sample = `sampled = at most ${sampleSize} tests per suite, evenly spaced over the file (every suite still runs)`;
  switch (name) {
    case 'full':
      return { name, sampleSize, description: 'every suite in full on every runtime and backend', tier: () => 'full' };
    case 'standard':
      return {
        name,
        sampleSize,
        description: `Node: every backend in full; other runtimes: webcrypto and node in full, noble and forge sampled; ${sample}`,
        tier: (runtime, backend) => (runtime === 'node' || NATIVE_BACKENDS.includes(backend) ? 'full' : 'sampled'),
      };
    case 'ci':
      return {
        name,
        sampleSize,
        description:
          `Node: every backend sampled (their full Node conformance runs in each backend package's own tests); ` +
          `other runtimes: webcrypto and node in full, noble and forge sampled; ${sample}`,
        tier: (runtime, backend) => (runtime !== 'node' && NATIVE_BACKENDS.includes(backend) ? 'full' : 'sampled'),
      };
    default:
      throw new Error(`unknown plan "${String(name)}" (${PLAN_NAMES.join(', ')})`);
  }
}
