/**
 * Scale-out test harness: a real redis-server (free loopback port, temp dir, no persistence) and broker instances as
 * child processes (`src/main.ts`), so an instance can be killed with SIGKILL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineProcess, freePort, until } from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface Redis {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<Redis> {
  const dir = await mkdtemp(join(tmpdir(), 'akenza-redis-'));
  const port = await freePort();
  const p = new LineProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { lifetimeMs: 300_000 });
  await until(() => p.stdout.some((l) => /Ready to accept connections/.test(l)) || p.exitCode !== undefined, 'redis-server to start');
  if (p.exitCode !== undefined) throw new Error(`redis-server exited: ${p.stdout.slice(-5).join(' | ')}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await p.stop('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Instance {
  readonly proc: LineProcess;
  /** protocol → port (mqtt, mqtts, ws, wss, http). */
  readonly ports: Record<string, number>;
  /** The JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startInstance(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Instance> {
  const proc = new LineProcess(process.execPath, ['--import', 'tsx', MAIN, ...args], { lifetimeMs: 240_000, env: { ...process.env, ...env } });
  await proc.waitStdout((l) => l === 'ready', 'the broker to be ready', 60_000);
  const ports: Record<string, number> = {};
  for (const line of proc.stdout) {
    const m = /^listening (\w+) \S+ (\d+)/.exec(line);
    if (m) ports[m[1]!] = Number(m[2]);
  }
  return {
    proc,
    ports,
    logs: () => proc.stderr.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: (signal = 'SIGTERM') => proc.stop(signal),
  };
}

/** One metric's value from Prometheus text (sum over the series matching `labels`). */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url);
  return { status: r.status, text: await r.text() };
}
