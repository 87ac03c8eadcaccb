/**
 * The explorer page. All crypto runs in Web Workers (worker.ts) so the page stays responsive; this module only renders.
 *
 * URL parameters (optional): `run=all|conformance|none` — what starts on load (default `all`: the quick conformance,
 * then the quick benchmark); `plan=quick|full`; `only=…` (benchmark filter, as `cryptoplug bench --only`);
 * `mode=quick|standard` (benchmark length).
 */
import type { SuiteDescriptor } from '@cryptoplug/conformance';
import {
  EXPLORER_RUN_FORMAT,
  explorerRunSchema,
  checkImportText,
  type BenchReport,
  type ConformanceReport,
  type Environment,
  type ExplorerRun,
  type ImportedRun,
  type OperationResult,
} from '../schema.js';
import { compareChart, destroyCharts, operationChart, ratioChart, retheme } from './charts.js';
import { makePlan, probeWycheproof, type Plan, type PlanName, type WycheproofAvailability } from './plans.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
};

/** Browser name and major version from a user agent ("Chromium 156", "Firefox 135", "Safari 18"). */
export function uaLabel(ua: string | null | undefined): string {
  if (!ua) return 'unknown browser';
  const m =
    /(Edg|OPR|Firefox|HeadlessChrome|Chromium|Chrome)\/(\d+)/.exec(ua) ??
    (/Version\/(\d+).*Safari/.test(ua) ? ['', 'Safari', /Version\/(\d+)/.exec(ua)![1]!] : null);
  if (!m) return ua.slice(0, 40);
  const name = { Edg: 'Edge', OPR: 'Opera', HeadlessChrome: 'Headless Chrome' }[m[1]!] ?? m[1]!;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return `${name} ${m[2]}${os ? ` on ${os}` : ''}`;
}

/** A conformance report's `runtime` ("browser <user agent>", "node 20.20.0") for a table cell. */
const runtimeLabel = (runtime: string) => (runtime.startsWith('browser ') ? uaLabel(runtime.slice('browser '.length)) : runtime);

interface State {
  env?: Environment;
  catalogue: SuiteDescriptor[];
  wycheproof: WycheproofAvailability;
  plan?: Plan;
  conformance: Map<string, ConformanceReport>;
  conformanceRunning: boolean;
  bench?: BenchReport;
  benchOps: OperationResult[];
  benchRunning: boolean;
  imported: ImportedRun[];
}

const state: State = {
  catalogue: [],
  wycheproof: { unavailable: 'not checked yet' },
  conformance: new Map(),
  conformanceRunning: false,
  benchOps: [],
  benchRunning: false,
  imported: [],
};

const params = new URLSearchParams(location.search);

/** Runs one job in a fresh module worker; `onMessage` sees every message; resolves with the final one. */
function runWorker(job: WorkerRequest, onMessage: (m: WorkerMessage) => void, final: (m: WorkerMessage) => boolean): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: job.type });
    w.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      onMessage(m);
      if (m.type === 'error') {
        w.terminate();
        reject(new Error(m.error));
      } else if (final(m)) {
        w.terminate();
        resolve(m);
      }
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message || 'the worker failed to start'));
    };
    w.postMessage(job);
  });
}

// ---------------------------------------------------------------- theme

function setupTheme(): void {
  const btn = $<HTMLButtonElement>('theme');
  const stored = localStorage.getItem('cryptoplug-explorer-theme');
  const isDark = () => {
    const t = document.documentElement.dataset.theme;
    return t ? t === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  };
  if (stored === 'dark' || stored === 'light') document.documentElement.dataset.theme = stored;
  const sync = () => {
    const dark = isDark();
    btn.setAttribute('aria-pressed', String(dark));
    btn.textContent = dark ? 'Light theme' : 'Dark theme';
  };
  sync();
  btn.addEventListener('click', () => {
    const next = isDark() ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('cryptoplug-explorer-theme', next);
    sync();
    retheme();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    sync();
    retheme();
  });
}

// ---------------------------------------------------------------- environment

