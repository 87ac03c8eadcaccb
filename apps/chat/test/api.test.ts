/**
 * The HTTP API against bad input (each a 4xx with a stable code, nothing stored) and against a client written only on
 * the real virgil-crypto 5.x (interop both ways). One PGlite server for the file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fromBase64 } from '@cryptoplug/core';
import { generateVirgilKeyPair } from '@cryptoplug/e2ee';
import { ChatClient, verifyCard, type Card, type StoredMessage } from '../src/index.js';
import { importVirgilPublicKey } from '@cryptoplug/e2ee';
import { backend, rejectsCode, startServer, user, type User } from './helpers.js';

let server: Awaited<ReturnType<typeof startServer>>;
let alice: User, bob: User, mallory: User;
let channelId: string;

async function count(table: string): Promise<number> {
  return Number((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
}

/** A raw request; returns status and parsed body. */
async function raw(method: string, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await fetch(server.url + path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: (await res.json()) as never };
}

before(async () => {
  server = await startServer();
  alice = await user(server, 'alice');
  bob = await user(server, 'bob');
  mallory = await user(server, 'mallory');
  channelId = (await alice.client.createChannel('team')).id;
  await alice.client.addMember(channelId, bob.cardId);
});
after(async () => server?.close());

describe('bad input: 4xx with a stable code, nothing stored', () => {
  it('malformed JSON, schema violations and oversized bodies', async () => {
    const inv = await alice.client.invite(server.operatorToken);
    let r = await raw('POST', '/cards', '{"invitation": ');
    assert.deepEqual([r.status, r.body.error?.code], [400, 'ERR_CHAT_MALFORMED']);
    r = await raw('POST', '/cards', JSON.stringify({ invitation: inv.token, card: { identity: 'x y', publicKey: 'AAAA', createdAt: 'yesterday' }, selfSignature: 'AAAA' }));
    assert.deepEqual([r.status, r.body.error?.code], [400, 'ERR_CHAT_MALFORMED']);
    r = await raw('POST', '/cards', JSON.stringify({ invitation: inv.token, card: {}, selfSignature: 'AAAA', directorySignature: 'AAAA' }));
    assert.deepEqual([r.status, r.body.error?.code], [400, 'ERR_CHAT_MALFORMED']);
    r = await raw('POST', '/cards', JSON.stringify({ invitation: inv.token, pad: 'A'.repeat(2 * 1024 * 1024) }));
    assert.deepEqual([r.status, r.body.error?.code], [413, 'ERR_CHAT_BODY_TOO_LARGE']);
    // a card key that is not ED25519 (X25519 cannot sign)
    const x = await (await backend()).generateKey('x25519');
    const c = new ChatClient({ url: server.url, backend: await backend() });
    const { base64 } = await import('@cryptoplug/core');
    const { exportVirgilPublicKey } = await import('@cryptoplug/e2ee');
    const xCard = { identity: 'xavier', publicKey: base64(exportVirgilPublicKey(x)), createdAt: new Date().toISOString() };
    await rejectsCode(c.request('POST', '/cards', { invitation: inv.token, card: xCard, selfSignature: (await c.makeCard('x', alice.key)).selfSignature }), 'ERR_CHAT_MALFORMED', 400);
    assert.equal(await count('cards'), 3);
    // the invitation was not used up by the failures
    const ok = await user(server, 'olivia');
    assert.ok(ok.cardId);
  });

  it('forged cards: bad self-signature, identity or key already taken', async () => {
    const b = await backend();
    const cards = await count('cards');
    const key = await generateVirgilKeyPair(b, 'ed25519');
    const other = await generateVirgilKeyPair(b, 'ed25519');
    const c = new ChatClient({ url: server.url, backend: b });
    const inv = await alice.client.invite(server.operatorToken);
    const made = await c.makeCard('frank', key);
    const forged = await c.makeCard('frank', other); // signed by another key
    await rejectsCode(c.request('POST', '/cards', { invitation: inv.token, card: made.card, selfSignature: forged.selfSignature }), 'ERR_CHAT_CARD_SIGNATURE', 400);
    await rejectsCode(c.register(inv.token, 'alice', key), 'ERR_CHAT_IDENTITY_TAKEN', 409);
    await rejectsCode(c.register(inv.token, 'alice2', alice.key), 'ERR_CHAT_IDENTITY_TAKEN', 409);
    assert.equal(await count('cards'), cards);
    assert.equal((await server.db.query(`SELECT 1 FROM identities WHERE identity = 'alice2'`)).rows.length, 0);
  });

  it('wrong countersignature: refused by the client, and messages from such a card are shown unverified', async () => {
    const b = await backend();
    const card = await bob.client.card(alice.cardId);
    const bad: Card = { ...card, directorySignature: card.selfSignature };
    await rejectsCode(verifyCard(b, bad, importVirgilPublicKey(fromBase64(server.directoryPublicKey))), 'ERR_CHAT_DIRECTORY_SIGNATURE');
    // a client pinned to another directory key refuses this server
    const otherDir = await generateVirgilKeyPair(b, 'ed25519');
    const { base64 } = await import('@cryptoplug/core');
    const { exportVirgilPublicKey } = await import('@cryptoplug/e2ee');
    const pinnedElsewhere = new ChatClient({ url: server.url, backend: b, directoryKey: base64(exportVirgilPublicKey(otherDir)) });
    await rejectsCode(pinnedElsewhere.directory(), 'ERR_CHAT_DIRECTORY_SIGNATURE');
    await rejectsCode(pinnedElsewhere.card(alice.cardId), 'ERR_CHAT_DIRECTORY_SIGNATURE');
    // the directory row tampered (as a compromised database would): a fresh reader marks the message unverified
    const m = await alice.client.send(channelId, 'countersignature test');
    await server.db.query(`UPDATE cards SET directory_signature = self_signature WHERE id = $1`, [alice.cardId]);
    try {
      const fresh = new ChatClient({ url: server.url, backend: b, directoryKey: server.directoryPublicKey, key: bob.key, cardId: bob.cardId });
      const opened = await fresh.open(m);
      assert.equal(opened.verified, false);
      assert.match(opened.warning ?? '', /not countersigned by the pinned directory key/);
      assert.equal(opened.text, undefined); // not decrypted when not verified
    } finally {
      await server.db.query(`UPDATE cards SET directory_signature = $2 WHERE id = $1`, [alice.cardId, card.directorySignature]);
    }
  });

  it('invitations: unknown, used, expired, for another identity; operator token required', async () => {
    const b = await backend();
    const key = await generateVirgilKeyPair(b, 'ed25519');
    const c = new ChatClient({ url: server.url, backend: b });
    await rejectsCode(c.register('no-such-invitation', 'gina', key), 'ERR_CHAT_INVITATION_INVALID', 403);
    const short = await alice.client.invite(server.operatorToken, { ttl: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    await rejectsCode(c.register(short.token, 'gina', key), 'ERR_CHAT_INVITATION_EXPIRED', 403);
    const forHank = await alice.client.invite(server.operatorToken, { identity: 'hank' });
    await rejectsCode(c.register(forHank.token, 'gina', key), 'ERR_CHAT_INVITATION_INVALID', 403);
    await rejectsCode(c.invite('wrong-operator-token'), 'ERR_CHAT_OPERATOR_REQUIRED', 401);
    assert.equal((await server.db.query(`SELECT 1 FROM cards WHERE identity = 'gina'`)).rows.length, 0);
    // a used invitation cannot be used again
    await c.register(forHank.token, 'hank', key);
    const key2 = await generateVirgilKeyPair(b, 'ed25519');
    await rejectsCode(new ChatClient({ url: server.url, backend: b }).register(forHank.token, 'hank2', key2), 'ERR_CHAT_INVITATION_INVALID', 403);
  });

  it('unsigned or wrongly signed requests', async () => {
    let r = await raw('GET', `/channels/${channelId}/messages`, undefined);
    assert.deepEqual([r.status, r.body.error?.code], [401, 'ERR_CHAT_UNAUTHENTICATED']);
    r = await raw('GET', `/channels/${channelId}/messages`, undefined, { 'x-chat-card': alice.cardId, 'x-chat-time': String(Date.now()), 'x-chat-signature': 'AAAA' });
    assert.deepEqual([r.status, r.body.error?.code], [401, 'ERR_CHAT_UNAUTHENTICATED']);
    // mallory signs with her key but claims alice's card
    const fake = new ChatClient({ url: server.url, backend: await backend(), key: mallory.key, cardId: alice.cardId });
    await rejectsCode(fake.list(channelId), 'ERR_CHAT_UNAUTHENTICATED', 401);
  });

  it('posting or reading as a non-member, adding members as a non-owner', async () => {
    const before = await count('messages');
    await rejectsCode(mallory.client.list(channelId), 'ERR_CHAT_NOT_MEMBER', 403);
    // mallory seals a message for the real members (she can read the cards) and posts it
    const sealed = await alice.client.seal(channelId, 'not from mallory');
    await rejectsCode(mallory.client.post(channelId, { ...sealed, senderCardId: mallory.cardId }), 'ERR_CHAT_NOT_MEMBER', 403);
    await rejectsCode(bob.client.addMember(channelId, mallory.cardId), 'ERR_CHAT_FORBIDDEN', 403);
    assert.equal(await count('messages'), before);
  });

  it('replayed, reordered, re-signed and mis-addressed messages', async () => {
    const before = await count('messages');
    const m1 = await alice.client.seal(channelId, 'one');
    const m2 = await alice.client.seal(channelId, 'two');
    await alice.client.post(channelId, m2);
    await rejectsCode(alice.client.post(channelId, m2), 'ERR_CHAT_REPLAY', 409); // replayed
    await rejectsCode(alice.client.post(channelId, m1), 'ERR_CHAT_REPLAY', 409); // reordered: older seq after a newer one
    // a higher seq without a new signature: the seq is inside the signature
    await rejectsCode(alice.client.post(channelId, { ...m2, seq: m2.seq + 10 }), 'ERR_CHAT_MESSAGE_SIGNATURE', 400);
    // a signature moved onto another ciphertext
    const m3 = await alice.client.seal(channelId, 'three');
    await rejectsCode(alice.client.post(channelId, { ...m3, message: m1.message }), 'ERR_CHAT_MESSAGE_SIGNATURE', 400);
    // encrypted for a non-member too (mallory) / for fewer than all members
    const { base64, utf8 } = await import('@cryptoplug/core');
    const { messageBytes, sign, cardPublicKey } = await import('../src/index.js');
    const b = await backend();
    const members = (await alice.client.channel(channelId)).members;
    for (const keys of [[...members.map(cardPublicKey), mallory.key.publicKey()], [alice.key.publicKey()]]) {
      const message = base64(await alice.client.codec.encrypt(utf8('wrong recipients'), keys));
      const env = { channelId, senderCardId: alice.cardId, seq: alice.client.nextSeq(), sentAt: new Date().toISOString(), message };
      const { channelId: _c, ...body } = env;
      await rejectsCode(alice.client.post(channelId, { ...body, sign: await sign(b, alice.key, messageBytes(env)) }), 'ERR_CHAT_RECIPIENTS', 400);
    }
    assert.equal(await count('messages'), before + 1);
    const read = await bob.client.read(channelId);
    assert.deepEqual(read.messages.filter((m) => m.id > 0).map((m) => m.text).slice(-1), ['two']);
  });

  it('rotation and revocation need the card key', async () => {
    const b = await backend();
    const newKey = await generateVirgilKeyPair(b, 'ed25519');
    const old = await mallory.client.card(mallory.cardId);
    const { card, selfSignature } = await mallory.client.makeCard('mallory', newKey, old.id);
    const { rotateBytes, revokeBytes, sign } = await import('../src/index.js');
    const newId = (await mallory.client.makeCard('mallory', newKey, old.id)).id;
    // rotation signed by the new key only (not the old one)
    const forged = await sign(b, newKey, rotateBytes(old.id, newId));
    await rejectsCode(mallory.client.request('POST', `/cards/${old.id}/rotate`, { card, selfSignature, previousSignature: forged }), 'ERR_CHAT_CARD_SIGNATURE', 400);
    // revocation signed by someone else
    await rejectsCode(mallory.client.request('POST', `/cards/${old.id}/revoke`, { signature: await sign(b, bob.key, revokeBytes(old.id)) }), 'ERR_CHAT_CARD_SIGNATURE', 400);
    assert.equal((await mallory.client.card(mallory.cardId)).revokedAt, undefined);
    const revoked = await mallory.client.revoke();
    assert.ok(revoked.revokedAt! > 0);
    await rejectsCode(mallory.client.channels(), 'ERR_CHAT_CARD_INACTIVE', 409);
    await rejectsCode(mallory.client.rotate(newKey), 'ERR_CHAT_CARD_INACTIVE', 409);
  });

  it('a tampered stored message is shown unverified', async () => {
    const m = await alice.client.send(channelId, 'original');
    const flipped = m.message.slice(0, -8) + (m.message.at(-8) === 'A' ? 'B' : 'A') + m.message.slice(-7);
    const opened = await bob.client.open({ ...m, message: flipped });
    assert.equal(opened.verified, false);
    assert.match(opened.warning ?? '', /signature does not verify/);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any */
let virgil: any;
try {
  const mod = (await import('virgil-crypto')) as any;
  await mod.initCrypto();
  virgil = new mod.VirgilCrypto({ defaultKeyPairType: mod.KeyPairType.ED25519 });
} catch {
  virgil = undefined;
}

describe('interop with a client written on virgil-crypto 5.x', { skip: virgil ? false : 'virgil-crypto is not installed' }, () => {
  // The virgil client below uses only virgil-crypto (keys, signatures, encryption), node:crypto (SHA-256 for ids and
  // body hashes) and the protocol's JSON framing written out here, not imported.
  const j = (parts: unknown[]): Buffer => Buffer.from(JSON.stringify(parts), 'utf8');
  const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
  let kp: any;
  let cardId: string;
  const dirKey = (): any => virgil.importPublicKey(server.directoryPublicKey);

  async function vreq(method: string, path: string, body?: unknown): Promise<any> {
    const rawBody = body === undefined ? undefined : JSON.stringify(body);
    const time = Date.now();
    const sig = virgil.calculateSignature(j(['cryptoplug-chat-auth/1', method, path, time, rawBody ? sha256(rawBody) : '']), kp.privateKey).toString('base64');
    const res = await fetch(server.url + path, {
      method,
      headers: { 'x-chat-card': cardId, 'x-chat-time': String(time), 'x-chat-signature': sig, ...(rawBody ? { 'content-type': 'application/json' } : {}) },
      ...(rawBody ? { body: rawBody } : {}),
    });
    const out = await res.json();
    assert.ok(res.ok, JSON.stringify(out));
    return out;
  }

  before(async () => {
    kp = virgil.generateKeys();
    const { token } = await alice.client.invite(server.operatorToken);
    const card = { identity: 'victor', publicKey: virgil.exportPublicKey(kp.publicKey).toString('base64'), createdAt: new Date().toISOString() };
    const bytes = j(['cryptoplug-chat-card/1', card.identity, card.publicKey, card.createdAt, null]);
    const res = await fetch(server.url + '/cards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invitation: token, card, selfSignature: virgil.calculateSignature(bytes, kp.privateKey).toString('base64') }),
    });
    const out = (await res.json()) as Card;
    assert.equal(res.status, 201, JSON.stringify(out));
    assert.equal(out.id, sha256(bytes));
    assert.ok(virgil.verifySignature(j(['cryptoplug-chat-directory/1', out.id]), Buffer.from(out.directorySignature, 'base64'), dirKey()));
    cardId = out.id;
    await alice.client.addMember(channelId, cardId);
  });

  it('a message encrypted and signed by virgil-crypto is read and verified by cryptoplug', async () => {
    const ch = await vreq('GET', `/channels/${channelId}`);
    const keys = ch.members.map((m: Card) => virgil.importPublicKey(m.publicKey));
    const message = virgil.encrypt(Buffer.from('hello from virgil-crypto', 'utf8'), keys).toString('base64');
    const env = { senderCardId: cardId, seq: Date.now() * 1000, sentAt: new Date().toISOString(), message };
    const sign = virgil.calculateSignature(j(['cryptoplug-chat-message/1', channelId, cardId, env.seq, env.sentAt, message]), kp.privateKey).toString('base64');
    const stored = (await vreq('POST', `/channels/${channelId}/messages`, { ...env, sign })) as StoredMessage;
    for (const u of [alice, bob]) {
      const { messages } = await u.client.read(channelId, stored.id - 1);
      assert.deepEqual(messages.map((m) => [m.sender, m.text, m.verified]), [['victor', 'hello from virgil-crypto', true]]);
    }
  });

  it('a message sent by cryptoplug is verified and decrypted by virgil-crypto', async () => {
    const sent = await alice.client.send(channelId, 'hello virgil, from cryptoplug');
    const { messages } = await vreq('GET', `/channels/${channelId}/messages?after=${sent.id - 1}`);
    assert.equal(messages.length, 1);
    const m = messages[0] as StoredMessage;
    const card = (await (await fetch(`${server.url}/cards/${m.senderCardId}`)).json()) as Card;
    assert.equal(card.identity, 'alice');
    assert.ok(virgil.verifySignature(j(['cryptoplug-chat-directory/1', card.id]), Buffer.from(card.directorySignature, 'base64'), dirKey()));
    const cardBytes = j(['cryptoplug-chat-card/1', card.identity, card.publicKey, card.createdAt, null]);
    assert.equal(sha256(cardBytes), card.id);
    const senderKey = virgil.importPublicKey(card.publicKey);
    assert.ok(virgil.verifySignature(cardBytes, Buffer.from(card.selfSignature, 'base64'), senderKey));
    const signed = j(['cryptoplug-chat-message/1', m.channelId, m.senderCardId, m.seq, m.sentAt, m.message]);
    assert.ok(virgil.verifySignature(signed, Buffer.from(m.sign, 'base64'), senderKey));
    assert.ok(!virgil.verifySignature(j(['cryptoplug-chat-message/1', m.channelId, m.senderCardId, m.seq + 1, m.sentAt, m.message]), Buffer.from(m.sign, 'base64'), senderKey));
    assert.equal(virgil.decrypt(Buffer.from(m.message, 'base64'), kp.privateKey).toString('utf8'), 'hello virgil, from cryptoplug');
  });
});
