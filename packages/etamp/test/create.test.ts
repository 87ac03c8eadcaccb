/**
 * Creation and round trips on every capable backend (and across backends), the strong profile's encryption and replay
 * protection, input validation, the seed's printed-dict input, and the replay store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, fromBase64url, fromUtf8, importPrivateKey } from '@cryptoplug/core';
import {
  MemoryReplayStore,
  createEtamp,
  createEtampVerifier,
  formatEtampMessage,
  parseEtampMessage,
  verifyEtamp,
  type CreateEtampOptions,
} from '../src/index.js';
import { VECTORS, capableBackends, rejectsCode } from './helpers.js';

const all = await capableBackends();
const SENDER = VECTORS.keys.sender!;
const RECIPIENT = VECTORS.keys['recipient-p521']!;
const RECIPIENT_256 = VECTORS.keys['recipient-p256']!;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = 1_800_000_000;

function base(backend: CreateEtampOptions['backend']): CreateEtampOptions {
  return {
    backend,
    key: SENDER.sec1Pem!,
    sender: { serverName: 'WebServer1', userName: 'user1' },
    recipient: { serverName: 'WebServer1', userName: 'user2' },
    message: 'This is a secret message',
    now: NOW,
  };
}

for (const [i, { name, backend }] of all.entries()) {
  const other = all[(i + 1) % all.length]!;
  describe(`seed profile on ${name}`, () => {
    it(`creates the seed's message and verifies it on ${other.name}`, async () => {
      const m = await createEtamp(base(backend));
      assert.deepEqual(Object.keys(m), ['Id', 'Token', 'SignatureToken', 'SignatureMessage']);
      assert.match(m.Id, UUID4);
      assert.equal(fromBase64(m.SignatureToken).length, 132, 'raw r||s, 2 x 66 bytes');
      assert.equal(fromBase64(m.SignatureMessage).length, 132);
      assert.equal(fromUtf8(fromBase64url(m.Token.split('.')[0]!)), '{"alg":"ES512","typ":"ETAMP"}');
      assert.equal(fromBase64url(m.Token.split('.')[2]!).length, 132, 'ES512 JWS signature is raw r||s');
      const r = await verifyEtamp(formatEtampMessage(m), { backend: other.backend, key: SENDER.spkiPem, now: NOW + 1 });
      const c = r.claims;
      assert.equal(r.message, 'This is a secret message');
      assert.equal(c.messageId, m.Id);
      assert.match(c.jti, UUID4);
      assert.equal(c.nbf, NOW);
      assert.equal(c.exp, NOW + 3600);
      assert.equal(c.timestamp, '2027-01-15T08:00:00Z');
      assert.equal(c.sub, 'Message');
      assert.equal(c.recipientServerId, c.senderServerId, 'same server name: the seed uses the sender server id');
      assert.equal(c.iss, `${c.senderServerId}.WebServer1.user1.${c.senderId}`);
      assert.equal(c.audience, `${c.senderServerId}.WebServer1.user2.${c.recipientId}`);
      for (const id of [c.senderServerId, c.senderId, c.recipientId]) assert.match(id, UUID4);
      assert.equal(r.signatureMessage, 'verified');
    });

    it('takes the ids, ttl and a Date; other server gets its own id', async () => {
      const m = await createEtamp({
        ...base(backend),
        sender: { serverName: 'A', userName: 'u1', serverId: 'srv-a', id: 'id-1' },
        recipient: { serverName: 'B', userName: 'u2', id: 'id-2' },
        now: new Date(NOW * 1000 + 999),
        ttl: 60,
        messageId: 'm-1',
        jti: 'j-1',
      });
      const r = await verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW, audience: ['someone.else', audienceOf(m)] });
      assert.equal(r.claims.exp, NOW + 60);
      assert.equal(r.claims.iss, 'srv-a.A.u1.id-1');
      assert.notEqual(r.claims.recipientServerId, 'srv-a');
      assert.match(r.claims.recipientServerId, UUID4);
      assert.equal(m.Id, 'm-1');
      assert.equal(r.claims.jti, 'j-1');
      await verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW + 119 }); // exp + 59, within the default 60 s tolerance
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW + 120 }), 'ERR_ETAMP_EXPIRED');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW + 61, clockTolerance: 0, maxAge: 10 }), 'ERR_ETAMP_EXPIRED');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW + 30, clockTolerance: 0, maxAge: 10 }), 'ERR_ETAMP_TOO_OLD');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW, issuer: 'srv-a.A.u1.other' }), 'ERR_ETAMP_ISSUER_UNEXPECTED');
      await verifyEtamp(m, { backend, key: SENDER.jwk!, now: NOW, issuer: ['other', 'srv-a.A.u1.id-1'] });
    });

    it('rejects what would make a bad message', async () => {
      await rejectsCode(createEtamp({ ...base(backend), sender: { serverName: 'Web.Server', userName: 'u' } }), 'ERR_INPUT_INVALID');
      await rejectsCode(createEtamp({ ...base(backend), recipient: { serverName: 'S', userName: '' } }), 'ERR_INPUT_INVALID');
      await rejectsCode(createEtamp({ ...base(backend), key: SENDER.spkiPem }), 'ERR_KEY_USAGE');
      await rejectsCode(createEtamp({ ...base(backend), key: VECTORS.keys['p256-signer']!.sec1Pem! }), 'ERR_KEY_ALG_MISMATCH');
      await rejectsCode(createEtamp({ ...base(backend), encryptTo: RECIPIENT.spkiPem }), 'ERR_INPUT_INVALID');
      await rejectsCode(createEtamp({ ...base(backend), ttl: 0 }), 'ERR_INPUT_INVALID');
      await rejectsCode(createEtamp({ ...base(backend), profile: 'weak' as never }), 'ERR_INPUT_INVALID');
    });
  });

  describe(`strong profile on ${name}`, () => {
    it(`encrypts to the recipient, verifies and decrypts on ${other.name}, and rejects the replay`, async () => {
      const m = await createEtamp({ ...base(backend), profile: 'strong', encryptTo: RECIPIENT.spkiPem, message: 'Grüße 🚀 secret' });
      const claims = JSON.parse(fromUtf8(fromBase64url(m.Token.split('.')[1]!))) as Record<string, string>;
      assert.equal(claims.message!.split('.').length, 5, 'the message claim is a compact JWE');
      assert.ok(!claims.message!.includes('secret'));
      const header = JSON.parse(fromUtf8(fromBase64url(claims.message!.split('.')[0]!))) as Record<string, unknown>;
      assert.equal(header.alg, 'ECDH-ES+A256KW');
      assert.equal(header.enc, 'A256GCM');
      const verifier = createEtampVerifier({ backend: other.backend, key: SENDER.spkiPem, profile: 'strong', decryptionKey: RECIPIENT.pkcs8Pem!, now: NOW + 5 });
      const r = await verifier.verify(m);
      assert.equal(r.message, 'Grüße 🚀 secret');
      assert.equal(r.encrypted, true);
      await rejectsCode(verifier.verify(m), 'ERR_ETAMP_REPLAY');
      await rejectsCode(verifier.verify(formatEtampMessage(m)), 'ERR_ETAMP_REPLAY');
      // seed verifiers see the profile mismatch
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, now: NOW }), 'ERR_ETAMP_PROFILE_MISMATCH');
    });

    it('verifies without the decryption key (message stays encrypted) and fails closed on a wrong one', async () => {
      const m = await createEtamp({ ...base(backend), profile: 'strong', encryptTo: RECIPIENT_256.spkiPem });
      const store = new MemoryReplayStore();
      const opts = { backend, key: SENDER.spkiPem, profile: 'strong' as const, now: NOW, replayStore: store };
      await rejectsCode(verifyEtamp(m, { ...opts, decryptionKey: RECIPIENT.pkcs8Pem! }), 'ERR_ETAMP_DECRYPTION_FAILED');
      await rejectsCode(verifyEtamp(m, { ...opts, decryptionKey: VECTORS.keys['recipient-p521-other']!.pkcs8Pem! }), 'ERR_ETAMP_DECRYPTION_FAILED');
      assert.equal(store.size, 0, 'a message that failed is not remembered');
      const r = await verifyEtamp(m, { ...opts, decryptionKey: RECIPIENT_256.pkcs8Pem! });
      assert.equal(r.message, 'This is a secret message');
      const again = await verifyEtamp(m, { ...opts, replayStore: null });
      assert.equal(again.message, undefined);
      assert.equal(again.claims.message.split('.').length, 5);
    });

    it('needs encryptTo, a replay store decision and fits its options', async () => {
      await rejectsCode(createEtamp({ ...base(backend), profile: 'strong' }), 'ERR_INPUT_INVALID');
      await rejectsCode(createEtamp({ ...base(backend), profile: 'strong', encryptTo: 'not a key' }), 'ERR_KEY_INVALID');
      const m = await createEtamp({ ...base(backend), profile: 'strong', encryptTo: importPrivateKey(RECIPIENT.pkcs8Pem!) });
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', now: NOW }), 'ERR_INPUT_INVALID');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', now: NOW, replayStore: null, tolerateSeedDoubleSign: true }), 'ERR_INPUT_INVALID');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'seed', now: NOW, decryptionKey: RECIPIENT.pkcs8Pem! }), 'ERR_INPUT_INVALID');
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', now: NOW, replayStore: null, decryptionKey: RECIPIENT.spkiPem }), 'ERR_KEY_USAGE');
      // max age (default 300 s + 60 s tolerance) before exp (3600 s)
      await verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', now: NOW + 360, replayStore: null });
      await rejectsCode(verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', now: NOW + 361, replayStore: null }), 'ERR_ETAMP_TOO_OLD');
    });
  });
}

function audienceOf(m: { Token: string }): string {
  return (JSON.parse(fromUtf8(fromBase64url(m.Token.split('.')[1]!))) as { audience: string }).audience;
}

describe('message input', () => {
  const c = VECTORS.cases.find((v) => v.name === 'seed-literal-printed')!;
  it("parses the seed's printed dict exactly like the JSON form", () => {
    assert.ok(c.messageText!.startsWith("{'Id': '"));
    assert.deepEqual(parseEtampMessage(c.messageText), c.message);
    assert.deepEqual(parseEtampMessage(new TextEncoder().encode(JSON.stringify(c.message))), c.message);
  });
  it('rejects everything else with ERR_ETAMP_MESSAGE_INVALID', async () => {
    for (const bad of [
      '', 'null', '[]', '{}', '{"Id": 1, "Token": "a", "SignatureToken": "b", "SignatureMessage": "c"}',
      "{'Id': 'a', 'Token': 'b'}", "{'Id': 'a\\'', 'Token': 'b', 'SignatureToken': 'c', 'SignatureMessage': 'd'}",
      "{'Id': 'a', 'Id': 'a', 'Token': 'b', 'SignatureToken': 'c', 'SignatureMessage': 'd'}",
      "{'Id': 'a' 'Token': 'b', 'SignatureToken': 'c', 'SignatureMessage': 'd'}", new Uint8Array([0xff, 0xfe]), 42,
    ]) {
      assert.throws(() => parseEtampMessage(bad), (e: Error & { code?: string }) => e.code === 'ERR_ETAMP_MESSAGE_INVALID', String(bad));
    }
  });
});

describe('MemoryReplayStore', () => {
  it('remembers until expiry, refuses when full of live ids, and prunes expired ones', () => {
    const s = new MemoryReplayStore({ maxEntries: 2 });
    assert.equal(s.remember('a', 100, 10), true);
    assert.equal(s.remember('a', 100, 50), false);
    assert.equal(s.remember('b', 200, 50), true);
    assert.throws(() => s.remember('c', 300, 60), (e: Error & { code?: string }) => e.code === 'ERR_ETAMP_REPLAY_STORE_FULL');
    assert.equal(s.remember('b', 200, 150), false, 'a refused insert does not evict');
    assert.equal(s.remember('c', 300, 150), true, 'a expired (100 < 150) and was pruned');
    assert.equal(s.size, 2);
    assert.throws(() => s.remember('d', 400, 150), (e: Error & { code?: string }) => e.code === 'ERR_ETAMP_REPLAY_STORE_FULL');
    assert.equal(s.remember('a', 400, 250), true, 'an expired id may be seen again (its message is rejected by time anyway)');
    assert.throws(() => new MemoryReplayStore({ maxEntries: 0 }), (e: Error & { code?: string }) => e.code === 'ERR_INPUT_INVALID');
  });

  it('is atomic under concurrent verification of one message', async () => {
    const backend = all[0]!.backend;
    const m = await createEtamp({ ...base(backend), profile: 'strong', encryptTo: RECIPIENT.spkiPem });
    const store = new MemoryReplayStore();
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => verifyEtamp(m, { backend, key: SENDER.spkiPem, profile: 'strong', decryptionKey: RECIPIENT.pkcs8Pem!, now: NOW, replayStore: store })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results.filter((x) => x.status === 'rejected')) assert.equal((r as PromiseRejectedResult).reason.code, 'ERR_ETAMP_REPLAY');
  });
});
