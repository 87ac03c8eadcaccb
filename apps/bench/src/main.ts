#!/usr/bin/env node
/**
 * `npm run bench`: full benchmark, writing bench-results/bench.{json,md,html}. Flags: --quick, --only OPS, --backend NAME,
 * --out DIR. `--startup [--runs N]` measures the CLI's start-up instead (spawned processes against bare `node -e 0`).
 */
import { runBench, toMarkdown } from './index.js';
import { measureStartup, startupMarkdown } from './startup.js';

const args = process.argv.slice(2);
if (args.includes('--startup')) {
  const i = args.indexOf('--runs');
  process.stdout.write(startupMarkdown(measureStartup(i >= 0 ? { runs: Number(args[i + 1]) } : {})) + '\n');
  process.exit(0);
}
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const report = await runBench({
  quick,
  ...(value('--only') ? { only: value('--only')! } : {}),
  ...(value('--backend') ? { backend: value('--backend')! } : {}),
  out: value('--out') ?? 'bench-results',
  progress: Boolean(process.stderr.isTTY),
  log: (l) => process.stderr.write(l + '\n'),
});
process.stdout.write(toMarkdown(report) + '\n');
