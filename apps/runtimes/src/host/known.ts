/**
 * Known failures: real bugs found by this matrix in a runtime or a backend, reported to their owners and not fixed yet.
 * They stay FAILURES — `npm run test:runtimes` exits non-zero while any failure exists, and the report marks each one
 * with its entry here. The test (test/runtimes.test.ts) instead requires the failures to be exactly these (every
 * failing cell covered by an entry, every entry still failing), so a new failure fails the test, and so does a fix
 * (delete the entry then).
 *
 * A cell is (runtime, backend, suite); `suite: 'cross'` covers cross-backend matrix checks where `backend` signs,
 * verifies, encrypts or decrypts.
 */
import type { RuntimeId } from './drivers.js';
import type { MatrixReport } from './matrix.js';

export interface KnownFailure {
  runtime: RuntimeId;
  backend: string;
  /** Suite names (glob `*`), or `cross`. */
  suites: readonly string[];
  /** What goes wrong, and where the fix belongs. */
  why: string;
}

// Fixed: Chromium's missing 192-bit AES (webcrypto probes AES key sizes), Deno's missing ECDSA curve × hash pairs
// (webcrypto and node probe the pairs and exclude them, auto falls back), workerd's partial node:crypto (node
// self-tests at load and reports itself unavailable).
export const KNOWN_FAILURES: readonly KnownFailure[] = [];

function globMatch(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** The known failure covering this cell, if any. */
export function knownFailure(runtime: RuntimeId, backend: string, suite: string, known: readonly KnownFailure[] = KNOWN_FAILURES): KnownFailure | undefined {
  return known.find((k) => k.runtime === runtime && k.backend === backend && k.suites.some((g) => globMatch(g, suite)));
}

export interface FailingCell {
  runtime: RuntimeId;
  /** `*` when a whole job or the runtime failed (never known). */
  backend: string;
  suite: string;
  failed: number;
  known?: KnownFailure;
}

/**
 * Every failing cell of a report, each with the known failure covering it (if any), and the known failures of the
 * runtimes that ran which no longer fail (`fixed`: delete them from {@link KNOWN_FAILURES}).
 */
export function classifyFailures(report: MatrixReport, known: readonly KnownFailure[] = KNOWN_FAILURES): { cells: FailingCell[]; fixed: KnownFailure[] } {
  const cells: FailingCell[] = [];
  const used = new Set<KnownFailure>();
  for (const r of report.runtimes) {
    if (r.status !== 'ran') continue;
    for (const p of r.problems) cells.push({ runtime: r.id, backend: '*', suite: `problem: ${p}`, failed: 1 });
    for (const run of r.runs) {
      for (const s of run.suites) {
        if (!s.failed) continue;
        const k = knownFailure(r.id, run.backend, s.suite, known);
        if (k) used.add(k);
        cells.push({ runtime: r.id, backend: run.backend, suite: s.suite, failed: s.failed, ...(k ? { known: k } : {}) });
      }
    }
    if (r.cross?.error) cells.push({ runtime: r.id, backend: '*', suite: 'cross', failed: 1 });
    for (const c of r.cross?.cells ?? []) {
      if (!c.failed) continue;
      const k = knownFailure(r.id, c.from, 'cross', known) ?? knownFailure(r.id, c.to, 'cross', known);
      if (k) used.add(k);
      cells.push({ runtime: r.id, backend: `${c.from}→${c.to}`, suite: `cross ${c.operation}`, failed: c.failed, ...(k ? { known: k } : {}) });
    }
  }
  // Stale: the runtime ran and the backend either ran without this failure or no longer loads there (a backend that
  // loads but was filtered out by --backends says nothing).
  const stale = (k: KnownFailure): boolean => {
    const r = report.runtimes.find((x) => x.id === k.runtime && x.status === 'ran' && x.backends.length > 0);
    if (!r || used.has(k)) return false;
    const status = r.backends.find((b) => b.name === k.backend)?.status;
    return status === 'unavailable' || r.runs.some((x) => x.backend === k.backend);
  };
  const fixed = known.filter(stale);
  return { cells, fixed };
}
