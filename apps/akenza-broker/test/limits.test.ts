/**
 * Resource limits. Packets for the framing guard come from mqtt-packet's generator (the MQTT implementation mqtt.js
 * uses), attacks are raw sockets, refusals are observed with real clients (mosquitto_pub, mqtt.js).
 *
 * - PacketSizeGuard follows MQTT framing across arbitrary chunking and flags an oversized header before its body.
 * - 100 concurrent attackers announcing 256 MiB CONNECTs and streaming data, plus a connection flood of silent
 *   sockets, against a broker child process: the broker's RSS stays bounded, every attack is refused and counted, and
 *   a valid device publishing QoS 1 throughout loses nothing.
 * - Per-IP connect rate and maximum connections: CONNACK 3 (server unavailable) to mosquitto_pub; an authenticated
 *   client sending a packet above the limit is disconnected; in-flight bound: a subscriber that never acknowledges
 *   gets at most maxInflight QoS 1 messages, the rest are dropped and counted.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { createRegistry } from '@cryptoplug/backends';
import { connectDevice } from '@cryptoplug/akenza';
import { PacketSizeGuard, startAkenzaBroker, type LogEntry } from '../src/index.js';
import { KEYS, MosquittoSub, PY, VECTORS, missingCommands, missingPython, run, skipReason, until } from './helpers.js';
import { fetchText, metric, startInstance, type Instance } from './cluster-helpers.js';

const k = (name: string) => join(KEYS, name);
const APP = { username: 'app', password: 'app-secret' };

async function pyToken(deviceId: string): Promise<string> {
  const r = await run(PY, [join(VECTORS, 'make_token.py'), '--device-id', deviceId, '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256']);
  if (r.code !== 0) throw new Error(`make_token.py failed: ${r.stderr}`);
  return r.stdout.trim();
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

describe('PacketSizeGuard (framing from mqtt-packet)', () => {
  const packets = [
    mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'x', clean: true, keepalive: 60, username: 'u', password: Buffer.alloc(3000, 1) }),
    mqttPacket.generate({ cmd: 'publish', topic: '/up/device/id/x', payload: Buffer.alloc(200_000, 2), qos: 1, messageId: 7, retain: false, dup: false }),
    mqttPacket.generate({ cmd: 'pingreq' }),
    mqttPacket.generate({ cmd: 'publish', topic: '/up/device/id/x', payload: Buffer.alloc(10, 3), qos: 0, retain: false, dup: false }),
  ];

  test('valid packets pass in any chunking; each is counted', () => {
    const all = Buffer.concat(packets);
    for (const size of [1, 2, 3, 7, 100, 4096, all.length]) {
      const g = new PacketSizeGuard(() => 256 * 1024);
      for (let i = 0; i < all.length; i += size) assert.equal(g.feed(all.subarray(i, i + size)), null);
      assert.equal(g.packets, packets.length);
    }
  });

  test('an oversized header is flagged before its body: at the length bytes, with the announced length', () => {
    const g = new PacketSizeGuard(() => 16 * 1024);
    // 0x10 CONNECT with remaining length 268,435,455 (the MQTT maximum, ~256 MiB): 0xff 0xff 0xff 0x7f
    // flagged on the second length byte already (≥ 16,383 announced), before the header is even complete
    const over = g.feed(Buffer.from([0x10, 0xff, 0xff]));
    assert.deepEqual(over, { announced: 0x7f + 0x7f * 128, limit: 16 * 1024 });
    assert.equal(new PacketSizeGuard(() => 16 * 1024).feed(Buffer.from([0x10, 0xff])), null);
    // the post-auth limit applies to a 200 KB PUBLISH
    assert.equal(new PacketSizeGuard(() => 16 * 1024).feed(packets[1]!)?.limit, 16 * 1024);
    assert.equal(new PacketSizeGuard(() => 256 * 1024).feed(packets[1]!), null);
    // a five-byte length is malformed
    assert.deepEqual(new PacketSizeGuard(() => Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01])), { announced: -1, limit: Number.MAX_SAFE_INTEGER });
  });
});

const reason = missingCommands(['mosquitto_pub', 'mosquitto_sub', 'stdbuf']) ?? missingPython(['jwt', 'Crypto', 'cryptography']);

describe('attacks against a broker process', { skip: skipReason(reason), timeout: 180_000 }, () => {
  let broker: Instance;
  before(async () => {
    broker = await startInstance([
      '--port', '0', '--http-port', '0', '--quiet',
      '--max-unauthenticated', '150', '--auth-deadline', '3000', '--connect-rate', '0',
      '--device', `dev-ok=${k('ec_public.pem')}`, '--app-user', APP.username, '--app-password', APP.password,
    ]);
  });
  after(() => broker?.stop());

  test('100 oversized-packet attackers and a 300-socket flood: refused within limits, RSS bounded, a valid device loses no QoS 1 message', async () => {
    const port = broker.ports.mqtt!;
    const pid = broker.proc.child.pid!;
    const app = await MosquittoSub.start(['-h', '127.0.0.1', '-p', String(port), '-i', 'app', '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/up/#']);
    const device = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'dev-ok', username: 'unused', password: await pyToken('dev-ok'), protocolVersion: 4, reconnectPeriod: 0 });
    await new Promise<void>((resolve, reject) => {
      device.once('connect', () => resolve());
      device.once('error', reject);
    });
    const rss0 = rssKiB(pid);
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 50);
    const sockets: Socket[] = [];
    let closedByBroker = 0;
    const open = (onConnect: (s: Socket) => void) => {
      const s = connect(port, '127.0.0.1', () => onConnect(s));
      s.on('error', () => undefined);
      s.on('close', () => closedByBroker++);
      sockets.push(s);
    };
    try {
      // valid uplinks all through the attack
      const N = 100;
      const sends: Promise<unknown>[] = [];
      const publisher = (async () => {
        for (let i = 0; i < N; i++) {
          sends.push(device.publishAsync('/up/device/id/dev-ok', `m-${i}`, { qos: 1 }));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      // 100 attackers: CONNECT announcing 256 MiB (remaining length 268,435,455), then 1 MiB each in 64 KiB chunks
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      for (let i = 0; i < 100; i++) {
        open((s) => {
          s.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
          let n = 0;
          const pump = () => {
            while (n++ < 16 && !s.destroyed && s.write(chunk));
            if (n < 16 && !s.destroyed) s.once('drain', pump);
          };
          pump();
        });
      }
      // flood: 300 sockets that never send anything
      for (let i = 0; i < 300; i++) open(() => undefined);
      await publisher;
      await Promise.all(sends);
      await until(() => closedByBroker === sockets.length, 'the broker to close every attacking socket', 30_000);
      await until(() => app.messages().filter((m) => m.startsWith('/up/device/id/dev-ok ')).length >= N, 'every uplink at the app', 30_000);
      const got = app.messages().filter((m) => m.startsWith('/up/device/id/dev-ok '));
      assert.deepEqual(new Set(got), new Set(Array.from({ length: N }, (_, i) => `/up/device/id/dev-ok m-${i}`)), 'no QoS 1 uplink lost');
    } finally {
      clearInterval(sampler);
      for (const s of sockets) s.destroy();
      device.end(true);
      await app.stop();
    }
    const growthMiB = (peak - rss0) / 1024;
    const m = (await fetchText(`http://127.0.0.1:${broker.ports.http}/metrics`)).text;
    const hits = { size: metric(m, 'akenza_broker_limit_hits_total', { limit: 'packet-size' }), unauth: metric(m, 'akenza_broker_limit_hits_total', { limit: 'max-unauthenticated' }), deadline: metric(m, 'akenza_broker_limit_hits_total', { limit: 'auth-deadline' }) };
    process.stdout.write(`# attack: broker RSS ${Math.round(rss0 / 1024)} MiB → peak ${Math.round(peak / 1024)} MiB (+${growthMiB.toFixed(1)} MiB); limit hits ${JSON.stringify(hits)}\n`);
    // Bound: 100 attackers × (at most one socket read, ≤ 64 KiB, before the header is seen) ≈ 6 MiB, plus up to 150
    // unauthenticated sockets' buffers (≤ 16 KiB CONNECT limit each, 2.4 MiB) and V8 heap slack. Without the guard
    // each attacker is buffered up to 256 MiB (one took the broker from 81 to 333 MB): 100 would need ~25 GiB.
    assert.ok(growthMiB < 64, `RSS grew by ${growthMiB.toFixed(1)} MiB`);
    assert.ok(hits.size >= 1, 'oversized packets were counted');
    assert.equal(hits.size + hits.unauth + hits.deadline, 400, 'each of the 400 attacking sockets hit exactly one limit');
    assert.ok(hits.unauth >= 1 && hits.deadline >= 1, 'the flood hit max-unauthenticated at accept and the deadline after');
  });
});

describe('refusals with CONNACK codes, post-auth packet size, in-flight bound', { skip: skipReason(reason), timeout: 120_000 }, () => {
  const backend = createRegistry().select('auto');
  const logs: LogEntry[] = [];
  const start = async (limits: Record<string, number>) =>
    startAkenzaBroker({ backend: await backend, port: 0, devices: { device: [`dev-ok=${k('ec_public.pem')}`] }, apps: [APP], limits, log: (e) => logs.push(e) });
  let token: string | undefined;
  const pub = async (port: number) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-i', 'dev-ok', '-u', 'unused', '-P', (token ??= await pyToken('dev-ok')), '-q', '1', '-t', '/up/device/id/dev-ok', '-m', 'x']);

  test('per-IP connect rate: over it, CONNACK 3 (server unavailable)', async () => {
    const b = await start({ connectRatePerIp: 1, connectBurstPerIp: 2 });
    try {
      const port = b.listeners[0]!.port;
      // application accounts with distinct client ids (one device id would take over its own session)
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) =>
        run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-i', `app-${i}`, '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/down/device/id/dev-ok', '-m', 'x'])));
      const refused = results.filter((r) => r.code !== 0);
      assert.ok(results.some((r) => r.code === 0), 'the burst was accepted');
      assert.ok(refused.length >= 1, 'at least one of 5 simultaneous connects was over 1/s with burst 2');
      for (const r of refused) assert.match(r.stderr, /unavailable/i);
      assert.ok(b.stats.limitHits >= 1);
      assert.ok(logs.some((e) => e.event === 'limit' && e.limit === 'connect-rate'));
      assert.match(await b.metrics.registry.metrics(), /akenza_broker_limit_hits_total\{limit="connect-rate"\} [1-9]/);
    } finally {
      await b.close();
    }
  });

  test('max connections: the next CONNECT gets CONNACK 3; a packet above max-packet-size disconnects an authenticated client', async () => {
    const b = await start({ maxConnections: 1, maxPacketSize: 4096, maxConnectPacketSize: 2048, connectRatePerIp: 0 });
    try {
      const port = b.listeners[0]!.port;
      const holder = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'app-1', username: APP.username, password: APP.password, protocolVersion: 4, reconnectPeriod: 0 });
      const r = await pub(port);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /unavailable/i);
      assert.ok(logs.some((e) => e.event === 'limit' && e.limit === 'max-connections'));
      const closed = new Promise<void>((resolve) => holder.once('close', () => resolve()));
      holder.publish('/down/device/id/dev-ok', Buffer.alloc(8000, 1), { qos: 0 });
      await closed;
      assert.ok(logs.some((e) => e.event === 'limit' && e.limit === 'packet-size' && e.authenticated === true && e.max === 4096));
      holder.end(true);
    } finally {
      await b.close();
    }
  });

  test('in-flight bound: a subscriber that never acknowledges gets maxInflight QoS 1 messages; the rest are dropped and counted', async () => {
    const b = await start({ maxInflight: 5, connectRatePerIp: 0 });
    const raw = connect(b.listeners[0]!.port, '127.0.0.1');
    try {
      const port = b.listeners[0]!.port;
      // a raw MQTT subscriber (mqtt-packet) that never sends PUBACK
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      const received: string[] = [];
      let suback = false;
      parser.on('packet', (p) => {
        if (p.cmd === 'suback') suback = true;
        if (p.cmd === 'publish') received.push(p.payload.toString().replace(/"/g, ''));
      });
      raw.on('data', (d) => parser.parse(d));
      await new Promise<void>((r) => raw.once('connect', () => r()));
      raw.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'slow-app', clean: true, keepalive: 60, username: APP.username, password: Buffer.from(APP.password) }));
      raw.write(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '/up/#', qos: 1 }] }));
      await until(() => suback, 'SUBACK');
      const device = await connectDevice({ deviceId: 'dev-ok', privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend: await backend, url: `mqtt://127.0.0.1:${port}`, downlinks: false });
      for (let i = 0; i < 20; i++) await device.publish(String(i), { qos: 1 });
      await device.close();
      await until(() => b.stats.dropped === 15, '15 drops');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(received, ['0', '1', '2', '3', '4']);
      assert.match(await b.metrics.registry.metrics(), /akenza_broker_messages_dropped_total\{reason="inflight"\} 15/);
    } finally {
      raw.destroy();
      await b.close();
    }
  });
});
