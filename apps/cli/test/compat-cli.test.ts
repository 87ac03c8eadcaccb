/** `jwe decrypt --compat python-jose`: tokens python-jose 3.3 made with its defaults (vectors/jose/python-jose-defaults.json). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, errorCode, repoRoot } from './helpers.js';

test('python-jose default tokens: refused with a message naming --compat python-jose, read with it; tampered ones fail', () => {
  const data = JSON.parse(readFileSync(join(repoRoot(), 'vectors', 'jose', 'python-jose-defaults.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'cp-compat-'));
  try {
    for (const c of data.cases) {
      writeFileSync(join(dir, 'key.json'), JSON.stringify(c.key));
      writeFileSync(join(dir, 't.jwe'), c.token);
      const args = ['jwe', 'decrypt', '--alg', c.algorithms[0], '--key', join(dir, 'key.json'), '--backend', 'node', `@${join(dir, 't.jwe')}`];
      const plain = cli(args);
      assert.equal(errorCode(plain), c.expect.code, `${c.id}: ${plain.stderr}`);
      if (c.expect.message_includes) assert.match(plain.stderr, /--compat python-jose/);
      const compat = cli([...args, '--compat', 'python-jose']);
      if (c.expect_compat_python_jose.valid) {
        assert.equal(compat.code, 0, compat.stderr);
        assert.equal(compat.stdout, c.expect_compat_python_jose.payload);
      } else {
        assert.equal(errorCode(compat), c.expect_compat_python_jose.code, compat.stderr);
      }
    }
    assert.equal(cli(['jwe', 'decrypt', '--compat', 'other', '--key', join(dir, 'key.json'), '@x']).code, 2, 'unknown compat value is a usage error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
