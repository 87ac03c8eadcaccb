/**
 * Lazy command groups: which modules a command loads (deterministic, unlike its time — the time is measured by
 * `apps/bench --startup`). `--version` loads no command group, `jwt decode` only JOSE's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI } from './helpers.js';

const HOOK = `data:text/javascript,export async function resolve(s,c,n){const r=await n(s,c);process._rawDebug("MODULE "+r.url);return r}`;

function modulesOf(args: string[]): { code: number; stdout: string; modules: string[] } {
  const r = spawnSync(process.execPath, ['--no-warnings', '--experimental-loader', HOOK, CLI, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, modules: r.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice(7)) };
}

const HEAVY = /\/(conformance|bench|akenza-broker|e2ee|aedes|mqtt|cli-progress|node-forge)\/|\/commands\/(conformance|bench|akenza|e2ee|status)\.js/;

test('cryptoplug --version loads no command group, backend or key format', () => {
  const r = modulesOf(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), '0.1.0');
  const loaded = r.modules.filter((m) => /\/commands\/(?!index\.js)|@noble|asn1|\/backend-|\/jose\//.test(m));
  assert.deepEqual(loaded, []);
});

test('cryptoplug jwt decode loads the JOSE group only: no conformance runner, bench, broker or e2ee', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
  const r = modulesOf(['jwt', 'decode', token]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /"sub":\s*"alice"/);
  assert.deepEqual(r.modules.filter((m) => HEAVY.test(m)), []);
  assert.ok(r.modules.some((m) => m.endsWith('/commands/jwt.js')));
  // Decoding verifies nothing: no backend, curve, ASN.1 or key-format code, and only JOSE's decoder (not its index).
  const notNeeded = r.modules.filter((m) => /@noble|asn1|des\.js|\/backend-|\/backends\/|\/core\/dist\/(index|keys|select|backend)|\/jose\/dist\/(index|jws|jwe|jwk)/.test(m));
  assert.deepEqual(notNeeded, []);
});

test('a global option before the command does not make the CLI load every group', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
  for (const args of [['--max-input', '1M', 'jwt', 'decode', token], ['--max-input=1M', 'jwt', 'decode', token]]) {
    const r = modulesOf(args);
    assert.equal(r.code, 0, args.join(' '));
    const groups = r.modules.filter((m) => /\/commands\/(?!index\.js|shared\.js)[^/]+\.js$/.test(m)).map((m) => m.replace(/.*\/commands\//, ''));
    assert.deepEqual([...new Set(groups)], ['jwt.js'], args.join(' '));
  }
});
