/**
 * Live interop with virgil-crypto 5.x (the reference implementation, a devDependency): cryptoplug reads what
 * virgil-crypto writes and virgil-crypto reads what cryptoplug writes — encrypt, signThenEncrypt, signAndEncrypt and
 * signatures; 1 and 3 recipients; ED25519 and CURVE25519; empty and 1 MiB messages; padding; tampering, wrong
 * recipients and wrong signers rejected on both sides. Skipped when virgil-crypto cannot load.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CryptoplugError, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import {
  VirgilCodec,
  encryptThenSign,
  exportVirgilPrivateKey,
  exportVirgilPublicKey,
  generateVirgilKeyPair,
  importVirgilPrivateKey,
  importVirgilPublicKey,
  verifyThenDecryptText,
} from '../src/index.js';
import { fastBackend, flip, hex, loadVirgil, pattern, rejectsWith, text, webcryptoBackend, type VirgilRef } from './helpers.js';

const virgil = await loadVirgil();
const MiB = 1 << 20;

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Party {
  name: string;
  priv: PrivateKey;
  pub: PublicKey;
  vPriv: any;
  vPub: any;
}

type Kind = 'encrypt' | 'signThenEncrypt' | 'signAndEncrypt';
const KINDS: Kind[] = ['encrypt', 'signThenEncrypt', 'signAndEncrypt'];

describe('virgil-crypto interop (live)', { skip: virgil ? false : 'virgil-crypto is not installed' }, () => {
  const v = virgil as VirgilRef;
  let codec: VirgilCodec;
  const p: Record<string, Party> = {};

  /** Party made by virgil-crypto (vk) or by cryptoplug (ck), known to both sides. */
  function fromVirgil(name: string, type: 'ED25519' | 'CURVE25519'): Party {
    const kp = v.crypto.generateKeys(v.KeyPairType[type]);
    return {
      name,
      vPriv: kp.privateKey,
      vPub: kp.publicKey,
      priv: importVirgilPrivateKey(new Uint8Array(v.crypto.exportPrivateKey(kp.privateKey))),
      pub: importVirgilPublicKey(new Uint8Array(v.crypto.exportPublicKey(kp.publicKey))),
    };
  }

  async function fromCryptoplug(name: string, type: 'ed25519' | 'curve25519'): Promise<Party> {
    const priv = await generateVirgilKeyPair(codec.backend, type);
    return {
      name,
      priv,
      pub: priv.publicKey(),
      vPriv: v.crypto.importPrivateKey(Buffer.from(exportVirgilPrivateKey(priv))),
      vPub: v.crypto.importPublicKey(Buffer.from(exportVirgilPublicKey(priv))),
    };
  }

  before(async () => {
    codec = new VirgilCodec(await webcryptoBackend());
    p.alice = fromVirgil('alice', 'ED25519'); // sender
    p.bob = fromVirgil('bob', 'ED25519');
    p.carol = fromVirgil('carol', 'CURVE25519');
    p.dave = await fromCryptoplug('dave', 'curve25519');
    p.erin = await fromCryptoplug('erin', 'ed25519'); // sender
    p.mallory = await fromCryptoplug('mallory', 'ed25519'); // neither recipient nor signer
  });

  function virgilEncrypt(kind: Kind, data: Uint8Array, signer: Party, to: Party[], padding: boolean): Uint8Array {
    const pubs = to.map((r) => r.vPub);
    const d = Buffer.from(data);
    if (kind === 'encrypt') return new Uint8Array(v.crypto.encrypt(d, pubs, padding));
    if (kind === 'signThenEncrypt') return new Uint8Array(v.crypto.signThenEncrypt(d, signer.vPriv, pubs, padding));
    return new Uint8Array(v.crypto.signAndEncrypt(d, signer.vPriv, pubs, padding));
  }

  function virgilDecrypt(kind: Kind, data: Uint8Array, r: Party, signer: Party): Uint8Array {
    const d = Buffer.from(data);
    if (kind === 'encrypt') return new Uint8Array(v.crypto.decrypt(d, r.vPriv));
    if (kind === 'signThenEncrypt') return new Uint8Array(v.crypto.decryptThenVerify(d, r.vPriv, signer.vPub));
    return new Uint8Array(v.crypto.decryptAndVerify(d, r.vPriv, signer.vPub));
  }

  function ours(kind: Kind, data: Uint8Array, signer: Party, to: Party[], padding: boolean): Promise<Uint8Array> {
    const recipients = to.map((r) => r.pub);
    if (kind === 'encrypt') return codec.encrypt(data, recipients, { padding });
    if (kind === 'signThenEncrypt') return codec.signThenEncrypt(data, signer.priv, recipients, { padding });
    return codec.signAndEncrypt(data, signer.priv, recipients, { padding });
  }

  function oursDecrypt(kind: Kind, data: Uint8Array, r: Party, signer: Party): Promise<Uint8Array> {
    if (kind === 'encrypt') return codec.decrypt(data, r.priv);
    if (kind === 'signThenEncrypt') return codec.decryptThenVerify(data, r.priv, signer.pub);
    return codec.decryptAndVerify(data, r.priv, signer.pub);
  }

  it('keys: both sides export the same DER and compute the same identifiers', async () => {
    for (const party of Object.values(p)) {
      assert.equal(hex(exportVirgilPrivateKey(party.priv)), hex(v.crypto.exportPrivateKey(party.vPriv)), party.name);
      assert.equal(hex(exportVirgilPublicKey(party.pub)), hex(v.crypto.exportPublicKey(party.vPub)), party.name);
      assert.equal(hex(await codec.keyId(party.pub)), hex(party.vPub.identifier), party.name);
      assert.equal(hex(await codec.keyId(party.priv)), hex(party.vPriv.identifier), party.name);
      const v256 = v.crypto256.importPublicKey(Buffer.from(exportVirgilPublicKey(party.pub)));
      assert.equal(hex(await new VirgilCodec(codec.backend, { keyIdHash: 'SHA-256' }).keyId(party.pub)), hex(v256.identifier), party.name);
    }
  });

  it('signatures: virgil-crypto verifies cryptoplug signatures and vice versa (text, empty, 1 MiB)', async () => {
    for (const data of [text('sign me'), new Uint8Array(0), pattern(MiB)]) {
      for (const signer of [p.alice!, p.erin!]) {
        const ourSig = await codec.sign(data, signer.priv);
        assert.equal(v.crypto.verifySignature(Buffer.from(data), Buffer.from(ourSig), signer.vPub), true);
        assert.equal(v.crypto.verifySignature(Buffer.from(data), Buffer.from(ourSig), p.mallory!.vPub), false);
        const theirSig = new Uint8Array(v.crypto.calculateSignature(Buffer.from(data), signer.vPriv));
        assert.equal(await codec.verify(data, theirSig, signer.pub), true);
        assert.equal(await codec.verify(data, theirSig, p.mallory!.pub), false);
        assert.equal(hex(ourSig), hex(theirSig), 'Ed25519 is deterministic: same signature bytes');
      }
    }
  });

  const cases: Array<{ label: string; size: number; to: string[]; padding: boolean }> = [
    { label: '1 ED25519 recipient', size: 43, to: ['bob'], padding: false },
    { label: '1 CURVE25519 recipient', size: 43, to: ['carol'], padding: false },
    { label: '3 recipients (ED25519 + CURVE25519)', size: 300, to: ['bob', 'carol', 'dave'], padding: false },
    { label: 'empty message, 3 recipients', size: 0, to: ['carol', 'dave', 'bob'], padding: false },
    { label: 'padded, 2 recipients', size: 157, to: ['bob', 'dave'], padding: true },
    { label: 'padded empty message', size: 0, to: ['carol'], padding: true },
  ];

  for (const kind of KINDS) {
    for (const c of cases) {
      it(`${kind}, ${c.label}: virgil-crypto → cryptoplug and cryptoplug → virgil-crypto`, async () => {
        const data = pattern(c.size);
        const to = c.to.map((n) => p[n]!);
        const fromV = virgilEncrypt(kind, data, p.alice!, to, c.padding);
        const fromC = await ours(kind, data, p.erin!, to, c.padding);
        for (const r of to) {
          assert.equal(hex(await oursDecrypt(kind, fromV, r, p.alice!)), hex(data), `cryptoplug reads virgil for ${r.name}`);
          assert.equal(hex(virgilDecrypt(kind, fromC, r, p.erin!)), hex(data), `virgil reads cryptoplug for ${r.name}`);
        }
        // both sides agree on the header: the same recipient ids
        assert.deepEqual(codec.inspect(fromC).recipients.map((x) => x.id).sort(), codec.inspect(fromV).recipients.map((x) => x.id).sort());
        assert.equal(codec.inspect(fromC).padded, c.padding);
        // sizes agree too (same structure; only random values differ)
        assert.equal(fromC.length, fromV.length, 'same message size');
      });
    }

    it(`${kind}, 1 MiB: both directions`, async () => {
      const data = pattern(MiB);
      const to = [p.bob!, p.carol!, p.dave!];
      const fromV = virgilEncrypt(kind, data, p.alice!, to, false);
      const fromC = await ours(kind, data, p.erin!, to, false);
      assert.equal(Buffer.compare(Buffer.from(await oursDecrypt(kind, fromV, p.dave!, p.alice!)), Buffer.from(data)), 0);
      assert.equal(Buffer.compare(Buffer.from(virgilDecrypt(kind, fromC, p.carol!, p.erin!)), Buffer.from(data)), 0);
    });
  }

  it('a key that is not a recipient is rejected on both sides', async () => {
    for (const kind of KINDS) {
      const fromV = virgilEncrypt(kind, text('for bob'), p.alice!, [p.bob!, p.carol!], false);
      const fromC = await ours(kind, text('for bob'), p.erin!, [p.bob!, p.carol!], false);
      await rejectsWith(() => oursDecrypt(kind, fromV, p.mallory!, p.alice!), 'ERR_E2EE_NOT_RECIPIENT', kind);
      assert.throws(() => virgilDecrypt(kind, fromC, p.mallory!, p.erin!), kind);
    }
  });

  it('a wrong signer is rejected on both sides', async () => {
    for (const kind of ['signThenEncrypt', 'signAndEncrypt'] as const) {
      const fromV = virgilEncrypt(kind, text('signed by alice'), p.alice!, [p.bob!], false);
      const fromC = await ours(kind, text('signed by erin'), p.erin!, [p.bob!], false);
      await rejectsWith(() => oursDecrypt(kind, fromV, p.bob!, p.mallory!), 'ERR_SIGNATURE_INVALID', kind);
      assert.throws(() => virgilDecrypt(kind, fromC, p.bob!, p.mallory!), kind);
      // the signer's real key works on both sides
      assert.equal(new TextDecoder().decode(virgilDecrypt(kind, fromC, p.bob!, p.erin!)), 'signed by erin');
    }
  });

  it('tampering is rejected on both sides (body, tag, header nonce, wrapped key, footer, signature)', async () => {
    for (const kind of KINDS) {
      for (const [origin, make] of [
        ['virgil', () => Promise.resolve(virgilEncrypt(kind, pattern(200), p.alice!, [p.bob!], false))],
        ['cryptoplug', () => ours(kind, pattern(200), p.alice!, [p.bob!], false)],
      ] as const) {
        const msg = await make();
        const s = codec.inspect(msg);
        const header = s.headerLength;
        const spots: Array<[string, number]> = [
          ['first ciphertext byte', header],
          ['last ciphertext byte', header + 199],
          ['tag', header + 200 + 3],
          ['ECIES MAC', Buffer.from(msg).indexOf(Buffer.from('300d06096086480165030402020500', 'hex'), 60) + 20],
          ['GCM nonce in the header', Buffer.from(msg).indexOf(Buffer.from('060960864801650304012e040c', 'hex')) + 15],
        ];
        if (kind === 'signAndEncrypt') spots.push(['encrypted footer', msg.length - 30]);
        if (kind === 'signThenEncrypt') spots.push(['signature in the custom parameters', Buffer.from(msg).indexOf(Buffer.from('VIRGIL-DATA-SIGNATURE')) + 60]);
        for (const [where, at] of spots) {
          assert.ok(at > 0 && at < msg.length, `${where} located`);
          const bad = flip(msg, at, 0x04);
          try {
            await oursDecrypt(kind, bad, p.bob!, p.alice!);
            assert.fail(`cryptoplug accepted ${origin} ${kind} with a changed ${where}`);
          } catch (e) {
            assert.ok(e instanceof CryptoplugError, `cryptoplug: ${String(e)}`);
          }
          if (kind === 'signAndEncrypt' && where === 'GCM nonce in the header') {
            // virgil-crypto derives the nonce of signed messages with HKDF and ignores the header copy; cryptoplug
            // requires the copy to match (it always does in what virgil-crypto writes), so it is stricter here.
            assert.equal(hex(virgilDecrypt(kind, bad, p.bob!, p.alice!)), hex(pattern(200)));
          } else {
            assert.throws(() => virgilDecrypt(kind, bad, p.bob!, p.alice!), `virgil accepted ${origin} ${kind} with a changed ${where}`);
          }
        }
      }
    }
  });

  it('SHA-256 identifiers (useSha256Identifiers) in both directions', async () => {
    const c256 = new VirgilCodec(codec.backend, { keyIdHash: 'SHA-256' });
    const bob256 = v.crypto256.importPrivateKey(Buffer.from(exportVirgilPrivateKey(p.bob!.priv)));
    const alice256 = v.crypto256.importPublicKey(Buffer.from(exportVirgilPublicKey(p.erin!.pub)));
    const fromC = await c256.signThenEncrypt(text('sha-256 ids'), p.erin!.priv, [p.bob!.pub]);
    assert.equal(new TextDecoder().decode(v.crypto256.decryptThenVerify(Buffer.from(fromC), bob256, alice256)), 'sha-256 ids');
    const fromV = new Uint8Array(
      v.crypto256.signAndEncrypt(Buffer.from('from virgil'), v.crypto256.importPrivateKey(Buffer.from(exportVirgilPrivateKey(p.alice!.priv))), [
        v.crypto256.importPublicKey(Buffer.from(exportVirgilPublicKey(p.carol!.pub))),
      ]),
    );
    // the default codec tries both identifier kinds
    assert.equal(new TextDecoder().decode(await codec.decryptAndVerify(fromV, p.carol!.priv, p.alice!.pub)), 'from virgil');
  });

  it('the chat model (encrypt-then-sign): both directions', async () => {
    const model = await encryptThenSign(codec, 'hello channel', [p.bob!.pub, p.carol!.pub], p.erin!.priv);
    // virgil side, as the quick-start does it: verify the base64 text, then decrypt
    assert.equal(v.crypto.verifySignature(Buffer.from(model.message, 'utf8'), model.sign, p.erin!.vPub), true);
    assert.equal(v.crypto.decrypt(model.message, p.carol!.vPriv).toString('utf8'), 'hello channel');
    const message = v.crypto.encrypt(Buffer.from('hi from virgil'), [p.bob!.vPub, p.dave!.vPub]).toString('base64');
    const sign = v.crypto.calculateSignature(Buffer.from(message, 'utf8'), p.alice!.vPriv).toString('base64');
    assert.equal(await verifyThenDecryptText(codec, { message, sign }, p.alice!.pub, p.dave!.priv), 'hi from virgil');
    await rejectsWith(() => verifyThenDecryptText(codec, { message, sign }, p.erin!.pub, p.dave!.priv), 'ERR_SIGNATURE_INVALID');
  });

  it('a CURVE25519 key cannot sign (virgil-crypto aborts there; cryptoplug throws a typed error)', async () => {
    await rejectsWith(() => codec.signAndEncrypt(text('x'), p.carol!.priv, [p.bob!.pub]), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => codec.signThenEncrypt(text('x'), p.carol!.priv, [p.bob!.pub]), 'ERR_KEY_ALG_MISMATCH');
    await rejectsWith(() => codec.sign(text('x'), p.carol!.priv), 'ERR_KEY_ALG_MISMATCH');
  });

  it('the fastest backend interoperates too', async () => {
    const fast = new VirgilCodec(await fastBackend());
    const fromC = await fast.signAndEncrypt(text('fast'), p.erin!.priv, [p.bob!.pub, p.carol!.pub], { padding: true });
    assert.equal(new TextDecoder().decode(v.crypto.decryptAndVerify(Buffer.from(fromC), p.carol!.vPriv, p.erin!.vPub)), 'fast');
  });
});
