/**
 * The server (static page, Wycheproof only when found and only the catalogue's files), the import schema against the
 * real producers (the CLI's `conformance --json`; `bench --json` is checked in browser.test.ts), malformed imports, and
 * the page's bundle-size budget.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CryptoplugError } from '@cryptoplug/core';
import { EXPLORER_ERROR_CODES, SITE_DIR, buildServer, startExplorer } from '../src/index.js';
import { parseImport, parseImportText } from '../src/import.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(PKG, '..', 'cli', 'dist', 'main.js');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `a CryptoplugError, got ${String(e)}`);
    return e.code;
  }
  return undefined;
}

async function asyncCode(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `a CryptoplugError, got ${String(e)}`);
    return e.code;
  }
  return undefined;
}

test('the built page is served; Wycheproof only the catalogue files, only when found', async (t) => {
  assert.ok(existsSync(join(SITE_DIR, 'index.html')), 'build first');
  const dir = mkdtempSync(join(tmpdir(), 'explorer-wp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'testvectors_v1'));
  // One catalogue file (content is the server's business only as bytes) and one file outside the catalogue.
  writeFileSync(join(dir, 'testvectors_v1', 'x25519_test.json'), '{"algorithm":"XDH","testGroups":[]}');
  writeFileSync(join(dir, 'testvectors_v1', 'secret.json'), '{}');
  writeFileSync(join(dir, 'README.md'), 'not served');

  const { app, wycheproof } = buildServer({ wycheproofDir: dir });
  t.after(() => app.close());
  assert.deepEqual('files' in wycheproof ? wycheproof.files : wycheproof, ['x25519_test.json']);
  const get = (url: string) => app.inject({ method: 'GET', url });

  const index = await get('/');
  assert.equal(index.statusCode, 200);
  assert.match(index.headers['content-type'] as string, /text\/html/);
  assert.match(index.body, /<script type="module" src="app.js">/);
  for (const f of ['app.js', 'worker.js', 'style.css', 'data/vectors.json', 'run.schema.json']) assert.equal((await get(`/${f}`)).statusCode, 200, f);
  assert.match((await get('/app.js')).headers['content-type'] as string, /javascript/);

  assert.deepEqual(JSON.parse((await get('/wycheproof/index.json')).body), { files: ['x25519_test.json'] });
  assert.equal((await get('/wycheproof/x25519_test.json')).body, '{"algorithm":"XDH","testGroups":[]}');
  for (const bad of ['/wycheproof/secret.json', '/wycheproof/..%2FREADME.md', '/wycheproof/../README.md', '/wycheproof/%2e%2e/README.md', '/README.md']) {
    const r = await get(bad);
    assert.equal(r.statusCode, 404, bad);
    assert.doesNotMatch(r.body, /not served/, bad);
  }

  // No Wycheproof: the page is served, /wycheproof/* is 404 (the page then shows the full plan's Wycheproof part as unavailable).
  const empty = mkdtempSync(join(tmpdir(), 'explorer-nowp-'));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const none = buildServer({ wycheproofDir: empty });
  t.after(() => none.app.close());
  assert.ok('unavailable' in none.wycheproof);
  assert.equal((await none.app.inject({ method: 'GET', url: '/wycheproof/index.json' })).statusCode, 404);
  assert.equal((await none.app.inject({ method: 'GET', url: '/' })).statusCode, 200);
});

test('startExplorer: listens on loopback, a port in use and a missing build are typed errors', async (t) => {
  const s = await startExplorer({ port: 0, wycheproofDir: false });
  t.after(() => s.close());
  assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const res = await fetch(s.url);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /cryptoplug explorer/);

  assert.equal(await asyncCode(() => startExplorer({ port: s.port, wycheproofDir: false })), 'ERR_EXPLORER_LISTEN');
  assert.equal(await asyncCode(() => startExplorer({ port: 70000 })), 'ERR_EXPLORER_LISTEN');
  assert.equal(code(() => buildServer({ siteDir: join(tmpdir(), 'no-such-explorer-site') })), 'ERR_EXPLORER_SITE_MISSING');
  assert.ok(EXPLORER_ERROR_CODES.includes('ERR_EXPLORER_IMPORT_INVALID'));
});

test('import: the real `conformance --json` output (one report, and an array) is accepted', { skip: existsSync(CLI) ? false : 'the CLI is not built' }, () => {
  const one = spawnSync(process.execPath, [CLI, 'conformance', '--backend', 'noble', '--suite', 'vectors/primitives/ecdh', '--json'], { encoding: 'utf8' });
  assert.equal(one.status, 0, one.stderr);
  const run = parseImportText(one.stdout, 'noble.json');
  assert.equal(run.kind, 'conformance');
  assert.deepEqual(run.conformance!.map((r) => r.backend), ['noble']);
  assert.ok(run.conformance![0]!.totals.passed > 0);

  const all = spawnSync(process.execPath, [CLI, 'conformance', '--backend', 'all', '--suite', 'vectors/primitives/ecdh', '--json'], { encoding: 'utf8' });
  assert.equal(all.status, 0, all.stderr);
  const many = parseImportText(all.stdout, 'all.json');
  assert.deepEqual(many.conformance!.map((r) => r.backend).sort(), ['forge', 'noble', 'node', 'webcrypto']);
});

test('import: malformed files are ERR_EXPLORER_IMPORT_INVALID naming the field', () => {
  const bench = { meta: { date: '2026-01-01T00:00:00Z', node: 'v20', platform: 'linux x64', cpus: 2, cpuModel: 'x', options: { slotMs: 40, rounds: 3, inflight: 8, quick: true } }, operations: [], ratios: [] };
  assert.equal(parseImport(bench, 'b').kind, 'bench');
  const cases: Array<[unknown, RegExp]> = [
    ['not json at all', /./],
    [{ ...bench, operations: [{ id: 'x', group: 'primitive', results: [{ name: 'a', kind: 'raw', ok: true, opsPerSec: '12', spread: 0, rounds: [] }] }] }, /operations\.0\.results\.0\.opsPerSec/],
    [{ ...bench, meta: { ...bench.meta, cpus: -1 } }, /meta\.cpus/],
    [{ ...bench, ratios: [{ operation: 'x', contestant: 'a', baseline: 'b', ratio: 1, mode: 'sideways' }] }, /ratios\.0\.mode/],
    [[], /empty list/],
    [{ backend: 'noble', runtime: 'node', suites: 'all', totals: { passed: 1, failed: 0, skipped: 0 } }, /not a conformance report: 0\.suites/],
    [{ format: 'cryptoplug-explorer-run', version: 2 }, /not an explorer run: version/],
    [{ hello: 'world' }, /not an explorer run, a bench report/],
    [null, /not an explorer run, a bench report/],
  ];
  for (const [value, why] of cases) {
    try {
      if (typeof value === 'string') parseImportText(value);
      else parseImport(value);
      assert.fail(`accepted ${JSON.stringify(value).slice(0, 80)}`);
    } catch (e) {
      assert.ok(e instanceof CryptoplugError);
      assert.equal(e.code, 'ERR_EXPLORER_IMPORT_INVALID');
      assert.match(e.message, why);
      assert.doesNotMatch(e.message, /\n/);
    }
  }
});

/**
 * Bundle-size budget (build.json is written by the build; `npm run build` prints the same numbers).
 *
 * - The page (app.js and the chunks it imports statically — what must arrive before anything renders): ≤ 256 KiB
 *   minified, ≤ 96 KiB gzip. chart.js's bar chart is ~150 KiB of it, zod/mini ~22 KiB, the page ~25 KiB; nothing of the
 *   crypto stack may leak into it (it lives in the workers).
 * - All JavaScript (page + worker + chunks): ≤ 1 MiB minified, ≤ 320 KiB gzip. The worker carries every backend and
 *   what they need: node-forge ~290 KiB (not tree-shakable), core with @peculiar/asn1-* and asn1js ~130 KiB, @noble/*
 *   ~80 KiB, panva jose ~20 KiB (the reference the JOSE rows compare with), the conformance runner and JOSE. At
 *   ~870 KiB / ~270 KiB gzip today, the budget leaves ~15% for growth; a bigger jump should be a decision, not drift.
 * - The bundled vectors (fetched as data by the workers, not parsed as code): ≤ 1 MiB.
 */
