/**
 * What the explorer exports and imports, as zod schemas (zod/mini: the same validation, a smaller page bundle).
 *
 * - {@link benchReportSchema}: `apps/bench`'s `bench.json` / `cryptoplug bench --json` (`BenchReport` of
 *   apps/bench/src/report.ts). A browser run fills `meta.node` with `"none (browser)"` and adds `meta.runtime`.
 * - {@link conformanceReportSchema}: one element of `cryptoplug conformance --json` (`ConformanceReport` of
 *   packages/conformance/src/types.ts; the CLI prints one object for one backend, an array for several).
 * - {@link explorerRunSchema}: what the page's "Export" writes — one run in one browser: environment (backends,
 *   `auto`'s picks), the conformance reports in the schema above and the benchmark report in the schema above.
 *
 * Unknown fields are allowed (and dropped when parsing), so an older explorer still reads a newer file; only a missing or
 * mistyped known field is rejected. `checkImport` accepts all three shapes.
 */
import * as z from 'zod/mini';

const count = z.int().check(z.minimum(0));
const nonNegative = z.number().check(z.minimum(0));

export const contestantResultSchema = z.object({
  name: z.string(),
  kind: z.string(),
  baseline: z.optional(z.string()),
  ok: z.boolean(),
  error: z.optional(z.string()),
  opsPerSec: nonNegative,
  spread: nonNegative,
  rounds: z.array(nonNegative),
  throughput: z.optional(nonNegative),
});

export const operationResultSchema = z.object({
  id: z.string(),
  group: z.string(),
  results: z.array(contestantResultSchema),
});

export const ratioSchema = z.object({
  operation: z.string(),
  contestant: z.string(),
  baseline: z.string(),
  ratio: nonNegative,
  target: z.optional(z.number()),
  met: z.optional(z.boolean()),
  mode: z.enum(['sequential', 'throughput']),
});

export const benchReportSchema = z.object({
  meta: z.object({
    date: z.string(),
    node: z.string(),
    platform: z.string(),
    cpus: count,
    cpuModel: z.string(),
    options: z.object({ slotMs: nonNegative, rounds: count, inflight: count, quick: z.boolean() }),
    /** Browser runs only: where it ran. */
    runtime: z.optional(z.object({ name: z.string(), version: z.string(), userAgent: z.optional(z.string()) })),
  }),
  operations: z.array(operationResultSchema),
  ratios: z.array(ratioSchema),
});

const totalsSchema = z.object({ passed: count, failed: count, skipped: count });

export const suiteResultSchema = z.object({
  suite: z.string(),
  source: z.enum(['wycheproof', 'vectors']),
  passed: count,
  failed: count,
  skipped: count,
  acceptable: z.object({ passed: count, failed: count }),
  skipReasons: z.record(z.string(), count),
  failures: z.array(z.object({ id: z.string(), comment: z.string(), expected: z.string(), got: z.string() })),
});

export const conformanceReportSchema = z.object({
  backend: z.string(),
  runtime: z.string(),
  suites: z.array(suiteResultSchema),
  totals: totalsSchema,
});

export const backendStatusSchema = z.object({
  name: z.string(),
  status: z.enum(['available', 'unavailable']),
  reason: z.optional(z.string()),
});

export const autoRowSchema = z.object({ operation: z.string(), backend: z.nullable(z.string()), reason: z.string() });

export const environmentSchema = z.object({
  /** `detectRuntime()` + `runtimeVersion()` where it ran, e.g. `browser Mozilla/5.0 …`. */
  runtime: z.string(),
  userAgent: z.nullable(z.string()),
  backends: z.array(backendStatusSchema),
  /** The order `auto` tries backends in. */
  order: z.array(z.string()),
  auto: z.array(autoRowSchema),
});

export const EXPLORER_RUN_FORMAT = 'cryptoplug-explorer-run';

