/**
 * The akenza broker with real clients: the documentation's Python client (paho-mqtt + PyJWT, vectors/akenza/device.py),
 * mosquitto_pub / mosquitto_sub, mqtt.js and the cryptoplug device client. Tokens for the rejection cases come from
 * PyJWT (vectors/akenza/make_token.py), never from the code under test.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { AkenzaError, connectDevice, type AkenzaDeviceClient, type Downlink } from '@cryptoplug/akenza';
import { DeviceRegistry, startAkenzaBroker, type AkenzaBroker, type LogEntry } from '../src/index.js';
import { KEYS, MosquittoSub, PY, VECTORS, missingCommands, missingPython, run, skipReason, until } from './helpers.js';

const kids = (JSON.parse(readFileSync(join(VECTORS, 'tokens.json'), 'utf8')) as { kids: Record<string, string> }).kids;
const k = (name: string) => join(KEYS, name);
const APP = { username: 'app', password: 'app-secret' };

/** A token made by PyJWT (another implementation), relative to now. */
async function pyToken(args: string[]): Promise<string> {
  const r = await run(PY, [join(VECTORS, 'make_token.py'), ...args]);
  if (r.code !== 0) throw new Error(`make_token.py failed: ${r.stderr}`);
  return r.stdout.trim();
}

const ec = (deviceId: string, extra: string[] = []) => pyToken(['--device-id', deviceId, '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256', ...extra]);

interface Raw {
  client?: MqttClient;
  /** Resolves when the connection closes (whoever closed it). */
  closed: Promise<void>;
  error?: Error & { code?: number };
}

function connectRaw(url: string, clientId: string, password: string | undefined, username = 'unused', ca?: string): Promise<Raw> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { clientId, username, ...(password !== undefined ? { password } : {}), reconnectPeriod: 0, protocolVersion: 4, ...(ca ? { ca } : {}) });
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    client.once('connect', () => resolve({ client, closed }));
    client.once('error', (error) => {
      client.end(true);
      resolve({ error, closed });
    });
  });
}

/** SUBACK return codes (mqtt.js 5 turns a 0x80 into an error; the codes are on its packet). */
function subackCodes(client: MqttClient, filters: string[], qos: 0 | 1 | 2): Promise<number[]> {
  return new Promise((resolve) => {
    client.subscribe(filters, { qos }, (err, granted, packet) => {
      const fromError = (err as { packet?: { granted?: number[] } } | null)?.packet?.granted;
      resolve(fromError ?? (packet as { granted?: number[] } | undefined)?.granted ?? (granted ?? []).map((g) => g.qos));
    });
  });
}

const reason = missingPython(['jwt', 'Crypto', 'cryptography', 'paho.mqtt']) ?? missingCommands(['mosquitto_pub', 'mosquitto_sub', 'stdbuf']);