test('bundle size stays within the budget', (t) => {
  const build = JSON.parse(readFileSync(join(SITE_DIR, 'build.json'), 'utf8')) as {
    files: Record<string, { bytes: number; gzip: number }>;
    js: { bytes: number; gzip: number };
    data: { bytes: number; gzip: number };
  };
  // The page's static import graph: app.js and the chunks it (transitively) imports without import().
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(join(SITE_DIR, file), 'utf8');
    for (const m of src.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.js)"/g)) visit(posix.join(posix.dirname(file), m[1]!));
  };
  visit('app.js');
  const page = [...seen].reduce((s, f) => ({ bytes: s.bytes + build.files[f]!.bytes, gzip: s.gzip + build.files[f]!.gzip }), { bytes: 0, gzip: 0 });
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  t.diagnostic(`page (${[...seen].join(', ')}): ${kib(page.bytes)}, ${kib(page.gzip)} gzip`);
  t.diagnostic(`all JavaScript: ${kib(build.js.bytes)}, ${kib(build.js.gzip)} gzip; vectors: ${kib(build.data.bytes)}, ${kib(build.data.gzip)} gzip`);
  assert.ok(page.bytes <= 256 * 1024, `page ${kib(page.bytes)} > 256 KiB`);
  assert.ok(page.gzip <= 96 * 1024, `page ${kib(page.gzip)} gzip > 96 KiB`);
  assert.ok(build.js.bytes <= 1024 * 1024, `JavaScript ${kib(build.js.bytes)} > 1 MiB`);
  assert.ok(build.js.gzip <= 320 * 1024, `JavaScript ${kib(build.js.gzip)} gzip > 320 KiB`);
  assert.ok(build.data.bytes <= 1024 * 1024, `vectors ${kib(build.data.bytes)} > 1 MiB`);
  // The crypto stack stays out of the page: no backend code in its static graph.
  for (const f of seen) assert.doesNotMatch(readFileSync(join(SITE_DIR, f), 'utf8'), /node:crypto is not available|forge\.pki/, `${f} carries backend code`);
});

