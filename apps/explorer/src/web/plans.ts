/**
 * Conformance plans in the page.
 *
 * - `quick` (the default, runs on load): every suite this page has data for, each sampled to at most
 *   {@link QUICK_SAMPLE} tests evenly spaced over the file (apps/runtimes' sampled tier) — every algorithm family,
 *   every backend, in seconds.
 * - `full`: every suite in full — the repository's vectors and, when the server serves them, every Wycheproof file.
 *
 * The repository's `vectors/primitives` are part of the built page (`data/vectors.json`); Wycheproof is not (it is not
 * part of the repository): `cryptoplug explorer` serves it under `wycheproof/` when it finds a checkout, and a page
 * served without it says so and runs the vectors only.
 */
import type { SuiteDescriptor } from '@cryptoplug/conformance';
import type { PlannedSuite } from './protocol.js';

export const QUICK_SAMPLE = 16;
export const VECTORS_URL = 'data/vectors.json';

export type PlanName = 'quick' | 'full';

export type WycheproofAvailability = { files: string[] } | { unavailable: string };

/** Asks the server which Wycheproof files it serves (404 on a static host: unavailable). */
export async function probeWycheproof(): Promise<WycheproofAvailability> {
  try {
    const res = await fetch('wycheproof/index.json', { cache: 'no-store' });
    if (!res.ok) return { unavailable: `not served here (HTTP ${res.status} for wycheproof/index.json)` };
    const body = (await res.json()) as { files?: unknown };
    if (!Array.isArray(body.files) || !body.files.every((f) => typeof f === 'string')) return { unavailable: 'wycheproof/index.json is malformed' };
    return { files: body.files as string[] };
  } catch (e) {
    return { unavailable: `not served here (${e instanceof Error ? e.message : String(e)})` };
  }
}

export interface Plan {
  name: PlanName;
  description: string;
  suites: PlannedSuite[];
  /** Wycheproof suites of the catalogue left out because the data is not served. */
  unavailable: string[];
}

/** `catalogue`: the conformance runner's `listSuites()` (asked from the worker, so the page itself stays small). */
export function makePlan(name: PlanName, catalogue: readonly SuiteDescriptor[], wycheproof: WycheproofAvailability): Plan {
  const served = new Set('files' in wycheproof ? wycheproof.files : []);
  const sample = name === 'quick' ? QUICK_SAMPLE : undefined;
  const suites: PlannedSuite[] = [];
  const unavailable: string[] = [];
  for (const s of catalogue) {
    if (s.source === 'vectors') {
      suites.push({ name: s.name, source: 'vectors', url: VECTORS_URL, ...(sample ? { sample } : {}) });
      continue;
    }
    const file = s.file.replace(/^.*\//, '');
    if (served.has(file)) suites.push({ name: s.name, source: 'wycheproof', url: `wycheproof/${file}`, ...(sample ? { sample } : {}) });
    else unavailable.push(s.name);
  }
  const wp = suites.filter((s) => s.source === 'wycheproof').length;
  const what = `${suites.length - wp} vector suites${wp ? ` + ${wp} Wycheproof suites` : ''}`;
  const description =
    name === 'quick'
      ? `Quick: ${what}, each sampled to at most ${QUICK_SAMPLE} tests evenly spaced over the file.`
      : `Full: ${what}, every test.`;
  return { name, description, suites, unavailable };
}
