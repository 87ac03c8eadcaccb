/**
 * The runtime-neutral suite entry: everything a runtime under test executes. It imports the real packages
 * (@cryptoplug/backends, @cryptoplug/conformance, @cryptoplug/core) and runs the conformance runner UNCHANGED on data
 * it receives in the job (it never reads files), so the same code runs on Node (unbundled), and — as one esbuild
 * bundle — on Bun, Deno, headless Chromium and workerd.
 *
 * No `node:` import and no DOM here: the node backend's own lazy `import('node:crypto')` is the only place the bundle
 * touches node:, and where that import fails the registry reports the backend as unavailable.
 */
import { createRegistry, type AutoBackend } from '@cryptoplug/backends';
import { runConformance, runCrossMatrix, type CrossKeys, type LoadedSuites } from '@cryptoplug/conformance';
import { detectRuntime, importPrivateKey, runtimeVersion, type Backend, type PrivateKey } from '@cryptoplug/core';
import { decodeFiles, type BackendStatus, type ConformanceJob, type CrossJob, type InfoResult, type Job, type JobResult, type WireSuites } from './protocol.js';

/** One registry per runtime instance: backends load once (as an application would), then every job reuses them. */
let registry: ReturnType<typeof createRegistry> | undefined;
function getRegistry(): ReturnType<typeof createRegistry> {
  registry ??= createRegistry();
  return registry;
}

function message(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const cause = (e as { cause?: unknown }).cause;
    const why = cause instanceof Error ? ` (cause: ${cause.name}: ${cause.message})` : '';
    return `${typeof code === 'string' ? `${code}: ` : `${e.name}: `}${e.message}${why}`;
  }
  return String(e);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export function decodeSuites(wire: WireSuites): LoadedSuites {
  return {
    suites: wire.suites,
    ...(wire.primitiveKeys ? { primitiveKeys: { json: wire.primitiveKeys.json, files: decodeFiles(wire.primitiveKeys.files) } } : {}),
    ...(wire.missing ? { missing: wire.missing } : {}),
  };
}

async function info(): Promise<InfoResult> {
  const reg = getRegistry();
  const backends: BackendStatus[] = [];
  for (const name of reg.names()) {
    try {
      const b = await reg.load(name);
      backends.push({ name, status: 'available', capabilities: b.capabilities() });
    } catch (e) {
      backends.push({ name, status: 'unavailable', reason: message(e) });
    }
  }
  const auto = (await reg.select('auto')) as AutoBackend;
  const runtime = detectRuntime();
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  return {
    kind: 'info',
    detected: runtime,
    version: runtimeVersion(runtime),
    userAgent: typeof nav?.userAgent === 'string' ? nav.userAgent : null,
    backends,
    order: auto.members.map((m) => m.name),
    auto: auto.explain(),
  };
}

async function conformance(job: ConformanceJob): Promise<JobResult> {
  const backend: Backend = await getRegistry().load(job.backend);
  const t0 = now();
  const report = await runConformance(backend, decodeSuites(job.data), {
    suites: job.suites,
    ...(job.concurrency ? { concurrency: job.concurrency } : {}),
  });
  return { kind: 'conformance', report, ms: Math.round(now() - t0) };
}

async function cross(job: CrossJob): Promise<JobResult> {
  const key = (name: string): PrivateKey => {
    const pem = job.keys[name];
    if (pem === undefined) throw new Error(`cross job has no key "${name}"`);
    return importPrivateKey(pem);
  };
  const keys: CrossKeys = {
    ec: {
      'P-256': [key('ec-p256'), key('ec-p256-b')],
      'P-384': [key('ec-p384'), key('ec-p384-b')],
      'P-521': [key('ec-p521'), key('ec-p521-b')],
    },
    ed25519: key('ed25519'),
    x25519: [key('x25519'), key('x25519-b')],
    rsa: key('rsa-2048'),
  };
  const { available } = await getRegistry().loadAll();
  const t0 = now();
  const report = await runCrossMatrix(available, keys);
  return { kind: 'cross', report, ms: Math.round(now() - t0) };
}

/** Runs one job; a job that throws becomes an `error` result (the host counts it as a failure). */
export async function handleJob(job: Job): Promise<JobResult> {
  try {
    switch (job.kind) {
      case 'info':
        return await info();
      case 'conformance':
        return await conformance(job);
      case 'cross':
        return await cross(job);
      default:
        return { kind: 'error', error: `unknown job kind ${JSON.stringify((job as { kind?: unknown }).kind)}` };
    }
  } catch (e) {
    return { kind: 'error', error: message(e) + (e instanceof Error && e.stack ? `\n${e.stack}` : '') };
  }
}

/**
 * The pull loop of Node, Bun, Deno and the Chromium page: fetch a job from the host (`GET {base}/job`, 204 = no more
 * work), run it, post the result (`POST {base}/result/{id}`). workerd is pushed jobs instead (see runners/workerd.ts).
 */
export async function pullLoop(base: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${base}/job`);
    if (res.status === 204) return;
    if (!res.ok) throw new Error(`GET ${base}/job: HTTP ${res.status}`);
    const id = res.headers.get('x-job-id') ?? '';
    const job = (await res.json()) as Job;
    const result = await handleJob(job);
    const post = await fetch(`${base}/result/${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result),
    });
    if (!post.ok) throw new Error(`POST ${base}/result/${id}: HTTP ${post.status}`);
    await post.arrayBuffer();
  }
}
