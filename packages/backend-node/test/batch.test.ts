/**
 * The verify pool (src/batch.ts) directly: items as core hands them over (already validated), answers checked against
 * Python-made vectors and against signatures made by node:crypto with corruptions placed by the test — never against
 * the pool's own output alone. Workers are killed on purpose to check that answers stay correct and in order.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { generateKeyPairSync, sign } from 'node:crypto';
import { importKey, type PublicKey, type VerifyItem } from '@cryptoplug/core';
import { flip, hex, privateKey, readJson, type SignatureVector } from '@cryptoplug/test-utils/test-helpers';
import { BUFFER_BYTES, POOL_MIN_BATCH, REUSABLE_BUFFERS, WORKER_KEY_LIMIT, closeVerifyPool, poolCounters, poolWorkers, setCallerTakesItems, verifyMany } from '../src/batch.js';
import { ED25519_SIGNED, runModuleChild } from './child.js';

after(() => closeVerifyPool());

/** Valid Python-made signatures (P1363 for ECDSA): 7 keys, ECDSA/RSA PKCS#1/PSS/Ed25519, many hashes and salts. */
const vectors = readJson<{ tests: SignatureVector[] }>('signatures.json').tests.filter((t) => t.valid && (t.alg.name !== 'ECDSA' || t.alg.encoding === 'p1363'));
const publics = new Map<string, PublicKey>();
const pub = (name: string) => publics.get(name) ?? publics.set(name, privateKey(name).publicKey()).get(name)!;

/** Item i: vector (i·5 mod len), its signature corrupted where `bad(i)`. */
function mixed(n: number, bad: (i: number) => boolean): VerifyItem[] {
  return Array.from({ length: n }, (_, i) => {
    const t = vectors[(i * 5) % vectors.length]!;
    const sig = hex(t.sig);
    return { alg: t.alg, key: pub(t.key), signature: bad(i) ? flip(sig) : sig, data: hex(t.msg) } as VerifyItem;
  });
}

/** Ed25519 keys made by node:crypto, each with a signature over its own message. */
function ed25519Items(n: number, bad: (i: number) => boolean): VerifyItem[] {
  return Array.from({ length: n }, (_, i) => {
    const { privateKey: priv, publicKey } = generateKeyPairSync('ed25519');
    const data = new Uint8Array(40).fill(i & 0xff);
    const sig = new Uint8Array(sign(null, data, priv));
    const key = importKey(publicKey.export({ format: 'der', type: 'spki' }), { format: 'der' }) as PublicKey;
    return { alg: { name: 'Ed25519' }, key, signature: bad(i) ? flip(sig) : sig, data };
  });
}

/**
 * Runs `f` with a timer keeping the event loop alive: a pool worker being terminated is unref'd (the pool never keeps
 * a process alive), and the test's loop must not end before its 'exit' event arrives.
 */
async function alive<T>(f: () => Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 1000);
  try {
    return await f();
  } finally {
    clearInterval(keep);
  }
}

const expected = (n: number, bad: (i: number) => boolean) => Array.from({ length: n }, (_, i) => !bad(i));
const primes = (i: number) => i > 1 && Array.from({ length: i - 2 }, (_, k) => k + 2).every((d) => i % d !== 0);

