/**
 * Pack and install, as a user gets cryptoplug from a registry: `npm pack` every public workspace package (every one
 * without `"private": true`), `npm install` the tarballs into an empty project in a temporary directory outside the
 * repository (third-party dependencies come from the registry or npm's cache), and run the installed `cryptoplug` there:
 * `--help`, `keygen`, `jwt sign` + `jwt verify`, `jwe encrypt` + `decrypt`, `conformance --backend webcrypto --quick`
 * (the packaged vectors run, Wycheproof is not installed: skipped with one line, PASS), and `vectors fetch` from a local
 * server on 127.0.0.1 (a tarball of the pinned data built here) after which the Wycheproof suites run from the cache.
 * Nothing in the project can reach the repository: no workspace root above it, no sibling shared/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { c as tarCreate } from 'tar';
import { locateThirdParty, thirdPartyManifest } from '@cryptoplug/conformance/node';
import { repoRoot } from './helpers.js';

const ROOT = repoRoot();
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment of a user: none of npm test's variables (third-party data, npm run's npm_* settings). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CRYPTOPLUG_') && !k.startsWith('npm_')) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** The public workspace packages: every packages/* and apps/* manifest without `"private": true`. */
function publicPackages(): Array<{ name: string; dir: string }> {
  const out: Array<{ name: string; dir: string }> = [];
  for (const group of ['packages', 'apps']) {
    for (const d of readdirSync(join(ROOT, group)).sort()) {
      const manifest = join(ROOT, group, d, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; private?: boolean };
      if (!pkg.private) out.push({ name: pkg.name, dir: join(group, d) });
    }
  }
  return out;
}

