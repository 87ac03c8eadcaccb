import crypto from 'node:crypto';
import { createRegistry } from '@cryptoplug/backends';
import { SecretKey, asciiBytes } from '@cryptoplug/core';
import { signJwt, verifyJwt, parseClaims, validateClaims } from '@cryptoplug/jose';
import { parseCompact, verifyCompactParts } from '/work/wt/w15-fast/packages/jose/dist/jws/shared.js';
import { limitsOf } from '/work/wt/w15-fast/packages/jose/dist/lib/util.js';
import { HS256_SECRET } from '/work/wt/w15-fast/apps/bench/dist/jose-ops.js';
import { AUDIENCE, CLAIMS, ISSUER, minimal } from '/work/wt/w15-fast/apps/bench/dist/peers.js';
const backend = await createRegistry().select('auto');
const node = backend.pick({ op: 'hmac', hash: 'SHA-256' });
const priv = new SecretKey(new Uint8Array(HS256_SECRET));
const token = await signJwt(CLAIMS, priv, { backend, alg: 'HS256', typ: 'JWT' });
const floor = await minimal.setup({ alg: 'HS256', secret: HS256_SECRET }, 'JWT');
const vopts = { backend, algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE };
const parts = parseCompact(token, vopts, limitsOf(undefined));
const secret = priv.bytes;
const input = asciiBytes(parts.signingInput);
const fns = {
  floor: () => floor.verify(token),
  verifyJwt: () => verifyJwt(token, priv, vopts),
  parseCompact: () => parseCompact(token, vopts, limitsOf(undefined)),
  verifyParts: () => verifyCompactParts(parts, priv, vopts, () => 1),
  memberHmac: () => node.hmac('SHA-256', secret, input),
  createHmac: () => crypto.createHmac('sha256', secret).update(input).digest(),
  claims: () => validateClaims(parts.protectedHeader, parseClaims(parts.payload), vopts),
  asciiBytes: () => asciiBytes(parts.signingInput),
};
const names = Object.keys(fns); const res = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < 11; r++) for (const n of names) { const f = fns[n]; const N = 10000; const t = performance.now(); for (let i = 0; i < N; i++) await f(); res[n].push((performance.now() - t) * 1000 / N); }
for (const n of names) console.log(n.padEnd(16), res[n].sort((a, b) => a - b)[5].toFixed(3), 'µs', ' ÷floor', (res.floor.map((x,i)=>res[n][i]/x).sort()[5]).toFixed(2));
