/**
 * The Virgil-compatible codec: messages byte-compatible with virgil-crypto 5.x (`encrypt`/`decrypt`,
 * `signThenEncrypt`/`decryptThenVerify`, `signAndEncrypt`/`decryptAndVerify`, `calculateSignature`/`verifySignature`)
 * for ED25519 and CURVE25519 keys, built on a cryptoplug {@link Backend} (no WASM).
 *
 * Message = DER VirgilMessageInfo ‖ AES-256-GCM ciphertext ‖ 16-byte tag [‖ encrypted footer (signAndEncrypt)].
 * See message-info.ts, ecies.ts, padding.ts and the package README for the byte layout.
 */
import {
  CryptoplugError,
  DecryptionFailedError,
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
  isBytes,
  type Backend,
} from '@cryptoplug/core';
import { MalformedError, NotRecipientError, NotSignedError } from '../errors.js';
import { eciesDecrypt, eciesEncrypt } from './ecies.js';
import { assertVirgilKey, virgilKeyId, virgilKeyIds, type KeyIdHash } from './keys.js';
import {
  decodeFooter,
  decodeMessageInfo,
  encodeFooter,
  encodeMessageInfo,
  signedDataInfoDer,
  type CustomParamValue,
  type KeyRecipientInfo,
  type MessageInfo,
  type SignerInfo,
} from './message-info.js';
import { OIDS, oidName, type VirgilHash } from './oids.js';
import { pad, unpad } from './padding.js';
import { SIGNATURE_HASH, parseVirgilSignature, signDigest, verifyDigest, virgilSign, virgilVerify } from './signature.js';

/** A recipient: a public key (its Virgil key id is computed), or a key with an explicit recipient id (a card id...). */
export type Recipient = PublicKey | PrivateKey | { readonly key: PublicKey | PrivateKey; readonly id: Uint8Array };

export interface VirgilCodecOptions {
  /** Key identifiers from SHA-256 (virgil-crypto `useSha256Identifiers: true`); default SHA-512, first 8 bytes. */
  readonly keyIdHash?: KeyIdHash;
}

export interface EncryptOptions {
  /** Virgil random padding (virgil-crypto `enablePadding`): hides the message length up to 160 bytes. */
  readonly padding?: boolean;
}

export interface DecryptOptions {
  /** Recipient id to look for (default: the key's SHA-512/8 and SHA-256 identifiers). */
  readonly recipientId?: Uint8Array;
}

/** What `open` found: the plaintext and, for signed messages, who signed it and whether it was verified. */
export interface OpenResult {
  readonly plaintext: Uint8Array;
  /** 'none', 'signThenEncrypt' (signature in the custom parameters) or 'signAndEncrypt' (signature in the footer). */
  readonly signature: 'none' | 'signThenEncrypt' | 'signAndEncrypt';
  /** The signer id carried by the message (hex), if any. */
  readonly signerId?: string;
  /** True when a signature was verified against one of the given keys (open() throws when verification fails). */
  readonly verified: boolean;
}

/** A summary of a message header, for tools (no key needed). */
export interface MessageSummary {
  readonly recipients: ReadonlyArray<{ readonly id: string; readonly algorithm: string }>;
  readonly passwordRecipients: number;
  readonly signature: OpenResult['signature'];
  readonly signerId?: string;
  readonly padded: boolean;
  readonly headerLength: number;
  readonly customParams: readonly string[];
}

export const DATA_SIGNATURE_KEY = 'VIRGIL-DATA-SIGNATURE';
export const DATA_SIGNER_ID_KEY = 'VIRGIL-DATA-SIGNER-ID';

const KEY_LEN = 32;
const NONCE_LEN = 12;
const TAG_LEN = 16;
/** HKDF-SHA-512 output of signed messages: data key ‖ data nonce ‖ footer key ‖ footer nonce. */
const DERIVED_LEN = 2 * KEY_LEN + 2 * NONCE_LEN;

