#!/usr/bin/env node
/**
 * CPU profile of cryptoplug JWT on `auto` (node backend), for apps/bench/PROFILE.md:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof apps/bench/scripts/profile.mjs HS256 verify 200000
 *   node apps/bench/scripts/profile-summary.mjs /tmp/prof/<file>.cpuprofile
 */
import { createRegistry } from '@cryptoplug/backends';
import { SecretKey } from '@cryptoplug/core';
import { signJwt, verifyJwt } from '@cryptoplug/jose';
import { HS256_SECRET, JOSE_SPECS } from '../dist/jose-ops.js';
import { AUDIENCE, CLAIMS, ISSUER } from '../dist/peers.js';
import { key } from '../dist/keys.js';

const [alg = 'HS256', mode = 'verify', n = '50000'] = process.argv.slice(2);
const spec = JOSE_SPECS.find((s) => s.alg === alg);
const backend = await createRegistry().select('auto');
const priv = spec.keyName ? key(spec.keyName) : new SecretKey(new Uint8Array(HS256_SECRET));
const pub = spec.keyName ? priv.publicKey() : priv;
const token = await signJwt(CLAIMS, priv, { backend, alg, typ: 'JWT' });
const vopts = { backend, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
const sopts = { backend, alg, typ: 'JWT' };
const t0 = performance.now();
for (let i = 0; i < Number(n); i++) {
  if (mode === 'sign') await signJwt(CLAIMS, priv, sopts);
  else await verifyJwt(token, pub, vopts);
}
const ms = performance.now() - t0;
console.log(`${alg} ${mode}: ${Math.round((Number(n) * 1000) / ms)} ops/s`);
