/**
 * The `hpke` profile envelope: round trips on every backend with X25519 + Ed25519 (and across backends), and agreement
 * with an independent implementation of the documented byte format written here from the README — @hpke/core +
 * @hpke/dhkem-x25519 for HPKE, node:crypto for AES-256-GCM, Ed25519 and SPKI — in both directions. Tampering, wrong
 * recipients, wrong signers and re-addressed signed messages are rejected with typed errors.
 */
import assert from 'node:assert/strict';
import * as nodeCrypto from 'node:crypto';
import { before, describe, it } from 'node:test';
import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { CryptoplugError, importPrivateKey, type Backend, type PrivateKey } from '@cryptoplug/core';
import { HpkeEnvelope } from '../src/index.js';
import { fastBackend, flip, hex, hpkeCapableBackends, pattern, rejectsWith, text, webcryptoBackend } from './helpers.js';

const MiB = 1 << 20;

// ---------------------------------------------------------------------------------------------------------------------
// The reference side: the format as the README documents it, built from other libraries.

const REF = {
  magic: Buffer.from('CPH1', 'ascii'),
  version: 1,
  info: Buffer.from('cryptoplug/e2ee/hpke/v1', 'utf8'),
  sigContext: Buffer.concat([Buffer.from('cryptoplug/e2ee/hpke/v1/signature', 'utf8'), Buffer.from([0])]),
};
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

interface RefKey {
  key: nodeCrypto.KeyObject;
  pub: nodeCrypto.KeyObject;
  /** raw 32-byte private / public */
  d: Buffer;
  x: Buffer;
  spki: Buffer;
  /** the same key for cryptoplug */
  cp: PrivateKey;
}

function refKey(type: 'x25519' | 'ed25519'): RefKey {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync(type as 'x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    key: privateKey,
    pub: publicKey,
    d: Buffer.from(jwk.d!, 'base64url'),
    x: Buffer.from(jwk.x!, 'base64url'),
    spki: publicKey.export({ type: 'spki', format: 'der' }),
    cp: importPrivateKey(new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }))),
  };
}

const sha256 = (b: Uint8Array): Buffer => nodeCrypto.createHash('sha256').update(b).digest();
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);

function refHeader(recipients: RefKey[]): Buffer {
  return Buffer.concat([REF.magic, Buffer.from([REF.version]), u16(0x20), u16(1), u16(2), u16(recipients.length), ...recipients.map((r) => sha256(r.spki))]);
}

/** Seals per the README; `inner` overrides the inner plaintext (to build forgeries). */
async function refSeal(plaintext: Uint8Array, recipients: RefKey[], signer?: RefKey, inner?: Buffer, header = refHeader(recipients)): Promise<Buffer> {
  const cek = nodeCrypto.randomBytes(32);
  const entries: Buffer[] = [];
  for (const r of recipients) {
    const { ct, enc } = await suite.seal({ recipientPublicKey: await suite.kem.importKey('raw', new Uint8Array(r.x).buffer, true), info: REF.info }, cek, header);
    entries.push(Buffer.from(enc), Buffer.from(ct));
  }
  let body = inner;
  if (!body) {
    if (signer) {
      const sig = nodeCrypto.sign(null, Buffer.concat([REF.sigContext, header, plaintext]), signer.key);
      body = Buffer.concat([Buffer.from([1]), sha256(signer.spki), sig, plaintext]);
    } else {
      body = Buffer.concat([Buffer.from([0]), plaintext]);
    }
  }
  const nonce = nodeCrypto.randomBytes(12);
  const c = nodeCrypto.createCipheriv('aes-256-gcm', cek, nonce);
  c.setAAD(header);
  const ct = Buffer.concat([c.update(body), c.final()]);
  return Buffer.concat([header, ...entries, nonce, ct, c.getAuthTag()]);
}

