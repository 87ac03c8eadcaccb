/**
 * Every applicable vector of vectors/primitives (made by pyca/cryptography and python-ecdsa, see its README) through the
 * noble backend. RSA vectors must be refused with ERR_UNSUPPORTED. Each section counts what it ran and asserts the count
 * is > 0, and the ECDSA section checks it covered every curve × hash × encoding, so a filter mistake (or a regenerated
 * file) cannot silently skip a section. Exact totals are not pinned: the vector files grow.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, type Backend, type HashName, type SignatureAlgorithm } from '@cryptoplug/core';
import { createNobleBackend } from '@cryptoplug/backend-noble';
import { hex, loadKey, privateKey, publicKey, readJson, rejectsWith, type SignatureVector } from './helpers.js';

let noble: Backend;
before(async () => {
  noble = await createNobleBackend();
});

const signatures = readJson<{ tests: SignatureVector[] }>('signatures.json').tests;

describe('signatures.json', () => {
  test('ECDSA: every vector verifies to its "valid" value (P1363 and DER, all curves × hashes)', async () => {
    const vectors = signatures.filter((v) => v.alg.name === 'ECDSA');
    let count = 0;
    const wrong: string[] = [];
    for (const v of vectors) {
      const ok = await noble.verify(v.alg as SignatureAlgorithm, publicKey(v.key), hex(v.sig), hex(v.msg));
      if (ok !== v.valid) wrong.push(`${v.id}: got ${ok}`);
      count++;
    }
    assert.deepEqual(wrong, []);
    assert.ok(count > 0);
    assert.equal(count, vectors.length);
    assert.ok(vectors.some((v) => v.valid) && vectors.some((v) => !v.valid));
    const combos = new Set(vectors.map((v) => `${v.key.replace(/-b$/, '')}/${'hash' in v.alg ? v.alg.hash : ''}/${'encoding' in v.alg ? v.alg.encoding : ''}`));
    assert.equal(combos.size, 3 * 4 * 2, [...combos].join(' '));
  });

  test('ECDSA: python-ecdsa P-521 signatures (SHA-1 shorter than the order, SHA-512) verify', async () => {
    const vectors = signatures.filter((v) => v.id.includes('pyecdsa'));
    assert.ok(vectors.length > 0);
    for (const v of vectors) {
      assert.equal(await noble.verify(v.alg as SignatureAlgorithm, publicKey(v.key), hex(v.sig), hex(v.msg)), v.valid, v.id);
    }
  });

  test('Ed25519: every vector verifies to its "valid" value, and signing reproduces each valid signature', async () => {
    const vectors = signatures.filter((v) => v.alg.name === 'Ed25519');
    let count = 0;
    for (const v of vectors) {
      assert.equal(await noble.verify({ name: 'Ed25519' }, publicKey(v.key), hex(v.sig), hex(v.msg)), v.valid, v.id);
      if (v.valid) {
        // Ed25519 is deterministic: the signature must be byte-identical to pyca/cryptography's.
        assert.equal(bytesToHex(await noble.sign({ name: 'Ed25519' }, privateKey(v.key), hex(v.msg))), v.sig, `${v.id}/sign`);
      }
      count++;
    }
    assert.ok(count > 0);
    assert.ok(vectors.some((v) => v.valid) && vectors.some((v) => !v.valid));
  });

  test('every public-key file of each EC/Ed25519 key verifies that key\'s first valid vector', async () => {
    const forms = ['spki.der', 'spki.pem', 'pub.jwk.json', 'jwk.json', 'pkcs8.der', 'pkcs8.pem'];
    const names = [...new Set(signatures.filter((v) => v.alg.name !== 'RSASSA-PKCS1-v1_5' && v.alg.name !== 'RSA-PSS').map((v) => v.key))];
    assert.ok(names.length >= 4, names.join(" "));
    for (const name of names) {
      const v = signatures.find((s) => s.key === name && s.valid)!;
      const extra = name.startsWith('ec-') ? ['sec1.pem', 'raw-uncompressed.hex', 'raw-compressed.hex'] : ['raw-public.hex', 'raw-private.hex'];
      for (const form of [...forms, ...extra]) {
        const key = loadKey(name, form);
        assert.notEqual(key.type, 'secret');
        assert.equal(await noble.verify(v.alg as SignatureAlgorithm, key as never, hex(v.sig), hex(v.msg)), true, `${name}.${form}`);
      }
    }
  });

  test('RSA vectors (PKCS#1 v1.5 and PSS) are refused with ERR_UNSUPPORTED, for verify and sign', async () => {
    const vectors = signatures.filter((v) => v.alg.name === 'RSASSA-PKCS1-v1_5' || v.alg.name === 'RSA-PSS');
    for (const v of vectors) {
      await rejectsWith(noble.verify(v.alg as SignatureAlgorithm, publicKey(v.key), hex(v.sig), hex(v.msg)), 'ERR_UNSUPPORTED');
    }
    for (const v of vectors.filter((x) => x.valid)) {
      await rejectsWith(noble.sign(v.alg as SignatureAlgorithm, privateKey(v.key), hex(v.msg)), 'ERR_UNSUPPORTED');
    }
    assert.ok(vectors.length > 0);
  });
});

describe('oaep.json', () => {
  test('every RSA-OAEP vector is refused with ERR_UNSUPPORTED (encrypt and decrypt)', async () => {
    const { tests } = readJson<{ tests: Array<{ id: string; key: string; hash: HashName; label: string | null; plaintext: string; ciphertext: string }> }>('oaep.json');
    for (const v of tests) {
      const params = { hash: v.hash, ...(v.label === null ? {} : { label: hex(v.label) }) };
      await rejectsWith(noble.oaepDecrypt(params, privateKey(v.key), hex(v.ciphertext)), 'ERR_UNSUPPORTED');
      await rejectsWith(noble.oaepEncrypt(params, publicKey(v.key), hex(v.plaintext)), 'ERR_UNSUPPORTED');
    }
    assert.ok(tests.length > 0);
  });
});

describe('ecdh.json', () => {
  test('every pair gives the expected raw Z (NIST x-coordinate, X25519 u), from DER and from JWK keys', async () => {
    const { tests } = readJson<{ tests: Array<{ id: string; curve: string; privateKey: string; publicKey: string; shared: string }> }>('ecdh.json');
    let count = 0;
    for (const v of tests) {
      const z1 = await noble.deriveSharedSecret(privateKey(v.privateKey), publicKey(v.publicKey));
      assert.equal(bytesToHex(z1), v.shared, v.id);
      const z2 = await noble.deriveSharedSecret(privateKey(v.privateKey, 'jwk.json'), publicKey(v.publicKey, 'pub.jwk.json'));
      assert.equal(bytesToHex(z2), v.shared, `${v.id} (JWK)`);
      count++;
    }
    assert.ok(count > 0);
    assert.deepEqual([...new Set(tests.map((t) => t.curve))].sort(), ['P-256', 'P-384', 'P-521', 'X25519']);
  });
});

interface Symmetric {
  digest: Array<{ id: string; hash: HashName; msg: string; digest: string }>;
  hmac: Array<{ id: string; hash: HashName; key: string; msg: string; tag: string }>;
  aesGcm: Array<{ id: string; key: string; iv: string; aad: string; plaintext: string; ciphertext: string; tag: string }>;
  aesCbc: Array<{ id: string; key: string; iv: string; plaintext: string; ciphertext: string }>;
  aesKw: Array<{ id: string; kek: string; key: string; wrapped: string }>;
  hkdf: Array<{ id: string; hash: HashName; ikm: string; salt: string; info: string; length: number; okm: string }>;
  pbkdf2: Array<{ id: string; hash: HashName; password: string; salt: string; iterations: number; length: number; derived: string }>;
}

describe('symmetric.json', () => {
  const sym = readJson<Symmetric>('symmetric.json');
  const sections = ['digest', 'hmac', 'aesGcm', 'aesCbc', 'aesKw', 'hkdf', 'pbkdf2'] as const;

  test('every section is present and has vectors (and every hash is covered where a hash applies)', () => {
    assert.deepEqual(Object.keys(sym).sort(), [...sections].sort());
    for (const section of sections) assert.ok(sym[section].length > 0, section);
    for (const section of ['digest', 'hmac', 'hkdf', 'pbkdf2'] as const) {
      assert.deepEqual([...new Set(sym[section].map((v) => v.hash))].sort(), ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'], section);
    }
  });

  test('digest', async () => {
    for (const v of sym.digest) assert.equal(bytesToHex(await noble.digest(v.hash, hex(v.msg))), v.digest, v.id);
  });

  test('hmac (and hmacVerify accepts the tag, rejects a flipped one)', async () => {
    for (const v of sym.hmac) {
      assert.equal(bytesToHex(await noble.hmac(v.hash, hex(v.key), hex(v.msg))), v.tag, v.id);
      assert.equal(await noble.hmacVerify(v.hash, hex(v.key), hex(v.msg), hex(v.tag)), true, v.id);
      const bad = hex(v.tag);
      bad[0]! ^= 1;
      assert.equal(await noble.hmacVerify(v.hash, hex(v.key), hex(v.msg), bad), false, v.id);
    }
  });

  test('aesGcm: encrypt gives ciphertext and tag, decrypt gives the plaintext', async () => {
    for (const v of sym.aesGcm) {
      const r = await noble.aesGcmEncrypt(hex(v.key), hex(v.iv), hex(v.plaintext), hex(v.aad));
      assert.equal(bytesToHex(r.ciphertext), v.ciphertext, v.id);
      assert.equal(bytesToHex(r.tag), v.tag, v.id);
      assert.equal(bytesToHex(await noble.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex(v.aad))), v.plaintext, v.id);
    }
  });

  test('aesCbc (PKCS#7): encrypt and decrypt', async () => {
    for (const v of sym.aesCbc) {
      assert.equal(bytesToHex(await noble.aesCbcEncrypt(hex(v.key), hex(v.iv), hex(v.plaintext))), v.ciphertext, v.id);
      assert.equal(bytesToHex(await noble.aesCbcDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext))), v.plaintext, v.id);
    }
  });

  test('aesKw (RFC 3394): wrap and unwrap', async () => {
    for (const v of sym.aesKw) {
      assert.equal(bytesToHex(await noble.aesKwWrap(hex(v.kek), hex(v.key))), v.wrapped, v.id);
      assert.equal(bytesToHex(await noble.aesKwUnwrap(hex(v.kek), hex(v.wrapped))), v.key, v.id);
    }
  });

  test('hkdf', async () => {
    for (const v of sym.hkdf) {
      assert.equal(bytesToHex(await noble.hkdf(v.hash, hex(v.ikm), hex(v.salt), hex(v.info), v.length)), v.okm, v.id);
    }
  });

  test('pbkdf2', async () => {
    for (const v of sym.pbkdf2) {
      assert.equal(bytesToHex(await noble.pbkdf2(v.hash, hex(v.password), hex(v.salt), v.iterations, v.length)), v.derived, v.id);
    }
  });
});
