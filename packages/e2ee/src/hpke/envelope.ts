/**
 * The `hpke` profile: a multi-recipient, optionally signed envelope on RFC 9180 HPKE
 * (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, base mode). Byte layout (all integers big-endian):
 *
 *   header     = magic "CPH1" (43 50 48 31) ‖ version 0x01 ‖ kem_id 0x0020 ‖ kdf_id 0x0001 ‖ aead_id 0x0002
 *                ‖ n (uint16, 1..65535) ‖ n × key id (32 bytes: SHA-256 of the recipient's X25519 SPKI DER)
 *   recipients = n × ( enc (32 bytes) ‖ wrapped key (48 bytes) )        -- same order as the key ids
 *   content    = nonce (12 bytes) ‖ AES-256-GCM(CEK, nonce, inner, aad = header) ‖ tag (16 bytes)
 *   envelope   = header ‖ recipients ‖ content
 *
 *   wrapped key_i = SealBase(pkR_i, info = "cryptoplug/e2ee/hpke/v1", aad = header, pt = CEK)   (CEK: 32 random bytes)
 *   inner         = 0x00 ‖ plaintext                                                    (unsigned)
 *                 | 0x01 ‖ signer key id (32: SHA-256 of the Ed25519 SPKI DER) ‖ signature (64) ‖ plaintext
 *   signature     = Ed25519(signer, "cryptoplug/e2ee/hpke/v1/signature" ‖ 0x00 ‖ header ‖ plaintext)
 *
 * The header (version, suite, recipient key ids) is authenticated twice (HPKE aad and content aad) and signed, so a
 * recipient cannot re-address the signed message to others; the signer's identity and signature are inside the
 * ciphertext (sign-then-encrypt without exposing the sender).
 */
import {
  InputInvalidError,
  KeyAlgMismatchError,
  KeyUsageError,
  PrivateKey,
  PublicKey,
  SignatureInvalidError,
  UnsupportedError,
  bytesEqual,
  bytesToHex,
  concatBytes,
  exportDer,
  isBytes,
  utf8,
  type Backend,
} from '@cryptoplug/core';
import { MalformedError, NotRecipientError, NotSignedError } from '../errors.js';
import { AEAD_AES_256_GCM, Hpke, KDF_HKDF_SHA256, KEM_DHKEM_X25519_HKDF_SHA256 } from './rfc9180.js';

export const HPKE_MAGIC = new Uint8Array([0x43, 0x50, 0x48, 0x31]); // "CPH1"
export const HPKE_VERSION = 1;
export const HPKE_INFO = utf8('cryptoplug/e2ee/hpke/v1');
export const HPKE_SIGNATURE_CONTEXT = concatBytes(utf8('cryptoplug/e2ee/hpke/v1/signature'), new Uint8Array([0]));

const FIXED_HEADER = 4 + 1 + 2 + 2 + 2 + 2;
const KEY_ID_LEN = 32;
const ENC_LEN = 32;
const CEK_LEN = 32;
const WRAPPED_LEN = CEK_LEN + 16;
const NONCE_LEN = 12;
const TAG_LEN = 16;
const SIG_LEN = 64;
const MAX_RECIPIENTS = 0xffff;

export interface HpkeEncryptOptions {
  /** Ed25519 key that signs header ‖ plaintext; its key id and signature travel inside the ciphertext. */
  readonly signer?: PrivateKey;
}

export interface HpkeDecryptOptions {
  /** Ed25519 public keys of accepted senders: the message must be signed by one of them. */
  readonly senders?: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>;
}

export interface HpkeOpenResult {
  readonly plaintext: Uint8Array;
  readonly signed: boolean;
  /** Hex key id of the signer (SHA-256 of its SPKI DER), when signed. */
  readonly signerId?: string;
  /** True when the signature was verified against one of `senders`. */
  readonly verified: boolean;
}

export interface HpkeSummary {
  readonly version: number;
  readonly suite: { readonly kem: number; readonly kdf: number; readonly aead: number };
  readonly recipients: readonly string[];
  readonly headerLength: number;
}

