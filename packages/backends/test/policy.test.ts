/**
 * Issue 16, rows 1, 2 and 7: the key policy gives the same outcome on every backend and on auto. Keys and signatures
 * from vectors/policy/policy.json (Python cryptography + openssl; Ed25519 encodings from pure-Python arithmetic).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CryptoplugError, hexToBytes, importKey, importPrivateKey, importPublicKey, utf8, type Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { allBackends, repoRoot, vectorKey } from './helpers.js';

const policy = JSON.parse(readFileSync(join(repoRoot(), 'vectors', 'policy', 'policy.json'), 'utf8')) as {
  rsa: Array<{ id: string; accept: boolean; kind: string; pem: string; public_pem?: string; message_hex?: string; rs256_signature_hex?: string }>;
  ed25519_refused: Array<{ hex: string }>;
  ed25519_forged_signature: { public_hex: string; signature_hex: string; message_hex: string };
};

async function everyBackend(): Promise<Backend[]> {
  return [...(await allBackends()), await createRegistry().select('auto')];
}

/** The outcome of fn as a comparable string: `true`/`false`, or the error code. Anything but a CryptoplugError fails. */
async function outcome(fn: () => unknown): Promise<string> {
  try {
    return String(await fn());
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `not a CryptoplugError: ${String(e)}`);
    return e.code;
  }
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const rsaBackends = new Set(['node', 'webcrypto', 'forge', 'auto']);

test('RSA e outside odd 3 ≤ e < 2^32: ERR_KEY_INVALID on every backend and auto (e = n − 2 no longer reaches forge)', async () => {
  const sig = new Uint8Array(256).fill(1);
  for (const b of await everyBackend()) {
    for (const c of policy.rsa.filter((c) => c.kind === 'public')) {
      assert.equal(await outcome(() => b.verify(RS256, importPublicKey(c.pem), sig, utf8('m'))), 'ERR_KEY_INVALID', `${b.name} ${c.id}`);
    }
  }
});

test('RSA with e = 3 and e = 2^32 − 1 (openssl keys): Python signature verifies on every RSA backend and auto, noble says unsupported', async () => {
  for (const b of await everyBackend()) {
    for (const c of policy.rsa.filter((c) => c.accept && c.public_pem)) {
      const pub = importPublicKey(c.public_pem!);
      const msg = hexToBytes(c.message_hex!);
      const sig = hexToBytes(c.rs256_signature_hex!);
      const expected = rsaBackends.has(b.name) ? 'true' : 'ERR_UNSUPPORTED';
      assert.equal(await outcome(() => b.verify(RS256, pub, sig, msg)), expected, `${b.name} ${c.id}`);
      const tampered = sig.slice();
      tampered[10]! ^= 1;
      assert.equal(await outcome(() => b.verify(RS256, pub, tampered, msg)), rsaBackends.has(b.name) ? 'false' : 'ERR_UNSUPPORTED');
      if (rsaBackends.has(b.name)) {
        const mine = await b.sign(RS256, importPrivateKey(c.pem), msg);
        assert.deepEqual(mine, sig, `${b.name} ${c.id}: RSASSA-PKCS1-v1_5 is deterministic, same bytes as Python`);
      }
    }
  }
});

test('RSA private keys whose e and d disagree: ERR_KEY_INVALID before any backend signs (every backend and auto)', async () => {
  for (const b of await everyBackend()) {
    for (const c of policy.rsa.filter((c) => c.kind === 'private' && c.id.startsWith('rsa-private'))) {
      const got = await outcome(() => b.sign(RS256, importPrivateKey(c.pem), utf8('m')).then(() => 'signed'));
      const expected = c.accept ? (rsaBackends.has(b.name) ? 'signed' : 'ERR_UNSUPPORTED') : 'ERR_KEY_INVALID';
      assert.equal(got, expected, `${b.name} ${c.id}`);
    }
  }
});

test('Ed25519: the identity key with (R = identity, S = 0) is ERR_KEY_INVALID on every backend and auto; so is every small-order or non-canonical key', async () => {
  const f = policy.ed25519_forged_signature;
  const good = vectorKey('ed25519');
  const msg = hexToBytes(f.message_hex);
  for (const b of await everyBackend()) {
    assert.equal(await outcome(() => b.verify({ name: 'Ed25519' }, importKey(hexToBytes(f.public_hex), { format: 'raw', curve: 'Ed25519' }) as never, hexToBytes(f.signature_hex), msg)), 'ERR_KEY_INVALID', b.name);
    for (const { hex } of policy.ed25519_refused) {
      assert.equal(await outcome(() => b.verify({ name: 'Ed25519' }, importKey(hexToBytes(hex), { format: 'raw', curve: 'Ed25519' }) as never, new Uint8Array(64), msg)), 'ERR_KEY_INVALID', `${b.name} ${hex}`);
    }
    // control: a real key still signs and verifies on every backend
    const sig = await b.sign({ name: 'Ed25519' }, good, msg);
    assert.equal(await b.verify({ name: 'Ed25519' }, good.publicKey(), sig, msg), true, b.name);
  }
});
