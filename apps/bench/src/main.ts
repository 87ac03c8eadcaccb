#!/usr/bin/env node
/** `npm run bench`: full benchmark, writing bench-results/bench.{json,md,html}. Flags: --quick, --only OPS, --backend NAME, --out DIR. */
import { runBench, toMarkdown } from './index.js';

const args = process.argv.slice(2);
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