function renderEnv(env: Environment): void {
  $('ua').textContent = `${uaLabel(env.userAgent)} — ${env.userAgent ?? 'no user agent'}`;
  const tb = $('backends').querySelector('tbody')!;
  tb.replaceChildren(
    ...env.backends.map((b) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, b.name),
        el('td', {}, b.status === 'available' ? el('span', { class: 'ok' }, '✓ loads') : el('span', {}, el('span', { class: 'bad' }, '✗ unavailable'), `: ${b.reason ?? ''}`)),
      ),
    ),
  );
  $('order').textContent = `Preference order here: ${env.order.join(' > ')} (auto takes the first that can do the operation).`;
  $('auto').replaceChildren(...env.auto.map((a) => el('li', { title: a.reason }, `${a.operation} → `, el('strong', {}, a.backend ?? 'none'))));
}

// ---------------------------------------------------------------- conformance

function selectedPlan(): PlanName {
  return (document.querySelector<HTMLInputElement>('input[name="plan"]:checked')?.value as PlanName) ?? 'quick';
}

function describePlan(): void {
  const plan = makePlan(selectedPlan(), state.catalogue, state.wycheproof);
  $('plan-desc').textContent = plan.description;
  const note = $('wycheproof');
  if ('unavailable' in state.wycheproof) {
    note.hidden = false;
    note.replaceChildren(
      el('strong', {}, 'Wycheproof: unavailable. '),
      `The Wycheproof test vectors are ${state.wycheproof.unavailable}, so the plans run the repository's vectors only (${plan.unavailable.length} Wycheproof suites left out). `,
      'To include them, serve the page with ',
      el('code', {}, 'CRYPTOPLUG_WYCHEPROOF_DIR=/path/to/wycheproof npx cryptoplug explorer'),
      ' (a checkout of the Wycheproof repository, holding testvectors_v1/; ../shared/wycheproof beside the repository is found without the variable).',
    );
  } else {
    note.hidden = true;
  }
}

function progressRow(host: HTMLElement, id: string, label: string): { bar: HTMLProgressElement; what: HTMLElement } {
  const bar = el('progress', { id: `${id}-bar`, max: '1', value: '0', 'aria-labelledby': `${id}-label` }) as HTMLProgressElement;
  const what = el('span', { class: 'what', id: `${id}-what` }, 'waiting…');
  host.append(el('div', { class: 'progress-row', id }, el('span', { id: `${id}-label` }, label), bar, what));
  return { bar, what };
}

const counts = (x: { passed: number; failed: number; skipped: number }) => `${x.passed} / ${x.failed} / ${x.skipped}`;