/** Opens per the README; returns the plaintext and (when signed) whether `signer` verifies it. */
async function refOpen(data: Uint8Array, me: RefKey, signer?: RefKey): Promise<{ plaintext: Buffer; signerId?: string; valid?: boolean; inner: Buffer }> {
  const buf = Buffer.from(data);
  assert.ok(buf.subarray(0, 4).equals(REF.magic));
  assert.equal(buf[4], 1);
  assert.equal(buf.readUInt16BE(5), 0x20);
  assert.equal(buf.readUInt16BE(7), 1);
  assert.equal(buf.readUInt16BE(9), 2);
  const n = buf.readUInt16BE(11);
  const headerLen = 13 + 32 * n;
  const header = buf.subarray(0, headerLen);
  const myId = sha256(me.spki);
  let index = -1;
  for (let i = 0; i < n; i++) if (buf.subarray(13 + 32 * i, 13 + 32 * (i + 1)).equals(myId)) index = i;
  assert.ok(index >= 0, 'recipient not found');
  const at = headerLen + index * 80;
  const enc = buf.subarray(at, at + 32);
  const wrapped = buf.subarray(at + 32, at + 80);
  const cek = Buffer.from(
    await suite.open({ recipientKey: await suite.kem.importKey('raw', new Uint8Array(me.d).buffer, false), enc: new Uint8Array(enc).buffer, info: REF.info }, wrapped, header),
  );
  const bodyAt = headerLen + n * 80;
  const nonce = buf.subarray(bodyAt, bodyAt + 12);
  const d = nodeCrypto.createDecipheriv('aes-256-gcm', cek, nonce);
  d.setAAD(header);
  d.setAuthTag(buf.subarray(buf.length - 16));
  const inner = Buffer.concat([d.update(buf.subarray(bodyAt + 12, buf.length - 16)), d.final()]);
  if (inner[0] === 0) return { plaintext: inner.subarray(1), inner };
  assert.equal(inner[0], 1);
  const signerId = inner.subarray(1, 33);
  const sig = inner.subarray(33, 97);
  const plaintext = inner.subarray(97);
  const valid = signer ? sha256(signer.spki).equals(signerId) && nodeCrypto.verify(null, Buffer.concat([REF.sigContext, header, plaintext]), signer.pub, sig) : undefined;
  return { plaintext, signerId: signerId.toString('hex'), inner, ...(valid === undefined ? {} : { valid }) };
}

// ---------------------------------------------------------------------------------------------------------------------

