/**
 * @cryptoplug/bench — measures cryptoplug against the libraries it wraps and against panva `jose`, as ratios.
 * `runBench()` is what `npm run bench` and `cryptoplug bench` call.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Backend } from '@cryptoplug/core';
import { createAutoBackend, createRegistry } from '@cryptoplug/backends';
import { measure, slotCount, type Operation, type OperationResult, type SlotOptions } from './harness.js';
import { batchOps, ecdhOps, oaepOps, signatureOps, type Backends } from './ops.js';
import { unwrapOps } from './unwrap-ops.js';
import { joseOps } from './jose-ops.js';
import { buildReport, toHtml, toMarkdown, type BenchReport } from './report.js';

export interface BenchOptions {
  /** 3 rounds of 40 ms slots: a smoke run that checks every contestant, not a measurement. All rows (382 contestants, about 1,500 slots: 83 s of timing) take 1.5–2 minutes on 2 idle cores, longer on busy ones; the tests narrow it with `only`. */
  readonly quick?: boolean;
  /** Comma-separated substrings of operation ids (e.g. "ES256,EdDSA"). */
  readonly only?: string;
  /** Restrict adapters (and JOSE rows) to this backend (plus auto). */
  readonly backend?: string;
  /** Write bench.json, bench.md and bench.html here. */
  readonly out?: string;
  /** Progress bar on stderr. */
  readonly progress?: boolean;
  readonly log?: (line: string) => void;
}

export async function loadBackends(name?: string): Promise<Backends> {
  const registry = createRegistry();
  const { available } = await registry.loadAll();
  const members = name && name !== 'auto' && name !== 'all' ? available.filter((b) => b.name === name) : [...available];
  if (name && name !== 'auto' && name !== 'all' && members.length === 0) await registry.select(name); // throws the typed error
  const auto: Backend = await registry.select('auto');
  return { members, auto: name && name !== 'auto' && name !== 'all' ? createAutoBackend(members) : auto };
}

export function planOperations(b: Backends, o: BenchOptions): Operation[] {
  const filters = o.only?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  // "ES256 sign" matches every id containing it (also "JWT ES256 sign"); "^ES256" only ids that start with it
  const only = filters?.length ? (id: string) => filters.some((f) => (f.startsWith('^') ? id.toLowerCase().startsWith(f.slice(1)) : id.toLowerCase().includes(f))) : undefined;
  const ops = [
    ...signatureOps(b, only),
    ...ecdhOps(b, only),
    ...oaepOps(b, only),
    ...joseOps(b, only),
    ...unwrapOps(b, only),
    ...batchOps(b, o.quick ? 16 : 64, only),
  ];
  // One backend (--backend NAME): its adapter rows keep only its own raw library, which they are compared with. The
  // README's adapter table is made this way, one process per backend: core's code then sees one backend, as in an
  // application, instead of four whose different keys and results make its call sites polymorphic (that cost the
  // adapters 2-6% in a process running all four, against 0.98x in a two-contestant A/B of the same rows).
  const single = b.members.length === 1 ? `raw:${b.members[0]!.name}` : undefined;
  if (single === undefined) return ops;
  return ops.map((op) => (op.group === 'primitive' ? { ...op, contestants: op.contestants.filter((c) => c.kind !== 'raw' || c.name === single) } : op));
}

export async function runBench(o: BenchOptions = {}): Promise<BenchReport> {
  // 21 rounds of 90 ms (+ 22 ms warm-up), about the time per contestant of 5 of 400 (+ 100) before: this VM's speed
  // changes in periods of a second or more, so short slots put the two sides of a ratio close together in time, and
  // many rounds give the paired ratio (pairedRatio) enough pairs that a slow period moves its median little. A slot
  // runs at least 12 calls (see SlotOptions.minCalls), which only the 5–30 ms forge calls need.
  const slot: SlotOptions = o.quick ? { slotMs: 40, rounds: 3, inflight: 8 } : { slotMs: 90, minCalls: 12, rounds: 21, inflight: 32 };
  const backends = await loadBackends(o.backend);
  const ops = planOperations(backends, o);
  const bar = o.progress
    ? new cliProgress.SingleBar({ format: 'bench [{bar}] {percentage}% {value}/{total} {op}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(slotCount(ops, slot), 0, { op: '' });
  const results: OperationResult[] = [];
  for (const op of ops) {
    bar?.update({ op: op.id });
    results.push(await measure(op, slot, () => bar?.increment()));
  }
  bar?.stop();
  const report = buildReport(results, { ...slot, quick: o.quick === true });
  if (o.out) {
    await mkdir(o.out, { recursive: true });
    await writeFile(join(o.out, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFile(join(o.out, 'bench.md'), toMarkdown(report) + '\n');
    await writeFile(join(o.out, 'bench.html'), toHtml(report));
    o.log?.(`wrote ${join(o.out, 'bench.json')}, bench.md, bench.html`);
  }
  return report;
}

export { toMarkdown, toHtml, type BenchReport };
export type { OperationResult, ContestantResult } from './harness.js';
export { measureStartup, startupMarkdown, cliEntry, type StartupReport, type StartupRow } from './startup.js';
