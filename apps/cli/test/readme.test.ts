/**
 * The root README's shell examples run as written.
 *
 * Every ```sh block of README.md runs, in order, with `bash -e -o pipefail`, in one fresh empty directory (files made by
 * a block are there for the next ones), with `npx cryptoplug` resolving to this repository's CLI. A failure names the
 * block's number, its line in the README and the failing command.
 *
 * Rules:
 * - A block fenced ```sh doctest=skip is not run (a server that never exits, a run of minutes); it must carry a comment
 *   saying which test covers it, and this test checks that it does ("covered by" / "run by" / "CI runs").
 * - Long commands are shown in a short form that runs here, and their long form goes in a doctest=skip block: the
 *   bench example is `bench --quick --only 'ES256 verify' --backend node` (seconds; `bench --quick` alone takes
 *   minutes and is covered by apps/bench's tests), conformance runs one backend on the repository's vectors
 *   (`--suite 'vectors/*'`) while `status` and the full matrix are what `npm start` and the package tests run.
 * - A block whose every command is `npm ci`, `npm install`, `npm start` or `npm test` (the README's "two commands") is
 *   not run: those are what CI itself runs on a fresh clone.
 * - `npx` never reaches a registry: npm runs offline with installs refused (npm_config_offline, npm_config_yes=false),
 *   and `cryptoplug` is found as a local bin: the temp directory's parent gets node_modules/.bin/cryptoplug, a link to
 *   the repository's linked bin when `npm install` made one (node_modules/.bin/cryptoplug, executable), otherwise a
 *   small wrapper that runs apps/cli/dist/main.js with this node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './helpers.js';

const ROOT = repoRoot();

interface Block {
  /** 1-based number among the README's sh blocks (skipped ones included). */
  n: number;
  /** 1-based README line of the opening fence. */
  line: number;
  info: string;
  code: string;
}

/** The ```sh blocks of a markdown text. */
function shBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|bash|shell)\b(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ n: blocks.length + 1, line: start + 1, info: open[2]!.trim(), code: body.join('\n') });
  }
  return blocks;
}

const NPM_ONLY = /^(npm (ci|install|start|test)\b[^&|;]*)(\s*&&\s*npm (ci|install|start|test)\b[^&|;]*)*$/;

/** Why a block is not run, or undefined when it is. */
function skipReason(b: Block): string | undefined {
  if (/\bdoctest=skip\b/.test(b.info)) return 'doctest=skip';
  const commands = b.code.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
  if (commands.length > 0 && commands.every((c) => NPM_ONLY.test(c))) return 'npm ci/install/start/test: what CI runs';
  return undefined;
}

/** A directory whose node_modules/.bin/cryptoplug is this repository's CLI (see the module comment). */
function localBin(base: string): void {
  const bin = join(base, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const linked = join(ROOT, 'node_modules', '.bin', 'cryptoplug');
  let usable = false;
  try {
    accessSync(linked, constants.X_OK);
    usable = existsSync(realpathSync(linked));
  } catch {
    usable = false;
  }
  if (usable) {
    symlinkSync(realpathSync(linked), join(bin, 'cryptoplug'));
  } else {
    const main = join(ROOT, 'apps', 'cli', 'dist', 'main.js');
    writeFileSync(join(bin, 'cryptoplug'), `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
    chmodSync(join(bin, 'cryptoplug'), 0o755);
  }
}

test('README.md: every sh block runs as written, in order, in an empty directory', { timeout: 900_000 }, () => {
  const blocks = shBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(blocks.length >= 5, `${blocks.length} sh blocks`);
  const base = mkdtempSync(join(tmpdir(), 'cp-readme-'));
  const cwd = join(base, 'work');
  mkdirSync(cwd);
  localBin(base);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    npm_config_offline: 'true',
    npm_config_yes: 'false',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
  };
  // npm (run by `npm test`) exports npm_config_* and npm_package_* of the repository; they must not leak into npx.
  for (const k of Object.keys(env)) if (/^npm_(package|lifecycle)_/.test(k) || k === 'npm_config_local_prefix' || k === 'INIT_CWD') delete env[k];
  let ran = 0;
  try {
    for (const b of blocks) {
      const reason = skipReason(b);
      if (reason) {
        if (reason === 'doctest=skip') {
          assert.match(b.code, /covered by|run by|CI runs/i, `README sh block ${b.n} (line ${b.line}) is doctest=skip but does not say which test covers it`);
        }
        continue;
      }
      const script = `set -eo pipefail\ntrap 'echo "failed command: $BASH_COMMAND" >&2' ERR\n${b.code}\n`;
      const r = spawnSync('bash', ['-c', script], { cwd, env, encoding: 'utf8', timeout: 600_000 });
      const failed = /failed command: (.*)/.exec(r.stderr)?.[1];
      assert.equal(
        r.status,
        0,
        `README sh block ${b.n} (line ${b.line}) exited ${r.status ?? r.signal}${failed ? ` at: ${failed}` : ''}\n--- stderr\n${r.stderr.slice(-2000)}\n--- stdout\n${r.stdout.slice(-1000)}`,
      );
      ran++;
    }
    assert.ok(ran >= 5, `${ran} blocks ran`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('doc-test rules: which blocks are skipped', () => {
  const md = [
    '```sh', 'npm install && npm start', '```',
    '```sh', 'npm test', '```',
    '```sh', 'npm ci && npm start   # the main job', '```',
    '```sh doctest=skip', '# covered by x.test.ts', 'npx cryptoplug akenza broker', '```',
    '```sh', 'npm test && npx cryptoplug --help', '```',
    '```sh', 'npx cryptoplug version', '```',
    '```ts', 'const x = 1;', '```',
  ].join('\n');
  const blocks = shBlocks(md);
  assert.deepEqual(blocks.map((b) => [b.n, skipReason(b) !== undefined]), [[1, true], [2, true], [3, true], [4, true], [5, false], [6, false]]);
  assert.equal(blocks[5]!.code, 'npx cryptoplug version');
});
