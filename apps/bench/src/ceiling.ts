/**
 * The ceiling of batch verification on this machine: the same verifications split over the same threads with raw
 * node:crypto and nothing else — the best any library could do here. A persistent worker already holds the KeyObject,
 * the signature and the message; a batch is one `Atomics.notify`. Both threads pull the next item from a shared counter
 * (`Atomics.add`), so neither idles while work is left, and each really runs `crypto.verify` on its items; the worker
 * adds its `true` answers to a shared cell, and the batch throws unless all `n` verifications said `true` (the bench's
 * signature is valid). The calling thread then blocks in `Atomics.wait` for the worker's last item — the cheapest
 * wake-up there is, which a library that must not block its caller's event loop cannot use.
 *
 * Against raw one-by-one (`crypto.verify` in a loop) this says how far above 1× two threads can go here: on 2 vCPUs
 * that may share a physical core, with V8's GC and compiler threads competing, it is under 2×.
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

// ctl cells: 0 = generation (bumped to start a batch; −1 = stop), 1 = next item, 2 = items in the batch,
// 3 = worker finished this generation (1), 4 = the worker's count of `true` answers
const GEN = 0, NEXT = 1, COUNT = 2, DONE = 3, TRUES = 4;

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { verify } = require('node:crypto');
parentPort.once('message', ({ ctl: sab, digest, key, opts, data, sig }) => {
  const ctl = new Int32Array(sab);
  const input = { key, ...opts };
  let gen = 0;
  for (;;) {
    // no timeout: close() sets GEN to -1 and notifies, and terminate() also wakes a worker parked in Atomics.wait
    Atomics.wait(ctl, ${GEN}, gen);
    gen = Atomics.load(ctl, ${GEN});
    if (gen < 0) return;
    const n = Atomics.load(ctl, ${COUNT});
    let ok = 0;
    for (let i = Atomics.add(ctl, ${NEXT}, 1); i < n; i = Atomics.add(ctl, ${NEXT}, 1)) if (verify(digest, data, input, sig)) ok++;
    Atomics.store(ctl, ${TRUES}, ok);
    Atomics.store(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
});
`;

/** Contestant names in the batch rows (report.ts builds the ceiling table from them). */
export const CEILING = 'ceiling:node-crypto';
export const RAW_ONE_BY_ONE = 'one-by-one:node-crypto';

export interface Ceiling {
  /** Verifies `n` items over both threads; returns how many verified `true`. */
  run(n: number): number;
  close(): Promise<void>;
}

export function startCeiling(digest: string | null, key: crypto.KeyObject, opts: Record<string, unknown>, data: Uint8Array, sig: Uint8Array): Ceiling {
  const ctl = new Int32Array(new SharedArrayBuffer(8 * 4));
  // execArgv: [] — a worker inherits the parent's flags, and under `node --input-type=module` the eval'd source would be
  // an ES module without `require` (backend-node's pool had the same bug)
  const worker = new Worker(WORKER, { eval: true, execArgv: [] });
  worker.unref();
  worker.postMessage({ ctl: ctl.buffer, digest, key, opts, data, sig });
  const input = { key, ...opts };
  return {
    run(n) {
      Atomics.store(ctl, NEXT, 0);
      Atomics.store(ctl, COUNT, n);
      Atomics.store(ctl, DONE, 0);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      let ok = 0;
      for (let i = Atomics.add(ctl, NEXT, 1); i < n; i = Atomics.add(ctl, NEXT, 1)) if (crypto.verify(digest, data, input, sig)) ok++;
      const deadline = Date.now() + 10_000;
      while (Atomics.load(ctl, DONE) === 0) {
        if (Date.now() > deadline) throw new Error('ceiling worker did not answer within 10 s');
        Atomics.wait(ctl, DONE, 0, 100);
      }
      return ok + Atomics.load(ctl, TRUES);
    },
    async close() {
      Atomics.store(ctl, GEN, -1);
      Atomics.notify(ctl, GEN);
      await worker.terminate();
    },
  };
}
