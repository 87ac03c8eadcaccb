/**
 * The explorer end to end in headless Chromium (playwright-core + Debian's /usr/bin/chromium, the flags apps/runtimes
 * uses): `cryptoplug explorer --port 0` serves the built page; the page's quick conformance must finish with 0 failures
 * on every backend that loads; a short benchmark (`ES256 verify`) draws its charts; the exported run validates against
 * the schema; the Node CLI's `bench --quick --json` output (made here, by the bench app) imports and is shown beside
 * the browser's run. Screenshots go to test-artifacts/ (gitignored). Skipped, with the reason, without Chromium.
 *
 * No speed is asserted anywhere: only that every contestant ran, was checked and was drawn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchReportSchema, explorerRunSchema } from '../src/schema.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = join(PKG, '..', '..');
const CLI = join(REPO, 'apps', 'cli', 'dist', 'main.js');
const ARTIFACTS = join(PKG, 'test-artifacts');
const CHROMIUM = process.env.CRYPTOPLUG_CHROMIUM ?? '/usr/bin/chromium';
/** apps/runtimes/src/host/drivers.ts CHROMIUM_ARGS */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BENCH_FILTER = 'ES256 verify';

function missing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found (scripts/setup-runtimes.sh installs Debian's chromium)`;
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed';
  }
  if (!existsSync(CLI)) return undefined; // a missing build is a failure, not a skip (checked in the test)
  return undefined;
}

/** Runs the CLI to completion; resolves with stdout. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `cryptoplug explorer --port 0`: resolves with the URL it prints on stdout. */
function startServer(): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'explorer', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m) resolve({ url: m[1]!, child, stderr: () => err });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`cryptoplug explorer exited (${code}): ${err}`)));
  });
}

