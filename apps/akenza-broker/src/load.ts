#!/usr/bin/env node
/**
 * Bounded load run on loopback: starts the akenza broker (a child process, port 0), connects devices with valid and
 * invalid tokens, publishes QoS 1 uplinks from every valid device and counts what an application subscriber gets.
 * REPORTS connects/s, auth verifications/s and uplinks/s; it asserts only completeness: exit 1 if any QoS 1 uplink was
 * lost, any invalid device was accepted or any valid one refused.
 *
 *   node dist/load.js            full: 1000 connects (800 valid, 200 invalid), 13 uplinks per valid device (10,400)
 *   node dist/load.js --quick    100 connects (80 valid, 20 invalid), 13 uplinks each (1,040)
 *   node dist/load.js --instances 2 --devices 10000 --invalid 0 --messages 1 --compare
 *                                scale-out: devices spread round-robin over 2 instances sharing a Redis (a
 *                                redis-server child on a free port unless --redis URL), the application account on
 *                                instance 0 (so most uplinks cross instances); --compare runs the single-process
 *                                configuration first with the same numbers and prints both side by side
 *   options: --devices N --invalid N --messages N --concurrency N --backend NAME --instances N --redis URL --json
 *
 * Also reported: uplink latency (device publish → app receive, p50/p99, from a timestamp in the payload) and the peak
 * RSS of each broker process (/proc/PID/status, sampled every 250 ms).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { base64url, exportPem, utf8, type Backend, type PrivateKey } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { AkenzaDeviceClient, createDeviceToken, deviceKid } from '@cryptoplug/akenza';

interface Summary {
  connects: number;
  valid: number;
  invalid: number;
  validAccepted: number;
  invalidRejected: number;
  connectSeconds: number;
  connectsPerSecond: number;
  authDecisions: number;
  authAccepted: number;
  authRejected: number;
  /** Device auth decisions per second, measured from the broker's log timestamps. */
  authPerSecond: number;
  published: number;
  received: number;
  lost: number;
  duplicates: number;
  publishSeconds: number;
  uplinksPerSecond: number;
  instances: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Peak RSS per broker process, MiB. */
  rssMiB: number[];
  ok: boolean;
}

const INVALID_KINDS = ['expired', 'wrong-aud', 'wrong-key', 'kid-mismatch', 'unknown-device', 'hs256', 'none', 'lifetime'] as const;

async function pool<T>(items: readonly T[], concurrency: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await run(items[i]!, i);
    }
  });
  await Promise.all(workers);
}

function b64json(value: unknown): string {
  return base64url(utf8(JSON.stringify(value)));
}

async function badToken(kind: (typeof INVALID_KINDS)[number], id: string, key: PrivateKey, other: PrivateKey, backend: Backend): Promise<{ clientId: string; token: string }> {
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'expired':
      return { clientId: id, token: await createDeviceToken({ deviceId: id, privateKey: key, backend, now: now - 7200 }) };
    case 'wrong-aud':
      return { clientId: id, token: await createDeviceToken({ deviceId: `${id}-other`, privateKey: key, backend }) };
    case 'wrong-key': {
      // signed by another key, but carrying the registered key's kid
      const t = await createDeviceToken({ deviceId: id, privateKey: other, backend });
      const [, payload, sig] = t.split('.');
      const header = b64json({ alg: 'ES256', typ: 'JWT', kid: await deviceKid(key, backend) });
      return { clientId: id, token: `${header}.${payload}.${sig}` };
    }
    case 'kid-mismatch':
      return { clientId: id, token: await createDeviceToken({ deviceId: id, privateKey: other, backend }) };
    case 'unknown-device':
      return { clientId: `${id}-unregistered`, token: await createDeviceToken({ deviceId: `${id}-unregistered`, privateKey: key, backend }) };
    case 'hs256': {
      const h = b64json({ alg: 'HS256', typ: 'JWT' });
      const p = b64json({ iat: now, exp: now + 1200, aud: `https://akenza.io/devices/${id}` });
      const mac = await backend.hmac('SHA-256', utf8('load-secret-load-secret-load-secret'), utf8(`${h}.${p}`));
      return { clientId: id, token: `${h}.${p}.${base64url(mac)}` };
    }
    case 'none':
      return { clientId: id, token: `${b64json({ alg: 'none' })}.${b64json({ iat: now, exp: now + 1200, aud: `https://akenza.io/devices/${id}` })}.` };
    case 'lifetime':
      return { clientId: id, token: await createDeviceToken({ deviceId: id, privateKey: key, backend, lifetime: 3 * 86400 }) };
  }
}

