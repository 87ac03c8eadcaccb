/**
 * BER that is not DER is refused by the Virgil codec (src/asn1.ts: @peculiar/asn1-schema schemas, parse, re-serialise,
 * compare): the message header, the ECIES envelope, the signature and the key containers. Inputs are virgil-crypto's
 * golden vectors (vectors/virgil) re-encoded with one BER form each; the same bytes re-wrapped in DER still open.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importVirgilPrivateKey, importVirgilPublicKey, VirgilCodec } from '../src/index.js';
import { eciesDecrypt, eciesEncrypt } from '../src/virgil/ecies.js';
import { b64, fastBackend, loadVirgilVectors, plaintextOf, rejectsWith } from './helpers.js';

const V = loadVirgilVectors();

/** One TLV at the start of `bytes`: tag, content and what follows. */
function tlv(bytes: Uint8Array): { tag: number; content: Uint8Array; rest: Uint8Array } {
  const first = bytes[1]!;
  const n = first < 0x80 ? 0 : first & 0x7f;
  let len = n === 0 ? first : 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
  return { tag: bytes[0]!, content: bytes.subarray(2 + n, 2 + n + len), rest: bytes.subarray(2 + n + len) };
}
function lengthBytes(len: number): number[] {
  if (len < 0x80) return [len];
  const out: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const cat = (...parts: Array<ArrayLike<number>>) => new Uint8Array(parts.flatMap((p) => Array.from(p)));
const der = (tag: number, content: ArrayLike<number>) => cat([tag], lengthBytes(content.length), content);
/** The same element with its length in a longer form than needed. */
function nonMinimalLength(tag: number, content: Uint8Array): Uint8Array {
  const l = lengthBytes(content.length);
  return cat([tag], l.length === 1 ? [0x81, l[0]!] : [0x80 | l.length, 0, ...l.slice(1)], content);
}
const indefinite = (tag: number, content: Uint8Array) => cat([tag, 0x80], content, [0, 0]);
/** A SEQUENCE whose first element is INTEGER v (one byte), re-encoded with a non-minimal INTEGER. */
function nonMinimalFirstInteger(content: Uint8Array): Uint8Array {
  assert.deepEqual([...content.subarray(0, 2)], [0x02, 0x01], 'starts with a one-byte INTEGER');
  return der(0x30, cat([0x02, 0x02, 0x00, content[2]!], content.subarray(3)));
}

/** Every BER variant of the SEQUENCE `bytes` (+ what follows it), each with a name. */
function variants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const { tag, content, rest } = tlv(bytes);
  return [
    ['non-minimal length', cat(nonMinimalLength(tag, content), rest)],
    ['indefinite length', cat(indefinite(tag, content), rest)],
    ['non-minimal INTEGER', cat(nonMinimalFirstInteger(content), rest)],
  ];
}

describe('strict DER in the Virgil codec', () => {
  it('message header (VirgilMessageInfo): BER forms are ERR_E2EE_MALFORMED; the DER original opens', async () => {
    const codec = new VirgilCodec(await fastBackend());
    const m = V.messages.find((x) => x.kind === 'encrypt')!;
    const key = importVirgilPrivateKey(b64(V.keys[m.recipients[0]!]!.privateKey));
    const data = b64(m.ciphertext);
    const { tag, content, rest } = tlv(data);
    assert.deepEqual(await codec.decrypt(cat(der(tag, content), rest), key), plaintextOf(m.plaintext), 'control');
    for (const [name, bad] of variants(data)) await rejectsWith(() => codec.decrypt(bad, key), 'ERR_E2EE_MALFORMED', name);
  });

  it('ECIES envelope: BER forms and trailing bytes are ERR_E2EE_MALFORMED', async () => {
    const backend = await fastBackend();
    const key = importVirgilPrivateKey(b64(V.keys.alice!.privateKey));
    const envelope = await eciesEncrypt(backend, key.publicKey(), new Uint8Array(32).fill(7));
    assert.deepEqual(await eciesDecrypt(backend, key, envelope), new Uint8Array(32).fill(7), 'control');
    for (const [name, bad] of [...variants(envelope), ['trailing byte', cat(envelope, [0])] as [string, Uint8Array]]) {
      await rejectsWith(() => eciesDecrypt(backend, key, bad), 'ERR_E2EE_MALFORMED', name);
    }
  });

  it('signature: BER forms and trailing bytes are ERR_SIGNATURE_MALFORMED', async () => {
    const codec = new VirgilCodec(await fastBackend());
    const s = V.signatures[0]!;
    const data = Buffer.from(s.data, 'hex');
    const sig = b64(s.signature);
    const signer = importVirgilPublicKey(b64(V.keys[s.signer]!.publicKey));
    assert.equal(await codec.verify(data, sig, signer), true, 'control');
    const { tag, content } = tlv(sig);
    const bad: Array<[string, Uint8Array]> = [
      ['non-minimal length', nonMinimalLength(tag, content)],
      ['indefinite length', indefinite(tag, content)],
      ['trailing byte', cat(sig, [0])],
    ];
    for (const [name, b] of bad) await rejectsWith(() => codec.verify(data, b, signer), 'ERR_SIGNATURE_MALFORMED', name);
  });
});
