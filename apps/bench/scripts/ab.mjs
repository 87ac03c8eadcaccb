#!/usr/bin/env node
/**
 * Two bench contestants A/B in short interleaved slices (alternating which goes first), the median of the per-pair
 * ratios with its quartiles — for deciding a few-percent question on a noisy machine (apps/bench/PROFILE.md):
 *   node --expose-gc apps/bench/scripts/ab.mjs node "EdDSA sign" adapter:node raw:node 100 20
 */
import { loadBackends, planOperations } from '../dist/index.js';
import { slice } from './slice.mjs';
const [backendName, id, na, nb, pairsArg = '100', sliceArg = '20'] = process.argv.slice(2);
const backends = await loadBackends(backendName);
const op = planOperations(backends, { only: `^${id}`, backend: backendName }).find((o) => o.id === id);
const A = op.contestants.find((x) => x.name === na), B = op.contestants.find((x) => x.name === nb);
if (!A || !B) { console.log(op.contestants.map((c) => c.name)); process.exit(1); }
await A.check(); await B.check();
for (let i = 0; i < 20; i++) { await slice(A, 10); await slice(B, 10); }
const rs = [];
for (let i = 0; i < Number(pairsArg); i++) {
  const first = i % 2 ? A : B;
  const x = await slice(first, Number(sliceArg)), y = await slice(first === A ? B : A, Number(sliceArg));
  rs.push(first === A ? x / y : y / x);
}
rs.sort((p, q) => p - q);
console.log(`${id}: ${na} ÷ ${nb} = ${rs[rs.length >> 1].toFixed(3)} (p25 ${rs[rs.length >> 2].toFixed(3)}, p75 ${rs[(3 * rs.length) >> 2].toFixed(3)})`);
