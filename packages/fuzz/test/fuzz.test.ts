/**
 * The short seeded pass `npm test` runs: every fuzz target, FUZZ_RUNS cases (default 150) with a fixed seed, so the
 * run is reproducible. `npm run fuzz` at the root runs 10,000 cases per target with a fresh seed.
 */
import { test } from 'node:test';
import { TARGETS, runTarget } from '../src/targets.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 150);
for (const target of TARGETS) {
  test(`fuzz ${target.name}: ${numRuns} seeded cases, typed errors only, no acceptance of a mutation`, { timeout: 600_000 }, async () => {
    await runTarget(target, { numRuns, seed: 1616, caseBudgetMs: 30_000 });
  });
}

test('the harness itself fails on a non-CryptoplugError and on an accepted mutation (so a clean run means something)', async () => {
  const assert = (await import('node:assert/strict')).default;
  const { FuzzFinding } = await import('../src/targets.js');
  const sample = new TextEncoder().encode('{"a":[1,2,3]}');
  const { applyMutations } = await import('../src/mutate.js');
  const rawParser = { name: 'JSON.parse, unguarded', async setup() { return { samples: 1, async check(c: { mutations: never[] }) { JSON.parse(new TextDecoder().decode(applyMutations(sample, c.mutations))); } }; } };
  await assert.rejects(runTarget(rawParser as never, { numRuns: 200, seed: 1, caseBudgetMs: 30_000 }), /not JSON|SyntaxError|Unexpected|JSON/);
  const acceptsAll = { name: 'accepts everything', async setup() { return { samples: 1, async check() { throw new FuzzFinding('mutated input accepted'); } }; } };
  await assert.rejects(runTarget(acceptsAll as never, { numRuns: 10, seed: 1, caseBudgetMs: 30_000 }), /mutated input accepted/);
});
