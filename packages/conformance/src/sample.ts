/**
 * Sampling: a deterministic subset of a suite's tests, so every suite can run on every backend in seconds (the
 * `sample` run option: `cryptoplug status`, `conformance --quick`) and pure-JS backends fit the runtimes matrix's CI
 * budget (apps/runtimes' "sampled" tier uses these same functions).
 *
 * Rule: a suite keeps at most `n` tests, evenly spaced over the whole file in file order (index ⌊i·total/n⌋ for
 * i = 0…n-1; every test when it has ≤ n). Wycheproof groups left without a test are dropped and `numberOfTests` is
 * rewritten to the new count (the runner checks it). For vectors/primitives files every top-level array of tests is
 * sampled the same way (`keys` is never sampled: it is core-only and small).
 *
 * Why evenly spaced over the file and not "first N per group": Wycheproof files order tests by category (encoding
 * edge cases first, arithmetic edge cases last), and some files have 100+ tiny groups (rsa_oaep_misc: 128 groups,
 * ecdsa_*: ~110), where first-N-per-group would keep nearly everything; an even spread keeps every category and many
 * groups at a bounded cost.
 */

/** Indices kept out of `total` when sampling `n`. */
export function sampleIndices(total: number, n: number): number[] {
  if (total <= n) return Array.from({ length: total }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor((i * total) / n));
  return out;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A sampled copy of one Wycheproof file (the input is not modified). Malformed data is returned unchanged. */
export function sampleWycheproof(data: unknown, n: number): unknown {
  if (!isObj(data) || !Array.isArray(data.testGroups)) return data;
  const groups = data.testGroups as unknown[];
  const flat: Array<[number, number]> = [];
  groups.forEach((g, gi) => {
    if (isObj(g) && Array.isArray(g.tests)) (g.tests as unknown[]).forEach((_, ti) => flat.push([gi, ti]));
  });
  const keep = new Set(sampleIndices(flat.length, n).map((i) => `${flat[i]![0]}:${flat[i]![1]}`));
  const testGroups: unknown[] = [];
  let count = 0;
  groups.forEach((g, gi) => {
    if (!isObj(g) || !Array.isArray(g.tests)) return void testGroups.push(g);
    const tests = (g.tests as unknown[]).filter((_, ti) => keep.has(`${gi}:${ti}`));
    if (tests.length) {
      testGroups.push({ ...g, tests });
      count += tests.length;
    }
  });
  return { ...data, numberOfTests: count, testGroups };
}

/** A sampled copy of one vectors/primitives file: every top-level array is sampled to ≤ n entries. */
export function sampleVectors(data: unknown, n: number): unknown {
  if (!isObj(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? sampleIndices(v.length, n).map((i) => v[i]) : v]),
  );
}

/** Samples one suite's data by its name (`wycheproof/…` or `vectors/primitives/…`). */
export function sampleSuite(name: string, data: unknown, n: number): unknown {
  if (name.startsWith('wycheproof/')) return sampleWycheproof(data, n);
  if (name === 'vectors/primitives/keys') return data;
  return sampleVectors(data, n);
}

/** How many tests a suite's data holds (Wycheproof tests, or entries of the vector arrays). */
export function countTests(name: string, data: unknown): number {
  if (!isObj(data)) return 0;
  if (name.startsWith('wycheproof/')) {
    const groups = Array.isArray(data.testGroups) ? (data.testGroups as unknown[]) : [];
    return groups.reduce<number>((s, g) => s + (isObj(g) && Array.isArray(g.tests) ? g.tests.length : 0), 0);
  }
  if (name === 'vectors/primitives/keys') return Array.isArray(data.keys) ? data.keys.length : 0;
  return Object.values(data).reduce<number>((s, v) => s + (Array.isArray(v) ? v.length : 0), 0);
}
