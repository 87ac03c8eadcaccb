#!/usr/bin/env node
/**
 * The README's benchmark section in one command: the runs behind its tables, each in its own process, then the tables.
 *   node apps/bench/scripts/readme-runs.mjs [--quick] [--out DIR]        (npm run bench:readme; ~25 min on 2 idle cores)
 *
 * Runs, in order (every one `node --expose-gc dist/main.js … --out DIR/<run>`):
 *   jose       --backend node --only JWT,JWS,batch-verify        the JWT/JWS, cache and verifyMany tables
 *   <backend>  --backend <backend> --only ^ES256,…,^RSA-OAEP     the adapter table, one process per backend (an
 *              application uses one backend; with four in one process core's call sites go polymorphic: PROFILE.md)
 *   webcrypto-jws  --backend webcrypto --only JWS                the JWS-on-WebCrypto table
 * Progress goes to stderr, the markdown to stdout (and DIR/readme.md). `--quick` is the smoke form the tests run: a few
 * rows of each run, 3 × 40 ms rounds (every process and table is made; the numbers mean nothing). Exit code 1 with one
 * line on stderr when a run fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adapterTable, joseTables, targetSummary, webcryptoJwsTable } from './readme-tables.mjs';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const fail = (m) => {
  process.stderr.write(`readme-runs: ${m}\n`);
  process.exit(1);
};
let values;
try {
  ({ values } = parseArgs({ options: { quick: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
} catch (e) {
  fail(`${e.message} (see --help)`);
}
if (values.help) {
  process.stdout.write('Usage: readme-runs.mjs [--quick] [--out DIR]\nRuns the README benchmark set, one process per run, and prints its tables (default DIR: bench-results/readme).\n');
  process.exit(0);
}
const out = resolve(values.out ?? join('bench-results', 'readme'));
const ADAPTER_ONLY = '^ES256,^ES384,^ES512,^EdDSA,^RS256,^PS256,^ECDH,^RSA-OAEP';
const BACKENDS = ['node', 'webcrypto', 'noble', 'forge'];
// --quick: a few rows of each run (every table and every process still made), 3 × 40 ms rounds
const q = values.quick === true;
const runs = [
  { name: 'jose', args: ['--backend', 'node', '--only', q ? 'JWT ES256 verify,JWS HS256 sign,batch-verify EdDSA' : 'JWT,JWS,batch-verify'], counts: () => true },
  ...BACKENDS.map((b) => ({ name: b, args: ['--backend', b, '--only', q ? '^ES256 sign,^RSA-OAEP-256 encrypt' : ADAPTER_ONLY], counts: (x) => x.contestant === `adapter:${b}` })),
  { name: 'webcrypto-jws', args: ['--backend', 'webcrypto', '--only', q ? 'JWS ES256 verify' : 'JWS'], counts: (x) => x.contestant === 'cryptoplug-jose:webcrypto' },
];
const reports = {};
for (const [i, run] of runs.entries()) {
  const dir = join(out, run.name);
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  process.stderr.write(`[${i + 1}/${runs.length}] ${run.name}: ${run.args.join(' ')}\n`);
  const args = ['--expose-gc', main, ...run.args, ...(q ? ['--quick'] : []), '--out', dir];
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) fail(`${run.name} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').pop()}`);
  const report = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8'));
  // only the targets this run is for (the JOSE rows of a one-backend run compare `auto` = that backend alone)
  reports[run.name] = { ...report, ratios: report.ratios.filter((x) => x.target === undefined || run.counts(x)) };
  process.stderr.write(`      ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
const meta = reports.jose.meta;
const md = [
  `Runs of ${meta.date.slice(0, 10)}, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}${q ? ' (--quick: a smoke run, the numbers mean nothing)' : ''}.`,
  '',
  'JWT and JWS, node backend via `auto` (ops/s, median ± half the spread across rounds):',
  '',
  joseTables(reports.jose),
  '',
  'JWS compact sign/verify on the WebCrypto backend against panva jose on the same WebCrypto:',
  '',
  webcryptoJwsTable(reports['webcrypto-jws']),
  '',
  'Adapter ÷ raw library, each backend in its own process:',
  '',
  adapterTable(Object.fromEntries(BACKENDS.map((b) => [b, reports[b]]))),
  '',
  targetSummary(Object.values(reports)),
].join('\n');
writeFileSync(join(out, 'readme.md'), md + '\n');
process.stdout.write(md + '\n');
