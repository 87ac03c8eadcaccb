#!/usr/bin/env node
/** Interleaved micro comparison of cryptoplug JWT (auto) with the floor and fast-jwt: `compare.mjs RS256 verify`. */
import { createRegistry } from '@cryptoplug/backends';
import { SecretKey, jwkFromKey } from '@cryptoplug/core';
import { signJwt, verifyJwt } from '@cryptoplug/jose';
import { HS256_SECRET, JOSE_SPECS } from '../dist/jose-ops.js';
import { AUDIENCE, CLAIMS, ISSUER, minimal, fastJwt } from '../dist/peers.js';
import { key, pem } from '../dist/keys.js';

const [alg = 'HS256', mode = 'verify', n = '20000'] = process.argv.slice(2);
const spec = JOSE_SPECS.find((s) => s.alg === alg);
const backend = await createRegistry().select(process.env.BACKEND ?? 'auto');
const priv = spec.keyName ? key(spec.keyName) : new SecretKey(new Uint8Array(HS256_SECRET));
const pub = spec.keyName ? priv.publicKey() : priv;
const pk = spec.keyName ? { alg, privatePem: pem(spec.keyName), publicPem: pem(spec.keyName, 'spki'), privateJwk: jwkFromKey(priv, { private: true }), publicJwk: jwkFromKey(pub) } : { alg, secret: HS256_SECRET, privateJwk: {}, publicJwk: {} };
const floor = await minimal.setup(pk, 'JWT');
const fast = await fastJwt.setup(pk, 'JWT');
const token = floor.sign();
const vopts = { backend, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
const sopts = { backend, alg, typ: 'JWT' };
const runs = {
  cryptoplug: mode === 'sign' ? () => signJwt(CLAIMS, priv, sopts) : () => verifyJwt(token, pub, vopts),
  floor: mode === 'sign' ? () => floor.sign() : () => floor.verify(token),
  'fast-jwt': mode === 'sign' ? () => fast.sign() : () => fast.verify(token),
};
const res = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = 0; r < 5; r++) {
  for (const [name, f] of Object.entries(runs)) {
    const t0 = performance.now();
    for (let i = 0; i < Number(n); i++) await f();
    res[name].push((performance.now() - t0) * 1000 / Number(n));
  }
}
for (const [name, xs] of Object.entries(res)) console.log(name.padEnd(12), 'µs/op (median of 5):', xs.sort((a, b) => a - b)[2].toFixed(2));