describe('hpke envelope', () => {
  let backends: Backend[];
  const alice = refKey('ed25519'); // signer
  const eve = refKey('ed25519'); // another signer
  const bob = refKey('x25519');
  const carol = refKey('x25519');
  const dave = refKey('x25519');
  const mallory = refKey('x25519');

  before(async () => {
    backends = await hpkeCapableBackends();
    assert.ok(backends.length > 0, 'no backend can run the hpke profile');
  });

  it('round-trips on every capable backend: 1 and 3 recipients, empty and 1 MiB, signed and not', async () => {
    for (const b of backends) {
      const env = new HpkeEnvelope(b);
      for (const [to, data, signer] of [
        [[bob], text('hello'), undefined],
        [[bob, carol, dave], new Uint8Array(0), alice],
        [[carol], pattern(MiB), alice],
        [[dave, bob, carol], pattern(MiB + 3), undefined],
      ] as const) {
        const msg = await env.encrypt(data, to.map((r) => r.cp.publicKey()), signer ? { signer: signer.cp } : {});
        for (const r of to) {
          const out = await env.decrypt(msg, r.cp, signer ? { senders: [eve.cp.publicKey(), signer.cp.publicKey()] } : {});
          assert.equal(Buffer.compare(Buffer.from(out.plaintext), Buffer.from(data)), 0, `${b.name}`);
          assert.equal(out.signed, signer !== undefined);
          assert.equal(out.verified, signer !== undefined);
        }
      }
    }
  });

  it('what one backend encrypts, every other backend decrypts and verifies', async () => {
    for (const from of backends) {
      const msg = await new HpkeEnvelope(from).encrypt(text(`from ${from.name}`), [bob.cp.publicKey(), carol.cp.publicKey()], { signer: alice.cp });
      for (const to of backends) {
        const out = await new HpkeEnvelope(to).decrypt(msg, carol.cp, { senders: alice.cp.publicKey() });
        assert.equal(new TextDecoder().decode(out.plaintext), `from ${from.name}`, `${from.name} → ${to.name}`);
      }
    }
  });

  it('the reference implementation (@hpke/core + node:crypto) opens and verifies cryptoplug envelopes', async () => {
    for (const b of backends) {
      const env = new HpkeEnvelope(b);
      for (const signer of [undefined, alice]) {
        const data = pattern(1000);
        const msg = await env.encrypt(data, [bob.cp.publicKey(), carol.cp.publicKey(), dave.cp.publicKey()], signer ? { signer: signer.cp } : {});
        for (const r of [bob, carol, dave]) {
          const out = await refOpen(msg, r, signer);
          assert.equal(hex(out.plaintext), hex(data), b.name);
          if (signer) {
            assert.equal(out.valid, true, `${b.name}: signature`);
            assert.equal(out.signerId, hex(sha256(alice.spki)));
          }
        }
        if (signer) assert.equal((await refOpen(msg, bob, eve)).valid, false);
      }
    }
  });

  it('cryptoplug opens and verifies envelopes made by the reference implementation', async () => {
    for (const b of backends) {
      const env = new HpkeEnvelope(b);
      for (const signer of [undefined, alice]) {
        const data = pattern(777);
        const msg = await refSeal(data, [carol, bob], signer);
        for (const r of [bob, carol]) {
          const out = await env.decrypt(msg, r.cp, signer ? { senders: [signer.cp.publicKey()] } : {});
          assert.equal(hex(out.plaintext), hex(data), b.name);
          assert.equal(out.verified, signer !== undefined);
          if (signer) assert.equal(out.signerId, hex(sha256(alice.spki)));
        }
      }
      // header fields as documented
      const s = env.inspect(await refSeal(text('x'), [bob, carol, dave]));
      assert.deepEqual(s.recipients, [bob, carol, dave].map((r) => hex(sha256(r.spki))));
      assert.deepEqual(s.suite, { kem: 0x20, kdf: 1, aead: 2 });
    }
  });

  it('a recipient cannot re-address a signed message to someone else (the header is signed)', async () => {
    const env = new HpkeEnvelope(await webcryptoBackend());
    const original = await env.encrypt(text('for bob only'), [bob.cp.publicKey()], { signer: alice.cp });
    const { inner } = await refOpen(original, bob, alice);
    // Bob wraps Alice's inner (her key id, signature and plaintext) for Mallory under a new header.
    const forged = await refSeal(text(''), [mallory], undefined, inner);
    await rejectsWith(() => env.decrypt(forged, mallory.cp, { senders: alice.cp.publicKey() }), 'ERR_SIGNATURE_INVALID');
    // without verification Mallory can read it, but it is reported as unverified
    const out = await env.decrypt(forged, mallory.cp);
    assert.equal(out.verified, false);
  });

  it('wrong recipient, wrong signer, unsigned message, wrong key types', async () => {
    const env = new HpkeEnvelope(await webcryptoBackend());
    const signed = await env.encrypt(text('signed'), [bob.cp.publicKey(), carol.cp.publicKey()], { signer: alice.cp });
    const unsigned = await env.encrypt(text('unsigned'), [bob.cp.publicKey()]);
    await rejectsWith(() => env.decrypt(signed, mallory.cp), 'ERR_E2EE_NOT_RECIPIENT');
    await rejectsWith(() => env.decrypt(signed, bob.cp, { senders: eve.cp.publicKey() }), 'ERR_SIGNATURE_INVALID');
    await rejectsWith(() => env.decrypt(unsigned, bob.cp, { senders: alice.cp.publicKey() }), 'ERR_E2EE_NOT_SIGNED');
    await rejectsWith(() => env.encrypt(text('x'), [alice.cp.publicKey()]), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => env.encrypt(text('x'), [bob.cp.publicKey()], { signer: carol.cp }), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => env.decrypt(signed, alice.cp), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => env.encrypt(text('x'), []), 'ERR_INPUT_INVALID');
    // a signature by a key with the right id cannot be faked: eve's key under alice's id
    const forgedInner = Buffer.concat([
      Buffer.from([1]),
      sha256(alice.spki),
      nodeCrypto.sign(null, Buffer.concat([REF.sigContext, refHeader([bob]), Buffer.from('fake')]), eve.key),
      Buffer.from('fake'),
    ]);
    const forged = await refSeal(text(''), [bob], undefined, forgedInner);
    await rejectsWith(() => env.decrypt(forged, bob.cp, { senders: alice.cp.publicKey() }), 'ERR_SIGNATURE_INVALID');
  });

  it('every byte flipped is rejected with a typed error (exhaustive, 1 recipient, signed)', async () => {
    const env = new HpkeEnvelope(await fastBackend());
    const msg = await env.encrypt(text('flip me, if you can'), [bob.cp.publicKey()], { signer: alice.cp });
    for (let i = 0; i < msg.length; i++) {
      await rejectsWith(() => env.decrypt(flip(msg, i, 1 << i % 8), bob.cp, { senders: alice.cp.publicKey() }), [
        'ERR_DECRYPTION_FAILED',
        'ERR_E2EE_MALFORMED',
        'ERR_E2EE_NOT_RECIPIENT',
        'ERR_UNSUPPORTED',
        'ERR_SIGNATURE_INVALID',
      ], `byte ${i}`);
    }
  });

  it("flipping another recipient's entry does not affect this recipient; anything else does", async () => {
    const env = new HpkeEnvelope(await fastBackend());
    const msg = await env.encrypt(text('two of us'), [bob.cp.publicKey(), carol.cp.publicKey()]);
    const headerLen = 13 + 2 * 32;
    const carolEntry = [headerLen + 80, headerLen + 160];
    for (let i = 0; i < msg.length; i += 3) {
      try {
        const out = await env.decrypt(flip(msg, i, 0x10), bob.cp);
        assert.ok(i >= carolEntry[0]! && i < carolEntry[1]!, `byte ${i} was accepted`);
        assert.equal(new TextDecoder().decode(out.plaintext), 'two of us');
      } catch (e) {
        assert.ok(e instanceof CryptoplugError, String(e));
        assert.ok(!(i >= carolEntry[0]! && i < carolEntry[1]!), `byte ${i} (carol's entry) broke bob's decryption`);
      }
    }
  });

  it('malformed, truncated and unknown-version envelopes', async () => {
    const env = new HpkeEnvelope(await webcryptoBackend());
    const msg = await env.encrypt(text('x'), [bob.cp.publicKey()]);
    await rejectsWith(() => env.decrypt(text('not an envelope at all'), bob.cp), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => env.decrypt(msg.subarray(0, 40), bob.cp), 'ERR_E2EE_MALFORMED');
    await rejectsWith(() => env.decrypt(msg.subarray(0, msg.length - 1), bob.cp), ['ERR_DECRYPTION_FAILED', 'ERR_E2EE_MALFORMED']);
    const v2 = msg.slice();
    v2[4] = 2;
    await rejectsWith(() => env.decrypt(v2, bob.cp), 'ERR_UNSUPPORTED');
    const zero = msg.slice();
    zero[11] = 0;
    zero[12] = 0;
    await rejectsWith(() => env.decrypt(zero, bob.cp), 'ERR_E2EE_MALFORMED');
  });
});
