/**
 * The shared conformance runner (@cryptoplug/conformance: Wycheproof and vectors/primitives, as every backend runs them)
 * against this backend: zero failures, and a run that really ran (suites present, tests passed).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runConformance, formatReport } from '@cryptoplug/conformance';
import { loadSuites } from '@cryptoplug/conformance/node';
import { createNodeBackend } from '@cryptoplug/backend-node';

it('runConformance(node backend, all suites) has no failures', async () => {
  const report = await runConformance(await createNodeBackend(), await loadSuites());
  const failures = report.suites.flatMap((s) => s.failures.slice(0, 5).map((f) => `${s.suite} ${f.id} ${f.comment}: expected ${f.expected}, got ${f.got}`));
  assert.deepEqual(failures, [], formatReport(report));
  assert.equal(report.totals.failed, 0, formatReport(report));
  assert.ok(report.suites.length > 0);
  assert.ok(report.suites.some((s) => s.source === 'wycheproof' && s.passed > 0), 'Wycheproof suites ran');
  assert.ok(report.suites.some((s) => s.source === 'vectors' && s.passed > 0), 'vectors suites ran');
  assert.ok(report.totals.passed > 1000, `passed ${report.totals.passed}`);
});
