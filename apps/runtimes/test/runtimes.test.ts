/**
 * The conformance matrix on every runtime that is installed here, in the `ci` plan (src/host/plan.ts): Node with every
 * backend sampled (their full Node runs are the backend packages' own tests), Bun / Deno / Chromium / workerd with the
 * native-crypto backends in full and the pure-JS ones sampled, plus the cross-backend matrix everywhere.
 *
 * A runtime that is not installed is SKIPPED with the reason printed (scripts/setup-runtimes.sh installs Chromium;
 * Bun, Deno and workerd come from npm). Each runtime must show exactly the known failures of src/host/known.ts: a new
 * failure fails, and so does a known bug that no longer fails (remove its entry). The report of this run is written to
 * apps/runtimes/report/test/ (not committed).
 *
 * Needs the packages built (turbo's test task depends on build): Node runs dist/runners/node.js, the others the bundle.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { LoadedSuites } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';
import { buildBundle } from '../src/host/bundle.js';
import { DRIVERS, RUNTIME_IDS } from '../src/host/drivers.js';
import { classifyFailures } from '../src/host/known.js';
import { runMatrix, type MatrixReport } from '../src/host/matrix.js';
import { REPORT_DIR } from '../src/host/paths.js';
import { makePlan } from '../src/host/plan.js';
import { formatSummary, writeReport } from '../src/host/report.js';

let data: LoadedSuites;
const reports: MatrixReport[] = [];

before(async () => {
  const bundle = await buildBundle();
  console.log(`bundle: ${bundle.files.length} files, ${(bundle.bytes / 1024).toFixed(0)} KiB`);
  data = await loadSuites();
});

for (const id of RUNTIME_IDS) {
  const driver = DRIVERS[id];
  const missing = driver.missing();
  if (missing) console.log(`runtimes: ${driver.label} SKIPPED — ${missing}`);
  test(`${driver.label}: every suite on every backend that loads, cross-backend matrix, auto`, { skip: missing ? `not installed: ${missing}` : false, timeout: 10 * 60_000 }, async (t) => {
    const report = await runMatrix({
      runtimes: [id],
      plan: makePlan('ci'),
      data,
      jobTimeoutMs: 240_000,
      runtimeTimeoutMs: 9 * 60_000,
      log: (line) => t.diagnostic(line.trim()),
    });
    reports.push(report);
    writeReport({ ...report, runtimes: reports.flatMap((r) => r.runtimes) }, join(REPORT_DIR, 'test'));
    console.log(formatSummary(report));
    const r = report.runtimes[0]!;
    assert.equal(r.status, 'ran');
    assert.equal(r.detected, driver.expectedRuntime, 'detectRuntime() inside the runtime');
    assert.deepEqual(r.problems, [], 'problems');
    const loaded = r.backends.filter((b) => b.status === 'available').map((b) => b.name);
    assert.deepEqual(r.runs.map((x) => x.backend), loaded, 'every backend that loads ran');
    for (const run of r.runs) {
      assert.equal(run.suites.length, report.suites.length, `${run.backend}: every suite ran`);
      assert.ok(run.totals.passed > 0, `${run.backend}: tests passed`);
      assert.deepEqual(run.errors, [], `${run.backend}: job errors`);
    }
    assert.ok(r.cross && !r.cross.error, 'the cross-backend matrix ran');
    assert.ok(r.auto.every((a) => a.backend !== null), 'auto has a backend for every operation');
    const { cells, fixed } = classifyFailures(report);
    const unknown = cells.filter((c) => !c.known);
    assert.deepEqual(unknown.map((c) => `${c.backend} ${c.suite}: ${c.failed} failed`), [], 'failures that are not known bugs (src/host/known.ts)');
    assert.deepEqual(fixed.map((k) => `${k.runtime}/${k.backend}: ${k.why}`), [], 'known bugs that no longer fail: remove them from src/host/known.ts');
  });
}
