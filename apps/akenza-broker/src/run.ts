/**
 * Running the broker as a process (the `akenza-broker` bin and `cryptoplug akenza broker`): options from command-line
 * values, the listening lines on stdout, SIGINT/SIGTERM for a clean shutdown, SIGHUP to reload the device registry.
 *
 * stdout, one line each (machine-readable), then `ready`:
 *     ca-file /tmp/akenza-broker-x/ca.pem      (only when the TLS certificate was generated)
 *     listening mqtt 127.0.0.1 1883
 *     listening mqtts 127.0.0.1 8883
 *     listening ws 127.0.0.1 8080 /mqtt
 *     listening wss 127.0.0.1 8443 /mqtt
 *     listening http 127.0.0.1 9100          (/healthz, /metrics)
 *     ready
 * stderr: one JSON object per line (auth decisions, ACL refusals, expiries, reloads).
 */
import { readFile } from 'node:fs/promises';
import type { Backend } from '@cryptoplug/core';
import { AkenzaError } from '@cryptoplug/akenza';
import { jsonLine, startAkenzaBroker, type AkenzaBroker, type AkenzaBrokerOptions, type AppAccount, type LogEntry } from './broker.js';
import { DEFAULT_LIMITS, type BrokerLimits } from './limits.js';

/** Command-line values (strings as typed; numbers accepted too). */
export interface BrokerCliValues {
  readonly host?: string;
  /** Plain port, `0` for a free one, `off` to disable. Default 1883. */
  readonly port?: string | number;
  /** TLS port, `0` for a free one. Default: no TLS listener. */
  readonly tlsPort?: string | number;
  /** WebSocket port (`ws://HOST:PORT/mqtt`), `0` for a free one. Default: none. */
  readonly wsPort?: string | number;
  /** Secure WebSocket port (`wss://`), `0` for a free one. Default: none. */
  readonly wssPort?: string | number;
  readonly wsPath?: string;
  /** HTTP port for /healthz and /metrics. Default: none. */
  readonly httpPort?: string | number;
  /** `redis://host:port`: scale out over Redis. */
  readonly redis?: string;
  readonly maxPacketSize?: string | number;
  readonly maxConnectPacketSize?: string | number;
  readonly maxUnauthenticated?: string | number;
  readonly maxConnections?: string | number;
  readonly connectRate?: string | number;
  readonly connectBurst?: string | number;
  readonly authDeadline?: string | number;
  readonly maxInflight?: string | number;
  readonly drainTimeout?: string | number;
  readonly cert?: string;
  readonly certKey?: string;
  /** Where the generated CA and server certificate go (default: a new temp directory). */
  readonly certOut?: string;
  readonly tlsHostname?: readonly string[];
  readonly device?: readonly string[];
  readonly devices?: string;
  readonly appUser?: string;
  readonly appPassword?: string;
  readonly maxLifetime?: string | number;
  readonly clockSkew?: string | number;
  readonly requireKid?: boolean;
  /** false: keep device connections open after their token expires. */
  readonly expiryDisconnect?: boolean;
  /** No per-decision log lines. */
  readonly quiet?: boolean;
}

function config(message: string, cause?: unknown): AkenzaError {
  return new AkenzaError('ERR_AKENZA_BROKER_CONFIG', message, cause === undefined ? undefined : { cause });
}

