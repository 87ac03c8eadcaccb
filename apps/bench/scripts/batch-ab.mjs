#!/usr/bin/env node
/**
 * Interleaved comparison of the batch-verify contestants, for PROFILE.md (a shared machine makes single bench rows
 * noisy): node:crypto one by one, the ceiling (ceiling.ts), and the node backend's one-by-one verify and verifyMany.
 *   node --expose-gc apps/bench/scripts/batch-ab.mjs ES256|EdDSA|RS256 [rounds] [batch]
 * Each round times every contestant for a short slice (~20 ms) in rotating order; the ratios are taken per round, so
 * load from other processes hits both sides of a ratio alike, and the medians of the per-round ratios are printed.
 */
import crypto from 'node:crypto';
import { createRegistry } from '@cryptoplug/backends';
import { SIGNATURES } from '../dist/ops.js';
import { key, pem, MESSAGE } from '../dist/keys.js';
import { startCeiling } from '../dist/ceiling.js';

const [id = 'ES256', roundsArg = '30', batchArg = '64'] = process.argv.slice(2);
const rounds = Number(roundsArg), n = Number(batchArg);
const spec = SIGNATURES.find((s) => s.id === id);
const backend = await createRegistry().select(process.env.BACKEND ?? 'node');
const k = key(spec.keyName);
const pub = crypto.createPublicKey(pem(spec.keyName, 'spki'));
const sig = crypto.sign(spec.nodeAlg, MESSAGE, { key: crypto.createPrivateKey(pem(spec.keyName)), ...spec.node });
const rawInput = { key: pub, ...spec.node };
const items = Array.from({ length: n }, () => ({ alg: spec.alg, key: k.publicKey(), signature: sig, data: MESSAGE }));
const ceiling = startCeiling(spec.nodeAlg, pub, spec.node, MESSAGE, sig);
const runs = {
  raw: () => {
    for (let i = 0; i < n; i++) if (!crypto.verify(spec.nodeAlg, MESSAGE, rawInput, sig)) throw new Error('raw: false');
  },
  ceiling: () => {
    if (ceiling.run(n) !== n) throw new Error('ceiling: false');
  },
  oneByOne: async () => {
    for (const it of items) if (!(await backend.verify(it.alg, it.key, it.signature, it.data))) throw new Error('one-by-one: false');
  },
  verifyMany: async () => {
    if (!(await backend.verifyMany(items)).every((v) => v)) throw new Error('verifyMany: false');
  },
};
const names = Object.keys(runs);
const perSec = Object.fromEntries(names.map((x) => [x, []]));
const slice = async (f) => {
  globalThis.gc?.();
  let calls = 0;
  const t0 = performance.now();
  let dt;
  do {
    await f();
    calls++;
    dt = performance.now() - t0;
  } while (dt < 20);
  return (calls * n * 1000) / dt;
};
for (const f of Object.values(runs)) for (let i = 0; i < 20; i++) await f(); // warm-up
const ratios = { 'verifyMany ÷ one-by-one': [], 'ceiling ÷ raw': [], 'verifyMany ÷ ceiling': [], 'one-by-one ÷ raw': [] };
for (let r = 0; r < rounds; r++) {
  const got = {};
  for (let j = 0; j < names.length; j++) {
    const name = names[(r + j) % names.length];
    got[name] = await slice(runs[name]);
    perSec[name].push(got[name]);
  }
  ratios['verifyMany ÷ one-by-one'].push(got.verifyMany / got.oneByOne);
  ratios['ceiling ÷ raw'].push(got.ceiling / got.raw);
  ratios['verifyMany ÷ ceiling'].push(got.verifyMany / got.ceiling);
  ratios['one-by-one ÷ raw'].push(got.oneByOne / got.raw);
}
await ceiling.close();
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) * p)];
console.log(`${id} ×${n}, ${rounds} rounds, backend ${backend.name}: median verifications/s ` + names.map((x) => `${x} ${Math.round(median(perSec[x]))}`).join(', '));
for (const [name, a] of Object.entries(ratios)) console.log(`  ${name}: ${median(a).toFixed(3)} (quartiles ${q(a, 0.25).toFixed(3)}–${q(a, 0.75).toFixed(3)})`);
