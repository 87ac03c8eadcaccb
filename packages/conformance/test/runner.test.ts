/**
 * Runner mechanics without a full run: suite selection, missing data, malformed data, the Node loader's directory
 * rules, and the report formats. A tiny hand-made Wycheproof file (tests copied from hmac_sha256_test.json) keeps
 * these fast.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CryptoplugError, type Backend } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { formatMatrix, formatReport, listSuites, runConformance, type ConformanceReport } from '@cryptoplug/conformance';
import { findRepoRoot, loadSuites } from '@cryptoplug/conformance/node';

const PACKAGE_DIR = resolve(import.meta.dirname, '..');
const REPO_ROOT = resolve(PACKAGE_DIR, '..', '..');

function realHmacFile(): { numberOfTests: number; testGroups: Array<{ tagSize: number; tests: Array<Record<string, unknown>> }> } {
  return JSON.parse(readFileSync(join(process.env.CRYPTOPLUG_WYCHEPROOF_DIR ?? join(REPO_ROOT, '..', 'shared', 'wycheproof'), 'testvectors_v1', 'hmac_sha256_test.json'), 'utf8'));
}

describe('suite catalogue and selection', () => {
  it('lists the contract suites, and not the ones the contract cannot run', () => {
    const names = listSuites().map((s) => s.name);
    for (const n of ['wycheproof/ecdsa_secp256r1_sha256_p1363', 'wycheproof/ecdsa_secp521r1_sha512', 'wycheproof/rsa_oaep_misc', 'wycheproof/x25519_jwk',
      'wycheproof/pbes2_hmacsha256_aes_256', 'vectors/primitives/signatures', 'vectors/primitives/keys']) {
      assert.ok(names.includes(n), n);
    }
    assert.ok(!names.some((n) => n.includes('rsa_pkcs1_2048') || n.includes('json_web')));
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, 43);
  });

  it('a filter that matches nothing throws ERR_INPUT_INVALID', async () => {
    const backend = await createWebCryptoBackend();
    await assert.rejects(runConformance(backend, { suites: {} }, { suites: 'wycheproof/nothing_*' }), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
    await assert.rejects(loadSuites({ suites: 'nope' }), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
  });

  it('rejects a non-backend and bad options with ERR_INPUT_INVALID', async () => {
    await assert.rejects(runConformance({} as Backend, { suites: {} }), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
    const backend = await createWebCryptoBackend();
    await assert.rejects(runConformance(backend, { suites: {} }, { concurrency: 0 }), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
  });
});

describe('runConformance on hand-made data', () => {
  let backend: Backend;
  before(async () => {
    backend = await createWebCryptoBackend();
  });

  it('a selected suite without data is a failed suite, with the loader\'s reason', async () => {
    const r = await runConformance(backend, { suites: {}, missing: { 'wycheproof/hkdf_sha256': 'file not found: /x' } }, { suites: 'wycheproof/hkdf_*' });
    assert.equal(r.suites.length, 1);
    assert.equal(r.suites[0]!.failed, 1);
    assert.equal(r.suites[0]!.failures[0]!.got, 'file not found: /x');
    assert.equal(r.totals.failed, 1);
  });

  it('runs a small HMAC file: valid tags match, invalid ones do not', async () => {
    const real = realHmacFile();
    const group = { ...real.testGroups.find((g) => g.tagSize === 256)! };
    const valid = group.tests.filter((t) => t.result === 'valid').slice(0, 3);
    const invalid = group.tests.filter((t) => t.result === 'invalid').slice(0, 2);
    const file = { numberOfTests: 5, testGroups: [{ ...group, tests: [...valid, ...invalid] }] };
    const r = await runConformance(backend, { suites: { 'wycheproof/hmac_sha256': file } }, { suites: 'wycheproof/hmac_sha256' });
    assert.deepEqual({ ...r.suites[0], failures: undefined }, {
      suite: 'wycheproof/hmac_sha256', source: 'wycheproof', passed: 5, failed: 0, skipped: 0,
      acceptable: { passed: 0, failed: 0 }, skipReasons: {}, failures: undefined,
    });
  });

  it('a tampered expected tag on a valid test is a failure; a valid tag on an invalid test is a failure', async () => {
    const real = realHmacFile();
    const group = real.testGroups.find((g) => g.tagSize === 256)!;
    const v: Record<string, unknown> = { ...group.tests.find((t) => t.result === 'valid')!, tcId: 9001 };
    const tag = v.tag as string;
    const tampered = { ...v, tcId: 9002, tag: (tag[0] === '0' ? '1' : '0') + tag.slice(1) };
    const relabelled = { ...v, tcId: 9003, result: 'invalid' };
    const file = { testGroups: [{ ...group, tests: [v, tampered, relabelled] }] };
    const r = await runConformance(backend, { suites: { 'wycheproof/hmac_sha256': file } }, { suites: 'wycheproof/hmac_sha256' });
    const s = r.suites[0]!;
    assert.equal(s.passed, 1);
    assert.deepEqual(s.failures.map((f) => f.id), ['tcId 9002', 'tcId 9003']);
    assert.match(s.failures[0]!.got, /^HMAC differs/);
    assert.equal(s.failures[1]!.got, 'accepted');
  });

  it('malformed data fails (test, count, empty suite) instead of crashing or passing', async () => {
    const real = realHmacFile();
    const group = real.testGroups.find((g) => g.tagSize === 256)!;
    const good = group.tests.find((t) => t.result === 'valid')!;
    const file = { numberOfTests: 7, testGroups: [{ ...group, tests: [good, { ...good, tcId: 2, key: 'zz' }] }] };
    const r = await runConformance(backend, { suites: { 'wycheproof/hmac_sha256': file, 'wycheproof/hmac_sha384': { testGroups: [] }, 'wycheproof/hmac_sha512': 42 } }, { suites: 'wycheproof/hmac_*' });
    const [a, b, c] = r.suites;
    assert.deepEqual(a!.failures.map((f) => f.id).sort(), ['file', 'tcId 2']);
    assert.equal(a!.passed, 1);
    assert.deepEqual(b!.failures.map((f) => f.id), ['suite']);
    assert.match(b!.failures[0]!.comment, /no test/);
    assert.ok(c!.failed >= 1);
  });

  it('vectors suites without keys.json fail', async () => {
    const r = await runConformance(backend, { suites: { 'vectors/primitives/ecdh': { tests: [] } } }, { suites: 'vectors/primitives/ecdh' });
    assert.equal(r.suites[0]!.failures[0]!.id, 'keys');
  });
});

describe('Node loader', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'cryptoplug-conformance-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('findRepoRoot finds the workspace root (package.json with workspaces)', () => {
    assert.equal(findRepoRoot(PACKAGE_DIR), REPO_ROOT);
    assert.equal(findRepoRoot(join(PACKAGE_DIR, 'src')), REPO_ROOT);
    assert.throws(() => findRepoRoot(tmp), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
  });

  it('reads Wycheproof from CRYPTOPLUG_WYCHEPROOF_DIR (a checkout or a testvectors_v1 directory)', async () => {
    const file = realHmacFile();
    mkdirSync(join(tmp, 'checkout', 'testvectors_v1'), { recursive: true });
    writeFileSync(join(tmp, 'checkout', 'testvectors_v1', 'hmac_sha256_test.json'), JSON.stringify({ ...file, numberOfTests: 1, testGroups: [{ ...file.testGroups[0]!, tests: [file.testGroups[0]!.tests[0]!] }] }));
    const previous = process.env.CRYPTOPLUG_WYCHEPROOF_DIR;
    process.env.CRYPTOPLUG_WYCHEPROOF_DIR = join(tmp, 'checkout');
    try {
      const fromCheckout = await loadSuites({ suites: 'wycheproof/hmac_*' });
      assert.deepEqual(Object.keys(fromCheckout.suites), ['wycheproof/hmac_sha256']);
      assert.equal((fromCheckout.suites['wycheproof/hmac_sha256'] as { numberOfTests: number }).numberOfTests, 1);
      assert.match(fromCheckout.missing!['wycheproof/hmac_sha384']!, /file not found/);
      process.env.CRYPTOPLUG_WYCHEPROOF_DIR = join(tmp, 'checkout', 'testvectors_v1');
      const direct = await loadSuites({ suites: 'wycheproof/hmac_sha256' });
      assert.deepEqual(Object.keys(direct.suites), ['wycheproof/hmac_sha256']);
    } finally {
      if (previous === undefined) delete process.env.CRYPTOPLUG_WYCHEPROOF_DIR;
      else process.env.CRYPTOPLUG_WYCHEPROOF_DIR = previous;
    }
  });

  it('a missing Wycheproof directory makes the suites missing (then failed), not silently absent', async () => {
    const loaded = await loadSuites({ wycheproofDir: join(tmp, 'nowhere'), suites: 'wycheproof/ed25519' });
    assert.deepEqual(loaded.suites, {});
    assert.match(loaded.missing!['wycheproof/ed25519']!, /Wycheproof directory not found.*CRYPTOPLUG_WYCHEPROOF_DIR/);
    const r = await runConformance(await createWebCryptoBackend(), loaded, { suites: 'wycheproof/ed25519' });
    assert.equal(r.totals.failed, 1);
  });

  it('loads vectors/primitives with every key file', async () => {
    const loaded = await loadSuites({ suites: 'vectors/*' });
    assert.deepEqual(loaded.missing, {});
    const keys = (loaded.primitiveKeys!.json as { keys: Array<{ files: Record<string, string> }> }).keys;
    const paths = keys.flatMap((k) => Object.values(k.files));
    assert.equal(Object.keys(loaded.primitiveKeys!.files).length, paths.length);
    assert.deepEqual(loaded.primitiveKeys!.files['keys/ec-p256.spki.der'], new Uint8Array(readFileSync(join(REPO_ROOT, 'vectors', 'primitives', 'keys', 'ec-p256.spki.der'))));
  });
});

describe('formats', () => {
  const report = (backend: string, failed: number): ConformanceReport => ({
    backend,
    runtime: 'node 20.0.0',
    suites: [
      { suite: 'wycheproof/x25519', source: 'wycheproof', passed: 264, failed, skipped: 0, acceptable: { passed: 223, failed: 31 }, skipReasons: {},
        failures: failed ? [{ id: 'tcId 7', comment: 'normal case [Normal]', expected: 'the exact shared secret', got: 'ECDH gave 00' }] : [] },
      { suite: 'wycheproof/rsa_pss_misc', source: 'wycheproof', passed: 24, failed: 0, skipped: 126, acceptable: { passed: 0, failed: 0 },
        skipReasons: { 'MGF1 hash differs from message hash': 120, 'hash SHA-224 is not in the contract': 6 }, failures: [] },
    ],
    totals: { passed: 288, failed, skipped: 126 },
  });

  it('formatReport: table, acceptable, skip reasons, failures, verdict', () => {
    const text = formatReport(report('noble', 1));
    assert.match(text, /backend "noble" on node 20\.0\.0/);
    assert.match(text, /wycheproof\/x25519\s+264\s+1\s+0\s+223 accepted \/ 31 rejected/);
    assert.match(text, /wycheproof\/rsa_pss_misc: 120 × MGF1 hash differs from message hash/);
    assert.match(text, /tcId 7 — normal case \[Normal\]\n\s+expected: the exact shared secret\n\s+got:\s+ECDH gave 00/);
    assert.match(text, /result: FAIL \(1 failed\)/);
    assert.match(formatReport(report('noble', 0)), /result: PASS/);
  });

  it('formatMatrix: suites × backends, p/f/s cells, "-" where a suite did not run', () => {
    const partial = report('forge', 0);
    partial.suites = partial.suites.slice(1);
    const lines = formatMatrix([report('webcrypto', 0), partial]).split('\n');
    assert.match(lines[0]!, /suite.*webcrypto\s+forge/);
    assert.match(lines.find((l) => l.startsWith('wycheproof/x25519'))!, /264\/0\/0\s+-$/);
    assert.match(lines.find((l) => l.startsWith('wycheproof/rsa_pss_misc'))!, /24\/0\/126\s+24\/0\/126$/);
    assert.match(lines.at(-1)!, /^total\s+288\/0\/126\s+288\/0\/126$/);
  });
});
