/**
 * The `akenza-broker` process: usage and configuration errors, the machine-readable listening lines, a given TLS
 * certificate, SIGHUP registry reload, clean exit on SIGTERM/SIGINT. Clients: mosquitto_pub with PyJWT tokens.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS, LineProcess, PY, VECTORS, missingCommands, missingPython, opensslCertificates, run, skipReason, until } from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const broker = (args: string[], env?: NodeJS.ProcessEnv) => new LineProcess(process.execPath, ['--import', 'tsx', MAIN, ...args], { lifetimeMs: 60_000, env: { ...process.env, ...env } });
const runBroker = (args: string[]) => run(process.execPath, ['--import', 'tsx', MAIN, ...args], { timeoutMs: 60_000 });

async function pyToken(deviceId: string): Promise<string> {
  const r = await run(PY, [join(VECTORS, 'make_token.py'), '--device-id', deviceId, '--private-key', join(KEYS, 'ec_private.pem'), '--public-key', join(KEYS, 'ec_public.pem')]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

function ports(p: LineProcess): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of p.stdout) {
    const m = /^listening (mqtts?) 127\.0\.0\.1 (\d+)$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

describe('akenza-broker command line', { timeout: 60_000 }, () => {
  test('--help, unknown options, configuration errors', async () => {
    const help = await runBroker(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: akenza-broker/);
    assert.match(help.stdout, /--device ID=FILE/);
    const unknown = await runBroker(['--bogus']);
    assert.equal(unknown.code, 2);
    const missing = await runBroker(['--port', '0', '--device', `d=${join(KEYS, 'nope.pem')}`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error ERR_AKENZA_REGISTRY_INVALID: cannot read public key of device "d"/m);
    const p384 = await runBroker(['--port', '0', '--device', `d=${join(KEYS, 'ec_p384_public.pem')}`]);
    assert.equal(p384.code, 1);
    assert.match(p384.stderr, /^error ERR_AKENZA_REGISTRY_INVALID: device "d"/m);
    const cert = await runBroker(['--port', '0', '--tls-port', '0', '--cert', join(KEYS, 'ec_public.pem')]);
    assert.equal(cert.code, 1);
    assert.match(cert.stderr, /^error ERR_AKENZA_BROKER_CONFIG: --cert and --cert-key go together/m);
    const port = await runBroker(['--port', '70000']);
    assert.equal(port.code, 1);
    assert.match(port.stderr, /^error ERR_AKENZA_BROKER_CONFIG: --port must be an integer/m);
    const app = await runBroker(['--port', '0', '--app-user', 'a']);
    assert.equal(app.code, 1);
    assert.match(app.stderr, /^error ERR_AKENZA_BROKER_CONFIG: an application account needs both/m);
  });

  const reason = missingPython(['jwt', 'Crypto', 'cryptography']) ?? missingCommands(['mosquitto_pub', 'openssl']);

  describe('a running broker', { skip: skipReason(reason) }, () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'akenza-process-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    const pub = async (port: number, id: string, extra: string[] = []) =>
      run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), ...extra, '-i', id, '-u', 'unused', '-P', await pyToken(id), '-q', '1', '-t', `/up/device/id/${id}`, '-m', 'x']);

    test('listening lines, generated CA, SIGHUP reload of --devices, SIGTERM', async () => {
      const ecPem = await readFile(join(KEYS, 'ec_public.pem'), 'utf8');
      const devices = join(dir, 'devices.json');
      await writeFile(devices, JSON.stringify([{ id: 'dev-a', publicKey: ecPem }]));
      const p = broker(['--port', '0', '--tls-port', '0', '--cert-out', join(dir, 'certs'), '--devices', devices], { AKENZA_APP_USER: 'app', AKENZA_APP_PASSWORD: 'pw' });
      try {
        await p.waitStdout((l) => l === 'ready', 'ready');
        assert.equal(p.stdout.length, 4, p.stdout.join('\n'));
        assert.equal(p.stdout[0], `ca-file ${join(dir, 'certs', 'ca.pem')}`);
        assert.match(p.stdout[1]!, /^listening mqtt 127\.0\.0\.1 \d+$/);
        assert.match(p.stdout[2]!, /^listening mqtts 127\.0\.0\.1 \d+$/);
        assert.equal(p.stdout[3], 'ready');
        const { mqtt: port, mqtts: tlsPort } = ports(p);
        assert.ok(port && tlsPort && port !== tlsPort);

        assert.equal((await pub(tlsPort!, 'dev-a', ['--cafile', join(dir, 'certs', 'ca.pem')])).code, 0);
        const refused = await pub(port!, 'dev-b');
        assert.notEqual(refused.code, 0);
        // the application account from the environment
        const appPub = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-u', 'app', '-P', 'pw', '-t', '/down/device/id/dev-a/x', '-m', 'd', '-q', '1']);
        assert.equal(appPub.code, 0, appPub.stderr);

        await writeFile(devices, JSON.stringify([{ id: 'dev-a', publicKey: ecPem }, { id: 'dev-b', publicKey: ecPem }]));
        p.child.kill('SIGHUP');
        await until(() => p.stderr.some((l) => l.includes('"event":"reload"') && l.includes('"devices":2')), 'the reload log line');
        assert.equal((await pub(port!, 'dev-b')).code, 0);

        // a broken file: the reload fails, the registry stays
        await writeFile(devices, '[{"id": ');
        p.child.kill('SIGHUP');
        await until(() => p.stderr.some((l) => l.includes('"event":"reload"') && l.includes('"result":"failed"') && l.includes('ERR_AKENZA_REGISTRY_INVALID')), 'the failed reload');
        assert.equal((await pub(port!, 'dev-b')).code, 0);

        const decisions = p.stderr.filter((l) => l.includes('"event":"auth"')).map((l) => JSON.parse(l) as { result: string; clientId: string; role: string; code?: string });
        assert.deepEqual(decisions.map((d) => [d.clientId ?? 'app', d.role, d.result, d.code ?? null]).filter(([, role]) => role === 'device'), [
          ['dev-a', 'device', 'accept', null],
          ['dev-b', 'device', 'reject', 'ERR_AKENZA_UNKNOWN_DEVICE'],
          ['dev-b', 'device', 'accept', null],
          ['dev-b', 'device', 'accept', null],
        ]);
      } finally {
        assert.equal(await p.stop('SIGTERM'), 0);
      }
      assert.ok(p.stderr.some((l) => l.includes('"event":"shutdown"') && l.includes('SIGTERM')));
    });

    test('a given certificate (--cert/--cert-key), --device files, SIGINT', async () => {
      const certs = await opensslCertificates();
      const p = broker(['--port', 'off', '--tls-port', '0', '--cert', certs.certFile, '--cert-key', certs.keyFile, '--device', `dev-c=${join(KEYS, 'ec_public.pem')}`]);
      try {
        await p.waitStdout((l) => l === 'ready', 'ready');
        assert.deepEqual(Object.keys(ports(p)), ['mqtts']);
        assert.ok(!p.stdout.some((l) => l.startsWith('ca-file')));
        const ok = await pub(ports(p).mqtts!, 'dev-c', ['--cafile', certs.caFile]);
        assert.equal(ok.code, 0, ok.stderr);
      } finally {
        assert.equal(await p.stop('SIGINT'), 0);
        await rm(certs.dir, { recursive: true, force: true });
      }
    });
  });
});
