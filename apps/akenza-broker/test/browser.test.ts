/**
 * A browser page publishes as the application account over wss://…/mqtt: headless Debian Chromium driven by
 * playwright-core (flags as apps/runtimes uses), mqtt.js's browser build (mqtt/dist/mqtt.min.js) loaded into the page,
 * the broker's self-signed certificate accepted by the browser (--ignore-certificate-errors). The downlink arrives at
 * a cryptoplug device client connected over ws://.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '@cryptoplug/backends';
import { connectDevice, type Downlink } from '@cryptoplug/akenza';
import { startAkenzaBroker, type AkenzaBroker } from '../src/index.js';
import { KEYS, skipReason, until } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'];
const require = createRequire(import.meta.url);

function missing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found (run scripts/setup-runtimes.sh)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed';
  }
  return undefined;
}

describe('a browser publishes over wss as the application account', { skip: skipReason(missing()), timeout: 120_000 }, () => {
  let broker: AkenzaBroker;
  let certDir: string;
  before(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'akenza-browser-'));
    broker = await startAkenzaBroker({
      backend: await createRegistry().select('auto'),
      port: null,
      wsPort: 0,
      wssPort: 0,
      tls: { selfSigned: { dir: certDir } },
      devices: { device: [`dev-web=${join(KEYS, 'ec_public.pem')}`] },
      apps: [{ username: 'dashboard', password: 'dash-secret' }],
      log: () => undefined,
    });
  });
  after(async () => {
    await broker?.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  test('mqtt.js browser build in headless Chromium → wss://127.0.0.1:PORT/mqtt → downlink at the device (ws://)', async () => {
    const wss = broker.listeners.find((l) => l.protocol === 'wss')!;
    const ws = broker.listeners.find((l) => l.protocol === 'ws')!;
    assert.equal(new URL(wss.url).pathname, '/mqtt');
    const device = await connectDevice({ deviceId: 'dev-web', privateKey: readFileSync(join(KEYS, 'ec_private.pem'), 'utf8'), backend: await createRegistry().select('auto'), url: ws.url });
    const downlinks: Downlink[] = [];
    device.on('downlink', (d) => downlinks.push(d));
    const { chromium } = await import('playwright-core');
    const userDataDir = mkdtempSync(join(tmpdir(), 'akenza-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ignoreHTTPSErrors: true, timeout: 60_000 });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setContent('<!doctype html><title>akenza dashboard</title>');
      await page.addScriptTag({ path: require.resolve('mqtt/dist/mqtt.min') });
      const result = await page.evaluate(async (url: string) => {
        const m = (globalThis as unknown as { mqtt: { connect(url: string, o: object): { on(e: string, f: (x: unknown) => void): void; publish(t: string, p: string, o: object, cb: (e?: Error) => void): void; end(): void } } }).mqtt;
        return await new Promise<string>((resolve) => {
          const c = m.connect(url, { clientId: 'dashboard-1', username: 'dashboard', password: 'dash-secret', protocolVersion: 4, reconnectPeriod: 0 });
          c.on('error', (e) => resolve(`error: ${String((e as Error).message)}`));
          c.on('connect', () =>
            c.publish('/down/device/id/dev-web/cmd', '{"led":"on"}', { qos: 1 }, (err) => {
              c.end();
              resolve(err ? `error: ${err.message}` : `published from ${navigator.userAgent.includes('Chrome') ? 'Chromium' : navigator.userAgent}`);
            }),
          );
        });
      }, wss.url);
      assert.equal(result, 'published from Chromium');
      await until(() => downlinks.length > 0, 'the downlink at the device');
      assert.equal(downlinks[0]!.topic, '/down/device/id/dev-web/cmd');
      assert.equal(Buffer.from(downlinks[0]!.payload).toString('utf8'), '{"led":"on"}');
      assert.equal(broker.stats.authAccepted, 2);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      await device.close();
    }
  });
});
