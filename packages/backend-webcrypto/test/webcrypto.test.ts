/** WebCrypto backend specifics; the full vector and Wycheproof run is packages/conformance/test/webcrypto.test.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CryptoplugError, importPrivateKey, jwkThumbprint, KEY_SPECS, type PrivateKey } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';

const keyFile = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../vectors/primitives/keys/${name}`, import.meta.url)), 'utf8');

test('capabilities are probed from this runtime and cover the whole contract on Node 20', async () => {
  const b = await createWebCryptoBackend();
  const c = b.capabilities();
  assert.deepEqual([...c.ecdsa.curves], ['P-256', 'P-384', 'P-521']);
  assert.deepEqual([...c.ecdh.curves], ['P-256', 'P-384', 'P-521', 'X25519']);
  assert.equal(c.ed25519, true);
  assert.deepEqual([...c.generateKey], [...KEY_SPECS]);
});

/** Counts WebCrypto `importKey` calls until `restore()` (the real importKey still runs). */
function countImports(): { readonly count: number; restore(): void } {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.importKey;
  let count = 0;
  (subtle as { importKey: unknown }).importKey = (...args: Parameters<SubtleCrypto['importKey']>) => {
    count++;
    return original.apply(subtle, args);
  };
  return {
    get count() {
      return count;
    },
    restore: () => void ((subtle as { importKey: unknown }).importKey = original),
  };
}

test('a key is imported into WebCrypto once, then the CryptoKey is reused', async () => {
  const b = await createWebCryptoBackend();
  const key = importPrivateKey(keyFile('ec-p256.pkcs8.pem'));
  const imports = countImports();
  try {
    const msg = new Uint8Array([1, 2, 3]);
    for (let i = 0; i < 5; i++) await b.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, msg);
    assert.equal(imports.count, 1);
  } finally {
    imports.restore();
  }
});

test('generated keys are complete, valid cryptoplug keys (every spec except slow RSA sizes)', async () => {
  const b = await createWebCryptoBackend();
  for (const spec of ['ec-p256', 'ec-p384', 'ec-p521', 'ed25519', 'x25519', 'rsa-2048'] as const) {
    const k: PrivateKey = await b.generateKey(spec);
    assert.equal(k.type, 'private');
    assert.match(jwkThumbprint(k), /^[A-Za-z0-9_-]{43}$/);
  }
});

test('a backend error keeps its cause and never leaks as a TypeError', async () => {
  const b = await createWebCryptoBackend();
  await assert.rejects(
    () => b.aesGcmDecrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(3), new Uint8Array(16)),
    (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_DECRYPTION_FAILED' && e.cause !== undefined,
  );
});

test('a key WebCrypto refuses to import is ERR_KEY_INVALID (NotSupportedError: ERR_UNSUPPORTED), like node:crypto', async () => {
  const b = await createWebCryptoBackend();
  const subtle = globalThis.crypto.subtle;
  const original = subtle.importKey;
  for (const [name, code] of [['DataError', 'ERR_KEY_INVALID'], ['NotSupportedError', 'ERR_UNSUPPORTED']] as const) {
    const key = importPrivateKey(keyFile('ec-p256.pkcs8.pem')); // a fresh key: no cached CryptoKey
    subtle.importKey = (async () => {
      throw new DOMException('refused', name);
    }) as typeof subtle.importKey;
    try {
      await assert.rejects(b.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array(1)), (e: unknown) => e instanceof CryptoplugError && e.code === code);
    } finally {
      subtle.importKey = original;
    }
  }
});

test('an HMAC key is imported once per key array, and again when the caller changes the array', async () => {
  const b = await createWebCryptoBackend();
  const { createHmac } = await import('node:crypto');
  const expected = (k: Uint8Array, d: Uint8Array) => new Uint8Array(createHmac('sha256', k).update(d).digest());
  const imports = countImports();
  try {
    const key = new Uint8Array(32).fill(7);
    const data = new TextEncoder().encode('header.payload');
    assert.deepEqual(await b.hmac('SHA-256', key, data), expected(key, data));
    assert.deepEqual(await b.hmac('SHA-256', key, data), expected(key, data));
    assert.equal(imports.count, 1);
    key[31] = 8; // the same array with other bytes is another key
    assert.deepEqual(await b.hmac('SHA-256', key, data), expected(key, data));
    assert.equal(imports.count, 2);
    assert.deepEqual(await b.hmac('SHA-384', key, data), new Uint8Array(createHmac('sha384', key).update(data).digest()));
    assert.equal(imports.count, 3);
    assert.deepEqual(await b.hmac('SHA-256', new Uint8Array(0), data), expected(new Uint8Array(0), data));
  } finally {
    imports.restore();
  }
});