test('the explorer in headless Chromium: quick conformance, benchmark charts, export, import of a Node bench run', { skip: missing() ?? false, timeout: 15 * 60_000 }, async (t) => {
  assert.ok(existsSync(CLI), `the CLI is not built (${CLI})`);
  assert.ok(existsSync(join(PKG, 'dist', 'site', 'index.html')), 'the page is not built (npm run build)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'cryptoplug-explorer-'));

  // The Node run to import, made by the bench app itself (in parallel with the page: no speed is compared).
  const nodeBench = runCli(['bench', '--quick', '--json', '--only', BENCH_FILTER, '--out', join(tmp, 'bench-out')]);

  const { chromium } = await import('playwright-core');
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  t.after(async () => {
    await browser.close().catch(() => {});
    server.child.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, colorScheme: 'light' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });

  const served = (await (await fetch(`${server.url}wycheproof/index.json`)).json().catch(() => ({ files: [] }))) as { files?: string[] };
  const wycheproofFiles = served.files?.length ?? 0;
  t.diagnostic(`server ${server.url}; Wycheproof files served: ${wycheproofFiles}`);

  await page.goto(`${server.url}?run=conformance&only=${encodeURIComponent(BENCH_FILTER)}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });

  // Which backends load here: the three browser backends; node:crypto does not exist in a browser.
  const backends = await page.$$eval('#backends tbody tr', (rows) => rows.map((r) => [r.querySelector('th')!.textContent!, r.querySelector('td')!.textContent!]));
  const status = Object.fromEntries(backends);
  for (const b of ['webcrypto', 'noble', 'forge']) assert.match(status[b] ?? '', /loads/, `${b} should load in Chromium`);
  assert.match(status.node ?? '', /unavailable: ERR_BACKEND_UNAVAILABLE/, 'node is unavailable, with its reason');
  const autoRows = await page.$$eval('#auto li', (rows) => rows.map((r) => r.textContent));
  assert.ok(autoRows.length >= 10 && autoRows.includes('ECDSA P-256 → webcrypto'), `auto's picks are shown: ${autoRows.join(' | ')}`);

  // The quick conformance, run on load: 0 failures on every backend that loads.
  await page.waitForSelector('body[data-conformance="passed"], body[data-conformance="failed"]', { timeout: 10 * 60_000 });
  const summary = await page.textContent('#conf-summary');
  const failures = await page.textContent('#failures');
  assert.equal(await page.getAttribute('body', 'data-conformance'), 'passed', `${summary}\n${failures}`);
  const header = await page.$$eval('#matrix thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(header, ['suite', 'webcrypto', 'noble', 'forge']);
  const rows = await page.$$eval('#matrix tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  assert.equal(rows.length, 5 + wycheproofFiles + 1, 'every vector suite, every served Wycheproof suite, and the total');
  const total = rows.at(-1)!;
  assert.equal(total[0], 'total');
  for (const cell of total.slice(1)) {
    const [passed, failed] = cell.split('/').map((x) => Number(x.trim()));
    assert.ok(passed! > 100, `many tests passed per backend: ${cell}`);
    assert.equal(failed, 0, cell);
  }
  t.diagnostic(`quick conformance: ${summary}`);

  // A short benchmark in the page's worker, then its charts.
  await page.click('#run-bench');
  await page.waitForSelector('body[data-bench="done"], body[data-bench="failed"]', { timeout: 10 * 60_000 });
  assert.equal(await page.getAttribute('body', 'data-bench'), 'done', (await page.textContent('#bench-progress')) ?? '');
  const cards = await page.$$eval('#ops .card', (cs) =>
    cs.map((c) => {
      const canvas = c.querySelector('canvas')!;
      const ctx = canvas.getContext('2d')!;
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) painted++;
      return { op: c.getAttribute('data-operation'), series: JSON.parse(canvas.dataset.series ?? '[]') as string[], points: Number(canvas.dataset.points), label: canvas.getAttribute('aria-label') ?? '', painted };
    }),
  );
  assert.deepEqual(cards.map((c) => c.op), ['ES256 verify', 'JWS ES256 verify', 'JWT ES256 verify']);
  const es = cards[0]!;
  assert.deepEqual(es.series, ['cryptoplug backend (adapter)', 'raw library']);
  for (const name of ['adapter:webcrypto', 'adapter:noble', 'adapter:auto', 'raw:webcrypto', 'raw:noble']) assert.match(es.label, new RegExp(`${name} [\\d,.]+ \\(\\d+%\\)`), `${name} drawn with ops/s and spread`);
  assert.equal(es.points, 5, 'forge has no ECDSA: 3 adapters (webcrypto, noble, auto) + 2 raw libraries');
  for (const c of cards.slice(1)) {
    assert.deepEqual(c.series, ['cryptoplug JOSE', 'panva jose']);
    assert.equal(c.points, 4, `${c.op}: cryptoplug JOSE on webcrypto, noble and auto, and jose`);
  }
  for (const c of cards) assert.ok(c.painted > 2000, `${c.op}: the canvas is painted (${c.painted} pixels)`);
  const ratio = await page.$eval('#ratio-card canvas', (c) => ({ series: JSON.parse((c as HTMLCanvasElement).dataset.series ?? '[]') as string[], label: c.getAttribute('aria-label') ?? '' }));
  assert.deepEqual(ratio.series, ['adapter ÷ the raw library it wraps', 'cryptoplug JOSE ÷ panva jose']);
  assert.match(ratio.label, /ES256 verify adapter:webcrypto ÷ raw:webcrypto [\d.]+×/);

  // Export: a download, valid against the schema, holding what the page showed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const exportedPath = join(tmp, 'explorer-run.json');
  await download.saveAs(exportedPath);
  const exported: unknown = JSON.parse(readFileSync(exportedPath, 'utf8'));
  const parsed = explorerRunSchema.safeParse(exported);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
  const run = parsed.data!;
  assert.deepEqual(run.conformance!.reports.map((r) => [r.backend, r.totals.failed]), [['webcrypto', 0], ['noble', 0], ['forge', 0]]);
  assert.deepEqual(run.bench!.operations.map((o) => o.id), ['ES256 verify', 'JWS ES256 verify', 'JWT ES256 verify']);
  assert.match(run.bench!.meta.runtime!.userAgent ?? '', /Chrome\//);
  assert.ok(run.environment.backends.some((b) => b.name === 'node' && b.status === 'unavailable' && b.reason));

  // Import the Node CLI's bench output: both runs side by side.
  const node = await nodeBench;
  assert.equal(node.code, 0, node.stderr);
  const nodeJson: unknown = JSON.parse(node.stdout);
  assert.ok(benchReportSchema.safeParse(nodeJson).success, 'bench --json matches the bench schema');
  const nodePath = join(tmp, 'node-bench.json');
  writeFileSync(nodePath, node.stdout);
  await page.setInputFiles('#import', nodePath);
  await page.waitForSelector('#cmp-bench .card[data-operation="ES256 verify"] canvas');
  assert.match((await page.textContent('#import-status')) ?? '', /imported node-bench\.json: node-bench\.json \(Node v\d+/);
  const runs = await page.$$eval('#runs li', (lis) => lis.map((li) => li.textContent ?? ''));
  assert.equal(runs.length, 2, runs.join(' | '));
  const cmp = await page.$eval('#cmp-bench .card[data-operation="ES256 verify"] canvas', (c) => ({ series: JSON.parse((c as HTMLCanvasElement).dataset.series ?? '[]') as string[], label: c.getAttribute('aria-label') ?? '' }));
  assert.equal(cmp.series.length, 2);
  assert.match(cmp.series[0]!, /this page/);
  assert.match(cmp.series[1]!, /Node v\d+/);
  assert.match(cmp.label, /raw:node [\d,.]+/, 'the Node run brings its raw:node contestant');
  assert.match(cmp.label, /adapter:webcrypto [\d,.]+.*adapter:webcrypto [\d,.]+/s, 'adapter:webcrypto from both runs');

  // Also: a malformed import is refused with the reason, and the page keeps its two runs.
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ meta: { date: 'x' }, operations: [{ id: 'x', results: 'nope' }], ratios: [] }));
  await page.setInputFiles('#import', bad);
  await page.waitForFunction(() => document.getElementById('import-status')?.textContent?.includes('bad.json'));
  assert.match((await page.textContent('#import-status')) ?? '', /bad\.json: not imported — not a bench report: /);
  assert.equal((await page.$$('#runs li')).length, 2);

  await page.screenshot({ path: join(ARTIFACTS, 'explorer.png'), fullPage: true });
  // The overview (apps/explorer/docs/screenshot.png is a copy): top of the page to the end of the benchmark charts,
  // with the suites × backends matrix folded (its <details> is open by default).
  await page.click('#matrix-box > summary');
  await page.evaluate(() => window.scrollTo(0, 0));
  const benchEnd = await page.$eval('#bench', (e) => e.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.min(2400, Math.ceil(benchEnd) + 8) } });
  await page.click('#matrix-box > summary');

  // Dark theme by the toggle (it also follows prefers-color-scheme).
  const bgLight = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click('#theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await page.getAttribute('#theme', 'aria-pressed'), 'true');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), bgLight);

  // 360 px wide: no horizontal scrolling of the page (wide tables scroll inside their own box).
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(300);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide at a 360 px viewport`);
  await page.screenshot({ path: join(ARTIFACTS, 'explorer-360-dark.png'), fullPage: false });

  // Keyboard, on a fresh page that starts nothing: the first Tab reaches the skip link, then the section links, and
  // the benchmark runs from the keyboard alone (native controls in document order).
  const fresh = await context.newPage();
  fresh.on('pageerror', (e) => pageErrors.push(e.message));
  await fresh.goto(`${server.url}?run=none&only=${encodeURIComponent('RSA-OAEP-256 encrypt')}`);
  await fresh.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  await fresh.keyboard.press('Tab');
  assert.equal(await fresh.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await fresh.keyboard.press('Tab');
  assert.equal(await fresh.evaluate(() => document.activeElement?.textContent), 'This browser');
  await fresh.focus('#bench-only');
  await fresh.keyboard.press('Tab');
  assert.equal(await fresh.evaluate(() => document.activeElement?.id), 'run-bench');
  await fresh.keyboard.press('Enter');
  await fresh.waitForSelector('body[data-bench="done"], body[data-bench="failed"]', { timeout: 10 * 60_000 });
  assert.equal(await fresh.getAttribute('body', 'data-bench'), 'done');
  assert.deepEqual(await fresh.$$eval('#ops .card', (cs) => cs.map((c) => c.getAttribute('data-operation'))), ['RSA-OAEP-256 encrypt']);

  assert.deepEqual(pageErrors, [], 'no page errors');
});
