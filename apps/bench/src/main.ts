#!/usr/bin/env node
/**
 * `npm run bench` / `cryptoplug-bench`: full benchmark, writing bench-results/bench.{json,md,html}. Flags: --quick,
 * --only OPS, --backend NAME, --out DIR. `--startup [--runs N]` measures the CLI's start-up instead (spawned processes
 * against bare `node -e 0`). Unknown options and malformed values are one line on stderr and exit code 1 (never a run).
 */
import { parseArgs } from 'node:util';
import { runBench, toMarkdown } from './index.js';
import { measureStartup, startupMarkdown } from './startup.js';

const HELP = `Usage: cryptoplug-bench [options]

Measures every backend against the raw library it wraps, cryptoplug JOSE against panva jose, fast-jwt, jsonwebtoken,
node-jose and a minimal node:crypto JWT, the verified-token cache and verifyMany, in one process (interleaved rounds,
medians). Writes bench.json, bench.md and bench.html to --out and prints the markdown tables on stdout.

Options:
  --quick            smoke run (3 × 40 ms rounds): checks every contestant, numbers are not meaningful
  --only OPS         comma-separated operation filters (substring; "^ES256" = operations starting with ES256)
  --backend NAME     only this backend's adapter rows (node, webcrypto, noble, forge)
  --out DIR          output folder (default: bench-results)
  --startup          measure the CLI's start-up against bare \`node -e 0\` instead
  --runs N           start-up runs (with --startup; default 15)
  -h, --help         show this help

Examples:
  cryptoplug-bench --quick --only JWT
  node --expose-gc node_modules/@cryptoplug/bench/dist/main.js --backend node --only JWT,JWS,batch-verify
`;

function fail(message: string): never {
  process.stderr.write(`cryptoplug-bench: ${message.split('\n')[0]}\n`);
  process.exit(1);
}

let values: { quick?: boolean; only?: string; backend?: string; out?: string; startup?: boolean; runs?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      startup: { type: 'boolean' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail(`${e instanceof Error ? e.message : String(e)} (see --help)`);
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values.startup) {
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1 && runs <= 1000)) fail('--runs takes an integer from 1 to 1000');
  process.stdout.write(startupMarkdown(measureStartup(runs === undefined ? {} : { runs })) + '\n');
  process.exit(0);
}
if (values.runs !== undefined) fail('--runs goes with --startup');
const report = await runBench({
  quick: values.quick ?? false,
  ...(values.only ? { only: values.only } : {}),
  ...(values.backend ? { backend: values.backend } : {}),
  out: values.out ?? 'bench-results',
  progress: Boolean(process.stderr.isTTY),
  log: (l) => process.stderr.write(l + '\n'),
}).catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
process.stdout.write(toMarkdown(report) + '\n');