describe('akenza broker with real clients', { skip: skipReason(reason), timeout: 60_000 }, () => {
  let backend: Backend;
  let broker: AkenzaBroker;
  let certDir: string;
  const logs: LogEntry[] = [];
  let plain: string;
  let tlsPort: number;
  let app: MosquittoSub;
  const cleanups: Array<() => Promise<unknown>> = [];

  before(async () => {
    backend = await createRegistry().select('auto');
    certDir = await mkdtemp(join(tmpdir(), 'akenza-broker-test-'));
    broker = await startAkenzaBroker({
      backend,
      port: 0,
      tlsPort: 0,
      tls: { selfSigned: { dir: certDir } },
      devices: {
        device: [`dev-ec=${k('ec_public.pem')}`, `dev-rsa=${k('rsa_public.pem')}`, `dev-ec-twin=${k('ec_public.pem')}`, `dev-client=${k('ec_public.pem')}`, `dev-revoke=${k('ec_public.pem')}`],
      },
      apps: [APP],
      log: (e) => logs.push(e),
    });
    plain = String(broker.listeners.find((l) => l.protocol === 'mqtt')!.port);
    tlsPort = broker.listeners.find((l) => l.protocol === 'mqtts')!.port;
    app = await MosquittoSub.start(['-h', '127.0.0.1', '-p', plain, '-i', 'app-sub', '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/up/#']);
  });
  after(async () => {
    for (const c of cleanups.reverse()) await c();
    await app?.stop();
    await broker?.close();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  const authLogs = (clientId: string) => logs.filter((e) => e.event === 'auth' && e.clientId === clientId);
  /** Publishes a marker from a valid device and waits for it at the app: everything published before it was routed. */
  const marker = async (label: string) => {
    const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', plain, '-i', 'dev-ec', '-u', 'unused', '-P', await ec('dev-ec'), '-q', '1', '-t', '/up/device/id/dev-ec/marker', '-m', label]);
    assert.equal(r.code, 0, r.stderr);
    await until(() => app.messages().includes(`/up/device/id/dev-ec/marker ${label}`), `marker ${label}`);
  };

  test('listeners and the generated CA', () => {
    assert.deepEqual(broker.listeners.map((l) => [l.protocol, l.host]), [['mqtt', '127.0.0.1'], ['mqtts', '127.0.0.1']]);
    assert.equal(broker.caFile, join(certDir, 'ca.pem'));
    assert.match(readFileSync(broker.caFile!, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  });

  test("the documentation's Python client (paho + PyJWT, TLS 1.2, CERT_REQUIRED): RS256 and ES256 uplinks reach the app", async () => {
    for (const [id, priv, pub, alg, payload] of [
      ['dev-rsa', 'rsa_private.pem', 'rsa_public.pem', 'RS256', '{"temperature":22}'],
      ['dev-ec', 'ec_private.pem', 'ec_public.pem', 'ES256', '{"temperature":23}'],
    ] as const) {
      const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', id, '--private-key', k(priv), '--public-key', k(pub), '--alg', alg,
        '--host', '127.0.0.1', '--port', String(tlsPort), '--ca', broker.caFile!, '--payload', payload]);
      assert.equal(r.code, 0, r.stderr);
      await until(() => app.messages().includes(`/up/device/id/${id} ${payload}`), `${alg} uplink at the app`);
      const accepted = authLogs(id).filter((e) => e.result === 'accept');
      assert.equal(accepted.at(-1)?.alg, alg);
      assert.equal(accepted.at(-1)?.kid, kids[pub]);
    }
    // QoS 1 and a subtopic through the same client
    const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', 'dev-ec', '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256',
      '--host', '127.0.0.1', '--port', String(tlsPort), '--ca', broker.caFile!, '--payload', 'q1', '--qos', '1', '--subtopic', 'battery']);
    assert.equal(r.code, 0, r.stderr);
    await until(() => app.messages().includes('/up/device/id/dev-ec/battery q1'), 'QoS 1 uplink');
  });

  test('the Python client without the CA cannot connect (certificate verification)', async () => {
    const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', 'dev-ec', '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256',
      '--host', '127.0.0.1', '--port', String(tlsPort), '--payload', 'untrusted']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /CERTIFICATE_VERIFY_FAILED|certificate verify failed/);
  });

  test('mosquitto_pub / mosquitto_sub as devices (TLS and plain); downlinks from the app account', async () => {
    const token = await ec('dev-ec');
    const tls = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(tlsPort), '--cafile', broker.caFile!, '-i', 'dev-ec', '-u', 'unused', '-P', token, '-q', '1', '-t', '/up/device/id/dev-ec', '-m', 'from-mosquitto-tls']);
    assert.equal(tls.code, 0, tls.stderr);
    const rsa = await pyToken(['--device-id', 'dev-rsa', '--private-key', k('rsa_private.pem'), '--public-key', k('rsa_public.pem'), '--alg', 'RS256']);
    const pl = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', plain, '-i', 'dev-rsa', '-u', 'unused', '-P', rsa, '-q', '0', '-t', '/up/device/id/dev-rsa/s', '-m', 'from-mosquitto-plain']);
    assert.equal(pl.code, 0, pl.stderr);
    await until(() => app.messages().includes('/up/device/id/dev-ec from-mosquitto-tls') && app.messages().includes('/up/device/id/dev-rsa/s from-mosquitto-plain'), 'mosquitto uplinks');

    const down = await MosquittoSub.start(['-h', '127.0.0.1', '-p', String(tlsPort), '--cafile', broker.caFile!, '-i', 'dev-ec-twin', '-u', 'unused', '-P', await ec('dev-ec-twin'), '-q', '1', '-t', '/down/device/id/dev-ec-twin/#']);
    try {
      const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', plain, '-i', 'app-pub', '-u', APP.username, '-P', APP.password, '-q', '1', '-t', '/down/device/id/dev-ec-twin/config', '-m', '{"interval":5}']);
      assert.equal(r.code, 0, r.stderr);
      await until(() => down.messages().includes('/down/device/id/dev-ec-twin/config {"interval":5}'), 'the downlink at mosquitto_sub');
    } finally {
      await down.stop();
    }
  });

  describe('CONNECT rejections (CONNACK 4, bad user name or password)', () => {
    const cases: Array<{ name: string; clientId: string; token: () => Promise<string | undefined>; code: string }> = [
      { name: 'expired token', clientId: 'dev-ec', token: () => ec('dev-ec', ['--iat-offset', '-7200']), code: 'ERR_AKENZA_TOKEN_EXPIRED' },
      { name: 'wrong aud', clientId: 'dev-ec', token: () => ec('dev-ec', ['--aud', 'https://akenza.io/devices/somebody']), code: 'ERR_AKENZA_AUDIENCE_MISMATCH' },
      { name: 'wrong key (kid of the registered key)', clientId: 'dev-ec', token: () => pyToken(['--device-id', 'dev-ec', '--private-key', k('other_ec_private.pem'), '--public-key', k('ec_public.pem')]), code: 'ERR_AKENZA_SIGNATURE_INVALID' },
      { name: 'wrong RSA key', clientId: 'dev-rsa', token: () => pyToken(['--device-id', 'dev-rsa', '--alg', 'RS256', '--private-key', k('other_rsa_private.pem'), '--public-key', k('rsa_public.pem')]), code: 'ERR_AKENZA_SIGNATURE_INVALID' },
      { name: 'kid mismatch', clientId: 'dev-ec', token: () => pyToken(['--device-id', 'dev-ec', '--private-key', k('ec_private.pem'), '--public-key', k('other_ec_public.pem')]), code: 'ERR_AKENZA_KID_MISMATCH' },
      { name: 'client id is another device (same key)', clientId: 'dev-ec-twin', token: () => ec('dev-ec'), code: 'ERR_AKENZA_AUDIENCE_MISMATCH' },
      { name: 'client id is another device (other key)', clientId: 'dev-rsa', token: () => ec('dev-ec'), code: 'ERR_AKENZA_ALG_NOT_ALLOWED' },
      { name: 'client id is not a device', clientId: 'nobody', token: () => ec('nobody'), code: 'ERR_AKENZA_UNKNOWN_DEVICE' },
      { name: 'HS256', clientId: 'dev-ec', token: () => pyToken(['--device-id', 'dev-ec', '--alg', 'HS256', '--secret', 'a-long-enough-shared-secret-for-hs256!!', '--kid', kids['ec_public.pem']!]), code: 'ERR_AKENZA_ALG_NOT_ALLOWED' },
      { name: 'alg none', clientId: 'dev-ec', token: () => pyToken(['--device-id', 'dev-ec', '--alg', 'none', '--kid', kids['ec_public.pem']!]), code: 'ERR_AKENZA_ALG_NOT_ALLOWED' },
      { name: 'RS256 token for an EC device', clientId: 'dev-ec', token: () => pyToken(['--device-id', 'dev-ec', '--alg', 'RS256', '--private-key', k('rsa_private.pem'), '--kid', kids['ec_public.pem']!]), code: 'ERR_AKENZA_ALG_NOT_ALLOWED' },
      { name: 'lifetime above the maximum', clientId: 'dev-ec', token: () => ec('dev-ec', ['--lifetime', String(3 * 86400)]), code: 'ERR_AKENZA_TOKEN_LIFETIME' },
      { name: 'iat in the future', clientId: 'dev-ec', token: () => ec('dev-ec', ['--iat-offset', '900']), code: 'ERR_AKENZA_TOKEN_NOT_YET_VALID' },
      { name: 'no password', clientId: 'dev-ec', token: async () => undefined, code: 'ERR_AKENZA_TOKEN_MALFORMED' },
      { name: 'garbage password', clientId: 'dev-ec', token: async () => 'not-a-jwt', code: 'ERR_AKENZA_TOKEN_MALFORMED' },
    ];
    for (const c of cases) {
      test(`${c.name} → ${c.code} (mosquitto_pub)`, async () => {
        const token = await c.token();
        const before = authLogs(c.clientId).length;
        const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', plain, '-i', c.clientId, '-u', 'unused', ...(token !== undefined ? ['-P', token] : []), '-q', '1',
          '-t', `/up/device/id/${c.clientId}`, '-m', `rejected-${c.name}`]);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /Connection Refused: bad user name or password/);
        const decisions = authLogs(c.clientId).slice(before);
        assert.deepEqual(decisions.map((e) => [e.result, e.code]), [['reject', c.code]]);
      });
    }

    test('the Python client with rejected tokens (paho raises "Connection Refused")', async () => {
      for (const c of cases.filter((x) => ['expired token', 'wrong key (kid of the registered key)', 'HS256', 'kid mismatch'].includes(x.name))) {
        const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', c.clientId, '--private-key', k('ec_private.pem'), '--public-key', k('ec_public.pem'), '--alg', 'ES256',
          '--host', '127.0.0.1', '--port', String(tlsPort), '--ca', broker.caFile!, '--token', (await c.token())!, '--payload', `rejected-${c.name}`]);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /Connection Refused: bad user name or password/);
        assert.equal(authLogs(c.clientId).at(-1)?.code, c.code);
      }
    });

    test('application account: wrong password, device id as client id', async () => {
      const wrong = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'app-x', 'nope', APP.username);
      assert.equal(wrong.error?.code, 4);
      const asDevice = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec', APP.password, APP.username);
      assert.equal(asDevice.error?.code, 4);
      assert.deepEqual(authLogs('app-x').map((e) => [e.result, e.role]), [['reject', 'app']]);
    });

    test('no rejected client got an uplink through', async () => {
      await marker('after-rejections');
      assert.deepEqual(app.messages().filter((m) => m.includes('rejected-')), []);
    });
  });

  describe('topic ACL', () => {
    test('a device publishing to another device topic is disconnected; nothing is routed', async () => {
      const { client, closed } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec', await ec('dev-ec'));
      assert.ok(client);
      let acked = false;
      client.publish('/up/device/id/dev-rsa', 'forged-uplink', { qos: 1 }, (err) => (acked = !err));
      await closed;
      client.end(true);
      assert.equal(acked, false);
      // the same with mosquitto_pub, and a device publishing a downlink
      for (const topic of ['/up/device/id/dev-rsa', '/down/device/id/dev-ec', '/up/device/id/dev-ec-twin/x', '/up/device/id', '/up/device/id/dev-ecx']) {
        const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', plain, '-i', 'dev-ec', '-u', 'unused', '-P', await ec('dev-ec'), '-q', '1', '-t', topic, '-m', 'forged-uplink']);
        assert.notEqual(r.code, 0, topic);
      }
      await marker('after-forgery');
      assert.deepEqual(app.messages().filter((m) => m.includes('forged-uplink')), []);
      assert.ok(logs.filter((e) => e.event === 'acl' && e.action === 'publish' && e.clientId === 'dev-ec').length >= 6);
    });

    test('a device subscribes only inside its own downlink tree (SUBACK 0x80 otherwise)', async () => {
      const { client } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec', await ec('dev-ec'));
      assert.ok(client);
      try {
        const filters = ['/down/device/id/dev-ec/#', '/down/device/id/dev-ec/config', '/down/device/id/dev-rsa/#', '/down/#', '/down/device/id/+/#', '/up/#', '#', '$SYS/#'];
        // (QoS 2 requests get SUBACK 2 from aedes 1.x but are stored and delivered at QoS 1: see README)
        const codes = await subackCodes(client, filters, 1);
        assert.deepEqual(filters.map((f, i) => [f, codes[i]]), [
          ['/down/device/id/dev-ec/#', 1],
          ['/down/device/id/dev-ec/config', 1],
          ['/down/device/id/dev-rsa/#', 128],
          ['/down/#', 128],
          ['/down/device/id/+/#', 128],
          ['/up/#', 128],
          ['#', 128],
          ['$SYS/#', 128],
        ]);
      } finally {
        await client.endAsync();
      }
      const r = await run('mosquitto_sub', ['-h', '127.0.0.1', '-p', plain, '-i', 'dev-ec', '-u', 'unused', '-P', await ec('dev-ec'), '-t', '/down/device/id/dev-rsa/#', '-C', '1', '-W', '10']);
      assert.match(r.stderr, /All subscription requests were denied/);
    });

    test('the application account: subscribe /up/#, publish /down/#, nothing else', async () => {
      const { client, closed } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'app-acl', APP.password, APP.username);
      assert.ok(client);
      assert.deepEqual(await subackCodes(client, ['/up/device/id/dev-ec/#', '/down/#', '#'], 1), [1, 128, 128]);
      await client.publishAsync('/down/device/id/dev-ec/x', 'ok', { qos: 1 });
      client.publish('/up/device/id/dev-ec', 'forged-by-app', { qos: 1 });
      await closed;
      client.end(true);
      await marker('after-app-forgery');
      assert.deepEqual(app.messages().filter((m) => m.includes('forged-by-app')), []);
    });

    test('QoS 2 publishes are refused (QoS 0 and 1 only)', async () => {
      const { client, closed } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec', await ec('dev-ec'));
      assert.ok(client);
      client.publish('/up/device/id/dev-ec', 'qos2-uplink', { qos: 2 });
      await closed;
      client.end(true);
      await marker('after-qos2');
      assert.deepEqual(app.messages().filter((m) => m.includes('qos2-uplink')), []);
    });
  });

  test('the cryptoplug device client over TLS: uplinks, a downlink from an mqtt.js app, RS256', async () => {
    const ca = readFileSync(broker.caFile!, 'utf8');
    const device = await connectDevice({ deviceId: 'dev-client', privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend, url: `mqtts://127.0.0.1:${tlsPort}`, ca });
    cleanups.push(() => device.close({ force: true }));
    await device.publish({ from: 'cryptoplug' }, { subtopic: 'data' });
    await until(() => app.messages().includes('/up/device/id/dev-client/data {"from":"cryptoplug"}'), 'the cryptoplug uplink');
    const got: Downlink[] = [];
    device.on('downlink', (m) => got.push(m));
    const { client } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'app-down', APP.password, APP.username);
    assert.ok(client);
    await client.publishAsync('/down/device/id/dev-client/cmd', '{"reboot":true}', { qos: 1 });
    await client.endAsync();
    await until(() => got.length >= 1, 'the downlink');
    assert.equal(got[0]!.subtopic, 'cmd');
    assert.equal(Buffer.from(got[0]!.payload).toString(), '{"reboot":true}');
    await device.close();

    const rsa = await connectDevice({ deviceId: 'dev-rsa', privateKey: readFileSync(k('rsa_private.pem'), 'utf8'), alg: 'RS256', backend, url: `mqtts://127.0.0.1:${tlsPort}`, ca });
    await rsa.publish('rsa-client');
    await rsa.close();
    await until(() => app.messages().includes('/up/device/id/dev-rsa rsa-client'), 'the RS256 client uplink');
  });

  test('the cryptoplug device client with a key the broker does not know: ERR_AKENZA_CONNECT_REFUSED', async () => {
    await assert.rejects(
      connectDevice({ deviceId: 'dev-ec', privateKey: readFileSync(k('other_ec_private.pem'), 'utf8'), backend, url: `mqtt://127.0.0.1:${plain}` }),
      (e: unknown) => e instanceof AkenzaError && (e.code as string) === 'ERR_AKENZA_CONNECT_REFUSED' && /bad user name or password/.test(e.message),
    );
    assert.equal(authLogs('dev-ec').at(-1)?.code, 'ERR_AKENZA_KID_MISMATCH');
  });

  test('a revoked device: the client retries once with a fresh token, then fails for good (ERR_AKENZA_CONNECT_REFUSED)', async () => {
    const device = await connectDevice({ deviceId: 'dev-revoke', privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend, url: `mqtt://127.0.0.1:${plain}`, reconnectPeriod: 200 });
    const errors: AkenzaError[] = [];
    device.on('error', (e) => errors.push(e));
    await device.publish('before-revocation');
    const old = broker.registry();
    const next = await DeviceRegistry.fromEntries(old.ids().filter((id) => id !== 'dev-revoke').map((id) => ({ id, publicKey: old.get(id)!.key })), backend);
    broker.setRegistry(next);
    try {
      const pending = device.publish('after-revocation').then(() => 'delivered', (e: AkenzaError) => e.code as string);
      await until(() => errors.some((e) => (e.code as string) === 'ERR_AKENZA_CONNECT_REFUSED'), 'the final refusal');
      assert.equal(await pending, 'ERR_AKENZA_CONNECT_REFUSED');
      await assert.rejects(device.publish('later'), { code: 'ERR_AKENZA_CONNECT_REFUSED' });
      const decisions = authLogs('dev-revoke').map((e) => [e.result, e.code ?? null]);
      assert.deepEqual(decisions, [['accept', null], ['reject', 'ERR_AKENZA_UNKNOWN_DEVICE'], ['reject', 'ERR_AKENZA_UNKNOWN_DEVICE']]);
      assert.ok(logs.some((e) => e.event === 'revoked' && e.clientId === 'dev-revoke'));
    } finally {
      broker.setRegistry(old);
      await device.close({ force: true });
    }
  });

  test('registry changes close the connections of removed devices', async () => {
    const { client, closed, error } = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec-twin', await ec('dev-ec-twin'));
    assert.ok(client, String(error));
    const old = broker.registry();
    const next = await DeviceRegistry.fromEntries(old.ids().filter((id) => id !== 'dev-ec-twin').map((id) => ({ id, publicKey: old.get(id)!.key })), backend);
    assert.ok(broker.setRegistry(next) >= 1);
    await closed;
    client.end(true);
    const again = await connectRaw(`mqtt://127.0.0.1:${plain}`, 'dev-ec-twin', await ec('dev-ec-twin'));
    assert.equal(again.error?.code, 4);
    broker.setRegistry(old);
  });
});

