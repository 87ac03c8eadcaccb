/**
 * Deterministic ECDSA against RFC 6979 appendix A.2.5–A.2.7 (fixtures/rfc6979.json, SHA-1/256/384/512 × "sample"/"test"
 * on P-256/384/521). The backend binds the requested hash to the RFC 6979 HMAC-DRBG, so r must equal the RFC's r for
 * every hash, not only the curve's "own" one; s equals the RFC's s or, where the RFC's s is high, n − s (the backend
 * signs low-S). The RFC's own (possibly high-S) signature must verify too (verification does not enforce low-S).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EC, bytesToBigInt, bytesToHex, privateKeyFromMaterial, type Backend, type EcCurve, type HashName } from '@cryptoplug/core';
import { createNobleBackend } from '@cryptoplug/backend-noble';
import { readJson, hex } from '@cryptoplug/test-utils/test-helpers';

interface Rfc6979 {
  keys: Record<EcCurve, string>;
  tests: Array<{ curve: EcCurve; hash: HashName; message: string; k: string; r: string; s: string }>;
}

const data = readJson<Rfc6979>('fixtures/rfc6979.json', new URL('./', import.meta.url));
let noble: Backend;
before(async () => {
  noble = await createNobleBackend();
});

test('RFC 6979 A.2.5–A.2.7: signatures match the RFC (s normalised to low-S)', async () => {
  let count = 0;
  let highS = 0;
  for (const v of data.tests) {
    const key = privateKeyFromMaterial({ kty: 'EC', curve: v.curve, d: hex(data.keys[v.curve]) });
    const msg = new TextEncoder().encode(v.message);
    const sig = await noble.sign({ name: 'ECDSA', hash: v.hash }, key, msg);
    const { size, order } = EC[v.curve];
    const rfcS = bytesToBigInt(hex(v.s));
    const lowS = rfcS > order / 2n ? order - rfcS : rfcS;
    if (lowS !== rfcS) highS++;
    const label = `${v.curve} ${v.hash} "${v.message}"`;
    assert.equal(bytesToHex(sig.subarray(0, size)), v.r, `${label}: r`);
    assert.equal(bytesToBigInt(sig.subarray(size)), lowS, `${label}: s`);
    assert.equal(await noble.verify({ name: 'ECDSA', hash: v.hash }, key, hex(v.r + v.s), msg), true, `${label}: RFC signature verifies`);
    count++;
  }
  assert.equal(count, 24);
  assert.ok(highS > 0, 'some RFC signatures are high-S, so the low-S normalisation and lenient verify are exercised');
});
