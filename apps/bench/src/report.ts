/** Ratios against targets, and the three outputs: JSON, a markdown table and a self-contained HTML report (chart.js inlined). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { OperationResult, SlotOptions } from './harness.js';

export interface Ratio {
  readonly operation: string;
  readonly contestant: string;
  readonly baseline: string;
  readonly ratio: number;
  /** Minimum ratio the README promises, if any. */
  readonly target?: number;
  readonly met?: boolean;
  readonly mode: 'sequential' | 'throughput';
}

export interface BenchReport {
  readonly meta: { date: string; node: string; platform: string; cpus: number; cpuModel: string; options: SlotOptions & { quick: boolean } };
  readonly operations: OperationResult[];
  readonly ratios: Ratio[];
}

/** Targets (README "Benchmark targets"). */
export function targetFor(operation: string, contestant: string, baseline: string): number | undefined {
  if (/^adapter:/.test(contestant) && /^raw:/.test(baseline)) return 0.95;
  if (operation.startsWith('batch-verify')) return 1.8;
  if (contestant === 'cryptoplug-jose:auto' && baseline === 'fast-jwt') return 1.0;
  if (contestant === 'cryptoplug-jose:auto' && baseline === 'minimal:node-crypto') return 0.85;
  if (contestant === 'cryptoplug-jose:auto' && (baseline === 'jsonwebtoken' || baseline === 'node-jose')) return 1.0;
  if (baseline === 'jose') {
    const isAuto = contestant === 'cryptoplug-jose:auto';
    const isWebcrypto = contestant === 'cryptoplug-jose:webcrypto';
    const fast = /(ES256|EdDSA)/.test(operation);
    if (isAuto && fast && /sign/.test(operation) && !/verify/.test(operation)) return 2.5;
    if (isAuto && fast && /verify/.test(operation)) return 1.5;
    if (isWebcrypto) return 1.0;
  }
  return undefined;
}

export function computeRatios(ops: OperationResult[]): Ratio[] {
  const out: Ratio[] = [];
  for (const op of ops) {
    const byName = new Map(op.results.map((r) => [r.name, r]));
    for (const r of op.results) {
      if (!r.baseline || !r.ok) continue;
      for (const baseline of [r.baseline, ...(r.compare ?? [])]) {
        const base = byName.get(baseline);
        if (!base || !base.ok || base.opsPerSec === 0) continue;
        const target = targetFor(op.id, r.name, baseline);
        const ratio = r.opsPerSec / base.opsPerSec;
        out.push({ operation: op.id, contestant: r.name, baseline, ratio, mode: 'sequential', ...(target !== undefined ? { target, met: ratio >= target } : {}) });
        if (r.throughput !== undefined && base.throughput !== undefined && base.throughput > 0) {
          out.push({ operation: op.id, contestant: r.name, baseline, ratio: r.throughput / base.throughput, mode: 'throughput' });
        }
      }
    }
  }
  return out;
}

export function buildReport(ops: OperationResult[], options: SlotOptions & { quick: boolean }): BenchReport {
  return {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      options,
    },
    operations: ops,
    ratios: computeRatios(ops),
  };
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

