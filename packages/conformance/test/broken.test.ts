/**
 * The runner can fail: deliberately broken backends (WebCrypto's implementation with one operation sabotaged, wrapped
 * by core's defineBackend so every input check still runs) must produce failures — on exactly the tests the sabotage
 * affects, read from the raw suite data.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OperationFailedError, UnsupportedError, capabilitiesWith, defineBackend, type Backend, type BackendImpl, type Capabilities } from '@cryptoplug/core';
import { createWebCryptoBackend, webcryptoImpl } from '@cryptoplug/backend-webcrypto';
import { runConformance, runCrossMatrix, type ConformanceReport, type LoadedSuites } from '@cryptoplug/conformance';
import { loadCrossKeys, loadSuites } from '@cryptoplug/conformance/node';

type WycheproofFile = { testGroups: Array<{ tests: Array<{ tcId: number; result: string }> }> };

function tcIds(data: LoadedSuites, suite: string, result: string): string[] {
  const file = data.suites[suite] as WycheproofFile;
  return file.testGroups.flatMap((g) => g.tests.filter((t) => t.result === result).map((t) => `tcId ${t.tcId}`));
}

function suite(report: ConformanceReport, name: string) {
  const s = report.suites.find((r) => r.suite === name);
  assert.ok(s, `suite ${name} missing from the report`);
  return s;
}

const SUITES = [
  'wycheproof/ecdsa_secp256r1_sha256_p1363',
  'wycheproof/ed25519',
  'wycheproof/ecdh_secp256r1',
  'wycheproof/x25519',
  'wycheproof/aes_gcm',
  'vectors/primitives/signatures',
  'vectors/primitives/ecdh',
  'vectors/primitives/oaep',
  'vectors/primitives/symmetric',
].join(',');

describe('broken backends fail', () => {
  let data: LoadedSuites;
  let caps: Capabilities;
  let good: BackendImpl;

  before(async () => {
    data = await loadSuites({ suites: SUITES });
    caps = (await createWebCryptoBackend()).capabilities();
    good = webcryptoImpl(caps);
  });

  const broken = (name: string, overrides: Partial<BackendImpl>): Backend => defineBackend({ ...good, ...overrides, name });

  it('verify that always returns true: invalid signatures fail, valid ones still pass', async () => {
    const b = broken('verify-true', { verify: () => true });
    const r = await runConformance(b, data, { suites: 'wycheproof/ecdsa_secp256r1_sha256_p1363,wycheproof/ed25519,vectors/primitives/signatures' });
    for (const name of ['wycheproof/ecdsa_secp256r1_sha256_p1363', 'wycheproof/ed25519']) {
      const s = suite(r, name);
      const invalid = new Set(tcIds(data, name, 'invalid'));
      assert.ok(s.failed > 0, `${name}: no failure`);
      for (const f of s.failures) {
        assert.ok(invalid.has(f.id), `${name}: ${f.id} failed but is not an invalid test`);
        assert.equal(f.got, 'accepted');
      }
      assert.equal(s.passed + s.failed, tcIds(data, name, 'valid').length + invalid.size);
    }
    const v = suite(r, 'vectors/primitives/signatures');
    assert.ok(v.failures.length > 100 && v.failures.every((f) => /-(badmsg|badsig|wrongkey)$/.test(f.id)), 'vectors: invalid ids fail');
    assert.ok(r.totals.failed > 0);
  });

  it('ECDH that returns zeros: every valid shared-secret test fails', async () => {
    const b = broken('ecdh-zeros', { deriveSharedSecret: (priv) => new Uint8Array(priv.curve === 'P-256' || priv.curve === 'X25519' ? 32 : priv.curve === 'P-384' ? 48 : 66) });
    const r = await runConformance(b, data, { suites: 'wycheproof/ecdh_secp256r1,wycheproof/x25519,vectors/primitives/ecdh' });
    for (const name of ['wycheproof/ecdh_secp256r1', 'wycheproof/x25519']) {
      const s = suite(r, name);
      const failed = new Set(s.failures.map((f) => f.id));
      // Valid tests whose true shared secret is all zero (ecdh_secp256r1 tcId 3: x-coordinate 0) are rightly passed.
      const file = data.suites[name] as { testGroups: Array<{ tests: Array<{ tcId: number; result: string; shared: string }> }> };
      const nonZero = file.testGroups.flatMap((g) => g.tests).filter((t) => t.result === 'valid' && /[^0]/.test(t.shared));
      assert.ok(nonZero.length > 250);
      for (const t of nonZero) assert.ok(failed.has(`tcId ${t.tcId}`), `${name} tcId ${t.tcId} (valid) did not fail`);
    }
    // 8 pairs, each from the DER files and from the JWK files
    assert.equal(suite(r, 'vectors/primitives/ecdh').failed, 16);
    assert.equal(suite(r, 'vectors/primitives/ecdh').passed, 0);
  });

  it('AES-GCM decrypt that ignores the tag: the modified-tag (invalid) tests fail', async () => {
    // GCM is CTR mode plus a tag: "encrypting" the ciphertext with the same key and IV yields the plaintext, unauthenticated.
    const b = broken('gcm-no-tag-check', {
      aesGcmDecrypt: async (key, iv, ct, _tag, aad) => (await good.aesGcmEncrypt!(key, iv, ct, aad)).ciphertext,
    });
    const r = await runConformance(b, data, { suites: 'wycheproof/aes_gcm' });
    const s = suite(r, 'wycheproof/aes_gcm');
    const failed = new Set(s.failures.map((f) => f.id));
    const modifiedTag = (data.suites['wycheproof/aes_gcm'] as { testGroups: Array<{ tests: Array<{ tcId: number; flags: string[] }> }> }).testGroups
      .flatMap((g) => g.tests)
      .filter((t) => t.flags.includes('ModifiedTag'))
      .map((t) => `tcId ${t.tcId}`);
    assert.ok(modifiedTag.length > 50);
    for (const id of modifiedTag) assert.ok(failed.has(id), `${id} (modified tag) was not a failure`);
  });

  it('hmacVerify that always returns true: every flipped-tag test fails, nothing else', async () => {
    const b: Backend = { ...(await createWebCryptoBackend()), name: 'hmac-verify-true' };
    b.hmacVerify = async () => true;
    const s = suite(await runConformance(b, data, { suites: 'vectors/primitives/symmetric' }), 'vectors/primitives/symmetric');
    const flipped = (data.suites['vectors/primitives/symmetric'] as { hmac: unknown[] }).hmac.length;
    assert.ok(flipped > 0);
    assert.equal(s.failed, flipped);
    assert.ok(s.failures.every((f) => f.id.endsWith('/verify-flipped') && f.got.includes('gave true')), JSON.stringify(s.failures[0]));
  });

  it('RSA-OAEP decryption failures with another code than ERR_DECRYPTION_FAILED: every invalid vector fails', async () => {
    // On the Backend object itself: defineBackend maps an implementation's decryption errors to ERR_DECRYPTION_FAILED.
    const web = await createWebCryptoBackend();
    const b: Backend = { ...web, name: 'oaep-wrong-code' };
    b.oaepDecrypt = async (p, key, ct) => {
      try {
        return await web.oaepDecrypt(p, key, ct);
      } catch {
        throw new OperationFailedError('decryption failed somehow');
      }
    };
    const s = suite(await runConformance(b, data, { suites: 'vectors/primitives/oaep' }), 'vectors/primitives/oaep');
    const invalid = (data.suites['vectors/primitives/oaep'] as { tests: Array<{ id: string; valid: boolean }> }).tests.filter((t) => !t.valid);
    assert.ok(invalid.length > 0);
    assert.deepEqual(s.failures.map((f) => f.id).sort(), invalid.map((t) => t.id).sort());
    assert.ok(s.failures.every((f) => f.got.includes('ERR_OPERATION_FAILED instead of ERR_DECRYPTION_FAILED')));
  });

  it('cross matrix: a backend with a wrong AES-CBC and a wrong HMAC fails exactly those cells against a good one', async () => {
    const web = await createWebCryptoBackend();
    const bad = broken('bad', {
      aesCbcEncrypt: async (key, iv, pt) => {
        const ct = await good.aesCbcEncrypt!(key, iv, pt);
        ct[0]! ^= 1;
        return ct;
      },
      hmac: async (hash, key, msg) => (await good.hmac!(hash, key, msg)).map((x, i) => (i === 3 ? x ^ 0x80 : x)),
    });
    const r = await runCrossMatrix([web, bad], await loadCrossKeys());
    const failing = new Set(r.cells.filter((c) => c.failed > 0).map((c) => `${c.operation} ${c.from}→${c.to}`));
    assert.deepEqual([...failing].sort(), ['AES-CBC bad→bad', 'AES-CBC bad→webcrypto', 'AES-CBC webcrypto→bad', 'HMAC bad→webcrypto', 'HMAC webcrypto→bad']);
    assert.ok(r.cells.some((c) => c.operation === 'RSA-OAEP' && c.failed === 0 && c.passed > 0));
  });

  it('a non-CryptoplugError throw is a failure, on invalid tests too', async () => {
    const b: Backend = { ...(await createWebCryptoBackend()) };
    b.verify = async () => {
      throw new TypeError('boom');
    };
    const r = await runConformance(b, data, { suites: 'wycheproof/ed25519' });
    const s = suite(r, 'wycheproof/ed25519');
    assert.equal(s.passed, 0);
    assert.equal(s.failed, tcIds(data, 'wycheproof/ed25519', 'valid').length + tcIds(data, 'wycheproof/ed25519', 'invalid').length);
    assert.ok(s.failures.every((f) => f.got.startsWith('crash: TypeError')));
  });

  it('a backend that claims ECDSA but answers ERR_UNSUPPORTED to every call fails the suite (rejections alone prove nothing)', async () => {
    const b = broken('unsupported-liar', {
      verify: () => {
        throw new UnsupportedError('not really');
      },
    });
    const r = await runConformance(b, data, { suites: 'wycheproof/ecdsa_secp256r1_sha256_p1363' });
    const s = suite(r, 'wycheproof/ecdsa_secp256r1_sha256_p1363');
    const valid = tcIds(data, 'wycheproof/ecdsa_secp256r1_sha256_p1363', 'valid').length;
    assert.equal(s.skipped, valid);
    assert.deepEqual(Object.keys(s.skipReasons), ['ERR_UNSUPPORTED: not really']);
    assert.equal(s.failed, 1);
    assert.equal(s.failures[0]!.id, 'suite');
    assert.match(s.failures[0]!.comment, /every valid test came back ERR_UNSUPPORTED/);
  });

  it('a backend that claims nothing skips everything, with reasons, and does not fail', async () => {
    const none: Capabilities = capabilitiesWith({});
    const b = defineBackend({ name: 'empty', capabilities: () => none });
    const r = await runConformance(b, data, { suites: SUITES });
    assert.equal(r.totals.failed, 0);
    assert.equal(r.totals.passed, 0);
    for (const s of r.suites) {
      assert.ok(s.skipped > 0, s.suite);
      assert.ok(Object.keys(s.skipReasons).every((k) => k.startsWith('backend does not support')), `${s.suite}: ${Object.keys(s.skipReasons).join(', ')}`);
    }
  });
});
