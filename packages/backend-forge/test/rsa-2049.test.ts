/**
 * Forge-specific: a 2049-bit RSA modulus (k = 257 bytes, so RSA-PSS has emLen = k − 1 and the first byte of the RSAVP1
 * output must be zero — the branch src/rsa.ts handles that forge's own `pss.verify` skips). The fixture's signatures
 * were made by the OpenSSL CLI (fixtures/README.md); forge must accept them, reject tampered ones, reproduce the
 * deterministic PKCS#1 v1.5 ones, and exchange PSS signatures with the WebCrypto backend both ways. What every backend
 * must do is in the shared runner (conformance.test.ts) and the cross-backend matrix (packages/backends).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, importPrivateKey, type SignatureAlgorithm } from '@cryptoplug/core';
import { createForgeBackend } from '@cryptoplug/backend-forge';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { flip, hex, readJson } from '@cryptoplug/test-utils/test-helpers';

test('2049-bit modulus (emLen = k − 1): OpenSSL CLI signatures verify; forge ⇄ webcrypto PSS', async () => {
  const [forge, web] = [await createForgeBackend(), await createWebCryptoBackend()];
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
    const alg = { name: 'RSA-PSS', hash: 'SHA-256', saltLength } as const;
    for (const [a, b] of [[forge, web], [web, forge]] as const) {
      const sig = await a.sign(alg, key, msg);
      assert.equal(await b.verify(alg, key, sig, msg), true, `${a.name} → ${b.name} salt ${saltLength}`);
      assert.equal(await b.verify(alg, key, sig, flip(msg, 0)), false, `${a.name} → ${b.name} salt ${saltLength}, other message`);
    }
  }
});

// What the backend claims is what the runner and the cross matrix exercise; keep the claim and the tests in step.
test('capabilities claim exactly RSA, Ed25519, AES-GCM/CBC, digests/MACs/KDFs and random (no ECDSA, ECDH, AES-KW)', async () => {
  const c = (await createForgeBackend()).capabilities();
  const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
  assert.deepEqual([...c.rsaPkcs1.hashes], HASHES);
  assert.deepEqual([...c.rsaPss.hashes], HASHES);
  assert.deepEqual([...c.rsaOaep.hashes], HASHES);
  assert.equal(c.ed25519, true);
  assert.deepEqual([...c.ecdsa.curves], []);
  assert.deepEqual([...c.ecdh.curves], []);
  assert.equal(c.aesKw, false);
  assert.deepEqual([...c.generateKey].sort(), ['ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
  for (const list of [c.digest, c.hmac, c.hkdf, c.pbkdf2]) assert.deepEqual([...list], HASHES);
  assert.equal(c.aesGcm && c.aesCbc && c.random, true);
});
