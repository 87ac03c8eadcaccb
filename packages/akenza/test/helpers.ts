/** Test helpers: the reference tools (Debian python3 + PyJWT/paho, mosquitto), processes with bounded lifetimes. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS = fileURLToPath(new URL('../../../vectors/akenza/', import.meta.url));
export const KEYS = join(VECTORS, 'keys');
/** Debian's python3: the pyenv python3 on PATH lacks the Debian modules. */
export const PY = '/usr/bin/python3';

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The reason a test needing these Python modules must skip, or undefined when they are all there. */
export function missingPython(modules: readonly string[]): string | undefined {
  const probe = modules.map((m) => (m === 'Crypto' ? 'try:\n import Crypto\nexcept ImportError:\n import Cryptodome' : `import ${m}`)).join('\n');
  const r = spawnSync(PY, ['-c', probe], { stdio: 'ignore' });
  if (r.error || r.status !== 0) return `${PY} with ${modules.join(', ')} is not installed (run scripts/setup-system.sh)`;
  return undefined;
}

export function missingCommands(cmds: readonly string[]): string | undefined {
  const missing = cmds.filter((c) => !hasCommand(c));
  return missing.length ? `${missing.join(', ')} not installed (run scripts/setup-system.sh)` : undefined;
}

/** Prints why a test is skipped (so the reason shows in the test output) and returns it for `t.skip`. */
export function skipReason(reason: string | undefined): string | undefined {
  if (reason) process.stdout.write(`# skipped: ${reason}\n`);
  return reason;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; killed after `timeoutMs` (a bound, not an assertion). */
export function run(cmd: string, args: readonly string[], options: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/** Polls `check` every 50 ms until it is true; rejects after `timeoutMs` (a bound). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A long-running process whose output lines are collected. */
export class LineProcess {
  readonly child: ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;
  #timer: NodeJS.Timeout;

  constructor(cmd: string, args: readonly string[], options: { lifetimeMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    const split = (into: string[]) => {
      let rest = '';
      return (d: Buffer) => {
        rest += d.toString();
        const lines = rest.split('\n');
        rest = lines.pop()!;
        into.push(...lines);
      };
    };
    this.child.stdout!.on('data', split(this.stdout));
    this.child.stderr!.on('data', split(this.stderr));
    // every process ends by itself
    this.#timer = setTimeout(() => this.child.kill('SIGKILL'), options.lifetimeMs ?? 60_000);
    this.#timer.unref();
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        clearTimeout(this.#timer);
        this.exitCode = code;
        resolve(code);
      });
    });
  }

  waitStdout(pred: (line: string) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    return until(() => this.stdout.some(pred) || this.exitCode !== undefined, what, timeoutMs).then(() => {
      if (!this.stdout.some(pred)) throw new Error(`process exited (${this.exitCode}) before ${what}: ${this.stderr.slice(-5).join(' | ')}`);
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.exitCode === undefined) this.child.kill(signal);
    return this.exited;
  }
}

/**
 * `mosquitto_sub -d -v` (line-buffered through stdbuf: mosquitto_sub block-buffers stdout into a pipe): waits for the
 * SUBACK before returning; `messages()` are the "topic payload" lines.
 */
export class MosquittoSub extends LineProcess {
  static async start(args: readonly string[]): Promise<MosquittoSub> {
    const sub = new MosquittoSub('stdbuf', ['-oL', 'mosquitto_sub', '-d', '-v', ...args]);
    await sub.waitStdout((l) => /received SUBACK/.test(l), 'mosquitto_sub SUBACK');
    return sub;
  }

  messages(): string[] {
    return this.stdout.filter((l) => l.startsWith('/'));
  }
}

export interface Mosquitto {
  readonly port: number;
  readonly wsPort?: number;
  readonly tlsPort?: number;
  /** MQTT over secure WebSocket (with `tls`). */
  readonly wssPort?: number;
  readonly log: string[];
  stop(): Promise<void>;
}

/** A Debian mosquitto on free loopback ports, anonymous access (username/password ignored), logging everything. */
export async function startMosquitto(options: { websockets?: boolean; tls?: { certFile: string; keyFile: string } } = {}): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'akenza-mosquitto-'));
  const port = await freePort();
  const wsPort = options.websockets ? await freePort() : undefined;
  const tlsPort = options.tls ? await freePort() : undefined;
  const wssPort = options.tls && options.websockets ? await freePort() : undefined;
  const conf = [
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'per_listener_settings false',
    'allow_anonymous true',
    'persistence false',
    'log_dest stderr',
    'log_type all',
    'connection_messages true',
    `listener ${port} 127.0.0.1`,
    ...(wsPort ? [`listener ${wsPort} 127.0.0.1`, 'protocol websockets'] : []),
    ...(tlsPort && options.tls ? [`listener ${tlsPort} 127.0.0.1`, `certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`, 'tls_version tlsv1.2'] : []),
    ...(wssPort && options.tls ? [`listener ${wssPort} 127.0.0.1`, 'protocol websockets', `certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`] : []),
  ].join('\n');
  const confFile = join(dir, 'mosquitto.conf');
  await writeFile(confFile, conf + '\n');
  const proc = new LineProcess('mosquitto', ['-c', confFile], { lifetimeMs: 120_000 });
  const ports = [port, tlsPort, wsPort, wssPort].filter((p): p is number => p !== undefined);
  await until(async () => {
    if (proc.exitCode !== undefined) return true;
    for (const p of ports) if (!(await portOpen(p))) return false;
    return true;
  }, 'mosquitto to listen');
  if (proc.exitCode !== undefined) throw new Error(`mosquitto exited: ${proc.stderr.join(' | ')}`);
  return {
    port,
    ...(wsPort ? { wsPort } : {}),
    ...(tlsPort ? { tlsPort } : {}),
    ...(wssPort ? { wssPort } : {}),
    log: proc.stderr,
    async stop() {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate for 127.0.0.1/localhost made with the openssl command (not with code under test). */
export async function opensslCertificates(): Promise<{ dir: string; caFile: string; certFile: string; keyFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'akenza-certs-'));
  const p = (n: string) => join(dir, n);
  const steps: string[][] = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=akenza test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=localhost'],
  ];
  for (const s of steps) {
    const r = await run('openssl', s);
    if (r.code !== 0) throw new Error(`openssl ${s[0]} failed: ${r.stderr}`);
  }
  await writeFile(p('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  const r = await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.pem'), '-days', '2', '-extfile', p('ext.cnf')]);
  if (r.code !== 0) throw new Error(`openssl x509 failed: ${r.stderr}`);
  return { dir, caFile: p('ca.pem'), certFile: p('server.pem'), keyFile: p('server.key') };
}
