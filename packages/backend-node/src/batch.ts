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
    parentPort.postMessage({ id, results: out });
  } catch (e) {
    parentPort.postMessage({ id, error: e && e.message ? e.message : String(e) });
  }
});
`;

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (r: boolean[]) => void; reject: (e: Error) => void }>;
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
  worker.on('message', (m: { id: number; results?: boolean[]; error?: string }) => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    if (slot.pending.size === 0) worker.unref();
    if (m.results) p.resolve(m.results);
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

function runChunk(slot: Slot, items: readonly VerifyItem[]): Promise<boolean[]> {
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
  return new Promise<boolean[]>((resolve, reject) => {
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
 * One share per thread: the workers' shares are posted first, then the calling thread verifies its own share (the
 * first) synchronously — as the node backend's one-by-one `verify` does anyway — and then awaits the workers. On 2
 * cores that is one worker plus this thread: half of the batch never crosses a thread boundary.
 */
export async function verifyMany(items: readonly VerifyItem[]): Promise<boolean[]> {
  if (items.length < POOL_MIN_BATCH || threads() < 2) return verifyInline(items);
  const workers = pool();
  const n = Math.min(workers.length + 1, Math.ceil(items.length / POOL_MIN_BATCH));
  const size = Math.ceil(items.length / n);
  const chunks: Array<Promise<boolean[]>> = [];
  for (let i = 1; i < n; i++) chunks.push(runChunk(workers[i - 1]!, items.slice(i * size, (i + 1) * size)));
  let own: boolean[];
  try {
    own = verifyInline(items.slice(0, size));
  } catch (e) {
    void Promise.allSettled(chunks); // the workers' answers are not wanted any more (and must not reject unhandled)
    throw e;
  }
  return own.concat(...(await Promise.all(chunks)));
}

/** Stops the pool's workers (tests; the pool never keeps a process alive anyway). */
export async function closeVerifyPool(): Promise<void> {
  const s = slots ?? [];
  slots = undefined;
  await Promise.all(s.map((x) => x.worker.terminate()));
}
