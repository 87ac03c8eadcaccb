/**
 * Runs the matrix: for each runtime, start it, ask which backends load and what `auto` picks (`info`), run every suite
 * on every backend that loads there (one job per backend × suite, in the tier the plan gives), then the cross-backend
 * matrix, and collect everything in a {@link MatrixReport}.
 *
 * Failures counted (any makes `ok` false): failed tests, failed cross-backend checks, jobs that errored or timed out,
 * a runtime that crashed or could not start, detectRuntime() naming another runtime than expected, and a backend that
 * is unavailable where it is not expected to be (only `node` is expected unavailable, and only in Chromium and plain
 * workerd). A backend that cannot load by design is reported as unavailable, not failed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listSuites, type LoadedSuites, type SuiteResult } from '@cryptoplug/conformance';
import { loadSuites, resolveVectorsDir } from '@cryptoplug/conformance/node';
import { encodeFiles, type AutoRow, type BackendStatus, type Job, type JobResult, type WireSuites } from '../protocol.js';
import { countTests, sampleSuite } from '../sample.js';
import { DRIVERS, type RuntimeDriver, type RuntimeId, type Session } from './drivers.js';
import type { Plan, Tier } from './plan.js';
import { knownFailure } from './known.js';

export interface SuiteRun extends SuiteResult {
  /** Tests (or vectors) in the data sent for this suite, after sampling. */
  given: number;
  /** Tests in the full file. */
  total: number;
  ms: number;
}

export interface BackendRun {
  backend: string;
  tier: Tier;
  suites: SuiteRun[];
  totals: { passed: number; failed: number; skipped: number };
  /** Jobs that did not produce a report (runtime error, timeout, crash): each also counts as a failed suite. */
  errors: string[];
  ms: number;
}

export interface CrossSummary {
  backends: string[];
  totals: { passed: number; failed: number };
  /** Per operation: the ordered pairs exercised and failed checks. */
  operations: Array<{ operation: string; pairs: number; passed: number; failed: number }>;
  /** Cells (operation, from → to) with failed checks. */
  cells: Array<{ operation: string; from: string; to: string; passed: number; failed: number }>;
  failures: string[];
  ms: number;
  error?: string;
}

export interface RuntimeReport {
  id: RuntimeId;
  label: string;
  how: string;
  status: 'ran' | 'missing';
  missingReason?: string;
  version?: string;
  detected?: string;
  expectedRuntime: string;
  backends: BackendStatus[];
  order: string[];
  auto: AutoRow[];
  runs: BackendRun[];
  cross?: CrossSummary;
  /** Problems that are not test failures (crash, detection mismatch, unexpected unavailability). */
  problems: string[];
  failures: number;
  ms: number;
  /** Tail of the runtime's own output when something went wrong. */
  log?: string;
}

export interface MatrixReport {
  generatedAt: string;
  host: { node: string; platform: string; arch: string };
  plan: { name: string; sampleSize: number; description: string };
  suites: string[];
  runtimes: RuntimeReport[];
  failures: number;
  ok: boolean;
}

export interface MatrixOptions {
  runtimes: readonly RuntimeId[];
  plan: Plan;
  /** Suite filter (globs, as runConformance's). */
  suites?: string;
  /** Only these backends (default: all that load). */
  backends?: readonly string[];
  jobTimeoutMs?: number;
  runtimeTimeoutMs?: number;
  /** Skip the cross-backend matrix. */
  noCross?: boolean;
  log?: (line: string) => void;
  /** Preloaded data (tests). */
  data?: LoadedSuites;
}

const CROSS_KEYS = ['ec-p256', 'ec-p256-b', 'ec-p384', 'ec-p384-b', 'ec-p521', 'ec-p521-b', 'ed25519', 'x25519', 'x25519-b', 'rsa-2048'];
const FAILURES_KEPT = 20;

function crossKeys(): Record<string, string> {
  const dir = join(resolveVectorsDir(), 'primitives', 'keys');
  const present = new Set(readdirSync(dir));
  return Object.fromEntries(
    CROSS_KEYS.filter((k) => present.has(`${k}.pkcs8.pem`)).map((k) => [k, readFileSync(join(dir, `${k}.pkcs8.pem`), 'utf8')]),
  );
}

/** The data of one suite as a job carries it (sampled for the `sampled` tier). */
export function wireFor(data: LoadedSuites, suite: string, tier: Tier, sampleSize: number, keyFiles?: Record<string, string>): WireSuites {
  const wire: WireSuites = { suites: {} };
  if (Object.prototype.hasOwnProperty.call(data.suites, suite)) {
    wire.suites[suite] = tier === 'sampled' ? sampleSuite(suite, data.suites[suite], sampleSize) : data.suites[suite];
  }
  if (data.missing?.[suite] !== undefined) wire.missing = { [suite]: data.missing[suite]! };
  if (suite.startsWith('vectors/') && data.primitiveKeys) {
    wire.primitiveKeys = { json: data.primitiveKeys.json, files: keyFiles ?? encodeFiles(data.primitiveKeys.files) };
  }
  return wire;
}

