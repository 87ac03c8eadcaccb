/**
 * Batch verification on a small pool of worker threads. libuv's thread pool (`crypto.verify` with a callback) pays a
 * dispatch per signature that costs about as much as an ECDSA/EdDSA/RSA verify itself, so a batch is instead cut into
 * one chunk per thread — the workers' and the calling thread's own — and each verifies its chunk with synchronous
 * `crypto.verify` in a loop. Keys travel as KeyObjects (cloneable across threads), once per chunk per distinct key;
 * items arrive validated by core (P1363, lengths, ranges).
 *
 * The pool (`os.availableParallelism()` − 1 workers, at most 7) starts on the first large batch and never keeps the
 * process alive: workers are unref'd while idle and ref'd only while a chunk is in flight. A worker that fails is dropped and
 * its chunk's promise rejects (core turns that into ERR_OPERATION_FAILED); the next batch starts a fresh worker.
 * Batches smaller than {@link POOL_MIN_BATCH} are verified inline (no hop at all).
 */
import { availableParallelism } from 'node:os';
import { KeyObject, verify } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { VerifyItem } from '@cryptoplug/core';
import { ecdsaVerifyArgs } from './ecdsa.js';
import { ed25519VerifyArgs } from './eddsa.js';
import { rsaVerifyArgs } from './rsa.js';
import type { VerifyArgs } from './keyobject.js';

/** Below this many items a batch is verified on the calling thread. */
export const POOL_MIN_BATCH = 8;

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

/** One verification as the worker receives it: key index into the chunk's key list, options without the key. */
interface WireItem {
  readonly digest: string | null;
  readonly key: number;
  readonly opts: Record<string, unknown>;
  readonly signature: Uint8Array;
  readonly data: Uint8Array;
}

