/**
 * Charts (chart.js, bundled: only the bar chart parts are registered). Every chart has labelled axes, a legend, the value
 * written on each bar, an `aria-label` that states every value (a canvas is an image to a screen reader), and follows
 * the page's light/dark theme. Each canvas carries `data-series` (the dataset labels) and `data-points` (bars drawn)
 * so tests and tools can read what was drawn without reaching into chart.js.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset, type Plugin } from 'chart.js';
import type { ContestantResult, OperationResult, Ratio } from '../schema.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const KIND_LABELS: Record<string, string> = {
  adapter: 'cryptoplug backend (adapter)',
  raw: 'raw library',
  jose: 'cryptoplug JOSE',
  reference: 'panva jose',
  batch: 'batch',
};

/** Colour-blind-safe palette (Okabe–Ito), each distinguishable on light and dark backgrounds. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
const KIND_COLORS: Record<string, string> = { adapter: '#0072B2', raw: '#999999', jose: '#E69F00', reference: '#D55E00', batch: '#009E73' };

export const fmtOps = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
/** apps/bench's spread: (max − min) / median over the rounds. */
const fmtSpread = (s: number): string => `(${Math.round(s * 100)}%)`;

function themeColors(): { fg: string; grid: string; muted: string } {
  const css = getComputedStyle(document.documentElement);
  return {
    fg: css.getPropertyValue('--fg').trim() || '#1b1b1b',
    grid: css.getPropertyValue('--grid').trim() || '#dddddd',
    muted: css.getPropertyValue('--muted').trim() || '#666666',
  };
}

/** Writes each bar's label (from `labels[datasetIndex][index]`) at the end of the bar. */
const barValues: Plugin<'bar'> = {
  id: 'barValues',
  afterDatasetsDraw(chart) {
    const labels = (chart.config.options as { barValueLabels?: Array<Array<string | null>> }).barValueLabels;
    if (!labels) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const fg = themeColors().fg;
    chart.data.datasets.forEach((_, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden) return;
      meta.data.forEach((el, i) => {
        const text = labels[di]?.[i];
        if (!text) return;
        const { x, y, base } = el.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const w = ctx.measureText(text).width;
        const right = Math.max(x, base);
        // outside the bar when it fits, else inside on the bar's colour in white
        if (right + 4 + w <= chartArea.right) {
          ctx.fillStyle = fg;
          ctx.textAlign = 'left';
          ctx.fillText(text, right + 4, y);
        } else {
          ctx.fillStyle = '#ffffff';
          ctx.textAlign = 'right';
          ctx.fillText(text, right - 4, y);
        }
      });
    });
    ctx.restore();
  },
};

/** A dashed vertical line at x = 1 (ratio charts). */
const unityLine: Plugin<'bar'> = {
  id: 'unityLine',
  afterDatasetsDraw(chart) {
    if (!(chart.config.options as { unityLine?: boolean }).unityLine) return;
    const x = chart.scales.x!.getPixelForValue(1);
    const { ctx, chartArea } = chart;
    if (x < chartArea.left || x > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = themeColors().fg;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

const charts = new Set<Chart<'bar'>>();

interface BarSpec {
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null>; color: string; valueLabels: Array<string | null> }>;
  xTitle: string;
  yTitle: string;
  ariaLabel: string;
  unityLine?: boolean;
  /** Grouped bars (several datasets per label) or one bar per label (datasets only colour them). */
  grouped: boolean;
  xMax?: number;
}

function horizontalBars(host: HTMLElement, spec: BarSpec): Chart<'bar'> {
  const box = document.createElement('div');
  box.className = 'chart-box';
  const perLabel = spec.grouped ? Math.max(1, spec.datasets.length) : 1;
  box.style.height = `${Math.max(150, spec.labels.length * (14 + 12 * perLabel) + 90)}px`;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', spec.ariaLabel);
  canvas.textContent = spec.ariaLabel;
  canvas.dataset.series = JSON.stringify(spec.datasets.map((d) => d.label));
  canvas.dataset.points = String(spec.datasets.reduce((s, d) => s + d.data.filter((v) => v !== null).length, 0));
  box.appendChild(canvas);
  host.appendChild(box);
  const c = themeColors();
  const datasets: ChartDataset<'bar', Array<number | null>>[] = spec.datasets.map((d) => ({
    label: d.label,
    data: d.data,
    backgroundColor: d.color,
    borderColor: d.color,
    skipNull: !spec.grouped,
    grouped: spec.grouped,
    maxBarThickness: 22,
  }));
  const chart = new Chart<'bar', Array<number | null>, string>(canvas, {
    type: 'bar',
    data: { labels: spec.labels, datasets },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { right: 8 } },
      scales: {
        x: { beginAtZero: true, ...(spec.xMax ? { suggestedMax: spec.xMax } : {}), title: { display: true, text: spec.xTitle, color: c.fg }, ticks: { color: c.muted }, grid: { color: c.grid } },
        y: { stacked: !spec.grouped, title: { display: true, text: spec.yTitle, color: c.fg }, ticks: { color: c.fg, autoSkip: false }, grid: { color: c.grid } },
      },
      plugins: { legend: { display: true, position: 'bottom', labels: { color: c.fg, boxWidth: 14 } }, tooltip: { enabled: true } },
      // read by the plugins above
      ...({ barValueLabels: spec.datasets.map((d) => d.valueLabels), unityLine: spec.unityLine === true } as object),
    },
    plugins: [barValues, unityLine],
  });
  charts.add(chart);
  return chart;
}

