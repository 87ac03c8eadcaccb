/**
 * Third-party data: the SHA-256 manifest against the pinned content (../shared, as CI has it), `fetchThirdParty` against
 * a local HTTP server on 127.0.0.1 serving tarballs built here from that content (a good one, a tampered one, a 404),
 * the loader's "not installed" handling (skipped with one line, or failed with it when required) and sampled runs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as tarCreate } from 'tar';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { formatReport, runConformance } from '@cryptoplug/conformance';
import {
  REQUIRE_ENV,
  VectorsFetchError,
  cacheDir,
  fetchThirdParty,
  loadSuites,
  locateThirdParty,
  missingLine,
  thirdPartyManifest,
  verifyThirdParty,
} from '@cryptoplug/conformance/node';

const manifest = thirdPartyManifest();

/** Sets environment variables for the duration of `fn` (undefined = unset). */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

describe('pinned manifest', () => {
  it('every pinned file is present with its SHA-256 in the data found here (the pinned content)', async () => {
    for (const name of ['wycheproof', 'jose-cookbook'] as const) {
      const loc = locateThirdParty(name);
      assert.ok(loc.found, missingLine(name));
      const check = await verifyThirdParty(name, loc.dir);
      assert.equal(check.checked, Object.keys(manifest[name].files).length);
      assert.deepEqual([check.missing, check.mismatched], [[], []]);
      assert.match(manifest[name].commit, /^[0-9a-f]{40}$/);
    }
    assert.ok(Object.keys(manifest.wycheproof.files).includes('testvectors_v1/ed25519_test.json'));
  });
});

describe('fetchThirdParty against a local server', () => {
  let tmp: string;
  let server: Server;
  let base: string;
  const archives = new Map<string, Buffer>();

  async function tarball(dir: string, top: string, entries: string[]): Promise<Buffer> {
    const file = join(tmp, `${top}.tar.gz`);
    await tarCreate({ gzip: true, cwd: dir, prefix: top, file }, entries);
    return readFileSync(file);
  }

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cryptoplug-fetch-'));
    const wp = locateThirdParty('wycheproof');
    const jc = locateThirdParty('jose-cookbook');
    assert.ok(wp.found && jc.found, 'the pinned data must be present to build the test archives');
    const wpPin = manifest.wycheproof;
    const jcPin = manifest['jose-cookbook'];
    // Archives laid out like codeload's: one top folder `<repo>-<commit>/`, plus a file the manifest does not list.
    archives.set(`/${wpPin.repository}/tar.gz/${wpPin.commit}`, await tarball(wp.dir, `wycheproof-${wpPin.commit}`, ['testvectors_v1', 'schemas', 'README.md']));
    archives.set(`/${jcPin.repository}/tar.gz/${jcPin.commit}`, await tarball(jc.dir, `cookbook-${jcPin.commit}`, readdirSync(jc.dir)));
    // The tampered cookbook: one example changed by one byte.
    const bad = join(tmp, 'bad-cookbook');
    cpSync(jc.dir, bad, { recursive: true });
    const victim = join(bad, 'jws', '4_3.ecdsa_signature.json');
    writeFileSync(victim, readFileSync(victim, 'utf8').replace('"ES512"', '"ES256"'));
    archives.set(`/tampered/ietf-jose/cookbook/tar.gz/${jcPin.commit}`, await tarball(bad, `cookbook-${jcPin.commit}`, readdirSync(bad)));
    server = createServer((req, res) => {
      const body = archives.get(req.url ?? '');
      if (!body) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads the pinned commits, verifies every file and installs them in the cache', async () => {
    const cache = join(tmp, 'cache-ok');
    await withEnv({ CRYPTOPLUG_CACHE_DIR: cache }, async () => {
      for (const name of ['wycheproof', 'jose-cookbook'] as const) {
        const r = await fetchThirdParty(name, { baseUrl: base });
        assert.equal(r.dir, cacheDir(name));
        assert.equal(r.files, Object.keys(manifest[name].files).length);
        const check = await verifyThirdParty(name, r.dir);
        assert.deepEqual([check.checked, check.missing.length, check.mismatched.length], [r.files, 0, 0]);
        assert.ok(existsSync(join(r.dir, '.cryptoplug-fetch.json')));
      }
      // only the manifest's files were unpacked (the archive's README is not)
      assert.ok(!existsSync(join(cacheDir('wycheproof'), 'README.md')));
      // the cache is what the loader uses when nothing else is there (the env var pointing at it is the simplest proof
      // here, since this repository has a sibling checkout)
      await withEnv({ CRYPTOPLUG_WYCHEPROOF_DIR: cacheDir('wycheproof') }, async () => {
        const loaded = await loadSuites({ suites: 'wycheproof/ed25519' });
        assert.ok(loaded.suites['wycheproof/ed25519']);
      });
    });
  });

  it('a file that does not match the manifest fails with ERR_CONFORMANCE_VECTORS_INTEGRITY and leaves no cache', async () => {
    const cache = join(tmp, 'cache-bad');
    await withEnv({ CRYPTOPLUG_CACHE_DIR: cache }, async () => {
      await assert.rejects(
        fetchThirdParty('jose-cookbook', { baseUrl: `${base}/tampered` }),
        (e: unknown) => e instanceof VectorsFetchError && e.code === 'ERR_CONFORMANCE_VECTORS_INTEGRITY' && /1 file\(s\) differ.*jws\/4_3\.ecdsa_signature\.json/.test(e.message),
      );
    });
    assert.ok(!existsSync(cache), 'nothing may be left behind');
  });

  it('a server without the archive fails with ERR_CONFORMANCE_VECTORS_DOWNLOAD and leaves no cache', async () => {
    const cache = join(tmp, 'cache-404');
    await withEnv({ CRYPTOPLUG_CACHE_DIR: cache }, async () => {
      await assert.rejects(fetchThirdParty('wycheproof', { baseUrl: `${base}/elsewhere` }), (e: unknown) => e instanceof VectorsFetchError && e.code === 'ERR_CONFORMANCE_VECTORS_DOWNLOAD' && /HTTP 404/.test(e.message));
    });
    assert.ok(!existsSync(cache));
  });
});

