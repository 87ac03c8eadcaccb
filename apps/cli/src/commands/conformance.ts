/**
 * `cryptoplug conformance`: vectors/ + Wycheproof against one backend, or all of them as a matrix. `--quick` runs the
 * representative plan `cryptoplug status` uses: every suite, at most {@link QUICK_SAMPLE} tests each, spread over the
 * file. Wycheproof that is not installed is listed as skipped with one line saying how to get it (a failure when
 * CRYPTOPLUG_REQUIRE_THIRD_PARTY=1, as `npm test` sets).
 */
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { MATRIX_LEGEND, formatMatrix, formatReport, formatUnavailable, listSuites, runConformance, type ConformanceReport, type SuiteDescriptor } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';
import type { CliContext } from '../context.js';
import { CliExit } from '../context.js';
import { examples } from '../command.js';

/** The catalogue entries a --suite filter selects; a filter that matches nothing says how to list the suites. */
export function suitesFor(filter: string | undefined): SuiteDescriptor[] {
  try {
    return listSuites(filter);
  } catch (cause) {
    throw new InputInvalidError(`no conformance suite matches "${filter}" ("*" is the wildcard; \`cryptoplug conformance --list\` lists the suites)`, { cause });
  }
}

/** Tests per suite in the quick plan (the sampling rule of apps/runtimes' "sampled" tier, with half its size so that `npm start` answers in seconds: forge's pure-JS RSA-4096 decryptions dominate it). */
export const QUICK_SAMPLE = 16;

export async function runAll(
  ctx: CliContext,
  backends: readonly Backend[],
  options: { suite?: string; progress: boolean; sample?: number },
): Promise<ConformanceReport[]> {
  suitesFor(options.suite);
  const data = await loadSuites(options.suite ? { suites: options.suite } : {});
  const reports: ConformanceReport[] = [];
  for (const backend of backends) {
    let bar: cliProgress.SingleBar | undefined;
    if (options.progress) {
      bar = new cliProgress.SingleBar(
        { format: `${backend.name.padEnd(9)} [{bar}] {percentage}% {value}/{total} {suite}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(1, 0, { suite: '' });
    }
    const report = await runConformance(backend, data, {
      ...(options.suite ? { suites: options.suite } : {}),
      ...(options.sample !== undefined ? { sample: options.sample } : {}),
      ...(bar
        ? {
            onProgress: (done: number, total: number, suite: string) => {
              bar!.setTotal(total);
              bar!.update(done, { suite });
            },
          }
        : {}),
    });
    bar?.stop();
    reports.push(report);
  }
  return reports;
}

export function register(program: Command, ctx: CliContext): void {
  const conformance = program
    .command('conformance')
    .description('run vectors/ and Wycheproof against a backend (or all); exit 1 on any failure')
    .option('--backend <NAME|all>', 'backend to check: a name, auto, or all', 'all')
    .option('--suite <GLOB>', 'only suites matching this glob (e.g. "wycheproof/ecdsa_*"); comma-separated for several')
    .option('--quick', `the quick plan of \`cryptoplug status\`: every suite, at most ${QUICK_SAMPLE} tests each, spread over the file`)
    .option('--list', 'list the suites (those --suite selects) instead of running them')
    .option('--json', 'print the report(s) as JSON')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (o: { backend: string; suite?: string; quick?: boolean; list?: boolean; json?: boolean; progress: boolean }) => {
      if (o.list) {
        const suites = suitesFor(o.suite);
        if (o.json) ctx.out(JSON.stringify(suites, null, 2) + '\n');
        else {
          const w = Math.max(...suites.map((s) => s.name.length));
          ctx.out(suites.map((s) => `${s.name.padEnd(w)}  ${s.description}`).join('\n') + '\n');
        }
        return;
      }
      const registry = createRegistry();
      let backends: Backend[];
      if (o.backend === 'all') {
        const loaded = await registry.loadAll();
        backends = [...loaded.available];
        for (const u of loaded.unavailable) ctx.err(`${u.name}: unavailable here (${u.reason})`);
      } else {
        backends = [await registry.select(o.backend)];
      }
      const reports = await runAll(ctx, backends, {
        ...(o.suite ? { suite: o.suite } : {}),
        ...(o.quick ? { sample: QUICK_SAMPLE } : {}),
        progress: o.progress && ctx.isTTY && !o.json,
      });
      const executed = reports.reduce((s, r) => s + r.totals.passed + r.totals.failed, 0);
      const notInstalled = formatUnavailable(reports);
      if (executed === 0) {
        throw new InputInvalidError(notInstalled ? notInstalled.split('\n')[0]! : `no conformance test ran${o.suite ? ` (suite filter "${o.suite}")` : ''}`);
      }
      const failed = reports.reduce((s, r) => s + r.totals.failed, 0);
      if (o.json) {
        ctx.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
        if (notInstalled) ctx.err(notInstalled);
      } else if (reports.length === 1) ctx.out(formatReport(reports[0]!) + '\n');
      else {
        const plan = o.quick ? ` (quick plan: at most ${QUICK_SAMPLE} tests per suite)` : '';
        const lines = [`conformance${plan}`, formatMatrix(reports), MATRIX_LEGEND];
        if (notInstalled) lines.push(notInstalled);
        lines.push(failed === 0 ? 'result: PASS' : `result: FAIL (${failed} failed)`);
        ctx.out(lines.join('\n') + '\n');
      }
      if (failed > 0) throw new CliExit(1, `error ERR_CONFORMANCE: ${failed} conformance test(s) failed`);
    });
  examples(
    conformance,
    'cryptoplug conformance --list                             # the suites, one per line (--json for data)',
    'cryptoplug conformance --backend all                      # suites × backends matrix',
    "cryptoplug conformance --backend noble --suite 'wycheproof/ecdsa_*'",
    "cryptoplug conformance --backend webcrypto --suite 'vectors/*' --json",
  );
}
