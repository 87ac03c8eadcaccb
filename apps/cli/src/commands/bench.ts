/** `cryptoplug bench`: the benchmark app (apps/bench) from the CLI. */
import { Command } from 'commander';
import { runBench, toMarkdown } from '@cryptoplug/bench';
import type { CliContext } from '../context.js';
import { examples } from '../command.js';

export function register(program: Command, ctx: CliContext): void {
  const bench = program
    .command('bench')
    .description('benchmark sign/verify, ECDH, OAEP, JOSE and batch verify: every backend vs its raw library, cryptoplug JOSE vs jose')
    .option('--quick', 'smoke run: 3 rounds of 40 ms slots, every contestant checked; all rows take 1.5-2 min on 2 idle cores (83 s of slots alone), more on busy ones (6 min at load 20); narrow it with --only')
    .option('--only <OPS>', 'comma-separated operation filters: an id containing the text ("ES256,EdDSA verify"), or starting with it after ^ ("^ES256": the adapter rows, not "JWT ES256 …")')
    .option('--backend <NAME>', 'auto (default): every backend; or one backend\'s adapters (plus the raw libraries)', 'auto')
    .option('--out <DIR>', 'write bench.json, bench.md and bench.html here', 'bench-results')
    .option('--json', 'print the JSON report on stdout instead of the markdown table')
    .action(async (o: { quick?: boolean; only?: string; backend: string; out: string; json?: boolean }) => {
      const report = await runBench({
        quick: o.quick === true,
        ...(o.only ? { only: o.only } : {}),
        ...(o.backend !== 'auto' ? { backend: o.backend } : {}),
        out: o.out,
        progress: ctx.isTTY && !o.json,
        log: (l) => ctx.err(l),
      });
      ctx.out(o.json ? JSON.stringify(report, null, 2) + '\n' : toMarkdown(report) + '\n');
    });
  examples(
    bench,
    'cryptoplug bench --quick                                  # every table, short slots (1.5-2 min on 2 idle cores)',
    'cryptoplug bench --quick --only "ES256 verify" --backend node   # one row, seconds',
    'cryptoplug bench --out results/ --json > bench.json',
  );
}
