/**
 * `cryptoplug akenza token|kid|verify|publish|broker`, run as the user runs it (node apps/cli/dist/main.js), checked
 * against the reference implementation of akenza's documentation: kids computed by pycryptodome and tokens made by
 * PyJWT (vectors/akenza/tokens.json), tokens verified by PyJWT, uplinks received by mosquitto_sub.
 * Skipped, with the reason, until apps/cli/dist/main.js has the akenza commands (CRYPTOPLUG_CLI_MAIN may point at
 * another entry).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN, CLI_NODE_ARGS, repoRoot } from './helpers.js';

const ROOT = repoRoot();
const MAIN = CLI_MAIN;
const NODE_ARGS = CLI_NODE_ARGS;
const VECTORS = join(ROOT, 'vectors', 'akenza');
const KEYS = join(VECTORS, 'keys');
const PY = '/usr/bin/python3';
const key = (name: string) => join(KEYS, name);
const vectors = JSON.parse(readFileSync(join(VECTORS, 'tokens.json'), 'utf8')) as {
  deviceId: string;
  now: number;
  kids: Record<string, string>;
  cases: Array<{ name: string; deviceKey: string; token: string; valid: boolean; code?: string }>;
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [...NODE_ARGS, MAIN, ...args], { input: input ?? '', cwd: ROOT, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** exit 1 with exactly one stderr line `error CODE: message` → CODE */
function errorCode(r: Run): string | undefined {
  const lines = r.stderr.trim().split('\n');
  const m = /^error (ERR_[A-Z0-9_]+): \S/.exec(lines.at(-1) ?? '');
  return r.status === 1 && lines.length === 1 ? m?.[1] : undefined;
}

