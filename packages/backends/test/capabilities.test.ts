/**
 * Capabilities are accurate: everything a backend claims is exercised by a committed cross-implementation vector or a
 * Wycheproof suite (which every backend's conformance test runs with 0 failures), and what a backend does not claim
 * is refused with ERR_UNSUPPORTED before it runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CryptoplugError, type Backend } from '@cryptoplug/core';
import { allBackends, readVectors, repoRoot, vectorKey } from './helpers.js';

/** "op|param|param" strings that some vector or Wycheproof file exercises. */
function covered(): Set<string> {
  const s = new Set<string>();
  const curveOf: Record<string, string> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' };
  for (const t of readVectors<{ tests: Array<{ key: string; alg: { name: string; hash?: string } }> }>('signatures.json').tests) {
    if (t.alg.name === 'ECDSA') s.add(`ecdsa|${curveOf[t.key]}|${t.alg.hash}`);
    else if (t.alg.name === 'Ed25519') s.add('ed25519');
    else s.add(`${t.alg.name}|${t.alg.hash}`);
  }
  for (const t of readVectors<{ tests: Array<{ curve: string }> }>('ecdh.json').tests) s.add(`ecdh|${t.curve}`);
  for (const t of readVectors<{ tests: Array<{ hash: string }> }>('oaep.json').tests) s.add(`oaep|${t.hash}`);
  const sym = readVectors<Record<string, Array<{ hash?: string }>>>('symmetric.json');
  for (const [section, list] of Object.entries(sym)) for (const t of list) s.add(t.hash ? `${section}|${t.hash}` : section);
  const wp = readdirSync(join(process.env.CRYPTOPLUG_WYCHEPROOF_DIR ?? join(repoRoot(), '..', 'shared', 'wycheproof'), 'testvectors_v1'));
  if (wp.some((f) => f.startsWith('aes_wrap'))) s.add('aesKw');
  return s;
}

function claims(b: Backend): string[] {
  const c = b.capabilities();
  return [
    ...c.ecdsa.curves.flatMap((curve) => c.ecdsa.hashes.map((h) => `ecdsa|${curve}|${h}`)),
    ...(c.ed25519 ? ['ed25519'] : []),
    ...c.rsaPkcs1.hashes.map((h) => `RSASSA-PKCS1-v1_5|${h}`),
    ...c.rsaPss.hashes.map((h) => `RSA-PSS|${h}`),
    ...c.ecdh.curves.map((x) => `ecdh|${x}`),
    ...c.rsaOaep.hashes.map((h) => `oaep|${h}`),
    ...c.digest.map((h) => `digest|${h}`),
    ...c.hmac.map((h) => `hmac|${h}`),
    ...c.hkdf.map((h) => `hkdf|${h}`),
    ...c.pbkdf2.map((h) => `pbkdf2|${h}`),
    ...(c.aesGcm ? ['aesGcm'] : []),
    ...(c.aesCbc ? ['aesCbc'] : []),
    ...(c.aesKw ? ['aesKw'] : []),
  ];
}

test('every claimed capability of every backend is exercised by a vector', async () => {
  const cov = covered();
  for (const b of await allBackends()) {
    const missing = claims(b).filter((c) => !cov.has(c));
    assert.deepEqual(missing, [], `${b.name} claims capabilities no vector exercises`);
    assert.ok(claims(b).length > 10, `${b.name} claims something`);
  }
});

test('what is not claimed is refused with ERR_UNSUPPORTED, never attempted', async () => {
  const msg = new Uint8Array([1]);
  const unsupported = (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_UNSUPPORTED';
  for (const b of await allBackends()) {
    const c = b.capabilities();
    if (!c.ecdsa.curves.includes('P-256')) {
      await assert.rejects(() => b.sign({ name: 'ECDSA', hash: 'SHA-256' }, vectorKey('ec-p256'), msg), unsupported, b.name);
    }
    if (c.rsaPkcs1.hashes.length === 0) {
      await assert.rejects(() => b.sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, vectorKey('rsa-2048'), msg), unsupported, b.name);
    }
    if (!c.ecdh.curves.includes('X25519')) {
      await assert.rejects(() => b.deriveSharedSecret(vectorKey('x25519'), vectorKey('x25519-b').publicKey()), unsupported, b.name);
    }
    if (!c.aesKw) await assert.rejects(() => b.aesKwWrap(new Uint8Array(16), new Uint8Array(16)), unsupported, b.name);
  }
});
