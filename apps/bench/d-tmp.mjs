import crypto from 'node:crypto';
import { createRegistry } from '@cryptoplug/backends';
import { SecretKey, asciiBytes } from '@cryptoplug/core';
import { signJwt, verifyJwt, parseClaims, validateClaims } from '@cryptoplug/jose';
import { parseCompact, verifyCompactParts } from '/work/wt/w15-fast/packages/jose/dist/jws/shared.js';
import { limitsOf } from '/work/wt/w15-fast/packages/jose/dist/lib/util.js';
import { HS256_SECRET } from './dist/jose-ops.js';
import { AUDIENCE, CLAIMS, ISSUER, minimal } from './dist/peers.js';
import { ab } from '/tmp/w15/ab.mjs';
const backend = await createRegistry().select('auto');
const node = backend.pick({ op: 'hmac', hash: 'SHA-256' });
const priv = new SecretKey(new Uint8Array(HS256_SECRET));
const floor = await minimal.setup({ alg: 'HS256', secret: HS256_SECRET }, 'JWT');
const token = floor.sign();
const vopts = { backend, algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE };
const parts = parseCompact(token, vopts, limitsOf(undefined));
const secret = priv.bytes;
const input = asciiBytes(parts.signingInput);
await ab({
  floor: () => floor.verify(token),
  verifyJwt: () => verifyJwt(token, priv, vopts),
  parseCompact: () => parseCompact(token, vopts, limitsOf(undefined)),
  verifyParts: () => verifyCompactParts(parts, priv, vopts, () => 1),
  memberHmac: () => node.hmac('SHA-256', secret, input),
  createHmac: () => crypto.createHmac('sha256', secret).update(input).digest(),
  claims: () => validateClaims(parts.protectedHeader, parseClaims(parts.payload), vopts),
}, { rounds: 30, sliceMs: 10 });
