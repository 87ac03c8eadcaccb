/** Ratios against targets, and the three outputs: JSON, a markdown table and a self-contained HTML report (chart.js inlined). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { pairedRatio, type OperationResult, type SlotOptions } from './harness.js';
import { CEILING, RAW_ONE_BY_ONE } from './ceiling.js';

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
  // the target is verifyMany ÷ one-by-one; the ceiling's ratios (ceiling ÷ raw one-by-one, verifyMany ÷ ceiling) are context
  if (operation.startsWith('batch-verify')) return /^verifyMany:/.test(contestant) && /^one-by-one:/.test(baseline) && baseline !== RAW_ONE_BY_ONE ? 1.8 : undefined;
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
        const ratio = pairedRatio(r, base);
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

/** One row of the batch table: per batch operation and backend, verifyMany's ratio next to the ceiling's. */
export interface CeilingRow {
  readonly operation: string;
  readonly backend: string;
  /** verifyMany ÷ the backend's own one-by-one (the target's ratio). */
  readonly speedup: number;
  readonly target?: number;
  /** raw node:crypto over the same threads ÷ raw node:crypto one by one: the best this machine allows. */
  readonly ceiling?: number;
  /** verifyMany ops/s ÷ ceiling ops/s. */
  readonly ofCeiling?: number;
}

export function ceilingRows(ratios: readonly Ratio[]): CeilingRow[] {
  const seq = ratios.filter((x) => x.mode === 'sequential' && x.operation.startsWith('batch-verify'));
  return seq
    .filter((x) => /^verifyMany:/.test(x.contestant) && /^one-by-one:/.test(x.baseline))
    .map((x) => {
      const ceiling = seq.find((c) => c.operation === x.operation && c.contestant === CEILING && c.baseline === RAW_ONE_BY_ONE)?.ratio;
      const ofCeiling = seq.find((c) => c.operation === x.operation && c.contestant === x.contestant && c.baseline === CEILING)?.ratio;
      return {
        operation: x.operation,
        backend: x.contestant.slice('verifyMany:'.length),
        speedup: x.ratio,
        ...(x.target !== undefined ? { target: x.target } : {}),
        ...(ceiling !== undefined ? { ceiling } : {}),
        ...(ofCeiling !== undefined ? { ofCeiling } : {}),
      };
    });
}

const CEILING_HEAD = ['operation', 'backend', 'verifyMany ÷ one-by-one', 'target', 'ceiling ÷ raw one-by-one', 'verifyMany ÷ ceiling'];
const CEILING_NOTE =
  'ceiling = the same verifications over the same threads with raw node:crypto only (a persistent worker holding the key, both threads pulling items from a shared counter, an Atomics wake-up): the best any library could do on this machine.';
