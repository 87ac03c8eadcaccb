/**
 * The vectors/primitives files cover what the runner relies on them for (these guards used to sit in each backend's own
 * vectors test): a regenerated or filtered file that lost a curve, hash, encoding, key size or its invalid cases fails
 * here, instead of silently shrinking every backend's run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSuites } from '@cryptoplug/conformance/node';

const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const data = (await loadSuites({ suites: 'vectors/*' })).suites;
type Sig = { id: string; key: string; alg: { name: string; hash?: string; encoding?: string }; valid: boolean };
const sigs = (data['vectors/primitives/signatures'] as { tests: Sig[] }).tests;
const sorted = (xs: Iterable<string | undefined>) => [...new Set(xs)].sort();

test('signatures.json: every algorithm with valid and invalid cases; ECDSA on every curve × hash × encoding; python-ecdsa signatures', () => {
  assert.deepEqual(sorted(sigs.map((t) => t.alg.name)), ['ECDSA', 'Ed25519', 'RSA-PSS', 'RSASSA-PKCS1-v1_5']);
  for (const name of ['ECDSA', 'Ed25519', 'RSA-PSS', 'RSASSA-PKCS1-v1_5']) {
    for (const valid of [true, false]) assert.ok(sigs.some((t) => t.alg.name === name && t.valid === valid), `${name} valid=${valid}`);
  }
  const ecdsa = sigs.filter((t) => t.alg.name === 'ECDSA');
  const combos = sorted(ecdsa.map((t) => `${t.key.replace(/-b$/, '')}/${t.alg.hash}/${t.alg.encoding}`));
  assert.equal(combos.length, 3 * 4 * 2, combos.join(' '));
  assert.ok(ecdsa.some((t) => t.id.includes('pyecdsa') && t.valid), 'python-ecdsa signatures');
  for (const name of ['RSA-PSS', 'RSASSA-PKCS1-v1_5']) assert.deepEqual(sorted(sigs.filter((t) => t.alg.name === name).map((t) => t.alg.hash)), HASHES, name);
});

test('ecdh.json: every curve; oaep.json: every hash, valid and invalid', () => {
  const ecdh = (data['vectors/primitives/ecdh'] as { tests: Array<{ curve: string }> }).tests;
  assert.deepEqual(sorted(ecdh.map((t) => t.curve)), ['P-256', 'P-384', 'P-521', 'X25519']);
  const oaep = (data['vectors/primitives/oaep'] as { tests: Array<{ hash: string; valid: boolean; label: string | null }> }).tests;
  assert.deepEqual(sorted(oaep.filter((t) => t.valid).map((t) => t.hash)), HASHES);
  assert.ok(oaep.some((t) => !t.valid) && oaep.some((t) => t.label !== null) && oaep.some((t) => t.label === null));
});

test('symmetric.json: every section has vectors, every hash where one applies, every AES key size', () => {
  const sym = data['vectors/primitives/symmetric'] as Record<string, Array<{ hash?: string; key?: string; kek?: string }>>;
  assert.deepEqual(Object.keys(sym).sort(), ['aesCbc', 'aesGcm', 'aesKw', 'digest', 'hkdf', 'hmac', 'pbkdf2']);
  for (const [section, vectors] of Object.entries(sym)) assert.ok(vectors.length > 0, section);
  for (const section of ['digest', 'hmac', 'hkdf', 'pbkdf2']) assert.deepEqual(sorted(sym[section]!.map((v) => v.hash)), HASHES, section);
  for (const section of ['aesGcm', 'aesCbc']) assert.deepEqual(sorted(sym[section]!.map((v) => String(v.key!.length / 2))), ['16', '24', '32'], section);
  assert.deepEqual(sorted(sym.aesKw!.map((v) => String(v.kek!.length / 2))), ['16', '24', '32']);
});
