/**
 * Batch verification on a small pool of worker threads. libuv's thread pool (`crypto.verify` with a callback) pays a
 * dispatch per signature that costs about as much as an ECDSA/EdDSA/RSA verify itself, so a batch is instead shared
 * between the calling thread and the workers, each running synchronous `crypto.verify` in a loop.
 *
 * Work split: a batch lives in one SharedArrayBuffer — a header (next item, items finished, item count, items
 * published, batch number, "answer wanted"), per item five int32s (key id, parameter-set id, data offset, signature
 * offset, end), a result byte per item (0 = not done, 1 = false, 2 = true), then every message and signature back to
 * back. Every thread, the calling thread included, takes the next item with `Atomics.add` on the shared counter, so
 * whoever is free verifies the next signature: no split to guess, and nobody idles while items are left.
 *
 * Wake-up without the event loop: a worker never returns to its event loop. It sleeps in `Atomics.wait` on its own
 * small control block (a queue of "batch N is on buffer B" entries); a batch is announced with `Atomics.notify`
 * *before* its items are copied into the buffer, and items are published one by one (the "published" counter), so the
 * worker wakes while the calling thread is still copying and starts on item 0 as soon as it is there. Anything a worker
 * needs besides the buffer — a new buffer, KeyObjects, parameter sets — goes by `postMessage` before the item that
 * needs it is published, and the worker takes it with `receiveMessageOnPort` (synchronously) when it meets an id it
 * does not hold. A batch costs no message in either direction: when the calling thread runs out of items and every
 * item is finished it returns at once; otherwise it waits for the items still in the workers' hands in `Atomics.wait`
 * for about one item's time (no longer than verifying one more item itself would block it), and past that sets the
 * batch's "answer wanted" flag and awaits a message that the worker then posts when it leaves the batch (or its exit).
 * Buffers are reused ({@link REUSABLE_BUFFERS} of {@link BUFFER_BYTES}; a larger batch gets a one-off buffer) once every
 * worker has left the last batch announced on them (each worker publishes how many queue entries it has dealt with).
 *
 * Keys stay in the workers: a KeyObject gets a pool-wide id (a WeakMap on the calling thread), each worker holds the
 * KeyObjects it has been sent by id, and the calling thread remembers which ids each worker holds. A worker holds at
 * most {@link WORKER_KEY_LIMIT} keys from earlier batches: past that its table is cleared (the message that brings the
 * next key says so, and brings the current batch's keys again). A replaced worker starts with nothing held.
 *
 * Lifetime: the pool (`os.availableParallelism()` − 1 workers, at most 7) starts on the first large batch and never
 * keeps the process alive: workers are unref'd except while a batch awaits one of them. A worker parked in
 * `Atomics.wait` does not stop the process from exiting, and `terminate()` wakes and stops it (both tested).
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
/** Keys a worker holds (from earlier batches) before its table is cleared. */
export const WORKER_KEY_LIMIT = 256;
/** Size and number of the reused batch buffers (a batch of 64 JWTs needs about 40 KiB). */
export const BUFFER_BYTES = 256 * 1024;
export const REUSABLE_BUFFERS = 4;
/** Batches a worker can have announced and not yet dealt with; past that a batch does without it. */
export const QUEUE_LENGTH = 64;

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

// Batch buffer header int32s: next item, items finished, item count, items published, batch number (−1: void),
// answer wanted; then META int32s per item (key id, param id, data offset, signature offset, end), then one result
// byte per item, then the bytes.
const NEXT = 0, DONE = 1, COUNT = 2, AVAIL = 3, SEQ = 4, WANT = 5, HEADER = 32, META = 5;
// Worker control block int32s: queue entries announced (tail), entries dealt with (head), a cell to sleep on, then
// the queue: QUEUE_LENGTH × (buffer id, batch number).
const TAIL = 0, HEAD = 1, NAP = 2, QUEUE = 4;

