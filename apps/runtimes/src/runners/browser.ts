/**
 * Chromium runner: the page the host serves at `{base}/` loads this module (bundled with the suite chunk) from the same
 * origin, pulls jobs and posts results back. An error outside a job is posted to `{base}/fatal` so the host stops.
 */
import { pullLoop } from '../suite-entry.js';

const base = (globalThis as unknown as { location: { href: string } }).location.href.replace(/\/[^/]*$/, '');
pullLoop(base).then(
  () => fetch(`${base}/done`, { method: 'POST' }),
  (e: unknown) => fetch(`${base}/fatal`, { method: 'POST', body: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) }),
);
