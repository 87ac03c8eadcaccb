/**
 * Round trips between the forge backend and the WebCrypto backend (OpenSSL underneath on Node): what one produces the
 * other must accept, in both directions. Deterministic outputs (PKCS#1 v1.5, Ed25519, digests, MACs, KDFs, AES with a
 * fixed IV) must also be byte-identical. Inputs are random; expected values come from the other implementation.
 *
 * Also covers SHA-1 for PKCS#1 v1.5 / PSS (no SHA-1 RSA signature vectors in vectors/primitives), a 2049-bit modulus
 * (fixture signed by the OpenSSL CLI), large inputs (the binary-string conversion is chunked), and one forge RSA-2048
 * and one Ed25519 key generation (the only RSA key generation in the tests).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HASHES, HASH_SIZE, bytesToHex, importPrivateKey, type Backend, type PrivateKey, type SignatureAlgorithm } from '@cryptoplug/core';
import { createForgeBackend } from '@cryptoplug/backend-forge';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { flip, hex, privateKey, readJson } from './helpers.js';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

const forge: Backend = await createForgeBackend();
const web: Backend = await createWebCryptoBackend();
const rnd = (n: number) => web.randomBytes(n);

const rsa2048 = privateKey('rsa-2048');
const rsa3072 = privateKey('rsa-3072');
const ed = privateKey('ed25519');

/** sign with `a`, verify with `b` (true), and the tampered message is rejected by both. */
async function signedAcross(a: Backend, b: Backend, alg: SignatureAlgorithm, key: PrivateKey, msg: Uint8Array): Promise<Uint8Array> {
  const sig = await a.sign(alg, key, msg);
  assert.equal(await b.verify(alg, key, sig, msg), true, `${a.name} → ${b.name} ${JSON.stringify(alg)}`);
  const bad = msg.length ? flip(msg, 0) : Uint8Array.of(0);
  assert.equal(await b.verify(alg, key, sig, bad), false);
  assert.equal(await a.verify(alg, key, sig, bad), false);
  return sig;
}

describe('signatures: forge ⇄ webcrypto', () => {
  test('RSASSA-PKCS1-v1_5, every hash: both directions, identical signatures', async () => {
    for (const hash of HASHES) {
      for (const key of [rsa2048, rsa3072]) {
        const msg = rnd(77);
        const alg = { name: 'RSASSA-PKCS1-v1_5', hash } as const;
        const fromForge = await signedAcross(forge, web, alg, key, msg);
        const fromWeb = await signedAcross(web, forge, alg, key, msg);
        assert.equal(bytesToHex(fromForge), bytesToHex(fromWeb), `${hash}: PKCS#1 v1.5 is deterministic`);
      }
    }
  });

  test('RSA-PSS, every hash, salt lengths 0, 20 and hLen: both directions', async () => {
    let n = 0;
    for (const hash of HASHES) {
      for (const saltLength of new Set([0, 20, HASH_SIZE[hash]])) {
        const alg = { name: 'RSA-PSS', hash, saltLength } as const;
        const msg = rnd(33);
        await signedAcross(forge, web, alg, rsa2048, msg);
        await signedAcross(web, forge, alg, rsa2048, msg);
        n++;
      }
    }
    assert.equal(n, 11);
    // The largest salt the key allows (emLen − hLen − 2), both directions.
    const alg = { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 256 - 64 - 2 } as const;
    await signedAcross(forge, web, alg, rsa2048, rnd(5));
    await signedAcross(web, forge, alg, rsa2048, rnd(5));
  });

  test('RSA-PSS with a different salt length than signed is rejected by both', async () => {
    const msg = rnd(20);
    const sig = await forge.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, rsa2048, msg);
    assert.equal(await forge.verify({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 0 }, rsa2048, sig, msg), false);
    assert.equal(await web.verify({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 0 }, rsa2048, sig, msg), false);
  });

  test('Ed25519: both directions, identical signatures', async (t) => {
    if (!web.supports({ op: 'sign', alg: 'Ed25519' })) return t.skip('this runtime\'s WebCrypto has no Ed25519');
    for (const len of [0, 1, 64, 1000]) {
      const msg = rnd(len);
      const a = await signedAcross(forge, web, { name: 'Ed25519' }, ed, msg);
      const b = await signedAcross(web, forge, { name: 'Ed25519' }, ed, msg);
      assert.equal(bytesToHex(a), bytesToHex(b));
    }
  });

  test('2049-bit modulus (emLen = k − 1): OpenSSL CLI signatures verify; forge ⇄ webcrypto PSS', async () => {
    const fx = readJson<{ key: string; msg: string; signatures: Array<{ id: string; alg: SignatureAlgorithm; sig: string }> }>(
      'rsa-2049.json', new URL('./fixtures/', import.meta.url));
    const key = importPrivateKey(fx.key);
    assert.equal(key.bits, 2049);
    const msg = hex(fx.msg);
    for (const s of fx.signatures) {
      assert.equal(await forge.verify(s.alg, key, hex(s.sig), msg), true, s.id);
      assert.equal(await forge.verify(s.alg, key, flip(hex(s.sig), 128), msg), false, s.id);
      assert.equal(await forge.verify(s.alg, key, hex(s.sig), flip(msg, 3)), false, s.id);
      if (s.alg.name === 'RSASSA-PKCS1-v1_5') assert.equal(bytesToHex(await forge.sign(s.alg, key, msg)), s.sig, s.id);
    }
    assert.equal(fx.signatures.length, 6);
    for (const saltLength of [0, 32]) {
      await signedAcross(forge, web, { name: 'RSA-PSS', hash: 'SHA-256', saltLength }, key, msg);
      await signedAcross(web, forge, { name: 'RSA-PSS', hash: 'SHA-256', saltLength }, key, msg);
    }
  });
});

