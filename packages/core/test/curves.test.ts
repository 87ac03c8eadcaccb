/** The curve data in curves.ts (written out so public-key checks need no curve library) against @noble/curves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { EC, assertOkpPublic, decodeEcPoint, edConstants } from '../src/curves.js';
import { CryptoplugError } from '../src/errors.js';

const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

test('EC domain parameters equal @noble/curves', () => {
  for (const [name, c] of Object.entries(EC)) {
    const n = NOBLE[name as keyof typeof NOBLE].Point.CURVE();
    assert.equal(c.p, n.p, `${name} p`);
    assert.equal(c.b, n.b, `${name} b`);
    assert.equal(c.order, n.n, `${name} n`);
    assert.equal(n.a, c.p - 3n, `${name} a = -3`);
  }
});

test('Ed25519 field constants (computed on first use) equal @noble/curves', () => {
  const c = ed25519.Point.CURVE();
  const [p, d, sqrtM1] = edConstants();
  assert.deepEqual([p, d], [c.p, c.d]);
  assert.equal((sqrtM1 * sqrtM1) % p, p - 1n);
  assert.equal(edConstants(), edConstants());
});

test('compressed and uncompressed points decode like @noble/curves; off-curve points are ERR_KEY_INVALID', () => {
  for (const [name, curve] of Object.entries(NOBLE)) {
    for (let i = 1; i <= 4; i++) {
      const pub = curve.getPublicKey(curve.utils.randomSecretKey(), false);
      const comp = curve.getPublicKey(curve.utils.randomSecretKey(), true);
      const full = curve.Point.fromBytes(comp).toBytes(false);
      for (const [point, want] of [[pub, pub], [comp, full]] as const) {
        const { x, y } = decodeEcPoint(name as keyof typeof NOBLE, point);
        assert.deepEqual(Uint8Array.from([4, ...x, ...y]), want);
      }
      const bad = pub.slice();
      bad[bad.length - 1]! ^= 1;
      assert.throws(() => decodeEcPoint(name as keyof typeof NOBLE, bad), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_KEY_INVALID');
    }
  }
});

test('Ed25519 encodings: valid points pass, what noble rejects is ERR_KEY_INVALID', () => {
  for (let i = 0; i < 64; i++) {
    const bytes = i % 2 ? ed25519.getPublicKey(ed25519.utils.randomSecretKey()) : crypto.getRandomValues(new Uint8Array(32));
    let nobleOk = true;
    try {
      ed25519.Point.fromBytes(bytes);
    } catch {
      nobleOk = false;
    }
    if (nobleOk) assertOkpPublic('Ed25519', bytes);
    else assert.throws(() => assertOkpPublic('Ed25519', bytes), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_KEY_INVALID');
  }
});