/** The x-axis maximum that leaves room for the value written after the longest bar. */
const roomFor = (max: number) => (max > 0 ? max * 1.3 : 1);

/** One operation of one run: ops/s per contestant (fastest first), coloured by kind. */
export function operationChart(host: HTMLElement, op: OperationResult, rounds: number): Chart<'bar'> {
  const rs = op.results.filter((r) => r.ok).sort((a, b) => b.opsPerSec - a.opsPerSec);
  // legend in a fixed order (not by speed), kinds this page does not know last
  const order = Object.keys(KIND_LABELS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const kinds = [...new Set(rs.map((r) => r.kind))].sort((a, b) => rank(a) - rank(b));
  const valueOf = (r: ContestantResult) => `${fmtOps(r.opsPerSec)} ${fmtSpread(r.spread)}`;
  return horizontalBars(host, {
    labels: rs.map((r) => r.name),
    grouped: false,
    datasets: kinds.map((k) => ({
      label: KIND_LABELS[k] ?? k,
      color: KIND_COLORS[k] ?? '#777777',
      data: rs.map((r) => (r.kind === k ? r.opsPerSec : null)),
      valueLabels: rs.map((r) => (r.kind === k ? valueOf(r) : null)),
    })),
    xTitle: `operations per second: median of ${rounds} rounds (spread across rounds)`,
    yTitle: 'contestant',
    xMax: roomFor(Math.max(0, ...rs.map((r) => r.opsPerSec))),
    ariaLabel: `${op.id}, operations per second: ${rs.map((r) => `${r.name} ${valueOf(r)}`).join('; ')}`,
  });
}

/** Contestant ÷ baseline ratios of one run (sequential mode), grouped by the kind of comparison. */
export function ratioChart(host: HTMLElement, ratios: readonly Ratio[]): Chart<'bar'> {
  const seq = ratios.filter((r) => r.mode === 'sequential');
  const groupOf = (r: Ratio) => (r.baseline === 'jose' ? 'cryptoplug JOSE ÷ panva jose' : r.baseline.startsWith('raw:') ? 'adapter ÷ the raw library it wraps' : `÷ ${r.baseline}`);
  const groups = [...new Set(seq.map(groupOf))];
  return horizontalBars(host, {
    labels: seq.map((r) => `${r.operation} · ${r.contestant.replace(/^(adapter|cryptoplug-jose):/, '')}`),
    grouped: false,
    datasets: groups.map((g, i) => ({
      label: g,
      color: PALETTE[i % PALETTE.length]!,
      data: seq.map((r) => (groupOf(r) === g ? r.ratio : null)),
      valueLabels: seq.map((r) => (groupOf(r) === g ? `${r.ratio.toFixed(2)}×` : null)),
    })),
    xTitle: 'ratio to the baseline (× its ops/s; dashed line = 1×, equal speed)',
    yTitle: 'operation · backend',
    unityLine: true,
    xMax: roomFor(Math.max(1, ...seq.map((r) => r.ratio))),
    ariaLabel: `Ratios to baseline: ${seq.map((r) => `${r.operation} ${r.contestant} ÷ ${r.baseline} ${r.ratio.toFixed(2)}×`).join('; ')}`,
  });
}

/** One operation across several runs: ops/s per contestant, one bar (and legend entry) per run. */
export function compareChart(host: HTMLElement, opId: string, runs: Array<{ label: string; op: OperationResult | undefined }>): Chart<'bar'> {
  const names: string[] = [];
  for (const r of runs) for (const c of r.op?.results ?? []) if (c.ok && !names.includes(c.name)) names.push(c.name);
  const value = (op: OperationResult | undefined, name: string) => op?.results.find((c) => c.ok && c.name === name);
  return horizontalBars(host, {
    labels: names,
    grouped: true,
    datasets: runs.map((r, i) => ({
      label: r.label,
      color: PALETTE[i % PALETTE.length]!,
      data: names.map((n) => value(r.op, n)?.opsPerSec ?? null),
      valueLabels: names.map((n) => {
        const v = value(r.op, n);
        return v ? fmtOps(v.opsPerSec) : null;
      }),
    })),
    xTitle: 'operations per second (median)',
    yTitle: 'contestant',
    xMax: roomFor(Math.max(0, ...runs.flatMap((r) => (r.op?.results ?? []).map((c) => c.opsPerSec)))),
    ariaLabel: `${opId} across runs: ${runs
      .map((r) => `${r.label}: ${names.map((n) => `${n} ${value(r.op, n) ? fmtOps(value(r.op, n)!.opsPerSec) : 'not run'}`).join(', ')}`)
      .join('; ')}`,
  });
}

/** Destroys the charts inside `host` (before re-rendering it). */
export function destroyCharts(host: HTMLElement): void {
  for (const c of [...charts]) {
    if (host.contains(c.canvas)) {
      c.destroy();
      charts.delete(c);
    }
  }
}

/** Re-reads the theme colours into every chart (after the light/dark toggle). */
export function retheme(): void {
  const c = themeColors();
  for (const chart of charts) {
    const s = chart.options.scales as Record<string, { title?: { color?: string }; ticks?: { color?: string }; grid?: { color?: string } }>;
    for (const [axis, scale] of Object.entries(s)) {
      if (scale.title) scale.title.color = c.fg;
      if (scale.ticks) scale.ticks.color = axis === 'y' ? c.fg : c.muted;
      if (scale.grid) scale.grid.color = c.grid;
    }
    const legend = chart.options.plugins?.legend?.labels;
    if (legend) legend.color = c.fg;
    chart.update('none');
  }
}