describe('token expiry and renewal at the broker (clock skew 0)', { skip: skipReason(reason), timeout: 60_000 }, () => {
  let backend: Backend;
  let broker: AkenzaBroker;
  const logs: LogEntry[] = [];
  let url: string;
  before(async () => {
    backend = await createRegistry().select('auto');
    broker = await startAkenzaBroker({ backend, port: 0, clockSkew: 0, devices: { device: [`dev-short=${k('ec_public.pem')}`, `dev-renew=${k('ec_public.pem')}`] }, apps: [APP], log: (e) => logs.push(e) });
    url = `mqtt://127.0.0.1:${broker.listeners[0]!.port}`;
  });
  after(() => broker?.close());

  test('the broker closes a device connection when its token expires', async () => {
    const { client, closed } = await connectRaw(url, 'dev-short', await ec('dev-short', ['--lifetime', '2']));
    assert.ok(client, 'a 2-second PyJWT token is accepted');
    await closed;
    client.end(true);
    assert.ok(logs.some((e) => e.event === 'expired' && e.clientId === 'dev-short'));
  });

  test('the device client renews before expiry and loses no QoS 1 uplink', async () => {
    const { client: appClient } = await connectRaw(url, 'app-renew', APP.password, APP.username);
    assert.ok(appClient);
    const seen = new Set<string>();
    appClient.on('message', (_t, p) => seen.add(p.toString()));
    await appClient.subscribeAsync('/up/device/id/dev-renew', { qos: 1 });
    let device: AkenzaDeviceClient | undefined;
    try {
      device = await connectDevice({ deviceId: 'dev-renew', privateKey: readFileSync(k('ec_private.pem'), 'utf8'), backend, url, tokenLifetime: 4, renewBefore: 2, reconnectPeriod: 200 });
      const sends: Promise<void>[] = [];
      let n = 0;
      while (device.stats.renewals < 2 || device.stats.connects < 3 || n < 50) {
        sends.push(device.publish(`m${n++}`));
        await new Promise((r) => setTimeout(r, 20));
        if (n > 5000) break;
      }
      await Promise.all(sends);
      await until(() => seen.size >= n, `${n} uplinks at the app`);
      assert.deepEqual([...seen].sort(), Array.from({ length: n }, (_, i) => `m${i}`).sort());
      const accepts = logs.filter((e) => e.event === 'auth' && e.clientId === 'dev-renew' && e.result === 'accept');
      assert.ok(accepts.length >= 3, `${accepts.length} accepted CONNECTs`);
      assert.equal(new Set(accepts.map((e) => e.exp)).size, accepts.length, 'every CONNECT carried a fresh token');
    } finally {
      await device?.close();
      await appClient.endAsync();
    }
  });
});

