/**
 * `npm run bench:readme` (scripts/readme-runs.mjs): the README's runs, one process each, and their tables. Its smoke form
 * (--quick) runs here; the tables must show what each run's own bench.json says. No speed is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/readme-runs.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 300_000 });
const rowsOf = (md: string, first: string) => md.split('\n').filter((l) => l.startsWith(`| ${first}`));

interface Report {
  ratios: { operation: string; contestant: string; baseline: string; ratio: number; mode: string }[];
}

test('--quick: every run in its own process, every table, the cells are the runs\' own ratios', async () => {
  const out = await mkdtemp(join(tmpdir(), 'cryptoplug-readme-runs-'));
  try {
    const r = run('--quick', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    // progress on stderr, one line per run and its time
    for (const name of ['jose', 'node', 'webcrypto', 'noble', 'forge', 'webcrypto-jws']) assert.match(r.stderr, new RegExp(`\\] ${name}: --backend`));
    const md = r.stdout;
    assert.equal(await readFile(join(out, 'readme.md'), 'utf8'), md, 'readme.md is what stdout printed');
    // JWT/JWS table: the auto row against fast-jwt and the floor
    const [jwt] = rowsOf(md, 'JWT ES256 verify |');
    assert.ok(jwt, md);
    const jose = JSON.parse(await readFile(join(out, 'jose', 'bench.json'), 'utf8')) as Report;
    const fast = jose.ratios.find((x) => x.operation === 'JWT ES256 verify' && x.contestant === 'cryptoplug-jose:auto' && x.baseline === 'fast-jwt' && x.mode === 'sequential')!;
    assert.ok(jwt.includes(`| ${fast.ratio.toFixed(2)}× ${fast.ratio >= 1 ? '✅' : '❌'} |`), `${jwt} shows ${fast.ratio}`);
    assert.equal(rowsOf(md, 'JWS HS256 sign |').length, 1);
    // the cache row and both verifyMany rows (node, auto) with the ceiling
    assert.equal(rowsOf(md, 'JWT ES256 verify |').length, 2, 'the cache table has the row too');
    const batch = rowsOf(md, 'batch-verify EdDSA');
    assert.deepEqual(batch.map((l) => l.split(' | ')[1]), ['node', 'auto']);
    for (const l of batch) assert.match(l, /\| ≥ 1\.8× \| \d+\.\d\d× \| \d+% \|$/);
    // the WebCrypto JWS table
    assert.match(md, /\| JWS ES256 verify \| [\d.]+k? ±\d+% \| [\d.]+k? ±\d+% \| \d+\.\d\d× (✅|❌) \|/);
    // adapter table: four backend columns, "—" where a backend has no such operation, each cell from its own process
    assert.match(md, /\| operation \| node \| webcrypto \| noble \| forge \|/);
    const es = rowsOf(md, 'ES256 sign |')[0]!.split(' | ');
    const oaep = rowsOf(md, 'RSA-OAEP-256 encrypt |')[0]!.split(' | ');
    assert.equal(es[4]!.replace(/ \|$/, ''), '—', 'forge has no ECDSA');
    assert.equal(oaep[3], '—', 'noble has no RSA');
    for (const [i, name] of ['node', 'webcrypto', 'noble'].entries()) {
      const rep = JSON.parse(await readFile(join(out, name, 'bench.json'), 'utf8')) as Report;
      const x = rep.ratios.find((y) => y.operation === 'ES256 sign' && y.contestant === `adapter:${name}` && y.baseline === `raw:${name}` && y.mode === 'sequential')!;
      assert.ok(es[i + 1]!.startsWith(`${x.ratio.toFixed(2)}×`), `${name}: ${es[i + 1]} is ${x.ratio}`);
      // one backend per process: no other backend's adapter ran in it
      assert.ok(!rep.ratios.some((y) => /^adapter:/.test(y.contestant) && y.contestant !== `adapter:${name}` && y.contestant !== 'adapter:auto'), name);
    }
    // the summary counts each target once, and names every miss
    const summary = /targets met: (\d+) of (\d+)/.exec(md)!;
    const missed = md.split('\n').filter((l) => l.startsWith('- missed: ')).length;
    assert.equal(Number(summary[2]) - Number(summary[1]), missed);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('a bad option: one line on stderr, exit 1, nothing run', () => {
  const r = run('--bogus');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^readme-runs: .*--bogus/);
});