const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { verify } = process.getBuiltinModule('node:crypto');
parentPort.on('message', ({ id, keys, items }) => {
  const out = new Array(items.length);
  try {
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      // key first, then the spread: V8 (Node 20) takes a slow path of microseconds for a spread followed by a property
      out[i] = verify(it.digest, it.data, { key: keys[it.key], ...it.opts }, it.signature);
    }
    parentPort.postMessage({ id, results: out, done: performance.timeOrigin + performance.now() });
  } catch (e) {
    parentPort.postMessage({ id, error: e && e.message ? e.message : String(e) });
  }
});
`;

/** A worker's answer: results, when it finished its loop and when this thread received them (ms, absolute clock). */
interface ChunkAnswer {
  readonly results: boolean[];
  readonly done: number;
  readonly received: number;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (r: ChunkAnswer) => void; reject: (e: Error) => void }>;
}

let slots: Slot[] | undefined;
let nextId = 0;

/** Threads a batch is spread over: the calling thread and the workers (at most 8 in all). */
function threads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Workers in the pool: one per further core (the calling thread verifies a share itself). */
export function poolSize(): number {
  return Math.max(1, threads() - 1);
}

function drop(slot: Slot, err: Error): void {
  if (slots) slots = slots.filter((s) => s !== slot);
  for (const p of slot.pending.values()) p.reject(err);
  slot.pending.clear();
  void slot.worker.terminate().catch(() => undefined);
}

function spawn(): Slot {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  const slot: Slot = { worker, pending: new Map() };
  worker.on('message', (m: { id: number; results?: boolean[]; done?: number; error?: string }) => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    if (slot.pending.size === 0) worker.unref();
    if (m.results) p.resolve({ results: m.results, done: m.done ?? 0, received: performance.timeOrigin + performance.now() });
    else p.reject(new Error(`verify worker: ${m.error ?? 'no result'}`));
  });
  worker.on('error', (e) => drop(slot, e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => drop(slot, new Error(`verify worker exited (${code})`)));
  return slot;
}

function pool(): Slot[] {
  if (!slots || slots.length === 0) slots = Array.from({ length: poolSize() }, spawn);
  else while (slots.length < poolSize()) slots.push(spawn());
  return slots;
}

function runChunk(slot: Slot, items: readonly VerifyItem[]): Promise<ChunkAnswer> {
  const keys: KeyObject[] = [];
  const keyIndex = new Map<KeyObject, number>();
  const wire: WireItem[] = items.map((item) => {
    const [digest, input] = argsOf(item);
    const { key, ...opts } = input instanceof KeyObject ? { key: input } : (input as { key: KeyObject });
    let k = keyIndex.get(key);
    if (k === undefined) {
      keyIndex.set(key, (k = keys.length));
      keys.push(key);
    }
    return { digest, key: k, opts, signature: item.signature, data: item.data };
  });
  const id = nextId++;
  return new Promise<ChunkAnswer>((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    slot.worker.ref(); // in flight: the process waits for the answer
    slot.worker.postMessage({ id, keys, items: wire });
  });
}

function verifyInline(items: readonly VerifyItem[]): boolean[] {
  return items.map((item) => {
    const [digest, input] = argsOf(item);
    return verify(digest, item.data, input, item.signature);
  });
}

/**
 * How many items more than an even share the calling thread takes, per kind of verification (alg + hash). The workers
 * start late — the calling thread first builds and posts their chunks, and their answers come back through a message
 * — so with even shares the calling thread finishes first and then waits. After each pooled batch the lag between the
 * calling thread's finish and the last worker answer is turned into items (lag ÷ 2 × per-item time: moving one item
 * shortens one side and lengthens the other) and folded into this bias (moving average, clamped to [0, share − 1]).
 * The split only moves work between threads: every item is still verified exactly once.
 */
const bias = new Map<string, number>();
const kindOf = (item: VerifyItem): string => item.alg.name + ('hash' in item.alg ? item.alg.hash : '');

/**
 * One share per thread: the workers' shares are posted first, then the calling thread verifies its own share (the
 * first, plus the learned bias) synchronously — as the node backend's one-by-one `verify` does anyway — and then
 * awaits the workers. On 2 cores that is one worker plus this thread: half of the batch never crosses a thread boundary.
 */
export async function verifyMany(items: readonly VerifyItem[]): Promise<boolean[]> {
  if (items.length < POOL_MIN_BATCH || threads() < 2) return verifyInline(items);
  const workers = pool();
  const n = Math.min(workers.length + 1, Math.ceil(items.length / POOL_MIN_BATCH));
  const even = Math.ceil(items.length / n);
  const kind = kindOf(items[0]!);
  const uniform = items.every((it) => kindOf(it) === kind);
  const extra = uniform ? Math.min(even - 1, Math.round(bias.get(kind) ?? 0)) : 0;
  const ownCount = Math.min(items.length, even + extra);
  const size = n > 1 ? Math.ceil((items.length - ownCount) / (n - 1)) : 0;
  const chunks: Array<Promise<ChunkAnswer>> = [];
  for (let i = 0; i < n - 1; i++) {
    const chunk = items.slice(ownCount + i * size, ownCount + (i + 1) * size);
    if (chunk.length > 0) chunks.push(runChunk(workers[i]!, chunk));
  }
  let own: boolean[];
  const now = () => performance.timeOrigin + performance.now();
  const t0 = now();
  try {
    own = verifyInline(items.slice(0, ownCount));
  } catch (e) {
    void Promise.allSettled(chunks); // the workers' answers are not wanted any more (and must not reject unhandled)
    throw e;
  }
  const ownDone = now();
  const answers = await Promise.all(chunks);
  if (uniform && ownCount > 0 && answers.length > 0) {
    const perItem = (ownDone - t0) / ownCount;
    // A worker that finished after this thread made it wait until its answer arrived; one that finished first (its
    // answer queued while this thread was busy) shows how late this thread was (negative lag).
    const lag = Math.max(...answers.map((a) => (a.done > ownDone ? a.received - ownDone : a.done - ownDone)));
    const prev = bias.get(kind) ?? 0;
    const target = prev + (perItem > 0 ? lag / (2 * perItem) : 0);
    bias.set(kind, Math.max(0, Math.min(even - 1, 0.7 * prev + 0.3 * target)));
  }
  const rest = answers.map((a) => a.results);
  return own.concat(...rest);
}

/** Stops the pool's workers (tests; the pool never keeps a process alive anyway). */
export async function closeVerifyPool(): Promise<void> {
  const s = slots ?? [];
  slots = undefined;
  await Promise.all(s.map((x) => x.worker.terminate()));
}
