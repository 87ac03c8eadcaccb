#!/usr/bin/env node
/**
 * Golden vectors made by virgil-crypto itself (the reference implementation), so the e2ee tests keep meaning
 * something if the package is ever unavailable. Run from the repository root:
 *
 *   node vectors/virgil/generate.mjs            # writes vectors/virgil/vectors.json
 *
 * Every message is decrypted (and verified) again by virgil-crypto before it is written. Nothing here uses cryptoplug.
 * Plaintexts named by `pattern` are bytes i -> (i * 31 + 7) & 0xff of the given length.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initCrypto, VirgilCrypto, KeyPairType } from 'virgil-crypto';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const virgilVersion = require('virgil-crypto/package.json').version;

await initCrypto();
const crypto = new VirgilCrypto({ defaultKeyPairType: KeyPairType.ED25519 });
const crypto256 = new VirgilCrypto({ defaultKeyPairType: KeyPairType.ED25519, useSha256Identifiers: true });

const b64 = (b) => Buffer.from(b).toString('base64');
const hex = (b) => Buffer.from(b).toString('hex');
const pattern = (length) => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff));

function check(cond, what) {
  if (!cond) throw new Error(`self-check failed: ${what}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Keys

const keyTypes = { alice: KeyPairType.ED25519, bob: KeyPairType.ED25519, carol: KeyPairType.CURVE25519, dave: KeyPairType.CURVE25519 };
const keys = {};
const pairs = {};
for (const [name, type] of Object.entries(keyTypes)) {
  const kp = crypto.generateKeys(type);
  pairs[name] = kp;
  const pub = crypto.exportPublicKey(kp.publicKey);
  keys[name] = {
    type: type === KeyPairType.ED25519 ? 'ed25519' : 'curve25519',
    privateKey: b64(crypto.exportPrivateKey(kp.privateKey)),
    publicKey: b64(pub),
    keyId: hex(kp.publicKey.identifier),
    keyIdSha256: hex(crypto256.importPublicKey(pub).identifier),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Signatures (only ED25519 keys: calculateSignature aborts virgil's WASM with a CURVE25519 key)

const signatures = [];
for (const [data, name] of [[Buffer.from('hello, Virgil'), 'text'], [Buffer.alloc(0), 'empty'], [pattern(1000), 'pattern-1000']]) {
  const signature = crypto.calculateSignature(data, pairs.alice.privateKey);
  check(crypto.verifySignature(data, signature, pairs.alice.publicKey), `signature ${name}`);
  signatures.push({ name, signer: 'alice', data: hex(data), signature: b64(signature) });
}

// ---------------------------------------------------------------------------------------------------------------------
// Messages

const messages = [];

function plaintextOf(spec) {
  return spec.pattern !== undefined ? pattern(spec.pattern) : Buffer.from(spec.text ?? '', 'utf8');
}

function addMessage(spec) {
  const c = spec.keyIdHash === 'SHA-256' ? crypto256 : crypto;
  const importPub = (n) => c.importPublicKey(crypto.exportPublicKey(pairs[n].publicKey));
  const importPriv = (n) => c.importPrivateKey(crypto.exportPrivateKey(pairs[n].privateKey));
  const data = plaintextOf(spec);
  const recipients = spec.recipients.map(importPub);
  let ciphertext;
  switch (spec.kind) {
    case 'encrypt':
      ciphertext = c.encrypt(data, recipients, spec.padding);
      break;
    case 'signThenEncrypt':
      ciphertext = c.signThenEncrypt(data, importPriv(spec.signer), recipients, spec.padding);
      break;
    case 'signAndEncrypt':
      ciphertext = c.signAndEncrypt(data, importPriv(spec.signer), recipients, spec.padding);
      break;
    default:
      throw new Error(spec.kind);
  }
  for (const r of spec.recipients) {
    const priv = importPriv(r);
    let out;
    if (spec.kind === 'encrypt') out = c.decrypt(ciphertext, priv);
    else if (spec.kind === 'signThenEncrypt') out = c.decryptThenVerify(ciphertext, priv, importPub(spec.signer));
    else out = c.decryptAndVerify(ciphertext, priv, importPub(spec.signer));
    check(Buffer.compare(out, data) === 0, `${spec.name} for ${r}`);
  }
  const { pattern: p, text, ...rest } = spec;
  messages.push({ ...rest, padding: Boolean(spec.padding), keyIdHash: spec.keyIdHash ?? 'SHA-512', plaintext: p !== undefined ? { pattern: p } : { text: text ?? '' }, ciphertext: b64(ciphertext) });
}

addMessage({ name: 'encrypt-1-ed25519', kind: 'encrypt', recipients: ['bob'], text: 'Hello, Bob!' });
addMessage({ name: 'encrypt-1-curve25519', kind: 'encrypt', recipients: ['carol'], text: 'Hello, Carol!' });
addMessage({ name: 'encrypt-3-mixed', kind: 'encrypt', recipients: ['bob', 'carol', 'dave'], text: 'Hello, everyone.' });
addMessage({ name: 'encrypt-empty', kind: 'encrypt', recipients: ['carol'], text: '' });
addMessage({ name: 'encrypt-padded', kind: 'encrypt', recipients: ['bob', 'carol'], text: 'padded', padding: true });
addMessage({ name: 'encrypt-padded-156', kind: 'encrypt', recipients: ['dave'], pattern: 156, padding: true });
addMessage({ name: 'encrypt-4k', kind: 'encrypt', recipients: ['bob', 'dave'], pattern: 4096 });
addMessage({ name: 'signThenEncrypt-1', kind: 'signThenEncrypt', signer: 'alice', recipients: ['bob'], text: 'signed, then encrypted' });
addMessage({ name: 'signThenEncrypt-3', kind: 'signThenEncrypt', signer: 'alice', recipients: ['bob', 'carol', 'dave'], text: 'to three' });
addMessage({ name: 'signThenEncrypt-empty', kind: 'signThenEncrypt', signer: 'alice', recipients: ['carol'], text: '' });
addMessage({ name: 'signThenEncrypt-padded', kind: 'signThenEncrypt', signer: 'alice', recipients: ['bob', 'carol'], text: 'padded and signed', padding: true });
addMessage({ name: 'signAndEncrypt-1', kind: 'signAndEncrypt', signer: 'alice', recipients: ['bob'], text: 'signed and encrypted' });
addMessage({ name: 'signAndEncrypt-3', kind: 'signAndEncrypt', signer: 'alice', recipients: ['bob', 'carol', 'dave'], text: 'to three, signature hidden' });
addMessage({ name: 'signAndEncrypt-empty', kind: 'signAndEncrypt', signer: 'alice', recipients: ['carol'], text: '' });
addMessage({ name: 'signAndEncrypt-padded', kind: 'signAndEncrypt', signer: 'alice', recipients: ['bob', 'dave'], text: 'padded, signed inside', padding: true });
addMessage({ name: 'signAndEncrypt-4k', kind: 'signAndEncrypt', signer: 'alice', recipients: ['carol'], pattern: 4096 });
addMessage({ name: 'sha256-ids-encrypt', kind: 'encrypt', recipients: ['bob', 'carol'], text: 'SHA-256 identifiers', keyIdHash: 'SHA-256' });
addMessage({ name: 'sha256-ids-signThenEncrypt', kind: 'signThenEncrypt', signer: 'alice', recipients: ['carol'], text: 'SHA-256 identifiers, signed', keyIdHash: 'SHA-256' });
addMessage({ name: 'sha256-ids-signAndEncrypt', kind: 'signAndEncrypt', signer: 'alice', recipients: ['bob'], text: 'SHA-256 identifiers, signed inside', keyIdHash: 'SHA-256' });

// ---------------------------------------------------------------------------------------------------------------------
// The quick-start chat model: { message: base64(ciphertext), sign: base64(signature over that base64 text) }

const chatText = 'Hi channel, this is Alice.';
const chatCiphertext = b64(crypto.encrypt(Buffer.from(chatText, 'utf8'), [pairs.bob.publicKey, pairs.carol.publicKey]));
const chatModel = { message: chatCiphertext, sign: b64(crypto.calculateSignature(Buffer.from(chatCiphertext, 'utf8'), pairs.alice.privateKey)) };
check(crypto.verifySignature(Buffer.from(chatModel.message, 'utf8'), chatModel.sign, pairs.alice.publicKey), 'chat signature');
const chat = { sender: 'alice', recipients: ['bob', 'carol'], text: chatText, model: chatModel };

// ---------------------------------------------------------------------------------------------------------------------
// Key types and formats cryptoplug's e2ee codec does not support (they must fail with ERR_UNSUPPORTED)

const unsupported = { keys: {}, messages: [] };
for (const [name, type] of [
  ['secp256r1', KeyPairType.SECP256R1],
  ['rsa2048', KeyPairType.RSA_2048],
  ['curve25519-ed25519', KeyPairType.CURVE25519_ED25519],
  ['curve25519-round5-ed25519-falcon', KeyPairType.CURVE25519_ROUND5_ED25519_FALCON],
]) {
  const kp = crypto.generateKeys(type);
  pairs[name] = kp;
  unsupported.keys[name] = {
    privateKey: b64(crypto.exportPrivateKey(kp.privateKey)),
    publicKey: b64(crypto.exportPublicKey(kp.publicKey)),
    keyId: hex(kp.publicKey.identifier),
  };
}
for (const [name, recipients] of [['for-secp256r1-and-bob', ['secp256r1', 'bob']], ['for-rsa2048', ['rsa2048']]]) {
  const data = Buffer.from(`message ${name}`, 'utf8');
  const ciphertext = crypto.encrypt(data, recipients.map((n) => pairs[n].publicKey));
  for (const r of recipients) check(Buffer.compare(crypto.decrypt(ciphertext, pairs[r].privateKey), data) === 0, name);
  unsupported.messages.push({ name, recipients, plaintext: { text: data.toString('utf8') }, ciphertext: b64(ciphertext) });
}
const group = crypto.generateGroupSession(Buffer.from('cryptoplug-e2ee-vectors-group'));
const groupMessage = group.encrypt(Buffer.from('group message', 'utf8'), pairs.alice.privateKey);
check(group.decrypt(groupMessage, pairs.alice.publicKey).toString('utf8') === 'group message', 'group session');
unsupported.groupSession = { sender: 'alice', message: b64(groupMessage), epochs: group.export().map(b64) };

const out = {
  meta: {
    generator: 'vectors/virgil/generate.mjs',
    library: `virgil-crypto@${virgilVersion}`,
    node: process.version,
    generated: new Date().toISOString(),
    pattern: 'byte i = (i * 31 + 7) & 0xff',
  },
  keys,
  signatures,
  messages,
  chat,
  unsupported,
};
writeFileSync(join(here, 'vectors.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${messages.length} messages, ${signatures.length} signatures to ${join(here, 'vectors.json')}`);