export const explorerRunSchema = z.object({
  format: z.literal(EXPLORER_RUN_FORMAT),
  version: z.literal(1),
  label: z.string(),
  createdAt: z.string(),
  environment: environmentSchema,
  conformance: z.optional(
    z.object({
      plan: z.object({ name: z.string(), description: z.string() }),
      reports: z.array(conformanceReportSchema),
    }),
  ),
  bench: z.optional(benchReportSchema),
});

export type ContestantResult = z.infer<typeof contestantResultSchema>;
export type OperationResult = z.infer<typeof operationResultSchema>;
export type Ratio = z.infer<typeof ratioSchema>;
export type BenchReport = z.infer<typeof benchReportSchema>;
export type SuiteResult = z.infer<typeof suiteResultSchema>;
export type ConformanceReport = z.infer<typeof conformanceReportSchema>;
export type BackendStatus = z.infer<typeof backendStatusSchema>;
export type AutoRow = z.infer<typeof autoRowSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type ExplorerRun = z.infer<typeof explorerRunSchema>;

/** One imported file, whatever its shape: what the comparison view shows. */
export interface ImportedRun {
  /** `explorer` (an exported run), `bench` (`bench.json` / `bench --json`), `conformance` (`conformance --json`). */
  kind: 'explorer' | 'bench' | 'conformance';
  label: string;
  environment?: Environment;
  bench?: BenchReport;
  conformance?: ConformanceReport[];
}

function describe(error: z.core.$ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const path = first.path.length ? first.path.map(String).join('.') : '(top level)';
  return `${path}: ${first.message}`;
}

/** The outcome of {@link checkImport}: the run, or why the value is not one. */
export type ImportCheck = { ok: true; run: ImportedRun } | { ok: false; message: string };

/**
 * Validates one imported JSON value (already parsed). Accepts an explorer export, a bench report, one conformance
 * report or an array of them; otherwise says why, naming the first offending field of the shape it looks closest to.
 * Never throws (the page uses it directly; `parseImport` in import.ts turns a failure into ERR_EXPLORER_IMPORT_INVALID).
 */
export function checkImport(value: unknown, fallbackLabel = 'imported run'): ImportCheck {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (Array.isArray(value) || ('backend' in o && 'suites' in o)) {
    const r = z.array(conformanceReportSchema).safeParse(Array.isArray(value) ? value : [value]);
    if (!r.success) return { ok: false, message: `not a conformance report: ${describe(r.error)}` };
    if (r.data.length === 0) return { ok: false, message: 'an empty list of conformance reports' };
    return { ok: true, run: { kind: 'conformance', label: `${fallbackLabel} (conformance, ${r.data[0]!.runtime.slice(0, 40)})`, conformance: r.data } };
  }
  if ('format' in o) {
    const r = explorerRunSchema.safeParse(value);
    if (!r.success) return { ok: false, message: `not an explorer run: ${describe(r.error)}` };
    const run = r.data;
    return {
      ok: true,
      run: {
        kind: 'explorer',
        label: run.label,
        environment: run.environment,
        ...(run.bench ? { bench: run.bench } : {}),
        ...(run.conformance ? { conformance: run.conformance.reports } : {}),
      },
    };
  }
  if ('meta' in o && 'operations' in o) {
    const r = benchReportSchema.safeParse(value);
    if (!r.success) return { ok: false, message: `not a bench report: ${describe(r.error)}` };
    const m = r.data.meta;
    const where = m.runtime ? m.runtime.name : `Node ${m.node}`;
    return { ok: true, run: { kind: 'bench', label: `${fallbackLabel} (${where}, ${m.date.slice(0, 16).replace('T', ' ')})`, bench: r.data } };
  }
  return { ok: false, message: 'not an explorer run, a bench report (bench --json) or a conformance report (conformance --json)' };
}

/** JSON text → {@link checkImport}; a syntax error is a failed check too. */
export function checkImportText(text: string, fallbackLabel?: string): ImportCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return checkImport(value, fallbackLabel);
}
