/**
 * `npm run test:runtimes` → `node apps/runtimes/dist/main.js [options]`: bundles the suite entry, runs the conformance
 * matrix on every runtime, writes apps/runtimes/report/matrix.{md,json}, prints a summary, and exits non-zero on any
 * failure on any runtime — or when a requested runtime is not installed (unless --allow-missing).
 *
 * Options:
 *   --runtimes a,b      node,bun,deno,chromium,workerd,workerd-nodejs_compat (default: all)
 *   --plan NAME         full | standard | ci (default standard; see src/host/plan.ts)
 *   --sample N          sample size of the sampled tier (default 32)
 *   --suites GLOBS      only these suites (runConformance's filter, e.g. "wycheproof/ecdsa_*,vectors/*")
 *   --backends a,b      only these backends (default: every backend that loads)
 *   --no-cross          skip the cross-backend matrix
 *   --out DIR           report directory (default apps/runtimes/report)
 *   --job-timeout S     seconds per job (one suite on one backend; default 300)
 *   --allow-missing     a runtime that is not installed is skipped instead of failing the run
 *   --json              print the JSON report on stdout instead of the summary
 */
import { parseArgs } from 'node:util';
import { buildBundle } from './host/bundle.js';
import { RUNTIME_IDS, type RuntimeId } from './host/drivers.js';
import { runMatrix } from './host/matrix.js';
import { DEFAULT_SAMPLE_SIZE, PLAN_NAMES, makePlan, type PlanName } from './host/plan.js';
import { REPORT_DIR } from './host/paths.js';
import { formatSummary, writeReport } from './host/report.js';

function list(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runtimes: { type: 'string' },
      plan: { type: 'string', default: 'standard' },
      sample: { type: 'string', default: String(DEFAULT_SAMPLE_SIZE) },
      suites: { type: 'string' },
      backends: { type: 'string' },
      'no-cross': { type: 'boolean', default: false },
      out: { type: 'string', default: REPORT_DIR },
      'job-timeout': { type: 'string', default: '300' },
      'allow-missing': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: node apps/runtimes/dist/main.js [--runtimes node,bun,deno,chromium,workerd,workerd-nodejs_compat] [--plan full|standard|ci] [--sample N] [--suites GLOBS] [--backends a,b] [--no-cross] [--out DIR] [--job-timeout S] [--allow-missing] [--json]');
    return 0;
  }
  const runtimes = (list(values.runtimes) ?? [...RUNTIME_IDS]) as RuntimeId[];
  for (const r of runtimes) if (!RUNTIME_IDS.includes(r)) throw new Error(`unknown runtime "${r}" (${RUNTIME_IDS.join(', ')})`);
  if (!PLAN_NAMES.includes(values.plan as PlanName)) throw new Error(`unknown plan "${values.plan}" (${PLAN_NAMES.join(', ')})`);
  const plan = makePlan(values.plan as PlanName, Number(values.sample));
  const jobTimeout = Number(values['job-timeout']);
  if (!(jobTimeout > 0)) throw new Error('--job-timeout must be a positive number of seconds');

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bundle = await buildBundle();
  log(`bundle: ${bundle.files.length} files, ${(bundle.bytes / 1024).toFixed(0)} KiB in ${bundle.ms} ms (${bundle.dir})`);
  const backends = list(values.backends);
  const report = await runMatrix({
    runtimes,
    plan,
    ...(values.suites ? { suites: values.suites } : {}),
    ...(backends ? { backends } : {}),
    noCross: values['no-cross'],
    jobTimeoutMs: jobTimeout * 1000,
    log,
  });
  const files = writeReport(report, values.out);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else console.log(formatSummary(report));
  log(`report: ${files.md}, ${files.json}`);
  const missing = report.runtimes.filter((r) => r.status === 'missing');
  if (missing.length && !values['allow-missing']) {
    log(`error: not installed: ${missing.map((r) => `${r.id} (${r.missingReason})`).join('; ')} — run scripts/setup-runtimes.sh, or pass --allow-missing`);
    return 1;
  }
  return report.ok ? 0 : 1;
}

// Ctrl-C / kill: exit through process.exit so the drivers' exit hook kills children, browsers and workerd.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
