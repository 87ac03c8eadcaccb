/** The `cryptoplug-bench` binary as a Unix tool: --help, and one line on stderr with exit 1 for user error (no run). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 60_000 });

test('--help prints usage with examples on stdout and runs nothing', () => {
  const r = run('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: cryptoplug-bench/);
  assert.match(r.stdout, /Examples:/);
  assert.equal(r.stderr, '');
});

test('an unknown option, a missing value, a bad --runs or an unknown backend: one line on stderr, exit 1', () => {
  for (const [args, pattern] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--only'], /--only/],
    [['--startup', '--runs', 'zero'], /--runs takes an integer/],
    [['--runs', '3'], /--runs goes with --startup/],
    [['--quick', '--backend', 'no-such-backend'], /no-such-backend/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0]!, /^cryptoplug-bench: /);
    assert.match(lines[0]!, pattern);
  }
});
