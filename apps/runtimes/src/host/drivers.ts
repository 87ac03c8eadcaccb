/**
 * One driver per runtime: is it installed here, and how to start it, run jobs on it and stop it.
 *
 * - node: `node dist/runners/node.js` — the suite entry unbundled (packages from node_modules), pull loop;
 * - bun: `bun dist/bundle/bun.js`, pull loop;
 * - deno: `deno run --no-prompt --allow-net=127.0.0.1:<port> dist/bundle/deno.js` (no file access: the data comes
 *   over HTTP in the jobs), pull loop;
 * - chromium: playwright-core launches Debian's /usr/bin/chromium headless with a fresh user-data-dir; the page is
 *   served by the job server (same origin as the bundle, http://127.0.0.1 = a secure context for WebCrypto), pull loop;
 * - workerd / workerd-nodejs_compat: miniflare runs dist/bundle/workerd.js (+ chunks) as a Workers module, without and
 *   with the `nodejs_compat` flag; jobs are pushed with dispatchFetch, one request per job.
 *
 * Every child process runs in its own process group and is killed (group-wide) on stop, on a job timeout and when the
 * host exits; Chromium and workerd are closed the same way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { RuntimeName } from '@cryptoplug/core';
import type { Job, JobResult } from '../protocol.js';
import { JobServer } from './server.js';
import { BUNDLE_DIR, DIST, PKG_ROOT, chromiumPath, npmBin } from './paths.js';

export type RuntimeId = 'node' | 'bun' | 'deno' | 'chromium' | 'workerd' | 'workerd-nodejs_compat';
export const RUNTIME_IDS: readonly RuntimeId[] = ['node', 'bun', 'deno', 'chromium', 'workerd', 'workerd-nodejs_compat'];

/** The compatibility date given to workerd (fixed, so results do not drift with the workerd version). */
export const WORKERD_COMPATIBILITY_DATE = '2025-09-01';

export interface Session {
  run(job: Job, timeoutMs: number): Promise<JobResult>;
  /** Output of the runtime (stderr/console), for failure reports; bounded. */
  log(): string;
  stop(): Promise<void>;
}

export interface RuntimeDriver {
  readonly id: RuntimeId;
  readonly label: string;
  /** What detectRuntime() must say inside it. */
  readonly expectedRuntime: RuntimeName;
  /** Backends that cannot load there by design (reported "unavailable"; any other unavailable backend is a failure). */
  readonly expectedUnavailable: readonly string[];
  /** Backends that may load or not (either is fine; if one loads, it must pass). */
  readonly mayBeUnavailable?: readonly string[];
  /** How it runs, for the report. */
  readonly how: string;
  /** undefined = installed; otherwise why it cannot run here. */
  missing(): string | undefined;
  /** The installed version (best effort, for the report). */
  version(): string;
  start(): Promise<Session>;
}

const LOG_LIMIT = 64 * 1024;
class LogBuffer {
  #text = '';
  add(s: string): void {
    this.#text += s;
    if (this.#text.length > LOG_LIMIT) this.#text = this.#text.slice(-LOG_LIMIT);
  }
  get text(): string {
    return this.#text;
  }
}

/** Children and browsers still running, killed if the host exits without stopping them. */
const live = new Set<() => void>();
let exitHookInstalled = false;
function track(kill: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const k of live) k();
    });
  }
  live.add(kill);
  return () => live.delete(kill);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

function versionOf(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, env: quietEnv() });
  return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0]!.trim() : '';
}

function quietEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', DO_NOT_TRACK: '1' };
}

/** A runtime that runs the pull loop as a child process: `cmd ...args(port) <base url>`. */
async function startChild(cmd: string, args: (port: number) => string[]): Promise<Session> {
  const server = new JobServer();
  const base = await server.listen();
  const log = new LogBuffer();
  const child = spawn(cmd, [...args(server.port), base], { cwd: PKG_ROOT, env: quietEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const untrack = track(() => killGroup(child));
  child.stdout!.on('data', (c: Buffer) => log.add(c.toString()));
  child.stderr!.on('data', (c: Buffer) => log.add(c.toString()));
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      server.fail(new Error(`runtime process exited (${signal ?? `code ${code}`})${log.text ? `: ${log.text.slice(-2000).trim()}` : ''}`));
      resolve();
    });
    child.on('error', (e) => {
      server.fail(new Error(`cannot start ${cmd}: ${e.message}`));
      resolve();
    });
  });
  return {
    run: (job, timeoutMs) => server.run(job, timeoutMs),
    log: () => log.text,
    async stop() {
      server.finish();
      const grace = new Promise<void>((r) => setTimeout(r, 5000).unref());
      await Promise.race([exited, grace]);
      killGroup(child);
      untrack();
      await server.close();
    },
  };
}

