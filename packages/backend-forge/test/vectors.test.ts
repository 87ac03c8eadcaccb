/**
 * Every applicable vector of vectors/primitives (made by pyca/cryptography and python-ecdsa, see its README) through
 * the forge backend. Vectors for what forge cannot do (ECDSA, ECDH, AES-KW) must be refused with ERR_UNSUPPORTED.
 * Each section collects the ids that went wrong and asserts that list is empty, and counts what it checked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, CryptoplugError, type Backend, type HashName, type SignatureAlgorithm } from '@cryptoplug/core';
import { createForgeBackend } from '@cryptoplug/backend-forge';
import {
  hex, privateKey, publicKey, readJson, rejectsWith,
  type EcdhVector, type OaepVector, type SignatureVector, type Symmetric,
} from './helpers.js';

const forge: Backend = await createForgeBackend();
const signatures = readJson<{ tests: SignatureVector[] }>('signatures.json').tests;
const oaep = readJson<{ tests: OaepVector[] }>('oaep.json').tests;
const ecdh = readJson<{ tests: EcdhVector[] }>('ecdh.json').tests;
const sym = readJson<Symmetric>('symmetric.json');

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof CryptoplugError ? e.code : `non-cryptoplug ${String(e)}`;
  }
}

describe('signatures.json', () => {
  const byName = (name: string) => signatures.filter((t) => t.alg.name === name);

  for (const name of ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'Ed25519'] as const) {
    test(`${name}: every vector verifies to its "valid" flag`, async (t) => {
      const tests = byName(name);
      const wrong: string[] = [];
      for (const v of tests) {
        const ok = await forge.verify(v.alg as SignatureAlgorithm, publicKey(v.key), hex(v.sig), hex(v.msg));
        if (ok !== v.valid) wrong.push(`${v.id}: got ${ok}`);
      }
      assert.deepEqual(wrong, []);
      const valid = tests.filter((v) => v.valid).length;
      assert.ok(valid > 0 && tests.length - valid > 0, 'valid and invalid cases');
      t.diagnostic(`${name}: ${tests.length} vectors (${valid} valid)`);
    });
  }

  // PKCS#1 v1.5 and Ed25519 are deterministic: forge must produce the very bytes cryptography produced.
  for (const name of ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const) {
    test(`${name}: signing reproduces every valid vector byte for byte`, async () => {
      const tests = byName(name).filter((t) => t.valid);
      const wrong: string[] = [];
      for (const t of tests) {
        const sig = await forge.sign(t.alg as SignatureAlgorithm, privateKey(t.key), hex(t.msg));
        if (bytesToHex(sig) !== t.sig) wrong.push(t.id);
      }
      assert.deepEqual(wrong, []);
      assert.ok(tests.length > 0);
    });
  }

  test('ECDSA vectors are refused with ERR_UNSUPPORTED (sign and verify)', async () => {
    const tests = byName('ECDSA');
    const wrong: string[] = [];
    for (const t of tests) {
      const code = await errorCode(forge.verify(t.alg as SignatureAlgorithm, publicKey(t.key), hex(t.sig), hex(t.msg)));
      if (code !== 'ERR_UNSUPPORTED') wrong.push(`${t.id}: ${code}`);
    }
    assert.deepEqual(wrong, []);
    await rejectsWith(forge.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey('ec-p256'), hex('00')), 'ERR_UNSUPPORTED');
    assert.ok(tests.length > 0);
    assert.equal(tests.length + byName('RSASSA-PKCS1-v1_5').length + byName('RSA-PSS').length + byName('Ed25519').length, signatures.length, 'every vector belongs to a section');
  });
});

describe('oaep.json', () => {
  test('every vector decrypts to its plaintext or fails with ERR_DECRYPTION_FAILED', async (ctx) => {
    const wrong: string[] = [];
    for (const t of oaep) {
      const params = { hash: t.hash as HashName, ...(t.label === null ? {} : { label: hex(t.label) }) };
      if (t.valid) {
        const pt = await forge.oaepDecrypt(params, privateKey(t.key), hex(t.ciphertext));
        if (bytesToHex(pt) !== t.plaintext) wrong.push(t.id);
      } else {
        const code = await errorCode(forge.oaepDecrypt(params, privateKey(t.key), hex(t.ciphertext)));
        if (code !== 'ERR_DECRYPTION_FAILED') wrong.push(`${t.id}: ${code}`);
      }
    }
    assert.deepEqual(wrong, []);
    const hashes = new Set(oaep.filter((t) => t.valid).map((t) => t.hash));
    assert.deepEqual([...hashes].sort(), ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
    assert.ok(oaep.filter((t) => !t.valid).length > 0);
    ctx.diagnostic(`OAEP: ${oaep.length} vectors (${oaep.filter((t) => t.valid).length} valid)`);
  });
});

describe('ecdh.json', () => {
  test('every vector is refused with ERR_UNSUPPORTED', async () => {
    const wrong: string[] = [];
    for (const t of ecdh) {
      const code = await errorCode(forge.deriveSharedSecret(privateKey(t.privateKey), publicKey(t.publicKey)));
      if (code !== 'ERR_UNSUPPORTED') wrong.push(`${t.id}: ${code}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(ecdh.length > 0);
  });
});

describe('symmetric.json', () => {
  test('digest', async () => {
    for (const t of sym.digest) assert.equal(bytesToHex(await forge.digest(t.hash as HashName, hex(t.msg))), t.digest, t.id);
    assert.equal(new Set(sym.digest.map((t) => t.hash)).size, 4);
  });

  test('hmac (and hmacVerify on the same tags)', async () => {
    for (const t of sym.hmac) {
      assert.equal(bytesToHex(await forge.hmac(t.hash as HashName, hex(t.key), hex(t.msg))), t.tag, t.id);
      assert.equal(await forge.hmacVerify(t.hash as HashName, hex(t.key), hex(t.msg), hex(t.tag)), true, t.id);
    }
    assert.ok(sym.hmac.length > 0);
  });

  test('aesGcm: encrypt gives ciphertext and tag, decrypt gives the plaintext', async () => {
    for (const t of sym.aesGcm) {
      const r = await forge.aesGcmEncrypt(hex(t.key), hex(t.iv), hex(t.plaintext), hex(t.aad));
      assert.equal(bytesToHex(r.ciphertext), t.ciphertext, t.id);
      assert.equal(bytesToHex(r.tag), t.tag, t.id);
      assert.equal(bytesToHex(await forge.aesGcmDecrypt(hex(t.key), hex(t.iv), hex(t.ciphertext), hex(t.tag), hex(t.aad))), t.plaintext, t.id);
    }
    assert.deepEqual(new Set(sym.aesGcm.map((t) => t.key.length / 2)), new Set([16, 24, 32]));
  });

  test('aesCbc: encrypt gives the padded ciphertext, decrypt gives the plaintext', async () => {
    for (const t of sym.aesCbc) {
      assert.equal(bytesToHex(await forge.aesCbcEncrypt(hex(t.key), hex(t.iv), hex(t.plaintext))), t.ciphertext, t.id);
      assert.equal(bytesToHex(await forge.aesCbcDecrypt(hex(t.key), hex(t.iv), hex(t.ciphertext))), t.plaintext, t.id);
    }
    assert.ok(sym.aesCbc.length > 0);
  });

  test('aesKw is refused with ERR_UNSUPPORTED', async () => {
    for (const t of sym.aesKw) {
      await rejectsWith(forge.aesKwWrap(hex(t.kek), hex(t.key)), 'ERR_UNSUPPORTED');
      await rejectsWith(forge.aesKwUnwrap(hex(t.kek), hex(t.wrapped)), 'ERR_UNSUPPORTED');
    }
    assert.ok(sym.aesKw.length > 0);
  });

  test('hkdf', async () => {
    for (const t of sym.hkdf) {
      assert.equal(bytesToHex(await forge.hkdf(t.hash as HashName, hex(t.ikm), hex(t.salt), hex(t.info), t.length)), t.okm, t.id);
    }
    assert.equal(new Set(sym.hkdf.map((t) => t.hash)).size, 4);
  });

  test('pbkdf2', async () => {
    for (const t of sym.pbkdf2) {
      const dk = await forge.pbkdf2(t.hash as HashName, hex(t.password), hex(t.salt), t.iterations, t.length);
      assert.equal(bytesToHex(dk), t.derived, t.id);
    }
    assert.equal(new Set(sym.pbkdf2.map((t) => t.hash)).size, 4);
  });
});
