/**
 * Cross-checks with the WebCrypto backend (another implementation: Node's OpenSSL-backed WebCrypto): what noble makes,
 * WebCrypto accepts, and the other way round. AES-GCM is also compared with node:crypto (OpenSSL) directly, because
 * Node 20's WebCrypto refuses GCM IVs shorter than 12 bytes, and this backend takes 8 and up. Inputs are fixed bytes or fresh keys; no expected value is computed by
 * the code under test alone — every equality compares noble against WebCrypto.
 */
import { before, describe, test } from 'node:test';
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import assert from 'node:assert/strict';
import { EC_CURVES, HASHES, bytesToHex, type Backend, type EcCurve, type KeySpec, type PrivateKey } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { createNobleBackend } from '@cryptoplug/backend-noble';
import { privateKey } from './helpers.js';

let noble: Backend;
let web: Backend;
before(async () => {
  noble = await createNobleBackend();
  web = await createWebCryptoBackend();
});

/** Deterministic filler bytes (not random: reruns see the same inputs). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const MESSAGES = [new Uint8Array(0), new TextEncoder().encode('abc'), bytes(1000, 7)];
const SPEC: Record<EcCurve, KeySpec> = { 'P-256': 'ec-p256', 'P-384': 'ec-p384', 'P-521': 'ec-p521' };

describe('ECDSA', () => {
  for (const curve of EC_CURVES) {
    test(`${curve}: noble signs → WebCrypto verifies, WebCrypto signs → noble verifies (every hash, P1363 and DER)`, async () => {
      for (const key of [privateKey(`ec-p${curve.slice(2)}`), await noble.generateKey(SPEC[curve]), await web.generateKey(SPEC[curve])]) {
        for (const hash of HASHES) {
          for (const encoding of ['p1363', 'der'] as const) {
            const alg = { name: 'ECDSA', hash, encoding } as const;
            for (const msg of MESSAGES) {
              const a = await noble.sign(alg, key, msg);
              assert.equal(await web.verify(alg, key, a, msg), true, `web verifies noble ${hash} ${encoding}`);
              const b = await web.sign(alg, key, msg);
              assert.equal(await noble.verify(alg, key, b, msg), true, `noble verifies web ${hash} ${encoding}`);
              const other = Uint8Array.of(...msg, 1);
              assert.equal(await web.verify(alg, key, a, other), false);
              assert.equal(await noble.verify(alg, key, b, other), false);
            }
          }
        }
      }
    });
  }
});

describe('Ed25519', () => {
  test('same signatures as WebCrypto (deterministic), and each verifies the other', async (t) => {
    if (!web.supports({ op: 'sign', alg: 'Ed25519' })) return t.skip('this runtime\'s WebCrypto has no Ed25519');
    for (const key of [privateKey('ed25519'), await noble.generateKey('ed25519'), await web.generateKey('ed25519')]) {
      for (const msg of MESSAGES) {
        const a = await noble.sign({ name: 'Ed25519' }, key, msg);
        const b = await web.sign({ name: 'Ed25519' }, key, msg);
        assert.equal(bytesToHex(a), bytesToHex(b));
        assert.equal(await web.verify({ name: 'Ed25519' }, key, a, msg), true);
        assert.equal(await noble.verify({ name: 'Ed25519' }, key, b, msg), true);
        assert.equal(await noble.verify({ name: 'Ed25519' }, key, b, Uint8Array.of(...msg, 0)), false);
      }
    }
  });
});

describe('ECDH', () => {
  const specs: Array<[KeySpec, string]> = [['ec-p256', 'P-256'], ['ec-p384', 'P-384'], ['ec-p521', 'P-521'], ['x25519', 'X25519']];
  for (const [spec, name] of specs) {
    test(`${name}: noble and WebCrypto derive the same secret from keys made by either`, async (t) => {
      if (!web.supports({ op: 'ecdh', curve: name as never })) return t.skip(`this runtime's WebCrypto has no ${name}`);
      const pairs: Array<[PrivateKey, PrivateKey]> = [
        [await noble.generateKey(spec), await web.generateKey(spec)],
        [await web.generateKey(spec), await noble.generateKey(spec)],
      ];
      for (const [a, b] of pairs) {
        const z = await noble.deriveSharedSecret(a, b.publicKey());
        assert.equal(bytesToHex(z), bytesToHex(await web.deriveSharedSecret(a, b.publicKey())));
        assert.equal(bytesToHex(z), bytesToHex(await web.deriveSharedSecret(b, a.publicKey())));
        assert.equal(bytesToHex(z), bytesToHex(await noble.deriveSharedSecret(b, a.publicKey())));
      }
    });
  }
});

describe('AES', () => {
  const keys = [bytes(16, 1), bytes(24, 2), bytes(32, 3)];
  // noble's gcm takes IVs of 8 bytes and up (shorter ones are ERR_UNSUPPORTED: the capability's bounds); 12 is the
  // 96-bit fast path.
  const ivLengths = [8, 12, 13, 16, 60];
  const lengths = [0, 1, 15, 16, 17, 100, 1024];

  test('GCM: every key size × IV length × length, against OpenSSL (node:crypto) and WebCrypto, both directions', async () => {
    let count = 0;
    for (const key of keys) {
      for (const ivLen of ivLengths) {
        for (const len of lengths) {
          const iv = bytes(ivLen, ivLen);
          const pt = bytes(len, len + 100);
          const aad = bytes(len % 21, 5);
          const a = await noble.aesGcmEncrypt(key, iv, pt, aad);
          const name = `aes-${key.length * 8}-gcm` as CipherGCMTypes;
          const cipher = createCipheriv(name, key, iv);
          cipher.setAAD(aad);
          const ossl = Buffer.concat([cipher.update(pt), cipher.final()]);
          assert.equal(bytesToHex(a.ciphertext) + bytesToHex(a.tag), ossl.toString('hex') + cipher.getAuthTag().toString('hex'), `iv ${ivLen} len ${len}`);
          const decipher = createDecipheriv(name, key, iv);
          decipher.setAAD(aad);
          decipher.setAuthTag(a.tag);
          assert.equal(Buffer.concat([decipher.update(a.ciphertext), decipher.final()]).toString('hex'), bytesToHex(pt));
          assert.equal(bytesToHex(await noble.aesGcmDecrypt(key, iv, ossl, cipher.getAuthTag(), aad)), bytesToHex(pt));
          // Node 20's WebCrypto refuses AES-GCM IVs shorter than 12 bytes (OperationError), so only 12+ go there.
          if (ivLen >= 12) {
            const b = await web.aesGcmEncrypt(key, iv, pt, aad);
            assert.equal(bytesToHex(a.ciphertext) + bytesToHex(a.tag), bytesToHex(b.ciphertext) + bytesToHex(b.tag), `web iv ${ivLen} len ${len}`);
            assert.equal(bytesToHex(await web.aesGcmDecrypt(key, iv, a.ciphertext, a.tag, aad)), bytesToHex(pt));
            assert.equal(bytesToHex(await noble.aesGcmDecrypt(key, iv, b.ciphertext, b.tag, aad)), bytesToHex(pt));
          }
          count++;
        }
      }
    }
    assert.equal(count, keys.length * ivLengths.length * lengths.length);
  });

  test('CBC: both directions', async () => {
    for (const key of keys) {
      for (const len of lengths) {
        const iv = bytes(16, len);
        const pt = bytes(len, len + 200);
        const a = await noble.aesCbcEncrypt(key, iv, pt);
        assert.equal(bytesToHex(a), bytesToHex(await web.aesCbcEncrypt(key, iv, pt)));
        assert.equal(bytesToHex(await web.aesCbcDecrypt(key, iv, a)), bytesToHex(pt));
        assert.equal(bytesToHex(await noble.aesCbcDecrypt(key, iv, await web.aesCbcEncrypt(key, iv, pt))), bytesToHex(pt));
      }
    }
  });

  test('KW: both directions', async () => {
    for (const kek of keys) {
      for (const len of [16, 24, 32, 40, 64]) {
        const k = bytes(len, len + 300);
        const a = await noble.aesKwWrap(kek, k);
        assert.equal(bytesToHex(a), bytesToHex(await web.aesKwWrap(kek, k)));
        assert.equal(bytesToHex(await web.aesKwUnwrap(kek, a)), bytesToHex(k));
        assert.equal(bytesToHex(await noble.aesKwUnwrap(kek, await web.aesKwWrap(kek, k))), bytesToHex(k));
      }
    }
  });
});

describe('hashes and KDFs', () => {
  test('digest, HMAC, HKDF and PBKDF2 equal WebCrypto\'s for every hash (incl. empty keys/salts)', async () => {
    for (const hash of HASHES) {
      for (const len of [0, 1, 64, 200]) {
        const data = bytes(len, len + 400);
        assert.equal(bytesToHex(await noble.digest(hash, data)), bytesToHex(await web.digest(hash, data)));
        for (const keyLen of [0, 1, 32, 129]) {
          const key = bytes(keyLen, keyLen + 500);
          assert.equal(bytesToHex(await noble.hmac(hash, key, data)), bytesToHex(await web.hmac(hash, key, data)), `hmac ${hash} ${keyLen}`);
        }
        const ikm = bytes(len + 1, 600);
        for (const out of [1, 42, 255]) {
          assert.equal(
            bytesToHex(await noble.hkdf(hash, ikm, data, bytes(len % 17, 9), out)),
            bytesToHex(await web.hkdf(hash, ikm, data, bytes(len % 17, 9), out)),
            `hkdf ${hash} ${len} ${out}`,
          );
        }
        assert.equal(
          bytesToHex(await noble.pbkdf2(hash, data, bytes(16, len), 3, 70)),
          bytesToHex(await web.pbkdf2(hash, data, bytes(16, len), 3, 70)),
          `pbkdf2 ${hash} ${len}`,
        );
      }
    }
  });
});

describe('random', () => {
  test('randomBytes returns the requested length, above the 65,536-byte getRandomValues quota too', () => {
    for (const n of [0, 1, 32, 65536, 65537, 200_000]) assert.equal(noble.randomBytes(n).length, n);
    // Two 32-byte draws colliding would mean a broken generator (probability 2^-256).
    assert.notEqual(bytesToHex(noble.randomBytes(32)), bytesToHex(noble.randomBytes(32)));
    // The tail beyond the first chunk is filled too (all-zero 64 KiB would be 2^-524288).
    assert.ok(noble.randomBytes(200_000).subarray(131072).some((b) => b !== 0));
  });
});