describe('Wycheproof not installed', () => {
  let empty: string;
  before(() => {
    empty = mkdtempSync(join(tmpdir(), 'cryptoplug-empty-'));
  });
  after(() => rmSync(empty, { recursive: true, force: true }));

  it('is skipped with one line saying how to get it, and the run passes on the repository vectors', async () => {
    const report = await withEnv({ CRYPTOPLUG_WYCHEPROOF_DIR: empty, [REQUIRE_ENV]: undefined }, async () => {
      const loaded = await loadSuites({ suites: 'wycheproof/hmac_*,vectors/primitives/symmetric' });
      assert.deepEqual(Object.keys(loaded.unavailable ?? {}).sort(), ['wycheproof/hmac_sha256', 'wycheproof/hmac_sha384', 'wycheproof/hmac_sha512']);
      assert.deepEqual(loaded.missing, {});
      return runConformance(await createWebCryptoBackend(), loaded, { suites: 'wycheproof/hmac_*,vectors/primitives/symmetric' });
    });
    assert.equal(report.totals.failed, 0);
    assert.ok(report.totals.passed > 0);
    assert.deepEqual(report.unavailable, [missingLine('wycheproof')]);
    const text = formatReport(report);
    assert.equal(text.split('\n').filter((l) => l.includes('npx cryptoplug vectors fetch')).length, 1);
    assert.match(text, /3 suite\(s\) skipped: Wycheproof vectors not found/);
    assert.match(text, /result: PASS$/);
  });

  it('fails with that same line when the data is required (CRYPTOPLUG_REQUIRE_THIRD_PARTY=1, as npm test sets)', async () => {
    const report = await withEnv({ CRYPTOPLUG_WYCHEPROOF_DIR: empty, [REQUIRE_ENV]: '1' }, async () => {
      const loaded = await loadSuites({ suites: 'wycheproof/ed25519' });
      assert.equal(loaded.missing!['wycheproof/ed25519'], missingLine('wycheproof'));
      return runConformance(await createWebCryptoBackend(), loaded, { suites: 'wycheproof/ed25519' });
    });
    assert.equal(report.totals.failed, 1);
    assert.equal(report.suites[0]!.failures[0]!.got, missingLine('wycheproof'));
  });
});

describe('sampled runs (the quick plan)', () => {
  it('runs at most `sample` tests per suite, spread over the file, and says so', async () => {
    const loaded = await loadSuites({ suites: 'wycheproof/ecdsa_secp256r1_sha256_p1363,vectors/primitives/keys' });
    const backend = await createWebCryptoBackend();
    const report = await runConformance(backend, loaded, { suites: 'wycheproof/ecdsa_secp256r1_sha256_p1363,vectors/primitives/keys', sample: 8 });
    const ecdsa = report.suites[0]!;
    assert.equal(ecdsa.passed + ecdsa.failed + ecdsa.skipped + ecdsa.acceptable.passed + ecdsa.acceptable.failed, 8);
    assert.equal(report.sample, 8);
    assert.match(formatReport(report), /quick plan: at most 8 tests per suite/);
    const full = await runConformance(backend, loaded, { suites: 'vectors/primitives/keys' });
    assert.equal(report.suites[1]!.passed, full.suites[0]!.passed, 'the keys suite is never sampled');
    await assert.rejects(runConformance(backend, loaded, { sample: 0 }), /sample must be a positive integer/);
  });
});
