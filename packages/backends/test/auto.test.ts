/**
 * `createAutoBackend` with recording stub members (no cryptography: which member runs, and the typed errors), then
 * AES-GCM routing by IV length with the real backends, checked against implementations other than the chosen member.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import {
  CryptoplugError,
  allCapabilities,
  bytesToHex,
  defineBackend,
  type AesGcmIvBounds,
  type BackendImpl,
  type Capabilities,
} from '@cryptoplug/core';
import { createAutoBackend, createRegistry, type AutoBackend } from '@cryptoplug/backends';
import { vectorKey } from './helpers.js';

const FULL: Capabilities = allCapabilities();

/** A member that records what it was asked to do and returns well-shaped dummy output. */
function stub(name: string, caps: Capabilities = FULL) {
  const calls: string[] = [];
  const impl: BackendImpl = {
    name,
    capabilities: () => caps,
    sign: (alg, key) => {
      calls.push('sign');
      return new Uint8Array(alg.name === 'ECDSA' ? 2 * ({ 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const)[key.curve as 'P-256'] : 64).fill(1);
    },
    aesGcmEncrypt: (_k, iv, pt) => {
      calls.push(`gcm-encrypt ${iv.length}`);
      return { ciphertext: pt.slice(), tag: new Uint8Array(16) };
    },
    aesGcmDecrypt: (_k, iv, ct) => {
      calls.push(`gcm-decrypt ${iv.length}`);
      return ct.slice();
    },
    aesCbcEncrypt: (_k, _iv, pt) => (calls.push('cbc'), new Uint8Array(pt.length + 16 - (pt.length % 16))),
  };
  return { backend: defineBackend(impl), calls };
}

const ed = vectorKey('ed25519');
const p384 = vectorKey('ec-p384');
const data = new Uint8Array([1, 2, 3]);

async function rejectsWith(fn: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof CryptoplugError, `expected ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

test('auto delegates each operation to the first member that supports it', async () => {
  const a = stub('a', { ...FULL, ed25519: false, ecdsa: { curves: [], hashes: [] } });
  const b = stub('b');
  const auto = createAutoBackend([a.backend, b.backend]);
  await auto.sign({ name: 'Ed25519' }, ed, data);
  assert.deepEqual([a.calls, b.calls], [[], ['sign']]);
  assert.equal(auto.pick({ op: 'sign', alg: 'Ed25519' })?.name, 'b');
  const rows = auto.explain();
  assert.ok(rows.some((r) => r.operation === 'Ed25519' && r.backend === 'b' && /a cannot/.test(r.reason)));
  await rejectsWith(() => createAutoBackend([a.backend]).sign({ name: 'Ed25519' }, ed, data), 'ERR_UNSUPPORTED');
  assert.throws(() => createAutoBackend([]), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_INPUT_INVALID');
});

test('auto falls back for excluded ECDSA curve × hash pairs and AES key sizes', async () => {
  const partial = stub('partial', { ...FULL, ecdsa: { ...FULL.ecdsa, exclude: [{ curve: 'P-384', hash: 'SHA-1' }] }, aesKeySizes: [128, 256] });
  const full = stub('full');
  const auto = createAutoBackend([partial.backend, full.backend]);
  await auto.sign({ name: 'ECDSA', hash: 'SHA-1' }, p384, data);
  await auto.sign({ name: 'ECDSA', hash: 'SHA-256' }, p384, data);
  assert.deepEqual([partial.calls, full.calls], [['sign'], ['sign']]);
  assert.equal(auto.pick({ op: 'aesCbc', keyBits: 192 }), full.backend);
  assert.equal(auto.pick({ op: 'aesCbc', keyBits: 128 }), partial.backend);
});

test('auto routes AES-GCM by IV length: a member whose bounds exclude the IV is skipped, not chosen', async () => {
  const bounded = stub('bounded', { ...FULL, aesGcmIv: { min: 12, max: 128, reason: 'like WebCrypto on Node' } });
  const short = stub('short', { ...FULL, aesGcmIv: { min: 1, max: 64 } });
  const auto = createAutoBackend([bounded.backend, short.backend]);
  const key = new Uint8Array(16);
  for (const n of [1, 12, 100, 128]) {
    await auto.aesGcmEncrypt(key, new Uint8Array(n), data);
    await auto.aesGcmDecrypt(key, new Uint8Array(n), data, new Uint8Array(16));
  }
  assert.deepEqual(bounded.calls, ['gcm-encrypt 12', 'gcm-decrypt 12', 'gcm-encrypt 100', 'gcm-decrypt 100', 'gcm-encrypt 128', 'gcm-decrypt 128']);
  assert.deepEqual(short.calls, ['gcm-encrypt 1', 'gcm-decrypt 1']);
  assert.equal(auto.pick({ op: 'aesGcm', ivLength: 11 }), short.backend);
  assert.equal(auto.pick({ op: 'aesGcm', ivLength: 129 }), undefined);
  assert.equal(auto.supports({ op: 'aesGcm', ivLength: 129 }), false);
  // the union of capabilities is the envelope of the members' bounds
  assert.deepEqual(auto.capabilities().aesGcmIv, { min: 1, max: 128, reason: "the union of the members' bounds" });
  // no member takes 129 bytes: ERR_UNSUPPORTED (for decryption too), no member runs
  await rejectsWith(() => auto.aesGcmEncrypt(key, new Uint8Array(129), data), 'ERR_UNSUPPORTED', /129-byte IV/);
  await rejectsWith(() => auto.aesGcmDecrypt(key, new Uint8Array(129), data, new Uint8Array(16)), 'ERR_UNSUPPORTED', /129-byte IV/);
  assert.equal(bounded.calls.length + short.calls.length, 8);
  // a member without bounds takes every non-empty IV; one not doing AES-GCM at all adds nothing to the union
  const open = stub('open');
  const none = stub('none', { ...FULL, aesGcm: false, aesGcmIv: { min: 1000 } });
  assert.equal(createAutoBackend([bounded.backend, open.backend]).capabilities().aesGcmIv, undefined);
  assert.deepEqual(createAutoBackend([bounded.backend, none.backend]).capabilities().aesGcmIv?.max, 128);
});

test('auto routes a gap between members\' IV ranges exactly (supports asks the members)', async () => {
  const low = stub('low', { ...FULL, aesGcmIv: { min: 1, max: 7 } });
  const high: AesGcmIvBounds = { min: 12 };
  const auto = createAutoBackend([low.backend, stub('high', { ...FULL, aesGcmIv: high }).backend]);
  assert.deepEqual([7, 8, 11, 12].map((n) => auto.supports({ op: 'aesGcm', ivLength: n })), [true, false, false, true]);
  await rejectsWith(() => auto.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(9), data), 'ERR_UNSUPPORTED', /not supported by any available backend/);
});

// ---------------------------------------------------------------- the real backends

const key = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);
const aad = Uint8Array.from({ length: 13 }, (_, i) => 0xa0 + i);
const pt = Uint8Array.from({ length: 37 }, (_, i) => i * 3);
const hex = (r: { ciphertext: Uint8Array; tag: Uint8Array }) => bytesToHex(r.ciphertext) + bytesToHex(r.tag);

async function autoOf(only: string[]): Promise<AutoBackend> {
  return (await createRegistry().select('auto', { only })) as AutoBackend;
}

test('real members: a 1-byte IV goes past noble (IVs ≥ 8 bytes) to forge, and equals OpenSSL', async () => {
  const auto = await autoOf(['noble', 'forge']);
  const iv = Uint8Array.of(0x5a);
  assert.equal(auto.pick({ op: 'aesGcm', keyBits: 128, ivLength: 1 })?.name, 'forge');
  assert.equal(auto.pick({ op: 'aesGcm', keyBits: 128, ivLength: 12 })?.name, 'noble');
  const c = createCipheriv('aes-128-gcm', key, iv, { authTagLength: 16 });
  c.setAAD(aad);
  const expected = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
  const r = await auto.aesGcmEncrypt(key, iv, pt, aad);
  assert.equal(hex(r), expected);
  assert.deepEqual(await auto.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad), pt);
  const bad = r.tag.slice();
  bad[0]! ^= 1;
  await rejectsWith(() => auto.aesGcmDecrypt(key, iv, r.ciphertext, bad, aad), 'ERR_DECRYPTION_FAILED');
  // noble alone says why it cannot
  await rejectsWith(() => auto.members[0]!.aesGcmEncrypt(key, iv, pt, aad), 'ERR_UNSUPPORTED', /1-byte IV .*noble.*8 bytes or more/);
});

test('real members: a 200-byte IV goes past node (OpenSSL: ≤ 128 bytes) to noble, and equals forge', async () => {
  const auto = await autoOf(['node', 'noble']);
  const forge = (await autoOf(['forge'])).members[0]!;
  const iv = Uint8Array.from({ length: 200 }, (_, i) => (i * 13) & 0xff);
  assert.equal(auto.pick({ op: 'aesGcm', ivLength: 200 })?.name, 'noble');
  assert.equal(auto.pick({ op: 'aesGcm', ivLength: 128 })?.name, 'node');
  const r = await auto.aesGcmEncrypt(key, iv, pt, aad);
  assert.equal(hex(r), hex(await forge.aesGcmEncrypt(key, iv, pt, aad)));
  assert.deepEqual(await auto.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad), pt);
  await rejectsWith(() => auto.members[0]!.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad), 'ERR_UNSUPPORTED', /200-byte IV .*node.*GCM_IV_MAX_SIZE/);
  // node and WebCrypto on Node both stop at 128 bytes: no member can, so auto refuses before running either
  const neither = await autoOf(['node', 'webcrypto']);
  assert.equal(neither.supports({ op: 'aesGcm', ivLength: 200 }), false);
  await rejectsWith(() => neither.aesGcmEncrypt(key, iv, pt, aad), 'ERR_UNSUPPORTED', /200-byte IV/);
  await rejectsWith(() => neither.aesGcmDecrypt(key, iv, r.ciphertext, r.tag, aad), 'ERR_UNSUPPORTED', /200-byte IV/);
});

test('the default auto on Node does every non-empty IV length through some member', async () => {
  const auto = (await createRegistry().select('auto')) as AutoBackend;
  const names = [1, 7, 8, 12, 128, 129, 5000].map((n) => auto.pick({ op: 'aesGcm', ivLength: n })?.name);
  assert.deepEqual(names, ['node', 'node', 'node', 'node', 'node', 'noble', 'noble']);
  assert.equal(auto.supports({ op: 'aesGcm', ivLength: 0 }), false);
  await rejectsWith(() => auto.aesGcmEncrypt(key, new Uint8Array(0), pt), 'ERR_INPUT_INVALID');
});

test('verifyMany: a mixed batch goes to each member in its share, answers back in order; a one-member batch goes whole', async () => {
  const member = (name: string, caps: Capabilities) => {
    const batches: number[][] = [];
    const impl: BackendImpl = {
      name,
      capabilities: () => caps,
      verify: () => {
        throw new Error('verifyMany must be used');
      },
      verifyMany: async (items) => (batches.push(items.map((it) => it.signature[0]!)), items.map((it) => it.signature[0]! % 2 === 1)),
    };
    return { backend: defineBackend(impl), batches };
  };
  const ecOnly = member('ec-only', { ...FULL, ed25519: false });
  const any = member('any', FULL);
  const auto = createAutoBackend([ecOnly.backend, any.backend]);
  const es = { name: 'ECDSA', hash: 'SHA-384' } as const;
  const eddsa = { name: 'Ed25519' } as const;
  const edPub = ed.publicKey();
  const p384Pub = p384.publicKey();
  const spec = [
    [es, 1], [eddsa, 3], [eddsa, 4], [es, 6], [es, 7], [eddsa, 9], [es, 11], [eddsa, 12],
  ] as const;
  const items = spec.map(([alg, b]) =>
    alg.name === 'ECDSA' ? { alg, key: p384Pub, signature: new Uint8Array(96).fill(b), data } : { alg, key: edPub, signature: new Uint8Array(64).fill(b), data },
  );
  assert.deepEqual(await auto.verifyMany(items), spec.map(([, b]) => b % 2 === 1));
  assert.deepEqual(ecOnly.batches, [[1, 6, 7, 11]]);
  assert.deepEqual(any.batches, [[3, 4, 9, 12]]);
  const ecItems = items.filter((it) => it.alg.name === 'ECDSA');
  assert.deepEqual(await auto.verifyMany(ecItems), [true, false, true, true]);
  assert.deepEqual(ecOnly.batches, [[1, 6, 7, 11], [1, 6, 7, 11]]);
  assert.deepEqual(any.batches, [[3, 4, 9, 12]], 'a one-member batch reaches no other member');
  assert.deepEqual(await auto.verifyMany([]), []);
});