export function toMarkdown(r: BenchReport): string {
  const lines: string[] = [
    `# cryptoplug benchmark`,
    '',
    `${r.meta.date} · Node ${r.meta.node} · ${r.meta.platform} · ${r.meta.cpus} × ${r.meta.cpuModel} · ${r.meta.options.rounds} rounds × ${r.meta.options.slotMs} ms${r.meta.options.quick ? ' (quick)' : ''}`,
    '',
    '## Ratios against targets',
    '',
    '| operation | contestant | ÷ baseline | ratio | target | |',
    '| --- | --- | --- | ---: | ---: | --- |',
  ];
  for (const x of r.ratios.filter((x) => x.mode === 'sequential')) {
    lines.push(`| ${x.operation} | ${x.contestant} | ${x.baseline} | ${x.ratio.toFixed(2)}× | ${x.target !== undefined ? `≥ ${x.target}×` : ''} | ${x.met === undefined ? '' : x.met ? 'met' : `missed by ${((1 - x.ratio / x.target!) * 100).toFixed(0)}%`} |`);
  }
  lines.push('', '## Operations (median ops/s, spread across rounds)', '');
  for (const op of r.operations) {
    lines.push(`### ${op.id}`, '', '| contestant | kind | ops/s | spread | throughput (in flight) |', '| --- | --- | ---: | ---: | ---: |');
    for (const c of [...op.results].sort((a, b) => b.opsPerSec - a.opsPerSec)) {
      lines.push(`| ${c.name} | ${c.kind} | ${c.ok ? fmt(c.opsPerSec) : c.unsupported ? `— (${c.error ?? ''})` : `not run: ${c.error ?? ''}`} | ${c.ok ? `${(c.spread * 100).toFixed(0)}%` : ''} | ${c.throughput !== undefined ? fmt(c.throughput) : ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  // chart.js exports only its ESM/CJS entries; the UMD build sits beside the package.json.
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function toHtml(r: BenchReport): string {
  const data = JSON.stringify(r).replace(/</g, '\\u003c');
  const md = escapeHtml(toMarkdown(r));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cryptoplug benchmark</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}.chart{height:320px;margin:12px 0 28px}
.meta{color:#666}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px}
.card{border:1px solid #ddd;border-radius:6px;padding:10px}.card h3{margin:0 0 6px;font-size:15px}
pre{background:#f6f6f6;padding:12px;overflow:auto;font-size:12px}
</style></head><body>
<h1>cryptoplug benchmark</h1>
<p class="meta" id="meta"></p>
<h2>Ratios against targets</h2>
<div class="chart"><canvas id="ratios"></canvas></div>
<h2>Operations (median ops/s)</h2>
<div class="grid" id="ops"></div>
<h2>Table</h2>
<pre>${md}</pre>
<script>${chartJsSource()}</script>
<script>
const report = ${data};
const m = report.meta;
document.getElementById('meta').textContent = m.date + ' · Node ' + m.node + ' · ' + m.platform + ' · ' + m.cpus + ' × ' + m.cpuModel;
const seq = report.ratios.filter(r => r.mode === 'sequential');
new Chart(document.getElementById('ratios'), {
  type: 'bar',
  data: { labels: seq.map(r => r.operation + ' · ' + r.contestant + ' ÷ ' + r.baseline),
    datasets: [
      { label: 'ratio', data: seq.map(r => r.ratio), backgroundColor: seq.map(r => r.met === false ? '#d9534f' : r.met ? '#5cb85c' : '#7a9cc6') },
      { label: 'target', data: seq.map(r => r.target ?? null), type: 'line', showLine: false, pointStyle: 'line', pointRadius: 12, borderColor: '#222' } ] },
  options: { indexAxis: 'y', maintainAspectRatio: false, scales: { x: { title: { display: true, text: '× baseline' } } } }
});
document.querySelector('.chart').style.height = Math.max(320, seq.length * 22) + 'px';
const ops = document.getElementById('ops');
for (const op of report.operations) {
  const card = document.createElement('div'); card.className = 'card';
  const h = document.createElement('h3'); h.textContent = op.id; card.appendChild(h);
  const box = document.createElement('div'); box.style.height = Math.max(140, op.results.length * 26) + 'px';
  const c = document.createElement('canvas'); box.appendChild(c); card.appendChild(box); ops.appendChild(card);
  const rs = op.results.filter(r => r.ok).sort((a, b) => b.opsPerSec - a.opsPerSec);
  const colors = { adapter: '#4e79a7', raw: '#9c9c9c', jose: '#f28e2b', reference: '#e15759', batch: '#59a14f' };
  new Chart(c, { type: 'bar', data: { labels: rs.map(r => r.name), datasets: [{ label: 'ops/s', data: rs.map(r => r.opsPerSec), backgroundColor: rs.map(r => colors[r.kind]) }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } } } });
}
</script></body></html>
`;
}
