#!/usr/bin/env node
/**
 * The node adapter's RSA-OAEP-256 encrypt by parts, each ÷ the raw sync call, in interleaved 20 ms slices (median of
 * 120 rounds, GC before each slice) — apps/bench/PROFILE.md, "Fifth round":
 *   node --expose-gc apps/bench/scripts/oaep-parts.mjs
 * raw        crypto.publicEncrypt, synchronous (the bench's raw:node)
 * rawAwait   the same call from an async function, awaited: what the contract's promise costs by itself
 * implAwait  backend-node's own oaepEncrypt (KeyObject lookup, options, result view), awaited
 * adapter    the backend through the contract (core's checks, the capability gate) — the bench's adapter:node
 */
import crypto from 'node:crypto';
import { loadBackends } from '../dist/index.js';
import { key, pem } from '../dist/keys.js';
import { oaepEncrypt as implEncrypt } from '../../../packages/backend-node/dist/oaep.js';
import { slice } from './slice.mjs';

const node = (await loadBackends('node')).members[0];
const pub = key('rsa-2048').publicKey();
const nodePub = crypto.createPublicKey(pem('rsa-2048', 'spki'));
const pt = new Uint8Array(32).fill(7);
const params = { hash: 'SHA-256' };
const opts = () => ({ key: nodePub, oaepHash: 'sha256', padding: crypto.constants.RSA_PKCS1_OAEP_PADDING });
const parts = {
  raw: { async: false, run: () => crypto.publicEncrypt(opts(), pt) },
  rawAwait: { async: true, run: async () => crypto.publicEncrypt(opts(), pt) },
  implAwait: { async: true, run: async () => implEncrypt(params, pub, pt) },
  adapter: { async: true, run: () => node.oaepEncrypt(params, pub, pt) },
};
const names = Object.keys(parts);
for (let i = 0; i < 20; i++) for (const n of names) await slice(parts[n], 10);
const ratios = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < 120; r++) {
  const v = {};
  for (const n of r % 2 ? names : [...names].reverse()) {
    globalThis.gc?.();
    v[n] = await slice(parts[n], 20);
  }
  for (const n of names) ratios[n].push(v[n] / v.raw);
}
for (const n of names) console.log(`${n.padEnd(10)} ${ratios[n].sort((a, b) => a - b)[60].toFixed(3)} × raw (p25 ${ratios[n][30].toFixed(3)}, p75 ${ratios[n][90].toFixed(3)})`);
