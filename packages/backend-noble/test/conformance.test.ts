/**
 * The full conformance run (@cryptoplug/conformance: every Wycheproof suite of its catalogue plus vectors/primitives)
 * against the noble backend. Every suite of a capability noble claims must run with 0 failures and 0 skips; the RSA
 * suites (no RSA in this backend) must be skipped entirely, never failed. Heavy (pure-JS ECDH/ECDSA on ~9,000 tests):
 * about a minute and a half on one core.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, listSuites, runConformance, type ConformanceReport, type LoadedSuites } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';
import { createNobleBackend } from '@cryptoplug/backend-noble';

type Suite = ConformanceReport['suites'][number];
const executed = (s: Suite): number => s.passed + s.failed + s.acceptable.passed + s.acceptable.failed;
const isRsa = (s: Suite): boolean => /rsa|oaep/.test(s.suite);

describe('conformance: noble backend, every suite', () => {
  let data: LoadedSuites;
  let report: ConformanceReport;

  before(async () => {
    data = await loadSuites();
    report = await runConformance(await createNobleBackend(), data);
  });

  it('loads and reports every catalogue suite', () => {
    assert.deepEqual(data.missing, {});
    assert.deepEqual(report.suites.map((s) => s.suite), listSuites().map((s) => s.name));
    assert.equal(report.backend, 'noble');
  });

  it('has no failures', () => {
    const failures = report.suites.flatMap((s) => s.failures.map((f) => `${s.suite} ${f.id} ${f.comment}: expected ${f.expected}, got ${f.got}`));
    assert.deepEqual(failures, [], formatReport(report));
    assert.equal(report.totals.failed, 0);
  });

  it('every non-RSA suite ran all of its tests (no skips but GCM IVs under 8 bytes), including P-521/X25519', () => {
    const others = report.suites.filter((s) => !isRsa(s));
    assert.ok(others.length >= 25, `only ${others.length} non-RSA suites`);
    for (const s of others) {
      assert.ok(executed(s) > 0, `${s.suite} executed nothing`);
      // vectors/primitives/signatures mixes ECDSA/Ed25519 (run) with RSA (skipped); everything else must not skip.
      // wycheproof/aes_gcm: the 1..6-byte IV groups are outside the capability (IVs of 8 bytes or more), skipped with that.
      if (s.suite === 'wycheproof/aes_gcm') {
        for (const reason of Object.keys(s.skipReasons)) assert.match(reason, /-byte IV \(IVs of 8 bytes or more/, reason);
      } else if (s.suite !== 'vectors/primitives/signatures') assert.equal(s.skipped, 0, `${s.suite} skipped ${JSON.stringify(s.skipReasons)}`);
    }
    for (const name of ['wycheproof/aes_gcm', 'wycheproof/ecdsa_secp521r1_sha512_p1363', 'wycheproof/ed25519', 'wycheproof/x25519_jwk', 'wycheproof/ecdh_secp521r1_webcrypto']) {
      assert.ok(report.suites.some((s) => s.suite === name && s.passed > 0), name);
    }
  });

  it('RSA suites are skipped as unsupported (or outside the contract), never run or failed', () => {
    const rsa = report.suites.filter(isRsa);
    assert.ok(rsa.length > 0);
    for (const s of rsa) {
      assert.equal(executed(s), 0, s.suite);
      assert.ok(s.skipped > 0, s.suite);
      for (const reason of Object.keys(s.skipReasons)) {
        assert.match(reason, /does not support|not in the contract|differs from/, `${s.suite}: ${reason}`);
      }
    }
  });
});
