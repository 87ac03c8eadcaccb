/**
 * The load script in --quick mode: 100 device connects (valid and invalid mixed) and 1,040 QoS 1 uplinks on loopback.
 * Asserts completeness only (0 lost, every invalid device rejected, every valid one accepted); rates are reported,
 * never asserted. The full run is `npm run load -w @cryptoplug/akenza-broker`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { run } from './helpers.js';

test('load --quick: 0 QoS 1 uplinks lost, all invalid devices rejected', { timeout: 120_000 }, async () => {
  const script = fileURLToPath(new URL('../src/load.ts', import.meta.url));
  const r = await run(process.execPath, ['--import', 'tsx', script, '--quick', '--json'], { timeoutMs: 110_000 });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const s = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number | boolean>;
  process.stdout.write(`# load --quick: ${JSON.stringify(s)}\n`);
  assert.equal(s.connects, 100);
  assert.equal(s.invalid, 20);
  assert.equal(s.invalidRejected, 20);
  assert.equal(s.validAccepted, 80);
  assert.equal(s.authRejected, 20, 'the broker logged a rejection for every invalid device');
  assert.equal(s.published, 80 * 13);
  assert.equal(s.received, 80 * 13);
  assert.equal(s.lost, 0);
  assert.equal(s.ok, true);
});
