/**
 * Measurement: all contestants of one operation in one process, interleaved in rounds (A B C, B C A, …), warm-up per
 * slot, GC between slots when `--expose-gc` is on, median ops/s of ≥ 3 rounds, spread = (max − min) / median.
 * Every contestant's result is checked once before timing; a contestant whose check fails is reported, not timed.
 */
export interface Contestant {
  readonly name: string;
  /** adapter = cryptoplug backend through the contract; raw = the library it wraps, called directly. */
  readonly kind: 'adapter' | 'raw' | 'jose' | 'reference' | 'peer' | 'floor' | 'batch';
  /** For adapters: the raw contestant (name) it should be compared with. For JOSE rows: the reference (name). */
  readonly baseline?: string;
  /** Further contestants this one gets a ratio against (JOSE rows: auto against every peer). */
  readonly compare?: readonly string[];
  /** Set when the contestant cannot take part in this operation: the reason (reported as "—", never timed). */
  readonly unsupported?: string;
  /** One operation. */
  readonly run: () => unknown;
  /** Whether `run` produces a correct result (done once, before timing). */
  readonly check: () => Promise<boolean> | boolean;
  /** Operations one `run` call performs (batch contestants verify many per call). */
  readonly opsPerRun?: number;
  /** True when run() returns a promise (async contestants also get a throughput measurement). */
  readonly async?: boolean;
}

export interface Operation {
  readonly id: string;
  readonly group: 'primitive' | 'jose' | 'batch';
  readonly contestants: Contestant[];
}

export interface SlotOptions {
  readonly slotMs: number;
  /**
   * A measured slot runs at least this many calls, however long they take (default 1). A contestant whose call takes
   * 5–30 ms (forge's Ed25519 and RSA signing) fits only a handful into a 90 ms slot, where one GC pause decides the slot
   * (slots of the same contestant varied 2–3×); with 12 calls one pause weighs a twelfth.
   */
  readonly minCalls?: number;
  readonly rounds: number;
  /** Operations in flight for the async throughput mode (0 = off). */
  readonly inflight: number;
}

export interface ContestantResult {
  readonly name: string;
  readonly kind: Contestant['kind'];
  readonly baseline?: string;
  readonly compare?: readonly string[];
  readonly ok: boolean;
  readonly error?: string;
  /** The contestant cannot do this operation (error says why); not a failure. */
  readonly unsupported?: boolean;
  /** Median ops/s over rounds (sequential: one awaited operation at a time). */
  readonly opsPerSec: number;
  readonly spread: number;
  readonly rounds: number[];
  /** Async throughput with `inflight` operations outstanding (async contestants only). */
  readonly throughput?: number;
}

export interface OperationResult {
  readonly id: string;
  readonly group: Operation['group'];
  readonly results: ContestantResult[];
}

const gc = (globalThis as { gc?: () => void }).gc;
const now = () => performance.now();

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * One contestant ÷ another: the median of the per-round ratios. Both ran once in every round, a few seconds apart, so
 * a round's ratio compares them under the same machine conditions; on a shared VM whose speed drifts by ±20% over a
 * run, the ratio of the two overall medians mixed samples from different rounds and moved single rows by 10–30%
 * (README "Benchmark"). With unequal round counts (never from `measure`) it falls back to the ratio of the medians.
 */
export function pairedRatio(a: { readonly opsPerSec: number; readonly rounds: readonly number[] }, b: { readonly opsPerSec: number; readonly rounds: readonly number[] }): number {
  if (a.rounds.length === 0 || a.rounds.length !== b.rounds.length || b.rounds.some((x) => !(x > 0))) return a.opsPerSec / b.opsPerSec;
  return median(a.rounds.map((x, i) => x / b.rounds[i]!));
}