describe('RSA-OAEP: forge ⇄ webcrypto', () => {
  test('every hash, with and without a label, lengths 0/16/max: both directions', async () => {
    let n = 0;
    for (const hash of HASHES) {
      for (const label of [undefined, rnd(13)]) {
        const params = label ? { hash, label } : { hash };
        for (const len of [0, 16, 256 - 2 * HASH_SIZE[hash] - 2]) {
          const pt = rnd(len);
          const c1 = await forge.oaepEncrypt(params, rsa2048, pt);
          assert.equal(bytesToHex(await web.oaepDecrypt(params, rsa2048, c1)), bytesToHex(pt));
          const c2 = await web.oaepEncrypt(params, rsa2048, pt);
          assert.equal(bytesToHex(await forge.oaepDecrypt(params, rsa2048, c2)), bytesToHex(pt));
          n++;
        }
      }
    }
    assert.equal(n, 24);
  });

  test('webcrypto ciphertext with another label or hash fails in forge', async () => {
    const c = await web.oaepEncrypt({ hash: 'SHA-256', label: hex('aa') }, rsa3072, rnd(10));
    await assert.rejects(forge.oaepDecrypt({ hash: 'SHA-256', label: hex('ab') }, rsa3072, c), { code: 'ERR_DECRYPTION_FAILED' });
    await assert.rejects(forge.oaepDecrypt({ hash: 'SHA-256' }, rsa3072, c), { code: 'ERR_DECRYPTION_FAILED' });
    await assert.rejects(forge.oaepDecrypt({ hash: 'SHA-1', label: hex('aa') }, rsa3072, c), { code: 'ERR_DECRYPTION_FAILED' });
  });
});

describe('symmetric: forge ⇄ webcrypto', () => {
  // IVs shorter than 12 bytes are left to Wycheproof (aes_gcm_test has 1- and 8-byte IVs): Node 20's WebCrypto
  // refuses them (OPERATION_FAILED), so they cannot be cross-checked here.
  test('AES-GCM: 128/192/256-bit keys, IVs of 12, 13, 16 and 60 bytes, with and without AAD: both directions', async () => {
    for (const keyLen of [16, 24, 32]) {
      for (const ivLen of [12, 13, 16, 60]) {
        for (const len of [0, 15, 16, 100]) {
          const key = rnd(keyLen), iv = rnd(ivLen), pt = rnd(len), aad = rnd(len % 3 === 0 ? 0 : 21);
          const a = await forge.aesGcmEncrypt(key, iv, pt, aad);
          const b = await web.aesGcmEncrypt(key, iv, pt, aad);
          assert.equal(bytesToHex(a.ciphertext) + bytesToHex(a.tag), bytesToHex(b.ciphertext) + bytesToHex(b.tag));
          assert.equal(bytesToHex(await forge.aesGcmDecrypt(key, iv, b.ciphertext, b.tag, aad)), bytesToHex(pt));
          assert.equal(bytesToHex(await web.aesGcmDecrypt(key, iv, a.ciphertext, a.tag, aad)), bytesToHex(pt));
        }
      }
    }
  });

  test('AES-CBC: 128/192/256-bit keys, lengths 0..33 and 1000: both directions', async () => {
    for (const keyLen of [16, 24, 32]) {
      for (const len of [0, 1, 15, 16, 17, 31, 32, 33, 1000]) {
        const key = rnd(keyLen), iv = rnd(16), pt = rnd(len);
        const a = await forge.aesCbcEncrypt(key, iv, pt);
        assert.equal(bytesToHex(a), bytesToHex(await web.aesCbcEncrypt(key, iv, pt)));
        assert.equal(bytesToHex(await web.aesCbcDecrypt(key, iv, a)), bytesToHex(pt));
        assert.equal(bytesToHex(await forge.aesCbcDecrypt(key, iv, a)), bytesToHex(pt));
      }
    }
  });

  test('digest, HMAC, HKDF and PBKDF2 agree on random inputs, including 200 kB data and empty keys', async () => {
    const big = rnd(200_000);
    for (const hash of HASHES) {
      for (const data of [new Uint8Array(0), rnd(3), big]) {
        assert.equal(bytesToHex(await forge.digest(hash, data)), bytesToHex(await web.digest(hash, data)));
        for (const key of [new Uint8Array(0), rnd(16), rnd(200)]) {
          assert.equal(bytesToHex(await forge.hmac(hash, key, data)), bytesToHex(await web.hmac(hash, key, data)));
        }
      }
      for (const [salt, info, length] of [[new Uint8Array(0), new Uint8Array(0), 1], [rnd(16), rnd(10), 255 * HASH_SIZE[hash]]] as const) {
        const ikm = rnd(22);
        assert.equal(bytesToHex(await forge.hkdf(hash, ikm, salt, info, length)), bytesToHex(await web.hkdf(hash, ikm, salt, info, length)));
      }
      const pw = rnd(9), salt = rnd(16);
      assert.equal(bytesToHex(await forge.pbkdf2(hash, pw, salt, 100, 70)), bytesToHex(await web.pbkdf2(hash, pw, salt, 100, 70)));
      assert.equal(bytesToHex(await forge.pbkdf2(hash, new Uint8Array(0), salt, 2, 16)), bytesToHex(await web.pbkdf2(hash, new Uint8Array(0), salt, 2, 16)));
    }
  });

  test('AES-GCM on 100 kB (chunked binary conversion) matches webcrypto', async () => {
    const key = rnd(32), iv = rnd(12), pt = rnd(100_000);
    const a = await forge.aesGcmEncrypt(key, iv, pt);
    const b = await web.aesGcmEncrypt(key, iv, pt);
    assert.equal(bytesToHex(a.tag), bytesToHex(b.tag));
    assert.equal(bytesToHex(a.ciphertext), bytesToHex(b.ciphertext));
  });
});