describe('verify pool', { timeout: 120_000 }, () => {
  it('mixed keys and algorithms, invalid signatures in the middle: answers in order', async () => {
    assert.ok(new Set(vectors.map((t) => t.key)).size >= 6 && new Set(vectors.map((t) => t.alg.name)).size === 4, 'precondition: varied vectors');
    for (const n of [64, 97, POOL_MIN_BATCH, POOL_MIN_BATCH - 1]) {
      assert.deepEqual(await verifyMany(mixed(n, primes)), expected(n, primes), `batch of ${n}`);
    }
    assert.deepEqual(await verifyMany(mixed(64, () => true)), expected(64, () => true), 'all invalid');
  });

  it('concurrent batches do not mix their answers', async () => {
    const a = (i: number) => i % 4 === 1, c = (i: number) => i % 7 === 3;
    const [ra, rc] = await Promise.all([verifyMany(mixed(48, a)), verifyMany(ed25519Items(40, c))]);
    assert.deepEqual(ra, expected(48, a));
    assert.deepEqual(rc, expected(40, c));
  });

  it('a key reused across batches after its worker was replaced is sent to the new worker', async () => {
    const bad = (i: number) => i % 9 === 4;
    const items = mixed(64, bad);
    assert.deepEqual(await verifyMany(items), expected(64, bad)); // the worker now holds these keys
    const [w] = poolWorkers();
    assert.ok(w, 'the pool has a worker');
    const exited = once(w, 'exit');
    await alive(async () => {
      await w.terminate();
      await exited;
    });
    assert.equal(poolWorkers().includes(w), false, 'the dead worker was dropped');
    const before = poolCounters();
    setCallerTakesItems(false); // every item to the new worker: a key it lacks cannot hide behind the calling thread
    try {
      for (let r = 0; r < 3; r++) assert.deepEqual(await verifyMany(items), expected(64, bad), `round ${r}`);
    } finally {
      setCallerTakesItems(true);
    }
    // a worker asked to use a key it does not hold throws and its items are redone here: that must not happen
    assert.equal(poolCounters().workerErrors, before.workerErrors);
    assert.ok(poolWorkers().length >= 1 && !poolWorkers().includes(w));
  });

  it('a worker killed during a batch: its items are verified on the calling thread, answers unchanged', async () => {
    const bad = (i: number) => i % 5 === 2;
    for (let r = 0; r < 3; r++) {
      const items = mixed(64, bad);
      const pending = verifyMany(items);
      for (const w of poolWorkers()) void w.terminate();
      assert.deepEqual(await alive(() => pending), expected(64, bad), `round ${r}`);
    }
    assert.deepEqual(await verifyMany(mixed(64, bad)), expected(64, bad), 'a fresh worker afterwards');
    setCallerTakesItems(false);
    try {
      const items = mixed(64, bad);
      const pending = verifyMany(items); // all 64 are the worker's: killing it leaves them all to be redone here
      for (const w of poolWorkers()) void w.terminate();
      assert.deepEqual(await alive(() => pending), expected(64, bad), 'worker killed with every item its own');
    } finally {
      setCallerTakesItems(true);
    }
  });

  it(`more distinct keys than a worker holds (${WORKER_KEY_LIMIT}): the table is cleared and refilled`, async () => {
    const bad = (i: number) => i % 11 === 10;
    const first = ed25519Items(WORKER_KEY_LIMIT - 10, bad);
    const second = ed25519Items(40, bad); // does not fit next to the first batch's keys
    const before = poolCounters();
    setCallerTakesItems(false); // every item to the worker (see above)
    try {
      assert.deepEqual(await verifyMany(first), expected(first.length, bad));
      assert.deepEqual(await verifyMany(second), expected(second.length, bad));
      assert.deepEqual(await verifyMany(first.slice(0, 64)), expected(64, bad), 'keys of the cleared table are sent again');
    } finally {
      setCallerTakesItems(true);
    }
    assert.equal(poolCounters().workerErrors, before.workerErrors, 'no worker was asked for a key it had dropped');
  });

  it(`batches larger than a reused buffer (${BUFFER_BYTES} bytes), and more batches in flight than reused buffers`, async () => {
    const { privateKey: priv, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = importKey(publicKey.export({ format: 'der', type: 'spki' }), { format: 'der' }) as PublicKey;
    const bad = (i: number) => i % 6 === 5;
    const big = Array.from({ length: 40 }, (_, i) => {
      const data = new Uint8Array(8192).fill(i);
      const sig = new Uint8Array(sign('sha256', data, { key: priv, dsaEncoding: 'ieee-p1363' }));
      return { alg: { name: 'ECDSA', hash: 'SHA-256' }, key, signature: bad(i) ? flip(sig) : sig, data } as VerifyItem;
    });
    assert.ok(big.length * 8192 > BUFFER_BYTES, 'precondition: a one-off buffer');
    assert.deepEqual(await verifyMany(big), expected(big.length, bad));
    const batches = Array.from({ length: REUSABLE_BUFFERS + 3 }, (_, k) => mixed(16 + k, (i) => (i + k) % 4 === 0));
    for (const caller of [true, false]) {
      setCallerTakesItems(caller); // false: every batch waits for the worker's answer, under its own buffer id
      try {
        const answers = await alive(() => Promise.all(batches.map((b) => verifyMany(b))));
        answers.forEach((a, k) => assert.deepEqual(a, expected(16 + k, (i) => (i + k) % 4 === 0), `batch ${k}`));
      } finally {
        setCallerTakesItems(true);
      }
    }
    assert.deepEqual(await verifyMany(big.slice(0, 20)), expected(20, bad), 'and the reused buffers again');
  });

  it('a process whose workers are parked between batches (in Atomics.wait) exits on its own', () => {
    // The workers never return to their event loop: they sleep in Atomics.wait. The child makes sure its worker has
    // verified items (the calling thread takes none in the first batch) and is back asleep, then lets its loop end. It
    // runs as \`--input-type=module -e\`, which workers inherit: the pool's CommonJS worker must still start.
    const src = new URL('../src/batch.ts', import.meta.url).href;
    const script = `
      const { verifyMany, setCallerTakesItems, poolWorkers, poolCounters } = await import(${JSON.stringify(src)});
      ${ED25519_SIGNED}
      const bad = sig.slice(); bad[5] ^= 1;
      const items = Array.from({ length: 24 }, (_, i) => ({ alg: { name: 'Ed25519' }, key, signature: i % 3 ? sig : bad, data }));
      setCallerTakesItems(false);
      const a = await verifyMany(items);
      setCallerTakesItems(true);
      const b = await verifyMany(items);
      await new Promise((r) => setTimeout(r, 100)); // the worker is parked again
      console.log(JSON.stringify({ a, b, workers: poolWorkers().length, redone: poolCounters().redone, counters: poolCounters() }));`;
    const stdout = runModuleChild(script);
    const out = JSON.parse(stdout) as { a: boolean[]; b: boolean[]; workers: number; redone: number };
    const want = Array.from({ length: 24 }, (_, i) => i % 3 !== 0);
    assert.deepEqual(out.a, want);
    assert.deepEqual(out.b, want);
    assert.ok(out.workers >= 1, 'the pool had a live worker when the loop ended');
    assert.equal(out.redone, 0, `the worker answered its items itself: ${stdout}`);
  });

  it('closeVerifyPool stops workers parked in Atomics.wait, and the next batch starts a fresh pool', async () => {
    const bad = (i: number) => i % 4 === 3;
    assert.deepEqual(await verifyMany(mixed(32, bad)), expected(32, bad));
    const before = poolWorkers();
    assert.ok(before.length >= 1);
    await alive(() => closeVerifyPool()); // resolves only once every worker has stopped
    for (const w of before) assert.equal(w.threadId, -1, 'the worker thread is gone');
    setCallerTakesItems(false);
    try {
      assert.deepEqual(await alive(() => verifyMany(mixed(32, bad))), expected(32, bad));
    } finally {
      setCallerTakesItems(true);
    }
    assert.ok(poolWorkers().every((w) => !before.includes(w)), 'new workers');
  });

  it('concurrent batches of mixed keys, in both thread modes, with workers killed between and during them', async () => {
    // several batches in flight share the worker's queue and the reused buffers; killing workers retires the buffers
    // they may still have been using. Every answer must still be the test's own (node:crypto signatures, corruptions
    // placed here).
    const base = mixed(97, () => false);
    for (let round = 0; round < 24; round++) {
      setCallerTakesItems(round % 4 !== 3);
      try {
        const bads = Array.from({ length: 1 + (round % 5) }, (_, j) => (i: number) => (i * 31 + round + j) % 5 === 0);
        const batches = bads.map((bad, j) => {
          const n = POOL_MIN_BATCH + ((round * 13 + j * 7) % 80);
          return base.slice(j, j + n).map((it, i) => (bad(i) ? { ...it, signature: flip(it.signature) } : it));
        });
        const pending = alive(() => Promise.all(batches.map((b) => verifyMany(b))));
        if (round % 7 === 5) for (const w of poolWorkers()) void w.terminate();
        const answers = await pending;
        answers.forEach((a, j) => assert.deepEqual(a, expected(batches[j]!.length, bads[j]!), `round ${round}, batch ${j}`));
      } finally {
        setCallerTakesItems(true);
      }
    }
  });

  it('a batch of one key and one algorithm (the common case) over many items', async () => {
    const t = vectors.find((v) => v.alg.name === 'ECDSA' && v.alg.hash === 'SHA-256' && v.key === 'ec-p256')!;
    const bad = (i: number) => i === 17 || i === 100;
    const items = Array.from({ length: 128 }, (_, i) => ({ alg: t.alg, key: pub(t.key), signature: bad(i) ? flip(hex(t.sig)) : hex(t.sig), data: hex(t.msg) }) as VerifyItem);
    assert.deepEqual(await verifyMany(items), expected(128, bad));
  });
});