test('conformance plans: quick samples every suite, full runs them whole; Wycheproof only where served', async () => {
  const { listSuites } = await import('@cryptoplug/conformance');
  const { makePlan, QUICK_SAMPLE } = await import('../src/web/plans.js');
  const catalogue = listSuites();
  const wp = catalogue.filter((s) => s.source === 'wycheproof');
  const vec = catalogue.filter((s) => s.source === 'vectors');

  const none = makePlan('quick', catalogue, { unavailable: 'not served here' });
  assert.deepEqual(none.suites.map((s) => s.name), vec.map((s) => s.name));
  assert.ok(none.suites.every((s) => s.sample === QUICK_SAMPLE && s.url === 'data/vectors.json'));
  assert.deepEqual(none.unavailable, wp.map((s) => s.name));

  const served = { files: ['x25519_test.json', 'ed25519_test.json'] };
  const full = makePlan('full', catalogue, served);
  assert.deepEqual(full.suites.filter((s) => s.source === 'wycheproof').map((s) => [s.name, s.url]), [
    ['wycheproof/ed25519', 'wycheproof/ed25519_test.json'],
    ['wycheproof/x25519', 'wycheproof/x25519_test.json'],
  ]);
  assert.ok(full.suites.every((s) => s.sample === undefined));
  assert.equal(full.unavailable.length, wp.length - 2);
  assert.match(full.description, /^Full: 5 vector suites \+ 2 Wycheproof suites, every test\.$/);
});
