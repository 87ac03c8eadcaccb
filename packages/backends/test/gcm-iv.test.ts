/**
 * AES-GCM IV bounds per backend, as capability data: what each backend claims, that `supports` answers it, that the
 * claim matches what the underlying library really does at the edges, and that an IV outside it is ERR_UNSUPPORTED
 * with the reason (encrypt and decrypt; never ERR_DECRYPTION_FAILED).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { CryptoplugError, type Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { gcm } from '@noble/ciphers/aes.js';

const registry = createRegistry();
const load = (name: string): Promise<Backend> => registry.load(name);
const key = new Uint8Array(16).fill(3);
const pt = new Uint8Array(20).fill(5);

async function unsupported(b: Backend, ivLength: number, reason: RegExp): Promise<void> {
  const iv = new Uint8Array(ivLength).fill(1);
  for (const call of [() => b.aesGcmEncrypt(key, iv, pt), () => b.aesGcmDecrypt(key, iv, pt, new Uint8Array(16))]) {
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof CryptoplugError, String(e));
      assert.equal(e.code, 'ERR_UNSUPPORTED', e.message);
      assert.match(e.message, new RegExp(`${ivLength}-byte IV is not supported by the ${b.name} backend`));
      assert.match(e.message, reason);
      return true;
    });
  }
  assert.equal(b.supports({ op: 'aesGcm', ivLength }), false);
}

async function roundTrips(b: Backend, ivLength: number): Promise<void> {
  const iv = new Uint8Array(ivLength).fill(2);
  assert.equal(b.supports({ op: 'aesGcm', ivLength }), true, `${b.name} ${ivLength}`);
  const r = await b.aesGcmEncrypt(key, iv, pt);
  assert.deepEqual(await b.aesGcmDecrypt(key, iv, r.ciphertext, r.tag), pt);
}

test('node: 1..128 bytes (OpenSSL GCM_IV_MAX_SIZE), and OpenSSL itself refuses 129', async () => {
  const node = await load('node');
  assert.deepEqual(node.capabilities().aesGcmIv, { min: 1, max: 128, reason: "OpenSSL's GCM_IV_MAX_SIZE" });
  for (const n of [1, 12, 128]) await roundTrips(node, n);
  await unsupported(node, 129, /1\.\.128 bytes: OpenSSL's GCM_IV_MAX_SIZE/);
  await unsupported(node, 4096, /GCM_IV_MAX_SIZE/);
  // the bound is OpenSSL's, not a guess: node:crypto takes 128 bytes and refuses 129
  createCipheriv('aes-128-gcm', key, new Uint8Array(128));
  assert.throws(() => createCipheriv('aes-128-gcm', key, new Uint8Array(129)));
});

test('noble: 8 bytes or more (its gcm), no upper bound; 1..7 bytes are ERR_UNSUPPORTED', async () => {
  const noble = await load('noble');
  assert.deepEqual(noble.capabilities().aesGcmIv, { min: 8, reason: "@noble/ciphers' gcm takes IVs of 8 bytes or more" });
  for (const n of [8, 12, 257, 4096]) await roundTrips(noble, n);
  for (const n of [1, 7]) await unsupported(noble, n, /8 bytes or more/);
  // the bound is noble's own
  assert.throws(() => gcm(key, new Uint8Array(7)).encrypt(pt));
  assert.equal(gcm(key, new Uint8Array(8)).encrypt(pt).length, pt.length + 16);
});

test('forge: any non-empty IV', async () => {
  const forge = await load('forge');
  assert.deepEqual(forge.capabilities().aesGcmIv, { min: 1, reason: 'node-forge takes any non-empty IV' });
  for (const n of [1, 7, 129, 4096]) await roundTrips(forge, n);
});

test('webcrypto: the probed bounds are exactly where this runtime\'s subtle.encrypt starts and stops', async () => {
  const web = await load('webcrypto');
  const bounds = web.capabilities().aesGcmIv;
  assert.ok(bounds, 'webcrypto reports probed IV bounds');
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const ok = async (n: number) => {
    try {
      await subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(n) }, k, pt);
      return true;
    } catch {
      return false;
    }
  };
  assert.equal(await ok(bounds.min), true);
  if (bounds.min > 1) assert.equal(await ok(bounds.min - 1), false);
  await roundTrips(web, bounds.min);
  if (bounds.min > 1) await unsupported(web, bounds.min - 1, /probed/);
  if (bounds.max !== undefined) {
    assert.equal(await ok(bounds.max), true);
    assert.equal(await ok(bounds.max + 1), false);
    await roundTrips(web, bounds.max);
    await unsupported(web, bounds.max + 1, /probed/);
  } else {
    await roundTrips(web, 4096);
  }
});

test('an empty IV is ERR_INPUT_INVALID on every backend (outside the contract, not a capability)', async () => {
  for (const b of (await registry.loadAll()).available) {
    assert.equal(b.supports({ op: 'aesGcm', ivLength: 0 }), false);
    await assert.rejects(() => b.aesGcmEncrypt(key, new Uint8Array(0), pt), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
  }
});
