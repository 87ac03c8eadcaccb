#!/usr/bin/env node
/**
 * Interleaved micro comparison of cryptoplug JWT/JWS (auto) with the node:crypto floor and fast-jwt, for PROFILE.md:
 *   node --expose-gc apps/bench/scripts/compare.mjs RS256 verify [rounds] [JWT|JWS|cache]
 * Each round times every contestant for a short slice (~25 ms) in rotating order, and the ratio cryptoplug ÷ peer is
 * taken per round, so load from other processes (a shared machine) hits both sides of a ratio alike; the median of
 * the per-round ratios is printed with the median µs/op.
 */
import { createVerifier } from 'fast-jwt';
import { createRegistry } from '@cryptoplug/backends';
import { SecretKey, jwkFromKey } from '@cryptoplug/core';
import { createJwtCache, signCompact, signJwt, verifyCompact, verifyJwt } from '@cryptoplug/jose';
import { HS256_SECRET, JOSE_SPECS } from '../dist/jose-ops.js';
import { AUDIENCE, CLAIMS, ISSUER, JWS_PAYLOAD_BYTES, minimal, fastJwt } from '../dist/peers.js';
import { key, pem } from '../dist/keys.js';

const [alg = 'HS256', mode = 'verify', roundsArg = '40', kindArg = 'JWT'] = process.argv.slice(2);
const cached = kindArg === 'cache';
const kind = cached ? 'JWT' : kindArg;
const spec = JOSE_SPECS.find((s) => s.alg === alg);
const backend = await createRegistry().select(process.env.BACKEND ?? 'auto');
const priv = spec.keyName ? key(spec.keyName) : new SecretKey(new Uint8Array(HS256_SECRET));
const pub = spec.keyName ? priv.publicKey() : priv;
const pk = spec.keyName
  ? { alg, privatePem: pem(spec.keyName), publicPem: pem(spec.keyName, 'spki'), privateJwk: jwkFromKey(priv, { private: true }), publicJwk: jwkFromKey(pub) }
  : { alg, secret: HS256_SECRET, privateJwk: {}, publicJwk: {} };
const floor = await minimal.setup(pk, kind);
const token = floor.sign();
const runs = {};
if (cached) {
  const cache = createJwtCache({ max: 1000 });
  const vopts = { backend, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, cache };
  const fast = createVerifier({ key: pk.secret ?? pk.publicPem, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE, cache: 1000 });
  runs['cryptoplug+cache'] = () => verifyJwt(token, pub, vopts);
  runs['fast-jwt+cache'] = () => fast(token);
} else if (kind === 'JWT') {
  const fast = await fastJwt.setup(pk, 'JWT');
  const vopts = { backend, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
  const sopts = { backend, alg, typ: 'JWT' };
  runs.cryptoplug = mode === 'sign' ? () => signJwt(CLAIMS, priv, sopts) : () => verifyJwt(token, pub, vopts);
  runs.floor = mode === 'sign' ? () => floor.sign() : () => floor.verify(token);
  runs['fast-jwt'] = mode === 'sign' ? () => fast.sign() : () => fast.verify(token);
} else {
  const vopts = { backend, algorithms: [alg] };
  const sopts = { backend, protectedHeader: { alg } };
  runs.cryptoplug = mode === 'sign' ? () => signCompact(JWS_PAYLOAD_BYTES, priv, sopts) : () => verifyCompact(token, pub, vopts);
  runs.floor = mode === 'sign' ? () => floor.sign() : () => floor.verify(token);
}
const names = Object.keys(runs);
const us = Object.fromEntries(names.map((k) => [k, []]));
const gc = globalThis.gc; // run with --expose-gc: garbage of one contestant is not collected in another's slice
const slice = async (f) => {
  gc?.();
  let n = 0;
  const t0 = performance.now();
  let dt = 0;
  do {
    for (let i = 0; i < 16; i++) await f();
    n += 16;
    dt = performance.now() - t0;
  } while (dt < 25);
  return (dt * 1000) / n;
};
for (const f of Object.values(runs)) await slice(f); // warm-up
for (let r = 0; r < Number(roundsArg); r++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length];
    us[name].push(await slice(runs[name]));
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const first = names[0];
for (const name of names) {
  const ratio = name === first ? '' : `  ${first} ÷ ${name} (ops/s): ${med(us[name].map((u, i) => u / us[first][i])).toFixed(2)}`;
  console.log(`${kind} ${alg} ${mode} ${name.padEnd(18)} ${med(us[name]).toFixed(2).padStart(7)} µs/op${ratio}`);
}
