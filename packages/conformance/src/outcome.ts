/**
 * The pass/fail/skip semantics, in one place. Every suite reduces a test to one or more *checks*; each check yields an
 * {@link Outcome}; {@link SuiteRecorder.record} turns the outcomes and the test's expected result into a tally.
 *
 * Outcome of one check:
 * - `accepted`    the operation succeeded and gave exactly the expected output (verify → true, MAC/tag equal…);
 * - `mismatch`    the operation succeeded but gave different output;
 * - `rejected`    verify → false, a MAC/tag differs, or a `CryptoplugError` other than ERR_UNSUPPORTED was thrown
 *                 (a key import error is a rejection too);
 * - `unsupported` a `CryptoplugError` with code ERR_UNSUPPORTED was thrown;
 * - `crash`       anything else was thrown (TypeError, DOMException, a string…). Always a failure.
 *
 * Decision, by the test's expected result:
 *
 * | outcome      | valid             | invalid                       | acceptable                 |
 * | ------------ | ----------------- | ----------------------------- | -------------------------- |
 * | accepted     | passed            | FAILED (accepted bad input)   | acceptable.passed          |
 * | mismatch     | FAILED            | FAILED (accepted bad input)   | FAILED (wrong output)      |
 * | rejected     | FAILED            | passed                        | acceptable.failed          |
 * | unsupported  | skipped (reason)  | passed (correct rejection)    | acceptable.failed          |
 * | crash        | FAILED            | FAILED                        | FAILED                     |
 *
 * ERR_UNSUPPORTED: tests only run when `backend.supports(query)` is true for the group's parameters (curve, hash,
 * algorithm); otherwise the whole group is skipped with a reason before anything runs. So an ERR_UNSUPPORTED that still
 * comes back concerns something the capability query cannot express: on a `valid` test that is an honest "cannot do
 * this size/variant" (skipped, with the error message as reason); on an `invalid` test the input was refused, which is
 * the required outcome (e.g. an ECDH peer key on an unsupported curve, a key with explicit curve parameters).
 *
 * A test made of several checks (AES-GCM encrypt and decrypt…): for valid/acceptable tests the first check that is not
 * `accepted` decides; for invalid tests the first check that is not a rejection decides.
 */
import { CryptoplugError, bytesToHex } from '@cryptoplug/core';
import type { SuiteFailure, SuiteResult, SuiteSource } from './types.js';

export type Expected = 'valid' | 'invalid' | 'acceptable';

export type Outcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'mismatch'; readonly got: string }
  | { readonly kind: 'rejected'; readonly got: string }
  | { readonly kind: 'unsupported'; readonly got: string }
  | { readonly kind: 'crash'; readonly got: string };

export type Check = () => Promise<Outcome>;

export const ACCEPTED: Outcome = Object.freeze({ kind: 'accepted' });

const HEX_SHOWN = 48;

export function showHex(bytes: Uint8Array): string {
  const hex = bytesToHex(bytes);
  return hex.length > HEX_SHOWN * 2 ? `${hex.slice(0, HEX_SHOWN * 2)}… (${bytes.length} bytes)` : hex === '' ? '(empty)' : hex;
}

/** A thrown value as an outcome (see the module comment). */
export function errorOutcome(e: unknown, context = ''): Exclude<Outcome, { kind: 'accepted' }> {
  const prefix = context ? `${context}: ` : '';
  if (e instanceof CryptoplugError) {
    const got = `${prefix}${e.code}: ${e.message}`;
    return e.code === 'ERR_UNSUPPORTED' ? { kind: 'unsupported', got } : { kind: 'rejected', got };
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { kind: 'crash', got: `${prefix}crash: ${e.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${e.message}` };
  }
  return { kind: 'crash', got: `${prefix}crash: threw a non-Error value ${String(e)}` };
}

