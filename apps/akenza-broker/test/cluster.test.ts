/**
 * Scale-out on Redis: two broker instances (child processes) on one real redis-server.
 *
 * - A device on instance A publishes QoS 1; an application account subscribed on instance B receives every message —
 *   over TCP, TLS, WebSocket and secure WebSocket. Devices: the cryptoplug device client (packages/akenza) on all four,
 *   the documentation's paho client over TLS and over wss; apps: mosquitto_sub (TCP, TLS) and mqtt.js (ws, wss).
 * - Failover: a device with a persistent session (clean=false, mqtt.js with both instances in its server list)
 *   streams QoS 1 messages to A; A is killed with SIGKILL mid-stream; the device reconnects to B; the app account on B
 *   receives every message at least once (duplicates counted and printed); the retained message and the persistent
 *   subscription of a second app session survive the loss of A.
 * - /healthz and /metrics on each instance.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { connectDevice } from '@cryptoplug/akenza';
import { KEYS, MosquittoSub, PY, VECTORS, missingCommands, missingPython, opensslCertificates, run, skipReason, until } from './helpers.js';
import { fetchText, metric, startInstance, startRedis, type Instance, type Redis } from './cluster-helpers.js';

const APP = { username: 'app', password: 'app-secret' };
const k = (name: string) => join(KEYS, name);
const DEVICES = ['dev-tcp', 'dev-tls', 'dev-ws', 'dev-wss', 'dev-paho', 'dev-fail'];

async function pyToken(deviceId: string): Promise<string> {
  const r = await run(PY, [join(VECTORS, 'make_token.py'), '--device-id', deviceId, '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256']);
  if (r.code !== 0) throw new Error(`make_token.py failed: ${r.stderr}`);
  return r.stdout.trim();
}

function connectApp(url: string, clientId: string, extra: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { clientId, username: APP.username, password: APP.password, protocolVersion: 4, reconnectPeriod: 0, ...extra });
    c.once('connect', () => resolve(c));
    c.once('error', (e) => {
      c.end(true);
      reject(e);
    });
  });
}

/** SUBSCRIBE with a bound: an unanswered SUBSCRIBE fails here with a clear message instead of hanging the suite. */
async function subscribeBounded(client: MqttClient, topic: string | string[]): Promise<number[]> {
  let timer: NodeJS.Timeout | undefined;
  const granted = await Promise.race([
    client.subscribeAsync(topic, { qos: 1 }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no SUBACK for ${String(topic)} within 30 s`)), 30_000);
    }),
  ]).finally(() => clearTimeout(timer));
  return granted.map((g) => g.qos);
}

const reason =
  missingCommands(['redis-server', 'mosquitto_sub', 'stdbuf', 'openssl']) ?? missingPython(['jwt', 'Crypto', 'cryptography', 'paho.mqtt']);

describe('scale-out on Redis: two instances', { skip: skipReason(reason), timeout: 240_000 }, () => {
  let redis: Redis;
  let certs: Awaited<ReturnType<typeof opensslCertificates>>;
  let a: Instance;
  let b: Instance;
  let backend: Backend;
  let ca: string;
  const args = () => [
    '--port', '0', '--tls-port', '0', '--ws-port', '0', '--wss-port', '0', '--http-port', '0',
    '--cert', certs.certFile, '--cert-key', certs.keyFile, '--redis', redis.url, '--quiet',
    ...DEVICES.flatMap((d) => ['--device', `${d}=${k('ec_public.pem')}`]),
    '--app-user', APP.username, '--app-password', APP.password,
  ];

  before(async () => {
    backend = await createRegistry().select('auto');
    redis = await startRedis();
    certs = await opensslCertificates();
    ca = readFileSync(certs.caFile, 'utf8');
    a = await startInstance(args());
    b = await startInstance(args());
  });
  after(async () => {
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    await redis?.stop();
    if (certs) await rm(certs.dir, { recursive: true, force: true });
  });

  test('both instances serve /healthz and /metrics', async () => {
    for (const inst of [a, b]) {
      const h = await fetchText(`http://127.0.0.1:${inst.ports.http}/healthz`);
      assert.equal(h.status, 200);
      assert.deepEqual(JSON.parse(h.text), { status: 'ok' });
      const m = await fetchText(`http://127.0.0.1:${inst.ports.http}/metrics`);
      assert.equal(m.status, 200);
      assert.match(m.text, /^# HELP akenza_broker_connections /m);
      assert.equal((await fetchText(`http://127.0.0.1:${inst.ports.http}/nope`)).status, 404);
    }
  });

  test('device on A publishes QoS 1, the app on B receives every message: TCP, TLS, WebSocket, secure WebSocket', async () => {
    const N = 20;
    // apps on B: mosquitto_sub for TCP and TLS, mqtt.js for ws and wss
    const subTcp = await MosquittoSub.start(['-h', '127.0.0.1', '-p', String(b.ports.mqtt), '-i', 'app-tcp', '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/up/device/id/dev-tcp/#', '-t', '/up/device/id/dev-paho/#']);
    const subTls = await MosquittoSub.start(['-h', '127.0.0.1', '-p', String(b.ports.mqtts), '--cafile', certs.caFile, '-i', 'app-tls', '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/up/device/id/dev-tls/#']);
    const got: Record<string, string[]> = { ws: [], wss: [] };
    const apps: MqttClient[] = [];
    for (const proto of ['ws', 'wss'] as const) {
      const app = await connectApp(`${proto}://127.0.0.1:${b.ports[proto]}/mqtt`, `app-${proto}`, proto === 'wss' ? { ca } : {});
      await app.subscribeAsync(`/up/device/id/dev-${proto}/#`, { qos: 1 });
      app.on('message', (topic, payload) => got[proto]!.push(`${topic} ${payload.toString()}`));
      apps.push(app);
    }
    try {
      const urls: Record<string, string> = {
        tcp: `mqtt://127.0.0.1:${a.ports.mqtt}`,
        tls: `mqtts://127.0.0.1:${a.ports.mqtts}`,
        ws: `ws://127.0.0.1:${a.ports.ws}/mqtt`,
        wss: `wss://127.0.0.1:${a.ports.wss}/mqtt`,
      };
      await Promise.all(
        Object.entries(urls).map(async ([name, url]) => {
          const device = await connectDevice({ deviceId: `dev-${name}`, privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend, url, ca, downlinks: false });
          try {
            for (let i = 0; i < N; i++) await device.publish(`${name}-${i}`, { qos: 1 });
          } finally {
            await device.close();
          }
        }),
      );
      // the documentation's Python client (paho) on A over TLS and over wss://…/mqtt
      for (const [port, transport, payload] of [[a.ports.mqtts, 'tcp', 'paho-tls'], [a.ports.wss, 'websockets', 'paho-wss']] as const) {
        const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', 'dev-paho', '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256',
          '--host', '127.0.0.1', '--port', String(port), '--ca', certs.caFile, '--transport', transport, '--qos', '1', '--payload', payload]);
        assert.equal(r.code, 0, r.stderr);
      }
      const expected = (name: string) => Array.from({ length: N }, (_, i) => `/up/device/id/dev-${name} ${name}-${i}`);
      await until(() => subTcp.messages().length >= N + 2 && subTls.messages().length >= N && got.ws!.length >= N && got.wss!.length >= N, 'every message at the apps on B', 60_000);
      assert.deepEqual(subTcp.messages().filter((m) => m.includes('dev-tcp')), expected('tcp'));
      assert.deepEqual(subTls.messages(), expected('tls'));
      assert.deepEqual(got.ws, expected('ws'));
      assert.deepEqual(got.wss, expected('wss'));
      assert.deepEqual(subTcp.messages().filter((m) => m.includes('dev-paho')), ['/up/device/id/dev-paho paho-tls', '/up/device/id/dev-paho paho-wss']);
      // the routing really crossed instances: A counted the uplinks in, B the deliveries out
      const ma = await fetchText(`http://127.0.0.1:${a.ports.http}/metrics`);
      const mb = await fetchText(`http://127.0.0.1:${b.ports.http}/metrics`);
      assert.ok(metric(ma.text, 'akenza_broker_messages_in_total') >= 4 * N + 2);
      assert.ok(metric(mb.text, 'akenza_broker_messages_out_total') >= 4 * N + 2);
      assert.equal(metric(mb.text, 'akenza_broker_messages_in_total'), 0);
      assert.ok(metric(ma.text, 'akenza_broker_auth_accepted_total', { role: 'device' }) >= 6);
    } finally {
      await subTcp.stop();
      await subTls.stop();
      for (const app of apps) await app.endAsync();
    }
  });

  test('a persistent SUBSCRIBE with several filters is answered and its subscriptions work on the other instance', async () => {
    // aedes 1.x stores a clean=false SUBSCRIBE once per filter, each call waiting for its own Redis broadcast under the
    // same key (client id + first topic); without the broker's serialization (broker.ts) this SUBACK never came
    const topics = ['/up/device/id/dev-tcp/multi-a', '/up/device/id/dev-tcp/multi-b'];
    const first = await connectApp(`mqtt://127.0.0.1:${a.ports.mqtt}`, 'app-multi', { clean: false });
    assert.deepEqual(await subscribeBounded(first, topics), [1, 1]);
    await first.endAsync();
    const back = await new Promise<{ c: MqttClient; present: boolean }>((resolve, reject) => {
      const c = mqtt.connect(`mqtt://127.0.0.1:${b.ports.mqtt}`, { clientId: 'app-multi', username: APP.username, password: APP.password, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
      c.once('connect', (ack) => resolve({ c, present: ack.sessionPresent }));
      c.once('error', reject);
    });
    const got: string[] = [];
    back.c.on('message', (t, p) => got.push(`${t} ${p.toString()}`));
    try {
      assert.equal(back.present, true, 'the session is present on B');
      const device = await connectDevice({ deviceId: 'dev-tcp', privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend, url: `mqtt://127.0.0.1:${b.ports.mqtt}`, downlinks: false });
      try {
        await device.publish('a', { qos: 1, subtopic: 'multi-a' });
        await device.publish('b', { qos: 1, subtopic: 'multi-b' });
      } finally {
        await device.close();
      }
      await until(() => got.length >= 2, 'both messages through the restored subscriptions');
      assert.deepEqual(got.sort(), [`${topics[0]} a`, `${topics[1]} b`]);
    } finally {
      await back.c.endAsync();
    }
  });

  test('failover: A is SIGKILLed mid-stream; the device (clean=false) goes on via B; every message arrives at least once; retained and subscriptions survive', async () => {
    const TOTAL = 1000;
    const topic = '/up/device/id/dev-fail';
    // the app account that must see everything, on B
    const app = await connectApp(`mqtt://127.0.0.1:${b.ports.mqtt}`, 'app-all');
    const seen = new Map<string, number>();
    app.on('message', (t, payload) => {
      if (t === topic) seen.set(payload.toString(), (seen.get(payload.toString()) ?? 0) + 1);
    });
    await subscribeBounded(app, topic);
    // a persistent app session subscribed on A (clean=false), offline during the failover
    const persistent = await connectApp(`mqtt://127.0.0.1:${a.ports.mqtt}`, 'app-persistent', { clean: false });
    await subscribeBounded(persistent, `${topic}/#`);
    await persistent.endAsync();

    const device = mqtt.connect({
      servers: [{ host: '127.0.0.1', port: a.ports.mqtt! }, { host: '127.0.0.1', port: b.ports.mqtt! }],
      protocol: 'mqtt',
      clientId: 'dev-fail',
      username: 'unused',
      password: await pyToken('dev-fail'),
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 200,
      connectTimeout: 10_000,
    });
    const hosts: number[] = [];
    device.on('connect', () => hosts.push((device.options as { port: number }).port));
    device.on('error', () => undefined);
    await new Promise<void>((resolve) => device.once('connect', () => resolve()));
    try {
      await device.publishAsync(`${topic}/state`, 'retained-state', { qos: 1, retain: true });
      let acked = 0;
      let killed = false;
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < TOTAL; i++) {
        sends.push(device.publishAsync(topic, String(i), { qos: 1 }).then(() => acked++));
        if (i % 50 === 49) {
          // pace the stream so A dies with messages in flight, not after everything was sent
          await new Promise((r) => setTimeout(r, 10));
          if (!killed && acked >= 200) {
            killed = true;
            a.proc.child.kill('SIGKILL');
          }
        }
      }
      if (!killed) {
        await until(() => acked >= 200, '200 acknowledgements before the kill', 60_000).catch((e: Error) => {
          throw new Error(`${e.message} (acked ${acked}); A: ${a.proc.stderr.slice(-8).join('\n')}`);
        });
        killed = true;
        a.proc.child.kill('SIGKILL');
      }
      await Promise.all(sends);
      assert.equal(acked, TOTAL);
      await until(() => seen.size >= TOTAL, `all ${TOTAL} messages at the app on B`, 60_000).catch(async (e: Error) => {
        const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !seen.has(String(i)));
        const m = (await fetchText(`http://127.0.0.1:${b.ports.http}/metrics`)).text.split('\n').filter((l) => /^akenza_broker_(messages|limit)/.test(l));
        throw new Error(`${e.message}: have ${seen.size}; missing ${missing.join(',')}; B: ${m.join('; ')}; ports ${hosts.join(',')}`);
      });
      const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
      process.stdout.write(`# failover: ${TOTAL} QoS 1 messages, ${seen.size} distinct received, ${duplicates} duplicates, device connected to ports ${hosts.join(' → ')} (A=${a.ports.mqtt}, B=${b.ports.mqtt})\n`);
      for (let i = 0; i < TOTAL; i++) assert.ok(seen.has(String(i)), `message ${i} lost`);
      assert.equal(metric((await fetchText(`http://127.0.0.1:${b.ports.http}/metrics`)).text, 'akenza_broker_messages_dropped_total'), 0);
      assert.equal(hosts[0], a.ports.mqtt);
      assert.equal(hosts.at(-1), b.ports.mqtt, 'the device ended on B');
      assert.equal(await a.proc.exited, null, 'A was killed by a signal');

      // the persistent session's subscription survived A: reconnect to B without subscribing, get new messages
      const back = await new Promise<{ c: MqttClient; present: boolean }>((resolve, reject) => {
        const c = mqtt.connect(`mqtt://127.0.0.1:${b.ports.mqtt}`, { clientId: 'app-persistent', username: APP.username, password: APP.password, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
        c.once('connect', (ack) => resolve({ c, present: ack.sessionPresent }));
        c.once('error', reject);
      });
      const later: string[] = [];
      back.c.on('message', (t, p) => later.push(`${t} ${p.toString()}`));
      assert.equal(back.present, true, 'the session is present on B');
      await device.publishAsync(`${topic}/after`, 'after-failover', { qos: 1 });
      await until(() => later.includes(`${topic}/after after-failover`), 'a message through the surviving subscription');
      await back.c.endAsync();

      // the retained message survived A
      const fresh = await connectApp(`mqtt://127.0.0.1:${b.ports.mqtt}`, 'app-retained');
      const retained: string[] = [];
      fresh.on('message', (t, p, packet) => packet.retain && retained.push(`${t} ${p.toString()}`));
      await subscribeBounded(fresh, `${topic}/state`);
      await until(() => retained.length > 0, 'the retained message on B');
      assert.deepEqual(retained, [`${topic}/state retained-state`]);
      await fresh.endAsync();
    } finally {
      device.end(true);
      await app.endAsync();
    }
  });

  test('graceful shutdown: SIGTERM drains and exits 0', async () => {
    const code = await b.stop('SIGTERM');
    assert.equal(code, 0, b.proc.stderr.slice(-12).join('\n'));
    const events = b.logs().map((e) => e.event);
    assert.ok(events.includes('shutdown') && events.includes('drain') && events.includes('closed'), events.join(','));
    const drain = b.logs().find((e) => e.event === 'drain')!;
    assert.equal(drain.unacknowledged, 0);
  });
});