interface Parsed {
  header: Uint8Array;
  keyIds: Uint8Array[];
  entries: Array<{ enc: Uint8Array; wrapped: Uint8Array }>;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

function u16(n: number): Uint8Array {
  return new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
}

function parse(data: Uint8Array): Parsed {
  if (!isBytes(data)) throw new InputInvalidError('message must be a Uint8Array');
  if (data.length < FIXED_HEADER || !bytesEqual(data.subarray(0, 4), HPKE_MAGIC)) throw new MalformedError('not a cryptoplug hpke envelope (magic "CPH1" missing)');
  const dv = new DataView(data.buffer, data.byteOffset, data.length);
  const version = data[4]!;
  if (version !== HPKE_VERSION) throw new UnsupportedError(`hpke envelope version ${version} is not supported`);
  const kem = dv.getUint16(5);
  const kdf = dv.getUint16(7);
  const aead = dv.getUint16(9);
  if (kem !== KEM_DHKEM_X25519_HKDF_SHA256 || kdf !== KDF_HKDF_SHA256 || aead !== AEAD_AES_256_GCM) {
    throw new UnsupportedError(`hpke suite kem 0x${kem.toString(16)} kdf 0x${kdf.toString(16)} aead 0x${aead.toString(16)} is not supported`);
  }
  const n = dv.getUint16(11);
  if (n === 0) throw new MalformedError('hpke envelope has no recipients');
  const headerLen = FIXED_HEADER + n * KEY_ID_LEN;
  const bodyStart = headerLen + n * (ENC_LEN + WRAPPED_LEN);
  if (data.length < bodyStart + NONCE_LEN + TAG_LEN) throw new MalformedError('hpke envelope is truncated');
  const keyIds: Uint8Array[] = [];
  const entries: Array<{ enc: Uint8Array; wrapped: Uint8Array }> = [];
  for (let i = 0; i < n; i++) {
    keyIds.push(data.subarray(FIXED_HEADER + i * KEY_ID_LEN, FIXED_HEADER + (i + 1) * KEY_ID_LEN));
    const at = headerLen + i * (ENC_LEN + WRAPPED_LEN);
    entries.push({ enc: data.subarray(at, at + ENC_LEN), wrapped: data.subarray(at + ENC_LEN, at + ENC_LEN + WRAPPED_LEN) });
  }
  return {
    header: data.subarray(0, headerLen),
    keyIds,
    entries,
    nonce: data.subarray(bodyStart, bodyStart + NONCE_LEN),
    ciphertext: data.subarray(bodyStart + NONCE_LEN, data.length - TAG_LEN),
    tag: data.subarray(data.length - TAG_LEN),
  };
}

function keysOf(v: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>): PublicKey[] {
  const list = Array.isArray(v) ? (v as ReadonlyArray<PublicKey | PrivateKey>) : [v as PublicKey | PrivateKey];
  return list.map((k) => {
    if (!(k instanceof PublicKey) && !(k instanceof PrivateKey)) throw new KeyUsageError('expected a cryptoplug PublicKey or PrivateKey');
    return k.publicKey();
  });
}

export class HpkeEnvelope {
  readonly backend: Backend;
  readonly hpke: Hpke;

  constructor(backend: Backend) {
    if (!backend || typeof backend.hmac !== 'function') throw new InputInvalidError('HpkeEnvelope needs a cryptoplug Backend');
    this.backend = backend;
    this.hpke = new Hpke(backend, AEAD_AES_256_GCM);
  }

  /** Key id of the profile: SHA-256 of the key's SPKI DER (X25519 recipients, Ed25519 signers). */
  keyId(key: PublicKey | PrivateKey): Promise<Uint8Array> {
    if (!(key instanceof PublicKey) && !(key instanceof PrivateKey)) throw new KeyUsageError('expected a cryptoplug PublicKey or PrivateKey');
    return this.backend.digest('SHA-256', exportDer(key.publicKey(), 'spki'));
  }