async function attempt(fn: () => Promise<Outcome> | Outcome): Promise<Outcome> {
  try {
    return await fn();
  } catch (e) {
    return errorOutcome(e);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A boolean-returning call (verify, hmacVerify): true → accepted, false → rejected. Anything else is a crash. */
export function verifyCheck(what: string, fn: () => Promise<boolean>): Check {
  return () =>
    attempt(async () => {
      const ok: unknown = await fn();
      if (ok === true) return ACCEPTED;
      if (ok === false) return { kind: 'rejected', got: `${what} returned false` };
      return { kind: 'crash', got: `${what} returned a non-boolean: ${String(ok)}` };
    });
}

/** An operation with an expected output: equal bytes → accepted, other bytes → mismatch. */
export function outputCheck(what: string, fn: () => Promise<Uint8Array>, expected: Uint8Array): Check {
  return () =>
    attempt(async () => {
      const out: unknown = await fn();
      if (!(out instanceof Uint8Array)) return { kind: 'crash', got: `${what} returned ${describeValue(out)} instead of bytes` };
      return equalBytes(out, expected) ? ACCEPTED : { kind: 'mismatch', got: `${what} gave ${showHex(out)}` };
    });
}

/**
 * A computed value compared with a claimed one, where a difference *is* the rejection (MAC tags, a wrapping that
 * does not match): equal → accepted, different → rejected.
 */
export function compareCheck(what: string, fn: () => Promise<Uint8Array>, claimed: Uint8Array): Check {
  return () =>
    attempt(async () => {
      const out: unknown = await fn();
      if (!(out instanceof Uint8Array)) return { kind: 'crash', got: `${what} returned ${describeValue(out)} instead of bytes` };
      return equalBytes(out, claimed) ? ACCEPTED : { kind: 'rejected', got: `${what} differs: ${showHex(out)}` };
    });
}

/** Any other success test: `fn` returns an outcome itself (thrown errors are classified as usual). */
export function customCheck(fn: () => Promise<Outcome>): Check {
  return () => attempt(fn);
}

/** A check that has already failed or been decided (a key that did not import…). */
export function fixedCheck(outcome: Outcome): Check {
  return () => Promise.resolve(outcome);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return Object.prototype.toString.call(v);
  return typeof v;
}

export interface TestInfo {
  id: string;
  comment: string;
  expected: Expected;
  /** What a correct backend does, for failure messages (e.g. "verify → true", "output 00ab…"). */
  wants: string;
}

/**
 * Runs the checks of one test in order and returns the outcome that decides it: for valid/acceptable tests the first
 * check that is not `accepted`; for invalid tests the first check that is not a rejection (or a rejection if all are).
 */
export async function evaluate(expected: Expected, checks: readonly Check[]): Promise<Outcome> {
  if (expected === 'invalid') {
    for (const check of checks) {
      const o = await check();
      if (o.kind !== 'rejected' && o.kind !== 'unsupported') return o;
    }
    return { kind: 'rejected', got: '' };
  }
  for (const check of checks) {
    const o = await check();
    if (o.kind !== 'accepted') return o;
  }
  return ACCEPTED;
}

/** Tally of one suite. */
export class SuiteRecorder {
  readonly result: SuiteResult;
  /** The backend claimed the capability for at least one group/test of this suite. */
  claimed = false;
  /** `valid` tests that reached the backend (run, or skipped only because of an ERR_UNSUPPORTED answer). */
  validSeen = 0;
  /** `valid` tests that actually ran (not skipped). */
  validRan = 0;
  /** Tests seen in the data (run or skipped). */
  seen = 0;

  constructor(suite: string, source: SuiteSource) {
    this.result = { suite, source, passed: 0, failed: 0, skipped: 0, acceptable: { passed: 0, failed: 0 }, skipReasons: {}, failures: [] };
  }

  skip(reason: string, count = 1): void {
    if (count <= 0) return;
    this.seen += count;
    this.result.skipped += count;
    this.result.skipReasons[reason] = (this.result.skipReasons[reason] ?? 0) + count;
  }

  fail(f: SuiteFailure): void {
    this.result.failed++;
    this.result.failures.push(f);
  }

  /** Runs the checks of one test and records its result. */
  async record(test: TestInfo, checks: readonly Check[]): Promise<void> {
    this.apply(test, await evaluate(test.expected, checks));
  }

  /** Records a test whose checks were already evaluated (see {@link evaluate}); call in test order. */
  apply(test: TestInfo, decisive: Outcome): void {
    this.seen++;
    if (test.expected === 'valid') this.validSeen++;
    this.decide(test, decisive);
  }

  private decide(test: TestInfo, o: Outcome): void {
    const failure = (got: string): void => this.fail({ id: test.id, comment: test.comment, expected: test.wants, got });
    switch (test.expected) {
      case 'valid':
        if (o.kind === 'unsupported') {
          this.skip(o.got);
          return;
        }
        this.validRan++;
        if (o.kind === 'accepted') this.result.passed++;
        else failure(o.got);
        return;
      case 'invalid':
        if (o.kind === 'rejected' || o.kind === 'unsupported') this.result.passed++;
        else if (o.kind === 'accepted') failure('accepted');
        else if (o.kind === 'mismatch') failure(`accepted: ${o.got}`);
        else failure(o.got);
        return;
      case 'acceptable':
        if (o.kind === 'accepted') this.result.acceptable.passed++;
        else if (o.kind === 'rejected' || o.kind === 'unsupported') this.result.acceptable.failed++;
        else failure(o.got);
        return;
    }
  }

  /**
   * Closing checks ("a test filter once skipped every ECDH vector silently"):
   * - a suite whose data holds no test fails;
   * - a suite the backend claims (supports() true for some group) fails when no test ran at all, or when every valid
   *   test it was given came back ERR_UNSUPPORTED — rejections alone prove nothing (a backend that throws
   *   ERR_UNSUPPORTED for everything would otherwise "pass" every invalid test).
   */
  finish(): SuiteResult {
    const r = this.result;
    const executed = r.passed + r.failed + r.acceptable.passed + r.acceptable.failed;
    if (this.seen === 0) {
      this.fail({ id: 'suite', comment: 'the suite data holds no test', expected: 'at least one test', got: '0 tests' });
    } else if (this.claimed && executed === 0) {
      this.fail({
        id: 'suite',
        comment: 'the backend claims this capability but no test ran',
        expected: 'at least one test executed',
        got: `0 executed, ${r.skipped} skipped`,
      });
    } else if (this.claimed && this.validSeen > 0 && this.validRan === 0) {
      this.fail({
        id: 'suite',
        comment: 'the backend claims this capability but every valid test came back ERR_UNSUPPORTED',
        expected: 'at least one valid test executed',
        got: `0 of ${this.validSeen} valid tests executed`,
      });
    }
    return r;
  }
}