function emptySuite(suite: string, why: string): SuiteRun {
  return {
    suite,
    source: suite.startsWith('wycheproof/') ? 'wycheproof' : 'vectors',
    passed: 0,
    failed: 1,
    skipped: 0,
    acceptable: { passed: 0, failed: 0 },
    skipReasons: {},
    failures: [{ id: 'job', comment: 'the job did not complete', expected: 'a conformance report', got: why }],
    given: 0,
    total: 0,
    ms: 0,
  };
}

class RuntimeRun {
  #session: Session | undefined;
  #restarts = 0;
  readonly #driver: RuntimeDriver;
  readonly #timeoutMs: number;
  lastLog = '';

  constructor(driver: RuntimeDriver, timeoutMs: number) {
    this.#driver = driver;
    this.#timeoutMs = timeoutMs;
  }

  /** Runs a job; on a crash or timeout the runtime is restarted (at most 3 times) and the error is returned. */
  async run(job: Job): Promise<JobResult> {
    try {
      this.#session ??= await this.#driver.start();
    } catch (e) {
      return { kind: 'error', error: `the runtime did not start: ${e instanceof Error ? e.message : String(e)}` };
    }
    try {
      return await this.#session.run(job, this.#timeoutMs);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.lastLog = this.#session.log();
      await this.stop();
      if (++this.#restarts > 3) throw new Error(`${msg} (the runtime failed more than 3 times; giving up)`);
      return { kind: 'error', error: msg };
    }
  }

  async stop(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    if (s) {
      this.lastLog = s.log();
      await s.stop().catch(() => {});
    }
  }

  log(): string {
    return this.#session?.log() ?? this.lastLog;
  }
}

async function runRuntime(driver: RuntimeDriver, opts: MatrixOptions, data: LoadedSuites, suiteNames: string[], keys: Record<string, string>): Promise<RuntimeReport> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const report: RuntimeReport = {
    id: driver.id,
    label: driver.label,
    how: driver.how,
    status: 'ran',
    expectedRuntime: driver.expectedRuntime,
    backends: [],
    order: [],
    auto: [],
    runs: [],
    problems: [],
    failures: 0,
    ms: 0,
  };
  const missing = driver.missing();
  if (missing) {
    report.status = 'missing';
    report.missingReason = missing;
    return report;
  }
  report.version = driver.version();
  const rt = new RuntimeRun(driver, opts.jobTimeoutMs ?? 300_000);
  const deadline = Date.now() + (opts.runtimeTimeoutMs ?? 3_600_000);
  const keyFiles = data.primitiveKeys ? encodeFiles(data.primitiveKeys.files) : undefined;
  try {
    const info = await rt.run({ kind: 'info' });
    if (info.kind !== 'info') throw new Error(info.kind === 'error' ? info.error : `unexpected ${info.kind} result`);
    report.detected = info.detected;
    report.version = info.version && driver.id !== 'chromium' && !driver.id.startsWith('workerd') ? info.version : report.version;
    report.backends = info.backends;
    report.order = info.order;
    report.auto = info.auto;
    if (info.detected !== driver.expectedRuntime) {
      report.problems.push(`detectRuntime() says "${info.detected}" here, expected "${driver.expectedRuntime}" (auto would use the wrong preference order)`);
    }
    for (const b of info.backends) {
      if (b.status === 'unavailable' && !driver.expectedUnavailable.includes(b.name) && !driver.mayBeUnavailable?.includes(b.name)) {
        report.problems.push(`backend "${b.name}" is unavailable, but should load on ${driver.label}: ${b.reason ?? ''}`);
      }
      if (b.status === 'available' && driver.expectedUnavailable.includes(b.name)) {
        report.problems.push(`backend "${b.name}" loads on ${driver.label}, where it was expected to be unavailable`);
      }
    }
    const selected = info.backends.filter((b) => b.status === 'available' && (!opts.backends || opts.backends.includes(b.name)));
    for (const b of selected) {
      const tier = opts.plan.tier(driver.id, b.name);
      const run: BackendRun = { backend: b.name, tier, suites: [], totals: { passed: 0, failed: 0, skipped: 0 }, errors: [], ms: 0 };
      const tb = performance.now();
      for (const suite of suiteNames) {
        if (Date.now() > deadline) {
          run.errors.push(`${suite}: not run (runtime time budget exhausted)`);
          run.suites.push(emptySuite(suite, 'not run: runtime time budget exhausted'));
          continue;
        }
        const wire = wireFor(data, suite, tier, opts.plan.sampleSize, keyFiles);
        const given = countTests(suite, wire.suites[suite]);
        const total = countTests(suite, data.suites[suite]);
        const res = await rt.run({ kind: 'conformance', backend: b.name, suites: suite, data: wire });
        if (res.kind === 'conformance') {
          for (const s of res.report.suites) {
            run.suites.push({ ...s, failures: s.failures.slice(0, FAILURES_KEPT), given, total, ms: res.ms });
          }
        } else {
          const why = res.kind === 'error' ? res.error : `unexpected ${res.kind} result`;
          run.errors.push(`${suite}: ${why}`);
          run.suites.push(emptySuite(suite, why));
        }
        const last = run.suites[run.suites.length - 1]!;
        if (last.failed && !knownFailure(driver.id, b.name, suite)) {
          log(`  ${driver.id} ${b.name} ${suite}: ${last.failed} FAILED${last.failures[0] ? ` (${last.failures[0].id}: ${last.failures[0].got})` : ''}`);
        }
      }
      for (const s of run.suites) {
        run.totals.passed += s.passed;
        run.totals.failed += s.failed;
        run.totals.skipped += s.skipped;
      }
      run.ms = Math.round(performance.now() - tb);
      report.runs.push(run);
      const known = run.suites.filter((x) => x.failed && knownFailure(driver.id, b.name, x.suite)).length;
      log(
        `  ${driver.id} ${b.name} (${tier}): ${run.totals.passed} passed, ${run.totals.failed} failed, ${run.totals.skipped} skipped in ${(run.ms / 1000).toFixed(1)} s` +
          (known ? ` — ${known} suite(s) failing with a known bug (src/host/known.ts)` : ''),
      );
    }
    if (!opts.noCross) {
      const res = await rt.run({ kind: 'cross', keys });
      if (res.kind === 'cross') {
        const ops = new Map<string, { operation: string; pairs: number; passed: number; failed: number }>();
        for (const c of res.report.cells) {
          const o = ops.get(c.operation) ?? { operation: c.operation, pairs: 0, passed: 0, failed: 0 };
          o.pairs++;
          o.passed += c.passed;
          o.failed += c.failed;
          ops.set(c.operation, o);
        }
        report.cross = {
          backends: res.report.backends,
          totals: res.report.totals,
          operations: [...ops.values()],
          cells: res.report.cells.filter((c) => c.failed).map(({ operation, from, to, passed, failed }) => ({ operation, from, to, passed, failed })),
          failures: res.report.cells.flatMap((c) => c.failures.map((f) => `${c.operation} ${c.from}→${c.to}: ${f}`)).slice(0, 50),
          ms: res.ms,
        };
      } else {
        const why = res.kind === 'error' ? res.error : `unexpected ${res.kind} result`;
        report.cross = { backends: [], totals: { passed: 0, failed: 1 }, operations: [], cells: [], failures: [why], ms: 0, error: why };
      }
      log(`  ${driver.id} cross-backend matrix (${report.cross.backends.join(', ')}): ${report.cross.totals.passed} passed, ${report.cross.totals.failed} failed in ${(report.cross.ms / 1000).toFixed(1)} s`);
    }
  } catch (e) {
    report.problems.push(`the runtime failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await rt.stop();
  }
  report.failures =
    report.runs.reduce((s, r) => s + r.totals.failed, 0) + (report.cross?.totals.failed ?? 0) + report.problems.length;
  if (report.failures) report.log = rt.log().slice(-4000) || undefined;
  report.ms = Math.round(performance.now() - t0);
  return report;
}

/** Runs the matrix on the given runtimes (sequentially: the machine is shared). */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixReport> {
  const data = opts.data ?? (await loadSuites(opts.suites ? { suites: opts.suites } : {}));
  const catalogue = listSuites().map((s) => s.name);
  const suiteNames = catalogue.filter((n) => Object.prototype.hasOwnProperty.call(data.suites, n) || data.missing?.[n] !== undefined);
  const keys = crossKeys();
  const runtimes: RuntimeReport[] = [];
  for (const id of opts.runtimes) {
    const driver = DRIVERS[id];
    opts.log?.(`${driver.label}: ${driver.missing() ?? 'starting'}`);
    runtimes.push(await runRuntime(driver, opts, data, suiteNames, keys));
  }
  const failures = runtimes.reduce((s, r) => s + r.failures, 0);
  return {
    generatedAt: new Date().toISOString(),
    host: { node: process.versions.node, platform: process.platform, arch: process.arch },
    plan: { name: opts.plan.name, sampleSize: opts.plan.sampleSize, description: opts.plan.description },
    suites: suiteNames,
    runtimes,
    failures,
    ok: failures === 0,
  };
}
