/** The batch rows' ceiling contestant (real verifications, answers counted) and the report's ceiling table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { CEILING, RAW_ONE_BY_ONE, startCeiling } from '../src/ceiling.js';
import { ceilingRows, targetFor, type Ratio } from '../src/report.js';

test('the ceiling really verifies: all of a valid batch, none of a corrupted one', async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = new Uint8Array(100).fill(3);
  const sig = new Uint8Array(crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const bad = sig.slice();
  bad[40]! ^= 1;
  const good = startCeiling('sha256', publicKey, { dsaEncoding: 'ieee-p1363' }, data, sig);
  const wrong = startCeiling('sha256', publicKey, { dsaEncoding: 'ieee-p1363' }, data, bad);
  try {
    for (const n of [1, 16, 64]) {
      assert.equal(good.run(n), n, `valid ×${n}`);
      assert.equal(wrong.run(n), 0, `corrupted ×${n}`);
    }
  } finally {
    await Promise.all([good.close(), wrong.close()]);
  }
});

test('the ceiling works in a process started with --input-type=module, and close() ends its worker', () => {
  // the worker's source is CommonJS (require); with the parent's flags inherited it would be an ES module without
  // require, and every batch would hang or run on one thread. The child exits by itself only if close() ends the worker.
  const url = new URL('../dist/ceiling.js', import.meta.url).href;
  const script = `
    import crypto from 'node:crypto';
    import { startCeiling } from ${JSON.stringify(url)};
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const data = Buffer.from('ceiling');
    const c = startCeiling(null, publicKey, {}, data, crypto.sign(null, data, privateKey));
    console.log(c.run(64), c.run(3));
    await c.close();
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(out.trim(), '64 3');
});

test('ceiling table: verifyMany ÷ one-by-one next to ceiling ÷ raw one-by-one and verifyMany ÷ ceiling', () => {
  const op = 'batch-verify ES256 ×64';
  const r = (contestant: string, baseline: string, ratio: number, target?: number): Ratio => ({
    operation: op,
    contestant,
    baseline,
    ratio,
    mode: 'sequential',
    ...(target !== undefined ? { target, met: ratio >= target } : {}),
  });
  const rows = ceilingRows([
    r(CEILING, RAW_ONE_BY_ONE, 1.9),
    r('verifyMany:node', 'one-by-one:node', 1.75, 1.8),
    r('verifyMany:node', CEILING, 0.95),
    { ...r('verifyMany:node', 'one-by-one:node', 9), mode: 'throughput' },
    r('adapter:node', 'raw:node', 0.99, 0.95),
  ]);
  // the 1.8× target is verifyMany ÷ its own one-by-one only; the ceiling's ratios are context
  assert.equal(targetFor(op, 'verifyMany:node', 'one-by-one:node'), 1.8);
  assert.equal(targetFor(op, 'verifyMany:auto', 'one-by-one:auto'), 1.8);
  assert.equal(targetFor(op, CEILING, RAW_ONE_BY_ONE), undefined);
  assert.equal(targetFor(op, 'verifyMany:node', CEILING), undefined);
  assert.deepEqual(rows, [{ operation: op, backend: 'node', speedup: 1.75, target: 1.8, ceiling: 1.9, ofCeiling: 0.95 }]);
});
