/**
 * CLI start-up time: spawned processes, bare `node -e 0` against `cryptoplug --version` and `cryptoplug jwt decode`,
 * interleaved in rounds (A B C, B C A, ...) and reported as the median of N with the overhead over bare Node. Also
 * counts the modules each command loads (through a resolve hook), which does not vary with machine load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartupRow {
  readonly name: string;
  readonly args: readonly string[];
  readonly medianMs: number;
  /** Median minus bare Node's median. */
  readonly overheadMs: number;
  readonly samplesMs: readonly number[];
  /** ES modules loaded (file: and node: URLs). */
  readonly modules: number;
}

export interface StartupReport {
  readonly runs: number;
  readonly node: string;
  readonly rows: readonly StartupRow[];
}

/** A JWT for `jwt decode` (HS256 header and claims; decode does not verify). */
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

/** The CLI entry in this monorepo (apps/cli/dist/main.js): bench cannot depend on the CLI package (the CLI depends on it). */
export function cliEntry(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'dist', 'main.js');
}

const HOOK = `data:text/javascript,export async function resolve(s,c,n){const r=await n(s,c);process._rawDebug("MODULE "+r.url);return r}`;

function timeOnce(args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  return ms;
}

function countModules(args: readonly string[]): number {
  const r = spawnSync(process.execPath, ['--no-warnings', '--experimental-loader', HOOK, ...args], { encoding: 'utf8' });
  return new Set(r.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice(7))).size;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function measureStartup(options: { runs?: number; cli?: string } = {}): StartupReport {
  const runs = options.runs ?? 15;
  const cli = options.cli ?? cliEntry();
  if (!existsSync(cli)) throw new Error(`CLI entry ${cli} is missing (build apps/cli first)`);
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'cryptoplug --version', args: [cli, '--version'] },
    { name: 'cryptoplug jwt decode', args: [cli, 'jwt', 'decode', TOKEN] },
  ];
  const samples = cases.map(() => [] as number[]);
  timeOnce(cases[1]!.args); // warm the file system cache
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (round + k) % cases.length;
      samples[i]!.push(timeOnce(cases[i]!.args));
    }
  }
  const base = median(samples[0]!);
  return {
    runs,
    node: process.version,
    rows: cases.map((c, i) => ({
      name: c.name,
      args: c.args,
      medianMs: median(samples[i]!),
      overheadMs: median(samples[i]!) - base,
      samplesMs: samples[i]!,
      modules: c.args[0] === '-e' ? 0 : countModules(c.args),
    })),
  };
}

export function startupMarkdown(r: StartupReport): string {
  const lines = [
    `CLI start-up, median of ${r.runs} spawned processes (Node ${r.node}):`,
    '',
    '| command | median | over bare Node | modules loaded |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const row of r.rows) {
    lines.push(`| \`${row.name}\` | ${row.medianMs.toFixed(0)} ms | ${row.name === 'node -e 0' ? '—' : `+${row.overheadMs.toFixed(0)} ms`} | ${row.modules || '—'} |`);
  }
  return lines.join('\n');
}
