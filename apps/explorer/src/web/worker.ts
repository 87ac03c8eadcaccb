/**
 * The explorer's Web Worker: one job per worker (see protocol.ts).
 *
 * - `info`: which backends load here (the registry of @cryptoplug/backends; node:crypto does not exist in a browser, so
 *   `node` is reported unavailable with the registry's reason), their capabilities, and `auto`'s pick per operation.
 * - `conformance`: the conformance runner of @cryptoplug/conformance, unchanged, on one backend, suite by suite (so the
 *   page gets progress after every suite and a large Wycheproof file is dropped once it ran). Suites of the quick plan
 *   are sampled with apps/runtimes' rule (`sampleSuite`: at most N tests, evenly spaced over the file).
 * - `bench`: apps/bench's harness (`measure`) over the browser operations of bench-ops.ts.
 */
import { createRegistry, type AutoBackend } from '@cryptoplug/backends';
import { listSuites, runConformance, type LoadedSuites, type SuiteResult } from '@cryptoplug/conformance';
import { detectRuntime, importPrivateKey, runtimeVersion, type Backend, type PrivateKey } from '@cryptoplug/core';
import { measure, slotCount, type OperationResult, type SlotOptions } from '@cryptoplug/bench/harness';
import { sampleSuite } from '@cryptoplug/runtimes/sample';
import type { BenchReport, ConformanceReport, Environment } from '../schema.js';
import { planOperations, type BenchKeys } from './bench-ops.js';
import type { BenchRequest, ConformanceRequest, WorkerMessage, WorkerRequest } from './protocol.js';
import { computeRatios } from './ratios.js';

