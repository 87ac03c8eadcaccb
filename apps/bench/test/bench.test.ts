/** The quick benchmark completes and is internally consistent. Speed itself is never asserted here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackends, planOperations, runBench } from '@cryptoplug/bench';
import { measure, pairedRatio } from '@cryptoplug/bench/harness';

test('quick bench: every contestant checked and measured, ratios and the three outputs are complete', async () => {
  const out = await mkdtemp(join(tmpdir(), 'cryptoplug-bench-'));
  try {
    const report = await runBench({ quick: true, only: 'ES512 sign,EdDSA verify,ECDH X25519,RSA-OAEP-256 encrypt,batch-verify ES256,JWT ES256 verify', out });
    const ids = report.operations.map((o) => o.id);
    for (const id of ['ES512 sign', 'EdDSA verify', 'ECDH X25519', 'RSA-OAEP-256 encrypt', 'JWT EdDSA verify', 'JWT ES256 verify']) assert.ok(ids.includes(id), `missing ${id}`);
    assert.ok(ids.some((id) => id.startsWith('batch-verify ES256')));
    for (const op of report.operations) {
      assert.ok(op.results.length >= 3, `${op.id}: contestants`);
      for (const r of op.results) {
        if (r.unsupported) {
          assert.ok(r.error && r.error.length > 10, `${op.id} ${r.name}: a reason for "—"`);
          continue;
        }
        assert.equal(r.ok, true, `${op.id} ${r.name}: ${r.error ?? ''}`);
        assert.equal(r.rounds.length, 3, `${op.id} ${r.name}: rounds`);
        assert.ok(r.rounds.every((x) => Number.isFinite(x) && x > 0));
        assert.ok(Math.min(...r.rounds) <= r.opsPerSec && r.opsPerSec <= Math.max(...r.rounds), 'median lies within the rounds');
      }
      // every contestant with a baseline that ran has a ratio against it (and against each further comparison)
      for (const r of op.results.filter((x) => x.baseline && x.ok)) {
        for (const baseline of [r.baseline!, ...(r.compare ?? [])]) {
          const base = op.results.find((x) => x.name === baseline)!;
          const ratio = report.ratios.find((x) => x.operation === op.id && x.contestant === r.name && x.baseline === baseline && x.mode === 'sequential');
          if (base.unsupported) {
            assert.equal(ratio, undefined, `${op.id} ${r.name} ÷ ${baseline}: no ratio against "—"`);
            continue;
          }
          assert.ok(ratio, `${op.id} ${r.name} ÷ ${baseline}: ratio`);
          // the median of the per-round ratios (both ran in every round)
          const per = r.rounds.map((x, i) => x / base.rounds[i]!).sort((a, b) => a - b);
          assert.ok(Math.abs(ratio.ratio - per[1]!) < 1e-9, `${op.id} ${r.name} ÷ ${baseline}: paired ratio`);
        }
      }
    }
    const adapters = report.operations.find((o) => o.id === 'ES512 sign')!.results.map((r) => r.name);
    for (const n of ['adapter:node', 'adapter:webcrypto', 'adapter:noble', 'adapter:auto', 'raw:node', 'raw:webcrypto', 'raw:noble']) {
      assert.ok(adapters.includes(n), `ES512 sign has ${n}`);
    }
    const json = JSON.parse(await readFile(join(out, 'bench.json'), 'utf8'));
    assert.equal(json.operations.length, report.operations.length);
    const md = await readFile(join(out, 'bench.md'), 'utf8');
    assert.match(md, /\| ES512 sign \| adapter:node \| raw:node \|/);
    const html = await readFile(join(out, 'bench.html'), 'utf8');
    assert.match(html, /new Chart\(/);
    assert.ok(html.length > 100_000, 'chart.js is inlined (self-contained)');
    assert.doesNotMatch(html, /<script src=/);
    // each family's operations table is headed by its count, in words that agree with it ("1 operation", "2 operations")
    const counts = [...html.matchAll(/— (\d+) (operations?)<\/summary>/g)];
    assert.ok(counts.length >= 3 && counts.some((m) => m[1] === '1'), 'family headings, one of them with a single operation');
    for (const m of counts) assert.equal(m[2], m[1] === '1' ? 'operation' : 'operations', m[0]);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('JOSE rows: every backend and auto against jose, fast-jwt, jsonwebtoken, node-jose and the node:crypto floor, cross-verified', async () => {
  const report = await runBench({ quick: true, only: 'JWT EdDSA sign,JWT HS256 verify' });
  const ed = report.operations.find((o) => o.id === 'JWT EdDSA sign')!;
  const names = ed.results.map((r) => r.name).sort();
  assert.deepEqual(names, ['cryptoplug-jose:auto', 'cryptoplug-jose:forge', 'cryptoplug-jose:noble', 'cryptoplug-jose:node', 'cryptoplug-jose:webcrypto', 'fast-jwt', 'jose', 'jsonwebtoken', 'minimal:node-crypto', 'node-jose']);
  // the peers without EdDSA are listed with their reason, everyone else signed tokens all the others accepted
  for (const r of ed.results) {
    if (r.name === 'jsonwebtoken' || r.name === 'node-jose') assert.match(r.error ?? '', /no (EdDSA|OKP)/);
    else assert.equal(r.ok, true, `${r.name}: ${r.error ?? ''}`);
  }
  const hs = report.operations.find((o) => o.id === 'JWT HS256 verify')!;
  for (const r of hs.results) assert.equal(r.ok, true, `${r.name}: ${r.error ?? ''}`);
  const ratio = (op: string, base: string) => report.ratios.find((r) => r.operation === op && r.contestant === 'cryptoplug-jose:auto' && r.baseline === base && r.mode === 'sequential');
  assert.equal(ratio('JWT EdDSA sign', 'fast-jwt')?.target, 1.0);
  assert.equal(ratio('JWT EdDSA sign', 'minimal:node-crypto')?.target, 0.85);
  assert.equal(ratio('JWT EdDSA sign', 'jsonwebtoken'), undefined, 'no ratio against a peer that cannot do the row');
  for (const base of ['fast-jwt', 'minimal:node-crypto', 'jose', 'jsonwebtoken', 'node-jose']) {
    const x = ratio('JWT HS256 verify', base)!;
    assert.ok(x, base);
    assert.equal(x.met, x.target === undefined ? undefined : x.ratio >= x.target);
  }
});

test('start-up measurement: three commands, finite medians, module counts (speed is not asserted)', async () => {
  const { measureStartup, startupMarkdown } = await import('@cryptoplug/bench');
  const r = measureStartup({ runs: 1 });
  assert.deepEqual(r.rows.map((x) => x.name), ['node -e 0', 'cryptoplug --version', 'cryptoplug jwt decode']);
  for (const row of r.rows) assert.ok(Number.isFinite(row.medianMs) && row.medianMs > 0 && row.samplesMs.length === 1);
  assert.ok(r.rows[1]!.modules > 0 && r.rows[2]!.modules > r.rows[1]!.modules);
  assert.match(startupMarkdown(r), /\| `cryptoplug --version` \|/);
});

test('ratios pair the rounds: the machine changing speed between slots does not decide a ratio', () => {
  // ops/s per round of "JWT RS256 verify" in a run on this 2-core VM (2026-12-05 06:49): the machine ran at two speeds,
  // ~40k and ~28k, and the two contestants caught the fast periods in different rounds. The medians say 1.37; round
  // by round the two are about even (0.99, 1.39, 1.38, 0.72, 1.02), whose median is 1.02.
  const auto = { rounds: [40016, 39827, 39237, 28289, 28451], opsPerSec: 39237 };
  const fastJwt = { rounds: [40602, 28680, 28428, 39235, 28020], opsPerSec: 28680 };
  assert.ok(Math.abs(auto.opsPerSec / fastJwt.opsPerSec - 1.368) < 0.001);
  assert.ok(Math.abs(pairedRatio(auto, fastJwt) - 28451 / 28020) < 1e-9);
  // an even count takes the mean of the two middle ratios; unequal round counts fall back to the medians
  assert.equal(pairedRatio({ rounds: [1, 2, 3, 4], opsPerSec: 2.5 }, { rounds: [1, 1, 1, 1], opsPerSec: 1 }), 2.5);
  assert.equal(pairedRatio({ rounds: [3, 3], opsPerSec: 3 }, { rounds: [1, 1, 1], opsPerSec: 2 }), 1.5);
});

test('--backend NAME: the adapter rows keep only that backend\'s raw library; JOSE rows keep every peer', async () => {
  for (const name of ['node', 'noble']) {
    const ops = planOperations(await loadBackends(name), { only: '^EdDSA sign,JWT EdDSA sign', backend: name });
    const prim = ops.find((o) => o.id === 'EdDSA sign')!;
    assert.deepEqual(prim.contestants.filter((c) => c.kind === 'raw').map((c) => c.name), [`raw:${name}`]);
    assert.deepEqual(prim.contestants.filter((c) => c.kind === 'adapter').map((c) => c.name).sort(), [`adapter:${name}`, 'adapter:auto'].sort());
    const jwt = ops.find((o) => o.id === 'JWT EdDSA sign')!;
    for (const peer of ['fast-jwt', 'jose', 'minimal:node-crypto']) assert.ok(jwt.contestants.some((c) => c.name === peer), `${name}: ${peer}`);
  }
  // every backend in one process: every raw library
  const all = planOperations(await loadBackends(), { only: '^EdDSA sign' }).find((o) => o.id === 'EdDSA sign')!;
  assert.deepEqual(all.contestants.filter((c) => c.kind === 'raw').map((c) => c.name).sort(), ['raw:forge', 'raw:noble', 'raw:node', 'raw:webcrypto']);
});

test('a measured slot runs at least minCalls calls of a slow contestant, however short the slot', async () => {
  let calls = 0;
  const slow = { name: 'slow', kind: 'raw' as const, check: () => true, run: () => {
    calls++;
    const end = performance.now() + 5;
    while (performance.now() < end); // 5 ms of work per call
  } };
  const r = await measure({ id: 'slow', group: 'primitive', contestants: [slow] }, { slotMs: 1, minCalls: 6, rounds: 2, inflight: 0 });
  // per round: a warm-up slot (20 ms: 1, 2, 4 calls, the batch doubling) and a measured slot of at least 6 calls
  assert.ok(calls >= 2 * (3 + 6), `calls: ${calls}`);
  assert.equal(r.results[0]!.rounds.length, 2);
  // each call takes at least 5 ms of wall time, so no slot can report more than 200 calls per second
  for (const x of r.results[0]!.rounds) assert.ok(x > 0 && x <= 200.5, `at most 200 ops/s: ${x}`);
});