interface AuthCounts {
  accept: number;
  reject: number;
  /** Broker-side time (ms) of the first and last device auth decision. */
  first: number;
  last: number;
}

function startBroker(devicesFile: string, backendName: string, extra: string[] = [], auth: AuthCounts = { accept: 0, reject: 0, first: 0, last: 0 }): Promise<{ child: ChildProcess; port: number; auth: AuthCounts }> {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const main = join(here, '..', ts ? 'main.ts' : 'main.js');
  const child = spawn(process.execPath, [...(ts ? ['--import', 'tsx'] : []), main, '--port', '0', '--connect-rate', '0', '--max-unauthenticated', '100000', '--max-connections', '100000', '--devices', devicesFile, '--app-user', 'load-app', '--app-password', 'load-secret', '--backend', backendName, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('{')) {
      process.stderr.write(`broker: ${line}\n`);
      return;
    }
    const e = JSON.parse(line) as { event: string; result?: string; role?: string; time: string };
    if (e.event === 'auth' && e.role === 'device') {
      auth[e.result === 'accept' ? 'accept' : 'reject']++;
      const t = Date.parse(e.time);
      if (!auth.first || t < auth.first) auth.first = t;
      if (t > auth.last) auth.last = t;
    }
  });
  return new Promise((resolve, reject) => {
    let port = 0;
    const timer = setTimeout(() => reject(new Error('the broker did not start within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening mqtt \S+ (\d+)$/.exec(line);
      if (m) port = Number(m[1]);
      if (line === 'ready') {
        clearTimeout(timer);
        resolve({ child, port, auth });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the broker exited with code ${code}`));
    });
  });
}

function connectRaw(url: string, clientId: string, token: string): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const c = mqtt.connect(url, { clientId, username: 'unused', password: token, reconnectPeriod: 0, connectTimeout: 30_000, protocolVersion: 4 });
    c.once('connect', () => c.end(true, () => resolve('accepted')));
    c.once('error', () => c.end(true, () => resolve('refused')));
    c.once('close', () => resolve('refused'));
  });
}

export async function runLoad(argv: string[]): Promise<Summary> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      devices: { type: 'string' },
      invalid: { type: 'string' },
      messages: { type: 'string' },
      concurrency: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      json: { type: 'boolean' },
      instances: { type: 'string' },
      redis: { type: 'string' },
      compare: { type: 'boolean' },
    },
  });
  const instances = Number(values.instances ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 16) throw new Error('--instances must be 1..16');
  const quick = values.quick ?? false;
  const total = Number(values.devices ?? (quick ? 100 : 1000));
  const invalid = Number(values.invalid ?? Math.round(total / 5));
  const perDevice = Number(values.messages ?? 13);
  const concurrency = Number(values.concurrency ?? (quick ? 20 : 50));
  const valid = total - invalid;
  for (const [n, v] of Object.entries({ devices: total, invalid, messages: perDevice, concurrency })) {
    if (!Number.isInteger(v) || v < 0 || (n !== 'invalid' && v < 1) || invalid > total) throw new Error(`--${n} must be a sane integer`);
  }
  const backendName = values.backend ?? 'auto';
  const backend = await createRegistry().select(backendName);

  // keys: a few P-256 keys and one RSA key, shared by many devices
  const keys: PrivateKey[] = [];
  for (let i = 0; i < 7; i++) keys.push(await backend.generateKey('ec-p256'));
  keys.push(await backend.generateKey('rsa-2048'));
  const outsider = await backend.generateKey('ec-p256');
  const ids = Array.from({ length: total }, (_, i) => `load-${String(i).padStart(5, '0')}`);
  const keyOf = (i: number) => keys[i % keys.length]!;

  const dir = await mkdtemp(join(tmpdir(), 'akenza-load-'));
  const devicesFile = join(dir, 'devices.json');
  await writeFile(devicesFile, JSON.stringify(ids.map((id, i) => ({ id, publicKey: exportPem(keyOf(i), 'spki') }))));
  let redisChild: ChildProcess | undefined;
  let redisUrl = values.redis;
  if (instances > 1 && redisUrl === undefined) {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    redisChild = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 500));
  }
  const auth: AuthCounts = { accept: 0, reject: 0, first: 0, last: 0 };
  const brokers = await Promise.all(Array.from({ length: instances }, () => startBroker(devicesFile, backendName, redisUrl ? ['--redis', redisUrl] : [], auth)));
  const broker = brokers[0]!;
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const urlOf = (i: number) => `mqtt://127.0.0.1:${brokers[i % brokers.length]!.port}`;
  const peakRss = brokers.map(() => 0);
  const sampler = setInterval(() => {
    brokers.forEach((b, i) => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${b.child.pid}/status`, 'utf8'));
        if (m) peakRss[i] = Math.max(peakRss[i]!, Number(m[1]) / 1024);
      } catch {
        // not on Linux, or the process is gone
      }
    });
  }, 250);
  const latencies: number[] = [];

  // the application account that counts uplinks
  const received = new Set<string>();
  let duplicates = 0;
  let lastReceive = Date.now();
  const app: MqttClient = mqtt.connect(url, { clientId: 'load-app', username: 'load-app', password: 'load-secret', reconnectPeriod: 1000, protocolVersion: 4 });
  await new Promise<void>((resolve, reject) => {
    app.once('connect', () => resolve());
    app.once('error', reject);
  });
  await app.subscribeAsync('/up/#', { qos: 1 });
  app.on('message', (_topic, payload) => {
    const key = payload.toString('utf8');
    try {
      const t = (JSON.parse(key) as { t?: number }).t;
      if (typeof t === 'number' && !received.has(key)) latencies.push(performance.timeOrigin + performance.now() - t);
    } catch {
      // not a load message
    }
    if (received.has(key)) duplicates++;
    else received.add(key);
    lastReceive = Date.now();
  });

  // valid and invalid devices interleaved: one in every total/invalid is invalid
  const step = invalid > 0 ? Math.floor(total / invalid) : 0;
  const plan = ids.map((id, i) => {
    const k = step > 0 && i % step === 0 && i / step < invalid ? i / step : -1;
    return { id, i, invalidKind: k >= 0 ? INVALID_KINDS[k % INVALID_KINDS.length] : undefined };
  });
  const invalidCount = plan.filter((p) => p.invalidKind).length;
  const prepared = await Promise.all(plan.map(async (p) => (p.invalidKind ? { ...p, bad: await badToken(p.invalidKind, p.id, keyOf(p.i), outsider, backend) } : { ...p, bad: undefined })));

  const clients: AkenzaDeviceClient[] = [];
  let validAccepted = 0;
  let invalidRejected = 0;
  const wrong: string[] = [];
  const t0 = performance.now();
  await pool(prepared, concurrency, async (p) => {
    if (p.bad) {
      const r = await connectRaw(urlOf(p.i), p.bad.clientId, p.bad.token);
      if (r === 'refused') invalidRejected++;
      else wrong.push(`${p.id} (${p.invalidKind}) was accepted`);
      return;
    }
    try {
      clients.push(await AkenzaDeviceClient.connect({ deviceId: p.id, privateKey: keyOf(p.i), backend, url: urlOf(p.i), downlinks: false, reconnectPeriod: 500 }));
      validAccepted++;
    } catch (e) {
      wrong.push(`${p.id} was refused: ${(e as Error).message}`);
    }
  });
  const connectSeconds = (performance.now() - t0) / 1000;

  // QoS 1 uplinks from every connected valid device
  const t1 = performance.now();
  let published = 0;
  await pool(clients, concurrency, async (c) => {
    const sends: Promise<void>[] = [];
    for (let n = 0; n < perDevice; n++) sends.push(c.publish({ d: c.deviceId, n, t: performance.timeOrigin + performance.now() }, { qos: 1 }).then(() => void published++));
    await Promise.all(sends);
  });
  const expected = clients.length * perDevice;
  // wait until everything arrived, or nothing new came for 10 s (bounded)
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (received.size >= expected || Date.now() - lastReceive > 10_000) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  const publishSeconds = (performance.now() - t1) / 1000;

  await pool(clients, concurrency, (c) => c.close());
  await app.endAsync();
  clearInterval(sampler);
  await Promise.all(brokers.map((b) => new Promise((r) => {
    b.child.once('exit', r);
    b.child.kill('SIGTERM');
  })));
  if (redisChild) {
    redisChild.kill('SIGTERM');
    await new Promise((r) => redisChild.once('exit', r));
  }
  await rm(dir, { recursive: true, force: true });
  latencies.sort((x, y) => x - y);
  const pct = (q: number) => (latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1)) : 0);

  const lost = expected - received.size;
  const authDecisions = broker.auth.accept + broker.auth.reject;
  // the broker's own view: decisions over the span between its first and last decision (ms resolution)
  const authSpan = Math.max(broker.auth.last - broker.auth.first, 1) / 1000;
  const summary: Summary = {
    connects: total,
    valid,
    invalid: invalidCount,
    validAccepted,
    invalidRejected,
    connectSeconds: Number(connectSeconds.toFixed(3)),
    connectsPerSecond: Number((total / connectSeconds).toFixed(1)),
    authDecisions,
    authAccepted: broker.auth.accept,
    authRejected: broker.auth.reject,
    authPerSecond: Number((authDecisions / authSpan).toFixed(1)),
    published,
    received: received.size,
    lost,
    duplicates,
    publishSeconds: Number(publishSeconds.toFixed(3)),
    uplinksPerSecond: Number((received.size / publishSeconds).toFixed(1)),
    instances,
    latencyP50Ms: pct(0.5),
    latencyP99Ms: pct(0.99),
    rssMiB: peakRss.map((r) => Math.round(r)),
    ok: lost === 0 && wrong.length === 0 && invalidRejected === invalidCount && validAccepted === total - invalidCount,
  };
  for (const w of wrong.slice(0, 20)) process.stderr.write(`load: ${w}\n`);
  return summary;
}

function report(s: Summary): string {
  return [
    `instances:           ${s.instances}${s.instances > 1 ? ' (Redis)' : ' (in-memory)'}`,
    `connects:            ${s.connects} (${s.valid} valid, ${s.invalid} invalid) in ${s.connectSeconds} s = ${s.connectsPerSecond} connects/s`,
    `auth verifications:  ${s.authDecisions} (${s.authAccepted} accepted, ${s.authRejected} rejected) = ${s.authPerSecond}/s (broker clock)`,
    `invalid rejected:    ${s.invalidRejected}/${s.invalid}; valid accepted: ${s.validAccepted}/${s.connects - s.invalid}`,
    `QoS 1 uplinks:       ${s.published} published, ${s.received} received in ${s.publishSeconds} s = ${s.uplinksPerSecond}/s`,
    `latency:             p50 ${s.latencyP50Ms} ms, p99 ${s.latencyP99Ms} ms (publish → application account)`,
    `peak RSS:            ${s.rssMiB.map((r) => `${r} MiB`).join(' + ')}`,
    `lost:                ${s.lost} (duplicates ${s.duplicates})`,
    `result:              ${s.ok ? 'OK' : 'FAILED'}`,
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const argv = process.argv.slice(2);
    const runs: Summary[] = [];
    if (argv.includes('--compare')) {
      // the same numbers in one process first (without --instances/--redis)
      const single: string[] = [];
      for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--instances' || argv[i] === '--redis') i++;
        else if (argv[i] !== '--compare') single.push(argv[i]!);
      }
      runs.push(await runLoad(single));
    }
    runs.push(await runLoad(argv.filter((a) => a !== '--compare')));
    for (const s of runs) {
      if (argv.includes('--json')) process.stdout.write(JSON.stringify(s) + '\n');
      else process.stdout.write(report(s) + '\n\n');
    }
    process.exitCode = runs.every((s) => s.ok) ? 0 : 1;
  } catch (e) {
    process.stderr.write(`load: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
