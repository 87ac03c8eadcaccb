#!/usr/bin/env node
/**
 * Bytes allocated per call of one bench contestant, by allocating function (V8's sampling heap profiler, every 256
 * bytes, objects collected by GC included):
 *   node apps/bench/scripts/alloc.mjs node "JWT HS256 verify" cryptoplug-jose:auto 100000
 */
import { loadBackends, planOperations } from '../dist/index.js';
import { Session } from 'node:inspector/promises';
const [backendName, id, name, nArg = '20000'] = process.argv.slice(2);
const backends = await loadBackends(backendName);
const op = planOperations(backends, { only: `^${id}`, backend: backendName }).find((o) => o.id === id);
const c = op.contestants.find((x) => x.name === name);
await c.check();
const loop = async (n) => { if (c.async) for (let i = 0; i < n; i++) await c.run(); else for (let i = 0; i < n; i++) c.run(); };
await loop(5000);
const s = new Session(); s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const N = Number(nArg);
await loop(N);
const { profile } = await s.post('HeapProfiler.stopSampling');
const rows = new Map();
let total = 0;
const walk = (node, stack) => {
  const f = node.callFrame; const here = `${f.functionName || '(anon)'} ${f.url.replace(/.*\/(packages|node_modules|apps)\//, '$1/')}:${f.lineNumber + 1}`;
  const self = node.selfSize;
  if (self) { total += self; rows.set(here, (rows.get(here) ?? 0) + self); }
  for (const ch of node.children) walk(ch, stack);
};
walk(profile.head, []);
console.log(`${name} ${id}: ~${Math.round(total / N)} bytes allocated per op (sampled)`);
for (const [k, v] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(Math.round(v / N)).padStart(6), k);
