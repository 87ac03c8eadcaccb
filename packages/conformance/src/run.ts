/** runConformance: the runtime-neutral entry point (no file system; the data comes in as parsed JSON). */
import { InputInvalidError, detectRuntime, runtimeVersion, type Backend } from '@cryptoplug/core';
import { DataError } from './data.js';
import { errorOutcome, SuiteRecorder } from './outcome.js';
import { selectSuites, type SuiteSpec } from './suites.js';
import type { ConformanceReport, LoadedSuites, RunOptions, SuiteResult } from './types.js';
import { runVectors } from './vectors.js';
import { runWycheproof } from './wycheproof.js';
import { sampleSuite } from './sample.js';

/** Tests in flight at once within a Wycheproof group (see RunOptions.concurrency). */
export const DEFAULT_CONCURRENCY = 4;

function assertBackend(backend: unknown): asserts backend is Backend {
  const b = backend as Partial<Backend> | null;
  if (typeof b !== 'object' || b === null || typeof b.name !== 'string' || typeof b.supports !== 'function') {
    throw new InputInvalidError('runConformance needs a cryptoplug Backend (see defineBackend)');
  }
}

async function runSuite(spec: SuiteSpec, backend: Backend, data: LoadedSuites, concurrency: number, sample?: number): Promise<SuiteResult> {
  const rec = new SuiteRecorder(spec.name, spec.source);
  const unavailable = data.unavailable?.[spec.name];
  if (unavailable !== undefined && !Object.prototype.hasOwnProperty.call(data.suites, spec.name)) return { ...rec.result, unavailable };
  if (!Object.prototype.hasOwnProperty.call(data.suites, spec.name)) {
    const why = data.missing?.[spec.name] ?? 'not present in the loaded data (load it, or narrow the suite filter)';
    rec.fail({ id: 'data', comment: 'suite data not loaded', expected: `the data of ${spec.file}`, got: why });
    return rec.result;
  }
  const suiteData = sample === undefined ? data.suites[spec.name] : sampleSuite(spec.name, data.suites[spec.name], sample);
  try {
    if (spec.source === 'wycheproof') await runWycheproof(spec, backend, suiteData, rec, concurrency);
    else await runVectors(spec, backend, suiteData, data, rec);
  } catch (e) {
    // Malformed top-level data, or a backend whose supports() throws: the suite fails, the run goes on.
    const got = e instanceof DataError ? e.message : errorOutcome(e).got;
    rec.fail({ id: 'suite', comment: 'the suite stopped', expected: 'the suite runs to the end', got });
  }
  return rec.finish();
}

/**
 * Runs the selected suites (default: all of {@link listSuites}) against `backend`. Every selected suite is reported —
 * one whose data is missing from `data` is a failed suite, never a silent omission. A filter that matches no suite
 * throws ERR_INPUT_INVALID.
 */
export async function runConformance(backend: Backend, data: LoadedSuites, opts: RunOptions = {}): Promise<ConformanceReport> {
  assertBackend(backend);
  if (typeof data !== 'object' || data === null || typeof data.suites !== 'object' || data.suites === null) {
    throw new InputInvalidError('runConformance needs loaded suite data ({ suites: { name: json } }, see loadSuites)');
  }
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
    throw new InputInvalidError('runConformance concurrency must be an integer in 1..1024');
  }
  if (opts.sample !== undefined && (!Number.isInteger(opts.sample) || opts.sample < 1)) {
    throw new InputInvalidError('runConformance sample must be a positive integer');
  }
  const selected = selectSuites(opts.suites);
  const suites: SuiteResult[] = [];
  for (const [i, spec] of selected.entries()) {
    suites.push(await runSuite(spec, backend, data, concurrency, opts.sample));
    opts.onProgress?.(i + 1, selected.length, spec.name);
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const s of suites) {
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.skipped += s.skipped;
  }
  const runtime = detectRuntime();
  const unavailable = [...new Set(suites.flatMap((s) => (s.unavailable === undefined ? [] : [s.unavailable])))];
  return {
    backend: backend.name,
    runtime: `${runtime} ${runtimeVersion(runtime)}`.trim(),
    suites,
    totals,
    ...(opts.sample !== undefined ? { sample: opts.sample } : {}),
    ...(unavailable.length ? { unavailable } : {}),
  };
}
