/**
 * The full conformance run against the WebCrypto backend: every suite of the catalogue runs, every Wycheproof test is
 * accounted for (counted against the file's own numberOfTests), skips carry reasons, and nothing fails. (Node's
 * WebCrypto refuses AES-GCM IVs under 12 or over 128 bytes: the backend probes that at load and says ERR_UNSUPPORTED,
 * so those Wycheproof cases are skipped with that reason, never failed.)
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectRuntime } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { formatMatrix, formatReport, listSuites, runConformance, type ConformanceReport, type LoadedSuites } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';

function executed(s: ConformanceReport['suites'][number]): number {
  return s.passed + s.failed + s.acceptable.passed + s.acceptable.failed;
}

describe('conformance: WebCrypto backend, every suite', () => {
  let data: LoadedSuites;
  let report: ConformanceReport;
  const progress: string[] = [];

  before(async () => {
    data = await loadSuites();
    report = await runConformance(await createWebCryptoBackend(), data, { onProgress: (_done, _total, suite) => progress.push(suite) });
  });

  it('loads every catalogue suite (nothing missing)', () => {
    assert.deepEqual(data.missing, {});
    assert.deepEqual(Object.keys(data.suites).sort(), listSuites().map((s) => s.name).sort());
  });

  it('reports every catalogue suite, in order, with progress for each', () => {
    const names = listSuites().map((s) => s.name);
    assert.deepEqual(report.suites.map((s) => s.suite), names);
    assert.deepEqual(progress, names);
    assert.equal(report.backend, 'webcrypto');
    assert.match(report.runtime, /^node \d+\.\d+\.\d+$/);
  });

  it('has no failures', () => {
    const failures = report.suites.flatMap((s) => s.failures.map((f) => `${s.suite} ${f.id} ${f.comment}: expected ${f.expected}, got ${f.got}`));
    assert.deepEqual(failures, [], formatReport(report));
  });

  it('AES-GCM IV lengths this WebCrypto refuses are skips with the reason, not failures', () => {
    const gcm = report.suites.find((r) => r.suite === 'wycheproof/aes_gcm')!;
    assert.equal(gcm.failed, 0);
    if (detectRuntime() === 'node') {
      const reasons = Object.keys(gcm.skipReasons).join(' | ');
      assert.match(reasons, /-byte IV \(IVs of \d+\.\.\d+ bytes: this runtime's WebCrypto \(probed\)\)/, reasons);
    }
  });

  it('every suite ran tests, and thousands of Wycheproof tests executed', () => {
    for (const s of report.suites) assert.ok(executed(s) > 0, `${s.suite} executed nothing`);
    const wycheproof = report.suites.filter((s) => s.source === 'wycheproof').reduce((n, s) => n + executed(s), 0);
    assert.ok(wycheproof >= 11_000, `only ${wycheproof} Wycheproof tests executed`);
  });

  it('accounts for every Wycheproof test: passed + failed + skipped + acceptable = the file\'s numberOfTests', () => {
    for (const s of report.suites.filter((r) => r.source === 'wycheproof')) {
      const file = data.suites[s.suite] as { numberOfTests: number };
      assert.equal(s.passed + s.failed + s.skipped + s.acceptable.passed + s.acceptable.failed, file.numberOfTests, s.suite);
    }
  });

  it('gives every skip a reason, and skips only what the contract cannot express', () => {
    for (const s of report.suites) {
      const reasons = Object.entries(s.skipReasons);
      assert.equal(reasons.reduce((n, [, c]) => n + c, 0), s.skipped, `${s.suite}: skip reasons do not add up`);
      for (const [reason, count] of reasons) {
        assert.ok(reason.length > 10 && count > 0, `${s.suite}: bad skip reason ${JSON.stringify(reason)}`);
      }
    }
    const skipping = Object.fromEntries(report.suites.filter((s) => s.skipped > 0).map((s) => [s.suite, s.skipReasons]));
    // rsa_pss_misc: 25 groups of 6 tests = every (sha, mgfSha) pair of SHA-1/224/256/384/512; the 20 pairs that differ
    // are not expressible, and SHA-224 is not a contract hash. rsa_oaep_misc likewise, by its group sizes.
    const gcmSkips = skipping['wycheproof/aes_gcm'];
    delete skipping['wycheproof/aes_gcm'];
    assert.deepEqual(skipping, {
      'wycheproof/rsa_pss_misc': { 'MGF1 hash differs from message hash': 120, 'hash SHA-224 is not in the contract': 6 },
      'wycheproof/rsa_oaep_misc': { 'MGF1 hash differs from message hash': 300, 'hash SHA-224 is not in the contract': 12 },
    });
    // GCM skips: only IV lengths outside the bounds this runtime's WebCrypto reports (probed at load), never anything else.
    for (const reason of Object.keys(gcmSkips ?? {})) assert.match(reason, /^backend does not support AES-GCM with a \d+-byte IV \(IVs of .*WebCrypto \(probed\)\)$/);
  });

  it('records Wycheproof "acceptable" tests separately from passes and failures', () => {
    const acc = (name: string) => report.suites.find((s) => s.suite === name)!.acceptable;
    // ecdh_secp256r1 has 230 acceptable tests (222 are non-DER public keys, which core's strict DER refuses).
    const e = acc('wycheproof/ecdh_secp256r1');
    assert.equal(e.passed + e.failed, 230);
    assert.ok(e.failed >= 222);
    const x = acc('wycheproof/x25519');
    assert.equal(x.passed + x.failed, 254);
  });

  it('formats the report and the matrix', () => {
    const text = formatReport(report);
    assert.match(text, /wycheproof\/ecdsa_secp256r1_sha256_p1363\s+262\s+0\s+0/);
    assert.match(text, /MGF1 hash differs from message hash/);
    const matrix = formatMatrix([report]);
    assert.match(matrix, /webcrypto/);
    assert.match(matrix, /wycheproof\/ed25519\s+151\/0\/0/);
  });
});