describe('scale-out configuration errors', { skip: skipReason(reason), timeout: 60_000 }, () => {
  test('an unreachable Redis, a bad Redis URL, inconsistent limits: exit 1 with one line', async () => {
    const main = new URL('../src/main.ts', import.meta.url).pathname;
    const dev = ['--device', `d=${k('ec_public.pem')}`];
    for (const [args, message] of [
      [['--port', '0', '--redis', 'redis://127.0.0.1:1', ...dev], /^error ERR_AKENZA_BROKER_CONFIG: cannot reach Redis at 127\.0\.0\.1:1 \(connect ECONNREFUSED/],
      [['--port', '0', '--redis', 'http://x', ...dev], /^error ERR_AKENZA_BROKER_CONFIG: --redis must be a redis:\/\/ URL/],
      [['--port', '0', '--max-packet-size', '1024', '--max-connect-packet-size', '4096', ...dev], /^error ERR_AKENZA_BROKER_CONFIG: --max-connect-packet-size must not exceed --max-packet-size/],
      [['--port', '0', '--ws-port', '70000', ...dev], /^error ERR_AKENZA_BROKER_CONFIG: --ws-port must be an integer/],
    ] as const) {
      const r = await run(process.execPath, ['--import', 'tsx', main, ...args], { timeoutMs: 40_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