const scope = globalThis as unknown as { postMessage(m: WorkerMessage): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
const post = (m: WorkerMessage) => scope.postMessage(m);

let registry: ReturnType<typeof createRegistry> | undefined;
const getRegistry = () => (registry ??= createRegistry());

function message(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : `${e.name}: `}${e.message}`;
  }
  return String(e);
}

async function info(): Promise<Environment> {
  const reg = getRegistry();
  const backends: Environment['backends'] = [];
  for (const name of reg.names()) {
    try {
      await reg.load(name);
      backends.push({ name, status: 'available' });
    } catch (e) {
      backends.push({ name, status: 'unavailable', reason: message(e) });
    }
  }
  const auto = (await reg.select('auto')) as AutoBackend;
  const runtime = detectRuntime();
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  return {
    runtime: `${runtime} ${runtimeVersion(runtime)}`.trim(),
    userAgent: nav?.userAgent ?? null,
    backends,
    order: auto.members.map((m) => m.name),
    auto: auto.explain(),
  };
}

/** The bundled `data/vectors.json`: vectors/primitives suites and keys.json with its key files as base64. */
interface VectorsFile {
  suites: Record<string, unknown>;
  primitiveKeys: { json: unknown; files: Record<string, string> };
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const vectorsCache = new Map<string, Promise<VectorsFile>>();
function loadVectors(url: string): Promise<VectorsFile> {
  let p = vectorsCache.get(url);
  if (!p) {
    p = fetchJson(url) as Promise<VectorsFile>;
    vectorsCache.set(url, p);
  }
  return p;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(new URL(url, location.href));
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

function failedSuite(name: string, source: SuiteResult['source'], why: string): SuiteResult {
  return {
    suite: name,
    source,
    passed: 0,
    failed: 1,
    skipped: 0,
    acceptable: { passed: 0, failed: 0 },
    skipReasons: {},
    failures: [{ id: 'data', comment: 'the suite data could not be loaded', expected: 'the suite data', got: why }],
  };
}

async function conformance(job: ConformanceRequest): Promise<void> {
  const t0 = performance.now();
  const backend: Backend = await getRegistry().load(job.backend);
  const suites: SuiteResult[] = [];
  let runtime = '';
  for (const [i, s] of job.suites.entries()) {
    let result: SuiteResult;
    try {
      const data: LoadedSuites = { suites: {} };
      if (s.source === 'vectors') {
        const v = await loadVectors(s.url);
        if (!(s.name in v.suites)) throw new Error(`${s.url} has no suite ${s.name}`);
        data.suites[s.name] = s.sample ? sampleSuite(s.name, v.suites[s.name], s.sample) : v.suites[s.name];
        data.primitiveKeys = {
          json: v.primitiveKeys.json,
          files: Object.fromEntries(Object.entries(v.primitiveKeys.files).map(([k, b]) => [k, fromBase64(b)])),
        };
      } else {
        const json = await fetchJson(s.url);
        data.suites[s.name] = s.sample ? sampleSuite(s.name, json, s.sample) : json;
      }
      const report = await runConformance(backend, data, { suites: s.name });
      runtime = report.runtime;
      result = report.suites[0]!;
    } catch (e) {
      result = failedSuite(s.name, s.source, message(e));
    }
    suites.push(result);
    post({ type: 'suite', done: i + 1, total: job.suites.length, suite: s.name, passed: result.passed, failed: result.failed, skipped: result.skipped });
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const s of suites) {
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.skipped += s.skipped;
  }
  if (!runtime) runtime = `${detectRuntime()} ${runtimeVersion()}`.trim();
  const report: ConformanceReport = { backend: backend.name, runtime, suites, totals };
  post({ type: 'conformance', report, ms: Math.round(performance.now() - t0) });
}

/** The benchmark keys: the committed vectors/primitives keys from the bundled data. */
async function benchKeys(): Promise<BenchKeys> {
  const v = await loadVectors('data/vectors.json');
  const cache = new Map<string, PrivateKey>();
  const pem = (name: string) => {
    const b64 = v.primitiveKeys.files[`keys/${name}.pkcs8.pem`];
    if (b64 === undefined) throw new Error(`no key ${name} in data/vectors.json`);
    return new TextDecoder().decode(fromBase64(b64));
  };
  return {
    pem,
    key(name) {
      let k = cache.get(name);
      if (!k) cache.set(name, (k = importPrivateKey(pem(name))));
      return k;
    },
  };
}

/** apps/bench's slot settings: `quick` is its --quick; `standard` is shorter than its full run (a page, not a lab). */
export const SLOTS: Record<BenchRequest['mode'], SlotOptions> = {
  quick: { slotMs: 40, rounds: 3, inflight: 8 },
  standard: { slotMs: 150, rounds: 5, inflight: 16 },
};

async function bench(job: BenchRequest): Promise<void> {
  const slot = SLOTS[job.mode];
  const reg = getRegistry();
  const { available } = await reg.loadAll();
  const auto: Backend = await reg.select('auto');
  const ops = await planOperations({ members: available, auto }, await benchKeys(), job.only);
  const total = slotCount(ops, slot);
  post({ type: 'bench-plan', operations: ops.map((o) => o.id), slots: total });
  const results: OperationResult[] = [];
  let done = 0;
  for (const op of ops) {
    const r = await measure(op, slot, () => post({ type: 'bench-slot', done: ++done, total, operation: op.id }));
    results.push(r);
    post({ type: 'bench-operation', result: r });
  }
  const runtime = detectRuntime();
  const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number; platform?: string } }).navigator;
  const report: BenchReport = {
    meta: {
      date: new Date().toISOString(),
      node: 'none (browser)',
      platform: nav?.platform || 'unknown',
      cpus: nav?.hardwareConcurrency ?? 0,
      cpuModel: 'unknown (not visible to a page)',
      options: { ...slot, quick: job.mode === 'quick' },
      runtime: { name: runtime, version: runtimeVersion(runtime), ...(nav?.userAgent ? { userAgent: nav.userAgent } : {}) },
    },
    operations: results,
    ratios: computeRatios(results),
  };
  post({ type: 'bench', report });
}

scope.onmessage = (e) => {
  const job = e.data;
  const run = async () => {
    if (job.type === 'info') post({ type: 'info', environment: await info(), catalogue: listSuites() });
    else if (job.type === 'conformance') await conformance(job);
    else if (job.type === 'bench') await bench(job);
    else throw new Error(`unknown job ${JSON.stringify((job as { type?: unknown }).type)}`);
  };
  run().catch((err: unknown) => post({ type: 'error', error: message(err) }));
};
