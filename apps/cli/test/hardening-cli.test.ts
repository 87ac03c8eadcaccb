/** Issue 16 row 6 through the CLI: a deeply nested ETAMP message is `error ERR_LIMIT_EXCEEDED` (it used to be ERR_INTERNAL). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, errorCode, repoRoot } from './helpers.js';

test('etamp verify of a 4,118-deep message (12.5 KB): ERR_LIMIT_EXCEEDED, one line, exit 1', () => {
  const vectors = JSON.parse(readFileSync(join(repoRoot(), 'vectors', 'etamp', 'vectors.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'cp-deep-'));
  try {
    writeFileSync(join(dir, 'public.pem'), vectors.keys.sender.spkiPem);
    const deep = '['.repeat(4118) + ']'.repeat(4118);
    const header = Buffer.from(`{"alg":"ES512","typ":"ETAMP","x":${deep}}`).toString('base64url');
    writeFileSync(join(dir, 'msg.json'), JSON.stringify({ Id: 'x', Token: `${header}.e30.AAAA`, SignatureToken: 'AA==', SignatureMessage: 'AA==' }));
    const r = cli(['etamp', 'verify', '--key', join(dir, 'public.pem'), join(dir, 'msg.json')]);
    assert.equal(errorCode(r), 'ERR_LIMIT_EXCEEDED', r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
