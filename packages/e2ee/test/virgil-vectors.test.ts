/**
 * Golden vectors made by virgil-crypto 5.1.2 (vectors/virgil/generate.mjs): cryptoplug must read every one of them,
 * on every backend that can, without the reference library installed. Expected values (plaintexts, key ids,
 * validity) are what virgil-crypto produced and checked.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { CryptoplugError, type Backend, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import {
  VirgilCodec,
  exportVirgilPrivateKey,
  exportVirgilPublicKey,
  importVirgilPrivateKey,
  importVirgilPublicKey,
  verifyThenDecryptText,
  virgilKeyId,
} from '../src/index.js';
import {
  b64,
  flip,
  hex,
  loadVirgilVectors,
  plaintextOf,
  rejectsWith,
  throwsWith,
  virgilCapableBackends,
  webcryptoBackend,
  allBackends,
  fastBackend,
  type VectorMessage,
} from './helpers.js';

const V = loadVirgilVectors();
const priv: Record<string, PrivateKey> = {};
const pub: Record<string, PublicKey> = {};
for (const [name, k] of Object.entries(V.keys)) {
  priv[name] = importVirgilPrivateKey(b64(k.privateKey));
  pub[name] = importVirgilPublicKey(b64(k.publicKey));
}

async function openVector(codec: VirgilCodec, m: VectorMessage, recipient: string, verifyWith?: PublicKey[]): Promise<Uint8Array> {
  const data = b64(m.ciphertext);
  switch (m.kind) {
    case 'encrypt':
      return codec.decrypt(data, priv[recipient]!);
    case 'signThenEncrypt':
      return codec.decryptThenVerify(data, priv[recipient]!, verifyWith ?? [pub[m.signer!]!]);
    case 'signAndEncrypt':
      return codec.decryptAndVerify(data, priv[recipient]!, verifyWith ?? [pub[m.signer!]!]);
  }
}

describe('virgil golden vectors: keys', () => {
  it(`were made by ${V.meta.library}`, () => {
    assert.match(V.meta.library!, /^virgil-crypto@5\./);
  });

  it('import and re-export byte-identically (PKCS#8 / SPKI DER)', () => {
    for (const [name, k] of Object.entries(V.keys)) {
      assert.equal(Buffer.from(exportVirgilPrivateKey(priv[name]!)).toString('base64'), k.privateKey, name);
      assert.equal(Buffer.from(exportVirgilPublicKey(pub[name]!)).toString('base64'), k.publicKey, name);
      assert.equal(Buffer.from(exportVirgilPublicKey(priv[name]!)).toString('base64'), k.publicKey, `${name} (from private)`);
      assert.equal(priv[name]!.curve, k.type === 'ed25519' ? 'Ed25519' : 'X25519');
    }
  });

  it('accept base64 text as well as DER bytes', () => {
    const k = V.keys.alice!;
    assert.equal(hex(exportVirgilPublicKey(importVirgilPublicKey(k.publicKey))), hex(b64(k.publicKey)));
    assert.equal(hex(exportVirgilPrivateKey(importVirgilPrivateKey(k.privateKey))), hex(b64(k.privateKey)));
  });

  it('key identifiers match virgil-crypto (SHA-512/8 and SHA-256) on every backend', async () => {
    for (const backend of await allBackends()) {
      if (!backend.supports({ op: 'digest', hash: 'SHA-512' })) continue;
      for (const [name, k] of Object.entries(V.keys)) {
        // fresh key objects: ids are remembered per key object
        assert.equal(hex(await virgilKeyId(backend, importVirgilPublicKey(k.publicKey))), k.keyId, `${backend.name} ${name}`);
        assert.equal(hex(await virgilKeyId(backend, importVirgilPrivateKey(k.privateKey), 'SHA-256')), k.keyIdSha256, `${backend.name} ${name}`);
      }
    }
  });

  it('reject RSA, secp256r1 and compound / post-quantum Virgil keys with ERR_UNSUPPORTED', () => {
    for (const k of Object.values(V.unsupported.keys)) {
      throwsWith(() => importVirgilPrivateKey(b64(k.privateKey)), 'ERR_UNSUPPORTED');
      throwsWith(() => importVirgilPublicKey(b64(k.publicKey)), 'ERR_UNSUPPORTED');
      throwsWith(() => importVirgilPublicKey(k.publicKey), 'ERR_UNSUPPORTED');
    }
  });
});

describe('virgil golden vectors: signatures', () => {
  let backends: Backend[];
  before(async () => {
    backends = (await allBackends()).filter((b) => b.supports({ op: 'sign', alg: 'Ed25519' }) && b.supports({ op: 'digest', hash: 'SHA-512' }));
    assert.ok(backends.length > 0);
  });

  it('verify on every backend; wrong key or data is false', async () => {
    for (const backend of backends) {
      const codec = new VirgilCodec(backend);
      for (const s of V.signatures) {
        const data = Buffer.from(s.data, 'hex');
        const sig = b64(s.signature);
        assert.equal(await codec.verify(data, sig, pub[s.signer]!), true, `${backend.name} ${s.name}`);
        assert.equal(await codec.verify(data, sig, pub.bob!), false, `${backend.name} ${s.name} wrong key`);
        assert.equal(await codec.verify(new Uint8Array([...data, 0]), sig, pub[s.signer]!), false, `${backend.name} ${s.name} other data`);
      }
    }
  });

  it('cryptoplug signatures are byte-identical to virgil-crypto (Ed25519 is deterministic)', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const s of V.signatures) {
      assert.equal(Buffer.from(await codec.sign(Buffer.from(s.data, 'hex'), priv[s.signer]!)).toString('base64'), s.signature, s.name);
    }
  });

  it('malformed signatures are ERR_SIGNATURE_MALFORMED; CURVE25519 keys cannot verify', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    const s = V.signatures[0]!;
    const data = Buffer.from(s.data, 'hex');
    const sig = b64(s.signature);
    await rejectsWith(() => codec.verify(data, sig.subarray(0, sig.length - 1), pub.alice!), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(() => codec.verify(data, new Uint8Array(64), pub.alice!), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(() => codec.verify(data, sig, pub.carol!), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => codec.sign(data, priv.carol!), 'ERR_KEY_ALG_MISMATCH');
  });
});

describe('virgil golden vectors: messages', () => {
  let backends: Backend[];
  before(async () => {
    backends = await virgilCapableBackends();
    assert.ok(backends.length > 0, 'no backend can run the Virgil envelope');
  });

  it('every recipient decrypts (and verifies) every message, on every capable backend', async () => {
    for (const backend of backends) {
      const codec = new VirgilCodec(backend);
      for (const m of V.messages) {
        for (const r of m.recipients) {
          const out = await openVector(codec, m, r);
          assert.equal(hex(out), hex(plaintextOf(m.plaintext)), `${backend.name} ${m.name} for ${r}`);
        }
      }
    }
  });

  it('open() reports the signature kind and signer id virgil-crypto wrote', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const m of V.messages) {
      const r = await codec.open(b64(m.ciphertext), priv[m.recipients[0]!]!, m.signer ? [pub.bob!, pub[m.signer]!] : undefined);
      assert.equal(r.signature, m.kind === 'encrypt' ? 'none' : m.kind, m.name);
      assert.equal(r.verified, m.kind !== 'encrypt', m.name);
      if (m.signer) assert.equal(r.signerId, m.keyIdHash === 'SHA-256' ? V.keys[m.signer]!.keyIdSha256 : V.keys[m.signer]!.keyId, m.name);
      assert.equal(hex(r.plaintext), hex(plaintextOf(m.plaintext)));
    }
  });

  it('inspect() lists the recipient ids virgil-crypto computed', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const m of V.messages) {
      const s = codec.inspect(b64(m.ciphertext));
      const expected = m.recipients.map((r) => (m.keyIdHash === 'SHA-256' ? V.keys[r]!.keyIdSha256 : V.keys[r]!.keyId)).sort();
      assert.deepEqual(s.recipients.map((r) => r.id).sort(), expected, m.name);
      assert.equal(s.padded, m.padding, m.name);
    }
  });

  it('a key that is not a recipient gets ERR_E2EE_NOT_RECIPIENT', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const m of V.messages) {
      const outsider = Object.keys(V.keys).find((k) => !m.recipients.includes(k))!;
      await rejectsWith(() => codec.decrypt(b64(m.ciphertext), priv[outsider]!), 'ERR_E2EE_NOT_RECIPIENT', m.name);
    }
  });

  it('a wrong signer is ERR_SIGNATURE_INVALID; a missing signature is ERR_E2EE_NOT_SIGNED', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const m of V.messages) {
      const r = m.recipients[0]!;
      if (m.kind === 'encrypt') {
        await rejectsWith(() => codec.decryptThenVerify(b64(m.ciphertext), priv[r]!, pub.alice!), 'ERR_E2EE_NOT_SIGNED', m.name);
        await rejectsWith(() => codec.decryptAndVerify(b64(m.ciphertext), priv[r]!, pub.alice!), 'ERR_E2EE_NOT_SIGNED', m.name);
        continue;
      }
      // one key that is not the signer's
      await rejectsWith(() => openVector(codec, m, r, [pub.bob!]), 'ERR_SIGNATURE_INVALID', m.name);
      // several keys, none is the signer's
      await rejectsWith(() => codec.open(b64(m.ciphertext), priv[r]!, [pub.bob!, priv.bob!.publicKey()]), 'ERR_SIGNATURE_INVALID', m.name);
      // the other kind of verification
      const other = m.kind === 'signThenEncrypt' ? codec.decryptAndVerify.bind(codec) : codec.decryptThenVerify.bind(codec);
      await rejectsWith(() => other(b64(m.ciphertext), priv[r]!, pub.alice!), 'ERR_E2EE_NOT_SIGNED', m.name);
    }
  });

  it('every byte of a message, flipped, is rejected with a typed error (exhaustive)', async () => {
    const codec = new VirgilCodec(await fastBackend());
    for (const name of ['encrypt-1-ed25519', 'signThenEncrypt-1', 'signAndEncrypt-1', 'encrypt-padded']) {
      const m = V.messages.find((x) => x.name === name)!;
      const data = b64(m.ciphertext);
      const r = m.recipients[0]!;
      // The x sign bit of an Ed25519 ephemeral key does not change its X25519 (Montgomery u) form, so the shared
      // secret stays the same: virgil-crypto's format does not authenticate that one bit. Nothing else may pass.
      const spki = Buffer.from('302a300506032b6570032100', 'hex');
      const signBits = new Set<number>();
      for (let at = Buffer.from(data).indexOf(spki); at >= 0; at = Buffer.from(data).indexOf(spki, at + 1)) signBits.add(at + spki.length + 31);
      for (let i = 0; i < data.length; i++) {
        for (const mask of [1 << i % 8]) {
          try {
            const out = await codec.open(flip(data, i, mask), priv[r]!, m.signer ? [pub[m.signer]!] : undefined);
            assert.equal(hex(out.plaintext), hex(plaintextOf(m.plaintext)), `${name}: flip at ${i} changed the plaintext`);
            assert.ok(m.recipients.length > 1 || (mask === 0x80 && signBits.has(i)), `${name}: flip at ${i}/${mask} was accepted`);
          } catch (e) {
            assert.ok(e instanceof CryptoplugError, `${name}: flip at ${i} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          }
        }
      }
    }
  });

  it('truncations are rejected with typed errors', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    for (const name of ['encrypt-4k', 'signAndEncrypt-4k', 'signThenEncrypt-3']) {
      const m = V.messages.find((x) => x.name === name)!;
      const data = b64(m.ciphertext);
      for (const cut of [1, 15, 16, 17, 100, data.length - 1]) {
        await rejectsWith(() => codec.decrypt(data.subarray(0, data.length - cut), priv[m.recipients[0]!]!), ['ERR_DECRYPTION_FAILED', 'ERR_E2EE_MALFORMED'], `${name} cut ${cut}`);
      }
      await rejectsWith(() => codec.decrypt(new Uint8Array([...data, 0]), priv[m.recipients[0]!]!), ['ERR_DECRYPTION_FAILED', 'ERR_E2EE_MALFORMED']);
    }
  });

  it('messages for RSA / secp256r1 recipients: other recipients decrypt, the unsupported key types cannot', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    const mixed = V.unsupported.messages.find((m) => m.name === 'for-secp256r1-and-bob')!;
    assert.equal(new TextDecoder().decode(await codec.decrypt(b64(mixed.ciphertext), priv.bob!)), mixed.plaintext.text);
    const summary = codec.inspect(b64(mixed.ciphertext));
    assert.deepEqual(summary.recipients.map((r) => r.algorithm).sort(), ['EC (secp256r1)', 'Ed25519']);
    const rsa = V.unsupported.messages.find((m) => m.name === 'for-rsa2048')!;
    await rejectsWith(() => codec.decrypt(b64(rsa.ciphertext), priv.bob!), 'ERR_E2EE_NOT_RECIPIENT');
    assert.deepEqual(codec.inspect(b64(rsa.ciphertext)).recipients, [{ id: V.unsupported.keys.rsa2048!.keyId, algorithm: 'RSA' }]);
  });

  it('group-session messages are ERR_UNSUPPORTED', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    await rejectsWith(() => codec.decrypt(b64(V.unsupported.groupSession.message), priv.alice!), 'ERR_UNSUPPORTED');
    throwsWith(() => codec.inspect(b64(V.unsupported.groupSession.message)), 'ERR_UNSUPPORTED');
  });
});

describe('virgil golden vectors: the chat model (encrypt-then-sign)', () => {
  it('every channel member verifies and decrypts the virgil-made chat message', async () => {
    for (const backend of await virgilCapableBackends()) {
      const codec = new VirgilCodec(backend);
      for (const r of V.chat.recipients) {
        assert.equal(await verifyThenDecryptText(codec, V.chat.model, pub[V.chat.sender]!, priv[r]!), V.chat.text, `${backend.name} ${r}`);
        assert.equal(await verifyThenDecryptText(codec, JSON.stringify(V.chat.model), pub[V.chat.sender]!, priv[r]!), V.chat.text);
      }
    }
  });

  it('a forged sender, a changed message or a broken model is rejected', async () => {
    const codec = new VirgilCodec(await webcryptoBackend());
    const { model } = V.chat;
    await rejectsWith(() => verifyThenDecryptText(codec, model, pub.bob!, priv.bob!), 'ERR_SIGNATURE_INVALID');
    const changed = { ...model, message: Buffer.from(flip(b64(model.message), 400)).toString('base64') };
    await rejectsWith(() => verifyThenDecryptText(codec, changed, pub.alice!, priv.bob!), 'ERR_SIGNATURE_INVALID');
    await rejectsWith(() => verifyThenDecryptText(codec, { message: model.message } as never, pub.alice!, priv.bob!), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => verifyThenDecryptText(codec, '{not json', pub.alice!, priv.bob!), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => verifyThenDecryptText(codec, { message: '%%%', sign: model.sign }, pub.alice!, priv.bob!), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => verifyThenDecryptText(codec, model, pub.alice!, priv.dave!), 'ERR_E2EE_NOT_RECIPIENT');
  });
});
