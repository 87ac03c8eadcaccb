/**
 * `cryptoplug chat …` as a user runs it: `chat serve` (embedded PGlite) in a child process, then invite, register
 * (keys from `e2ee keygen`, one passphrase-protected), channel create/add/remove, send, read, watch, and errors as one
 * `error CODE: message` line with exit 1.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, CLI_NODE_ARGS, errorCode } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'chat-cli-'));
function cli(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI_NODE_ARGS, CLI_MAIN, ...args], { cwd: dir, input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
function ok(args: string[], input = ''): string {
  const r = cli(args, input);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('cryptoplug chat', { timeout: 600_000 }, () => {
  let server: ChildProcess;
  let info: { url: string; directoryKey: string };

  before(async () => {
    server = spawn(process.execPath, [...CLI_NODE_ARGS, CLI_MAIN, 'chat', 'serve', '--data', 'data', '--port', '0', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`chat serve exited ${code}`)));
    });
    info = JSON.parse(line) as typeof info;
  });
  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help has an example on every chat command', () => {
    // a sample (each spawn loads the whole CLI); every chat command defines its example the same way in chat.ts
    for (const c of [['serve'], ['register'], ['channel', 'add'], ['watch']]) {
      assert.match(ok(['chat', ...c, '--help']), /Examples:\n {2}\$ cryptoplug chat /, c.join(' '));
    }
  });

  it('a conversation in the terminal', async () => {
    writeFileSync(join(dir, 'pass'), 'alice passphrase\n');
    ok(['e2ee', 'keygen', '--type', 'ed25519', '--out', 'alice', '--passphrase-file', 'pass']);
    ok(['e2ee', 'keygen', '--type', 'ed25519', '--out', 'bob']);
    ok(['e2ee', 'keygen', '--type', 'ed25519', '--out', 'carol']);
    const reg = (name: string, extra: string[] = []): string => {
      const token = ok(['chat', 'invite', '--server', info.url, '--data', 'data']).trim();
      return ok(['chat', 'register', '--server', info.url, '--invitation', token, '--identity', name, '--key', `${name}/private.pem`, '--directory-key', info.directoryKey, '--profile', `${name}.json`, ...extra]).trim();
    };
    const aliceCard = reg('alice', ['--passphrase-file', 'pass']);
    assert.match(aliceCard, /^[0-9a-f]{64}$/);
    reg('bob');
    reg('carol');
    const A = ['--profile', 'alice.json', '--passphrase-file', 'pass'];
    const channel = ok(['chat', 'channel', 'create', 'general', ...A]).trim();
    assert.deepEqual(ok(['chat', 'channel', 'add', channel, 'bob', 'carol', ...A]).trim().split('\n'), ['alice', 'bob', 'carol']);

    // bob watches while alice sends
    const watcher = spawn(process.execPath, [...CLI_NODE_ARGS, CLI_MAIN, 'chat', 'watch', channel, '--count', '1', '--json', '--profile', 'bob.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let watched = '';
    watcher.stdout!.on('data', (d: Buffer) => (watched += d.toString()));
    let watchErr = '';
    watcher.stderr!.on('data', (d: Buffer) => (watchErr += d.toString()));
    const deadline = Date.now() + 120_000;
    while (!watchErr.includes('watching') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ok(['chat', 'send', channel, 'hello from the terminal', ...A]);
    const code = await new Promise((r) => watcher.once('exit', r));
    assert.equal(code, 0, watchErr);
    const live = JSON.parse(watched.trim()) as { sender: string; text: string; verified: boolean };
    assert.deepEqual([live.sender, live.text, live.verified], ['alice', 'hello from the terminal', true]);

    ok(['chat', 'send', channel, '--profile', 'bob.json'], 'bob via stdin\n');
    const read = JSON.parse(ok(['chat', 'read', channel, '--json', '--profile', 'carol.json'])) as { messages: Array<{ sender: string; text: string; verified: boolean }> };
    assert.deepEqual(read.messages.map((m) => [m.sender, m.text, m.verified]), [['alice', 'hello from the terminal', true], ['bob', 'bob via stdin', true]]);
    assert.match(ok(['chat', 'read', channel, '--profile', 'bob.json']), /alice ✓: hello from the terminal\n.*bob ✓: bob via stdin\n/);

    // carol removed: she can no longer read the channel
    ok(['chat', 'channel', 'remove', channel, 'carol', ...A]);
    ok(['chat', 'send', channel, 'carol is gone', ...A]);
    const denied = cli(['chat', 'read', channel, '--profile', 'carol.json']);
    assert.equal(errorCode(denied), 'ERR_CHAT_NOT_MEMBER', denied.stderr);
  });

  it('errors are one line with a stable code', () => {
    const token = ok(['chat', 'invite', '--server', info.url, '--data', 'data', '--ttl', '600']).trim();
    ok(['e2ee', 'keygen', '--type', 'ed25519', '--out', 'dave']);
    ok(['chat', 'register', '--server', info.url, '--invitation', token, '--identity', 'dave', '--key', 'dave/private.pem', '--profile', 'dave.json']);
    ok(['e2ee', 'keygen', '--type', 'ed25519', '--out', 'erin']);
    let r = cli(['chat', 'register', '--server', info.url, '--invitation', token, '--identity', 'erin', '--key', 'erin/private.pem', '--profile', 'erin.json']);
    assert.equal(errorCode(r), 'ERR_CHAT_INVITATION_INVALID', r.stderr);
    r = cli(['chat', 'send', '00000000000000000000000000000000', 'x', '--profile', 'dave.json']);
    assert.equal(errorCode(r), 'ERR_CHAT_NOT_FOUND', r.stderr);
    r = cli(['chat', 'read', 'x', '--profile', 'missing.json']);
    assert.equal(errorCode(r), 'ERR_INPUT_INVALID', r.stderr);
    ok(['e2ee', 'keygen', '--type', 'x25519', '--out', 'xkey']);
    const t2 = ok(['chat', 'invite', '--server', info.url, '--data', 'data']).trim();
    r = cli(['chat', 'register', '--server', info.url, '--invitation', t2, '--identity', 'xavier', '--key', 'xkey/private.pem']);
    assert.equal(errorCode(r), 'ERR_KEY_USAGE', r.stderr);
    writeFileSync(join(dir, 'wrong.token'), 'not-the-operator-token\n');
    r = cli(['chat', 'invite', '--server', info.url, '--operator-token-file', 'wrong.token']);
    assert.equal(errorCode(r), 'ERR_CHAT_OPERATOR_REQUIRED', r.stderr);
    r = cli(['chat', 'invite', '--server', info.url, '--operator-token-file', 'dave/public.pem']); // not a token at all
    assert.equal(errorCode(r), 'ERR_INPUT_INVALID', r.stderr);
    r = cli(['chat', 'invite', '--server', 'http://127.0.0.1:1', '--operator-token-file', 'wrong.token']);
    assert.equal(errorCode(r), 'ERR_CHAT_UNREACHABLE', r.stderr);
  });
});
