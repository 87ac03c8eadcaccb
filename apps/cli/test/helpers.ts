import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** CRYPTOPLUG_CLI_MAIN: another entry point (a .ts one runs through tsx), e.g. to try commands before the build has them. */
export const CLI_MAIN = process.env.CRYPTOPLUG_CLI_MAIN ?? CLI;
export const CLI_NODE_ARGS: string[] = /\.m?ts$/.test(CLI_MAIN) ? ['--import', 'tsx'] : [];

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'turbo.json'))) dir = dirname(dir);
  return dir;
}

export const PRIMITIVES = join(repoRoot(), 'vectors', 'primitives');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; `input` goes to stdin. */
export function cli(args: string[], input?: string | Uint8Array): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: typeof input === 'string' ? Buffer.from(input) : (input ?? Buffer.alloc(0)), env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** An error run: exit 1, exactly one stderr line `error CODE: message`, nothing on stdout, no stack trace. */
export function errorCode(r: Run): string | undefined {
  const lines = r.stderr.trim().split('\n');
  const m = /^error (ERR_[A-Z0-9_]+): \S/.exec(lines[lines.length - 1] ?? '');
  return r.code === 1 && lines.length === 1 && !/\bat .*\(.*:\d+:\d+\)/.test(r.stderr) ? m?.[1] : undefined;
}
