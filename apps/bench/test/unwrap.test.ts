/** The constant-work unwrap rows (issue 16 row 10): bad encrypted key and bad tag side by side, per backend and auto. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBench } from '../src/index.js';

test('JWE unwrap failure rows: both paths on every capable backend and auto, checked, with a bad-key ÷ bad-tag ratio', async () => {
  const report = await runBench({ quick: true, only: 'JWE unwrap failure A128KW' });
  const op = report.operations.find((o) => o.id === 'JWE unwrap failure A128KW');
  assert.ok(op, 'row present');
  const names = op.results.map((r) => r.name);
  for (const b of ['node', 'webcrypto', 'noble', 'auto']) {
    assert.ok(names.includes(`${b}:bad-key`) && names.includes(`${b}:bad-tag`), `${b}: ${names.join(', ')}`);
  }
  assert.ok(!names.some((n) => n.startsWith('forge:')), 'forge has no AES-KW');
  for (const r of op.results) assert.equal(r.ok, true, `${r.name}: ${r.error ?? ''}`);
  const ratios = report.ratios.filter((x) => x.operation === op.id && x.mode === 'sequential');
  assert.equal(ratios.length, 4);
  for (const x of ratios) assert.equal(x.baseline, x.contestant.replace('bad-key', 'bad-tag'));
});
