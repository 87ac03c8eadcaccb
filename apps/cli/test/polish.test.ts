/**
 * The CLI's usability contract (issue 13): every --help screen has an example and marks required options, unknown
 * options are reported as unknown with a suggestion, old option spellings are hidden aliases that give the same result
 * as the new ones, a token argument naming a file gets an "@" hint, `conformance --list`, and `version`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { listSuites } from '@cryptoplug/conformance';
import { buildProgram } from '../src/program.js';
import { createContext } from '../src/context.js';
import { PRIMITIVES, cli, errorCode, repoRoot } from './helpers.js';

const ROOT = repoRoot();
const key = (f: string) => join(PRIMITIVES, 'keys', f);

function walk(cmd: Command, path: string[] = []): Array<{ cmd: Command; path: string[] }> {
  return [{ cmd, path }, ...cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => walk(c, [...path, c.name()]))];
}

/** The full help screen of `cmd` as the user sees it (addHelpText sections included). */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

test('every --help screen (each command and group) has an Examples section that runs that command', async () => {
  const screens = walk(await buildProgram(createContext()));
  assert.ok(screens.length >= 35, `${screens.length} help screens`);
  const missing: string[] = [];
  for (const { cmd, path } of screens) {
    const help = helpOf(cmd);
    const section = help.split('\nExamples:\n')[1];
    const name = ['cryptoplug', ...path].join(' ');
    if (!section || !section.split('\n').some((l) => l.startsWith('  $ ') && l.includes(name))) missing.push(name);
  }
  assert.deepEqual(missing, [], `help screens without an example of their own command: ${missing.join(', ')}`);
});

test('required options say "(required)" in --help; hidden aliases are not shown', async () => {
  let required = 0;
  for (const { cmd, path } of walk(await buildProgram(createContext()))) {
    const help = helpOf(cmd);
    const options = (cmd as unknown as { options: Option[] }).options;
    for (const o of options) {
      // the option's entry: from its flags to the next line that starts an option (or the end of the Options section)
      const at = help.indexOf(`  ${o.flags}  `);
      if (o.hidden) {
        assert.equal(at, -1, `${path.join(' ')}: hidden ${o.flags} is shown`);
        continue;
      }
      assert.ok(at >= 0, `${path.join(' ')}: ${o.flags} not in help`);
      const rest = help.slice(at + 2);
      const entry = rest.slice(0, rest.search(/\n {2}-|\n\n/));
      assert.equal(entry.includes('(required)'), o.mandatory, `${path.join(' ')} ${o.flags}: ${entry}`);
      if (o.mandatory) required++;
    }
  }
  assert.ok(required >= 30, `${required} required options`);
});