describe('key generation (forge) used by webcrypto', () => {
  test('rsa-2048: PKCS#1 v1.5 and PSS signatures and OAEP both ways', async () => {
    const key = await forge.generateKey('rsa-2048');
    assert.equal(key.kty, 'RSA');
    assert.equal(key.bits, 2048);
    const m = keyMaterial(key);
    assert.ok(m.kty === 'RSA' && bytesToHex(m.e) === '010001');
    await signedAcross(forge, web, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, key, rnd(10));
    await signedAcross(web, forge, { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }, key, rnd(10));
    const pt = rnd(32);
    assert.equal(bytesToHex(await forge.oaepDecrypt({ hash: 'SHA-256' }, key, await web.oaepEncrypt({ hash: 'SHA-256' }, key, pt))), bytesToHex(pt));
  });

  test('ed25519: forge key signs, webcrypto verifies', async (t) => {
    const key = await forge.generateKey('ed25519');
    assert.equal(key.curve, 'Ed25519');
    const other = await forge.generateKey('ed25519');
    const m = keyMaterial(key), o = keyMaterial(other);
    assert.ok(m.kty === 'OKP' && o.kty === 'OKP' && bytesToHex(m.d) !== bytesToHex(o.d), 'two generated keys differ');
    if (!web.supports({ op: 'verify', alg: 'Ed25519' })) return t.skip('this runtime\'s WebCrypto has no Ed25519');
    await signedAcross(forge, web, { name: 'Ed25519' }, key, rnd(40));
  });
});

test('random bytes: requested lengths, and not constant', () => {
  for (const n of [0, 1, 32, 70_000]) assert.equal(forge.randomBytes(n).length, n);
  const a = forge.randomBytes(32), b = forge.randomBytes(32);
  assert.notEqual(bytesToHex(a), bytesToHex(b));
  assert.ok(forge.randomBytes(32) instanceof Uint8Array);
});

// What the backend claims is what the vectors and round trips above exercise; keep the claim and the tests in step.
test('capabilities claim exactly what the tests above exercise', () => {
  const c = forge.capabilities();
  assert.deepEqual([...c.rsaPkcs1.hashes], [...HASHES]);
  assert.deepEqual([...c.rsaPss.hashes], [...HASHES]);
  assert.deepEqual([...c.rsaOaep.hashes], [...HASHES]);
  assert.equal(c.ed25519, true);
  assert.deepEqual([...c.ecdsa.curves], []);
  assert.deepEqual([...c.ecdh.curves], []);
  assert.equal(c.aesKw, false);
  assert.deepEqual([...c.generateKey].sort(), ['ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
  for (const list of [c.digest, c.hmac, c.hkdf, c.pbkdf2]) assert.deepEqual([...list], [...HASHES]);
  assert.equal(c.aesGcm && c.aesCbc && c.random, true);
});