function int(value: string | number | undefined, what: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw config(`${what} must be an integer ${min}..${max}, got ${JSON.stringify(value)}`);
  return n;
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw config(`cannot read ${what} "${file}" (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
}

/** Turns command-line values (and AKENZA_APP_USER / AKENZA_APP_PASSWORD) into broker options. */
export async function brokerOptionsFromCli(values: BrokerCliValues, backend: Backend, env: NodeJS.ProcessEnv = process.env): Promise<AkenzaBrokerOptions> {
  const port = values.port === 'off' ? null : (int(values.port, '--port', 0, 65535) ?? 1883);
  const optPort = (v: string | number | undefined, flag: string) => (v === undefined || v === 'off' ? null : int(v, flag, 0, 65535)!);
  const tlsPort = optPort(values.tlsPort, '--tls-port');
  const wsPort = optPort(values.wsPort, '--ws-port');
  const wssPort = optPort(values.wssPort, '--wss-port');
  const httpPort = optPort(values.httpPort, '--http-port');
  if ((values.cert === undefined) !== (values.certKey === undefined)) throw config('--cert and --cert-key go together');
  if (values.cert !== undefined && tlsPort === null && wssPort === null) throw config('--cert needs --tls-port or --wss-port');
  const limits: Partial<BrokerLimits> = {};
  const lim = (key: keyof BrokerLimits, v: string | number | undefined, flag: string, min: number, max: number) => {
    const n = int(v, flag, min, max);
    if (n !== undefined) (limits as Record<string, number>)[key] = n;
  };
  lim('maxPacketSize', values.maxPacketSize, '--max-packet-size', 64, 268_435_460);
  lim('maxConnectPacketSize', values.maxConnectPacketSize, '--max-connect-packet-size', 64, 268_435_460);
  lim('maxUnauthenticated', values.maxUnauthenticated, '--max-unauthenticated', 1, 10_000_000);
  lim('maxConnections', values.maxConnections, '--max-connections', 1, 10_000_000);
  lim('connectRatePerIp', values.connectRate, '--connect-rate', 0, 10_000_000);
  lim('connectBurstPerIp', values.connectBurst, '--connect-burst', 1, 10_000_000);
  lim('authDeadlineMs', values.authDeadline, '--auth-deadline', 1, 3_600_000);
  lim('maxInflight', values.maxInflight, '--max-inflight', 0, 10_000_000);
  if (limits.maxConnectPacketSize !== undefined && limits.maxConnectPacketSize > (limits.maxPacketSize ?? DEFAULT_LIMITS.maxPacketSize)) {
    throw config('--max-connect-packet-size must not exceed --max-packet-size');
  }
  const drainTimeoutMs = int(values.drainTimeout, '--drain-timeout', 0, 3_600_000);
  if (values.redis !== undefined && !/^rediss?:\/\/./.test(values.redis)) throw config(`--redis must be a redis:// URL, got ${JSON.stringify(values.redis)}`);
  const appUser = values.appUser ?? env.AKENZA_APP_USER;
  const appPassword = values.appPassword ?? env.AKENZA_APP_PASSWORD;
  if ((appUser === undefined) !== (appPassword === undefined)) throw config('an application account needs both --app-user and --app-password (or AKENZA_APP_USER and AKENZA_APP_PASSWORD)');
  const apps: AppAccount[] = appUser !== undefined && appPassword !== undefined ? [{ username: appUser, password: appPassword }] : [];
  const maxLifetime = int(values.maxLifetime, '--max-lifetime', 1, 10 * 365 * 86400);
  const clockSkew = int(values.clockSkew, '--clock-tolerance', 0, 86400);
  const quiet = values.quiet ?? false;
  return {
    backend,
    devices: { device: values.device ?? [], ...(values.devices !== undefined ? { devicesFile: values.devices } : {}) },
    ...(values.host !== undefined ? { host: values.host } : {}),
    port,
    tlsPort,
    wsPort,
    wssPort,
    httpPort,
    ...(values.wsPath !== undefined ? { wsPath: values.wsPath } : {}),
    ...(values.redis !== undefined ? { redis: values.redis } : {}),
    limits,
    ...(drainTimeoutMs !== undefined ? { drainTimeoutMs } : {}),
    ...(tlsPort !== null || wssPort !== null
      ? {
          tls:
            values.cert !== undefined
              ? { cert: await readPem(values.cert, 'certificate'), key: await readPem(values.certKey!, 'certificate key') }
              : { selfSigned: { ...(values.certOut !== undefined ? { dir: values.certOut } : {}), hostnames: values.tlsHostname ?? [] } },
        }
      : {}),
    apps,
    ...(maxLifetime !== undefined ? { maxLifetime } : {}),
    ...(clockSkew !== undefined ? { clockSkew } : {}),
    ...(values.requireKid ? { requireKid: true } : {}),
    ...(values.expiryDisconnect === false ? { disconnectOnExpiry: false } : {}),
    ...(quiet ? { log: (e: LogEntry) => (e.event === 'auth' || e.event === 'acl' ? undefined : jsonLine(e)) } : {}),
  };
}


export interface RunIo {
  out(line: string): void;
  err(line: string): void;
}

/** The stdout lines announcing a started broker. */
export function announce(broker: AkenzaBroker): string[] {
  const lines: string[] = [];
  if (broker.caFile) lines.push(`ca-file ${broker.caFile}`);
  for (const l of broker.listeners) lines.push(`listening ${l.protocol} ${l.host} ${l.port}${l.protocol === 'ws' || l.protocol === 'wss' ? ` ${new URL(l.url).pathname}` : ''}`);
  lines.push('ready');
  return lines;
}

/**
 * Starts the broker, prints the listening lines and runs until SIGINT/SIGTERM (or `stop` resolves). SIGHUP reloads the
 * device registry (a failed reload keeps the current one and logs why). Resolves after a clean shutdown.
 */
export async function runBroker(options: AkenzaBrokerOptions, io: RunIo, stop?: Promise<unknown>): Promise<void> {
  const broker = await startAkenzaBroker(options);
  for (const line of announce(broker)) io.out(line);
  const log = options.log ?? jsonLine;
  const onHup = () => {
    broker.reload().catch((e: unknown) => log({ event: 'reload', result: 'failed', code: (e as { code?: unknown }).code ?? 'ERR_INTERNAL', reason: (e as Error).message }));
  };
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGHUP', onHup);
      log({ event: 'shutdown', signal });
      broker.close().then(resolve, resolve);
    };
    const onInt = () => shutdown('SIGINT');
    const onTerm = () => shutdown('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
    stop?.then(() => shutdown('stop'), () => shutdown('stop'));
  });
}
