/**
 * Cross-checks against independent implementations, never against this backend itself:
 * - deterministic signatures (Ed25519, RSASSA-PKCS1-v1_5) must equal the Python-made vectors byte for byte;
 * - randomized outputs made here (ECDSA, PSS, OAEP, AES, KW...) must be accepted/decrypted by the WebCrypto backend
 *   (`createWebCryptoBackend()`, a separate code path: globalThis.crypto.subtle), and the other way round;
 * - AES-GCM for IV lengths WebCrypto refuses (under 12 bytes), and HKDF with long info (WebCrypto on Node shares
 *   node's 1024-byte limit) against @noble/ciphers and @noble/hashes (pure JS, not OpenSSL).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { HASHES, HASH_SIZE, bytesToHex, utf8, type Backend, type EcCurve, type HashName, type KeySpec, type SignatureAlgorithm } from '@cryptoplug/core';
import { createNodeBackend } from '@cryptoplug/backend-node';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { flip, hex, privateKey, readJson, type SignatureVector } from './helpers.js';

let node: Backend;
let web: Backend;
before(async () => {
  node = await createNodeBackend();
  web = await createWebCryptoBackend();
});

const MSG = utf8('cryptoplug backend-node cross-check');
const CURVE_KEYS: Record<EcCurve, string> = { 'P-256': 'ec-p256', 'P-384': 'ec-p384', 'P-521': 'ec-p521' };
const pattern = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 0xff);

describe('deterministic signatures equal the vectors', () => {
  const vectors = readJson<{ tests: SignatureVector[] }>('signatures.json').tests.filter(
    (t) => t.valid && (t.alg.name === 'Ed25519' || t.alg.name === 'RSASSA-PKCS1-v1_5'),
  );
  it(`Ed25519 and RSASSA-PKCS1-v1_5 sign() output == vector sig (${vectors.length})`, async () => {
    assert.ok(vectors.some((t) => t.alg.name === 'Ed25519') && vectors.some((t) => t.alg.name === 'RSASSA-PKCS1-v1_5'));
    for (const t of vectors) {
      const sig = await node.sign(t.alg, privateKey(t.key), hex(t.msg));
      assert.equal(bytesToHex(sig), t.sig, t.id);
    }
  });
});

describe('signatures: node signs, WebCrypto verifies (and back)', () => {
  const algs: Array<{ key: string; alg: SignatureAlgorithm }> = [];
  for (const [curve, key] of Object.entries(CURVE_KEYS)) {
    for (const hash of HASHES) for (const encoding of ['p1363', 'der'] as const) algs.push({ key, alg: { name: 'ECDSA', hash, encoding } });
    void curve;
  }
  algs.push({ key: 'ed25519', alg: { name: 'Ed25519' } });
  for (const hash of HASHES) {
    algs.push({ key: 'rsa-2048', alg: { name: 'RSASSA-PKCS1-v1_5', hash } });
    for (const saltLength of [0, 20, HASH_SIZE[hash]]) algs.push({ key: 'rsa-2048', alg: { name: 'RSA-PSS', hash, saltLength } });
  }
  algs.push({ key: 'rsa-3072', alg: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } });

  it(`${algs.length} algorithm/key combinations`, async () => {
    for (const { key, alg } of algs) {
      const priv = privateKey(key);
      const what = `${key} ${JSON.stringify(alg)}`;
      const sig = await node.sign(alg, priv, MSG);
      assert.equal(await web.verify(alg, priv.publicKey(), sig, MSG), true, `webcrypto accepts node's signature: ${what}`);
      assert.equal(await web.verify(alg, priv.publicKey(), sig, flip(MSG)), false, `webcrypto rejects it for another message: ${what}`);
      const back = await web.sign(alg, priv, MSG);
      assert.equal(await node.verify(alg, priv.publicKey(), back, MSG), true, `node accepts webcrypto's signature: ${what}`);
      assert.equal(await node.verify(alg, priv.publicKey(), back, flip(MSG)), false, `node rejects it for another message: ${what}`);
    }
  });

  it('RSA-PSS uses exactly the given salt length, to sign and to verify', async () => {
    const priv = privateKey('rsa-2048');
    const max = Math.ceil((priv.bits - 1) / 8) - 32 - 2; // node:crypto's default when no saltLength is passed
    for (const [signed, checked] of [[32, max], [32, 0], [0, 32], [max, 32], [20, 21]] as const) {
      const sig = await node.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: signed }, priv, MSG);
      const alg = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: checked } as const;
      assert.equal(await web.verify(alg, priv.publicKey(), sig, MSG), false, `webcrypto: signed with ${signed}, checked with ${checked}`);
      const other = await web.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: signed }, priv, MSG);
      assert.equal(await node.verify(alg, priv.publicKey(), other, MSG), false, `node: signed with ${signed}, checked with ${checked}`);
    }
  });
});

describe('RSA-OAEP: node encrypts, WebCrypto decrypts (and back)', () => {
  it('every hash, with and without a label, empty and maximum plaintexts', async () => {
    const priv = privateKey('rsa-2048');
    let runs = 0;
    for (const hash of HASHES) {
      for (const label of [undefined, utf8('a label')]) {
        for (const size of [0, 256 - 2 * HASH_SIZE[hash] - 2]) {
          const params = { hash, ...(label ? { label } : {}) };
          const pt = pattern(size, size + 3);
          const ct = await node.oaepEncrypt(params, priv.publicKey(), pt);
          assert.deepEqual(await web.oaepDecrypt(params, priv, ct), pt);
          assert.deepEqual(await node.oaepDecrypt(params, priv, await web.oaepEncrypt(params, priv.publicKey(), pt)), pt);
          runs++;
        }
      }
    }
    assert.equal(runs, 16);
  });
});

describe('generated keys work across backends', () => {
  const specs: KeySpec[] = ['ec-p256', 'ec-p384', 'ec-p521', 'ed25519', 'rsa-2048']; // rsa-3072/4096: same code path, slow
  for (const spec of specs) {
    it(`${spec}: node-generated key signs, webcrypto verifies`, async () => {
      const key = await node.generateKey(spec);
      const alg: SignatureAlgorithm = spec === 'ed25519' ? { name: 'Ed25519' } : spec.startsWith('rsa') ? { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } : { name: 'ECDSA', hash: 'SHA-256' };
      if (spec.startsWith('rsa')) assert.equal(key.bits, 2048);
      else assert.equal(key.curve, spec === 'ed25519' ? 'Ed25519' : `P-${spec.slice(4)}`);
      const sig = await node.sign(alg, key, MSG);
      assert.equal(await web.verify(alg, key.publicKey(), sig, MSG), true);
    });
  }
  for (const spec of ['ec-p256', 'ec-p384', 'ec-p521', 'x25519'] as const) {
    it(`${spec}: ECDH between a node-generated and a webcrypto-generated key agrees`, async () => {
      const a = await node.generateKey(spec);
      const b = await web.generateKey(spec);
      const z1 = await node.deriveSharedSecret(a, b.publicKey());
      const z2 = await web.deriveSharedSecret(b, a.publicKey());
      assert.deepEqual(z1, z2);
      assert.equal(z1.length, spec === 'ec-p521' ? 66 : spec === 'ec-p384' ? 48 : 32);
    });
  }
});

describe('symmetric: node against WebCrypto', () => {
  it('AES-GCM, 12- to 128-byte IVs, several sizes, both directions', async () => {
    // Node's WebCrypto refuses GCM IVs under 12 bytes ("operation-specific reason"); shorter ones are checked against
    // @noble/ciphers below.
    let runs = 0;
    for (const keyLen of [16, 24, 32]) {
      for (const ivLen of [12, 13, 16, 64, 128]) {
        for (const [ptLen, aadLen] of [[0, 0], [1, 5], [16, 0], [37, 20], [100, 33]] as const) {
          const key = pattern(keyLen, ivLen);
          const iv = pattern(ivLen, 7);
          const pt = pattern(ptLen, 11);
          const aad = pattern(aadLen, 13);
          const r = await node.aesGcmEncrypt(key, iv, pt, aad);
          assert.deepEqual(await web.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad), pt);
          const w = await web.aesGcmEncrypt(key, iv, pt, aad);
          assert.deepEqual(await node.aesGcmDecrypt(key, iv, w.ciphertext, w.tag, aad), pt);
          runs++;
        }
      }
    }
    assert.equal(runs, 3 * 5 * 5);
  });

  it('AES-CBC, plaintexts of 0..33 bytes, both directions', async () => {
    for (const keyLen of [16, 24, 32]) {
      for (let n = 0; n <= 33; n++) {
        const key = pattern(keyLen, n);
        const iv = pattern(16, 3);
        const pt = pattern(n, 5);
        assert.deepEqual(await web.aesCbcDecrypt(key, iv, await node.aesCbcEncrypt(key, iv, pt)), pt);
        assert.deepEqual(await node.aesCbcDecrypt(key, iv, await web.aesCbcEncrypt(key, iv, pt)), pt);
      }
    }
  });

  it('AES-KW, every KEK size, keys of 16..64 bytes, both directions', async () => {
    for (const kekLen of [16, 24, 32]) {
      for (const n of [16, 24, 32, 40, 64]) {
        const kek = pattern(kekLen, n);
        const key = pattern(n, 9);
        assert.deepEqual(await web.aesKwUnwrap(kek, await node.aesKwWrap(kek, key)), key);
        assert.deepEqual(await node.aesKwUnwrap(kek, await web.aesKwWrap(kek, key)), key);
      }
    }
  });

  it('HKDF: info up to 1024 bytes (hkdfSync) and longer (the HMAC path) equals @noble/hashes', async () => {
    // Not WebCrypto: Node's WebCrypto HKDF shares hkdfSync's 1024-byte info limit.
    const NOBLE = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;
    let runs = 0;
    for (const hash of HASHES) {
      for (const infoLen of [0, 1, 1024, 1025, 3000]) {
        for (const length of [1, HASH_SIZE[hash], 3 * HASH_SIZE[hash] + 5, 255 * HASH_SIZE[hash]]) {
          for (const [ikmLen, saltLen] of [[22, 13], [32, 0], [0, 0]] as const) {
            const [ikm, salt, info] = [pattern(ikmLen, 1), pattern(saltLen, 2), pattern(infoLen, 3)];
            const expected = nobleHkdf(NOBLE[hash], ikm, saltLen === 0 ? undefined : salt, info, length);
            assert.equal(bytesToHex(await node.hkdf(hash, ikm, salt, info, length)), bytesToHex(expected), `${hash} info ${infoLen} length ${length} ikm ${ikmLen} salt ${saltLen}`);
            runs++;
          }
        }
      }
    }
    assert.equal(runs, 4 * 5 * 4 * 3);
  });

  it('PBKDF2 and HMAC with empty keys/passwords equal WebCrypto', async () => {
    for (const hash of HASHES) {
      assert.deepEqual(await node.hmac(hash, new Uint8Array(0), MSG), await web.hmac(hash, new Uint8Array(0), MSG));
      assert.deepEqual(await node.pbkdf2(hash, new Uint8Array(0), pattern(8), 3, 40), await web.pbkdf2(hash, new Uint8Array(0), pattern(8), 3, 40));
    }
  });
});

describe('AES-GCM IV lengths (OpenSSL accepts 1..128 bytes; longer is ERR_UNSUPPORTED)', () => {
  it('IVs of 8 to 128 bytes equal @noble/ciphers, both directions', async () => {
    let runs = 0;
    for (const keyLen of [16, 24, 32]) {
      for (const ivLen of [8, 12, 16, 60, 127, 128]) { // noble needs ≥ 8 bytes
        for (const [ptLen, aadLen] of [[0, 0], [1, 0], [16, 16], [37, 20], [1000, 3]] as const) {
          const key = pattern(keyLen, ivLen);
          const iv = pattern(ivLen, 7);
          const pt = pattern(ptLen, 11);
          const aad = pattern(aadLen, 13);
          const expected = gcm(key, iv, aad).encrypt(pt); // ciphertext ‖ 16-byte tag
          const r = await node.aesGcmEncrypt(key, iv, pt, aad);
          assert.equal(bytesToHex(r.ciphertext) + bytesToHex(r.tag), bytesToHex(expected), `key ${keyLen} iv ${ivLen} pt ${ptLen}`);
          const ct = expected.subarray(0, ptLen);
          const tag = expected.subarray(ptLen);
          assert.deepEqual(await node.aesGcmDecrypt(key, iv, ct, tag, aad), pt);
          runs++;
        }
      }
    }
    assert.equal(runs, 3 * 6 * 5);
  });

  it('IVs over 128 bytes are ERR_UNSUPPORTED for encryption and decryption (never a wrong answer)', async () => {
    const key = pattern(16, 1);
    const iv = pattern(129, 2);
    await assert.rejects(() => node.aesGcmEncrypt(key, iv, pattern(5, 3)), (e: { code?: string }) => e.code === 'ERR_UNSUPPORTED');
    await assert.rejects(() => node.aesGcmDecrypt(key, iv, pattern(5, 3), pattern(16, 4)), (e: { code?: string }) => e.code === 'ERR_UNSUPPORTED');
  });
});