function renderMatrix(): void {
  const reports = [...state.conformance.values()];
  const table = $<HTMLTableElement>('matrix');
  const box = $('matrix-box');
  if (!reports.length) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.querySelector('summary')!.textContent = `Suites × backends matrix (${reports[0]!.suites.length} suites; passed / failed / skipped)`;
  const suites = reports[0]!.suites.map((s) => s.suite);
  table.tHead!.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'suite'), ...reports.map((r) => el('th', { scope: 'col' }, r.backend))));
  const rows = suites.map((name) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, name),
      ...reports.map((r) => {
        const s = r.suites.find((x) => x.suite === name);
        if (!s) return el('td', {}, '–');
        return el('td', { class: `num ${s.failed ? 'bad' : ''}` }, counts(s));
      }),
    ),
  );
  rows.push(el('tr', {}, el('th', { scope: 'row' }, 'total'), ...reports.map((r) => el('td', { class: `num ${r.totals.failed ? 'bad' : 'ok'}` }, counts(r.totals)))));
  table.tBodies[0]!.replaceChildren(...rows);

  const failures = $('failures');
  const items: HTMLElement[] = [];
  for (const r of reports) {
    for (const s of r.suites.filter((x) => x.failed)) {
      for (const f of s.failures) {
        items.push(
          el('li', { class: 'failure' }, el('strong', {}, `${r.backend} · ${s.suite} · ${f.id}`), ` ${f.comment} — expected ${f.expected}, got `, el('code', {}, f.got)),
        );
      }
    }
  }
  failures.replaceChildren(...(items.length ? [el('h3', {}, 'Failures'), el('ul', { id: 'failure-list' }, ...items)] : []));

  const skips = $<HTMLDetailsElement>('skips');
  const skipRows: HTMLElement[] = [];
  for (const r of reports) {
    for (const s of r.suites) {
      for (const [why, n] of Object.entries(s.skipReasons)) skipRows.push(el('tr', {}, el('td', {}, r.backend), el('td', {}, s.suite), el('td', { class: 'num' }, String(n)), el('td', {}, why)));
    }
  }
  skips.hidden = skipRows.length === 0;
  skips.querySelector('div')!.replaceChildren(
    el(
      'div',
      { class: 'scroll' },
      el('table', {}, el('thead', {}, el('tr', {}, ...['backend', 'suite', 'tests', 'why'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...skipRows)),
    ),
  );
}

async function runConformancePlan(): Promise<void> {
  if (state.conformanceRunning || !state.env) return;
  const backends = state.env.backends.filter((b) => b.status === 'available').map((b) => b.name);
  const plan = makePlan(selectedPlan(), state.catalogue, state.wycheproof);
  state.plan = plan;
  state.conformance.clear();
  state.conformanceRunning = true;
  const button = $<HTMLButtonElement>('run-conf');
  button.disabled = true;
  document.body.dataset.conformance = 'running';
  const host = $('conf-progress');
  host.replaceChildren();
  $('conf-summary').textContent = `Running the ${plan.name} plan on ${backends.join(', ')}…`;
  renderMatrix();
  const t0 = performance.now();
  const results = await Promise.allSettled(
    backends.map((name) => {
      const { bar, what } = progressRow(host, `conf-${name}`, name);
      bar.max = plan.suites.length;
      return runWorker(
        { type: 'conformance', backend: name, suites: plan.suites },
        (m) => {
          if (m.type === 'suite') {
            bar.value = m.done;
            what.textContent = `${m.done}/${m.total} suites — ${m.suite}: ${counts(m)}`;
          } else if (m.type === 'conformance') {
            state.conformance.set(name, m.report);
            what.textContent = `done in ${(m.ms / 1000).toFixed(1)} s: ${counts(m.report.totals)} (passed / failed / skipped)`;
            renderMatrix();
          } else if (m.type === 'error') {
            what.textContent = `error: ${m.error}`;
          }
        },
        (m) => m.type === 'conformance',
      );
    }),
  );
  state.conformanceRunning = false;
  button.disabled = false;
  const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
  const reports = [...state.conformance.values()];
  const failed = reports.reduce((s, r) => s + r.totals.failed, 0) + errors.length;
  const passed = reports.reduce((s, r) => s + r.totals.passed, 0);
  $('conf-summary').textContent =
    `${plan.name} plan: ${failed === 0 ? '0 failures' : `${failed} failure(s)`} — ${passed} tests passed on ${reports.length} backend(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
    (errors.length ? `; errors: ${errors.join('; ')}` : '');
  $('conf-summary').className = `summary ${failed ? 'bad' : 'ok'}`;
  document.body.dataset.conformance = failed ? 'failed' : 'passed';
  renderCompare();
}

// ---------------------------------------------------------------- benchmark

function renderBenchResults(): void {
  const opsHost = $('ops');
  destroyCharts(opsHost);
  opsHost.replaceChildren();
  const rounds = state.bench?.meta.options.rounds ?? Number($<HTMLSelectElement>('bench-mode').value === 'quick' ? 3 : 5);
  for (const op of state.benchOps) {
    const card = el('div', { class: 'card', 'data-operation': op.id }, el('h3', {}, op.id));
    opsHost.append(card);
    operationChart(card, op, rounds);
    const notRun = op.results.filter((r) => !r.ok);
    if (notRun.length) card.append(el('p', { class: 'muted' }, `not timed: ${notRun.map((r) => `${r.name} (${r.error ?? 'check failed'})`).join('; ')}`));
  }
  const ratiosHost = $('ratios');
  destroyCharts(ratiosHost);
  ratiosHost.replaceChildren();
  if (state.bench && state.bench.ratios.some((r) => r.mode === 'sequential')) {
    ratiosHost.append(el('h3', {}, 'Ratios: each backend against the library it wraps, cryptoplug JOSE against panva jose'));
    const card = el('div', { class: 'card', id: 'ratio-card' });
    ratiosHost.append(card);
    ratioChart(card, state.bench.ratios);
  }
}

async function runBenchmark(): Promise<void> {
  if (state.benchRunning) return;
  state.benchRunning = true;
  state.bench = undefined;
  state.benchOps = [];
  renderBenchResults();
  const button = $<HTMLButtonElement>('run-bench');
  button.disabled = true;
  document.body.dataset.bench = 'running';
  const host = $('bench-progress');
  host.replaceChildren();
  const { bar, what } = progressRow(host, 'bench-run', 'benchmark');
  const only = $<HTMLInputElement>('bench-only').value.trim();
  const mode = $<HTMLSelectElement>('bench-mode').value === 'standard' ? 'standard' : 'quick';
  try {
    await runWorker(
      { type: 'bench', mode, ...(only ? { only } : {}) },
      (m) => {
        if (m.type === 'bench-plan') {
          bar.max = Math.max(1, m.slots);
          what.textContent = m.operations.length ? `${m.operations.length} operations: ${m.operations.join(', ')}` : 'no operation matches the filter';
        } else if (m.type === 'bench-slot') {
          bar.value = m.done;
          what.textContent = `${m.done}/${m.total} slots — ${m.operation}`;
        } else if (m.type === 'bench-operation') {
          state.benchOps.push(m.result);
          renderBenchResults();
        } else if (m.type === 'bench') {
          state.bench = m.report;
          state.benchOps = m.report.operations;
          what.textContent = `done: ${m.report.operations.length} operations`;
          renderBenchResults();
        }
      },
      (m) => m.type === 'bench',
    );
    document.body.dataset.bench = 'done';
  } catch (e) {
    what.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
    document.body.dataset.bench = 'failed';
  } finally {
    state.benchRunning = false;
    button.disabled = false;
    renderCompare();
  }
}

// ---------------------------------------------------------------- export / import / compare

function currentRun(): ExplorerRun | undefined {
  if (!state.env) return undefined;
  const label = `${uaLabel(state.env.userAgent)} (this page, ${new Date().toISOString().slice(0, 16).replace('T', ' ')})`;
  const reports = [...state.conformance.values()];
  return {
    format: EXPLORER_RUN_FORMAT,
    version: 1,
    label,
    createdAt: new Date().toISOString(),
    environment: state.env,
    ...(reports.length && state.plan ? { conformance: { plan: { name: state.plan.name, description: state.plan.description }, reports } } : {}),
    ...(state.bench ? { bench: state.bench } : {}),
  };
}

function exportRun(): void {
  const run = currentRun();
  if (!run) return;
  // Validate what we write against the same schema the import uses: an export that cannot be re-imported is a bug.
  const checked = explorerRunSchema.safeParse(run);
  if (!checked.success) {
    $('import-status').textContent = `export failed validation: ${checked.error.issues[0]?.message ?? ''}`;
    return;
  }
  const blob = new Blob([JSON.stringify(run, null, 2) + '\n'], { type: 'application/json' });
  const a = el('a', { href: URL.createObjectURL(blob), download: `cryptoplug-explorer-${run.createdAt.slice(0, 19).replace(/[:T]/g, '-')}.json` });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

async function importFiles(files: FileList | null): Promise<void> {
  if (!files?.length) return;
  const status = $('import-status');
  const lines: string[] = [];
  for (const f of Array.from(files)) {
    const r = checkImportText(await f.text(), f.name);
    if (r.ok) {
      state.imported.push(r.run);
      lines.push(`imported ${f.name}: ${r.run.label}`);
    } else {
      lines.push(`${f.name}: not imported — ${r.message}`);
    }
  }
  status.textContent = lines.join(' · ');
  $<HTMLInputElement>('import').value = '';
  renderCompare();
}

interface ComparedRun {
  label: string;
  bench?: BenchReport;
  conformance?: ConformanceReport[];
  removable?: number;
}

function comparedRuns(): ComparedRun[] {
  const runs: ComparedRun[] = [];
  const reports = [...state.conformance.values()];
  if (state.bench || reports.length) {
    runs.push({ label: `${uaLabel(state.env?.userAgent)} (this page)`, ...(state.bench ? { bench: state.bench } : {}), ...(reports.length ? { conformance: reports } : {}) });
  }
  state.imported.forEach((r, i) => runs.push({ label: r.label, ...(r.bench ? { bench: r.bench } : {}), ...(r.conformance ? { conformance: r.conformance } : {}), removable: i }));
  return runs;
}

function renderCompare(): void {
  const runs = comparedRuns();
  $('runs').replaceChildren(
    ...runs.map((r) => {
      const what = [r.bench ? `benchmark (${r.bench.operations.length} operations)` : '', r.conformance ? `conformance (${r.conformance.map((c) => c.backend).join(', ')})` : ''].filter(Boolean).join(' + ');
      const li = el('li', {}, el('strong', {}, r.label), `: ${what}`);
      if (r.removable !== undefined) {
        const idx = r.removable;
        const b = el('button', { type: 'button', 'aria-label': `Remove ${r.label}` }, 'remove');
        b.addEventListener('click', () => {
          state.imported.splice(idx, 1);
          renderCompare();
        });
        li.append(b);
      }
      return li;
    }),
  );

  const confRuns = runs.filter((r) => r.conformance?.length);
  const table = $<HTMLTableElement>('cmp-conf');
  table.hidden = confRuns.length === 0;
  if (confRuns.length) {
    const backends = [...new Set(confRuns.flatMap((r) => r.conformance!.map((c) => c.backend)))];
    table.tHead!.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'run'), el('th', { scope: 'col' }, 'runtime'), ...backends.map((b) => el('th', { scope: 'col' }, b))));
    table.tBodies[0]!.replaceChildren(
      ...confRuns.map((r) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, r.label),
          el('td', {}, runtimeLabel(r.conformance![0]!.runtime)),
          ...backends.map((b) => {
            const c = r.conformance!.find((x) => x.backend === b);
            return el('td', { class: `num ${c?.totals.failed ? 'bad' : ''}` }, c ? counts(c.totals) : '–');
          }),
        ),
      ),
    );
  }

  const host = $('cmp-bench');
  destroyCharts(host);
  host.replaceChildren();
  const benchRuns = runs.filter((r) => r.bench);
  if (benchRuns.length < 2) {
    if (benchRuns.length === 1) host.append(el('p', { class: 'muted' }, 'Import another run (or run the benchmark here) to compare benchmarks side by side.'));
    return;
  }
  const ids: string[] = [];
  for (const r of benchRuns) for (const op of r.bench!.operations) if (!ids.includes(op.id)) ids.push(op.id);
  const shared = ids.filter((id) => benchRuns.filter((r) => r.bench!.operations.some((o) => o.id === id)).length >= 2);
  for (const id of shared) {
    const card = el('div', { class: 'card', 'data-operation': id }, el('h3', {}, id));
    host.append(card);
    compareChart(card, id, benchRuns.map((r) => ({ label: r.label, op: r.bench!.operations.find((o) => o.id === id) })));
  }
  const alone = ids.filter((id) => !shared.includes(id));
  if (alone.length) host.append(el('p', { class: 'muted' }, `In one run only (not compared): ${alone.join(', ')}.`));
}

// ---------------------------------------------------------------- start

async function start(): Promise<void> {
  setupTheme();
  const planParam = params.get('plan');
  if (planParam === 'full' || planParam === 'quick') document.querySelector<HTMLInputElement>(`input[name="plan"][value="${planParam}"]`)!.checked = true;
  if (params.get('only')) $<HTMLInputElement>('bench-only').value = params.get('only')!;
  if (params.get('mode') === 'standard') $<HTMLSelectElement>('bench-mode').value = 'standard';
  $('run-conf').addEventListener('click', () => void runConformancePlan());
  $('run-bench').addEventListener('click', () => void runBenchmark());
  $('export').addEventListener('click', exportRun);
  $<HTMLInputElement>('import').addEventListener('change', (e) => void importFiles((e.target as HTMLInputElement).files));
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="plan"]')) r.addEventListener('change', describePlan);

  const [wycheproof, info] = await Promise.all([probeWycheproof(), runWorker({ type: 'info' }, () => {}, (m) => m.type === 'info')]);
  state.wycheproof = wycheproof;
  if (info.type === 'info') {
    state.env = info.environment;
    state.catalogue = info.catalogue;
    renderEnv(info.environment);
  }
  $('data-note').textContent =
    'files' in wycheproof
      ? `data: the repository's vectors (bundled) and ${wycheproof.files.length} Wycheproof files (served by cryptoplug explorer)`
      : "data: the repository's vectors (bundled); Wycheproof not served here";
  describePlan();
  document.body.dataset.ready = 'true';
  const run = params.get('run') ?? 'all';
  if (run === 'all' || run === 'conformance') await runConformancePlan();
  if (run === 'all') await runBenchmark();
}

start().catch((e: unknown) => {
  $('conf-summary').textContent = `The page could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = 'error';
});
