/**
 * The device client through a real Debian mosquitto (anonymous, password ignored) on free loopback ports: plain,
 * TLS (certificates made by the openssl command) and WebSocket URLs; mosquitto_sub / mosquitto_pub are the other end.
 * Token renewal reconnects with fresh tokens without losing QoS 1 uplinks.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { AkenzaError, connectDevice, type AkenzaDeviceClient, type Downlink } from '../src/index.js';
import { KEYS, MosquittoSub, freePort, missingCommands, opensslCertificates, run, skipReason, startMosquitto, until, type Mosquitto } from './helpers.js';

const ecKey = readFileSync(join(KEYS, 'ec_private.pem'), 'utf8');
const rsaKey = readFileSync(join(KEYS, 'rsa_private.pem'), 'utf8');
const reason = missingCommands(['mosquitto', 'mosquitto_sub', 'mosquitto_pub', 'openssl', 'stdbuf']);

describe('device client through Debian mosquitto', { skip: skipReason(reason), timeout: 60_000 }, () => {
  let backend: Backend;
  let mq: Mosquitto;
  let certs: Awaited<ReturnType<typeof opensslCertificates>>;
  const clients: AkenzaDeviceClient[] = [];
  const subs: MosquittoSub[] = [];

  before(async () => {
    backend = await createRegistry().select('auto');
    certs = await opensslCertificates();
    mq = await startMosquitto({ websockets: true, tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
  });
  after(async () => {
    for (const c of clients) await c.close({ force: true });
    for (const s of subs) await s.stop();
    await mq?.stop();
    if (certs) await rm(certs.dir, { recursive: true, force: true });
  });

  const sub = async (topic: string, port = mq.port) => {
    const s = await MosquittoSub.start(['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic]);
    subs.push(s);
    return s;
  };
  const device = async (options: Partial<Parameters<typeof connectDevice>[0]> & { deviceId: string }) => {
    const c = await connectDevice({ privateKey: ecKey, backend, url: `mqtt://127.0.0.1:${mq.port}`, ...options });
    clients.push(c);
    return c;
  };
  const connectedLines = (id: string) => mq.log.filter((l) => l.includes(`New client connected from 127.0.0.1`) && l.includes(` as ${id} `));

  test('mqtt:// — client id = device id, username "unused"; uplinks reach mosquitto_sub', async () => {
    const s = await sub('/up/#');
    const d = await device({ deviceId: 'dev-plain' });
    await d.publish({ temperature: 22 });
    await d.publish('ok', { subtopic: 'status' });
    await d.publish(new Uint8Array([0x68, 0x69]), { subtopic: 'raw/bytes', qos: 0 });
    await until(() => s.messages().length >= 3, 'three uplinks at mosquitto_sub');
    assert.deepEqual(s.messages(), ['/up/device/id/dev-plain {"temperature":22}', '/up/device/id/dev-plain/status ok', '/up/device/id/dev-plain/raw/bytes hi']);
    const lines = connectedLines('dev-plain');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /\(p2, c1, k60, u'unused'\)/, 'MQTT 3.1.1, clean session, keepalive 60, username unused');
    await d.close();
    assert.equal(d.stats.published, 3);
  });

  test('RS256 device', async () => {
    const s = await sub('/up/device/id/dev-rsa');
    const d = await device({ deviceId: 'dev-rsa', privateKey: rsaKey, alg: 'RS256' });
    assert.equal(d.alg, 'RS256');
    await d.publish({ n: 1 });
    await until(() => s.messages().length >= 1, 'the RS256 uplink');
    assert.deepEqual(s.messages(), ['/up/device/id/dev-rsa {"n":1}']);
    await d.close();
  });

  test('mqtts:// trusting the given CA; without it the TLS handshake fails with ERR_AKENZA_CONNECT_FAILED', async () => {
    const s = await sub('/up/device/id/dev-tls');
    const url = `mqtts://127.0.0.1:${mq.tlsPort}`;
    const d = await device({ deviceId: 'dev-tls', url, ca: readFileSync(certs.caFile, 'utf8') });
    await d.publish({ secure: true });
    await until(() => s.messages().length >= 1, 'the TLS uplink');
    assert.deepEqual(s.messages(), ['/up/device/id/dev-tls {"secure":true}']);
    await d.close();
    await assert.rejects(connectDevice({ deviceId: 'dev-tls-2', privateKey: ecKey, backend, url, connectTimeout: 10_000 }), (e: unknown) => {
      assert.ok(e instanceof AkenzaError);
      assert.equal(e.code, 'ERR_AKENZA_CONNECT_FAILED');
      return true;
    });
  });

  test('ws:// and wss:// (MQTT over WebSocket)', async () => {
    const s = await sub('/up/device/id/dev-ws/#');
    const d = await device({ deviceId: 'dev-ws', url: `ws://127.0.0.1:${mq.wsPort}` });
    await d.publish({ ws: 1 }, { subtopic: 'w' });
    await d.close();
    const secure = await device({ deviceId: 'dev-ws', url: `wss://localhost:${mq.wssPort}/`, ca: readFileSync(certs.caFile, 'utf8') });
    await secure.publish({ wss: 1 }, { subtopic: 's' });
    await secure.close();
    await until(() => s.messages().length >= 2, 'the WebSocket uplinks');
    assert.deepEqual(s.messages(), ['/up/device/id/dev-ws/w {"ws":1}', '/up/device/id/dev-ws/s {"wss":1}']);
  });

  test('downlinks from mosquitto_pub arrive on /down/device/id/<id>/#', async () => {
    const d = await device({ deviceId: 'dev-down' });
    const got: Downlink[] = [];
    d.on('downlink', (m) => got.push(m));
    const pub = async (topic: string, message: string) => {
      const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mq.port), '-q', '1', '-t', topic, '-m', message]);
      assert.equal(r.code, 0, r.stderr);
    };
    await pub('/down/device/id/dev-down/config', '{"interval":60}');
    await pub('/down/device/id/dev-down', 'root');
    await until(() => got.length >= 2, 'two downlinks');
    assert.deepEqual(
      got.map((m) => [m.topic, m.subtopic, Buffer.from(m.payload).toString(), m.qos]),
      [
        ['/down/device/id/dev-down/config', 'config', '{"interval":60}', 1],
        ['/down/device/id/dev-down', undefined, 'root', 1],
      ],
    );
    await d.close();
  });

  test('token renewal reconnects with fresh tokens; every QoS 1 uplink arrives', async () => {
    const s = await sub('/up/device/id/dev-renew');
    const d = await device({ deviceId: 'dev-renew', tokenLifetime: 3, renewBefore: 1.5, reconnectPeriod: 200 });
    const exps: number[] = [d.tokenExpiresAt];
    d.on('renewed', ({ exp }) => exps.push(exp));
    const sends: Promise<void>[] = [];
    let n = 0;
    // publish without waiting, so that messages are in flight or queued while the connection is replaced
    while (exps.length < 3 || d.stats.connects < 3 || n < 60) {
      sends.push(d.publish({ n: n++ }));
      await new Promise((r) => setTimeout(r, 20));
      if (n > 5000) break;
    }
    await Promise.all(sends);
    const expected = Array.from({ length: n }, (_, i) => `/up/device/id/dev-renew {"n":${i}}`);
    await until(() => new Set(s.messages()).size >= n, `${n} distinct uplinks`);
    assert.deepEqual([...new Set(s.messages())].sort(), expected.sort());
    assert.ok(exps.length >= 3, 'renewed at least twice');
    for (let i = 1; i < exps.length; i++) assert.ok(exps[i]! >= exps[i - 1]!, 'each renewal carries a later exp');
    assert.ok(d.stats.renewals >= 2);
    assert.ok(d.stats.connects >= 3, `connected ${d.stats.connects} times`);
    await until(() => connectedLines('dev-renew').length >= 3, 'mosquitto to log the reconnects');
    await d.close();
  });

  test('closed clients and unreachable brokers fail with typed errors', async () => {
    const d = await device({ deviceId: 'dev-closed' });
    await d.close();
    await assert.rejects(d.publish('x'), { code: 'ERR_AKENZA_CLIENT_CLOSED' });
    const port = await freePort();
    await assert.rejects(connectDevice({ deviceId: 'dev-x', privateKey: ecKey, backend, url: `mqtt://127.0.0.1:${port}` }), { code: 'ERR_AKENZA_CONNECT_FAILED' });
    await assert.rejects(connectDevice({ deviceId: 'dev-x', privateKey: ecKey, backend, url: 'http://127.0.0.1:1' }), { code: 'ERR_INPUT_INVALID' });
    await assert.rejects(connectDevice({ deviceId: 'dev/x', privateKey: ecKey, backend, url: `mqtt://127.0.0.1:${port}` }), { code: 'ERR_AKENZA_DEVICE_ID_INVALID' });
  });
});