const OID_OF_CURVE = { Ed25519: OIDS.ed25519, X25519: OIDS.x25519 } as const;

interface Opened {
  readonly info: MessageInfo;
  readonly plaintext: Uint8Array;
  readonly signers?: SignerInfo[];
}

function toArray<T>(v: T | readonly T[]): readonly T[] {
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

function param(info: MessageInfo, key: string): CustomParamValue | undefined {
  return info.customParams.find(([k]) => k === key)?.[1];
}

function dataParam(info: MessageInfo, key: string): Uint8Array | undefined {
  const v = param(info, key);
  if (v === undefined) return undefined;
  if (v.type !== 'data') throw new MalformedError(`custom parameter ${key} must be binary data`);
  return v.value;
}

export class VirgilCodec {
  readonly backend: Backend;
  readonly keyIdHash: KeyIdHash;

  constructor(backend: Backend, options: VirgilCodecOptions = {}) {
    if (!backend || typeof backend.digest !== 'function') throw new InputInvalidError('VirgilCodec needs a cryptoplug Backend');
    this.backend = backend;
    this.keyIdHash = options.keyIdHash ?? 'SHA-512';
    if (this.keyIdHash !== 'SHA-512' && this.keyIdHash !== 'SHA-256') throw new InputInvalidError('keyIdHash must be SHA-512 or SHA-256');
  }

  /** The Virgil key identifier of a key (SHA-512/8 or SHA-256 of its SPKI, per the codec options). */
  keyId(key: PublicKey | PrivateKey): Promise<Uint8Array> {
    return virgilKeyId(this.backend, assertVirgilKey(key, 'key'), this.keyIdHash);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Signatures

  /** virgil-crypto `calculateSignature`: DER { sha512, Ed25519(SHA-512(data)) }. */
  sign(data: Uint8Array, key: PrivateKey): Promise<Uint8Array> {
    assertBytes(data);
    return virgilSign(this.backend, privateOf(key, 'signing'), data);
  }

  /** virgil-crypto `verifySignature`: false when the signature does not match; throws for a malformed signature. */
  verify(data: Uint8Array, signature: Uint8Array, key: PublicKey | PrivateKey): Promise<boolean> {
    assertBytes(data);
    assertBytes(signature, 'signature');
    return virgilVerify(this.backend, publicOf(key), data, signature);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Encryption

  /** virgil-crypto `encrypt(data, publicKeys, enablePadding)`. */
  async encrypt(data: Uint8Array, recipients: Recipient | readonly Recipient[], options: EncryptOptions = {}): Promise<Uint8Array> {
    assertBytes(data);
    return this.#encrypt(data, recipients, options, []);
  }

  /**
   * virgil-crypto `signThenEncrypt`: a Virgil signature of the plaintext and the signer's key id travel in the
   * (unencrypted) custom parameters `VIRGIL-DATA-SIGNATURE` / `VIRGIL-DATA-SIGNER-ID`.
   */
  async signThenEncrypt(data: Uint8Array, signer: PrivateKey, recipients: Recipient | readonly Recipient[], options: EncryptOptions = {}): Promise<Uint8Array> {
    assertBytes(data);
    const key = privateOf(signer, 'signing');
    const signature = await virgilSign(this.backend, key, data);
    const signerId = await this.keyId(key);
    return this.#encrypt(data, recipients, options, [
      [DATA_SIGNATURE_KEY, { type: 'data', value: signature }],
      [DATA_SIGNER_ID_KEY, { type: 'data', value: signerId }],
    ]);
  }

  /**
   * virgil-crypto `signAndEncrypt`: a random 32-byte master key is wrapped for the recipients; HKDF-SHA-512(master,
   * salt = "", info = "") gives the data key and nonce and the footer key and nonce. The data is encrypted with the
   * DER VirgilSignedDataInfo as AES-GCM additional data; the signer infos (raw Ed25519 over SHA-512(data)) follow the
   * ciphertext as an encrypted VirgilMessageInfoFooter — the signer is not visible outside.
   */
  async signAndEncrypt(data: Uint8Array, signer: PrivateKey, recipients: Recipient | readonly Recipient[], options: EncryptOptions = {}): Promise<Uint8Array> {
    assertBytes(data);
    const key = privateOf(signer, 'signing');
    if (key.curve !== 'Ed25519') throw new KeyAlgMismatchError(`signing needs an ED25519 key, got ${key.describe()} (CURVE25519 keys only decrypt)`);
    const list = await this.#recipients(recipients);
    const b = this.backend;
    const master = b.randomBytes(KEY_LEN);
    const derived = await b.hkdf('SHA-512', master, new Uint8Array(0), new Uint8Array(0), DERIVED_LEN);
    const k = splitDerived(derived);
    const plaintext = options.padding ? pad(b, data) : data;
    const info: MessageInfo = {
      recipients: await this.#wrap(master, list),
      passwordRecipients: 0,
      nonce: k.dataNonce,
      customParams: [],
      cipherKdf: OIDS.hkdfSha512,
      footer: { dataSize: plaintext.length, signedDataHash: SIGNATURE_HASH },
      ...(options.padding ? { padding: OIDS.randomPadding } : {}),
    };
    const body = await b.aesGcmEncrypt(k.dataKey, k.dataNonce, plaintext, signedDataInfoDer(SIGNATURE_HASH));
    const digest = await b.digest(SIGNATURE_HASH, data);
    const footer = encodeFooter([
      { signerId: await this.keyId(key), algorithm: OIDS.ed25519, signature: await signDigest(b, key, digest) },
    ]);
    const encFooter = await b.aesGcmEncrypt(k.footerKey, k.footerNonce, footer, new Uint8Array(0));
    return concatBytes(encodeMessageInfo(info), body.ciphertext, body.tag, encFooter.ciphertext, encFooter.tag);
  }

  async #encrypt(
    data: Uint8Array,
    recipients: Recipient | readonly Recipient[],
    options: EncryptOptions,
    customParams: Array<readonly [string, CustomParamValue]>,
  ): Promise<Uint8Array> {
    const list = await this.#recipients(recipients);
    const b = this.backend;
    const key = b.randomBytes(KEY_LEN);
    const nonce = b.randomBytes(NONCE_LEN);
    const info: MessageInfo = {
      recipients: await this.#wrap(key, list),
      passwordRecipients: 0,
      nonce,
      customParams,
      ...(options.padding ? { padding: OIDS.randomPadding } : {}),
    };
    const body = await b.aesGcmEncrypt(key, nonce, options.padding ? pad(b, data) : data, new Uint8Array(0));
    return concatBytes(encodeMessageInfo(info), body.ciphertext, body.tag);
  }

  async #recipients(recipients: Recipient | readonly Recipient[]): Promise<Array<{ key: PublicKey; id: Uint8Array }>> {
    const list = toArray(recipients);
    if (list.length === 0) throw new InputInvalidError('at least one recipient is needed');
    const out: Array<{ key: PublicKey; id: Uint8Array }> = [];
    for (const r of list) {
      if (r instanceof PublicKey || r instanceof PrivateKey) {
        const key = assertVirgilKey(r.publicKey(), 'recipient');
        out.push({ key, id: await virgilKeyId(this.backend, key, this.keyIdHash) });
      } else if (r && typeof r === 'object' && 'key' in r && isBytes(r.id)) {
        if (r.id.length === 0) throw new InputInvalidError('recipient id must not be empty');
        out.push({ key: assertVirgilKey(publicOf(r.key), 'recipient'), id: r.id.slice() });
      } else {
        throw new InputInvalidError('a recipient is a PublicKey or { key, id }');
      }
    }
    return out;
  }

  async #wrap(contentKey: Uint8Array, list: ReadonlyArray<{ key: PublicKey; id: Uint8Array }>): Promise<KeyRecipientInfo[]> {
    const out: KeyRecipientInfo[] = [];
    for (const r of list) {
      out.push({
        id: r.id,
        algorithm: OID_OF_CURVE[r.key.curve as 'Ed25519' | 'X25519'],
        encryptedKey: await eciesEncrypt(this.backend, r.key, contentKey),
      });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Decryption

  /** virgil-crypto `decrypt`: the plaintext of any Virgil message for this key (signatures are not checked). */
  async decrypt(data: Uint8Array, key: PrivateKey, options: DecryptOptions = {}): Promise<Uint8Array> {
    return (await this.#open(data, key, options)).plaintext;
  }

  /** virgil-crypto `decryptThenVerify`: decrypts, then verifies the signature carried in the custom parameters. */
  async decryptThenVerify(data: Uint8Array, key: PrivateKey, senders: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>, options: DecryptOptions = {}): Promise<Uint8Array> {
    const opened = await this.#open(data, key, options);
    await this.#verifyCustomParams(opened, senders);
    return opened.plaintext;
  }

  /** virgil-crypto `decryptAndVerify`: decrypts a `signAndEncrypt` message and verifies the signer info of its footer. */
  async decryptAndVerify(data: Uint8Array, key: PrivateKey, senders: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>, options: DecryptOptions = {}): Promise<Uint8Array> {
    const opened = await this.#open(data, key, options);
    await this.#verifyFooter(opened, senders);
    return opened.plaintext;
  }

  /**
   * Decrypts any Virgil message and, when `senders` are given, verifies whichever signature it carries (custom
   * parameters or footer); a message without a signature then fails with `ERR_E2EE_NOT_SIGNED`.
   */
  async open(data: Uint8Array, key: PrivateKey, senders?: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>, options: DecryptOptions = {}): Promise<OpenResult> {
    const opened = await this.#open(data, key, options);
    const kind = signatureKind(opened.info);
    const signerId = kind === 'signAndEncrypt' ? opened.signers?.[0]?.signerId : kind === 'signThenEncrypt' ? dataParam(opened.info, DATA_SIGNER_ID_KEY) : undefined;
    const base = { plaintext: opened.plaintext, signature: kind, ...(signerId ? { signerId: bytesToHex(signerId) } : {}) };
    if (senders === undefined || toArray(senders).length === 0) return { ...base, verified: false };
    if (kind === 'signAndEncrypt') await this.#verifyFooter(opened, senders);
    else await this.#verifyCustomParams(opened, senders);
    return { ...base, verified: true };
  }

  /** Reads a message header without decrypting: recipients, signature kind, padding. */
  inspect(data: Uint8Array): MessageSummary {
    assertBytes(data, 'message');
    const { info, length } = decodeMessageInfo(data);
    const kind = signatureKind(info);
    let signerId: string | undefined;
    if (kind === 'signThenEncrypt') {
      const id = dataParam(info, DATA_SIGNER_ID_KEY);
      if (id) signerId = bytesToHex(id);
    }
    return {
      recipients: info.recipients.map((r) => ({ id: bytesToHex(r.id), algorithm: oidName(r.algorithm) })),
      passwordRecipients: info.passwordRecipients,
      signature: kind,
      ...(signerId ? { signerId } : {}),
      padded: info.padding !== undefined,
      headerLength: length,
      customParams: info.customParams.map(([k]) => k),
    };
  }

  async #open(data: Uint8Array, key: PrivateKey, options: DecryptOptions): Promise<Opened> {
    assertBytes(data, 'message');
    const priv = privateOf(key, 'decryption');
    const { info, length } = decodeMessageInfo(data);
    const b = this.backend;

    const ids = options.recipientId ? [options.recipientId] : await virgilKeyIds(b, priv);
    const mine = info.recipients.filter((r) => ids.some((id) => bytesEqual(id, r.id)));
    if (mine.length === 0) {
      throw new NotRecipientError(`the key (id ${bytesToHex(ids[0]!)}) is not one of the ${info.recipients.length} recipients of the message`);
    }
    const keyOid = OID_OF_CURVE[priv.curve as 'Ed25519' | 'X25519'];
    let master: Uint8Array | undefined;
    let failure: unknown;
    for (const r of mine) {
      if (r.algorithm !== keyOid) {
        failure =
          r.algorithm === OIDS.ed25519 || r.algorithm === OIDS.x25519
            ? new KeyAlgMismatchError(`the recipient entry is for a ${oidName(r.algorithm)} key, the key is ${priv.describe()}`)
            : new UnsupportedError(`recipients with ${oidName(r.algorithm)} keys are not supported`);
        continue;
      }
      try {
        master = await eciesDecrypt(b, priv, r.encryptedKey);
        break;
      } catch (e) {
        failure = e;
      }
    }
    if (!master) throw failure instanceof CryptoplugError ? failure : new DecryptionFailedError({ cause: failure });

    let dataKey = master;
    let dataNonce = info.nonce;
    let footerKeys: ReturnType<typeof splitDerived> | undefined;
    if (info.cipherKdf !== undefined) {
      if (info.cipherKdf !== OIDS.hkdfSha512) throw new UnsupportedError(`cipher KDF ${info.cipherKdf} is not supported (HKDF-SHA-512 only)`);
      footerKeys = splitDerived(await b.hkdf('SHA-512', master, new Uint8Array(0), new Uint8Array(0), DERIVED_LEN));
      dataKey = footerKeys.dataKey;
      dataNonce = footerKeys.dataNonce;
      // virgil-crypto writes the derived nonce into the header; a different one means the header was altered
      if (!bytesEqual(dataNonce, info.nonce)) throw new DecryptionFailedError();
    }
    if (dataKey.length !== KEY_LEN) throw new DecryptionFailedError();
    if (info.padding !== undefined && info.padding !== OIDS.randomPadding) {
      throw new UnsupportedError(`cipher padding ${info.padding} is not supported (Virgil random padding only)`);
    }

    const body = data.subarray(length);
    const signedHash: VirgilHash | undefined = info.footer?.signedDataHash;
    let ctLen = body.length - TAG_LEN;
    let encFooter: Uint8Array | undefined;
    if (info.footer) {
      ctLen = info.footer.dataSize;
      if (body.length < ctLen + TAG_LEN) throw new DecryptionFailedError();
      encFooter = body.subarray(ctLen + TAG_LEN);
    }
    if (ctLen < 0) throw new DecryptionFailedError();
    const aad = signedHash ? signedDataInfoDer(signedHash) : new Uint8Array(0);
    const decrypted = await b.aesGcmDecrypt(dataKey, dataNonce, body.subarray(0, ctLen), body.subarray(ctLen, ctLen + TAG_LEN), aad);
    const plaintext = info.padding !== undefined ? unpad(decrypted) : decrypted;

    let signers: SignerInfo[] | undefined;
    if (info.footer && footerKeys) {
      if (!encFooter || encFooter.length < TAG_LEN) throw new DecryptionFailedError();
      const footer = await b.aesGcmDecrypt(
        footerKeys.footerKey,
        footerKeys.footerNonce,
        encFooter.subarray(0, encFooter.length - TAG_LEN),
        encFooter.subarray(encFooter.length - TAG_LEN),
        new Uint8Array(0),
      );
      signers = decodeFooter(footer);
    } else if (encFooter && encFooter.length > 0) {
      throw new MalformedError('data after the ciphertext of a message without a cipher KDF');
    }
    return { info, plaintext: plaintext.slice(), ...(signers ? { signers } : {}) };
  }

  /**
   * The sender key whose Virgil key id (SHA-512/8 or SHA-256) is the signer id the message names. Stricter than
   * virgil-crypto's decryptThenVerify, which uses a single given key whatever the id says: the id of a signThenEncrypt
   * message sits in the unauthenticated header, so it must name the key that verifies.
   */
  async #senderFor(signerId: Uint8Array | undefined, senders: readonly PublicKey[]): Promise<PublicKey> {
    if (!signerId) throw new SignatureInvalidError('the message names no signer (no VIRGIL-DATA-SIGNER-ID)');
    for (const s of senders) {
      const ids = await virgilKeyIds(this.backend, s);
      if (ids.some((id) => bytesEqual(id, signerId))) return s;
    }
    throw new SignatureInvalidError(`the message was signed by key id ${bytesToHex(signerId)}, which is not among the ${senders.length} given public key(s)`);
  }

  async #verifyCustomParams(opened: Opened, senders: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>): Promise<void> {
    const keys = toArray(senders).map((s) => publicOf(s));
    if (keys.length === 0) throw new InputInvalidError('at least one sender public key is needed to verify');
    const signature = dataParam(opened.info, DATA_SIGNATURE_KEY);
    if (!signature) {
      throw new NotSignedError(opened.info.footer ? 'the message is signed in its footer (signAndEncrypt): use decryptAndVerify' : 'the message carries no signature');
    }
    parseVirgilSignature(signature);
    const sender = await this.#senderFor(dataParam(opened.info, DATA_SIGNER_ID_KEY), keys);
    if (!(await virgilVerify(this.backend, sender, opened.plaintext, signature))) throw new SignatureInvalidError();
  }

  async #verifyFooter(opened: Opened, senders: PublicKey | PrivateKey | ReadonlyArray<PublicKey | PrivateKey>): Promise<void> {
    const keys = toArray(senders).map((s) => publicOf(s));
    if (keys.length === 0) throw new InputInvalidError('at least one sender public key is needed to verify');
    const hash = opened.info.footer?.signedDataHash;
    const signer = opened.signers?.[0];
    if (!hash || !signer) {
      throw new NotSignedError(dataParam(opened.info, DATA_SIGNATURE_KEY) ? 'the message is signed in its custom parameters (signThenEncrypt): use decryptThenVerify' : 'the message carries no signature');
    }
    const sender = await this.#senderFor(signer.signerId, keys);
    if (signer.algorithm !== OIDS.ed25519 || sender.curve !== 'Ed25519') {
      throw new SignatureInvalidError(`the signer algorithm ${oidName(signer.algorithm)} does not match the sender key (${sender.describe()})`);
    }
    const digest = await this.backend.digest(hash, opened.plaintext);
    if (!(await verifyDigest(this.backend, sender, digest, signer.signature))) throw new SignatureInvalidError();
  }
}

