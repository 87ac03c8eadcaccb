#!/usr/bin/env node
/**
 * Runs one bench contestant N times, sequentially awaited (as the bench's timed slots do), after a warm-up, for
 * instruction counting under callgrind (counts do not depend on machine load, unlike wall-clock time):
 *   node apps/bench/scripts/icount.mjs BACKEND "OP ID" CONTESTANT WARMUP N
 * e.g. valgrind --tool=callgrind --trace-children=no node apps/bench/scripts/icount.mjs node "JWT HS256 verify" cryptoplug-jose:auto 2000 300
 * Instructions per op = (Ir with N − Ir with N = 0) ÷ N; apps/bench/scripts/icount.sh does the two runs. The contestant
 * code is the bench's own (planOperations from dist), so the counts are of exactly what the bench times.
 */
import { execFileSync } from 'node:child_process';
import { loadBackends, planOperations } from '../dist/index.js';

const [backendName = 'node', id = 'JWT HS256 verify', name = 'cryptoplug-jose:auto', warmArg = '2000', nArg = '300'] = process.argv.slice(2);
const backends = await loadBackends(backendName);
const ops = planOperations(backends, { only: `^${id}`, backend: backendName });
const op = ops.find((o) => o.id === id);
if (!op) throw new Error(`no operation ${id}: ${ops.map((o) => o.id).join(', ')}`);
const c = op.contestants.find((x) => x.name === name);
if (!c) throw new Error(`no contestant ${name}: ${op.contestants.map((x) => x.name).join(', ')}`);
if (c.unsupported) throw new Error(`${name}: ${c.unsupported}`);
if (!(await c.check())) throw new Error(`${name} fails its check`);
const loop = async (n) => {
  if (c.async) for (let i = 0; i < n; i++) await c.run();
  else for (let i = 0; i < n; i++) c.run();
};
// The warm-up stops after WARMUP calls or 60 s, whichever comes first: under valgrind a slow contestant (forge
// Ed25519, ~50x slower than native) took 15 minutes for 3000 calls; a minute of calls is warm enough for TurboFan.
const warmUntil = performance.now() + 60_000;
for (let done = 0; done < Number(warmArg) && performance.now() < warmUntil; done += 100) await loop(Math.min(100, Number(warmArg) - done));
// No gc() here: after a full GC, V8 (--single-threaded) sweeps lazily on later allocations, which would put the
// warm-up's sweeping into the measured loop. Scavenges and sweeping caused by the loop itself are counted, as they
// belong to each call's cost.
// Under `valgrind --tool=callgrind --instr-atstart=no` (ICOUNT=1): instrument only the measured loop.
const toggle = (on) => process.env.ICOUNT && execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(process.pid)], { stdio: 'ignore' });
toggle(true);
await loop(Number(nArg));
toggle(false);
