/**
 * The shared test helpers must fail the tests that use them when they should: an assertion helper that passes a wrong
 * outcome would make every package's error tests unable to fail. Checked against core's real errors and the
 * repository's vector keys (made by Python cryptography, vectors/primitives/README.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputInvalidError, KeyInvalidError, bytesToHex, importKey, jwkFromKey, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { PRIMITIVES, ROOT, errorCode, flip, hex, isPlainBytes, loadKey, privateKey, publicKey, readJson, rejectsCode } from '../src/test-helpers.js';

test('ROOT is the repository (package.json with workspaces, vectors/primitives beside it)', () => {
  assert.ok(existsSync(join(ROOT, 'turbo.json')));
  assert.ok(existsSync(join(PRIMITIVES, 'README.md')));
});

test('rejectsCode passes only a CryptoplugError with the code and a one-line message', async () => {
  const e = await rejectsCode(() => importKey('not a key'), 'ERR_KEY_INVALID');
  assert.equal(e.code, 'ERR_KEY_INVALID');
  await rejectsCode(Promise.reject(new InputInvalidError('bad')), ['ERR_KEY_INVALID', 'ERR_INPUT_INVALID']);
  // each of these must make the helper fail
  const fails = async (p: Promise<unknown>, pattern: RegExp) => assert.rejects(p, (err: Error) => err instanceof assert.AssertionError && pattern.test(err.message));
  await fails(rejectsCode(() => 1, 'ERR_KEY_INVALID'), /succeeded/);
  await fails(rejectsCode(() => { throw new TypeError('x'); }, 'ERR_KEY_INVALID'), /expected a CryptoplugError, got TypeError/);
  await fails(rejectsCode(Promise.reject(new InputInvalidError('bad')), 'ERR_KEY_INVALID'), /got ERR_INPUT_INVALID/);
  // (core's constructors already fold messages to one line, so the message is changed after construction)
  const twoLines = Object.defineProperty(new KeyInvalidError('x'), 'message', { value: 'two\nlines' });
  await fails(rejectsCode(Promise.reject(twoLines), 'ERR_KEY_INVALID'), /one line/);
});

test('errorCode returns the code, and fails on success or a foreign error', async () => {
  assert.equal(await errorCode(() => importKey('')), 'ERR_KEY_INVALID');
  await assert.rejects(errorCode(() => 'fine'), /succeeded/);
  await assert.rejects(errorCode(() => { throw new RangeError('r'); }), /expected a CryptoplugError/);
});

test('flip changes exactly one bit of a copy; isPlainBytes tells a Uint8Array from a Buffer', () => {
  const a = hex('00ff10');
  const b = flip(a);
  assert.equal(bytesToHex(a), '00ff10', 'the input is not changed');
  assert.equal(bytesToHex(b), '00fe10');
  assert.equal(bytesToHex(flip(a, 0, 0x80)), '80ff10');
  assert.equal(isPlainBytes(a), true);
  assert.equal(isPlainBytes(Buffer.from(a)), false);
  assert.equal(isPlainBytes([0]), false);
});

test('the vector keys load in every stored form as the same key', () => {
  const der = privateKey('ec-p256');
  const pem = loadKey('ec-p256', 'pkcs8.pem');
  const jwk = loadKey('ec-p256', 'jwk.json');
  const spki = publicKey('ec-p256');
  assert.equal(der.type, 'private');
  assert.equal(spki.type, 'public');
  const pub = (k: unknown) => jwkFromKey((k as PrivateKey).publicKey() as PublicKey);
  // the public JWK Python cryptography wrote next to them
  const expected = readJson<object>('keys/ec-p256.pub.jwk.json');
  for (const k of [der, pem, jwk]) assert.deepEqual(pub(k), expected);
  assert.deepEqual(jwkFromKey(spki), expected);
  assert.deepEqual(jwkFromKey(der, { private: true }), jwkFromKey(jwk as PrivateKey, { private: true }));
});
