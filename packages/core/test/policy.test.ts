/**
 * Issue 16 in core: the JSON guard, the KDF limit helpers, and the key policy (RSA e range, e/d agreement, Ed25519
 * small-order / non-canonical keys) against vectors/policy/policy.json (Python cryptography + openssl + pure-Python
 * Edwards arithmetic). The same keys on every backend and auto: packages/backends/test/policy.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPbkdf2Cost, checkScryptCost, hexToBytes, importKey, jsonDepth, parseJsonGuarded } from '@cryptoplug/core';
import { rejectsWith, repoRoot } from './helpers.js';

const policy = JSON.parse(readFileSync(join(repoRoot(), 'vectors', 'policy', 'policy.json'), 'utf8')) as {
  rsa: Array<{ id: string; accept: boolean; pem: string; jwk?: Record<string, string> }>;
  ed25519_refused: Array<{ hex: string; why: string }>;
};

test('RSA keys: e outside odd 3 ≤ e < 2^32 and private keys whose e and d disagree are ERR_KEY_INVALID in every format', async () => {
  for (const c of policy.rsa) {
    for (const input of [c.pem, ...(c.jwk ? [c.jwk, JSON.stringify(c.jwk)] : [])]) {
      if (c.accept) assert.ok(importKey(input), c.id);
      else await rejectsWith(() => importKey(input), 'ERR_KEY_INVALID');
    }
  }
  assert.ok(policy.rsa.filter((c) => !c.accept).length >= 7);
});

test('Ed25519 public keys of small order or in a non-canonical encoding are ERR_KEY_INVALID (raw and JWK)', async () => {
  assert.ok(policy.ed25519_refused.length >= 14 + 5);
  for (const { hex } of policy.ed25519_refused) {
    const raw = hexToBytes(hex);
    await rejectsWith(() => importKey(raw, { format: 'raw', curve: 'Ed25519' }), 'ERR_KEY_INVALID');
    await rejectsWith(() => importKey({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }), 'ERR_KEY_INVALID');
  }
});

test('parseJsonGuarded: depth and size limits before parsing, syntax errors as the caller says', async () => {
  const deep = '['.repeat(4118) + ']'.repeat(4118);
  await rejectsWith(() => parseJsonGuarded(deep), 'ERR_LIMIT_EXCEEDED');
  await rejectsWith(() => parseJsonGuarded('{"a":' .repeat(65) + '1' + '}'.repeat(65)), 'ERR_LIMIT_EXCEEDED');
  assert.deepEqual(parseJsonGuarded('{"a":'.repeat(63) + '1' + '}'.repeat(63)) !== undefined, true);
  assert.equal(jsonDepth('{"x":"[[[[{{{{\\"[[["}'), 1, 'brackets inside strings (and escaped quotes) do not count');
  await rejectsWith(() => parseJsonGuarded('"' + 'a'.repeat(100) + '"', { maxBytes: 50 }), 'ERR_INPUT_TOO_LARGE');
  await rejectsWith(() => parseJsonGuarded('{nope'), 'ERR_INPUT_INVALID');
  await rejectsWith(() => importKey('{"kty":' + '['.repeat(100) + ']'.repeat(100) + '}'), 'ERR_LIMIT_EXCEEDED');
  await rejectsWith(() => importKey('{"kty":'), 'ERR_KEY_INVALID');
  // the scan is skipped only for texts with at most one opening bracket: a second one anywhere brings it back
  await rejectsWith(() => parseJsonGuarded('{"a":[1]}', { maxDepth: 1 }), 'ERR_LIMIT_EXCEEDED');
  await rejectsWith(() => parseJsonGuarded('[{}]', { maxDepth: 1 }), 'ERR_LIMIT_EXCEEDED');
  await rejectsWith(() => parseJsonGuarded('{"a":1}', { maxDepth: 0 }), 'ERR_LIMIT_EXCEEDED');
  assert.deepEqual(parseJsonGuarded('{"a":"[{"}', { maxDepth: 1 }), { a: '[{' });
  assert.equal(parseJsonGuarded('12', { maxDepth: 0 }), 12);
});

test('KDF cost checks: defaults 600,000 PBKDF2 iterations and 64 MiB of scrypt memory, and the option raises them', async () => {
  checkPbkdf2Cost(600_000);
  await rejectsWith(() => checkPbkdf2Cost(600_001), 'ERR_LIMIT_EXCEEDED');
  checkPbkdf2Cost(600_001, { maxPbkdf2Iterations: 1_000_000 });
  checkScryptCost(2 ** 16, 8, 1);
  await rejectsWith(() => checkScryptCost(2 ** 17, 8, 1), 'ERR_LIMIT_EXCEEDED');
  checkScryptCost(2 ** 17, 8, 1, { maxScryptMemory: 128 * 1024 * 1024 });
});