  async encrypt(data: Uint8Array, recipients: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>, options: HpkeEncryptOptions = {}): Promise<Uint8Array> {
    if (!isBytes(data)) throw new InputInvalidError('data must be a Uint8Array');
    const list = keysOf(recipients);
    if (list.length === 0) throw new InputInvalidError('at least one recipient is needed');
    if (list.length > MAX_RECIPIENTS) throw new InputInvalidError(`at most ${MAX_RECIPIENTS} recipients`);
    for (const k of list) {
      if (k.curve !== 'X25519') throw new KeyAlgMismatchError(`hpke recipients are X25519 keys, got ${k.describe()}`);
    }
    const signer = options.signer;
    if (signer !== undefined) {
      if (!(signer instanceof PrivateKey)) throw new KeyUsageError('the signer must be an Ed25519 private key');
      if (signer.curve !== 'Ed25519') throw new KeyAlgMismatchError(`hpke signatures are Ed25519, got ${signer.describe()}`);
    }
    const b = this.backend;
    const keyIds = await Promise.all(list.map((k) => this.keyId(k)));
    const header = concatBytes(
      HPKE_MAGIC,
      new Uint8Array([HPKE_VERSION]),
      u16(KEM_DHKEM_X25519_HKDF_SHA256),
      u16(KDF_HKDF_SHA256),
      u16(AEAD_AES_256_GCM),
      u16(list.length),
      ...keyIds,
    );
    const cek = b.randomBytes(CEK_LEN);
    const entries: Uint8Array[] = [];
    for (const k of list) {
      const { enc, ciphertext } = await this.hpke.seal(k, HPKE_INFO, header, cek);
      entries.push(enc, ciphertext);
    }
    let inner: Uint8Array;
    if (signer) {
      const signature = await b.sign({ name: 'Ed25519' }, signer, concatBytes(HPKE_SIGNATURE_CONTEXT, header, data));
      inner = concatBytes(new Uint8Array([1]), await this.keyId(signer), signature, data);
    } else {
      inner = concatBytes(new Uint8Array([0]), data);
    }
    const nonce = b.randomBytes(NONCE_LEN);
    const { ciphertext, tag } = await b.aesGcmEncrypt(cek, nonce, inner, header);
    return concatBytes(header, ...entries, nonce, ciphertext, tag);
  }

  async decrypt(data: Uint8Array, key: PrivateKey, options: HpkeDecryptOptions = {}): Promise<HpkeOpenResult> {
    if (!(key instanceof PrivateKey)) throw new KeyUsageError('decryption needs an X25519 private key');
    if (key.curve !== 'X25519') throw new KeyAlgMismatchError(`hpke recipients are X25519 keys, got ${key.describe()}`);
    const p = parse(data);
    const myId = await this.keyId(key);
    const index = p.keyIds.findIndex((id) => bytesEqual(id, myId));
    if (index < 0) throw new NotRecipientError(`the key (id ${bytesToHex(myId)}) is not one of the ${p.keyIds.length} recipients of the message`);
    const entry = p.entries[index]!;
    const cek = await this.hpke.open(entry.enc, key, HPKE_INFO, p.header, entry.wrapped);
    const inner = await this.backend.aesGcmDecrypt(cek, p.nonce, p.ciphertext, p.tag, p.header);
    const flag = inner[0];
    let plaintext: Uint8Array;
    let signerId: Uint8Array | undefined;
    let signature: Uint8Array | undefined;
    if (flag === 0) {
      plaintext = inner.slice(1);
    } else if (flag === 1 && inner.length >= 1 + KEY_ID_LEN + SIG_LEN) {
      signerId = inner.slice(1, 1 + KEY_ID_LEN);
      signature = inner.slice(1 + KEY_ID_LEN, 1 + KEY_ID_LEN + SIG_LEN);
      plaintext = inner.slice(1 + KEY_ID_LEN + SIG_LEN);
    } else {
      throw new MalformedError('hpke envelope: unknown inner format');
    }
    const base = { plaintext, signed: signature !== undefined, ...(signerId ? { signerId: bytesToHex(signerId) } : {}) };
    if (options.senders === undefined) return { ...base, verified: false };
    const senders = keysOf(options.senders);
    if (senders.length === 0) throw new InputInvalidError('at least one sender public key is needed to verify');
    if (!signature || !signerId) throw new NotSignedError();
    let sender: PublicKey | undefined;
    for (const s of senders) {
      if (bytesEqual(await this.keyId(s), signerId)) {
        sender = s;
        break;
      }
    }
    if (!sender) throw new SignatureInvalidError(`the message was signed by key id ${bytesToHex(signerId)}, which is not among the ${senders.length} given public key(s)`);
    if (sender.curve !== 'Ed25519') throw new KeyAlgMismatchError(`hpke signatures are Ed25519, the sender key is ${sender.describe()}`);
    const ok = await this.backend.verify({ name: 'Ed25519' }, sender, signature, concatBytes(HPKE_SIGNATURE_CONTEXT, p.header, plaintext));
    if (!ok) throw new SignatureInvalidError();
    return { ...base, verified: true };
  }

  /** Reads the header: version, suite and recipient key ids. */
  inspect(data: Uint8Array): HpkeSummary {
    const p = parse(data);
    return {
      version: HPKE_VERSION,
      suite: { kem: KEM_DHKEM_X25519_HKDF_SHA256, kdf: KDF_HKDF_SHA256, aead: AEAD_AES_256_GCM },
      recipients: p.keyIds.map((id) => bytesToHex(id)),
      headerLength: p.header.length,
    };
  }
}
