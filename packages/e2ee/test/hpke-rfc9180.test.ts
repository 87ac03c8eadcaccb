/**
 * The RFC 9180 core (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-GCM, base mode) against RFC 9180 Appendix A.1.1 on
 * every backend that can run it, and against @hpke/core + @hpke/dhkem-x25519 (an independent implementation) in both
 * directions, byte for byte for AES-256-GCM (for which the RFC has no X25519 vector).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { Aes128Gcm, Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { exportRaw, privateKeyFromMaterial, publicKeyFromMaterial, type Backend, type PrivateKey } from '@cryptoplug/core';
import { AEAD_AES_128_GCM, AEAD_AES_256_GCM, Hpke, type AeadId } from '../src/index.js';
import { fromHex, hex, hpkeCapableBackends, rejectsWith, text, webcryptoBackend } from './helpers.js';

interface A1 {
  info: string;
  ikmE: string;
  pkEm: string;
  skEm: string;
  ikmR: string;
  pkRm: string;
  skRm: string;
  enc: string;
  shared_secret: string;
  key_schedule_context: string;
  secret: string;
  key: string;
  base_nonce: string;
  exporter_secret: string;
  encryptions: Array<{ seq: number; pt: string; aad: string; nonce: string; ct: string }>;
  exports: Array<{ exporter_context: string; L: number; exported_value: string }>;
}

const A1V = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'vectors', 'rfc9180-a1.json'), 'utf8')) as A1;
const x25519Private = (h: string): PrivateKey => privateKeyFromMaterial({ kty: 'OKP', curve: 'X25519', d: fromHex(h) });
const x25519Public = (h: string) => publicKeyFromMaterial({ kty: 'OKP', curve: 'X25519', x: fromHex(h) });

function theirSuite(aead: AeadId): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: aead === AEAD_AES_128_GCM ? new Aes128Gcm() : new Aes256Gcm() });
}

describe('RFC 9180 A.1.1 (AES-128-GCM) on every capable backend', () => {
  let backends: Backend[];
  before(async () => {
    backends = await hpkeCapableBackends();
    assert.ok(backends.length > 0);
  });

  it('DeriveKeyPair(ikmE / ikmR) gives skEm / skRm and their public keys', async () => {
    for (const b of backends) {
      const hpke = new Hpke(b, AEAD_AES_128_GCM);
      const skE = await hpke.deriveKeyPair(fromHex(A1V.ikmE));
      const skR = await hpke.deriveKeyPair(fromHex(A1V.ikmR));
      assert.equal(hex(exportRaw(skE, { private: true })), A1V.skEm, b.name);
      assert.equal(hex(exportRaw(skR, { private: true })), A1V.skRm, b.name);
      assert.equal(hex(exportRaw(skE.publicKey())), A1V.pkEm, b.name);
      assert.equal(hex(exportRaw(skR.publicKey())), A1V.pkRm, b.name);
    }
  });

  it('Encap with skEm and Decap give enc and shared_secret; the key schedule gives key, base_nonce, exporter_secret', async () => {
    for (const b of backends) {
      const hpke = new Hpke(b, AEAD_AES_128_GCM);
      const { enc, sharedSecret } = await hpke.encap(x25519Public(A1V.pkRm), x25519Private(A1V.skEm));
      assert.equal(hex(enc), A1V.enc, b.name);
      assert.equal(hex(sharedSecret), A1V.shared_secret, b.name);
      assert.equal(hex(await hpke.decap(fromHex(A1V.enc), x25519Private(A1V.skRm))), A1V.shared_secret, b.name);
      const ks = await hpke.keySchedule(fromHex(A1V.shared_secret), fromHex(A1V.info));
      assert.equal(hex(ks.key), A1V.key, b.name);
      assert.equal(hex(ks.baseNonce), A1V.base_nonce, b.name);
      assert.equal(hex(ks.exporterSecret), A1V.exporter_secret, b.name);
      // the pieces: LabeledExtract for the schedule's secret
      assert.equal(hex(await hpke.labeledExtract(hpke.suiteId, fromHex(A1V.shared_secret), 'secret', new Uint8Array(0))), A1V.secret, b.name);
    }
  });

  it('the sender context seals the RFC ciphertexts (sequence 0, 1, 2, 255) and the recipient context opens them', async () => {
    for (const b of backends) {
      const hpke = new Hpke(b, AEAD_AES_128_GCM);
      const { enc, context: sender } = await hpke.setupBaseS(x25519Public(A1V.pkRm), fromHex(A1V.info), x25519Private(A1V.skEm));
      assert.equal(hex(enc), A1V.enc);
      const recipient = await hpke.setupBaseR(fromHex(A1V.enc), x25519Private(A1V.skRm), fromHex(A1V.info));
      let seq = 0;
      for (const e of A1V.encryptions) {
        for (; seq < e.seq; seq++) {
          const filler = await sender.seal(new Uint8Array(0), new Uint8Array(0));
          await recipient.open(new Uint8Array(0), filler);
        }
        assert.equal(hex(await sender.seal(fromHex(e.aad), fromHex(e.pt))), e.ct, `${b.name} seq ${e.seq}`);
        assert.equal(hex(await recipient.open(fromHex(e.aad), fromHex(e.ct))), e.pt, `${b.name} seq ${e.seq}`);
        seq++;
      }
      for (const x of A1V.exports) {
        assert.equal(hex(await sender.export(fromHex(x.exporter_context), x.L)), x.exported_value, `${b.name} export ${x.exporter_context}`);
        assert.equal(hex(await recipient.export(fromHex(x.exporter_context), x.L)), x.exported_value, `${b.name} export ${x.exporter_context}`);
      }
    }
  });

  it('a wrong key, enc, info, aad or ciphertext fails with ERR_DECRYPTION_FAILED', async () => {
    const hpke = new Hpke(await webcryptoBackend(), AEAD_AES_128_GCM);
    const e = A1V.encryptions[0]!;
    const open = (enc: string, sk: string, info: string, aad: string, ct: string) => hpke.open(fromHex(enc), x25519Private(sk), fromHex(info), fromHex(aad), fromHex(ct));
    assert.equal(hex(await open(A1V.enc, A1V.skRm, A1V.info, e.aad, e.ct)), e.pt);
    await rejectsWith(() => open(A1V.enc, A1V.skEm, A1V.info, e.aad, e.ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => open(A1V.pkRm, A1V.skRm, A1V.info, e.aad, e.ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => open(A1V.enc, A1V.skRm, A1V.info + '00', e.aad, e.ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => open(A1V.enc, A1V.skRm, A1V.info, e.aad + '00', e.ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => open(A1V.enc, A1V.skRm, A1V.info, e.aad, e.ct.slice(0, -2) + '00'), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => open(A1V.enc.slice(2), A1V.skRm, A1V.info, e.aad, e.ct), 'ERR_DECRYPTION_FAILED');
    // a small-order enc (all zeros) is a failed decryption, not a crash
    await rejectsWith(() => open('00'.repeat(32), A1V.skRm, A1V.info, e.aad, e.ct), 'ERR_DECRYPTION_FAILED');
    await rejectsWith(() => hpke.open(fromHex(A1V.enc), privateKeyFromMaterial({ kty: 'OKP', curve: 'Ed25519', d: fromHex(A1V.skRm) }), new Uint8Array(0), new Uint8Array(0), fromHex(e.ct)), 'ERR_KEY_ALG_MISMATCH');
  });
});

describe('@hpke/core interop (both directions, AES-128-GCM and AES-256-GCM)', () => {
  let backends: Backend[];
  before(async () => {
    backends = await hpkeCapableBackends();
  });

  for (const aead of [AEAD_AES_128_GCM, AEAD_AES_256_GCM] as const) {
    const label = aead === AEAD_AES_128_GCM ? 'AES-128-GCM' : 'AES-256-GCM';

    it(`${label}: with the A.1 ephemeral key, cryptoplug and @hpke/core produce the same enc and ciphertexts`, async () => {
      const suite = theirSuite(aead);
      const their = await suite.createSenderContext({
        recipientPublicKey: await suite.kem.importKey('raw', fromHex(A1V.pkRm).buffer as ArrayBuffer, true),
        info: fromHex(A1V.info),
        ekm: fromHex(A1V.ikmE),
      });
      for (const b of backends) {
        const hpke = new Hpke(b, aead);
        const { enc, context } = await hpke.setupBaseS(x25519Public(A1V.pkRm), fromHex(A1V.info), x25519Private(A1V.skEm));
        assert.equal(hex(enc), hex(new Uint8Array(their.enc)), b.name);
        const aad = text('first');
        assert.equal(hex(await context.seal(aad, text('same bytes'))), hex(new Uint8Array(await (await suite.createSenderContext({
          recipientPublicKey: await suite.kem.importKey('raw', fromHex(A1V.pkRm).buffer as ArrayBuffer, true),
          info: fromHex(A1V.info),
          ekm: fromHex(A1V.ikmE),
        })).seal(text('same bytes'), aad))), b.name);
      }
      const ours = await new Hpke(backends[0]!, aead).setupBaseS(x25519Public(A1V.pkRm), fromHex(A1V.info), x25519Private(A1V.skEm));
      for (let i = 0; i < 4; i++) {
        const aad = text(`Count-${i}`);
        const pt = text(`message ${i}`.repeat(i + 1));
        assert.equal(hex(await ours.context.seal(aad, pt)), hex(new Uint8Array(await their.seal(pt, aad))), `seq ${i}`);
      }
      for (const ctx of [new Uint8Array(0), text('TestContext')]) {
        assert.equal(hex(await ours.context.export(ctx, 32)), hex(new Uint8Array(await their.export(ctx, 32))));
      }
    });

    it(`${label}: @hpke/core opens what cryptoplug seals, on every backend`, async () => {
      const suite = theirSuite(aead);
      for (const b of backends) {
        const hpke = new Hpke(b, aead);
        const skR = await hpke.deriveKeyPair(b.randomBytes(32));
        const info = text('cryptoplug → @hpke/core');
        const { enc, context } = await hpke.setupBaseS(skR.publicKey(), info);
        const recipient = await suite.createRecipientContext({
          recipientKey: await suite.kem.importKey('raw', exportRaw(skR, { private: true }).buffer as ArrayBuffer, false),
          enc: enc.slice().buffer as ArrayBuffer,
          info,
        });
        for (const size of [0, 1, 1000]) {
          const pt = b.randomBytes(size);
          const ct = await context.seal(text('aad'), pt);
          assert.equal(hex(new Uint8Array(await recipient.open(ct, text('aad')))), hex(pt), `${b.name} ${size}`);
        }
      }
    });

    it(`${label}: cryptoplug opens what @hpke/core seals, on every backend`, async () => {
      const suite = theirSuite(aead);
      for (const b of backends) {
        const hpke = new Hpke(b, aead);
        const kp = await suite.kem.generateKeyPair();
        const skRaw = new Uint8Array(await suite.kem.serializePrivateKey(kp.privateKey));
        const pkRaw = new Uint8Array(await suite.kem.serializePublicKey(kp.publicKey));
        const info = text('@hpke/core → cryptoplug');
        const sender = await suite.createSenderContext({ recipientPublicKey: kp.publicKey, info });
        const recipient = await hpke.setupBaseR(new Uint8Array(sender.enc), x25519Private(hex(skRaw)), info);
        assert.equal(hex(exportRaw(x25519Private(hex(skRaw)).publicKey())), hex(pkRaw));
        for (const size of [0, 5, 4096]) {
          const pt = b.randomBytes(size);
          const ct = new Uint8Array(await sender.seal(pt, text(`aad ${size}`)));
          assert.equal(hex(await recipient.open(text(`aad ${size}`), ct)), hex(pt), `${b.name} ${size}`);
        }
        // single-shot
        const one = await suite.seal({ recipientPublicKey: kp.publicKey, info }, text('single shot'), text('x'));
        assert.equal(new TextDecoder().decode(await hpke.open(new Uint8Array(one.enc), x25519Private(hex(skRaw)), info, text('x'), new Uint8Array(one.ct))), 'single shot');
      }
    });
  }
});
