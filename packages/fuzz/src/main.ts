/**
 * `npm run fuzz` (root) → every target with 10,000 cases (FUZZ_RUNS), a random seed unless FUZZ_SEED is set
 * (printed, so a finding can be replayed), per-case budget FUZZ_CASE_BUDGET_MS (default 30000: generous for a loaded machine; it is there to catch hangs and unbounded
 * work, which cost orders of magnitude more). Exit 1 on a finding.
 */
import { TARGETS, runTarget } from './targets.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const caseBudgetMs = Number(process.env.FUZZ_CASE_BUDGET_MS ?? 30_000);
const only = process.argv[2];

let failed = 0;
console.log(`fuzz: ${numRuns} cases per target, seed ${seed} (replay with FUZZ_SEED=${seed})`);
for (const target of TARGETS) {
  if (only && !target.name.toLowerCase().includes(only.toLowerCase())) continue;
  const started = Date.now();
  try {
    const { runs } = await runTarget(target, { numRuns, seed, caseBudgetMs });
    console.log(`ok   ${target.name}: ${runs} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${target.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
