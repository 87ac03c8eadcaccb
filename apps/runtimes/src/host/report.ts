/** The matrix as markdown (report/matrix.md, pasted into the README) and as JSON (report/matrix.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendRun, MatrixReport, RuntimeReport } from './matrix.js';
import { DRIVERS } from './drivers.js';
import { KNOWN_FAILURES, classifyFailures, knownFailure } from './known.js';

const BACKEND_ORDER = ['node', 'webcrypto', 'noble', 'forge'];
const DRIVER_LABELS: Record<string, string> = Object.fromEntries(Object.values(DRIVERS).map((d) => [d.id, d.label]));

function backendNames(report: MatrixReport): string[] {
  const seen = new Set<string>();
  for (const r of report.runtimes) for (const b of r.backends) seen.add(b.name);
  return [...BACKEND_ORDER.filter((n) => seen.has(n)), ...[...seen].filter((n) => !BACKEND_ORDER.includes(n))];
}

function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: string[], rows: string[][], align?: Array<'l' | 'r' | 'c'>): string {
  const a = align ?? header.map(() => 'l');
  const sep = a.map((x) => (x === 'r' ? '---:' : x === 'c' ? ':---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function counts(t: { passed: number; failed: number; skipped: number }): string {
  return `${t.passed}/${t.failed}/${t.skipped}`;
}

function runCell(r: RuntimeReport, backend: string): string {
  const status = r.backends.find((b) => b.name === backend);
  if (!status) return '–';
  if (status.status === 'unavailable') return 'unavailable';
  const run = r.runs.find((x) => x.backend === backend);
  if (!run) return 'not run';
  const mark = run.totals.failed ? '❌' : '✅';
  const known = run.totals.failed && run.suites.filter((x) => x.failed).every((x) => knownFailure(r.id, backend, x.suite));
  return `${mark} ${counts(run.totals)} ${run.tier}${known ? ' (known bug)' : ''}`;
}

function runtimeName(r: RuntimeReport): string {
  return r.version ? `${r.label} ${shortVersion(r)}` : r.label;
}

function shortVersion(r: RuntimeReport): string {
  const v = r.version ?? '';
  const m = /(HeadlessChrome|Chromium)[/ ]([\d.]+)/.exec(v);
  if (m) return m[2]!;
  return v.replace(/^workerd\s+/, '');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatMarkdown(report: MatrixReport): string {
  const backends = backendNames(report);
  const ran = report.runtimes.filter((r) => r.status === 'ran');
  const out: string[] = [];
  out.push('## Runtime matrix', '');
  out.push(
    `The conformance runner (vectors/primitives, Wycheproof, cross-backend matrix), unchanged, on every runtime — ` +
      `\`npm run test:runtimes\` (apps/runtimes). Plan \`${report.plan.name}\`: ${report.plan.description}. ` +
      `Cells: passed/failed/skipped tests over all ${report.suites.length} suites, then the tier. ` +
      `"unavailable" = the backend cannot load there by design (no node:crypto), not a failure.`,
    '',
  );
  const rows = report.runtimes.map((r) => {
    if (r.status === 'missing') return [esc(r.label), ...backends.map(() => '–'), '–', `skipped: ${esc(r.missingReason ?? '')}`];
    const cross = r.cross ? `${r.cross.totals.failed ? '❌' : '✅'} ${r.cross.totals.passed}/${r.cross.totals.failed}` : '–';
    const verdict = r.failures ? `❌ ${r.failures} failure(s)` : '✅ pass';
    return [esc(runtimeName(r)), ...backends.map((b) => runCell(r, b)), cross, verdict];
  });
  out.push(table(['runtime', ...backends, 'cross-backend (passed/failed)', 'result'], rows), '');

  if (ran.length) {
    out.push('### `auto`: the backend chosen per operation', '');
    const ops = ran[0]!.auto.map((a) => a.operation);
    const autoRows = ops.map((op) => [op, ...ran.map((r) => r.auto.find((a) => a.operation === op)?.backend ?? '—')]);
    autoRows.push(['*preference order*', ...ran.map((r) => r.order.join(' > '))]);
    out.push(table(['operation', ...ran.map((r) => esc(r.label))], autoRows), '');
  }

  const problems = report.runtimes.filter((r) => r.problems.length);
  if (problems.length) {
    out.push('### Problems', '');
    for (const r of problems) for (const p of r.problems) out.push(`- **${esc(r.label)}**: ${esc(p)}`);
    out.push('');
  }

  out.push('### How each runtime runs', '');
  out.push(
    table(
      ['runtime', 'detected', 'how', 'time'],
      report.runtimes.map((r) => [esc(runtimeName(r)), r.detected ?? '–', esc(r.how), r.status === 'ran' ? seconds(r.ms) : 'skipped']),
    ),
    '',
  );
  const unavailable = ran.flatMap((r) => r.backends.filter((b) => b.status === 'unavailable').map((b) => `- ${esc(r.label)}: \`${b.name}\` — ${esc(b.reason ?? '')}`));
  if (unavailable.length) out.push('Unavailable backends:', '', ...unavailable, '');

  out.push('### Suites per runtime', '');
  for (const r of ran) {
    out.push(`<details><summary>${esc(runtimeName(r))} — passed/failed/skipped per suite (tests given / in file)</summary>`, '');
    const runs = backends.map((b) => r.runs.find((x) => x.backend === b)).filter((x): x is BackendRun => !!x);
    const srows = report.suites.map((s) => [
      s,
      ...runs.map((run) => {
        const sr = run.suites.find((x) => x.suite === s);
        if (!sr) return '–';
        const frac = sr.given !== sr.total ? ` (${sr.given}/${sr.total})` : '';
        return `${sr.failed ? '❌ ' : ''}${counts(sr)}${frac}`;
      }),
    ]);
    srows.push(['**total**', ...runs.map((run) => `**${counts(run.totals)}** ${run.tier}, ${seconds(run.ms)}`)]);
    out.push(table(['suite', ...runs.map((x) => x.backend)], srows), '');
    if (r.cross) {
      out.push(
        `Cross-backend matrix (${r.cross.backends.join(', ')}): ${r.cross.totals.passed} checks passed, ${r.cross.totals.failed} failed — ` +
          r.cross.operations.map((o) => `${o.operation} ${o.pairs} pairs`).join(', ') +
          '.',
        '',
      );
    }
    out.push('</details>', '');
  }

  const { cells, fixed } = classifyFailures(report);
  const knownUsed = KNOWN_FAILURES.filter((k) => cells.some((c) => c.known === k));
  if (knownUsed.length) {
    out.push('### Known bugs (failures until fixed)', '');
    for (const k of knownUsed) {
      const n = cells.filter((c) => c.known === k).reduce((sum, c) => sum + c.failed, 0);
      out.push(`- **${esc(DRIVER_LABELS[k.runtime] ?? k.runtime)} / ${k.backend}** (${n} failed): ${esc(k.why)}`);
    }
    out.push('');
  }
  const unknown = cells.filter((c) => !c.known);
  if (unknown.length) {
    out.push('### Failures', '');
    for (const c of unknown) out.push(`- ${esc(DRIVER_LABELS[c.runtime] ?? c.runtime)} / ${esc(c.backend)} / ${esc(c.suite)}: ${c.failed} failed`);
    out.push('');
  }
  if (fixed.length) {
    out.push('### Known bugs that no longer fail (remove them from src/host/known.ts)', '');
    for (const k of fixed) out.push(`- ${k.runtime} / ${k.backend}: ${esc(k.why)}`);
    out.push('');
  }
  for (const r of ran.filter((x) => x.failures)) {
    const details: string[] = [];
    for (const run of r.runs) {
      for (const s of run.suites.filter((x) => x.failed)) {
        details.push(`- ${run.backend} / ${s.suite}: ${s.failed} failed`);
        for (const f of s.failures.slice(0, 3)) details.push(`  - ${esc(f.id)} ${esc(f.comment).slice(0, 120)} — expected ${esc(f.expected)}, got ${esc(f.got).slice(0, 240)}`);
      }
    }
    for (const f of (r.cross?.failures ?? []).slice(0, 10)) details.push(`- cross: ${esc(f).slice(0, 300)}`);
    out.push(`<details><summary>${esc(r.label)}: first failures</summary>`, '', ...details, '', '</details>', '');
  }
  out.push(`Generated ${report.generatedAt} on ${report.host.platform}/${report.host.arch}, host Node ${report.host.node}.`, '');
  return out.join('\n');
}

/** A few lines for the console. */
export function formatSummary(report: MatrixReport): string {
  const backends = backendNames(report);
  const lines = [`runtime matrix (plan ${report.plan.name}; cells passed/failed/skipped)`];
  const w = Math.max(...report.runtimes.map((r) => r.label.length), 8);
  for (const r of report.runtimes) {
    if (r.status === 'missing') {
      lines.push(`  ${r.label.padEnd(w)}  SKIPPED: ${r.missingReason}`);
      continue;
    }
    const cells = backends.map((b) => `${b}=${runCell(r, b).replace(/^✅ |^❌ /, '')}`).join('  ');
    const cross = r.cross ? `  cross=${r.cross.totals.passed}/${r.cross.totals.failed}` : '';
    lines.push(`  ${r.label.padEnd(w)}  ${r.failures ? 'FAIL' : 'ok  '}  ${cells}${cross}  (${seconds(r.ms)})`);
    for (const p of r.problems) lines.push(`  ${' '.repeat(w)}  problem: ${p}`);
  }
  const { cells, fixed } = classifyFailures(report);
  const unknown = cells.filter((c) => !c.known);
  const known = cells.filter((c) => c.known);
  for (const k of KNOWN_FAILURES) {
    const mine = known.filter((c) => c.known === k);
    if (!mine.length) continue;
    const n = mine.reduce((sum, c) => sum + c.failed, 0);
    const suites = new Set(mine.filter((c) => !c.suite.startsWith('cross')).map((c) => c.suite)).size;
    const cross = mine.some((c) => c.suite.startsWith('cross')) ? ' + cross-backend' : '';
    lines.push(`known bug ${k.runtime}/${k.backend}: ${n} failed in ${suites} suite(s)${cross} — ${k.why}`);
  }
  if (unknown.length) lines.push(`NEW failures: ${unknown.map((c) => `${c.runtime}/${c.backend}/${c.suite} ${c.failed}`).join(', ')}`);
  for (const k of fixed) lines.push(`known bug no longer fails (remove it from src/host/known.ts): ${k.runtime}/${k.backend}`);
  lines.push(report.ok ? 'result: PASS' : `result: FAIL (${report.failures} failure(s)${unknown.length ? '' : ', all known bugs'})`);
  return lines.join('\n');
}

export function writeReport(report: MatrixReport, dir: string): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'matrix.md');
  const json = join(dir, 'matrix.json');
  writeFileSync(md, formatMarkdown(report));
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  return { md, json };
}