describe('pack and install into an empty project', { timeout: 300_000 }, () => {
  let tmp: string;
  let project: string;
  let server: Server;
  let base: string;

  /** The installed command: through npx for --help (as a user types it), else the bin npm linked (the same shim, faster). */
  function npx(args: string[], input?: string, env: Record<string, string> = {}) {
    const viaNpx = args[0] === '--help';
    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'cryptoplug.cmd' : 'cryptoplug');
    const r = spawnSync(viaNpx ? NPX : bin, viaNpx ? ['cryptoplug', ...args] : args, { cwd: project, env: userEnv(env), input: input ?? '', encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  before(async () => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cryptoplug-pack-')));
    const tarballs = join(tmp, 'tarballs');
    mkdirSync(tarballs);
    const pkgs = publicPackages();
    const pack = spawnSync(NPM, ['pack', '--json', '--pack-destination', tarballs, ...pkgs.flatMap((p) => ['--workspace', p.dir])], { cwd: ROOT, env: userEnv(), encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const packed = JSON.parse(pack.stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    console.log(`packed ${packed.length} packages: ${packed.map((p) => p.name).join(', ')}`);
    assert.deepEqual(packed.map((p) => p.name).sort(), pkgs.map((p) => p.name).sort());
    const cliPack = packed.find((p) => p.name === 'cryptoplug')!;
    assert.ok(cliPack.files.some((f) => f.path === 'bin/cryptoplug.js'), 'the bin shim is published');
    const conf = packed.find((p) => p.name === '@cryptoplug/conformance')!;
    assert.ok(conf.files.some((f) => f.path === 'vectors/primitives/keys.json') && conf.files.some((f) => f.path === 'data/third-party.json'), 'the conformance package carries its data');

    // npm publish would send these manifests as they are (it auto-corrects and drops e.g. a `./`-prefixed bin otherwise)
    const dry = spawnSync(NPM, ['publish', '--dry-run', ...pkgs.flatMap((p) => ['--workspace', p.dir])], { cwd: ROOT, env: userEnv(), encoding: 'utf8' });
    assert.doesNotMatch(dry.stderr, /auto-corrected|was invalid and removed/);

    project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-install-check', version: '1.0.0', private: true, type: 'module' }));
    const files = packed.map((p) => join(tarballs, p.filename));
    const install = spawnSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files], { cwd: project, env: userEnv(), encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);

    // The pinned Wycheproof data as codeload would serve it, for `vectors fetch`.
    const wp = locateThirdParty('wycheproof');
    assert.ok(wp.found, 'the pinned Wycheproof data is needed to build the test archive');
    const pin = thirdPartyManifest().wycheproof;
    const archive = join(tmp, 'wycheproof.tar.gz');
    await tarCreate({ gzip: true, cwd: wp.dir, prefix: `wycheproof-${pin.commit}`, file: archive }, ['testvectors_v1', 'schemas']);
    const body = readFileSync(archive);
    server = createServer((req, res) => {
      if (req.url !== `/${pin.repository}/tar.gz/${pin.commit}`) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (server) await new Promise((r) => server.close(r));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('npx cryptoplug --help', () => {
    const r = npx(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: cryptoplug/);
    assert.match(r.stdout, /\bconformance\b/);
  });

  it('keygen, jwt sign + verify (and a tampered token fails)', () => {
    const k = npx(['keygen', '--type', 'ec-p256', '--out', 'keys/']);
    assert.equal(k.code, 0, k.stderr);
    assert.match(readFileSync(join(project, 'keys', 'private.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const s = npx(['jwt', 'sign', '--alg', 'ES256', '--key', 'keys/private.pem', '--claims', '{"sub":"alice"}']);
    assert.equal(s.code, 0, s.stderr);
    const token = s.stdout.trim();
    assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    writeFileSync(join(project, 't.jwt'), token);
    const v = npx(['jwt', 'verify', '--alg', 'ES256', '--key', 'keys/public.pem', '@t.jwt']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /"sub":\s*"alice"/);
    const [h, p, sig] = token.split('.');
    const tampered = `${h}.${Buffer.from('{"sub":"mallory"}').toString('base64url')}.${sig}`;
    const bad = npx(['jwt', 'verify', '--alg', 'ES256', '--key', 'keys/public.pem', tampered]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error ERR_\w+: /);
    assert.ok(p);
  });

  it('jwe encrypt + decrypt', () => {
    writeFileSync(join(project, 'secret.txt'), 'the eagle lands at noon\n');
    const e = npx(['jwe', 'encrypt', '--alg', 'ECDH-ES+A256KW', '--enc', 'A256GCM', '--key', 'keys/public.pem', 'secret.txt']);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.stdout.trim().split('.').length, 5);
    writeFileSync(join(project, 's.jwe'), e.stdout);
    const d = npx(['jwe', 'decrypt', '--key', 'keys/private.pem', '@s.jwe']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout, 'the eagle lands at noon\n');
  });

  it('conformance --backend webcrypto --quick: packaged vectors run, Wycheproof skipped with one line, PASS', () => {
    const r = npx(['conformance', '--backend', 'webcrypto', '--quick'], undefined, { CRYPTOPLUG_CACHE_DIR: join(tmp, 'cache') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^vectors\/primitives\/keys +[1-9]\d* +0 +0$/m);
    assert.match(r.stdout, /^38 suite\(s\) skipped: Wycheproof vectors not found: run "npx cryptoplug vectors fetch"/m);
    assert.match(r.stdout, /result: PASS\n$/);
  });

  it('vectors fetch (from a local server) fills the cache, and the Wycheproof suites then run from it', async () => {
    const env = userEnv({ CRYPTOPLUG_CACHE_DIR: join(tmp, 'cache'), CRYPTOPLUG_VECTORS_BASE_URL: base });
    // async: the server answering the download lives in this process
    const f = await promisify(execFile)(join(project, 'node_modules', '.bin', 'cryptoplug'), ['vectors', 'fetch', '--only', 'wycheproof'], { cwd: project, env });
    assert.match(f.stdout, /^wycheproof: 98 files verified in /m);
    const s = npx(['vectors', 'status'], undefined, { CRYPTOPLUG_CACHE_DIR: join(tmp, 'cache') });
    assert.match(s.stdout, /^wycheproof: .*\(the vectors fetch cache\); matches the pinned manifest \(98 files\)$/m);
    const r = npx(['conformance', '--backend', 'webcrypto', '--quick', '--suite', 'wycheproof/ed25519'], undefined, { CRYPTOPLUG_CACHE_DIR: join(tmp, 'cache') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wycheproof\/ed25519 +16 +0 +0/m);
  });
});
