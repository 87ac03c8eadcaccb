/**
 * Issue 13, install side: the committed bin shim, `status` (quick plan, auto's rule once, legend, one PASS line),
 * `conformance --quick`, and how the CLI behaves when Wycheproof is not installed (CRYPTOPLUG_WYCHEPROOF_DIR pointing
 * at an empty folder: skipped with one line and PASS; a failure with that line when CRYPTOPLUG_REQUIRE_THIRD_PARTY=1),
 * `vectors status` and a `vectors fetch` that cannot download. The full fetch is tested in packages/conformance and,
 * from an installed CLI with no repository around it, in pack-install.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCode, type Run } from './helpers.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(PKG, 'bin', 'cryptoplug.js');
const MISSING = /^38 suite\(s\) skipped: Wycheproof vectors not found: run "npx cryptoplug vectors fetch" on a machine with internet access, or set CRYPTOPLUG_WYCHEPROOF_DIR to a checkout$/m;

function run(args: string[], env: Record<string, string | undefined> = {}): Run {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k]; else merged[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], { env: merged, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('bin', () => {
  it('is the committed executable shim, published with dist', () => {
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    assert.deepEqual(pkg.bin, { cryptoplug: 'bin/cryptoplug.js' }); // no leading ./: npm 11 drops such a bin at publish
    assert.ok(pkg.files.includes('bin') && pkg.files.includes('dist'));
    assert.equal(statSync(BIN).mode & 0o111, 0o111, 'executable');
    assert.match(readFileSync(BIN, 'utf8'), /^#!\/usr\/bin\/env node\n[\s\S]*import '\.\.\/dist\/main\.js';/);
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: cryptoplug/);
  });
});

describe('status', () => {
  it('lists backends, states auto\'s rule once, runs the quick plan with a legend and ends with one PASS line', () => {
    const r = run(['status', '--backend', 'webcrypto']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^backends available: .*webcrypto/m);
    assert.match(r.stdout, /auto picks, per operation, the first backend in the preference order \S+( > \S+)* that can do it/);
    assert.ok(!r.stdout.includes('first in preference order'), 'the rule is said once, not per row');
    assert.match(r.stdout, /^ {2}ECDSA P-256 +\S+$/m);
    assert.match(r.stdout, /quick plan: every suite on every backend, at most 16 tests per suite/);
    assert.match(r.stdout, /^wycheproof\/ecdsa_secp256r1_sha256_p1363 +16\/0\/0$/m);
    assert.match(r.stdout, /skipped = not supported by this backend/);
    const verdicts = r.stdout.split('\n').filter((l) => /^(PASS|FAIL)\b/.test(l));
    assert.equal(verdicts.length, 1);
    assert.match(verdicts[0]!, /^PASS: \d+ tests passed, 0 failed on 1 backend/);
  });
});

describe('without Wycheproof', () => {
  let empty: string;
  before(() => {
    empty = mkdtempSync(join(tmpdir(), 'cryptoplug-nowp-'));
  });
  after(() => rmSync(empty, { recursive: true, force: true }));

  it('conformance --quick runs the repository vectors, lists Wycheproof as skipped with one line, PASS, exit 0', () => {
    const r = run(['conformance', '--backend', 'webcrypto', '--quick'], { CRYPTOPLUG_WYCHEPROOF_DIR: empty, CRYPTOPLUG_REQUIRE_THIRD_PARTY: undefined });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wycheproof\/ed25519 +- +- +skipped +data not installed$/m);
    assert.match(r.stdout, /^vectors\/primitives\/signatures +[1-9]\d* +0 +0$/m);
    assert.match(r.stdout, MISSING);
    assert.equal(r.stdout.split('\n').filter((l) => l.includes('vectors fetch')).length, 1);
    assert.match(r.stdout, /result: PASS\n$/);
  });

  it('status says PASS with the same line; with CRYPTOPLUG_REQUIRE_THIRD_PARTY=1 conformance fails with it', () => {
    const ok = run(['status', '--backend', 'webcrypto'], { CRYPTOPLUG_WYCHEPROOF_DIR: empty, CRYPTOPLUG_REQUIRE_THIRD_PARTY: undefined });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, MISSING);
    assert.match(ok.stdout, /^PASS: /m);
    const required = run(['conformance', '--backend', 'webcrypto', '--quick', '--suite', 'wycheproof/ed25519,vectors/primitives/ecdh'], {
      CRYPTOPLUG_WYCHEPROOF_DIR: empty,
      CRYPTOPLUG_REQUIRE_THIRD_PARTY: '1',
    });
    assert.equal(errorCode(required), 'ERR_CONFORMANCE');
    assert.match(required.stdout, /got: +Wycheproof vectors not found: run "npx cryptoplug vectors fetch"/);
    assert.match(required.stdout, /result: FAIL \(1 failed\)/);
  });

  it('vectors status says what is found where; a fetch that cannot download is one typed error line', () => {
    const s = run(['vectors', 'status'], { CRYPTOPLUG_WYCHEPROOF_DIR: empty });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^wycheproof: not found \(pinned C2SP\/wycheproof@[0-9a-f]{40}\)$/m);
    assert.match(s.stdout, /^jose-cookbook: .* matches the pinned manifest \(32 files\)$/m);
    const cache = join(empty, 'cache');
    // port 9 on loopback (discard): nothing listens there, so the connection is refused at once
    const f = run(['vectors', 'fetch', '--only', 'wycheproof', '--base-url', 'http://127.0.0.1:9'], { CRYPTOPLUG_CACHE_DIR: cache });
    const lines = f.stderr.trim().split('\n');
    assert.equal(f.code, 1);
    assert.match(lines[lines.length - 1]!, /^error ERR_CONFORMANCE_VECTORS_DOWNLOAD: cannot download http:\/\/127\.0\.0\.1:9\/C2SP\/wycheproof\/tar\.gz\/[0-9a-f]{40}: /);
    assert.ok(!/\bat .*:\d+:\d+/.test(f.stderr), 'no stack trace');
    assert.throws(() => statSync(cache), 'no cache left behind');
    assert.equal(run(['vectors', 'fetch', '--only', 'nope']).code, 1);
  });
});

describe('npm ci', () => {
  it('approves exactly the install scripts of the lockfile (allowScripts; npm 12 skips unapproved ones)', () => {
    const root = join(PKG, '..', '..');
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const { allowScripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    const withScripts = new Set(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)));
    assert.ok(withScripts.size > 0, 'the lockfile has packages with install scripts');
    // every one approved (a new dependency with an install script must be reviewed and added), and no stale approval
    assert.deepEqual(Object.keys(allowScripts ?? {}).sort(), [...withScripts].sort());
    assert.ok(Object.values(allowScripts ?? {}).every((v) => v === true));
  });
});