describe('device registry', () => {
  test('bad registrations fail with ERR_AKENZA_REGISTRY_INVALID', async () => {
    const backend = await createRegistry().select('auto');
    const dir = await mkdtemp(join(tmpdir(), 'akenza-registry-'));
    try {
      const { writeFile } = await import('node:fs/promises');
      const write = async (name: string, text: string) => {
        await writeFile(join(dir, name), text);
        return join(dir, name);
      };
      const ecPem = readFileSync(k('ec_public.pem'), 'utf8');
      const cases: Array<Parameters<typeof DeviceRegistry.load>[0]> = [
        { device: [`a=${k('ec_public.pem')}`, `a=${k('rsa_public.pem')}`] },
        { device: [`a/b=${k('ec_public.pem')}`] },
        { device: [`p384=${k('ec_p384_public.pem')}`] },
        { device: [`missing=${join(dir, 'nope.pem')}`] },
        { device: ['no-equals-sign'] },
        { devicesFile: await write('bad.json', '{not json') },
        { devicesFile: await write('obj.json', '{"id":"a"}') },
        { devicesFile: await write('nokey.json', '[{"id":"a"}]') },
        { devicesFile: await write('badkey.json', '[{"id":"a","publicKey":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"}]') },
        { devicesFile: await write('dup.json', JSON.stringify([{ id: 'a', publicKey: ecPem }, { id: 'a', publicKey: ecPem }])) },
        { devicesFile: join(dir, 'absent.json') },
      ];
      for (const c of cases) {
        await assert.rejects(DeviceRegistry.load(c, backend), (e: unknown) => e instanceof AkenzaError && (e.code as string) === 'ERR_AKENZA_REGISTRY_INVALID', JSON.stringify(c));
      }
      const ok = await DeviceRegistry.load({ device: [`x=${k('rsa_public.pem')}`], devicesFile: await write('ok.json', JSON.stringify([{ id: 'y', publicKey: ecPem }])) }, backend);
      assert.deepEqual(ok.ids(), ['x', 'y']);
      assert.equal(ok.get('x')!.alg, 'RS256');
      assert.equal(ok.get('y')!.kid, kids['ec_public.pem']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
