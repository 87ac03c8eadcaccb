/**
 * Batch verification on a small pool of worker threads. libuv's thread pool (`crypto.verify` with a callback) pays a
 * dispatch per signature that costs about as much as an ECDSA/EdDSA/RSA verify itself, so a batch is instead shared
 * between the calling thread and the workers, each running synchronous `crypto.verify` in a loop.
 *
 * Work split: a batch lives in one SharedArrayBuffer — a header (next item, items finished, item count), per item
 * five int32s (key id, parameter-set id, data offset, signature offset, end), a result byte per item (0 = not done,
 * 1 = false, 2 = true), then every message and signature back to back. Every thread, the calling thread included,
 * takes the next item with `Atomics.add` on the shared counter, so whoever is free verifies the next signature: no
 * split to guess, and the calling thread starts at once and never idles while items are left (a worker joins when its
 * message wakes it). When the calling thread runs out of items and every item is finished, it returns without
 * waiting for the workers' answers; otherwise it waits for the items still in the workers' hands in `Atomics.wait`
 * for about one item's time (no longer than verifying one more item itself would block it), then awaits the workers'
 * answers (one message per worker per batch).
 *
 * Cheap messages: posting an object costs ~10–20 µs of structured cloning, a new SharedArrayBuffer (or any new
 * 20 KiB buffer) far more, a number ~2 µs. So the buffers are reused ({@link REUSABLE_BUFFERS} of
 * {@link BUFFER_BYTES}; a larger batch gets a one-off buffer), and a worker is sent a buffer, a key or a parameter
 * set (digest and options) only once; after that a batch is one number: the buffer's id.
 *
 * Keys stay in the workers: a KeyObject gets a pool-wide id (a WeakMap on the calling thread), each worker holds the
 * KeyObjects it has been sent by id, and the calling thread remembers which ids each worker holds. A worker holds at
 * most {@link WORKER_KEY_LIMIT} keys: past that its table is cleared (the message that brings the next keys says so).
 * A replaced worker starts with nothing held.
 *
 * The pool (`os.availableParallelism()` − 1 workers, at most 7) starts on the first large batch and never keeps the
 * process alive: workers are unref'd while idle and ref'd only while a batch they were sent is unanswered.
 * Failure: a worker that exits or errors is dropped (the next batch starts a fresh one), and a worker whose
 * `crypto.verify` throws stops taking items; either way the items it had taken but not finished are verified again on
 * the calling thread, so a batch's answers are always those of the inline path — the same booleans, or the same
 * error thrown by `crypto.verify` — in order. Batches smaller than {@link POOL_MIN_BATCH} are verified inline.
 */
import { availableParallelism } from 'node:os';
import { KeyObject, verify } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { VerifyItem } from '@cryptoplug/core';
import { ecdsaVerifyArgs } from './ecdsa.js';
import { ed25519VerifyArgs } from './eddsa.js';
import { rsaVerifyArgs } from './rsa.js';
import { publicKeyObject, type VerifyArgs } from './keyobject.js';

/** Below this many items a batch is verified on the calling thread. */
export const POOL_MIN_BATCH = 8;
/** Keys a worker holds before its table is cleared. */
export const WORKER_KEY_LIMIT = 256;
/** Size and number of the reused batch buffers (a batch of 64 JWTs needs about 40 KiB). */
export const BUFFER_BYTES = 256 * 1024;
export const REUSABLE_BUFFERS = 4;

function argsOf(item: VerifyItem): VerifyArgs {
  switch (item.alg.name) {
    case 'ECDSA':
      return ecdsaVerifyArgs(item.alg, item.key);
    case 'Ed25519':
      return ed25519VerifyArgs(item.key);
    default:
      return rsaVerifyArgs(item.alg, item.key);
  }
}
type VerifyInput = VerifyArgs[1];

/** A parameter set: the digest and `crypto.verify` options other than the key (null for a bare KeyObject). */
interface ParamSet {
  readonly id: number;
  readonly digest: string | null;
  readonly opts: Record<string, unknown> | null;
}

// Buffer layout. Header int32s: next item, items finished, item count; then META int32s per item (key id, param id,
// data offset, signature offset, end), then one result byte per item, then the bytes.
const CTL_NEXT = 0, CTL_DONE = 1, CTL_COUNT = 2, HEADER = 16, META = 5;

/**
 * Setup a worker needs before a batch (a cached buffer's first use, keys, parameter sets); a batch on a buffer it
 * knows and with nothing new is the bare buffer id.
 */
