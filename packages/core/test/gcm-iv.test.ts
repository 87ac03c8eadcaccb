/**
 * AES-GCM IV bounds as capability data: `supportsQuery({ op: 'aesGcm', ivLength })` answers them, and defineBackend
 * refuses an IV outside them with ERR_UNSUPPORTED (naming the bounds and their reason) before the backend runs — for
 * decryption too, where every other failure is ERR_DECRYPTION_FAILED.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CryptoplugError,
  HASHES,
  defineBackend,
  describeGcmIvBounds,
  gcmIvSupported,
  supportsQuery,
  type AesGcmIvBounds,
  type BackendImpl,
  type Capabilities,
  capabilitiesWith,
} from '@cryptoplug/core';
import { rejectsWith } from './helpers.js';

function caps(aesGcmIv?: AesGcmIvBounds): Capabilities {
  return capabilitiesWith({
    digest: [...HASHES],
    aesGcm: true,
    ...(aesGcmIv ? { aesGcmIv } : {}),
  });
}

const BOUNDED: AesGcmIvBounds = { min: 12, max: 128, reason: 'the test says so' };

test('supportsQuery answers ivLength from the bounds; an empty or fractional IV length is never supported', () => {
  const c = caps(BOUNDED);
  const q = (ivLength?: number) => supportsQuery(c, { op: 'aesGcm', ...(ivLength === undefined ? {} : { ivLength }) });
  assert.deepEqual([q(), q(11), q(12), q(128), q(129), q(0), q(12.5)], [true, false, true, true, false, false, false]);
  assert.equal(supportsQuery(c, { op: 'aesGcm', keyBits: 192, ivLength: 12 }), true);
  assert.equal(supportsQuery({ ...c, aesKeySizes: [128] }, { op: 'aesGcm', keyBits: 192, ivLength: 12 }), false);
  assert.equal(supportsQuery({ ...c, aesGcm: false }, { op: 'aesGcm', ivLength: 12 }), false);
  // absent bounds: every non-empty IV; a min without a max: no upper bound
  const open = caps();
  assert.deepEqual([1, 100_000, 0].map((n) => gcmIvSupported(open, n)), [true, true, false]);
  const minOnly = caps({ min: 8 });
  assert.deepEqual([7, 8, 1 << 20].map((n) => gcmIvSupported(minOnly, n)), [false, true, true]);
});

test('describeGcmIvBounds renders the bounds and their reason', () => {
  assert.equal(describeGcmIvBounds(BOUNDED), '12..128 bytes: the test says so');
  assert.equal(describeGcmIvBounds({ min: 1 }), '1 byte or more');
  assert.equal(describeGcmIvBounds({ min: 8, reason: 'r' }), '8 bytes or more: r');
  assert.equal(describeGcmIvBounds(undefined), 'any non-empty IV');
});

test('defineBackend: an IV outside the bounds is ERR_UNSUPPORTED with the reason, before the backend runs', async () => {
  const calls: string[] = [];
  const impl: BackendImpl = {
    name: 'bounded',
    capabilities: () => caps(BOUNDED),
    aesGcmEncrypt: (_k, _iv, pt) => (calls.push('encrypt'), { ciphertext: pt.slice(), tag: new Uint8Array(16) }),
    aesGcmDecrypt: () => {
      calls.push('decrypt');
      throw new Error('tag mismatch');
    },
  };
  const b = defineBackend(impl);
  const key = new Uint8Array(16);
  for (const n of [1, 11, 129, 300]) {
    const iv = new Uint8Array(n);
    await rejectsWith(() => b.aesGcmEncrypt(key, iv, new Uint8Array(3)), 'ERR_UNSUPPORTED');
    // a wrong tag would be ERR_DECRYPTION_FAILED, but the IV is refused first, with a code that depends on it alone
    await rejectsWith(() => b.aesGcmDecrypt(key, iv, new Uint8Array(3), new Uint8Array(16)), 'ERR_UNSUPPORTED');
  }
  assert.deepEqual(calls, []);
  await assert.rejects(
    () => b.aesGcmEncrypt(key, new Uint8Array(200), new Uint8Array(3)),
    (e: unknown) =>
      e instanceof CryptoplugError &&
      e.message === 'AES-GCM with a 200-byte IV is not supported by the bounded backend (IVs of 12..128 bytes: the test says so)',
  );
  await rejectsWith(() => b.aesGcmEncrypt(key, new Uint8Array(0), new Uint8Array(3)), 'ERR_INPUT_INVALID');
  // inside the bounds the backend runs (and its decryption failure is the usual ERR_DECRYPTION_FAILED)
  assert.equal((await b.aesGcmEncrypt(key, new Uint8Array(12), new Uint8Array(3))).ciphertext.length, 3);
  await rejectsWith(() => b.aesGcmDecrypt(key, new Uint8Array(128), new Uint8Array(3), new Uint8Array(16)), 'ERR_DECRYPTION_FAILED');
  assert.deepEqual(calls, ['encrypt', 'decrypt']);
});
