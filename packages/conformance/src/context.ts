/** Helpers shared by the suite runners: capability gates, one-time key import, test descriptions. */
import { importKey, type Backend, type CapabilityQuery, type ImportOptions, type Key } from '@cryptoplug/core';
import { DataError, type Json } from './data.js';
import { errorOutcome, fixedCheck, type Check, type Expected, type Outcome, type SuiteRecorder, type TestInfo } from './outcome.js';

export interface Ctx {
  readonly backend: Backend;
  readonly rec: SuiteRecorder;
  /** Tests in flight at once (Wycheproof groups). */
  readonly concurrency: number;
}

/**
 * Asks `backend.supports(query)`. True: the suite counts as claimed and the tests run. False: `count` tests are
 * skipped with `reason`. (A backend whose supports() throws fails the suite: the error propagates to the runner.)
 */
export function gate(ctx: Ctx, query: CapabilityQuery, count: number, reason: string): boolean {
  if (ctx.backend.supports(query)) {
    ctx.rec.claimed = true;
    return true;
  }
  ctx.rec.skip(reason, count);
  return false;
}

export type Imported<K> = { readonly ok: true; readonly key: K } | { readonly ok: false; readonly outcome: Outcome };

/** Imports a key once; a failure is kept as the outcome every test using the key gets (import errors are rejections). */
export function importOnce<K = Key>(what: string, input: string | Uint8Array | object, options?: ImportOptions): Imported<K> {
  try {
    return { ok: true, key: importKey(input, options) as K };
  } catch (e) {
    return { ok: false, outcome: errorOutcome(e, `${what} import`) };
  }
}

/** A memo of imports by a string form of the input (Wycheproof ECDH tests repeat private keys across tests). */
export class ImportCache<K = Key> {
  readonly #map = new Map<string, Imported<K>>();
  get(what: string, id: string, input: () => string | Uint8Array | object, options?: ImportOptions): Imported<K> {
    let r = this.#map.get(id);
    if (!r) {
      r = importOnce<K>(what, input(), options);
      this.#map.set(id, r);
    }
    return r;
  }
}

/** The checks to run with an imported key, or the key's import failure. */
export function withKey<K>(imported: Imported<K>, checks: (key: K) => Check[]): Check[] {
  return imported.ok ? checks(imported.key) : [fixedCheck(imported.outcome)];
}

export function wants(expected: Expected, valid: string): string {
  switch (expected) {
    case 'valid':
      return valid;
    case 'invalid':
      return 'rejection (false or a CryptoplugError)';
    case 'acceptable':
      return `either ${valid} or a rejection`;
  }
}

/** A Wycheproof test's identity and expectation. */
export function wycheproofInfo(t: Json, valid: string): TestInfo {
  const tcId = t.tcId;
  if (typeof tcId !== 'number') throw new DataError('test without a numeric "tcId"');
  const result = t.result;
  if (result !== 'valid' && result !== 'invalid' && result !== 'acceptable') throw new DataError(`tcId ${tcId}: unknown result ${String(result)}`);
  const flags = Array.isArray(t.flags) ? t.flags.filter((f): f is string => typeof f === 'string') : [];
  const comment = [typeof t.comment === 'string' ? t.comment : '', flags.length ? `[${flags.join(', ')}]` : ''].filter(Boolean).join(' ');
  return { id: `tcId ${tcId}`, comment, expected: result, wants: wants(result, valid) };
}
