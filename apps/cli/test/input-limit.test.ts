/**
 * Issue 16 row 4: every CLI input is read incrementally up to --max-input (default 4 MiB) and stops with
 * ERR_INPUT_TOO_LARGE without reading the rest. Endless sources (/dev/zero, a FIFO fed forever, a pipe on stdin)
 * would never finish if they were read whole: each case has a timeout, so a regression fails instead of hanging.
 * Peak memory is reported by the child itself (maxRSS) and must stay far below what reading the source would take.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, errorCode, type Run } from './helpers.js';

/** Runs the CLI with a maxRSS report on exit (a preloaded one-liner), stdin from `stdin`. */
function runMeasured(args: string[], stdin: 'ignore' | 'pipe' = 'ignore', feed?: (w: NodeJS.WritableStream) => void): Promise<Run & { maxRssKb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss "+process.resourceUsage().maxRSS+"\\n"))', CLI, ...args], {
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    if (feed && child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE once the CLI stops reading
      feed(child.stdin);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /\nmaxrss (\d+)\n/.exec(stderr);
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/\nmaxrss \d+\n/, '').trim() + '\n', maxRssKb: m ? Number(m[1]) : NaN });
    });
  });
}

test('@/dev/zero: ERR_INPUT_TOO_LARGE at the default 4 MiB, memory bounded', { timeout: 180_000 }, async () => {
  const r = await runMeasured(['jwt', 'decode', '@/dev/zero']);
  assert.equal(errorCode(r), 'ERR_INPUT_TOO_LARGE', r.stderr);
  assert.match(r.stderr, /4194304 bytes.*--max-input/);
  assert.ok(r.maxRssKb < 400 * 1024, `peak RSS ${r.maxRssKb} KB`);
});

test('a FIFO written forever, and --max-input 64K: stops at the limit', { timeout: 180_000 }, async (t) => {
  if (spawnSync('mkfifo', ['--version']).status !== 0) return t.skip('no mkfifo');
  const dir = mkdtempSync(join(tmpdir(), 'cp-fifo-'));
  const fifo = join(dir, 'in');
  spawnSync('mkfifo', [fifo]);
  // an endless writer (a separate process, so this test process is not blocked opening the FIFO)
  const writer = spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'w');const b=Buffer.alloc(65536,65);try{for(;;)fs.writeSync(fd,b)}catch{}`], { stdio: 'ignore' });
  try {
    const r = await runMeasured(['--max-input', '64K', 'jwt', 'decode', `@${fifo}`]);
    assert.equal(errorCode(r), 'ERR_INPUT_TOO_LARGE', r.stderr);
    assert.match(r.stderr, /65536 bytes/);
  } finally {
    writer.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdin fed forever: ERR_INPUT_TOO_LARGE with --max-input 1M; under the limit the input is read whole', { timeout: 180_000 }, async () => {
  let stop = false;
  const r = await runMeasured(['jws', 'verify', '--max-input', '1M', '--alg', 'HS256', '--key', '/dev/null'], 'pipe', (w) => {
    const chunk = Buffer.alloc(65536, 0x41);
    const pump = () => {
      while (!stop && w.write(chunk));
      if (!stop) w.once('drain', pump);
    };
    pump();
  });
  stop = true;
  assert.equal(errorCode(r), 'ERR_INPUT_TOO_LARGE', r.stderr);
  assert.match(r.stderr, /stdin is larger than the input limit of 1048576 bytes/);
  // under the limit: a normal token file is read and decoded
  const dir = mkdtempSync(join(tmpdir(), 'cp-in-'));
  try {
    const token = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.AAAA`;
    writeFileSync(join(dir, 't.jwt'), token);
    const ok = await runMeasured(['--max-input', '1K', 'jwt', 'decode', `@${join(dir, 't.jwt')}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /"sub"/);
    const bad = await runMeasured(['--max-input', 'lots', 'jwt', 'decode', `@${join(dir, 't.jwt')}`]);
    assert.equal(errorCode(bad), 'ERR_INPUT_INVALID', bad.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
