/** Registry and `auto`: preference, exclusion, forcing, per-operation fallback, and typed errors for bad names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoplugError } from '@cryptoplug/core';
import { DEFAULT_PREFERENCE, createRegistry, type AutoBackend } from '@cryptoplug/backends';
import { vectorKey } from './helpers.js';

const msg = new TextEncoder().encode('selection');

test('default order on Node is node > webcrypto > noble > forge', () => {
  assert.deepEqual(createRegistry().order({}, 'node'), ['node', 'webcrypto', 'noble', 'forge']);
  assert.deepEqual(DEFAULT_PREFERENCE.browser, ['webcrypto', 'noble', 'forge']);
  assert.deepEqual(createRegistry().order({}, 'browser'), ['webcrypto', 'noble', 'forge', 'node']);
});

test('a forge-first preference still does ECDSA and ECDH (fallback per operation)', async () => {
  const auto = (await createRegistry().select('auto', { prefer: ['forge'] })) as AutoBackend;
  assert.equal(auto.members[0]!.name, 'forge');
  assert.equal(auto.pick({ op: 'sign', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' })!.name, 'forge');
  assert.equal(auto.pick({ op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' })!.name, 'node');
  const k = vectorKey('ec-p256');
  const sig = await auto.sign({ name: 'ECDSA', hash: 'SHA-256' }, k, msg);
  assert.equal(await auto.verify({ name: 'ECDSA', hash: 'SHA-256' }, k.publicKey(), sig, msg), true);
  const rows = auto.explain();
  const ecdsa = rows.find((r) => r.operation === 'ECDSA P-256')!;
  assert.equal(ecdsa.backend, 'node');
  assert.match(ecdsa.reason, /forge cannot/);
});

test('exclude and only', async () => {
  const noNode = (await createRegistry().select('auto', { exclude: ['node'] })) as AutoBackend;
  assert.ok(!noNode.members.some((b) => b.name === 'node'));
  assert.equal(noNode.pick({ op: 'ecdh', curve: 'X25519' })!.name, 'webcrypto');
  const onlyNoble = (await createRegistry().select('auto', { only: ['noble'] })) as AutoBackend;
  assert.deepEqual(onlyNoble.members.map((b) => b.name), ['noble']);
  await assert.rejects(
    () => onlyNoble.sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, vectorKey('rsa-2048'), msg),
    (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_UNSUPPORTED',
  );
});

test('unknown backend names are typed errors', async () => {
  await assert.rejects(() => createRegistry().select('openssl'), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
  assert.throws(() => createRegistry().order({ prefer: ['nope'] }), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
});

test('auto signs DER when asked, through a member that signs P1363', async () => {
  const auto = await createRegistry().select('auto');
  const k = vectorKey('ec-p384');
  const der = await auto.sign({ name: 'ECDSA', hash: 'SHA-384', encoding: 'der' }, k, msg);
  assert.equal(der[0], 0x30);
  assert.equal(await auto.verify({ name: 'ECDSA', hash: 'SHA-384', encoding: 'der' }, k.publicKey(), der, msg), true);
});