function notReady(): string | undefined {
  if (!existsSync(MAIN)) return `${MAIN} does not exist (build apps/cli first)`;
  const r = cli(['akenza', '--help']);
  if (r.status !== 0 || !/\btoken\b/.test(r.stdout)) return `the CLI at ${MAIN} has no "akenza" commands yet (the lead wires register() into main)`;
  return undefined;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
function pythonReady(): boolean {
  return spawnSync(PY, ['-c', 'import jwt, cryptography\ntry:\n import Crypto\nexcept ImportError:\n import Cryptodome'], { stdio: 'ignore' }).status === 0;
}

const skip = notReady();
if (skip) process.stdout.write(`# skipped: ${skip}\n`);

describe('cryptoplug akenza', { skip, timeout: 120_000 }, () => {
  it('--help on every command, with --backend', () => {
    for (const sub of ['token', 'kid', 'verify', 'publish', 'broker']) {
      const r = cli(['akenza', sub, '--help']);
      assert.equal(r.status, 0, sub);
      assert.match(r.stdout, /--backend <NAME>/, sub);
    }
  });

  it('kid = the pycryptodome fingerprint of vectors/akenza (public or private key file, compressed EC point)', () => {
    for (const [file, expected] of [
      ['rsa_public.pem', vectors.kids['rsa_public.pem']],
      ['rsa_private.pem', vectors.kids['rsa_public.pem']],
      ['ec_public.pem', vectors.kids['ec_public.pem']],
      ['ec_public_compressed.pem', vectors.kids['ec_public.pem']],
      ['ec_private_sec1.pem', vectors.kids['ec_public.pem']],
    ] as const) {
      for (const backend of file === 'ec_public.pem' ? ['auto', 'webcrypto', 'noble'] : ['auto']) {
        const r = cli(['akenza', 'kid', '--key', key(file), '--backend', backend]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${expected}\n`, `${file} (${backend})`);
      }
    }
  });

  it('verify: the PyJWT vectors, valid → claims JSON, invalid → exit 1 with the code', () => {
    // both valid documentation tokens and the first vector of every rejection code (the library tests run them all)
    const picked = vectors.cases.filter((c, i, all) => ['rs256', 'es256'].includes(c.name) || (!c.valid && all.findIndex((x) => x.code === c.code) === i));
    assert.ok(picked.length >= 10);
    for (const c of picked) {
      const r = cli(['akenza', 'verify', '--device-id', vectors.deviceId, '--key', key(c.deviceKey), '--now', String(vectors.now), c.token]);
      if (c.valid) {
        assert.equal(r.status, 0, `${c.name}: ${r.stderr}`);
        const claims = JSON.parse(r.stdout) as Record<string, unknown>;
        assert.ok(claims.aud === `https://akenza.io/devices/${vectors.deviceId}` || Array.isArray(claims.aud), c.name);
      } else {
        assert.equal(errorCode(r), c.code, `${c.name}: ${r.stderr}`);
        assert.equal(r.stdout, '');
      }
    }
    // from stdin, and at the wrong time
    const es = vectors.cases.find((c) => c.name === 'es256')!;
    assert.equal(cli(['akenza', 'verify', '--device-id', vectors.deviceId, '--key', key('ec_public.pem'), '--now', String(vectors.now)], es.token).status, 0);
    assert.equal(errorCode(cli(['akenza', 'verify', '--device-id', vectors.deviceId, '--key', key('ec_public.pem'), es.token])), 'ERR_AKENZA_TOKEN_EXPIRED');
  });

  it('token: RS256/ES256 tokens that PyJWT accepts, with the documented claims and kid', { skip: pythonReady() ? undefined : 'python3-jwt/pycryptodome missing' }, () => {
    for (const [priv, pub, alg] of [['rsa_private.pem', 'rsa_public.pem', 'RS256'], ['ec_private.pem', 'ec_public.pem', 'ES256']] as const) {
      const r = cli(['akenza', 'token', '--device-id', 'cli-dev', '--key', key(priv), '--alg', alg, '--lifetime', '300']);
      assert.equal(r.status, 0, r.stderr);
      const token = r.stdout.trim();
      const py = spawnSync(PY, ['-c', [
        'import sys, json, jwt',
        'claims = jwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=[sys.argv[3]], audience="https://akenza.io/devices/cli-dev")',
        'print(json.dumps({"claims": claims, "header": jwt.get_unverified_header(sys.argv[1])}))',
      ].join('\n'), token, key(pub), alg]);
      assert.equal(py.status, 0, py.stderr.toString());
      const { claims, header } = JSON.parse(py.stdout.toString()) as { claims: { iat: number; exp: number }; header: { kid: string; alg: string } };
      assert.equal(claims.exp - claims.iat, 300);
      assert.equal(header.alg, alg);
      assert.equal(header.kid, vectors.kids[pub]);
    }
    assert.equal(errorCode(cli(['akenza', 'token', '--device-id', 'd', '--key', key('ec_p384_private.pem')])), 'ERR_AKENZA_KEY_UNSUPPORTED');
    assert.equal(errorCode(cli(['akenza', 'token', '--device-id', 'a/b', '--key', key('ec_private.pem')])), 'ERR_AKENZA_DEVICE_ID_INVALID');
    assert.equal(errorCode(cli(['akenza', 'token', '--device-id', 'd', '--key', key('ec_public.pem')])), 'ERR_KEY_USAGE');
    const hs = cli(['akenza', 'token', '--device-id', 'd', '--key', key('ec_private.pem'), '--alg', 'HS256']);
    assert.notEqual(hs.status, 0);
    assert.match(hs.stderr, /Allowed choices are RS256, ES256/);
  });

  describe('broker + publish', { skip: has('mosquitto_sub') && has('stdbuf') ? undefined : 'mosquitto-clients missing' }, () => {
    let dir: string;
    let broker: ReturnType<typeof spawn>;
    const out: string[] = [];
    const err: string[] = [];
    let port = 0;
    let tlsPort = 0;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'akenza-cli-'));
      broker = spawn(process.execPath, [...NODE_ARGS, MAIN, 'akenza', 'broker', '--port', '0', '--tls-port', '0', '--cert-out', dir,
        '--device', `cli-ec=${key('ec_public.pem')}`, '--device', `cli-rsa=${key('rsa_public.pem')}`, '--app-user', 'app', '--app-password', 'pw'], { cwd: ROOT });
      const kill = setTimeout(() => broker.kill('SIGKILL'), 110_000);
      kill.unref();
      broker.stdout!.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
      broker.stderr!.on('data', (d: Buffer) => err.push(...d.toString().split('\n').filter(Boolean)));
      const end = Date.now() + 60_000;
      while (!out.includes('ready')) {
        if (Date.now() > end || broker.exitCode !== null) throw new Error(`the broker did not start: ${err.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      port = Number(/^listening mqtt 127\.0\.0\.1 (\d+)$/m.exec(out.join('\n'))![1]);
      tlsPort = Number(/^listening mqtts 127\.0\.0\.1 (\d+)$/m.exec(out.join('\n'))![1]);
    });
    after(async () => {
      if (broker && broker.exitCode === null) {
        broker.kill('SIGTERM');
        await new Promise((r) => broker.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints its listeners; publish (TLS, RS256 and ES256) reaches an app subscriber; a wrong key is refused', async () => {
      assert.equal(out[0], `ca-file ${join(dir, 'ca.pem')}`);
      const sub = spawn('stdbuf', ['-oL', 'mosquitto_sub', '-d', '-v', '-h', '127.0.0.1', '-p', String(port), '-u', 'app', '-P', 'pw', '-q', '1', '-t', '/up/#']);
      const lines: string[] = [];
      sub.stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n')));
      try {
        const end = Date.now() + 20_000;
        while (!lines.some((l) => l.includes('received SUBACK')) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        const ec = cli(['akenza', 'publish', '--device-id', 'cli-ec', '--key', key('ec_private.pem'), '--payload', '{"t":21.5}', '--subtopic', 'env',
          '--url', `mqtts://127.0.0.1:${tlsPort}`, '--ca', join(dir, 'ca.pem')]);
        assert.equal(ec.status, 0, ec.stderr);
        const rsa = cli(['akenza', 'publish', '--device-id', 'cli-rsa', '--key', key('rsa_private.pem'), '--alg', 'RS256', '--payload', '{"t":1}', '--url', `mqtt://127.0.0.1:${port}`]);
        assert.equal(rsa.status, 0, rsa.stderr);
        const wrong = cli(['akenza', 'publish', '--device-id', 'cli-ec', '--key', key('other_ec_private.pem'), '--payload', '{"t":0}', '--url', `mqtt://127.0.0.1:${port}`]);
        assert.equal(errorCode(wrong), 'ERR_AKENZA_CONNECT_REFUSED');
        assert.equal(errorCode(cli(['akenza', 'publish', '--device-id', 'cli-ec', '--key', key('ec_private.pem'), '--payload', 'not json', '--url', `mqtt://127.0.0.1:${port}`])), 'ERR_INPUT_INVALID');
        const end2 = Date.now() + 20_000;
        while (lines.filter((l) => l.startsWith('/up/')).length < 2 && Date.now() < end2) await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(lines.filter((l) => l.startsWith('/up/')).sort(), ['/up/device/id/cli-ec/env {"t":21.5}', '/up/device/id/cli-rsa {"t":1}']);
        assert.ok(err.some((l) => l.includes('"result":"reject"') && l.includes('ERR_AKENZA_KID_MISMATCH')));
      } finally {
        sub.kill('SIGTERM');
      }
    });

    it('stops cleanly on SIGTERM', async () => {
      broker.kill('SIGTERM');
      const code = await new Promise((r) => broker.once('exit', r));
      assert.equal(code, 0);
    });
  });
});