interface SetupMessage {
  readonly b: number;
  /** The buffer, on its first use by this worker (`once`: a one-off buffer, not to be kept). */
  readonly sab?: SharedArrayBuffer;
  readonly once?: boolean;
  /** Clear the key table before adding `keys`. */
  readonly reset?: boolean;
  readonly keys?: Array<[number, KeyObject]>;
  readonly params?: Array<[number, string | null, Record<string, unknown> | null]>;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { verify } = require('node:crypto');
const keys = new Map(); // key id -> { key, inputs: [] (param id -> crypto.verify key argument) }
const params = [];      // param id -> { digest, opts }
const bufs = new Map(); // buffer id -> { ctl, bytes }
const viewsOf = (sab) => ({ ctl: new Int32Array(sab, 0, 3), meta: new Int32Array(sab), bytes: new Uint8Array(sab) });
parentPort.on('message', (m) => {
  let b = m, views;
  if (typeof m === 'number') views = bufs.get(m);
  else {
    b = m.b;
    if (m.reset) keys.clear();
    if (m.keys) for (const [id, key] of m.keys) keys.set(id, { key, inputs: [] });
    if (m.params) for (const [id, digest, opts] of m.params) params[id] = { digest, opts };
    if (m.sab) {
      views = viewsOf(m.sab);
      if (!m.once) bufs.set(b, views);
    } else views = bufs.get(b);
  }
  const { ctl, meta, bytes } = views;
  const n = Atomics.load(ctl, ${CTL_COUNT});
  const res = ${HEADER} + n * ${META * 4};
  try {
    for (let i = Atomics.add(ctl, ${CTL_NEXT}, 1); i < n; i = Atomics.add(ctl, ${CTL_NEXT}, 1)) {
      const o = ${HEADER / 4} + i * ${META}, k = meta[o], p = meta[o + 1], s = meta[o + 3];
      const entry = keys.get(k);
      if (entry === undefined) throw new Error('key ' + k + ' not held');
      const ps = params[p];
      let input = entry.inputs[p];
      // key first, then the spread: V8 (Node 20) takes a slow path of microseconds for a spread followed by a property
      if (input === undefined) input = entry.inputs[p] = ps.opts === null ? entry.key : { key: entry.key, ...ps.opts };
      Atomics.store(bytes, res + i, verify(ps.digest, bytes.subarray(meta[o + 2], s), input, bytes.subarray(s, meta[o + 4])) ? 2 : 1);
      Atomics.add(ctl, ${CTL_DONE}, 1);
      Atomics.notify(ctl, ${CTL_DONE});
    }
    parentPort.postMessage(b);
  } catch (e) {
    parentPort.postMessage({ b, error: e && e.message ? e.message : String(e) });
  }
});
`;

/** A batch buffer: reusable ones (id ≥ 0) cycle through `free`; one-off ones (id < 0) are dropped after their batch. */
interface Buffer_ {
  readonly id: number;
  readonly sab: SharedArrayBuffer;
  readonly ctl: Int32Array;
  readonly meta: Int32Array;
  readonly bytes: Uint8Array;
  /** The calling thread and the workers not yet done with the current batch. */
  users: number;
}

interface Slot {
  readonly worker: Worker;
  /** Buffer id of an unanswered batch → release (called with the worker's answer, or when the worker is gone). */
  readonly pending: Map<number, () => void>;
  /** Key ids, parameter-set ids and buffer ids this worker holds. */
  readonly keys: Set<number>;
  readonly params: Set<number>;
  readonly bufs: Set<number>;
}

let slots: Slot[] | undefined;
const keyIds = new WeakMap<KeyObject, number>();
let nextKeyId = 0;
const paramSets = new Map<string, ParamSet>();
const free: Buffer_[] = [];
let reusable = 0;
let nextOneOff = -1;

/** Counters for tests and diagnostics: batches pooled, items verified again on the calling thread, worker errors. */
const counters = { batches: 0, redone: 0, workerErrors: 0 };
export function poolCounters(): Readonly<typeof counters> {
  return { ...counters };
}

/** Tests only: when false the calling thread takes no items, so every item of a pooled batch goes to a worker. */
let callerTakesItems = true;
export function setCallerTakesItems(on: boolean): void {
  callerTakesItems = on;
}

/** Threads a batch is spread over: the calling thread and the workers (at most 8 in all); asked once (a syscall). */
let threadCount: number | undefined;
function threads(): number {
  return (threadCount ??= Math.max(1, Math.min(8, availableParallelism())));
}

/** Workers in the pool: one per further core (the calling thread verifies a share itself). */
export function poolSize(): number {
  return Math.max(1, threads() - 1);
}

function makeBuffer(id: number, size: number): Buffer_ {
  const sab = new SharedArrayBuffer((size + 3) & ~3); // whole int32s (the worker views all of it as one)
  return { id, sab, ctl: new Int32Array(sab, 0, 3), meta: new Int32Array(sab), bytes: new Uint8Array(sab), users: 0 };
}

function acquire(size: number): Buffer_ {
  if (size <= BUFFER_BYTES) {
    const b = free.pop();
    if (b) return b;
    if (reusable < REUSABLE_BUFFERS) return makeBuffer(reusable++, BUFFER_BYTES);
  }
  return makeBuffer(nextOneOff--, size);
}

function release(buf: Buffer_): void {
  if (--buf.users === 0 && buf.id >= 0) free.push(buf);
}

function answered(slot: Slot, b: number): void {
  const done = slot.pending.get(b);
  if (!done) return;
  slot.pending.delete(b);
  if (slot.pending.size === 0) slot.worker.unref();
  done();
}

function drop(slot: Slot): void {
  if (slots) slots = slots.filter((s) => s !== slot);
  const waiting = [...slot.pending.values()];
  slot.pending.clear();
  for (const done of waiting) done();
  void slot.worker.terminate().catch(() => undefined);
}

function spawn(): Slot {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  const slot: Slot = { worker, pending: new Map(), keys: new Set(), params: new Set(), bufs: new Set() };
  worker.on('message', (m: number | { b: number; error: string }) => {
    if (typeof m === 'number') return answered(slot, m);
    counters.workerErrors++; // its unfinished items are redone inline, where the same error surfaces
    answered(slot, m.b);
  });
  worker.on('error', () => drop(slot));
  worker.on('exit', () => drop(slot));
  return slot;
}

function pool(): Slot[] {
  if (!slots || slots.length === 0) slots = Array.from({ length: poolSize() }, spawn);
  else while (slots.length < poolSize()) slots.push(spawn());
  return slots;
}

/** Parameter-set key: items with equal keys verify with equal digest and options. */
const PKCS1_KEYS: Record<string, string> = { 'SHA-1': 'PKCS1 SHA-1', 'SHA-256': 'PKCS1 SHA-256', 'SHA-384': 'PKCS1 SHA-384', 'SHA-512': 'PKCS1 SHA-512' };
function paramKey(alg: VerifyItem['alg']): string {
  switch (alg.name) {
    case 'ECDSA':
      return alg.hash;
    case 'Ed25519':
      return 'Ed25519';
    case 'RSA-PSS':
      return `PSS ${alg.hash} ${alg.saltLength}`;
    default:
      return PKCS1_KEYS[alg.hash]!;
  }
}

function paramSetOf(item: VerifyItem, pk: string): ParamSet {
  let ps = paramSets.get(pk);
  if (ps === undefined) {
    const [digest, input] = argsOf(item);
    let opts: Record<string, unknown> | null = null;
    if (!(input instanceof KeyObject)) {
      const { key: _key, ...rest } = input as { key: KeyObject } & Record<string, unknown>;
      opts = rest;
    }
    paramSets.set(pk, (ps = { id: paramSets.size, digest, opts }));
  }
  return ps;
}

function keyIdOf(key: KeyObject): number {
  let id = keyIds.get(key);
  if (id === undefined) keyIds.set(key, (id = nextKeyId++));
  return id;
}

function verifyInline(items: readonly VerifyItem[]): boolean[] {
  const out = new Array<boolean>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const [digest, input] = argsOf(item);
    out[i] = verify(digest, item.data, input, item.signature);
  }
  return out;
}

/** Sends `slot` the batch on `buf`: the bare buffer id, or with whatever the worker does not hold yet. */
function post(slot: Slot, buf: Buffer_, keys: ReadonlyMap<number, KeyObject>, params: ReadonlySet<ParamSet>): void {
  let m: { -readonly [K in keyof SetupMessage]: SetupMessage[K] } | undefined;
  const setup = () => (m ??= { b: buf.id });
  let fresh = 0;
  for (const id of keys.keys()) if (!slot.keys.has(id)) fresh++;
  if (fresh > 0) {
    if (slot.keys.size + fresh > WORKER_KEY_LIMIT) {
      slot.keys.clear();
      setup().reset = true;
    }
    const send: Array<[number, KeyObject]> = [];
    for (const [id, key] of keys) if (!slot.keys.has(id)) {
      slot.keys.add(id);
      send.push([id, key]);
    }
    setup().keys = send;
  }
  for (const ps of params) if (!slot.params.has(ps.id)) {
    slot.params.add(ps.id);
    (setup().params ??= []).push([ps.id, ps.digest, ps.opts]);
  }
  if (buf.id < 0) {
    setup().sab = buf.sab;
    setup().once = true;
  } else if (!slot.bufs.has(buf.id)) {
    slot.bufs.add(buf.id);
    setup().sab = buf.sab;
  }
  slot.worker.postMessage(m ?? buf.id);
}

export async function verifyMany(items: readonly VerifyItem[]): Promise<boolean[]> {
  const n = items.length;
  if (n < POOL_MIN_BATCH || threads() < 2) return verifyInline(items);
  const workers = pool();
  counters.batches++;
  const resOff = HEADER + n * META * 4;
  let size = resOff + n;
  for (let i = 0; i < n; i++) size += items[i]!.data.length + items[i]!.signature.length;
  const buf = acquire(size);
  const { ctl, meta, bytes } = buf;
  // one pass: ids of keys and parameter sets (looked up again only when they change from the previous item), the
  // calling thread's own crypto.verify arguments, and the bytes
  const digests = new Array<string | null>(n);
  const inputs = new Array<VerifyInput>(n);
  const batchKeys = new Map<number, KeyObject>();
  const batchParams = new Set<ParamSet>();
  let lastPub: unknown, kid = 0, ko: KeyObject | undefined, lastPk = '', ps: ParamSet | undefined, input: VerifyInput | undefined;
  let at = resOff + n;
  for (let i = 0, o = HEADER / 4; i < n; i++, o += META) {
    const item = items[i]!;
    if (item.key !== lastPub) {
      lastPub = item.key;
      const k = publicKeyObject(item.key);
      if (k !== ko) {
        ko = k;
        kid = keyIdOf(k);
        batchKeys.set(kid, k);
        input = undefined;
      }
    }
    const pk = paramKey(item.alg);
    if (pk !== lastPk || ps === undefined) {
      lastPk = pk;
      ps = paramSetOf(item, pk);
      batchParams.add(ps);
      input = undefined;
    }
    // key first, then the spread (see the worker)
    input ??= ps.opts === null ? ko! : ({ key: ko!, ...ps.opts } as VerifyInput);
    digests[i] = ps.digest;
    inputs[i] = input;
    meta[o] = kid;
    meta[o + 1] = ps.id;
    meta[o + 2] = at;
    bytes.set(item.data, at);
    at += item.data.length;
    meta[o + 3] = at;
    bytes.set(item.signature, at);
    at += item.signature.length;
    meta[o + 4] = at;
  }
  bytes.fill(0, resOff, resOff + n);
  Atomics.store(ctl, CTL_NEXT, 0);
  Atomics.store(ctl, CTL_DONE, 0);
  Atomics.store(ctl, CTL_COUNT, n);
  // post to every worker, then take items on this thread until none are left
  buf.users = 1;
  const answers: Array<Promise<void>> = [];
  for (const slot of workers) {
    buf.users++;
    answers.push(
      new Promise<void>((resolve) =>
        slot.pending.set(buf.id, () => {
          release(buf);
          resolve();
        }),
      ),
    );
    slot.worker.ref(); // in flight: the process waits for the answer
    post(slot, buf, batchKeys, batchParams);
  }
  try {
    let mine = 0;
    const start = performance.now();
    for (let i = callerTakesItems ? Atomics.add(ctl, CTL_NEXT, 1) : n; i < n; i = Atomics.add(ctl, CTL_NEXT, 1)) {
      const item = items[i]!;
      Atomics.store(bytes, resOff + i, verify(digests[i]!, item.data, inputs[i]!, item.signature) ? 2 : 1);
      Atomics.add(ctl, CTL_DONE, 1);
      mine++;
    }
    // Items are left only in the workers' hands, one per worker at most: wait for them here (Atomics.wait, woken by
    // the worker's notify after each item), for at most 3× this thread's own time per item — about what verifying
    // one more item would have blocked this thread anyway. Past that (a worker descheduled, dead or stopped by an
    // error) the workers' answers are awaited. When every item is finished, the answers are not awaited at all: the
    // buffer goes back to the free list when they come.
    if (mine > 0) {
      const until = performance.now() + (3 * (performance.now() - start)) / mine;
      for (let d = Atomics.load(ctl, CTL_DONE), left; d !== n && (left = until - performance.now()) > 0; d = Atomics.load(ctl, CTL_DONE)) {
        Atomics.wait(ctl, CTL_DONE, d, left);
      }
    }
    if (Atomics.load(ctl, CTL_DONE) !== n) await Promise.all(answers);
  } catch (e) {
    Atomics.store(ctl, CTL_NEXT, n); // workers take nothing more
    release(buf);
    throw e;
  }
  const out = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const r = Atomics.load(bytes, resOff + i);
    if (r === 0) {
      // taken by a worker that failed or threw: verified here, where an error surfaces as on the inline path
      counters.redone++;
      const item = items[i]!;
      out[i] = verify(digests[i]!, item.data, inputs[i]!, item.signature);
    } else out[i] = r === 2;
  }
  release(buf);
  return out;
}

/** The pool's workers (tests: to make one fail). */
export function poolWorkers(): Worker[] {
  return (slots ?? []).map((s) => s.worker);
}

/** Stops the pool's workers (tests; the pool never keeps a process alive anyway). */
export async function closeVerifyPool(): Promise<void> {
  const s = slots ?? [];
  slots = undefined;
  await Promise.all(s.map((x) => x.worker.terminate()));
}
