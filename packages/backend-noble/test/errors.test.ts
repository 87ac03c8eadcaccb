/**
 * Malformed and wrong-algorithm inputs give typed CryptoplugErrors (never a TypeError), and the edge outcomes the
 * contract fixes (false vs throw, high-S accepted, low-S produced, RSA refused) hold for this backend.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EC, bytesToBigInt, bigIntToBytes, concatBytes, type Backend, type SignatureAlgorithm } from '@cryptoplug/core';
import { createNobleBackend, nobleBackend, nobleImpl } from '@cryptoplug/backend-noble';
import { hex, privateKey, publicKey, readJson, rejectsWith, type SignatureVector } from '@cryptoplug/test-utils/test-helpers';

let noble: Backend;
before(async () => {
  noble = await createNobleBackend();
});

const signatures = readJson<{ tests: SignatureVector[] }>('signatures.json').tests;
const vector = (id: string): SignatureVector => {
  const v = signatures.find((s) => s.id === id);
  assert.ok(v, id);
  return v;
};
const P256_VALID = vector('ecdsa-p256-sha256-p1363-msg3-valid');
const ALG_P256 = P256_VALID.alg as SignatureAlgorithm;

describe('factory and capabilities', () => {
  test('nobleBackend loads a backend named "noble" with no RSA and all EC/OKP/symmetric operations', async () => {
    assert.equal(nobleBackend.name, 'noble');
    const b = await nobleBackend.load();
    assert.equal(b.name, 'noble');
    const caps = b.capabilities();
    assert.deepEqual([caps.rsaPkcs1.hashes, caps.rsaPss.hashes, caps.rsaOaep.hashes], [[], [], []]);
    assert.equal(b.supports({ op: 'sign', alg: 'RSA-PSS' }), false);
    assert.equal(b.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-521', hash: 'SHA-1' }), true);
    assert.equal(b.supports({ op: 'ecdh', curve: 'X25519' }), true);
    assert.equal(b.supports({ op: 'generateKey', spec: 'rsa-2048' }), false);
    assert.equal(b.supports({ op: 'generateKey', spec: 'ed25519' }), true);
  });
});

describe('signatures', () => {
  test('the vector itself verifies (so the failures below are caused by the change made)', async () => {
    assert.equal(await noble.verify(ALG_P256, publicKey('ec-p256'), hex(P256_VALID.sig), hex(P256_VALID.msg)), true);
  });

  test('wrong-length P1363 signature → ERR_SIGNATURE_MALFORMED', async () => {
    const sig = hex(P256_VALID.sig);
    await rejectsWith(noble.verify(ALG_P256, publicKey('ec-p256'), sig.subarray(1), hex(P256_VALID.msg)), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(noble.verify(ALG_P256, publicKey('ec-p256'), concatBytes(sig, Uint8Array.of(0)), hex(P256_VALID.msg)), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(noble.verify(ALG_P256, publicKey('ec-p256'), new Uint8Array(0), hex(P256_VALID.msg)), 'ERR_SIGNATURE_MALFORMED');
  });

  test('malformed DER signature → ERR_SIGNATURE_MALFORMED', async () => {
    const v = vector('ecdsa-p256-sha256-der-msg3-valid');
    const der = hex(v.sig);
    await rejectsWith(noble.verify(v.alg as SignatureAlgorithm, publicKey('ec-p256'), der.subarray(0, der.length - 1), hex(v.msg)), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(noble.verify(v.alg as SignatureAlgorithm, publicKey('ec-p256'), concatBytes(der, Uint8Array.of(0)), hex(v.msg)), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(noble.verify(v.alg as SignatureAlgorithm, publicKey('ec-p256'), Uint8Array.of(0x31, ...der.subarray(1)), hex(v.msg)), 'ERR_SIGNATURE_MALFORMED');
  });

  test('wrong-length Ed25519 signature → ERR_SIGNATURE_MALFORMED', async () => {
    const v = vector('ed25519-msg3-valid');
    await rejectsWith(noble.verify({ name: 'Ed25519' }, publicKey('ed25519'), hex(v.sig).subarray(0, 63), hex(v.msg)), 'ERR_SIGNATURE_MALFORMED');
  });

  test('r or s = 0, or ≥ n → false (not a throw)', async () => {
    const sig = hex(P256_VALID.sig);
    const n = bigIntToBytes(EC['P-256'].order, 32);
    for (const bad of [concatBytes(new Uint8Array(32), sig.subarray(32)), concatBytes(sig.subarray(0, 32), new Uint8Array(32)), concatBytes(n, sig.subarray(32)), concatBytes(sig.subarray(0, 32), n)]) {
      assert.equal(await noble.verify(ALG_P256, publicKey('ec-p256'), bad, hex(P256_VALID.msg)), false);
    }
  });

  test('high-S signatures verify (lowS: false), on every curve', async () => {
    for (const id of ['ecdsa-p256-sha256-p1363-msg3-valid', 'ecdsa-p384-sha384-p1363-msg3-valid', 'ecdsa-p521-sha512-p1363-msg3-valid']) {
      const v = vector(id);
      const key = publicKey(v.key);
      const curve = key.curve as keyof typeof EC;
      const { size, order } = EC[curve];
      const sig = hex(v.sig);
      const flipped = concatBytes(sig.subarray(0, size), bigIntToBytes(order - bytesToBigInt(sig.subarray(size)), size));
      assert.equal(await noble.verify(v.alg as SignatureAlgorithm, key, sig, hex(v.msg)), true, `${id} as given`);
      assert.equal(await noble.verify(v.alg as SignatureAlgorithm, key, flipped, hex(v.msg)), true, `${id} with s ↦ n − s`);
    }
  });

  test('produced signatures are low-S (s ≤ n/2) on every curve', async () => {
    for (const name of ['ec-p256', 'ec-p384', 'ec-p521']) {
      const key = privateKey(name);
      const { size, order } = EC[key.curve as keyof typeof EC];
      for (let i = 0; i < 16; i++) {
        const sig = await noble.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, Uint8Array.of(i));
        assert.ok(bytesToBigInt(sig.subarray(size)) <= order / 2n, `${name} #${i}`);
      }
    }
  });

  test('Ed25519 key with ECDSA, EC key with Ed25519 → ERR_KEY_ALG_MISMATCH', async () => {
    await rejectsWith(noble.sign(ALG_P256, privateKey('ed25519'), new Uint8Array(3)), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(noble.verify(ALG_P256, publicKey('ed25519'), hex(P256_VALID.sig), new Uint8Array(3)), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(noble.sign({ name: 'Ed25519' }, privateKey('ec-p256'), new Uint8Array(3)), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(noble.sign(ALG_P256, privateKey('x25519'), new Uint8Array(3)), 'ERR_KEY_ALG_MISMATCH');
  });

  test('a public key where a private key is needed → ERR_KEY_USAGE', async () => {
    await rejectsWith(noble.sign(ALG_P256, publicKey('ec-p256') as never, new Uint8Array(3)), 'ERR_KEY_USAGE');
    await rejectsWith(noble.deriveSharedSecret(publicKey('x25519') as never, publicKey('x25519-b')), 'ERR_KEY_USAGE');
  });

  test('RSA anything → ERR_UNSUPPORTED', async () => {
    const rsa = privateKey('rsa-2048');
    await rejectsWith(noble.sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, rsa, new Uint8Array(3)), 'ERR_UNSUPPORTED');
    await rejectsWith(noble.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, rsa, new Uint8Array(3)), 'ERR_UNSUPPORTED');
    await rejectsWith(noble.verify({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, rsa, new Uint8Array(256), new Uint8Array(3)), 'ERR_UNSUPPORTED');
    await rejectsWith(noble.oaepEncrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(3)), 'ERR_UNSUPPORTED');
    await rejectsWith(noble.oaepDecrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(256)), 'ERR_UNSUPPORTED');
    for (const spec of ['rsa-2048', 'rsa-3072', 'rsa-4096'] as const) await rejectsWith(noble.generateKey(spec), 'ERR_UNSUPPORTED');
  });

  test('the raw BackendImpl refuses RSA with UnsupportedError too (no TypeError when used without core)', () => {
    const impl = nobleImpl(noble.capabilities());
    assert.throws(() => impl.sign!({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 0 }, privateKey('rsa-2048'), new Uint8Array(1)), { code: 'ERR_UNSUPPORTED' });
    assert.throws(() => impl.verify!({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, publicKey('rsa-2048'), new Uint8Array(256), new Uint8Array(1)), { code: 'ERR_UNSUPPORTED' });
  });
});

describe('ECDH', () => {
  test('mismatched curves and non-ECDH keys → ERR_KEY_ALG_MISMATCH', async () => {
    await rejectsWith(noble.deriveSharedSecret(privateKey('ec-p256'), publicKey('ec-p384')), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(noble.deriveSharedSecret(privateKey('x25519'), publicKey('ec-p256')), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(noble.deriveSharedSecret(privateKey('ed25519'), publicKey('ed25519')), 'ERR_KEY_ALG_MISMATCH');
  });
});

describe('symmetric', () => {
  const sym = readJson<{ aesGcm: Array<{ key: string; iv: string; aad: string; ciphertext: string; tag: string; plaintext: string }> }>('symmetric.json');
  const v = sym.aesGcm.find((x) => x.plaintext.length > 0)!;

  test('bad GCM tag, ciphertext or AAD → ERR_DECRYPTION_FAILED (12-byte IV)', async () => {
    assert.equal((await noble.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex(v.aad))).length > 0, true);
    const tag = hex(v.tag);
    tag[15]! ^= 0x80;
    await rejectsWith(noble.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), tag, hex(v.aad)), 'ERR_DECRYPTION_FAILED');
    const ct = hex(v.ciphertext);
    ct[0]! ^= 1;
    await rejectsWith(noble.aesGcmDecrypt(hex(v.key), hex(v.iv), ct, hex(v.tag), hex(v.aad)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(noble.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), Uint8Array.of(...hex(v.aad), 0)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(noble.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag).subarray(0, 12), hex(v.aad)), 'ERR_DECRYPTION_FAILED');
  });

  test('a short (1..7-byte) IV → ERR_UNSUPPORTED with the reason, for encryption and decryption (never DECRYPTION_FAILED)', async () => {
    const key = hex(v.key);
    for (const ivLen of [1, 4, 7]) {
      const iv = new Uint8Array(ivLen).fill(ivLen);
      await rejectsWith(noble.aesGcmEncrypt(key, iv, new Uint8Array(40), new Uint8Array(3)), 'ERR_UNSUPPORTED');
      await rejectsWith(noble.aesGcmDecrypt(key, iv, new Uint8Array(40), new Uint8Array(16), new Uint8Array(3)), 'ERR_UNSUPPORTED');
      await assert.rejects(noble.aesGcmEncrypt(key, iv, new Uint8Array(1)), /8 bytes or more/);
    }
  });

  test('bad CBC padding and bad AES-KW integrity → ERR_DECRYPTION_FAILED', async () => {
    const key = new Uint8Array(16).fill(7);
    const iv = new Uint8Array(16).fill(9);
    const ct = await noble.aesCbcEncrypt(key, iv, new Uint8Array(16));
    ct[ct.length - 1]! ^= 0x55; // scrambles the padding block
    await rejectsWith(noble.aesCbcDecrypt(key, iv, ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(noble.aesCbcDecrypt(key, iv, new Uint8Array(15)), 'ERR_DECRYPTION_FAILED');
    const wrapped = await noble.aesKwWrap(key, new Uint8Array(16).fill(1));
    wrapped[0]! ^= 1;
    await rejectsWith(noble.aesKwUnwrap(key, wrapped), 'ERR_DECRYPTION_FAILED');
  });

  test('invalid lengths → ERR_INPUT_INVALID', async () => {
    await rejectsWith(noble.aesGcmEncrypt(new Uint8Array(15), new Uint8Array(12), new Uint8Array(1)), 'ERR_INPUT_INVALID');
    await rejectsWith(noble.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(0), new Uint8Array(1)), 'ERR_INPUT_INVALID');
    await rejectsWith(noble.aesKwWrap(new Uint8Array(16), new Uint8Array(12)), 'ERR_INPUT_INVALID');
    await rejectsWith(noble.hkdf('SHA-256', new Uint8Array(1), new Uint8Array(0), new Uint8Array(0), 255 * 32 + 1), 'ERR_INPUT_INVALID');
  });
});