/**
 * Runs `c` for about `ms`. The clock is read every `batch` calls, and the batch grows 1, 2, 4, 8: fast operations
 * soon pay one clock read per 8 calls, and a slow one (forge's RSA signing takes tens of ms) overshoots a short slot
 * by at most a few calls instead of always running 8 — what made `--quick` take far longer than its slots add up to.
 */
async function timeSlot(c: Contestant, ms: number, minCalls = 1): Promise<number> {
  let n = 0;
  let batch = 1;
  const start = now();
  let elapsed = 0;
  if (c.async) {
    do {
      for (let i = 0; i < batch; i++) await c.run();
      n += batch;
      if (batch < 8) batch *= 2;
      elapsed = now() - start;
    } while (elapsed < ms || n < minCalls);
  } else {
    do {
      for (let i = 0; i < batch; i++) c.run();
      n += batch;
      if (batch < 8) batch *= 2;
      elapsed = now() - start;
    } while (elapsed < ms || n < minCalls);
  }
  return (n * (c.opsPerRun ?? 1) * 1000) / elapsed;
}

async function timeThroughput(c: Contestant, ms: number, inflight: number): Promise<number> {
  let n = 0;
  const start = now();
  const deadline = start + ms;
  const lane = async () => {
    while (now() < deadline) {
      await c.run();
      n++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  return (n * (c.opsPerRun ?? 1) * 1000) / (now() - start);
}

export async function measure(op: Operation, o: SlotOptions, onSlot?: () => void): Promise<OperationResult> {
  const live: Contestant[] = [];
  const failed: ContestantResult[] = [];
  for (const c of op.contestants) {
    if (c.unsupported !== undefined) {
      failed.push({ name: c.name, kind: c.kind, ...(c.baseline ? { baseline: c.baseline } : {}), ok: false, unsupported: true, error: c.unsupported, opsPerSec: 0, spread: 0, rounds: [] });
      continue;
    }
    let ok = false;
    let error: string | undefined;
    try {
      ok = await c.check();
      if (!ok) error = 'result check failed';
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (ok) live.push(c);
    else failed.push({ name: c.name, kind: c.kind, ...(c.baseline ? { baseline: c.baseline } : {}), ok: false, ...(error ? { error } : {}), opsPerSec: 0, spread: 0, rounds: [] });
  }
  const samples = new Map<Contestant, number[]>(live.map((c) => [c, []]));
  for (let r = 0; r < o.rounds; r++) {
    // rotate the order each round so no contestant always runs first/last
    const order = live.map((_, i) => live[(i + r) % live.length]!);
    for (const c of order) {
      gc?.();
      await timeSlot(c, Math.max(20, o.slotMs / 4)); // warm-up
      samples.get(c)!.push(await timeSlot(c, o.slotMs, o.minCalls));
      onSlot?.();
    }
  }
  const results: ContestantResult[] = [];
  for (const c of live) {
    const xs = samples.get(c)!;
    const med = median(xs);
    let throughput: number | undefined;
    if (c.async && o.inflight > 0) {
      gc?.();
      throughput = await timeThroughput(c, o.slotMs, o.inflight);
      onSlot?.();
    }
    results.push({
      name: c.name,
      kind: c.kind,
      ...(c.baseline ? { baseline: c.baseline } : {}),
      ...(c.compare ? { compare: c.compare } : {}),
      ok: true,
      opsPerSec: med,
      spread: med > 0 ? (Math.max(...xs) - Math.min(...xs)) / med : 0,
      rounds: xs,
      ...(throughput !== undefined ? { throughput } : {}),
    });
  }
  return { id: op.id, group: op.group, results: [...results, ...failed] };
}

/** Slots a run will take (for the progress bar). */
export function slotCount(ops: Operation[], o: SlotOptions): number {
  return ops.reduce((s, op) => s + op.contestants.filter((c) => c.unsupported === undefined).length * o.rounds + (o.inflight > 0 ? op.contestants.filter((c) => c.async && c.unsupported === undefined).length : 0), 0);
}