function signatureKind(info: MessageInfo): OpenResult['signature'] {
  if (info.footer?.signedDataHash) return 'signAndEncrypt';
  if (param(info, DATA_SIGNATURE_KEY)) return 'signThenEncrypt';
  return 'none';
}

function splitDerived(d: Uint8Array): { dataKey: Uint8Array; dataNonce: Uint8Array; footerKey: Uint8Array; footerNonce: Uint8Array } {
  return {
    dataKey: d.slice(0, KEY_LEN),
    dataNonce: d.slice(KEY_LEN, KEY_LEN + NONCE_LEN),
    footerKey: d.slice(KEY_LEN + NONCE_LEN, 2 * KEY_LEN + NONCE_LEN),
    footerNonce: d.slice(2 * KEY_LEN + NONCE_LEN),
  };
}

function assertBytes(v: unknown, what = 'data'): asserts v is Uint8Array {
  if (!isBytes(v)) throw new InputInvalidError(`${what} must be a Uint8Array`);
}

function privateOf(key: PrivateKey, what: string): PrivateKey {
  if (key instanceof PublicKey) throw new KeyUsageError(`${what} needs a private key, got a public key`);
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`${what} needs a cryptoplug PrivateKey`);
  return assertVirgilKey(key, what);
}

function publicOf(key: PublicKey | PrivateKey): PublicKey {
  if (!(key instanceof PublicKey) && !(key instanceof PrivateKey)) throw new KeyUsageError('expected a cryptoplug PublicKey or PrivateKey');
  return assertVirgilKey(key.publicKey(), 'public key');
}