const nodeDriver: RuntimeDriver = {
  id: 'node',
  label: 'Node',
  expectedRuntime: 'node',
  expectedUnavailable: [],
  how: 'node dist/runners/node.js — unbundled ESM from the packages\' dist/',
  missing: () => (existsSync(join(DIST, 'runners', 'node.js')) ? undefined : 'apps/runtimes is not built (dist/runners/node.js missing)'),
  version: () => process.versions.node,
  start: () => startChild(process.execPath, () => [join(DIST, 'runners', 'node.js')]),
};

const bunDriver: RuntimeDriver = {
  id: 'bun',
  label: 'Bun',
  expectedRuntime: 'bun',
  expectedUnavailable: [],
  how: 'bun dist/runners/bun.js — unbundled ESM, packages from node_modules (as a Bun app loads them)',
  missing() {
    const bin = npmBin('bun');
    if (!bin) return 'no bun executable in node_modules/.bin (devDependency "bun" of apps/runtimes)';
    return versionOf(bin, ['--version']) ? undefined : `${bin} --version fails (binary not installed for this platform?)`;
  },
  version: () => versionOf(npmBin('bun') ?? 'bun', ['--version']),
  start: () => startChild(npmBin('bun')!, () => [join(DIST, 'runners', 'bun.js')]),
};

