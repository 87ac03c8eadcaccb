/**
 * Headless Chromium (playwright-core + Debian's /usr/bin/chromium, as apps/runtimes) drives two browser users, alice
 * and bob, and the terminal client's API drives carol, through one conversation on a PGlite server: sign-up with
 * invitations (keys generated in the page), a channel of three, messages both ways, carol removed and unable to read
 * later messages, a tampered message shown as unverified, and a reload that needs the password to unlock the key.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fromBase64 } from '@cryptoplug/core';
import { rejectsCode, startServer, until, user, type User } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

let skip: string | false = false;
if (!existsSync(CHROMIUM)) {
  if (process.env.CRYPTOPLUG_REQUIRE_CHROMIUM === '1') throw new Error(`CRYPTOPLUG_REQUIRE_CHROMIUM=1 but ${CHROMIUM} is missing`);
  skip = `${CHROMIUM} not found (scripts/setup-runtimes.sh installs Debian chromium)`;
  console.log(`# skipping the browser suite: ${skip}`);
}

describe('browser client (headless Chromium) with the terminal client', { skip, timeout: 600_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let ctxA: BrowserContext, ctxB: BrowserContext;
  let alice: Page, bob: Page;
  let carol: User;
  const PASSWORD = 'correct horse battery';

  before(async () => {
    // the bundle is part of the package build; make it when missing (a test run straight from a fresh clone)
    if (!existsSync(join(ROOT, 'dist', 'web', 'app.js'))) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], { stdio: 'inherit' });
    server = await startServer();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    ctxA = await browser.newContext({ viewport: { width: 1000, height: 640 } });
    ctxB = await browser.newContext({ viewport: { width: 1000, height: 640 } });
    alice = await ctxA.newPage();
    bob = await ctxB.newPage();
    for (const p of [alice, bob]) p.setDefaultTimeout(60_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signUp(page: Page, identity: string): Promise<void> {
    const { token } = await (await import('../src/index.js')).ChatClient.prototype.invite.call(
      new (await import('../src/index.js')).ChatClient({ url: server.url, backend: await (await import('./helpers.js')).backend() }),
      server.operatorToken,
    );
    await page.goto(server.url + '/');
    await page.fill('#signup input[name=invitation]', token);
    await page.fill('#signup input[name=identity]', identity);
    await page.fill('#signup input[name=password]', PASSWORD);
    await page.click('#signup button');
    await page.waitForSelector('#me b:has-text("' + identity + '")');
  }

  const texts = (page: Page): Promise<string[]> => page.$$eval('#messages li', (els) => els.map((e) => e.textContent ?? ''));

  it('two browser users sign up; the private key is stored only encrypted', async () => {
    await signUp(alice, 'alice');
    await signUp(bob, 'bob');
    carol = await user(server, 'carol');
    const stored = await alice.evaluate(
      () =>
        new Promise<Record<string, string>>((resolve) => {
          const r = indexedDB.open('cryptoplug-chat', 1);
          r.onsuccess = () => {
            const g = r.result.transaction('profile').objectStore('profile').get('me');
            g.onsuccess = () => resolve(g.result as Record<string, string>);
          };
        }),
    );
    assert.match(stored.encryptedKey!, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.ok(!JSON.stringify(stored).includes('BEGIN PRIVATE KEY'));
    const cards = await carol.client.search('alice');
    assert.equal(cards.length, 1);
  });

  let channelId: string;
  it('alice creates a channel of three in the page; messages flow both ways, verified', async () => {
    await alice.fill('#new-channel input', 'trio');
    await alice.click('#new-channel button');
    await alice.waitForSelector('#channel-name:has-text("trio")');
    for (const m of ['bob', 'carol']) {
      await alice.fill('#add-member input', m);
      await alice.click('#add-member button');
      await alice.waitForSelector(`#members [data-member="${m}"]`);
    }
    channelId = (await carol.client.channels())[0]!.id;

    await alice.fill('#send input', 'hello from alice in chromium');
    await alice.click('#send button');
    await bob.waitForSelector('#channels a[data-channel="trio"]');
    await bob.click('#channels a[data-channel="trio"]');
    await bob.waitForSelector('#messages li.verified:has-text("hello from alice in chromium")');

    const read = await carol.client.read(channelId);
    assert.deepEqual(read.messages.map((m) => [m.sender, m.text, m.verified]), [['alice', 'hello from alice in chromium', true]]);

    await carol.client.send(channelId, 'carol from the terminal');
    await alice.waitForSelector('#messages li.verified:has-text("carol from the terminal")');
    await bob.waitForSelector('#messages li.verified:has-text("carol from the terminal")');

    await bob.fill('#send input', 'bob answers from chromium');
    await bob.click('#send button');
    await alice.waitForSelector('#messages li.verified:has-text("bob answers from chromium")');
    await until(() => true);
    const r2 = await carol.client.read(channelId);
    assert.equal(r2.messages.at(-1)!.text, 'bob answers from chromium');
    assert.equal(r2.messages.at(-1)!.verified, true);
  });

  it('carol, removed in the page, cannot read later messages', async () => {
    await alice.click('#members [data-member="carol"] button.remove');
    await alice.waitForFunction(() => !document.querySelector('#members [data-member="carol"]'));
    await alice.fill('#send input', 'after carol left');
    await alice.click('#send button');
    await bob.waitForSelector('#messages li.verified:has-text("after carol left")');
    await rejectsCode(carol.client.list(channelId), 'ERR_CHAT_NOT_MEMBER', 403);
    const row = (await server.db.query<{ ciphertext: string }>(`SELECT ciphertext FROM messages ORDER BY id DESC LIMIT 1`)).rows[0]!;
    const recipients = carol.client.codec.inspect(fromBase64(row.ciphertext)).recipients.map((r) => r.id);
    assert.equal(recipients.length, 2);
    const opened = await carol.client.open({ ...(await server.db.query(`SELECT 1`)).rows[0], id: 0, channelId, senderCardId: (await carol.client.current('alice')).id, seq: 0, sentAt: '', message: row.ciphertext, sign: '', receivedAt: 0 } as never);
    assert.equal(opened.text, undefined);
  });

  it('a tampered message is shown unverified; a reload needs the password', async () => {
    // the database is changed behind the server's back (as a compromised server could)
    const last = (await server.db.query<{ id: number; ciphertext: string }>(`SELECT id, ciphertext FROM messages ORDER BY id DESC LIMIT 1`)).rows[0]!;
    const c = last.ciphertext;
    const i = c.length - 10;
    await server.db.query(`UPDATE messages SET ciphertext = $2 WHERE id = $1`, [last.id, c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1)]);

    await bob.reload();
    await bob.waitForSelector('#unlock');
    assert.equal(await bob.$('#chat'), null);
    await bob.fill('#unlock input[name=password]', 'wrong password!');
    await bob.click('#unlock button');
    await bob.waitForSelector('#unlock .error:has-text("wrong password")');
    await bob.fill('#unlock input[name=password]', PASSWORD);
    await bob.click('#unlock button');
    await bob.waitForSelector('#channels a[data-channel="trio"]');
    await bob.click('#channels a[data-channel="trio"]');
    await bob.waitForSelector('#messages li.unverified');
    const all = await texts(bob);
    assert.equal(all.length, 4);
    assert.match(all[3]!, /UNVERIFIED/);
    assert.match(all[0]!, /✓ verified/);
    assert.equal(await bob.$$eval('#messages li.verified', (e) => e.length), 3);

    // CRYPTOPLUG_CHAT_SCREENSHOT=1 refreshes the README's screenshot; otherwise it goes to the temp dir
    const shot = process.env.CRYPTOPLUG_CHAT_SCREENSHOT === '1' ? join(ROOT, 'docs', 'screenshot.png') : join(tmpdir(), `chat-screenshot-${process.pid}.png`);
    await mkdir(dirname(shot), { recursive: true });
    await bob.screenshot({ path: shot });
    assert.ok(existsSync(shot));
    if (!shot.startsWith(ROOT)) await rm(shot, { force: true });
  });
});
