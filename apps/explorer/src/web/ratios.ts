/**
 * Ratios of a benchmark run: each contestant with a `baseline` ÷ that baseline, sequential (the median of the
 * per-round ratios: apps/bench's `pairedRatio`, from its browser-safe harness) and (where both have it) throughput —
 * the rule of apps/bench's `computeRatios` (src/report.ts). Re-stated here because report.ts also loads node:fs and
 * node:os at module level, so it cannot go into a browser bundle. The README targets are left out: they are promises
 * about Node runs, not about a browser.
 */
import { pairedRatio } from '@cryptoplug/bench/harness';
import type { OperationResult, Ratio } from '../schema.js';

export function computeRatios(ops: readonly OperationResult[]): Ratio[] {
  const out: Ratio[] = [];
  for (const op of ops) {
    const byName = new Map(op.results.map((r) => [r.name, r]));
    for (const r of op.results) {
      if (!r.baseline || !r.ok) continue;
      const base = byName.get(r.baseline);
      if (!base || !base.ok || base.opsPerSec === 0) continue;
      out.push({ operation: op.id, contestant: r.name, baseline: r.baseline, ratio: pairedRatio(r, base), mode: 'sequential' });
      if (r.throughput !== undefined && base.throughput !== undefined && base.throughput > 0) {
        out.push({ operation: op.id, contestant: r.name, baseline: r.baseline, ratio: r.throughput / base.throughput, mode: 'throughput' });
      }
    }
  }
  return out;
}
