/**
 * Every ordered pair of backends: A signs → B verifies, A encrypts → B decrypts, same ECDH secrets, identical
 * deterministic outputs, generated keys used across, tampering fails (the checks that used to be copied into each backend
 * package's crosscheck test; see packages/conformance/src/cross.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCrossMatrix, runCrossMatrix } from '@cryptoplug/conformance';
import { loadCrossKeys } from '@cryptoplug/conformance/node';
import { allBackends } from './helpers.js';

test('cross-backend matrix: 0 failures, and every pair that shares an operation is exercised', async () => {
  const backends = await allBackends();
  assert.deepEqual(backends.map((b) => b.name).sort(), ['forge', 'noble', 'node', 'webcrypto']);
  const report = await runCrossMatrix(backends, await loadCrossKeys());
  assert.equal(report.totals.failed, 0, formatCrossMatrix(report));
  const pairs = (op: string) => new Set(report.cells.filter((c) => c.operation === op && c.passed > 0).map((c) => `${c.from}→${c.to}`));
  // ECDSA: node, webcrypto, noble (forge has none): 3 × 3 ordered pairs
  assert.equal(pairs('ECDSA P-521').size, 9);
  // Ed25519 everywhere: 4 × 4; RSA: node, webcrypto, forge: 3 × 3; X25519: node, webcrypto, noble
  assert.equal(pairs('Ed25519').size, 16);
  assert.equal(pairs('RSA-PSS').size, 9);
  assert.equal(pairs('RSA-OAEP').size, 9);
  assert.equal(pairs('X25519').size, 9);
  assert.equal(pairs('RSA-PSS salt').size, 9);
  assert.equal(pairs('keygen rsa-2048').size, 9);
  assert.equal(pairs('AES-GCM').size, 16);
  assert.equal(pairs('random').size, 4);
  assert.ok(pairs('AES-GCM').has('forge→noble') && pairs('AES-GCM').has('noble→forge'));
  assert.ok(report.totals.passed > 5000, `${report.totals.passed} checks`);
});
