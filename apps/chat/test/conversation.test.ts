/**
 * A full conversation through the client API on the embedded database (PGlite): three users, a channel, messages both
 * ways over HTTP and WebSocket, a removed member, and a database that holds neither plaintext nor private keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base64, exportDer, fromBase64 } from '@cryptoplug/core';
import { VirgilCodec, virgilKeyId } from '@cryptoplug/e2ee';
import { bytesToHex } from '@cryptoplug/core';
import type { StoredMessage } from '../src/index.js';
import { backend, dumpDb, rejectsCode, startServer, until, user, type User } from './helpers.js';

describe('conversation on PGlite', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let alice: User, bob: User, carol: User;
  let channelId: string;
  const texts: string[] = [];

  before(async () => {
    server = await startServer();
    alice = await user(server, 'alice');
    bob = await user(server, 'bob');
    carol = await user(server, 'carol');
  });
  after(async () => server?.close());

  it('serves the directory key at the well-known URL and countersigns cards with it', async () => {
    const res = await fetch(server.url + '/.well-known/cryptoplug-chat-directory');
    const body = (await res.json()) as { publicKey: string };
    assert.equal(body.publicKey, server.directoryPublicKey);
    const found = await bob.client.search('alice');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.id, alice.cardId);
  });

  it('alice makes a channel of three; everyone reads what the others write, verified', async () => {
    const ch = await alice.client.createChannel('general');
    channelId = ch.id;
    await alice.client.addMember(channelId, (await alice.client.current('bob')).id);
    const full = await alice.client.addMember(channelId, (await alice.client.current('carol')).id);
    assert.deepEqual(full.members.map((m) => m.identity).sort(), ['alice', 'bob', 'carol']);

    const live: StoredMessage[] = [];
    const sock = await carol.client.watch((m) => live.push(m));
    texts.push('hello from alice, secret-ZXQ-1');
    const sent = await alice.client.send(channelId, texts[0]!);
    texts.push('bob answers, secret-ZXQ-2');
    await bob.client.send(channelId, texts[1]!);
    // and one over the socket
    texts.push('carol over websocket, secret-ZXQ-3');
    await sock.post(channelId, await carol.client.seal(channelId, texts[2]!));
    await until(() => live.length === 3, 5000, 'three live messages');
    assert.equal(live[0]!.id, sent.id);
    await sock.close();

    for (const u of [alice, bob, carol]) {
      const { messages } = await u.client.read(channelId);
      assert.deepEqual(messages.map((m) => [m.sender, m.text, m.verified]), [
        ['alice', texts[0], true],
        ['bob', texts[1], true],
        ['carol', texts[2], true],
      ]);
    }
    // the stored ciphertext is a Virgil message for exactly the three cards' key ids
    const codec = new VirgilCodec(await backend());
    const ids = codec.inspect(fromBase64(sent.message)).recipients.map((r) => r.id).sort();
    const expected = await Promise.all([alice, bob, carol].map(async (u) => bytesToHex(await virgilKeyId(await backend(), u.key))));
    assert.deepEqual(ids, expected.sort());
  });

  it('a removed member cannot read later messages, and they are not encrypted for her', async () => {
    await alice.client.removeMember(channelId, carol.cardId);
    texts.push('after carol left, secret-ZXQ-4');
    const m = await alice.client.send(channelId, texts[3]!);
    await rejectsCode(carol.client.list(channelId), 'ERR_CHAT_NOT_MEMBER', 403);
    // even holding the ciphertext, carol cannot decrypt it
    const opened = await carol.client.open(m);
    assert.equal(opened.text, undefined);
    assert.match(opened.warning ?? '', /not encrypted for this reader/);
    assert.equal(opened.verified, true);
    const bobView = await bob.client.read(channelId);
    assert.equal(bobView.messages.at(-1)!.text, texts[3]);
    // a message still sealed for the old member list is refused
    await rejectsCode(carol.client.send(channelId, 'nope'), 'ERR_CHAT_NOT_MEMBER', 403);
  });

  it('reads since a cursor', async () => {
    const first = await bob.client.read(channelId);
    const again = await bob.client.read(channelId, first.cursor);
    assert.equal(again.messages.length, 0);
    const mid = await bob.client.read(channelId, first.messages[1]!.id);
    assert.deepEqual(mid.messages.map((m) => m.text), texts.slice(2, 4));
  });

  it('stores no plaintext and no private key material', async () => {
    const dump = await dumpDb(server.db);
    assert.ok(dump.includes(alice.cardId), 'the dump covers the cards table');
    for (const t of texts) {
      assert.ok(!dump.includes(t), `plaintext "${t}" found in the database`);
      assert.ok(!dump.includes('secret-ZXQ'), 'a fragment of a plaintext found in the database');
    }
    for (const u of [alice, bob, carol]) {
      const pkcs8 = exportDer(u.key, 'pkcs8');
      const seed = pkcs8.subarray(pkcs8.length - 32);
      for (const needle of [base64(pkcs8), base64(seed), bytesToHex(seed), base64(seed).slice(0, 20)]) assert.ok(!dump.includes(needle), `private key of ${u.name} found`);
    }
  });

  it('key rotation keeps memberships; old card refused, new card reads', async () => {
    const { generateVirgilKeyPair } = await import('@cryptoplug/e2ee');
    const oldId = bob.cardId;
    const newKey = await generateVirgilKeyPair(await backend(), 'ed25519');
    const card = await bob.client.rotate(newKey);
    assert.equal(card.previousCardId, oldId);
    const cards = await alice.client.search('bob');
    assert.equal(cards.find((c) => c.id === oldId)!.supersededBy, card.id);
    const ch = await alice.client.channel(channelId);
    assert.ok(ch.members.some((m) => m.id === card.id) && !ch.members.some((m) => m.id === oldId));
    await alice.client.send(channelId, 'for the new bob key');
    const { messages } = await bob.client.read(channelId);
    assert.equal(messages.at(-1)!.text, 'for the new bob key');
    // messages sent to the old key are no longer readable with the new one, but stay verified
    assert.equal(messages[0]!.text, undefined);
    assert.equal(messages[0]!.verified, true);
  });
});
