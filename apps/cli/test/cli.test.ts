/** The cryptoplug command as a Unix tool: exit codes, stdout/stderr discipline, and real results on Python-made vectors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRIMITIVES, cli, errorCode } from './helpers.js';

const key = (f: string) => join(PRIMITIVES, 'keys', f);
const sigs = JSON.parse(readFileSync(join(PRIMITIVES, 'signatures.json'), 'utf8')).tests as Array<{
  id: string; key: string; alg: { name: string; hash?: string; encoding?: string; saltLength?: number }; msg: string; sig: string; valid: boolean;
}>;
const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

function cliAlg(t: (typeof sigs)[number]): string[] {
  switch (t.alg.name) {
    case 'ECDSA':
      return ['--alg', 'ECDSA', '--hash', t.alg.hash!, '--encoding', t.alg.encoding!];
    case 'RSA-PSS':
      return ['--alg', 'RSA-PSS', '--hash', t.alg.hash!, '--salt-length', String(t.alg.saltLength)];
    case 'RSASSA-PKCS1-v1_5':
      return ['--alg', 'RSASSA-PKCS1-v1_5', '--hash', t.alg.hash!];
    default:
      return ['--alg', 'Ed25519'];
  }
}

test('--help works on every command and exits 0', () => {
  const top = cli(['--help']);
  assert.equal(top.code, 0);
  const commands = [...top.stdout.matchAll(/^  (\w[\w-]*) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  assert.ok(commands.includes('sign') && commands.includes('conformance') && commands.includes('backends'));
  for (const c of commands) {
    const r = cli([c, '--help']);
    assert.equal(r.code, 0, `${c} --help`);
    assert.match(r.stdout, /Usage: cryptoplug/);
  }
});

test('verify accepts Python-made signatures and rejects their tampered variants, on every backend that can', () => {
  const pick = ['ecdsa-p256-sha256-p1363-msg3-', 'ecdsa-p521-sha1-der-msg3-', 'ed25519-msg3-', 'rsassa-pkcs1-2048-sha256-msg3-', 'rsa-pss-2048-sha256-salt32-msg3-'];
  const chosen = sigs.filter((t) => pick.some((p) => t.id.startsWith(p)));
  assert.ok(chosen.length >= 8, `vectors chosen: ${chosen.map((t) => t.id).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  try {
    for (const t of chosen) {
      const msg = join(dir, 'msg');
      writeFileSync(msg, Buffer.from(t.msg, 'hex'));
      const backends = t.alg.name === 'ECDSA' ? ['auto', 'node', 'webcrypto', 'noble'] : t.alg.name === 'Ed25519' ? ['auto', 'node', 'webcrypto', 'noble', 'forge'] : ['auto', 'node', 'webcrypto', 'forge'];
      for (const backend of backends) {
        const r = cli(['verify', ...cliAlg(t), '--key', key(`${t.key}.spki.pem`), '--signature', b64url(t.sig), '--backend', backend, msg]);
        if (t.valid) assert.equal(r.code, 0, `${t.id} on ${backend}: ${r.stderr}`);
        else assert.ok(errorCode(r) === 'ERR_SIGNATURE_INVALID' || errorCode(r) === 'ERR_SIGNATURE_MALFORMED', `${t.id} on ${backend}: ${r.code} ${r.stderr}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sign → verify through stdin, and DER encoding', () => {
  const s = cli(['sign', '--alg', 'ES384', '--encoding', 'der', '--key', key('ec-p384.sec1.pem')], 'payload');
  assert.equal(s.code, 0, s.stderr);
  const sig = s.stdout.trim();
  assert.match(sig, /^[A-Za-z0-9_-]+$/);
  assert.equal(Buffer.from(sig, 'base64url')[0], 0x30);
  const v = cli(['verify', '--alg', 'ES384', '--encoding', 'der', '--key', key('ec-p384.pub.jwk.json'), '--signature', sig], 'payload');
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout, '');
  const j = cli(['verify', '--json', '--alg', 'ES384', '--encoding', 'der', '--key', key('ec-p384.pub.jwk.json'), '--signature', sig], 'payloaD');
  assert.deepEqual(JSON.parse(j.stdout), { valid: false });
  assert.equal(errorCode(j), 'ERR_SIGNATURE_INVALID');
});

test('user errors: one line "error CODE: message", exit 1; usage errors exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  try {
    const bad = join(dir, 'bad.pem');
    writeFileSync(bad, '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAAAA\n-----END PUBLIC KEY-----\n');
    const cases: Array<[string[], string, string?]> = [
      [['sign', '--alg', 'ES256', '--key', bad], 'ERR_KEY_INVALID', 'x'],
      [['sign', '--alg', 'ES256', '--key', key('rsa-2048.pkcs8.pem')], 'ERR_KEY_ALG_MISMATCH', 'x'],
      [['sign', '--alg', 'ES256', '--key', key('ec-p256.spki.pem')], 'ERR_KEY_USAGE', 'x'],
      [['sign', '--alg', 'RS256', '--backend', 'noble', '--key', key('rsa-2048.pkcs8.pem')], 'ERR_UNSUPPORTED', 'x'],
      [['sign', '--alg', 'ES256', '--backend', 'nope', '--key', key('ec-p256.pkcs8.pem')], 'ERR_INPUT_INVALID', 'x'],
      [['verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), '--signature', 'AAAA'], 'ERR_SIGNATURE_MALFORMED', 'x'],
      [['verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), '--signature', 'not base64!'], 'ERR_INPUT_INVALID', 'x'],
      [['sign', '--alg', 'WHAT', '--key', key('ec-p256.pkcs8.pem')], 'ERR_INPUT_INVALID', 'x'],
      [['sign', '--alg', 'ES256', '--key', join(dir, 'missing.pem')], 'ERR_INPUT_INVALID', 'x'],
    ];
    for (const [args, code, input] of cases) {
      const r = cli(args, input);
      assert.equal(errorCode(r), code, `${args.join(' ')} → ${r.code} ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
    for (const args of [['sign'], ['keygen', '--type', 'dsa', '--out', dir], ['nosuchcommand'], ['sign', '--alg', 'ES256', '--key', 'k', '--encoding', 'ber']]) {
      assert.equal(cli(args).code, 2, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keygen writes four files that the other commands read, and refuses to overwrite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  try {
    const r = cli(['keygen', '--type', 'ed25519', '--out', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files.length, 4);
    const jwk = JSON.parse(readFileSync(join(dir, 'private.jwk.json'), 'utf8'));
    assert.equal(jwk.crv, 'Ed25519');
    assert.match(readFileSync(join(dir, 'private.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const s = cli(['sign', '--alg', 'EdDSA', '--key', join(dir, 'private.jwk.json')], 'm');
    const v = cli(['verify', '--alg', 'EdDSA', '--key', join(dir, 'public.pem'), '--signature', s.stdout.trim()], 'm');
    assert.equal(v.code, 0, v.stderr);
    assert.equal(errorCode(cli(['keygen', '--type', 'ed25519', '--out', dir])), 'ERR_INPUT_INVALID');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backends --json and --explain describe what is here and what auto picks', () => {
  const r = cli(['backends', '--json', '--explain']);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.deepEqual(d.backends.map((b: { name: string }) => b.name).sort(), ['forge', 'noble', 'node', 'webcrypto']);
  const pick = Object.fromEntries(d.auto.map((x: { operation: string; backend: string }) => [x.operation, x.backend]));
  assert.equal(pick['ECDSA P-256'], 'node');
  const noble = d.backends.find((b: { name: string }) => b.name === 'noble');
  assert.deepEqual(noble.capabilities.rsaPkcs1.hashes, []);
  const forge = d.backends.find((b: { name: string }) => b.name === 'forge');
  assert.deepEqual(forge.capabilities.ecdsa.curves, []);
});