const denoDriver: RuntimeDriver = {
  id: 'deno',
  label: 'Deno',
  expectedRuntime: 'deno',
  expectedUnavailable: [],
  how: 'deno run --no-prompt --allow-net=127.0.0.1:<port> dist/runners/deno.js — unbundled ESM, packages from node_modules (Deno\'s npm compatibility), network to the host only, no file access',
  missing() {
    const bin = npmBin('deno');
    if (!bin) return 'no deno executable in node_modules/.bin (devDependency "deno" of apps/runtimes)';
    return versionOf(bin, ['--version']) ? undefined : `${bin} --version fails (binary not installed for this platform?)`;
  },
  version: () => versionOf(npmBin('deno') ?? 'deno', ['--version']).replace(/\s*\(.*$/, ''),
  start: () =>
    startChild(npmBin('deno')!, (port) => ['run', '--no-prompt', `--allow-net=127.0.0.1:${port}`, join(DIST, 'runners', 'deno.js')]),
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>cryptoplug runtimes</title>
<script type="module" src="bundle/browser.js"></script>
`;

function resolvable(name: string): boolean {
  try {
    createRequire(join(PKG_ROOT, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

const chromiumDriver: RuntimeDriver = {
  id: 'chromium',
  label: 'Chromium (headless)',
  expectedRuntime: 'browser',
  expectedUnavailable: ['node'],
  how: 'playwright-core → /usr/bin/chromium --headless; page + bundle served from 127.0.0.1, results posted back',
  missing() {
    if (!existsSync(chromiumPath())) return `${chromiumPath()} not found (run scripts/setup-runtimes.sh as root: apt-get install chromium)`;
    if (!resolvable('playwright-core')) return 'playwright-core is not installed (devDependency of apps/runtimes)';
    return undefined;
  },
  version: () => versionOf(chromiumPath(), ['--version']),
  async start() {
    const { chromium } = await import('playwright-core');
    const server = new JobServer({ bundleDir: BUNDLE_DIR, page: PAGE });
    const base = await server.listen();
    const log = new LogBuffer();
    const userDataDir = mkdtempSync(join(tmpdir(), 'cryptoplug-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    };
    // playwright-core kills the browsers it launched when this process exits; only the profile is ours to remove.
    const untrack = track(() => rmSync(userDataDir, { recursive: true, force: true }));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => log.add(`[console.${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => {
      log.add(`[pageerror] ${e.message}\n`);
      server.fail(new Error(`page error: ${e.message}`));
    });
    page.on('crash', () => server.fail(new Error('the page crashed')));
    context.on('close', () => server.fail(new Error('the browser closed')));
    await page.goto(`${base}/`, { waitUntil: 'load', timeout: 60_000 });
    return {
      run: (job, timeoutMs) => server.run(job, timeoutMs),
      log: () => log.text,
      async stop() {
        server.finish();
        await close();
        untrack();
        await server.close();
      },
    };
  },
};

function workerdDriver(compat: boolean): RuntimeDriver {
  return {
    id: compat ? 'workerd-nodejs_compat' : 'workerd',
    label: compat ? 'workerd + nodejs_compat' : 'workerd',
    expectedRuntime: 'workerd',
    expectedUnavailable: compat ? [] : ['node'],
    // With nodejs_compat node:crypto exists but is partial: backend-node may load (then it must pass) or decline.
    ...(compat ? { mayBeUnavailable: ['node'] } : {}),
    how: `miniflare 4 → workerd, Workers module dist/bundle/workerd.js (+ chunks), compatibilityDate ${WORKERD_COMPATIBILITY_DATE}, ${
      compat ? 'compatibilityFlags ["nodejs_compat"]' : 'no compatibility flags (no node:* modules)'
    }; one dispatchFetch per job`,
    missing() {
      if (!resolvable('miniflare')) return 'miniflare is not installed (devDependency of apps/runtimes)';
      const bin = npmBin('workerd');
      if (!bin) return 'no workerd executable in node_modules/.bin';
      return versionOf(bin, ['--version']) ? undefined : `${bin} --version fails (binary not installed for this platform?)`;
    },
    version: () => versionOf(npmBin('workerd') ?? 'workerd', ['--version']),
    async start() {
      const { Miniflare, Log, LogLevel } = await import('miniflare');
      const log = new LogBuffer();
      // The entry module first, then every chunk it may import (paths relative to modulesRoot name the modules).
      const chunks = readdirSync(join(BUNDLE_DIR, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`);
      const modules = ['workerd.js', ...chunks].map((f) => ({
        type: 'ESModule' as const,
        path: join(BUNDLE_DIR, f),
        contents: readFileSync(join(BUNDLE_DIR, f), 'utf8'),
      }));
      class Captured extends Log {
        constructor() {
          super(LogLevel.WARN);
        }
        override log(message: string): void {
          log.add(`${message}\n`);
        }
      }
      const mf = new Miniflare({
        modules,
        modulesRoot: BUNDLE_DIR,
        compatibilityDate: WORKERD_COMPATIBILITY_DATE,
        compatibilityFlags: compat ? ['nodejs_compat'] : [],
        log: new Captured(),
        handleRuntimeStdio(stdout: Readable, stderr: Readable) {
          stdout.on('data', (c: Buffer) => log.add(c.toString()));
          stderr.on('data', (c: Buffer) => log.add(c.toString()));
        },
      });
      let disposed = false;
      const dispose = async () => {
        if (disposed) return;
        disposed = true;
        await mf.dispose().catch(() => {});
      };
      const untrack = track(() => void dispose());
      await mf.ready;
      return {
        async run(job, timeoutMs) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`job timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
          });
          try {
            const res = await Promise.race([
              mf.dispatchFetch('http://runner.local/job', { method: 'POST', body: JSON.stringify(job), headers: { 'content-type': 'application/json' } }),
              timeout,
            ]);
            const text = await res.text();
            if (!res.ok) throw new Error(`workerd answered HTTP ${res.status}: ${text.slice(0, 2000)}`);
            return JSON.parse(text) as JobResult;
          } finally {
            clearTimeout(timer);
          }
        },
        log: () => log.text,
        async stop() {
          await dispose();
          untrack();
        },
      };
    },
  };
}

export const DRIVERS: Readonly<Record<RuntimeId, RuntimeDriver>> = {
  node: nodeDriver,
  bun: bunDriver,
  deno: denoDriver,
  chromium: chromiumDriver,
  workerd: workerdDriver(false),
  'workerd-nodejs_compat': workerdDriver(true),
};
