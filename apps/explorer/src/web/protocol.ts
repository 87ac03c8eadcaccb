/**
 * Messages between the page (main.ts) and its Web Workers (worker.ts). Each job runs in a worker of its own (one per
 * backend for conformance, so the backends run side by side on a multi-core machine; one for the benchmark, so its
 * contestants share one thread as apps/bench's do), and the worker is terminated when the job ends.
 */
import type { SuiteDescriptor } from '@cryptoplug/conformance';
import type { BenchReport, ConformanceReport, Environment, OperationResult } from '../schema.js';

/** One suite of a conformance plan and where its data comes from. */
export interface PlannedSuite {
  name: string;
  source: 'wycheproof' | 'vectors';
  /** Wycheproof: the URL of the file (served by `cryptoplug explorer`); vectors: the bundled data file. */
  url: string;
  /** Sample size (`sampleSuite` of apps/runtimes), or undefined for the whole file. */
  sample?: number;
}

export interface InfoRequest {
  type: 'info';
}

export interface ConformanceRequest {
  type: 'conformance';
  backend: string;
  suites: PlannedSuite[];
}

export interface BenchRequest {
  type: 'bench';
  /** Comma-separated substrings of operation ids, as `cryptoplug bench --only`. */
  only?: string;
  mode: 'quick' | 'standard';
}

export type WorkerRequest = InfoRequest | ConformanceRequest | BenchRequest;

export type WorkerMessage =
  | { type: 'info'; environment: Environment; catalogue: SuiteDescriptor[] }
  | { type: 'suite'; done: number; total: number; suite: string; passed: number; failed: number; skipped: number }
  | { type: 'conformance'; report: ConformanceReport; ms: number }
  | { type: 'bench-plan'; operations: string[]; slots: number }
  | { type: 'bench-slot'; done: number; total: number; operation: string }
  | { type: 'bench-operation'; result: OperationResult }
  | { type: 'bench'; report: BenchReport }
  | { type: 'error'; error: string };
