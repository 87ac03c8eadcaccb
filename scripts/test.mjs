#!/usr/bin/env node
/**
 * `npm test`: makes sure dependencies are installed (`npm ci` on a fresh clone), builds every package and runs every
 * package's tests through turbo, then prints one summary line `N passed, N failed, N skipped` from the node test runner
 * results of each package. Exit code: non-zero if anything failed or no test ran.
 *
 * The tests need the third-party data (Wycheproof, the JOSE cookbook; CI has them in ../shared): they run with
 * CRYPTOPLUG_REQUIRE_THIRD_PARTY=1 (absence is a failure, never a skip) and with CRYPTOPLUG_WYCHEPROOF_DIR /
 * CRYPTOPLUG_JOSE_COOKBOOK_DIR set to where the data was found (env, sibling checkout or `vectors fetch` cache). When
 * it is missing, npm test fails at once with the one line saying how to get it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0', NO_COLOR: '1' };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`test: "${cmd} ${args.join(' ')}" failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json')) || !existsSync(join(root, 'node_modules', '.bin', 'turbo'))) {
  console.error('test: dependencies are not installed; running npm ci');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// Extra system packages some suites need (apt on Debian): every scripts/setup-*.sh, each idempotent and a no-op when
// what it installs is present (or when it cannot install: the suites needing it then skip with a printed reason).
for (const f of readdirSync(join(root, 'scripts')).filter((f) => /^setup-.*\.sh$/.test(f)).sort()) {
  run('bash', [join(root, 'scripts', f)]);
}

run(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only']);

// Third-party data is required here: locate it the way the runner does, hand the places to every test, or stop.
const thirdParty = await import(pathToFileURL(join(root, 'packages', 'conformance', 'dist', 'node.js')).href);
env.CRYPTOPLUG_REQUIRE_THIRD_PARTY = '1';
let absent = false;
for (const name of thirdParty.THIRD_PARTY) {
  const loc = thirdParty.locateThirdParty(name);
  if (loc.found) env[thirdParty.thirdPartyManifest()[name].env] = loc.dir;
  else {
    console.error(`test: ${thirdParty.missingLine(name)}`);
    absent = true;
  }
}
if (absent) process.exit(1);

const extra = process.argv.slice(2);
const child = spawn(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'test', '--output-logs=full', '--continue', '--concurrency=2', ...extra], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});

const totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const failedPackages = new Set();
function scan(chunk, stream) {
  stream.write(chunk);
  for (const line of chunk.toString().split('\n')) {
    const m = /^(.*?):test: ℹ (pass|fail|skipped|todo|cancelled) (\d+)\s*$/.exec(line);
    if (m) {
      totals[m[2]] += Number(m[3]);
      if ((m[2] === 'fail' || m[2] === 'cancelled') && Number(m[3]) > 0) failedPackages.add(m[1]);
    }
  }
}
let buffered = '';
child.stdout.on('data', (c) => {
  // keep line boundaries for the scanner
  const text = buffered + c.toString();
  const cut = text.lastIndexOf('\n') + 1;
  buffered = text.slice(cut);
  if (cut > 0) scan(text.slice(0, cut), process.stdout);
});
child.stderr.on('data', (c) => process.stderr.write(c));
child.on('close', (code) => {
  if (buffered) scan(buffered + '\n', process.stdout);
  const failed = totals.fail + totals.cancelled;
  console.log('');
  if (failedPackages.size) console.log(`failing packages: ${[...failedPackages].join(', ')}`);
  console.log(`${totals.pass} passed, ${failed} failed, ${totals.skipped} skipped`);
  if (totals.pass === 0) {
    console.error('test: no test ran');
    process.exit(1);
  }
  process.exit(code !== 0 || failed > 0 ? 1 : 0);
});
