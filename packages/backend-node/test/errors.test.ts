/**
 * Malformed and wrong-algorithm inputs through the node backend give typed CryptoplugErrors with the contract's codes
 * (errors.ts), never a node TypeError; well-formed wrong signatures give `false`.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { importKey, utf8, type Backend } from '@cryptoplug/core';
import { createNodeBackend } from '@cryptoplug/backend-node';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { errorCode, flip, hex, privateKey, publicKey, readJson, type SymmetricVectors } from '@cryptoplug/test-utils/test-helpers';

let b: Backend;
let web: Backend;
before(async () => {
  b = await createNodeBackend();
  web = await createWebCryptoBackend();
});

const MSG = utf8('error cases');
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const sym = readJson<SymmetricVectors>('symmetric.json');

describe('signatures', () => {
  it('P1363 signature of the wrong length → ERR_SIGNATURE_MALFORMED', async () => {
    const sig = await b.sign(ES256, privateKey('ec-p256'), MSG);
    assert.equal(sig.length, 64);
    for (const bad of [sig.subarray(0, 63), new Uint8Array([...sig, 0]), new Uint8Array(0)]) {
      assert.equal(await errorCode(() => b.verify(ES256, publicKey('ec-p256'), bad, MSG)), 'ERR_SIGNATURE_MALFORMED');
    }
  });
  it('DER signature that is not strict DER → ERR_SIGNATURE_MALFORMED', async () => {
    const der = await b.sign({ ...ES256, encoding: 'der' }, privateKey('ec-p256'), MSG);
    assert.equal(der[0], 0x30);
    const trailing = new Uint8Array([...der, 0]);
    assert.equal(await errorCode(() => b.verify({ ...ES256, encoding: 'der' }, publicKey('ec-p256'), trailing, MSG)), 'ERR_SIGNATURE_MALFORMED');
  });
  it('Ed25519 and RSA signatures of the wrong length → ERR_SIGNATURE_MALFORMED', async () => {
    assert.equal(await errorCode(() => b.verify({ name: 'Ed25519' }, publicKey('ed25519'), new Uint8Array(63), MSG)), 'ERR_SIGNATURE_MALFORMED');
    const rsa = await b.sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, privateKey('rsa-2048'), MSG);
    assert.equal(
      await errorCode(() => b.verify({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, publicKey('rsa-2048'), new Uint8Array([0, ...rsa]), MSG)),
      'ERR_SIGNATURE_MALFORMED',
    );
  });
  it('well-formed wrong signatures → false (not a throw)', async () => {
    const cases = [
      { alg: ES256, key: 'ec-p256' },
      { alg: { name: 'Ed25519' }, key: 'ed25519' },
      { alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, key: 'rsa-2048' },
      { alg: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, key: 'rsa-2048' },
    ] as const;
    for (const { alg, key } of cases) {
      const sig = await b.sign(alg, privateKey(key), MSG);
      assert.equal(await b.verify(alg, publicKey(key), flip(sig), MSG), false, `${alg.name} flipped signature`);
      assert.equal(await b.verify(alg, publicKey(key), sig, flip(MSG)), false, `${alg.name} other message`);
    }
    // An all-0xff RSA signature is ≥ n: it cannot decode, which is still `false`.
    assert.equal(await b.verify({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, publicKey('rsa-2048'), new Uint8Array(256).fill(0xff), MSG), false);
    // r = s = 0 and r, s ≥ n are `false` too.
    assert.equal(await b.verify(ES256, publicKey('ec-p256'), new Uint8Array(64), MSG), false);
    assert.equal(await b.verify(ES256, publicKey('ec-p256'), new Uint8Array(64).fill(0xff), MSG), false);
  });
  it('RSA key with ECDSA, EC key with RSA, Ed25519 with an X25519 key → ERR_KEY_ALG_MISMATCH', async () => {
    assert.equal(await errorCode(() => b.sign(ES256, privateKey('rsa-2048'), MSG)), 'ERR_KEY_ALG_MISMATCH');
    assert.equal(await errorCode(() => b.verify(ES256, publicKey('rsa-2048'), new Uint8Array(64), MSG)), 'ERR_KEY_ALG_MISMATCH');
    assert.equal(await errorCode(() => b.sign({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, privateKey('ec-p256'), MSG)), 'ERR_KEY_ALG_MISMATCH');
    assert.equal(await errorCode(() => b.sign({ name: 'Ed25519' }, privateKey('x25519'), MSG)), 'ERR_KEY_ALG_MISMATCH');
  });
  it('a public key to sign → ERR_KEY_USAGE; not a key → ERR_KEY_INVALID; not bytes → ERR_INPUT_INVALID', async () => {
    assert.equal(await errorCode(() => b.sign(ES256, publicKey('ec-p256') as never, MSG)), 'ERR_KEY_USAGE');
    assert.equal(await errorCode(() => b.sign(ES256, {} as never, MSG)), 'ERR_KEY_INVALID');
    assert.equal(await errorCode(() => b.sign(ES256, privateKey('ec-p256'), 'text' as never)), 'ERR_INPUT_INVALID');
  });
  it('RSA-PSS salt too long for the key → ERR_INPUT_INVALID (sign)', async () => {
    assert.equal(await errorCode(() => b.sign({ name: 'RSA-PSS', hash: 'SHA-512', saltLength: 200 }, privateKey('rsa-2048'), MSG)), 'ERR_INPUT_INVALID');
  });
});

describe('ECDH', () => {
  it('peer on another curve → ERR_KEY_ALG_MISMATCH; RSA key → ERR_KEY_ALG_MISMATCH', async () => {
    assert.equal(await errorCode(() => b.deriveSharedSecret(privateKey('ec-p256'), publicKey('ec-p384'))), 'ERR_KEY_ALG_MISMATCH');
    assert.equal(await errorCode(() => b.deriveSharedSecret(privateKey('x25519'), publicKey('ec-p256'))), 'ERR_KEY_ALG_MISMATCH');
    assert.equal(await errorCode(() => b.deriveSharedSecret(privateKey('rsa-2048'), publicKey('rsa-2048'))), 'ERR_KEY_ALG_MISMATCH');
  });
  it('small-order X25519 peer → ERR_KEY_INVALID', async () => {
    const zero = importKey(new Uint8Array(32), { format: 'raw', curve: 'X25519' });
    assert.equal(await errorCode(() => b.deriveSharedSecret(privateKey('x25519'), zero as never)), 'ERR_KEY_INVALID');
  });
});

describe('decryption failures → ERR_DECRYPTION_FAILED', () => {
  it('RSA-OAEP: tampered ciphertext, wrong label, wrong hash, wrong length', async () => {
    const key = privateKey('rsa-2048');
    const ct = await b.oaepEncrypt({ hash: 'SHA-256', label: utf8('L') }, key.publicKey(), MSG);
    assert.deepEqual(await b.oaepDecrypt({ hash: 'SHA-256', label: utf8('L') }, key, ct), MSG);
    assert.equal(await errorCode(() => b.oaepDecrypt({ hash: 'SHA-256', label: utf8('L') }, key, flip(ct))), 'ERR_DECRYPTION_FAILED');
    assert.equal(await errorCode(() => b.oaepDecrypt({ hash: 'SHA-256' }, key, ct)), 'ERR_DECRYPTION_FAILED');
    assert.equal(await errorCode(() => b.oaepDecrypt({ hash: 'SHA-1', label: utf8('L') }, key, ct)), 'ERR_DECRYPTION_FAILED');
    assert.equal(await errorCode(() => b.oaepDecrypt({ hash: 'SHA-256', label: utf8('L') }, key, ct.subarray(1))), 'ERR_DECRYPTION_FAILED');
  });
  it('RSA-OAEP: plaintext too long → ERR_INPUT_INVALID; EC key → ERR_KEY_ALG_MISMATCH', async () => {
    assert.equal(await errorCode(() => b.oaepEncrypt({ hash: 'SHA-256' }, publicKey('rsa-2048'), new Uint8Array(191))), 'ERR_INPUT_INVALID');
    assert.equal(await errorCode(() => b.oaepEncrypt({ hash: 'SHA-256' }, publicKey('ec-p256'), MSG)), 'ERR_KEY_ALG_MISMATCH');
  });
  it('AES-GCM: bad tag, tampered ciphertext or AAD, short tag', async () => {
    const t = sym.aesGcm.find((v) => v.plaintext.length > 0 && v.aad.length > 0)!;
    const [key, ct, tag, aad] = [hex(t.key), hex(t.ciphertext), hex(t.tag), hex(t.aad)];
    for (const iv of [hex(t.iv), new Uint8Array(100).fill(7)]) {
      const r = iv.length === 12 ? { ciphertext: ct, tag } : await b.aesGcmEncrypt(key, iv, hex(t.plaintext), aad);
      assert.equal(await errorCode(() => b.aesGcmDecrypt(key, iv, r.ciphertext, flip(r.tag), aad)), 'ERR_DECRYPTION_FAILED');
      assert.equal(await errorCode(() => b.aesGcmDecrypt(key, iv, flip(r.ciphertext), r.tag, aad)), 'ERR_DECRYPTION_FAILED');
      assert.equal(await errorCode(() => b.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, flip(aad))), 'ERR_DECRYPTION_FAILED');
      assert.equal(await errorCode(() => b.aesGcmDecrypt(key, iv, r.ciphertext, r.tag.subarray(0, 12), aad)), 'ERR_DECRYPTION_FAILED');
      assert.equal(bytesHex(await b.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad)), t.plaintext);
    }
  });
  it('AES-GCM: empty IV or a 20-byte key → ERR_INPUT_INVALID', async () => {
    assert.equal(await errorCode(() => b.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(0), MSG)), 'ERR_INPUT_INVALID');
    assert.equal(await errorCode(() => b.aesGcmEncrypt(new Uint8Array(20), new Uint8Array(12), MSG)), 'ERR_INPUT_INVALID');
  });
  it('AES-KW: corrupted wrapped key, wrong KEK, bad length', async () => {
    for (const t of sym.aesKw) {
      const wrapped = hex(t.wrapped);
      assert.equal(await errorCode(() => b.aesKwUnwrap(hex(t.kek), flip(wrapped, 0))), 'ERR_DECRYPTION_FAILED', t.id);
      assert.equal(await errorCode(() => b.aesKwUnwrap(hex(t.kek), flip(wrapped, wrapped.length - 1))), 'ERR_DECRYPTION_FAILED', t.id);
      assert.equal(await errorCode(() => b.aesKwUnwrap(flip(hex(t.kek), 0), wrapped)), 'ERR_DECRYPTION_FAILED', t.id);
    }
    assert.equal(await errorCode(() => b.aesKwUnwrap(new Uint8Array(16), new Uint8Array(20))), 'ERR_DECRYPTION_FAILED');
    assert.equal(await errorCode(() => b.aesKwWrap(new Uint8Array(16), new Uint8Array(12))), 'ERR_INPUT_INVALID');
  });
  it('AES-CBC: bad padding, bad length', async () => {
    // WebCrypto encrypts 15 bytes ‖ 0x00 (a full block, so a padding block follows); the first block alone decrypts to
    // a block ending in 0x00, which is never valid PKCS#7.
    const key = new Uint8Array(16).fill(3);
    const iv = new Uint8Array(16).fill(4);
    const pt = new Uint8Array(16).fill(0x41);
    pt[15] = 0;
    const ct = await web.aesCbcEncrypt(key, iv, pt);
    assert.equal(ct.length, 32);
    assert.equal(await errorCode(() => b.aesCbcDecrypt(key, iv, ct.subarray(0, 16))), 'ERR_DECRYPTION_FAILED');
    assert.equal(await errorCode(() => b.aesCbcDecrypt(key, iv, ct.subarray(0, 20))), 'ERR_DECRYPTION_FAILED');
    assert.deepEqual(await b.aesCbcDecrypt(key, iv, ct), pt);
  });
});

describe('other inputs', () => {
  it('HKDF too long, PBKDF2 zero iterations, unknown hash', async () => {
    assert.equal(await errorCode(() => b.hkdf('SHA-256', MSG, MSG, MSG, 255 * 32 + 1)), 'ERR_INPUT_INVALID');
    assert.equal(await errorCode(() => b.pbkdf2('SHA-256', MSG, MSG, 0, 32)), 'ERR_INPUT_INVALID');
    assert.equal(await errorCode(() => b.digest('MD5' as never, MSG)), 'ERR_UNSUPPORTED');
  });
});

function bytesHex(v: Uint8Array): string {
  return Buffer.from(v).toString('hex');
}