const ceilingCells = (c: CeilingRow) => [
  c.operation,
  c.backend,
  `${c.speedup.toFixed(2)}×`,
  c.target !== undefined ? `≥ ${c.target}×` : '',
  c.ceiling !== undefined ? `${c.ceiling.toFixed(2)}×` : '—',
  c.ofCeiling !== undefined ? `${(c.ofCeiling * 100).toFixed(0)}%` : '—',
];

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
  const cr = ceilingRows(r.ratios);
  if (cr.length) {
    lines.push('', '## Batch verify against the ceiling', '', CEILING_NOTE, '', `| ${CEILING_HEAD.join(' | ')} |`, '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const c of cr) lines.push(`| ${ceilingCells(c).join(' | ')} |`);
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

/** The family an operation's ratios are charted under (one chart per family keeps each chart short). */
export function familyOf(operation: string): string {
  if (operation.startsWith('batch-verify')) return 'Batch verify: verifyMany ÷ one by one';
  if (operation.includes('cache on')) return 'JWT verify with a verified-token cache';
  const m = /^(JWT|JWS) \S+ (sign|verify)$/.exec(operation);
  if (m) return `${m[1]} ${m[2]}`;
  return 'Primitives: adapter ÷ raw library';
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function htmlTable(head: string[], rows: string[][], numeric: boolean[]): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function ceilingHtml(r: BenchReport): string {
  const cr = ceilingRows(r.ratios);
  if (!cr.length) return '';
  const rows = cr.map((c) => ceilingCells(c).map((x, i) => (i < 2 ? escapeHtml(x) : x)));
  return `<h2>Batch verify against the ceiling</h2>\n<p class="legend">${escapeHtml(CEILING_NOTE)}</p>\n${htmlTable(CEILING_HEAD, rows, [false, false, true, true, true, true])}`;
}

export function toHtml(r: BenchReport): string {
  const seq = r.ratios.filter((x) => x.mode === 'sequential');
  const families = [...new Set(seq.map((x) => familyOf(x.operation)))];
  const withTarget = seq.filter((x) => x.target !== undefined);
  const met = withTarget.filter((x) => x.met).length;
  const missed = withTarget.filter((x) => x.met === false);
  const ratioRows = seq.map((x) => [
    escapeHtml(x.operation),
    escapeHtml(x.contestant),
    escapeHtml(x.baseline),
    `${x.ratio.toFixed(2)}×`,
    x.target !== undefined ? `≥ ${x.target}×` : '',
    x.met === undefined ? '' : x.met ? '<span class="ok">met</span>' : `<span class="bad">missed by ${((1 - x.ratio / x.target!) * 100).toFixed(0)}%</span>`,
  ]);
  const opSections = families
    .concat(r.operations.some((o) => !seq.some((x) => x.operation === o.id)) ? ['Other operations'] : [])
    .map((fam) => {
      const ops = r.operations.filter((o) => (seq.some((x) => x.operation === o.id) ? familyOf(o.id) === fam : fam === 'Other operations'));
      const tables = ops
        .map((op) => {
          const rows = [...op.results]
            .sort((a, b) => b.opsPerSec - a.opsPerSec)
            .map((c) => [
              escapeHtml(c.name),
              c.kind,
              c.ok ? fmt(c.opsPerSec) : c.unsupported ? `— <span class="why">${escapeHtml(c.error ?? '')}</span>` : `<span class="bad">not run: ${escapeHtml(c.error ?? '')}</span>`,
              c.ok ? pct(c.spread) : '',
              c.throughput !== undefined ? fmt(c.throughput) : '',
            ]);
          return `<div class="op"><h4>${escapeHtml(op.id)}</h4>${htmlTable(['contestant', 'kind', 'ops/s (median)', 'spread', 'throughput'], rows, [false, false, true, true, true])}</div>`;
        })
        .join('\n');
      return `<details><summary>${escapeHtml(fam)} — ${ops.length} operation${ops.length === 1 ? '' : 's'}</summary><div class="ops">${tables}</div></details>`;
    })
    .join('\n');
  const data = JSON.stringify({ families, ratios: seq.map((x) => ({ ...x, family: familyOf(x.operation) })) }).replace(/</g, '\\u003c');
  const o = r.meta.options;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cryptoplug benchmark</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:20px auto;padding:0 16px;color:#222;max-width:1180px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:28px}h3{font-size:15px;margin:18px 0 4px}h4{font-size:13px;margin:12px 0 4px}
.meta{color:#555}.legend{color:#444;font-size:13px}.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin:0 4px 0 10px}
.chart{position:relative;margin:4px 0 18px}
table{border-collapse:collapse;font-size:13px;margin:4px 0 10px;width:100%}th,td{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left}
th{background:#f5f5f5;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}.why{color:#777;font-size:12px}
details{margin:6px 0;border:1px solid #ddd;border-radius:6px;padding:4px 10px}summary{cursor:pointer;font-weight:600}
.ops{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:4px 18px}
.scroll{max-height:480px;overflow:auto}
</style></head><body>
<h1>cryptoplug benchmark</h1>
<p class="meta">${escapeHtml(r.meta.date)} · Node ${escapeHtml(r.meta.node)} · ${escapeHtml(r.meta.platform)} · ${r.meta.cpus} × ${escapeHtml(r.meta.cpuModel)} · ${o.rounds} interleaved rounds × ${o.slotMs} ms per contestant${o.quick ? ' (quick: a smoke run, not a measurement)' : ''}. Ratios are medians of the rounds, side by side in one process.</p>
<p><b>Targets:</b> ${met} of ${withTarget.length} met${missed.length ? `; missed: ${missed.map((x) => `${escapeHtml(x.operation)} (${escapeHtml(x.contestant)} ÷ ${escapeHtml(x.baseline)} ${x.ratio.toFixed(2)}× &lt; ${x.target}×)`).slice(0, 12).join(', ')}${missed.length > 12 ? ', …' : ''}` : ''}.</p>
<h2>Ratios, by operation family</h2>
<p class="legend">Bar = contestant ops/s ÷ baseline ops/s (value at the bar's end; 1× = as fast).
<span class="sw" style="background:#43a047"></span>target met <span class="sw" style="background:#e53935"></span>target missed
<span class="sw" style="background:#90a4ae"></span>no target (shown for context) <span class="sw" style="background:#222;width:3px"></span>the row's target</p>
<div id="charts"></div>
${ceilingHtml(r)}
<h2>Ratio table</h2>
<div class="scroll">${htmlTable(['operation', 'contestant', '÷ baseline', 'ratio', 'target', ''], ratioRows, [false, false, false, true, true, false])}</div>
<h2>Operations (median ops/s, spread = (max − min) ÷ median across rounds)</h2>
${opSections}
<script>${chartJsSource()}</script>
<script>
const { families, ratios } = ${data};
const labelsAndTargets = {
  id: 'labelsAndTargets',
  afterDatasetsDraw(chart) {
    const { ctx, scales: { x, y } } = chart;
    const rs = chart.config.options.rows;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    rs.forEach((r, i) => {
      const yc = y.getPixelForValue(i);
      const xe = x.getPixelForValue(r.ratio);
      ctx.fillStyle = '#222';
      ctx.fillText(r.ratio.toFixed(2) + '×', xe + 4, yc);
      if (r.target !== undefined) {
        const xt = x.getPixelForValue(r.target);
        ctx.fillRect(xt - 1, yc - 9, 3, 18);
      }
    });
    ctx.restore();
  },
};
const root = document.getElementById('charts');
for (const fam of families) {
  const rows = ratios.filter((r) => r.family === fam);
  const h3 = document.createElement('h3'); h3.textContent = fam; root.appendChild(h3);
  const box = document.createElement('div'); box.className = 'chart'; box.style.height = (40 + rows.length * 20) + 'px';
  const canvas = document.createElement('canvas'); box.appendChild(canvas); root.appendChild(box);
  // logarithmic: 0.5× and 2× sit equally far from 1×, and a 0.05× bar is still visible next to a 10× one
  const max = Math.max(1.5, ...rows.map((r) => Math.max(r.ratio, r.target ?? 0))) * 1.6;
  const min = Math.min(0.5, ...rows.map((r) => r.ratio)) * 0.7;
  new Chart(canvas, {
    type: 'bar',
    data: { labels: rows.map((r) => r.operation + ' · ' + r.contestant.replace('cryptoplug-jose:', 'cp:') + ' ÷ ' + r.baseline.replace('cryptoplug-jose:', 'cp:')),
      datasets: [{ data: rows.map((r) => r.ratio), backgroundColor: rows.map((r) => r.met === false ? '#e53935' : r.met ? '#43a047' : '#90a4ae'), barThickness: 14 }] },
    options: { rows, indexAxis: 'y', maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => rows[c.dataIndex].ratio.toFixed(3) + '×' + (rows[c.dataIndex].target !== undefined ? ' (target ≥ ' + rows[c.dataIndex].target + '×)' : '') } } },
      scales: { x: { type: 'logarithmic', position: 'top', min, max, title: { display: true, text: '× baseline (log scale)' },
        afterBuildTicks: (ax) => { ax.ticks = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50].filter((v) => v >= min && v <= max).map((value) => ({ value })); },
        ticks: { callback: (v) => v + '×' }, grid: { color: (c) => (c.tick && c.tick.value === 1 ? '#555' : '#e5e5e5') } }, y: { ticks: { font: { size: 11 }, autoSkip: false } } } },
    plugins: [labelsAndTargets],
  });
}
</script></body></html>
`;
}
