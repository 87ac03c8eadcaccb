/**
 * The shared conformance runner (@cryptoplug/conformance): every Wycheproof suite and vectors/primitives file against
 * the forge backend. Zero failures, every claimed family actually exercised, every unclaimed one skipped (not passed).
 *
 * Slow because forge's RSA private operations are pure JavaScript (jsbn), and rsa_oaep_misc decrypts
 * with keys up to 8192 bits, so this file takes about a minute. It runs the suites once, in one test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runConformance } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';
import { createForgeBackend } from '@cryptoplug/backend-forge';

test('conformance: Wycheproof and vectors/primitives, 0 failures', async (t) => {
  const report = await runConformance(await createForgeBackend(), await loadSuites());
  const failures = report.suites.flatMap((s) => s.failures.map((f) => `${s.suite} ${f.id}: expected ${f.expected}, got ${f.got} (${f.comment})`));
  assert.deepEqual(failures.slice(0, 50), [], formatReport(report));
  assert.equal(report.totals.failed, 0);

  const bySuite = new Map(report.suites.map((s) => [s.suite, s]));
  const claimed = report.suites.filter((s) =>
    /^wycheproof\/(ed25519|rsa_signature_|rsa_pss_|rsa_oaep_|aes_gcm|aes_cbc_pkcs5|hmac_|hkdf_|pbes2_)/.test(s.suite) || (s.suite.startsWith('vectors/') && s.suite !== 'vectors/primitives/ecdh'));
  const unclaimed = report.suites.filter((s) => /^wycheproof\/(ecdsa_|ecdh_|x25519|aes_wrap)/.test(s.suite) || s.suite === 'vectors/primitives/ecdh');
  assert.ok(claimed.length >= 20, `claimed suites found: ${claimed.length}`);
  assert.ok(unclaimed.length >= 10, `unclaimed suites found: ${unclaimed.length}`);
  for (const s of claimed) assert.ok(s.passed > 0, `${s.suite}: nothing passed`);
  for (const s of unclaimed) assert.ok(s.passed === 0 && s.skipped > 0, `${s.suite}: expected only skips (forge has no ECDSA/ECDH/AES-KW)`);
  // Families the backend claims must not be skipped for want of support (skips there are contract limits: SHA-224, MGF1 ≠ hash).
  for (const name of ['wycheproof/ed25519', 'wycheproof/rsa_signature_2048_sha256', 'wycheproof/aes_gcm', 'wycheproof/aes_cbc_pkcs5', 'wycheproof/hkdf_sha256']) {
    assert.equal(bySuite.get(name)?.skipped, 0, name);
  }
  t.diagnostic(`${report.suites.length} suites: ${report.totals.passed} passed, ${report.totals.failed} failed, ${report.totals.skipped} skipped`);
});
