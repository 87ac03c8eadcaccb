/** Plain-text renderings of reports: one backend (formatReport) and suites × backends (formatMatrix). */
import type { ConformanceReport, SuiteResult } from './types.js';

const FAILURES_SHOWN = 10;

function table(rows: string[][], align: Array<'l' | 'r'>): string {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

function acceptable(s: SuiteResult): string {
  const { passed, failed } = s.acceptable;
  return passed + failed === 0 ? '' : `${passed} accepted / ${failed} rejected`;
}

/** A per-suite table (passed, failed, skipped, Wycheproof "acceptable" outcomes), skip reasons and the first failures. */
export function formatReport(r: ConformanceReport): string {
  const rows = [['suite', 'passed', 'failed', 'skipped', 'acceptable']];
  for (const s of r.suites) {
    if (s.unavailable !== undefined) rows.push([s.suite, '-', '-', 'skipped', 'data not installed']);
    else rows.push([s.suite, String(s.passed), String(s.failed), String(s.skipped), acceptable(s)]);
  }
  const acc = r.suites.reduce((a, s) => ({ passed: a.passed + s.acceptable.passed, failed: a.failed + s.acceptable.failed }), { passed: 0, failed: 0 });
  rows.push(['total', String(r.totals.passed), String(r.totals.failed), String(r.totals.skipped), acc.passed + acc.failed ? `${acc.passed} accepted / ${acc.failed} rejected` : '']);
  const plan = r.sample !== undefined ? ` (quick plan: at most ${r.sample} tests per suite, spread over the file)` : '';
  const out = [`conformance of backend "${r.backend}" on ${r.runtime}${plan}`, '', table(rows, ['l', 'r', 'r', 'r', 'l'])];

  const skips = r.suites.filter((s) => s.skipped > 0);
  if (skips.length) {
    out.push('', 'skipped:');
    for (const s of skips) {
      for (const [reason, n] of Object.entries(s.skipReasons).sort((a, b) => b[1] - a[1])) out.push(`  ${s.suite}: ${n} × ${reason}`);
    }
  }
  const failing = r.suites.filter((s) => s.failed > 0);
  if (failing.length) {
    out.push('', 'failures:');
    for (const s of failing) {
      out.push(`  ${s.suite} (${s.failed}):`);
      for (const f of s.failures.slice(0, FAILURES_SHOWN)) {
        out.push(`    ${f.id}${f.comment ? ` — ${f.comment}` : ''}`, `      expected: ${f.expected}`, `      got:      ${f.got}`);
      }
      if (s.failures.length > FAILURES_SHOWN) out.push(`    … ${s.failures.length - FAILURES_SHOWN} more`);
    }
  }
  const missing = formatUnavailable([r]);
  if (missing) out.push('', missing);
  out.push('', r.totals.failed === 0 ? 'result: PASS' : `result: FAIL (${r.totals.failed} failed)`);
  return out.join('\n');
}

/** What the matrix cells mean (printed under it by the CLI). */
export const MATRIX_LEGEND =
  'cells: passed/failed/skipped tests (skipped = not supported by this backend, never counted as passed); "skipped" alone = the suite\'s data is not installed here';

/**
 * One line per distinct reason why suites did not run (their third-party data is not installed), with how many; empty
 * when every suite ran.
 */
export function formatUnavailable(reports: ConformanceReport[]): string {
  const count = new Map<string, Set<string>>();
  for (const r of reports) for (const s of r.suites) if (s.unavailable !== undefined) (count.get(s.unavailable) ?? count.set(s.unavailable, new Set()).get(s.unavailable)!).add(s.suite);
  return [...count].map(([why, suites]) => `${suites.size} suite(s) skipped: ${why}`).join('\n');
}

/** Suites × backends; each cell is "passed/failed/skipped" ("-" where a backend did not run the suite). */
export function formatMatrix(reports: ConformanceReport[]): string {
  const names: string[] = [];
  for (const r of reports) for (const s of r.suites) if (!names.includes(s.suite)) names.push(s.suite);
  const cell = (s: SuiteResult | undefined): string => (!s ? '-' : s.unavailable !== undefined ? 'skipped' : `${s.passed}/${s.failed}/${s.skipped}`);
  const rows = [['suite (passed/failed/skipped)', ...reports.map((r) => r.backend)]];
  for (const name of names) rows.push([name, ...reports.map((r) => cell(r.suites.find((s) => s.suite === name)))]);
  rows.push(['total', ...reports.map((r) => `${r.totals.passed}/${r.totals.failed}/${r.totals.skipped}`)]);
  return table(rows, ['l', ...reports.map(() => 'r' as const)]);
}
