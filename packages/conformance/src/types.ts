/** The runner's public data types. Runtime-neutral: nothing here touches the file system. */
import type { RuntimeName } from '@cryptoplug/core';

export type SuiteSource = 'wycheproof' | 'vectors';

/** One entry of the suite catalogue ({@link listSuites}). */
export interface SuiteDescriptor {
  /** `wycheproof/<file stem>` or `vectors/primitives/<file stem>`, e.g. `wycheproof/ecdsa_secp256r1_sha256_p1363`. */
  readonly name: string;
  readonly source: SuiteSource;
  /**
   * Where the data lives, relative to the Wycheproof directory (`testvectors_v1/…`) or to the repository's `vectors/`
   * directory (`primitives/…`).
   */
  readonly file: string;
  /** Which contract calls the suite exercises, in one line. */
  readonly description: string;
}

export interface SuiteFailure {
  /** `tcId 42` for Wycheproof, the vector id (plus `/sign`, `/encrypt`… for derived checks) for vectors. */
  id: string;
  /** The test's comment and flags. */
  comment: string;
  expected: string;
  got: string;
}

export interface SuiteResult {
  suite: string;
  source: SuiteSource;
  /** `valid` tests that gave the exact expected output, and `invalid` tests that were rejected. */
  passed: number;
  /** Wrong outputs, accepted invalid inputs, rejected valid inputs, crashes (non-cryptoplug throws), data errors. */
  failed: number;
  /** Tests the backend cannot run (see skipReasons); never counted as passed. */
  skipped: number;
  /**
   * Wycheproof `acceptable` tests, recorded either way and never failures: `passed` = the backend accepted the input
   * (with the exact expected output), `failed` = it rejected it. A crash or a wrong output is a real failure instead.
   */
  acceptable: { passed: number; failed: number };
  /** Why tests were skipped: reason → count. The counts add up to `skipped`. */
  skipReasons: Record<string, number>;
  failures: SuiteFailure[];
  /**
   * Set when the suite's third-party data is not installed here (Wycheproof not found): the suite did not run, counts
   * are 0, and this says how to get the data. Never set when the data is required (it is then a failed suite).
   */
  unavailable?: string;
}

export interface ConformanceReport {
  backend: string;
  /** e.g. `node 20.20.0`. */
  runtime: string;
  suites: SuiteResult[];
  totals: { passed: number; failed: number; skipped: number };
  /** The sample size when the run was sampled (RunOptions.sample); absent for a full run. */
  sample?: number;
  /** The distinct reasons of suites that did not run because their data is not installed (one line each). */
  unavailable?: string[];
}

/**
 * Suite data, already parsed — what {@link runConformance} needs. The Node loader (`@cryptoplug/conformance/node`) builds
 * it from disk; other runtimes can build it from fetched or bundled JSON.
 */
export interface LoadedSuites {
  /** Parsed JSON by suite name: a Wycheproof file, or one of `vectors/primitives/*.json`. */
  suites: Record<string, unknown>;
  /**
   * `vectors/primitives/keys.json` (parsed) and the bytes of every file it names, keyed by the path keys.json uses
   * (`keys/ec-p256.spki.der`). Every `vectors/primitives/*` suite needs it.
   */
  primitiveKeys?: { json: unknown; files: Record<string, Uint8Array> };
  /** Selected suites whose data could not be loaded, with the reason. Each is reported as a failed suite. */
  missing?: Record<string, string>;
  /**
   * Selected suites whose third-party data is not installed here (not required by the caller), with the one line
   * saying how to get it. Each is reported as an unavailable suite (skipped), not a failure.
   */
  unavailable?: Record<string, string>;
}

export interface RunOptions {
  /** Which suites: a glob over suite names where `*` matches anything (`wycheproof/ecdsa_*`); several may be given,
   * separated by commas. Default: every suite. */
  suites?: string;
  /**
   * How many tests of a Wycheproof group may be in flight at once (default 4). Async backends (WebCrypto, node:crypto)
   * then use the runtime's thread pool; results do not depend on it (they are recorded in test order). 1 = sequential.
   */
  concurrency?: number;
  /**
   * Run a representative sample: at most this many tests per suite, evenly spread over the file (see sample.ts; the
   * `keys` suite is never sampled). Default: every test. `cryptoplug status` and `conformance --quick` use 32.
   */
  sample?: number;
  /** Called after each suite: (suites done, suites selected, name of the suite just finished). */
  onProgress?: (done: number, total: number, suite: string) => void;
}

export type { RuntimeName };
