/** Every ordered pair of backends: A signs → B verifies, A encrypts → B decrypts, same ECDH secrets, tampering fails. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCrossMatrix, runCrossMatrix } from '@cryptoplug/conformance';
import { allBackends, vectorKey } from './helpers.js';

test('cross-backend matrix: 0 failures, and every pair that shares an operation is exercised', async () => {
  const backends = await allBackends();
  assert.deepEqual(backends.map((b) => b.name).sort(), ['forge', 'noble', 'node', 'webcrypto']);
  const report = await runCrossMatrix(backends, {
    ec: {
      'P-256': [vectorKey('ec-p256'), vectorKey('ec-p256-b')],
      'P-384': [vectorKey('ec-p384'), vectorKey('ec-p384-b')],
      'P-521': [vectorKey('ec-p521'), vectorKey('ec-p521-b')],
    },
    ed25519: vectorKey('ed25519'),
    x25519: [vectorKey('x25519'), vectorKey('x25519-b')],
    rsa: vectorKey('rsa-2048'),
  });
  assert.equal(report.totals.failed, 0, formatCrossMatrix(report));
  const pairs = (op: string) => new Set(report.cells.filter((c) => c.operation === op && c.passed > 0).map((c) => `${c.from}→${c.to}`));
  // ECDSA: node, webcrypto, noble (forge has none): 3 × 3 ordered pairs
  assert.equal(pairs('ECDSA P-521').size, 9);
  // Ed25519 everywhere: 4 × 4; RSA: node, webcrypto, forge: 3 × 3; X25519: node, webcrypto, noble
  assert.equal(pairs('Ed25519').size, 16);
  assert.equal(pairs('RSA-PSS').size, 9);
  assert.equal(pairs('RSA-OAEP').size, 9);
  assert.equal(pairs('X25519').size, 9);
  assert.ok(pairs('AES-GCM').has('forge→noble') && pairs('AES-GCM').has('noble→forge'));
  assert.ok(report.totals.passed > 1000, `${report.totals.passed} checks`);
});
