/**
 * Malformed inputs, wrong keys and unsupported algorithms give typed CryptoplugErrors (never a TypeError from forge),
 * and tampered signatures/ciphertexts give `false` / ERR_DECRYPTION_FAILED. The hardening of src/ (strict PKCS#7,
 * GCM tag check, S < L for Ed25519, full-block PKCS#1 v1.5 comparison) is exercised with inputs whose expected
 * outcome follows from the formats, not from forge.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, hexToBytes, type Backend } from '@cryptoplug/core';
import { createForgeBackend } from '@cryptoplug/backend-forge';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { flip, hex, privateKey, publicKey, readJson, rejectsWith, type SignatureVector } from '@cryptoplug/test-utils/test-helpers';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

const forge: Backend = await createForgeBackend();
const web: Backend = await createWebCryptoBackend();
const rsa = privateKey('rsa-2048');
const ed = privateKey('ed25519');
const ec = privateKey('ec-p256');
const x25519 = privateKey('x25519');
const pkcs1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const pss = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } as const;
const msg = hex('616263');

describe('unsupported by forge → ERR_UNSUPPORTED', () => {
  test('ECDSA, ECDH, AES-KW, EC/X25519 key generation', async () => {
    await rejectsWith(forge.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec, msg), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.verify({ name: 'ECDSA', hash: 'SHA-256' }, ec, new Uint8Array(64), msg), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.deriveSharedSecret(ec, publicKey('ec-p256-b')), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.deriveSharedSecret(x25519, publicKey('x25519-b')), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.aesKwWrap(new Uint8Array(16), new Uint8Array(16)), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.aesKwUnwrap(new Uint8Array(16), new Uint8Array(24)), 'ERR_UNSUPPORTED');
    for (const spec of ['ec-p256', 'ec-p384', 'ec-p521', 'x25519'] as const) await rejectsWith(forge.generateKey(spec), 'ERR_UNSUPPORTED');
    assert.equal(forge.supports({ op: 'sign', alg: 'ECDSA' }), false);
    assert.equal(forge.supports({ op: 'ecdh', curve: 'X25519' }), false);
    assert.equal(forge.supports({ op: 'aesKw' }), false);
    assert.equal(forge.supports({ op: 'sign', alg: 'RSA-PSS', hash: 'SHA-1' }), true);
  });

  test('unknown algorithm and hash names', async () => {
    await rejectsWith(forge.sign({ name: 'RSA-PSS', hash: 'SHA-224' } as never, rsa, msg), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.digest('MD5' as never, msg), 'ERR_UNSUPPORTED');
    await rejectsWith(forge.sign({ name: 'DSA' } as never, rsa, msg), 'ERR_UNSUPPORTED');
  });
});

describe('wrong keys and inputs → typed errors', () => {
  test('key/algorithm mismatch and public-for-private', async () => {
    await rejectsWith(forge.sign(pkcs1, ed, msg), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(forge.sign({ name: 'Ed25519' }, rsa, msg), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(forge.verify(pss, publicKey('ed25519'), new Uint8Array(256), msg), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(forge.oaepEncrypt({ hash: 'SHA-256' }, publicKey('ed25519'), msg), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(forge.sign(pkcs1, publicKey('rsa-2048') as never, msg), 'ERR_KEY_USAGE');
    await rejectsWith(forge.oaepDecrypt({ hash: 'SHA-256' }, publicKey('rsa-2048') as never, new Uint8Array(256)), 'ERR_KEY_USAGE');
    await rejectsWith(forge.sign(pkcs1, { material: {} } as never, msg), 'ERR_KEY_INVALID');
  });

  test('non-bytes data, bad lengths and parameters', async () => {
    await rejectsWith(forge.sign(pkcs1, rsa, 'abc' as never), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.digest('SHA-256', [1, 2, 3] as never), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.sign({ name: 'RSA-PSS', hash: 'SHA-256' } as never, rsa, msg), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.sign({ name: 'RSA-PSS', hash: 'SHA-512', saltLength: 256 - 64 - 1 }, rsa, msg), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.aesGcmEncrypt(new Uint8Array(15), new Uint8Array(12), msg), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(0), msg), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.aesCbcEncrypt(new Uint8Array(16), new Uint8Array(12), msg), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.hkdf('SHA-256', msg, msg, msg, 255 * 32 + 1), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.pbkdf2('SHA-256', msg, msg, 0, 32), 'ERR_INPUT_INVALID');
    await rejectsWith(forge.oaepEncrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(256 - 64 - 1)), 'ERR_INPUT_INVALID');
    assert.throws(() => forge.randomBytes(-1), { code: 'ERR_INPUT_INVALID' });
  });
});

describe('RSA signature outcomes', () => {
  const k = 256;

  test('wrong length is ERR_SIGNATURE_MALFORMED; representative ≥ n, zero and tampered are false', async () => {
    const sig = await forge.sign(pkcs1, rsa, msg);
    for (const alg of [pkcs1, pss]) {
      await rejectsWith(forge.verify(alg, rsa, sig.subarray(1), msg), 'ERR_SIGNATURE_MALFORMED');
      await rejectsWith(forge.verify(alg, rsa, new Uint8Array(k + 1), msg), 'ERR_SIGNATURE_MALFORMED');
      assert.equal(await forge.verify(alg, rsa, new Uint8Array(k).fill(0xff), msg), false, 's ≥ n');
      const m = keyMaterial(rsa);
      assert.ok(m.kty === 'RSA');
      assert.equal(await forge.verify(alg, rsa, m.n, msg), false, 's = n');
      assert.equal(await forge.verify(alg, rsa, new Uint8Array(k), msg), false, 's = 0');
    }
    assert.equal(await forge.verify(pkcs1, rsa, flip(sig, 255), msg), false);
    assert.equal(await forge.verify({ ...pkcs1, hash: 'SHA-384' }, rsa, sig, msg), false, 'other hash named by the verifier');
  });

  // A valid SHA-384 vector (pyca/cryptography) verified as another hash: the DigestInfo/PSS hash no longer matches.
  // (Forged blocks that name another hash *with* the right digest bytes are Wycheproof's "WrongHash" cases.)
  test('a valid signature for one hash is false for every other hash', async () => {
    const v = readJson<{ tests: SignatureVector[] }>('signatures.json').tests.find(
      (t) => t.alg.name === 'RSASSA-PKCS1-v1_5' && t.alg.hash === 'SHA-384' && t.valid && t.key === 'rsa-2048')!;
    assert.equal(await forge.verify({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, publicKey(v.key), hex(v.sig), hex(v.msg)), true);
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
      assert.equal(await forge.verify({ name: 'RSASSA-PKCS1-v1_5', hash }, publicKey(v.key), hex(v.sig), hex(v.msg)), false, hash);
      assert.equal(await forge.verify({ name: 'RSA-PSS', hash, saltLength: 0 }, publicKey(v.key), hex(v.sig), hex(v.msg)), false, hash);
    }
  });

  test('PSS: only the salt length used for signing verifies; one larger than the key allows is false, not an error', async () => {
    const s = await web.sign(pss, rsa, msg);
    assert.equal(await forge.verify(pss, rsa, s, msg), true);
    assert.equal(await forge.verify({ ...pss, saltLength: 300 }, rsa, s, msg), false);
    assert.equal(await forge.verify({ ...pss, saltLength: 31 }, rsa, s, msg), false);
    assert.equal(await forge.verify({ ...pss, saltLength: 33 }, rsa, s, msg), false);
  });
});

describe('Ed25519 outcomes', () => {
  // L, the order of the base point, little-endian; S + L is the classic malleated signature (RFC 8032 §5.1.7 requires S < L).
  const L = hexToBytes('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

  test('wrong length is ERR_SIGNATURE_MALFORMED; S + L, flipped R and flipped S are false', async () => {
    const sig = await forge.sign({ name: 'Ed25519' }, ed, msg);
    await rejectsWith(forge.verify({ name: 'Ed25519' }, ed, sig.subarray(1), msg), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(forge.verify({ name: 'Ed25519' }, ed, new Uint8Array(65), msg), 'ERR_SIGNATURE_MALFORMED');
    const malleated = sig.slice();
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const v = malleated[32 + i]! + L[i]! + carry;
      malleated[32 + i] = v & 0xff;
      carry = v >> 8;
    }
    assert.equal(carry, 0, 'S + L fits in 32 bytes (S < 2^253 - L for this signature)');
    assert.equal(await forge.verify({ name: 'Ed25519' }, ed, malleated, msg), false, 'S + L');
    if (web.supports({ op: 'verify', alg: 'Ed25519' })) {
      assert.equal(await web.verify({ name: 'Ed25519' }, ed, malleated, msg), false, 'webcrypto agrees on S + L');
    }
    assert.equal(await forge.verify({ name: 'Ed25519' }, ed, flip(sig, 0), msg), false, 'R');
    assert.equal(await forge.verify({ name: 'Ed25519' }, ed, flip(sig, 40), msg), false, 'S');
    assert.equal(await forge.verify({ name: 'Ed25519' }, ed, new Uint8Array(64), msg), false, 'all zero');
    assert.ok(sig instanceof Uint8Array && Object.getPrototypeOf(sig) === Uint8Array.prototype, 'a plain Uint8Array, not a Buffer');
  });
});

describe('decryption failures → ERR_DECRYPTION_FAILED', () => {
  test('RSA-OAEP: wrong length, representative ≥ n, tampered, all zero', async () => {
    const c = await forge.oaepEncrypt({ hash: 'SHA-256' }, rsa, msg);
    await rejectsWith(forge.oaepDecrypt({ hash: 'SHA-256' }, rsa, c.subarray(1)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(forge.oaepDecrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(256).fill(0xff)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(forge.oaepDecrypt({ hash: 'SHA-256' }, rsa, flip(c, 128)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(forge.oaepDecrypt({ hash: 'SHA-256' }, rsa, new Uint8Array(256)), 'ERR_DECRYPTION_FAILED');
    assert.equal(bytesToHex(await forge.oaepDecrypt({ hash: 'SHA-256' }, rsa, c)), '616263');
  });

  test('AES-GCM: every tampered part, a short tag; the message never leaks which', async () => {
    const key = new Uint8Array(16).fill(7), iv = new Uint8Array(12).fill(1), aad = hex('0102');
    const { ciphertext, tag } = await forge.aesGcmEncrypt(key, iv, hex('00112233445566778899aabbccddeeff0011'), aad);
    const cases: Array<[string, Promise<unknown>]> = [
      ['ciphertext', forge.aesGcmDecrypt(key, iv, flip(ciphertext, 17), tag, aad)],
      ['tag', forge.aesGcmDecrypt(key, iv, ciphertext, flip(tag, 15, 0x80), aad)],
      ['aad', forge.aesGcmDecrypt(key, iv, ciphertext, tag, hex('0103'))],
      ['no aad', forge.aesGcmDecrypt(key, iv, ciphertext, tag)],
      ['iv', forge.aesGcmDecrypt(key, flip(iv, 11), ciphertext, tag, aad)],
      ['key', forge.aesGcmDecrypt(flip(key, 0), iv, ciphertext, tag, aad)],
      ['12-byte tag', forge.aesGcmDecrypt(key, iv, ciphertext, tag.subarray(0, 12), aad)],
    ];
    for (const [what, p] of cases) {
      await assert.rejects(p, (e: { code?: string; message?: string }) => e.code === 'ERR_DECRYPTION_FAILED' && e.message === 'decryption failed', what);
    }
  });

  // CBC padding: the empty plaintext encrypts to one block C1 = E(IV ⊕ 10…10), and decryption gives P1 = D(C1) ⊕ IV,
  // so changing the IV changes P1 bit for bit: the padding the decryptor sees is chosen exactly, without forge.
  test('AES-CBC: strict PKCS#7 (every malformed padding rejected, a valid shorter one accepted)', async () => {
    const key = new Uint8Array(32).fill(3), iv = new Uint8Array(16).fill(9);
    const ct = await web.aesCbcEncrypt(key, iv, new Uint8Array(0));
    assert.equal(ct.length, 16);
    const ivFor = (p1: number[]): Uint8Array => iv.map((b, i) => b ^ 0x10 ^ p1[i]!);
    const pad16 = new Array<number>(16).fill(0x10);
    const bad: Array<[string, number[]]> = [
      ['pad byte 0', [...pad16.slice(0, 15), 0x00]],
      ['pad byte 17', [...pad16.slice(0, 15), 0x11]],
      ['pad byte 0xff', [...pad16.slice(0, 15), 0xff]],
      ['16 announced, first byte differs', [0x11, ...pad16.slice(1)]],
      ['2 announced, second-to-last differs', [...pad16.slice(0, 14), 0x03, 0x02]],
      ['4 announced, a middle byte differs', [...pad16.slice(0, 12), 0x04, 0x05, 0x04, 0x04]],
    ];
    for (const [what, p1] of bad) {
      await rejectsWith(forge.aesCbcDecrypt(key, ivFor(p1), ct), 'ERR_DECRYPTION_FAILED').catch((e: unknown) => {
        throw new Error(`${what}: ${String(e)}`);
      });
    }
    // Valid shorter pads: 1 byte leaves fifteen 0x10 bytes of plaintext; 3 bytes leaves thirteen.
    assert.equal(bytesToHex(await forge.aesCbcDecrypt(key, ivFor([...pad16.slice(0, 15), 0x01]), ct)), '10'.repeat(15));
    assert.equal(bytesToHex(await forge.aesCbcDecrypt(key, ivFor([...pad16.slice(0, 13), 3, 3, 3]), ct)), '10'.repeat(13));
    // The unmodified IV: the padding is the full block, the plaintext empty.
    assert.equal((await forge.aesCbcDecrypt(key, iv, ct)).length, 0);
    // Lengths that cannot be CBC ciphertexts.
    await rejectsWith(forge.aesCbcDecrypt(key, iv, ct.subarray(1)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(forge.aesCbcDecrypt(key, iv, new Uint8Array(17)), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(forge.aesCbcDecrypt(key, iv, new Uint8Array(0)), 'ERR_DECRYPTION_FAILED');
  });
});
