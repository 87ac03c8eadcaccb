/**
 * Node-specific paths of this backend, checked against an independent implementation (@noble/hashes, pure JS):
 * HKDF with info over node's 1024-byte `hkdfSync` limit (the backend switches to its HMAC path), and AES-GCM IVs over
 * OpenSSL's 128-byte limit (refused with ERR_UNSUPPORTED, never a wrong answer). Everything every backend must do is in
 * the shared runner (conformance.test.ts) and the cross-backend matrix (packages/backends/test/cross.test.ts).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { HASHES, HASH_SIZE, bytesToHex, type Backend } from '@cryptoplug/core';
import { createNodeBackend } from '@cryptoplug/backend-node';
import { rejectsCode } from '@cryptoplug/test-utils/test-helpers';

let node: Backend;
before(async () => {
  node = await createNodeBackend();
});

const pattern = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 0xff);

it('HKDF: info up to 1024 bytes (hkdfSync) and longer (the HMAC path) equals @noble/hashes', async () => {
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

it('AES-GCM IVs over 128 bytes are ERR_UNSUPPORTED for encryption and decryption (never a wrong answer)', async () => {
  const key = pattern(16, 1);
  const iv = pattern(129, 2);
  await rejectsCode(node.aesGcmEncrypt(key, iv, pattern(5, 3)), 'ERR_UNSUPPORTED');
  await rejectsCode(node.aesGcmDecrypt(key, iv, pattern(5, 3), pattern(16, 4)), 'ERR_UNSUPPORTED');
});
