/**
 * `cryptoplug explorer`: help with an example, usage errors, a port in use (one error line, exit 1), a server that
 * serves the page on the URL it prints and stops on SIGTERM, and the lazy import (fastify is not loaded by other commands).
 * The page itself is tested in apps/explorer (headless Chromium).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, dirname } from 'node:path';
import { CLI, cli, errorCode } from './helpers.js';

test('explorer --help has an example; a bad port is a usage error', () => {
  const help = cli(['explorer', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--port <N>/);
  assert.match(help.stdout, /--host <H>/);
  assert.match(help.stdout, /Examples:\n\s+\$ cryptoplug explorer/);
  for (const port of ['abc', '70000', '-1']) {
    const r = cli(['explorer', '--port', port]);
    assert.equal(r.code, 2, `--port ${port}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('explorer on a port in use: exit 1, one line ERR_EXPLORER_LISTEN', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = blocker.address() as AddressInfo;
    const r = cli(['explorer', '--port', String(port)]);
    assert.equal(errorCode(r), 'ERR_EXPLORER_LISTEN', r.stderr);
    assert.match(r.stderr, /in use/);
  } finally {
    blocker.close();
  }
});

test('explorer serves the page on the URL it prints, and stops on SIGTERM with exit 0', async () => {
  const child = spawn(process.execPath, [CLI, 'explorer', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited early: ${err}`)));
  });
  try {
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>cryptoplug explorer/);
    const worker = await fetch(`${url}worker.js`);
    assert.equal(worker.status, 200);
    assert.ok((await worker.arrayBuffer()).byteLength > 1000);
    assert.match(err, /explorer: (serving \d+ Wycheproof files|Wycheproof not served)/);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
  assert.equal(out, `${url}\n`, 'stdout holds the URL only');
});

test('the explorer is loaded only when its command runs', () => {
  const src = readFileSync(join(dirname(CLI), 'commands', 'explorer.js'), 'utf8');
  assert.doesNotMatch(src, /^import .*['"]@cryptoplug\/explorer['"]/m, 'no static import of @cryptoplug/explorer');
  assert.match(src, /await import\(['"]@cryptoplug\/explorer['"]\)/);
});
