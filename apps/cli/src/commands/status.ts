/**
 * `cryptoplug status` (what `npm start` runs): the backends available here, what `auto` picks per operation and why
 * (the rule once, a note only where a pick differs from it), and a conformance verdict from the quick plan — every
 * suite on every backend, at most 32 tests per suite spread over the file — with one PASS/FAIL line. The full run is
 * `cryptoplug conformance`. Wycheproof that is not installed is listed as skipped with one line saying how to get it.
 */
import { Command } from 'commander';
import { InputInvalidError } from '@cryptoplug/core';
import { MATRIX_LEGEND, formatMatrix, formatUnavailable } from '@cryptoplug/conformance';
import type { CliContext } from '../context.js';
import { CliExit } from '../context.js';
import { describeBackends } from './backends.js';
import { QUICK_SAMPLE, runAll } from './conformance.js';

const FIRST_CHOICE = /^first in preference order/;
import { examples } from '../command.js';

export function register(program: Command, ctx: CliContext): void {
  const status = program
    .command('status')
    .description(`show the backends available here, what auto selects per operation and why, and a quick conformance verdict (every suite, at most ${QUICK_SAMPLE} tests each)`)
    .option('--json', 'print as JSON')
    .option('--suite <GLOB>', 'limit the conformance summary to matching suites')
    .option('--backend <NAME>', 'auto (default): every backend available here; or only this one in the conformance summary', 'auto')
    .action(async (o: { json?: boolean; suite?: string; backend: string }) => {
      const d = await describeBackends();
      const checked = o.backend === 'auto' ? d.available : d.available.filter((b) => b.name === o.backend);
      if (checked.length === 0) throw new InputInvalidError(`backend "${o.backend}" is not available here (${d.available.map((b) => b.name).join(', ')})`);
      const reports = await runAll(ctx, checked, { ...(o.suite ? { suite: o.suite } : {}), sample: QUICK_SAMPLE, progress: ctx.isTTY && !o.json });
      const failed = reports.reduce((s, r) => s + r.totals.failed, 0);
      const passed = reports.reduce((s, r) => s + r.totals.passed, 0);
      const notInstalled = formatUnavailable(reports);
      const verdict = failed === 0
        ? `PASS: ${passed} tests passed, 0 failed on ${reports.length} backend(s) (quick plan; full run: npx cryptoplug conformance)`
        : `FAIL: ${failed} test(s) failed on ${reports.filter((r) => r.totals.failed > 0).map((r) => r.backend).join(', ')} (details: npx cryptoplug conformance --backend NAME --quick)`;
      if (o.json) {
        ctx.out(
          JSON.stringify(
            {
              runtime: d.runtime,
              backends: d.available.map((b) => b.name),
              unavailable: d.unavailable,
              auto: d.auto.explain(),
              conformance: {
                plan: { sample: QUICK_SAMPLE },
                result: failed === 0 ? 'PASS' : 'FAIL',
                backends: reports.map((r) => ({ backend: r.backend, ...r.totals })),
                notInstalled: reports[0]?.unavailable ?? [],
              },
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        const order = d.auto.members.map((m) => m.name).join(' > ');
        const rows = d.auto.explain();
        const w = Math.max(...rows.map((r) => r.operation.length));
        const picks = rows.map((r) => {
          const note = FIRST_CHOICE.test(r.reason) ? '' : `  (${r.reason.replace(/; next in preference order$/, '')})`;
          return `  ${r.operation.padEnd(w)}  ${r.backend ?? 'none'}${note}`;
        });
        const lines = [
          `cryptoplug on ${d.runtime}`,
          '',
          `backends available: ${d.available.map((b) => b.name).join(', ')}`,
          ...d.unavailable.map((u) => `unavailable: ${u.name} (${u.reason})`),
          '',
          `auto picks, per operation, the first backend in the preference order ${order} that can do it`,
          '(a note says which backends were passed over and why):',
          ...picks,
          '',
          `conformance, quick plan: every suite on every backend, at most ${QUICK_SAMPLE} tests per suite spread over the file`,
          formatMatrix(reports),
          MATRIX_LEGEND,
          ...(notInstalled ? [notInstalled] : []),
          '',
          verdict,
        ];
        ctx.out(lines.join('\n') + '\n');
      }
      if (failed > 0) throw new CliExit(1, `error ERR_CONFORMANCE: ${failed} conformance test(s) failed`);
    });
  examples(
    status,
    'cryptoplug status                       # what npm start shows',
    'cryptoplug status --backend node --json',
    "cryptoplug status --suite 'vectors/*'",
  );
}