/** What a worker is sent besides the control block; taken by `receiveMessageOnPort` when needed. */
interface SetupMessage {
  /** A buffer (id and memory): reused ones are kept, one-off ones (id < 0) dropped after their batch. */
  b?: number;
  sab?: SharedArrayBuffer;
  /** Clear the key table before adding `keys`. */
  reset?: boolean;
  keys?: Array<[number, KeyObject]>;
  params?: Array<[number, string | null, Record<string, unknown> | null]>;
  /** Buffers to forget (replaced after a worker died while it might still have been using them). */
  forget?: number[];
}

const WORKER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { verify } = require('node:crypto');
const slot = new Int32Array(workerData);
const keys = new Map(); // key id -> { key, inputs: [] (param id -> crypto.verify key argument) }
const params = [];      // param id -> { digest, opts }
const bufs = new Map(); // buffer id -> { ctl, meta, bytes }
function take(m) {
  if (m.reset) keys.clear();
  if (m.keys) for (const [id, key] of m.keys) keys.set(id, { key, inputs: [] });
  if (m.params) for (const [id, digest, opts] of m.params) params[id] = { digest, opts };
  if (m.sab) bufs.set(m.b, { ctl: new Int32Array(m.sab, 0, ${HEADER / 4}), meta: new Int32Array(m.sab), bytes: new Uint8Array(m.sab) });
  if (m.forget) for (const b of m.forget) bufs.delete(b);
}
function drain() {
  for (let r = receiveMessageOnPort(parentPort); r !== undefined; r = receiveMessageOnPort(parentPort)) take(r.message);
}
// What an item or a batch needs was posted before it was published: take messages until it is there. (A message
// posted before an Atomics store is seen once that store is; the retries are a guard, not a path.)
function settle(has) {
  for (let tries = 0; ; tries++) {
    drain();
    if (has()) return;
    if (tries === 200) throw new Error('setup message missing');
    Atomics.wait(slot, ${NAP}, 0, 5);
  }
}
function run(b, seq) {
  if (!bufs.has(b)) settle(() => bufs.has(b));
  const { ctl, meta, bytes } = bufs.get(b);
  if (Atomics.load(ctl, ${SEQ}) !== seq) return ctl; // that batch is over
  const n = Atomics.load(ctl, ${COUNT});
  const res = ${HEADER} + n * ${META * 4};
  try {
    for (let i = Atomics.add(ctl, ${NEXT}, 1); i < n; i = Atomics.add(ctl, ${NEXT}, 1)) {
      // item i is taken: wait until the calling thread has published it (it is copying items right now)
      for (let spins = 0, a = Atomics.load(ctl, ${AVAIL}); a <= i; a = Atomics.load(ctl, ${AVAIL})) {
        if (Atomics.load(ctl, ${SEQ}) !== seq) return ctl; // abandoned while being published
        if (++spins > 2000) Atomics.wait(ctl, ${AVAIL}, a, 1);
      }
      const o = ${HEADER / 4} + i * ${META}, k = meta[o], p = meta[o + 1], s = meta[o + 3];
      let entry = keys.get(k);
      if (entry === undefined || params[p] === undefined) {
        settle(() => keys.has(k) && params[p] !== undefined);
        entry = keys.get(k);
      }
      const ps = params[p];
      let input = entry.inputs[p];
      // key first, then the spread: V8 (Node 20) takes a slow path of microseconds for a spread followed by a property
      if (input === undefined) input = entry.inputs[p] = ps.opts === null ? entry.key : { key: entry.key, ...ps.opts };
      Atomics.store(bytes, res + i, verify(ps.digest, bytes.subarray(meta[o + 2], s), input, bytes.subarray(s, meta[o + 4])) ? 2 : 1);
      Atomics.add(ctl, ${DONE}, 1);
      Atomics.notify(ctl, ${DONE});
    }
  } catch (e) {
    parentPort.postMessage({ error: e && e.message ? e.message : String(e) });
  }
  return ctl;
}
for (let head = 0; ; ) {
  Atomics.wait(slot, ${TAIL}, head); // parked here between batches (terminate() wakes it)
  drain();
  for (const tail = Atomics.load(slot, ${TAIL}); head !== tail; ) {
    const e = ${QUEUE} + (head % ${QUEUE_LENGTH}) * 2, b = Atomics.load(slot, e);
    const ctl = run(b, Atomics.load(slot, e + 1));
    if (b < 0) bufs.delete(b);
    Atomics.store(slot, ${HEAD}, ++head);
    if (ctl !== undefined && Atomics.load(ctl, ${WANT}) === 1) parentPort.postMessage(head);
  }
}
`;

/** A batch buffer: reusable ones (id ≥ 0) cycle through `free`; one-off ones (id < 0) are dropped after their batch. */
interface Buffer_ {
  readonly id: number;
  readonly sab: SharedArrayBuffer;
  readonly ctl: Int32Array;
  readonly meta: Int32Array;
  readonly bytes: Uint8Array;
  /** Per worker, the queue position of the last batch announced to it on this buffer. */
  readonly lastEntry: Map<Slot, number>;
  /** Not to be reused (a worker died while it might still have been using it). */
  dead: boolean;
}

interface Slot {
  readonly worker: Worker;
  readonly ctl: Int32Array;
  /** Called on this worker's next message or its end (batches awaiting it). */
  waiters: Array<() => void>;
  /** Key ids, parameter-set ids and buffer ids this worker holds (or has been sent). */
  readonly keys: Set<number>;
  readonly params: Set<number>;
  readonly bufs: Set<number>;
}

let slots: Slot[] | undefined;
const keyIds = new WeakMap<KeyObject, number>();
let nextKeyId = 0;
const paramSets = new Map<string, ParamSet>();
const reusable: Buffer_[] = [];
const free: Buffer_[] = [];
let nextBufferId = 0;
let nextOneOff = -1;
let nextSeq = 0;

/** Counters for tests and diagnostics: batches pooled, items verified again on the calling thread, worker errors, items the calling thread took itself (its share of the work). */
const counters = { batches: 0, redone: 0, workerErrors: 0, callerItems: 0 };
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
  return { id, sab, ctl: new Int32Array(sab, 0, HEADER / 4), meta: new Int32Array(sab), bytes: new Uint8Array(sab), lastEntry: new Map(), dead: false };
}

/** Every live worker has dealt with the last batch announced to it on `buf`. */
function idle(buf: Buffer_): boolean {
  for (const [slot, entry] of buf.lastEntry) {
    if (!slots?.includes(slot)) buf.lastEntry.delete(slot);
    else if (Atomics.load(slot.ctl, HEAD) <= entry) return false;
  }
  return true;
}

function acquire(size: number): Buffer_ {
  if (size <= BUFFER_BYTES) {
    for (let i = free.length - 1; i >= 0; i--) {
      const b = free[i]!;
      if (idle(b)) {
        free.splice(i, 1);
        return b;
      }
    }
    if (reusable.length < REUSABLE_BUFFERS) {
      const b = makeBuffer(nextBufferId++, BUFFER_BYTES);
      reusable.push(b);
      return b;
    }
  }
  return makeBuffer(nextOneOff--, size);
}

function release(buf: Buffer_): void {
  if (buf.id >= 0 && !buf.dead) free.push(buf);
}

function wake(slot: Slot): void {
  const w = slot.waiters;
  if (w.length === 0) return;
  slot.waiters = [];
  slot.worker.unref();
  for (const f of w) f();
}

function drop(slot: Slot): void {
  if (!slots?.includes(slot)) return;
  slots = slots.filter((s) => s !== slot);
  // buffers it may still have been inside are not reused: a stopping thread can still store one last result
  const head = Atomics.load(slot.ctl, HEAD);
  const gone: number[] = [];
  for (const b of reusable) {
    if ((b.lastEntry.get(slot) ?? -1) >= head) {
      b.dead = true;
      gone.push(b.id);
    }
  }
  if (gone.length > 0) {
    for (let i = reusable.length - 1; i >= 0; i--) if (reusable[i]!.dead) reusable.splice(i, 1);
    for (let i = free.length - 1; i >= 0; i--) if (free[i]!.dead) free.splice(i, 1);
    for (const s of slots) {
      for (const id of gone) s.bufs.delete(id);
      s.worker.postMessage({ forget: gone } satisfies SetupMessage);
    }
  }
  wake(slot);
  void slot.worker.terminate().catch(() => undefined);
}

function spawn(): Slot {
  const ctl = new Int32Array(new SharedArrayBuffer(4 * (QUEUE + 2 * QUEUE_LENGTH)));
  // execArgv []: the source is CommonJS, and a parent started with e.g. `--input-type=module -e` would otherwise make
  // it an ES module (where `require` does not exist) — the worker died at once and every batch ran inline
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: ctl.buffer, execArgv: [] });
  const slot: Slot = { worker, ctl, waiters: [], keys: new Set(), params: new Set(), bufs: new Set() };
  worker.on('message', (m: number | { error: string }) => {
    if (typeof m !== 'number') counters.workerErrors++; // its unfinished items are redone inline, where the same error surfaces
    wake(slot);
  });
  worker.on('error', () => drop(slot));
  worker.on('exit', () => drop(slot));
  worker.unref(); // after the listeners: adding a 'message' listener refs the worker's port again
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

/** Announces the batch on `buf` to `slot` (the buffer first, if the worker does not hold it): its queue position. */
function announce(slot: Slot, buf: Buffer_, seq: number): number | undefined {
  const tail = Atomics.load(slot.ctl, TAIL);
  if (tail - Atomics.load(slot.ctl, HEAD) >= QUEUE_LENGTH) return undefined; // far behind: this batch does without it
  if (!slot.bufs.has(buf.id)) {
    if (buf.id >= 0) slot.bufs.add(buf.id);
    slot.worker.postMessage({ b: buf.id, sab: buf.sab } satisfies SetupMessage);
  }
  const e = QUEUE + (tail % QUEUE_LENGTH) * 2;
  Atomics.store(slot.ctl, e, buf.id);
  Atomics.store(slot.ctl, e + 1, seq);
  Atomics.store(slot.ctl, TAIL, tail + 1);
  Atomics.notify(slot.ctl, TAIL);
  buf.lastEntry.set(slot, tail);
  return tail;
}

/** Sends `slot` the key `kid` (and, when its table is full, clears it and sends the batch's keys so far again). */
function sendKey(slot: Slot, kid: number, key: KeyObject, batchKeys: ReadonlyMap<number, KeyObject>): void {
  const m: SetupMessage = {};
  if (slot.keys.size >= WORKER_KEY_LIMIT && slot.keys.size > batchKeys.size) {
    slot.keys.clear();
    m.reset = true;
    m.keys = [...batchKeys];
    for (const id of batchKeys.keys()) slot.keys.add(id);
  }
  if (!slot.keys.has(kid)) {
    slot.keys.add(kid);
    (m.keys ??= []).push([kid, key]);
  }
  slot.worker.postMessage(m);
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
  const seq = (nextSeq = (nextSeq + 1) & 0x7fffffff);
  Atomics.store(ctl, SEQ, seq);
  Atomics.store(ctl, NEXT, 0);
  Atomics.store(ctl, DONE, 0);
  Atomics.store(ctl, AVAIL, 0);
  Atomics.store(ctl, WANT, 0);
  Atomics.store(ctl, COUNT, n);
  bytes.fill(0, resOff, resOff + n);
  // announce first: the workers wake while the items are being copied, and start on the first published one
  const rung: Array<[Slot, number]> = [];
  for (const slot of workers) {
    const entry = announce(slot, buf, seq);
    if (entry !== undefined) rung.push([slot, entry]);
  }
  // one pass: ids of keys and parameter sets (looked up again only when they change from the previous item), sent to
  // a worker that lacks them before the item is published; the calling thread's own crypto.verify arguments; the bytes
  const digests = new Array<string | null>(n);
  const inputs = new Array<VerifyInput>(n);
  const batchKeys = new Map<number, KeyObject>();
  let lastPub: unknown, kid = 0, ko: KeyObject | undefined, lastPk = '', ps: ParamSet | undefined, input: VerifyInput | undefined;
  let at = resOff + n;
  try {
    for (let i = 0, o = HEADER / 4; i < n; i++, o += META) {
      const item = items[i]!;
      if (item.key !== lastPub) {
        lastPub = item.key;
        const k = publicKeyObject(item.key);
        if (k !== ko) {
          ko = k;
          kid = keyIdOf(k);
          if (!batchKeys.has(kid)) {
            batchKeys.set(kid, k);
            for (const [slot] of rung) if (!slot.keys.has(kid)) sendKey(slot, kid, k, batchKeys);
          }
          input = undefined;
        }
      }
      const pk = paramKey(item.alg);
      if (pk !== lastPk || ps === undefined) {
        lastPk = pk;
        ps = paramSetOf(item, pk);
        for (const [slot] of rung) {
          if (!slot.params.has(ps.id)) {
            slot.params.add(ps.id);
            slot.worker.postMessage({ params: [[ps.id, ps.digest, ps.opts]] } satisfies SetupMessage);
          }
        }
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
      Atomics.store(ctl, AVAIL, i + 1);
    }
  } catch (e) {
    Atomics.store(ctl, SEQ, -1); // void: a worker waiting for an item leaves
    Atomics.notify(ctl, AVAIL);
    release(buf);
    throw e;
  }
  Atomics.notify(ctl, AVAIL); // a worker that ran ahead of the copying and went to sleep
  try {
    let mine = 0;
    const start = performance.now();
    for (let i = callerTakesItems ? Atomics.add(ctl, NEXT, 1) : n; i < n; i = Atomics.add(ctl, NEXT, 1)) {
      const item = items[i]!;
      Atomics.store(bytes, resOff + i, verify(digests[i]!, item.data, inputs[i]!, item.signature) ? 2 : 1);
      Atomics.add(ctl, DONE, 1);
      mine++;
    }
    counters.callerItems += mine;
    // Items are left only in the workers' hands, one per worker at most: wait for them here (Atomics.wait, woken by
    // the worker's notify after each item), for at most 3× this thread's own time per item — about what verifying
    // one more item would have blocked this thread anyway. Past that (a worker descheduled, dead or stopped by an
    // error, or still busy with an earlier batch) the batch asks for an answer and awaits it: the worker posts one when
    // it leaves the batch, and its end wakes the batch too. When every item is finished nothing is awaited.
    if (mine > 0) {
      const until = performance.now() + (3 * (performance.now() - start)) / mine;
      for (let d = Atomics.load(ctl, DONE), left; d !== n && (left = until - performance.now()) > 0; d = Atomics.load(ctl, DONE)) {
        Atomics.wait(ctl, DONE, d, left);
      }
    }
    if (Atomics.load(ctl, DONE) !== n) {
      Atomics.store(ctl, WANT, 1);
      for (;;) {
        if (Atomics.load(ctl, DONE) === n) break;
        // workers that may still finish an item: alive, and not yet past this batch in their queue
        const busy = rung.filter(([slot, entry]) => slots?.includes(slot) && Atomics.load(slot.ctl, HEAD) <= entry);
        if (busy.length === 0) break; // what is left was taken by a worker that stopped: redone below
        await new Promise<void>((resolve) => {
          for (const [slot] of busy) {
            if (slot.waiters.length === 0) slot.worker.ref(); // awaited: the process waits for it
            slot.waiters.push(resolve);
          }
        });
      }
    }
  } catch (e) {
    Atomics.store(ctl, NEXT, n); // workers take nothing more
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
  for (const slot of s) wake(slot);
  await Promise.all(s.map((x) => x.worker.terminate()));
}
