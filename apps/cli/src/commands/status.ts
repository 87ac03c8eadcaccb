/** `cryptoplug status` (what `npm start` runs): backends here, what `auto` picks per operation, conformance summary. */
import { Command } from 'commander';
import { InputInvalidError } from '@cryptoplug/core';
import { formatMatrix } from '@cryptoplug/conformance';
import type { CliContext } from '../context.js';
import { CliExit } from '../context.js';
import { describeBackends, explainLines } from './backends.js';
import { runAll } from './conformance.js';
import { examples } from '../command.js';

export function register(program: Command, ctx: CliContext): void {
  const status = program
    .command('status')
    .description('show the backends available here, what auto selects per operation, and a conformance summary')
    .option('--json', 'print as JSON')
    .option('--suite <GLOB>', 'limit the conformance summary to matching suites')
    .option('--backend <NAME>', 'auto (default): every backend available here; or only this one in the conformance summary', 'auto')
    .action(async (o: { json?: boolean; suite?: string; backend: string }) => {
      const d = await describeBackends();
      const checked = o.backend === 'auto' ? d.available : d.available.filter((b) => b.name === o.backend);
      if (checked.length === 0) throw new InputInvalidError(`backend "${o.backend}" is not available here (${d.available.map((b) => b.name).join(', ')})`);
      const reports = await runAll(ctx, checked, { ...(o.suite ? { suite: o.suite } : {}), progress: ctx.isTTY && !o.json });
      const failed = reports.reduce((s, r) => s + r.totals.failed, 0);
      if (o.json) {
        ctx.out(
          JSON.stringify(
            {
              runtime: d.runtime,
              backends: d.available.map((b) => b.name),
              unavailable: d.unavailable,
              auto: d.auto.explain(),
              conformance: reports.map((r) => ({ backend: r.backend, ...r.totals })),
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        const lines = [
          `cryptoplug on ${d.runtime}`,
          '',
          `backends available: ${d.available.map((b) => b.name).join(', ')}`,
          ...d.unavailable.map((u) => `unavailable: ${u.name} (${u.reason})`),
          '',
          `auto picks (preference ${d.auto.members.map((m) => m.name).join(' > ')}):`,
          ...explainLines(d.auto).map((l) => `  ${l}`),
          '',
          'conformance (passed/failed/skipped per suite):',
          formatMatrix(reports),
          '',
          ...reports.map((r) => `${r.backend.padEnd(10)} ${r.totals.passed} passed, ${r.totals.failed} failed, ${r.totals.skipped} skipped`),
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
