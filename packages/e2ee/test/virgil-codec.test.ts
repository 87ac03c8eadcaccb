/**
 * The Virgil codec's own behaviour that the golden vectors and the live interop do not cover: explicit recipient ids
 * (the quick-start uses card ids), input validation, backends without X25519, padding sizes, password-protected keys.
 * Expected values come from virgil-crypto (vectors) or from the documented format, never from the code under test.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Backend, PrivateKey, PublicKey } from '@cryptoplug/core';
import {
  VirgilCodec,
  encryptedKeySupport,
  exportEncryptedPrivateKey,
  exportVirgilPrivateKey,
  generateVirgilKeyPair,
  importVirgilPrivateKey,
  importVirgilPublicKey,
  paddedLength,
} from '../src/index.js';
import { allBackends, b64, hex, loadVirgilVectors, rejectsWith, text, throwsWith, webcryptoBackend } from './helpers.js';

const V = loadVirgilVectors();
const priv = (n: string): PrivateKey => importVirgilPrivateKey(V.keys[n]!.privateKey);
const pub = (n: string): PublicKey => importVirgilPublicKey(V.keys[n]!.publicKey);

describe('virgil codec', () => {
  let backend: Backend;
  let codec: VirgilCodec;
  before(async () => {
    backend = await webcryptoBackend();
    codec = new VirgilCodec(backend);
  });

  it('explicit recipient ids (e.g. Virgil card ids, as in the quick-start) round-trip with `recipientId`', async () => {
    const cardId = text('b0c5a3e6-virgil-card-id');
    const msg = await codec.encrypt(text('for the card'), [{ key: pub('bob'), id: cardId }, pub('carol')]);
    assert.deepEqual(
      codec.inspect(msg).recipients.map((r) => r.id).sort(),
      [hex(cardId), V.keys.carol!.keyId].sort(),
    );
    assert.equal(new TextDecoder().decode(await codec.decrypt(msg, priv('bob'), { recipientId: cardId })), 'for the card');
    await rejectsWith(() => codec.decrypt(msg, priv('bob')), 'ERR_E2EE_NOT_RECIPIENT');
    assert.equal(new TextDecoder().decode(await codec.decrypt(msg, priv('carol'))), 'for the card');
  });

  it('recipients are DER-sorted in the header (SET OF)', async () => {
    const msg = await codec.encrypt(text('order'), [pub('dave'), pub('bob'), pub('carol')]);
    const ids = codec.inspect(msg).recipients.map((r) => r.id);
    // same-length encodings: DER order is the order of the key ids
    assert.deepEqual(ids, [...ids].sort());
  });

  it('padding: the GCM plaintext is the next multiple of 160 above length + 4 (virgil-crypto frame)', async () => {
    for (const [len, padded] of [[0, 160], [5, 160], [155, 160], [156, 320], [160, 320], [1000, 1120]] as const) {
      assert.equal(paddedLength(len), padded);
      const msg = await codec.encrypt(new Uint8Array(len), pub('bob'), { padding: true });
      const header = codec.inspect(msg).headerLength;
      assert.equal(msg.length - header - 16, padded, `length ${len}`);
      assert.equal((await codec.decrypt(msg, priv('bob'))).length, len);
    }
  });

  it('input validation is typed', async () => {
    await rejectsWith(() => codec.encrypt(text('x'), []), 'ERR_INPUT_INVALID');
    await rejectsWith(() => codec.encrypt('text' as never, pub('bob')), 'ERR_INPUT_INVALID');
    await rejectsWith(() => codec.encrypt(text('x'), [{ key: pub('bob'), id: new Uint8Array(0) }]), 'ERR_INPUT_INVALID');
    await rejectsWith(() => codec.decrypt(new Uint8Array(0), priv('bob')), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => codec.decrypt(text('garbage'), priv('bob')), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => codec.decrypt(b64(V.messages[0]!.ciphertext), pub('bob') as never), 'ERR_KEY_USAGE');
    const p256 = await backend.generateKey('ec-p256');
    await rejectsWith(() => codec.encrypt(text('x'), p256.publicKey()), 'ERR_UNSUPPORTED');
    await rejectsWith(() => codec.decrypt(b64(V.messages[0]!.ciphertext), p256), 'ERR_UNSUPPORTED');
    await rejectsWith(() => codec.sign(text('x'), p256), 'ERR_UNSUPPORTED');
    throwsWith(() => new VirgilCodec(backend, { keyIdHash: 'MD5' as never }), 'ERR_INPUT_INVALID');
  });

  it('a backend without X25519 (forge) can still sign and verify, and says ERR_UNSUPPORTED for envelopes', async () => {
    const forge = (await allBackends()).find((b) => b.name === 'forge');
    if (!forge) return;
    const c = new VirgilCodec(forge);
    const s = V.signatures[0]!;
    assert.equal(await c.verify(Buffer.from(s.data, 'hex'), b64(s.signature), pub('alice')), true);
    assert.equal(Buffer.from(await c.sign(Buffer.from(s.data, 'hex'), priv('alice'))).toString('base64'), s.signature);
    await rejectsWith(() => c.encrypt(text('x'), pub('bob')), 'ERR_UNSUPPORTED');
    await rejectsWith(() => c.decrypt(b64(V.messages[0]!.ciphertext), priv('bob')), 'ERR_UNSUPPORTED');
  });

  it('generated keys are Virgil keys (ED25519 signs, CURVE25519 only decrypts)', async () => {
    const ed = await generateVirgilKeyPair(backend, 'ed25519');
    const x = await generateVirgilKeyPair(backend, 'curve25519');
    assert.equal(ed.curve, 'Ed25519');
    assert.equal(x.curve, 'X25519');
    const msg = await codec.signAndEncrypt(text('gen'), ed, [ed.publicKey(), x.publicKey()]);
    assert.equal(new TextDecoder().decode(await codec.decryptAndVerify(msg, x, ed.publicKey())), 'gen');
    await rejectsWith(() => generateVirgilKeyPair(backend, 'rsa' as never), 'ERR_UNSUPPORTED');
  });
});

describe('password-protected private keys (PKCS#8 PBES2, through core)', { skip: encryptedKeySupport() ? false : 'this @cryptoplug/core build does not export encryptPkcs8 / decryptPkcs8 yet' }, () => {
  it('export with a passphrase, import with it (PEM), wrong or missing passphrase is ERR_KEY_PASSPHRASE', async () => {
    const backend = await webcryptoBackend();
    const codec = new VirgilCodec(backend);
    for (const name of ['alice', 'carol']) {
      const pem = exportEncryptedPrivateKey(priv(name), 'MY_PASSWORD');
      assert.match(pem, /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      const back = importVirgilPrivateKey(pem, { passphrase: 'MY_PASSWORD' });
      assert.equal(hex(exportVirgilPrivateKey(back)), hex(b64(V.keys[name]!.privateKey)));
      throwsWith(() => importVirgilPrivateKey(pem, { passphrase: 'wrong' }), 'ERR_KEY_PASSPHRASE');
      throwsWith(() => importVirgilPrivateKey(pem), 'ERR_KEY_PASSPHRASE');
      // the imported key decrypts what virgil-crypto encrypted for it
      const m = V.messages.find((x) => x.kind === 'encrypt' && x.recipients.includes(name));
      if (m) assert.ok((await codec.decrypt(b64(m.ciphertext), back)).length >= 0);
    }
  });

  it('PBKDF2 too; and the DER form', async () => {
    const pem = exportEncryptedPrivateKey(priv('bob'), 'pw', { kdf: 'pbkdf2', iterations: 2000 });
    assert.equal(hex(exportVirgilPrivateKey(importVirgilPrivateKey(pem, { passphrase: 'pw' }))), hex(b64(V.keys.bob!.privateKey)));
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
    assert.equal(hex(exportVirgilPrivateKey(importVirgilPrivateKey(new Uint8Array(der), { passphrase: 'pw' }))), hex(b64(V.keys.bob!.privateKey)));
    throwsWith(() => importVirgilPrivateKey(new Uint8Array(der)), 'ERR_KEY_PASSPHRASE');
  });

  it('OpenSSL-compatible: node:crypto reads the exported key with the passphrase', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const pem = exportEncryptedPrivateKey(priv('alice'), 'MY_PASSWORD');
    const k = createPrivateKey({ key: pem, passphrase: 'MY_PASSWORD' });
    assert.equal(hex(new Uint8Array(k.export({ type: 'pkcs8', format: 'der' }))), hex(b64(V.keys.alice!.privateKey)));
  });
});
