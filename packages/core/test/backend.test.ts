/**
 * defineBackend's validation layer, with a recording stub backend: these tests check which inputs core rejects before
 * a backend runs (and with which code), and that outputs are normalised — not cryptographic results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allCapabilities,
  defineBackend,
  importPrivateKey,
  importPublicKey,
  keyFromJwkDeferred,
  type BackendImpl,
  type Capabilities,
  type VerifyItem,
} from '@cryptoplug/core';
import { rejectsWith, vectorFile } from './helpers.js';

const FULL: Capabilities = allCapabilities();

function stub(caps: Capabilities = FULL, overrides: Partial<BackendImpl> = {}) {
  const calls: string[] = [];
  const impl: BackendImpl = {
    name: 'stub',
    capabilities: () => caps,
    sign: (alg, key) => {
      calls.push('sign');
      return new Uint8Array(alg.name === 'ECDSA' ? 2 * ({ 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const)[key.curve as 'P-256'] : 64).fill(1);
    },
    verify: () => {
      calls.push('verify');
      return true;
    },
    deriveSharedSecret: () => {
      calls.push('ecdh');
      return new Uint8Array(32);
    },
    oaepDecrypt: () => {
      calls.push('oaepDecrypt');
      throw new Error('padding check failed at byte 3');
    },
    aesGcmDecrypt: () => {
      throw new TypeError('bad tag');
    },
    digest: () => {
      throw new RangeError('internal');
    },
    ...overrides,
  };
  return { backend: defineBackend(impl), calls };
}

const p256 = importPrivateKey(vectorFile('keys/ec-p256.pkcs8.pem').toString());
const p384 = importPrivateKey(vectorFile('keys/ec-p384.pkcs8.pem').toString());
const ed = importPrivateKey(vectorFile('keys/ed25519.pkcs8.pem').toString());
const x = importPrivateKey(vectorFile('keys/x25519.pkcs8.pem').toString());
const rsa = importPrivateKey(vectorFile('keys/rsa-2048.pkcs8.pem').toString());
const data = new Uint8Array([1, 2, 3]);

test('wrong key for the algorithm is ERR_KEY_ALG_MISMATCH before the backend runs', async () => {
  const { backend, calls } = stub();
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, rsa, data), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.sign({ name: 'Ed25519' }, p256, data), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, ed, data), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.sign({ name: 'Ed25519' }, x, data), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.deriveSharedSecret(p256, p384.publicKey()), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.deriveSharedSecret(ed, ed.publicKey()), 'ERR_KEY_ALG_MISMATCH');
  await rejectsWith(() => backend.oaepEncrypt({ hash: 'SHA-256' }, p256.publicKey(), data), 'ERR_KEY_ALG_MISMATCH');
  assert.deepEqual(calls, []);
});

test('public key where a private key is needed is ERR_KEY_USAGE; unknown algorithms ERR_UNSUPPORTED', async () => {
  const { backend } = stub();
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, p256.publicKey() as never, data), 'ERR_KEY_USAGE');
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'MD5' as never }, p256, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => backend.sign({ name: 'DSA' } as never, p256, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => backend.sign({ name: 'RSA-PSS', hash: 'SHA-256' } as never, rsa, data), 'ERR_INPUT_INVALID');
  await rejectsWith(() => backend.sign({ name: 'RSA-PSS', hash: 'SHA-512', saltLength: 200 }, rsa, data), 'ERR_INPUT_INVALID');
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, {} as never, data), 'ERR_KEY_INVALID');
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, p256, 'text' as never), 'ERR_INPUT_INVALID');
});

test('malformed signatures throw, out-of-range ones are false without asking the backend', async () => {
  const { backend, calls } = stub();
  const pub = p256.publicKey();
  await rejectsWith(() => backend.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, new Uint8Array(63), data), 'ERR_SIGNATURE_MALFORMED');
  await rejectsWith(() => backend.verify({ name: 'ECDSA', hash: 'SHA-256', encoding: 'der' }, pub, new Uint8Array([0x30, 0]), data), 'ERR_SIGNATURE_MALFORMED');
  await rejectsWith(() => backend.verify({ name: 'Ed25519' }, ed.publicKey(), new Uint8Array(65), data), 'ERR_SIGNATURE_MALFORMED');
  await rejectsWith(() => backend.verify({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, rsa.publicKey(), new Uint8Array(255), data), 'ERR_SIGNATURE_MALFORMED');
  assert.equal(await backend.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, new Uint8Array(64), data), false); // r = s = 0
  assert.equal(await backend.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, new Uint8Array(64).fill(0xff), data), false); // ≥ n
  assert.deepEqual(calls, []);
  assert.equal(await backend.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, new Uint8Array(64).fill(1), data), true);
  assert.deepEqual(calls, ['verify']);
});

test('DER output is produced by core from the backend P1363 signature', async () => {
  const { backend } = stub();
  const der = await backend.sign({ name: 'ECDSA', hash: 'SHA-256', encoding: 'der' }, p256, data);
  assert.equal(Buffer.from(der).toString('hex'), '3044' + '0220' + '01'.repeat(32) + '0220' + '01'.repeat(32));
});

test('decryption failures are one error with one message, whatever the backend said', async () => {
  const { backend } = stub();
  for (const fn of [
    () => backend.oaepDecrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(256)),
    () => backend.oaepDecrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(10)),
    () => backend.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(5), new Uint8Array(16)),
    () => backend.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(5), new Uint8Array(12)),
    () => backend.aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(15)),
    () => backend.aesKwUnwrap(new Uint8Array(16), new Uint8Array(20)),
  ]) {
    try {
      await fn();
      assert.fail('expected a decryption failure');
    } catch (e) {
      assert.equal((e as { code?: string }).code, 'ERR_DECRYPTION_FAILED');
      assert.equal((e as Error).message, 'decryption failed');
    }
  }
});

test('other backend errors become ERR_OPERATION_FAILED with the cause kept', async () => {
  const { backend } = stub();
  try {
    await backend.digest('SHA-256', data);
    assert.fail('expected failure');
  } catch (e) {
    assert.equal((e as { code?: string }).code, 'ERR_OPERATION_FAILED');
    assert.ok((e as Error).cause instanceof RangeError);
  }
});

test('capabilities gate every operation: unsupported is ERR_UNSUPPORTED, never a wrong answer', async () => {
  const caps: Capabilities = { ...FULL, ecdsa: { curves: ['P-256'], hashes: ['SHA-256'] }, ed25519: false, ecdh: { curves: [] } };
  const { backend, calls } = stub(caps);
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, p384, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-1' }, p256, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => backend.sign({ name: 'Ed25519' }, ed, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => backend.deriveSharedSecret(x, x.publicKey()), 'ERR_UNSUPPORTED');
  assert.deepEqual(calls, []);
  assert.equal(backend.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' }), true);
  assert.equal(backend.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-521' }), false);
});

test('X25519 small-order public keys are rejected before the backend runs', async () => {
  const { backend, calls } = stub();
  for (const hex of [
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  ]) {
    const pub = importPublicKey(Buffer.from(hex, 'hex'), { format: 'raw', curve: 'X25519' });
    await rejectsWith(() => backend.deriveSharedSecret(x, pub), 'ERR_KEY_INVALID');
  }
  assert.deepEqual(calls, []);
});

test('verifyMany keeps input order, applies verify\'s checks, and uses the backend batch when it has one', async () => {
  const seen: number[] = [];
  const { backend } = stub(FULL, {
    verifyMany: async (items) => items.map((it) => (seen.push(it.signature[0]!), it.signature[0] === 1)),
  });
  const pub = p256.publicKey();
  const sig = (b: number) => new Uint8Array(64).fill(b);
  const alg = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const res = await backend.verifyMany([
    { alg, key: pub, signature: sig(1), data },
    { alg, key: pub, signature: sig(0), data }, // r = s = 0: false without reaching the backend
    { alg, key: pub, signature: sig(2), data },
  ]);
  assert.deepEqual(res, [true, false, false]);
  assert.deepEqual(seen, [1, 2]);
  await rejectsWith(() => backend.verifyMany([{ alg, key: pub, signature: new Uint8Array(3), data }]), 'ERR_SIGNATURE_MALFORMED');
  const plain = stub();
  assert.deepEqual(await plain.backend.verifyMany([{ alg, key: pub, signature: sig(1), data }], { concurrency: 2 }), [true]);
});

test('verifyMany: a batch core answers nothing of goes to the backend whole and in order; one it answers all of, never', async () => {
  const calls: number[][] = [];
  const { backend } = stub(FULL, {
    verifyMany: async (items) => (calls.push(items.map((it) => it.signature[0]!)), items.map((it) => it.signature[0]! % 2 === 1)),
  });
  const pub = p256.publicKey();
  const sig = (b: number) => new Uint8Array(64).fill(b);
  const alg = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const all = [3, 4, 5, 6, 7, 8, 9, 10, 11];
  assert.deepEqual(await backend.verifyMany(all.map((b) => ({ alg, key: pub, signature: sig(b), data }))), all.map((b) => b % 2 === 1));
  assert.deepEqual(await backend.verifyMany([0, 0, 0].map((b) => ({ alg, key: pub, signature: sig(b), data }))), [false, false, false]);
  assert.deepEqual(await backend.verifyMany([]), []);
  assert.deepEqual(calls, [all]);
  await rejectsWith(() => backend.verifyMany([{ alg, key: pub, signature: sig(1), data }, null as never]), 'ERR_INPUT_INVALID');
  assert.deepEqual(calls, [all]);
});

test('verifyMany: items sharing one alg and key object get every per-item check verify applies (same answers, same errors)', async () => {
  const seen: VerifyItem[] = [];
  const { backend } = stub(FULL, { verifyMany: async (items) => (seen.push(...items), items.map((it) => it.signature[0]! % 2 === 1)) });
  const sig = (b: number, len = 64) => new Uint8Array(len).fill(b);
  const es = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const pub = p256.publicKey();
  // r = s = 0 in the middle: false without reaching the backend; the backend gets the normalised alg for every item
  assert.deepEqual(await backend.verifyMany([1, 3, 0, 5, 2].map((b) => ({ alg: es, key: pub, signature: sig(b), data }))), [true, true, false, true, false]);
  assert.deepEqual(seen.map((it) => [it.signature[0], it.alg, it.key === pub]), [1, 3, 5, 2].map((b) => [b, { name: 'ECDSA', hash: 'SHA-256', encoding: 'p1363' }, true]));
  // a private key stands for its public half on every item, not only the first
  seen.length = 0;
  await backend.verifyMany([1, 3].map((b) => ({ alg: es, key: p256, signature: sig(b), data })));
  assert.deepEqual(seen.map((it) => it.key === pub), [true, true]);
  // a signature of the wrong length, or data that is not bytes, after valid items: the errors of verify
  const ok = { alg: es, key: pub, signature: sig(1), data };
  await rejectsWith(() => backend.verifyMany([ok, ok, { ...ok, signature: sig(1, 63) }]), 'ERR_SIGNATURE_MALFORMED');
  await rejectsWith(() => backend.verifyMany([ok, ok, { ...ok, data: 'abc' as never }]), 'ERR_INPUT_INVALID');
  await rejectsWith(() => backend.verifyMany([ok, ok, { ...ok, signature: [1, 2] as never }]), 'ERR_INPUT_INVALID');
  const edAlg = { name: 'Ed25519' } as const;
  const edPub = ed.publicKey();
  await rejectsWith(() => backend.verifyMany([1, 3, 5].map((b, i) => ({ alg: edAlg, key: edPub, signature: sig(b, i === 2 ? 65 : 64), data }))), 'ERR_SIGNATURE_MALFORMED');
  const rs = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
  const rsPub = rsa.publicKey();
  assert.deepEqual(await backend.verifyMany([1, 2].map((b) => ({ alg: rs, key: rsPub, signature: sig(b, 256), data }))), [true, false]);
  await rejectsWith(() => backend.verifyMany([1, 3].map((b, i) => ({ alg: rs, key: rsPub, signature: sig(b, i ? 255 : 256), data }))), 'ERR_SIGNATURE_MALFORMED');
  // a PSS salt too long for the key answers false for every item
  const pss = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 250 } as const;
  assert.deepEqual(await backend.verifyMany([1, 3].map((b) => ({ alg: pss, key: rsPub, signature: sig(b, 256), data }))), [false, false]);
});

// `auto` falling back for these (and routing AES-GCM by IV length) is tested in packages/backends/test/auto.test.ts.
test('capabilities can exclude single ECDSA curve × hash pairs and AES key sizes', async () => {
  const partial = stub({ ...FULL, ecdsa: { ...FULL.ecdsa, exclude: [{ curve: 'P-384', hash: 'SHA-1' }] }, aesKeySizes: [128, 256] });
  assert.equal(partial.backend.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-384', hash: 'SHA-1' }), false);
  assert.equal(partial.backend.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-384', hash: 'SHA-256' }), true);
  await rejectsWith(() => partial.backend.sign({ name: 'ECDSA', hash: 'SHA-1' }, p384, data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => partial.backend.aesGcmEncrypt(new Uint8Array(24), new Uint8Array(12), data), 'ERR_UNSUPPORTED');
  await rejectsWith(() => partial.backend.aesKwUnwrap(new Uint8Array(24), new Uint8Array(24)), 'ERR_UNSUPPORTED');
  assert.deepEqual(partial.calls, []);
  assert.equal(partial.backend.supports({ op: 'aesCbc', keyBits: 192 }), false);
  assert.equal(partial.backend.supports({ op: 'aesCbc', keyBits: 128 }), true);
});

test('keyFromJwkDeferred: an inconsistent private JWK is ERR_KEY_INVALID before the backend signs or derives', async () => {
  const jwk = JSON.parse(vectorFile('keys/ec-p256.jwk.json').toString());
  const other = JSON.parse(vectorFile('keys/ec-p384.jwk.json').toString());
  const ed = JSON.parse(vectorFile('keys/ed25519.jwk.json').toString());
  const { backend, calls } = stub();
  const good = keyFromJwkDeferred(jwk);
  assert.equal((await backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, good as never, new Uint8Array(1))).length, 64);
  // d from another key (cut to size): the public point is on the curve, the pair does not match
  const badD = other.d.slice(0, 43);
  const bad = keyFromJwkDeferred({ ...jwk, d: badD });
  await rejectsWith(() => backend.sign({ name: 'ECDSA', hash: 'SHA-256' }, bad as never, new Uint8Array(1)), 'ERR_KEY_INVALID');
  await rejectsWith(() => backend.deriveSharedSecret(bad as never, good as never), 'ERR_KEY_INVALID');
  const badEd = keyFromJwkDeferred({ ...ed, d: jwk.d });
  await rejectsWith(() => backend.sign({ name: 'Ed25519' }, badEd as never, new Uint8Array(1)), 'ERR_KEY_INVALID');
  assert.deepEqual(calls, ['sign']);
  // what is cheap is still checked at once
  assert.throws(() => keyFromJwkDeferred({ ...jwk, d: 'A'.repeat(43) }), (e: { code?: string }) => e.code === 'ERR_KEY_INVALID');
});
