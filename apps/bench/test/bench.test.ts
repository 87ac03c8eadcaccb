/** The quick benchmark completes and is internally consistent. Speed itself is never asserted here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '@cryptoplug/bench';

test('quick bench: every contestant checked and measured, ratios and the three outputs are complete', async () => {
  const out = await mkdtemp(join(tmpdir(), 'cryptoplug-bench-'));
  try {
    const report = await runBench({ quick: true, only: 'ES256 sign,EdDSA verify,ECDH X25519,RSA-OAEP-256 encrypt,batch-verify ES256,JWT ES256 verify', out });
    const ids = report.operations.map((o) => o.id);
    for (const id of ['ES256 sign', 'EdDSA verify', 'ECDH X25519', 'RSA-OAEP-256 encrypt', 'JWS ES256 sign', 'JWT ES256 verify']) assert.ok(ids.includes(id), `missing ${id}`);
    assert.ok(ids.some((id) => id.startsWith('batch-verify ES256')));
    for (const op of report.operations) {
      assert.ok(op.results.length >= 3, `${op.id}: contestants`);
      for (const r of op.results) {
        assert.equal(r.ok, true, `${op.id} ${r.name}: ${r.error ?? ''}`);
        assert.equal(r.rounds.length, 3, `${op.id} ${r.name}: rounds`);
        assert.ok(r.rounds.every((x) => Number.isFinite(x) && x > 0));
        assert.ok(Math.min(...r.rounds) <= r.opsPerSec && r.opsPerSec <= Math.max(...r.rounds), 'median lies within the rounds');
      }
      // every adapter with a raw baseline in this op has a ratio
      for (const r of op.results.filter((x) => x.baseline)) {
        const ratio = report.ratios.find((x) => x.operation === op.id && x.contestant === r.name && x.mode === 'sequential');
        assert.ok(ratio, `${op.id} ${r.name}: ratio`);
        const base = op.results.find((x) => x.name === r.baseline)!;
        assert.ok(Math.abs(ratio.ratio - r.opsPerSec / base.opsPerSec) < 1e-9);
      }
    }
    const adapters = report.operations.find((o) => o.id === 'ES256 sign')!.results.map((r) => r.name);
    for (const n of ['adapter:node', 'adapter:webcrypto', 'adapter:noble', 'adapter:auto', 'raw:node', 'raw:webcrypto', 'raw:noble']) {
      assert.ok(adapters.includes(n), `ES256 sign has ${n}`);
    }
    const json = JSON.parse(await readFile(join(out, 'bench.json'), 'utf8'));
    assert.equal(json.operations.length, report.operations.length);
    const md = await readFile(join(out, 'bench.md'), 'utf8');
    assert.match(md, /\| ES256 sign \| adapter:node \| raw:node \|/);
    const html = await readFile(join(out, 'bench.html'), 'utf8');
    assert.match(html, /new Chart\(/);
    assert.ok(html.length > 100_000, 'chart.js is inlined (self-contained)');
    assert.doesNotMatch(html, /<script src=/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('JOSE rows compare every backend and auto with panva jose, and carry the README targets', async () => {
  const report = await runBench({ quick: true, only: 'JWS EdDSA sign' });
  const op = report.operations.find((o) => o.id === 'JWS EdDSA sign')!;
  const names = op.results.map((r) => r.name).sort();
  assert.deepEqual(names, ['cryptoplug-jose:auto', 'cryptoplug-jose:forge', 'cryptoplug-jose:noble', 'cryptoplug-jose:node', 'cryptoplug-jose:webcrypto', 'jose']);
  const auto = report.ratios.find((r) => r.operation === 'JWS EdDSA sign' && r.contestant === 'cryptoplug-jose:auto')!;
  assert.equal(auto.target, 2.5);
  assert.equal(auto.met, auto.ratio >= 2.5);
});

test('start-up measurement: three commands, finite medians, module counts (speed is not asserted)', async () => {
  const { measureStartup, startupMarkdown } = await import('@cryptoplug/bench');
  const r = measureStartup({ runs: 1 });
  assert.deepEqual(r.rows.map((x) => x.name), ['node -e 0', 'cryptoplug --version', 'cryptoplug jwt decode']);
  for (const row of r.rows) assert.ok(Number.isFinite(row.medianMs) && row.medianMs > 0 && row.samplesMs.length === 1);
  assert.ok(r.rows[1]!.modules > 0 && r.rows[2]!.modules > r.rows[1]!.modules);
  assert.match(startupMarkdown(r), /\| `cryptoplug --version` \|/);
});
