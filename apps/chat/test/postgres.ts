/**
 * A throw-away PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir on a free loopback port, trust auth, Unix
 * socket in the same dir. As root the cluster runs as the `postgres` system user (PostgreSQL refuses to run as root).
 * `findPgBin()` is undefined when no server binaries are installed (scripts/setup-postgres.sh installs them).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  return undefined;
}

/** The reason the PostgreSQL suites skip, or false to run them (CRYPTOPLUG_REQUIRE_POSTGRES=1 turns a skip into a failure). */
export function postgresSkip(): string | false {
  if (findPgBin()) return false;
  if (process.env.CRYPTOPLUG_REQUIRE_POSTGRES === '1') throw new Error('CRYPTOPLUG_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries (run scripts/setup-postgres.sh)');
  return 'PostgreSQL server binaries not found (scripts/setup-postgres.sh installs Debian postgresql)';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  url: string;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = await mkdtemp(join(tmpdir(), 'chat-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  let uid = -1;
  let gid = -1;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]): void => {
    execFileSync(join(bin, cmd), args, { stdio: 'pipe', ...(asRoot ? { uid, gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
