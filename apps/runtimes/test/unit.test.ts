/** Fast checks of the pieces (no runtime started): sampling, wire encoding, plans, the job server, known failures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeFiles, decodeFiles, fromBase64, toBase64, type InfoResult } from '../src/protocol.js';
import { countTests, sampleIndices, sampleSuite, sampleWycheproof } from '../src/sample.js';
import { makePlan } from '../src/host/plan.js';
import { JobServer } from '../src/host/server.js';
import { handleJob, pullLoop } from '../src/suite-entry.js';
import { classifyFailures, knownFailure, type KnownFailure } from '../src/host/known.js';
import type { MatrixReport, RuntimeReport } from '../src/host/matrix.js';
import { formatMarkdown, formatSummary } from '../src/host/report.js';

test('base64 round-trips every length and matches Buffer', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = new Uint8Array(randomBytes(n));
    const b64 = toBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(fromBase64(b64), bytes);
  }
  assert.throws(() => fromBase64('abc'), /not base64/);
  const files = { 'keys/a.der': new Uint8Array([1, 2, 3]), 'keys/b.pem': new TextEncoder().encode('-----BEGIN') };
  assert.deepEqual(decodeFiles(encodeFiles(files)), files);
});

test('sampleIndices: all when small, n evenly spaced otherwise, first always kept', () => {
  assert.deepEqual(sampleIndices(3, 5), [0, 1, 2]);
  assert.deepEqual(sampleIndices(10, 5), [0, 2, 4, 6, 8]);
  const idx = sampleIndices(1047, 32);
  assert.equal(idx.length, 32);
  assert.equal(new Set(idx).size, 32);
  assert.equal(idx[0], 0);
  assert.ok(idx[31]! > 1000);
});

test('sampleWycheproof keeps the group structure, drops empty groups and rewrites numberOfTests', () => {
  const file = {
    algorithm: 'X',
    numberOfTests: 12,
    testGroups: [
      { key: 'a', tests: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((tcId) => ({ tcId })) },
      { key: 'b', tests: [{ tcId: 11 }] },
      { key: 'c', tests: [{ tcId: 12 }] },
    ],
  };
  const s = sampleWycheproof(file, 4) as typeof file;
  assert.equal(s.numberOfTests, 4);
  assert.deepEqual(s.testGroups.flatMap((g) => g.tests.map((t) => t.tcId)), [1, 4, 7, 10]);
  assert.deepEqual(s.testGroups.map((g) => g.key), ['a']);
  assert.equal(file.testGroups[0]!.tests.length, 10, 'input untouched');
  const all = sampleWycheproof(file, 100) as typeof file;
  assert.equal(all.numberOfTests, 12);
  assert.equal(countTests('wycheproof/x', all), 12);
});

test('sampleSuite samples every vector array but never the key files', () => {
  const sym = { digest: Array.from({ length: 10 }, (_, i) => i), hmac: [1, 2], note: 'x' };
  assert.deepEqual(sampleSuite('vectors/primitives/symmetric', sym, 3), { digest: [0, 3, 6], hmac: [1, 2], note: 'x' });
  const keys = { keys: Array.from({ length: 50 }, (_, i) => i) };
  assert.equal(sampleSuite('vectors/primitives/keys', keys, 3), keys);
  assert.equal(countTests('vectors/primitives/symmetric', sym), 12);
});

test('plans: full everywhere; standard = Node full, pure-JS sampled elsewhere; ci = Node sampled', () => {
  const full = makePlan('full');
  const std = makePlan('standard');
  const ci = makePlan('ci');
  for (const b of ['node', 'webcrypto', 'noble', 'forge']) {
    assert.equal(full.tier('deno', b), 'full');
    assert.equal(std.tier('node', b), 'full');
    assert.equal(ci.tier('node', b), 'sampled');
  }
  assert.equal(std.tier('chromium', 'webcrypto'), 'full');
  assert.equal(std.tier('workerd', 'forge'), 'sampled');
  assert.equal(ci.tier('bun', 'node'), 'full');
  assert.equal(ci.tier('bun', 'noble'), 'sampled');
  assert.throws(() => makePlan('ci', 0));
});

test('job server + pull loop (in this Node process): info, then 204 ends the loop', async () => {
  const server = new JobServer();
  const base = await server.listen();
  const loop = pullLoop(base);
  try {
    const info = (await server.run({ kind: 'info' }, 60_000)) as InfoResult;
    assert.equal(info.kind, 'info');
    assert.equal(info.detected, 'node');
    assert.deepEqual(info.backends.map((b) => `${b.name}:${b.status}`).sort(), ['forge:available', 'noble:available', 'node:available', 'webcrypto:available']);
    assert.deepEqual(info.order, ['node', 'webcrypto', 'noble', 'forge']);
    assert.ok(info.auto.length > 10);
    const bad = await server.run({ kind: 'nope' } as never, 60_000);
    assert.equal(bad.kind, 'error');
  } finally {
    server.finish();
    await loop;
    await server.close();
  }
});

test('job server: a job that is never answered times out', async () => {
  const server = new JobServer();
  const base = await server.listen();
  const p = server.run({ kind: 'info' }, 200);
  const res = await fetch(`${base}/job`);
  assert.equal(res.status, 200);
  await res.text();
  await assert.rejects(p, /timed out/);
  server.finish();
  assert.equal((await fetch(`${base}/job`)).status, 204);
  assert.equal((await fetch(`${base.replace(/\/[^/]+$/, '/wrong')}/job`)).status, 404);
  await server.close();
});

test('handleJob turns a throwing job into an error result', async () => {
  const r = await handleJob({ kind: 'conformance', backend: 'no-such-backend', suites: 'vectors/primitives/ecdh', data: { suites: {} } });
  assert.equal(r.kind, 'error');
  assert.match(r.kind === 'error' ? r.error : '', /no-such-backend/);
});

function fakeRuntime(over: Partial<RuntimeReport>): RuntimeReport {
  return {
    id: 'deno',
    label: 'Deno',
    how: 'x',
    status: 'ran',
    expectedRuntime: 'deno',
    backends: [{ name: 'webcrypto', status: 'available' }],
    order: ['webcrypto'],
    auto: [{ operation: 'digest', backend: 'webcrypto', reason: 'first' }],
    runs: [],
    problems: [],
    failures: 0,
    ms: 1,
    ...over,
  };
}

function suite(name: string, failed: number) {
  return { suite: name, source: 'vectors' as const, passed: 1, failed, skipped: 0, acceptable: { passed: 0, failed: 0 }, skipReasons: {}, failures: [], given: 1, total: 1, ms: 1 };
}

test('known failures: covered cells, new failures and fixed entries are told apart', () => {
  const known: KnownFailure[] = [
    { runtime: 'deno', backend: 'webcrypto', suites: ['vectors/*'], why: 'a' },
    { runtime: 'deno', backend: 'noble', suites: ['cross'], why: 'b' },
  ];
  assert.ok(knownFailure('deno', 'webcrypto', 'vectors/primitives/signatures', known));
  assert.equal(knownFailure('deno', 'webcrypto', 'wycheproof/ed25519', known), undefined);
  const rt = fakeRuntime({
    runs: [
      { backend: 'webcrypto', tier: 'full', suites: [suite('vectors/primitives/signatures', 2), suite('wycheproof/ed25519', 1)], totals: { passed: 2, failed: 3, skipped: 0 }, errors: [], ms: 1 },
      { backend: 'noble', tier: 'sampled', suites: [suite('vectors/primitives/ecdh', 0)], totals: { passed: 1, failed: 0, skipped: 0 }, errors: [], ms: 1 },
    ],
    failures: 3,
  });
  const report: MatrixReport = { generatedAt: 'now', host: { node: '20', platform: 'linux', arch: 'x64' }, plan: { name: 'ci', sampleSize: 32, description: 'd' }, suites: ['vectors/primitives/signatures', 'wycheproof/ed25519'], runtimes: [rt], failures: 3, ok: false };
  const { cells, fixed } = classifyFailures(report, known);
  assert.deepEqual(cells.map((c) => `${c.suite}:${c.known ? 'known' : 'new'}`), ['vectors/primitives/signatures:known', 'wycheproof/ed25519:new']);
  assert.deepEqual(fixed.map((k) => k.why), ['b']);
  const md = formatMarkdown(report);
  assert.match(md, /\| Deno \|/);
  assert.match(md, /### `auto`/);
  assert.match(formatSummary(report), /result: FAIL/);
});