test('the built CLI prints the examples too (jwt verify --help)', () => {
  const r = cli(['jwt', 'verify', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\nExamples:\n {2}\$ cryptoplug jwt verify /);
  assert.match(r.stdout, /--alg <ALG> .*\n.*\(required\)/);
});

test('an unknown option is reported as unknown, with a suggestion, even when a required option is missing', () => {
  const cases: Array<[string[], string, string]> = [
    [['sign', '--algo', 'ES256', '--key', key('ec-p256.pkcs8.pem')], '--algo', '--alg'],
    [['sign', '--algo', 'ES256'], '--algo', '--alg'],
    [['jwt', 'verify', '--audiance', 'x', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), 'a.b.c'], '--audiance', '--audience'],
    [['etamp', 'create', '--expires', '60'], '--expires', '--expires-in'],
    [['conformance', '--lsit'], '--lsit', '--list'],
  ];
  for (const [args, bad, suggestion] of cases) {
    const r = cli(args, 'x');
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^error: unknown option '${bad}'\\n\\(Did you mean ${suggestion}\\?\\)`), args.join(' '));
  }
  // --help still wins over everything
  const h = cli(['sign', '--algo', 'x', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage: cryptoplug sign/);
});

test('old option spellings are hidden aliases with the same effect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-alias-'));
  try {
    // jwt sign: --exp-in = --expires-in (EdDSA is deterministic, so the tokens are byte-equal)
    const sign = (flag: string) => cli(['jwt', 'sign', '--alg', 'EdDSA', '--key', key('ed25519.pkcs8.pem'), '--iat', '--now', '1700000000', flag, '600', '--claims', '{"sub":"a","aud":"api","iss":"me"}']);
    const [a, b] = [sign('--exp-in'), sign('--expires-in')];
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const claims = JSON.parse(Buffer.from(a.stdout.trim().split('.')[1]!, 'base64url').toString('utf8'));
    assert.equal(claims.exp, 1700000600);
    const token = a.stdout.trim();

    // jwt verify: --aud/--iss/--sub = --audience/--issuer/--subject, accepting and rejecting alike
    const verify = (...flags: string[]) => cli(['jwt', 'verify', '--alg', 'EdDSA', '--key', key('ed25519.spki.pem'), '--now', '1700000001', ...flags, token]);
    for (const [old, now] of [['--aud', '--audience'], ['--iss', '--issuer'], ['--sub', '--subject']] as const) {
      const right = { '--aud': 'api', '--iss': 'me', '--sub': 'a' }[old];
      const ok = [verify(old, right), verify(now, right)];
      for (const r of ok) assert.equal(r.code, 0, `${old}/${now}: ${r.stderr}`);
      assert.equal(ok[0]!.stdout, ok[1]!.stdout);
      const bad = [verify(old, 'other'), verify(now, 'other')];
      assert.ok(errorCode(bad[0]!), bad[0]!.stderr);
      assert.equal(bad[0]!.stderr, bad[1]!.stderr);
    }

    // etamp create: --ttl = --expires-in (exp = now + SECONDS in the signed token)
    const pem = readFileSync(key('ec-p521.pkcs8.pem'));
    writeFileSync(join(dir, 'p521.pem'), pem);
    const create = (flag: string) =>
      cli(['etamp', 'create', '--key', join(dir, 'p521.pem'), '--sender-server-name', 'a', '--sender-user', 'alice', '--recipient-server-name', 'b', '--recipient-user', 'bob', '--message', 'hi', '--now', '1700000000', flag, '90']);
    const exps = [create('--ttl'), create('--expires-in')].map((r) => {
      assert.equal(r.code, 0, r.stderr);
      const m = JSON.parse(r.stdout) as { Token: string };
      return JSON.parse(Buffer.from(m.Token.split('.')[1]!, 'base64url').toString('utf8')).exp as number;
    });
    assert.deepEqual(exps, [1700000090, 1700000090]);

    // akenza verify: --clock-skew = --clock-tolerance (a PyJWT token whose exp is 60 s before the vectors' "now")
    const ak = JSON.parse(readFileSync(join(ROOT, 'vectors', 'akenza', 'tokens.json'), 'utf8')) as { deviceId: string; now: number; cases: Array<{ name: string; token: string }> };
    const edge = ak.cases.find((c) => c.name === 'es256-exp-at-skew-edge')!;
    const akv = (...flags: string[]) => cli(['akenza', 'verify', '--device-id', ak.deviceId, '--key', join(ROOT, 'vectors', 'akenza', 'keys', 'ec_public.pem'), '--now', String(ak.now), ...flags, edge.token]);
    assert.equal(akv().code, 0, akv().stderr);
    for (const flag of ['--clock-skew', '--clock-tolerance']) {
      assert.equal(errorCode(akv(flag, '0')), 'ERR_AKENZA_TOKEN_EXPIRED', flag);
      assert.equal(akv(flag, '60').code, 0, flag);
    }
    // akenza token: --lifetime = --expires-in
    for (const flag of ['--lifetime', '--expires-in']) {
      const r = cli(['akenza', 'token', '--device-id', ak.deviceId, '--key', join(ROOT, 'vectors', 'akenza', 'keys', 'ec_private.pem'), flag, '77']);
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(Buffer.from(r.stdout.trim().split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
      assert.equal(c.exp - c.iat, 77, flag);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a token argument that names a file gets a "did you mean @FILE?" hint in the one error line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-hint-'));
  try {
    const t = join(dir, 't.jwt');
    const s = cli(['jwt', 'sign', '--alg', 'ES256', '--key', key('ec-p256.pkcs8.pem'), '--claims', '{"sub":"a"}']);
    writeFileSync(t, s.stdout);
    const r = cli(['jwt', 'verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), t]);
    assert.equal(errorCode(r), 'ERR_JWS_INVALID', r.stderr);
    assert.ok(r.stderr.includes(`did you mean @${t}?`), r.stderr);
    const ok = cli(['jwt', 'verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), `@${t}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { sub: 'a' });
    // the same for a signature given as a file name
    writeFileSync(join(dir, 'msg'), 'm');
    const sig = join(dir, 'sig.txt');
    writeFileSync(sig, cli(['sign', '--alg', 'ES256', '--key', key('ec-p256.pkcs8.pem'), join(dir, 'msg')]).stdout);
    const v = cli(['verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), '--signature', sig, join(dir, 'msg')]);
    assert.equal(errorCode(v), 'ERR_INPUT_INVALID', v.stderr);
    assert.ok(v.stderr.includes(`did you mean @${sig}?`), v.stderr);
    // a token that is not a file gets no hint
    const n = cli(['jwt', 'verify', '--alg', 'ES256', '--key', key('ec-p256.spki.pem'), 'not-a-file.jwt']);
    assert.equal(errorCode(n), 'ERR_JWS_INVALID');
    assert.ok(!n.stderr.includes('did you mean'), n.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('conformance --list lists the suite registry (text and --json, filtered by --suite); a filter that matches nothing says how to list', () => {
  const all = listSuites();
  const text = cli(['conformance', '--list']);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), all.map((s) => s.name));
  const json = cli(['conformance', '--list', '--json']);
  assert.deepEqual(JSON.parse(json.stdout), all);
  const filtered = JSON.parse(cli(['conformance', '--list', '--json', '--suite', 'vectors/*,wycheproof/x25519*']).stdout) as Array<{ name: string }>;
  assert.deepEqual(filtered.map((s) => s.name), all.filter((s) => s.name.startsWith('vectors/') || s.name.startsWith('wycheproof/x25519')).map((s) => s.name));
  for (const args of [['conformance', '--suite', 'nomatch'], ['conformance', '--list', '--suite', 'nomatch'], ['status', '--suite', 'nomatch']]) {
    const r = cli(args);
    assert.equal(errorCode(r), 'ERR_INPUT_INVALID', `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /cryptoplug conformance --list/);
    assert.doesNotMatch(r.stderr, /listSuites/);
  }
});

test('`cryptoplug version` prints what --version prints: the package version', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'apps', 'cli', 'package.json'), 'utf8')) as { version: string };
  const a = cli(['version']);
  const b = cli(['--version']);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, `${pkg.version}\n`);
  assert.equal(b.stdout, a.stdout);
});
