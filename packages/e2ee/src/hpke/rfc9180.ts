/**
 * RFC 9180 HPKE, base mode, for DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM or AES-256-GCM, on the
 * cryptoplug backend contract.
 *
 * HKDF pieces (RFC 5869) over the contract:
 * - Extract(salt, ikm) = HMAC-SHA256(salt, ikm); an empty salt is HashLen zero bytes (RFC 5869 §2.2), passed explicitly.
 * - Expand(prk, info, L): T(0) = ""; T(i) = HMAC-SHA256(prk, T(i−1) ‖ info ‖ i); the first L bytes of T(1) ‖ T(2) ‖ …
 *   The contract's `hkdf` runs Extract and Expand together, so HPKE's separate LabeledExtract / LabeledExpand are built
 *   from the contract's HMAC instead.
 * - LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm)
 * - LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖ label ‖ info, L)
 *
 * X25519 (the DH) and AES-GCM (the AEAD) are the contract's `deriveSharedSecret` and `aesGcmEncrypt/Decrypt`.
 */
import {
  CryptoplugError,
  DecryptionFailedError,
  InputInvalidError,
  KeyAlgMismatchError,
  KeyUsageError,
  OperationFailedError,
  PrivateKey,
  PublicKey,
  UnsupportedError,
  concatBytes,
  exportRaw,
  isBytes,
  privateKeyFromMaterial,
  publicKeyFromMaterial,
  utf8,
  type Backend,
} from '@cryptoplug/core';

export const KEM_DHKEM_X25519_HKDF_SHA256 = 0x0020;
export const KDF_HKDF_SHA256 = 0x0001;
export const AEAD_AES_128_GCM = 0x0001;
export const AEAD_AES_256_GCM = 0x0002;
export type AeadId = typeof AEAD_AES_128_GCM | typeof AEAD_AES_256_GCM;

export const MODE_BASE = 0x00;

const N_H = 32; // SHA-256 output
const N_SECRET = 32;
const N_PK = 32;
const N_N = 12;
const N_T = 16;
const HPKE_V1 = utf8('HPKE-v1');

function i2osp(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0 && v > 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/** The raw 32-byte X25519 public key (SerializePublicKey). */
function rawX25519(key: PublicKey): Uint8Array {
  if (key.kty !== 'OKP') throw new KeyAlgMismatchError(`expected an X25519 key, got ${key.describe()}`);
  return exportRaw(key);
}

function keyLength(aead: AeadId): number {
  return aead === AEAD_AES_128_GCM ? 16 : 32;
}

function requireX25519Public(key: PublicKey | PrivateKey, what: string): PublicKey {
  if (!(key instanceof PublicKey) && !(key instanceof PrivateKey)) throw new KeyUsageError(`${what}: expected a cryptoplug key`);
  const pub = key.publicKey();
  if (pub.curve !== 'X25519') throw new KeyAlgMismatchError(`${what}: DHKEM(X25519) needs an X25519 key, got ${pub.describe()}`);
  return pub;
}

function requireX25519Private(key: PrivateKey, what: string): PrivateKey {
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`${what}: needs an X25519 private key`);
  if (key.curve !== 'X25519') throw new KeyAlgMismatchError(`${what}: DHKEM(X25519) needs an X25519 key, got ${key.describe()}`);
  return key;
}

/** The schedule's outputs (exposed for test vectors). */
export interface KeySchedule {
  readonly key: Uint8Array;
  readonly baseNonce: Uint8Array;
  readonly exporterSecret: Uint8Array;
}

/** An HPKE encryption context: Seal / Open with the sequence number, and Export. */
export class HpkeContext {
  readonly #hpke: Hpke;
  readonly #schedule: KeySchedule;
  #seq = 0;

  constructor(hpke: Hpke, schedule: KeySchedule) {
    this.#hpke = hpke;
    this.#schedule = schedule;
  }

  #nonce(): Uint8Array {
    if (this.#seq >= Number.MAX_SAFE_INTEGER) throw new OperationFailedError('HPKE message limit reached');
    const seq = i2osp(this.#seq, N_N);
    const nonce = this.#schedule.baseNonce.slice();
    for (let i = 0; i < N_N; i++) nonce[i]! ^= seq[i]!;
    return nonce;
  }

  async seal(aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
    const { ciphertext, tag } = await this.#hpke.backend.aesGcmEncrypt(this.#schedule.key, this.#nonce(), plaintext, aad);
    this.#seq++;
    return concatBytes(ciphertext, tag);
  }

  async open(aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
    if (ciphertext.length < N_T) throw new DecryptionFailedError();
    const pt = await this.#hpke.backend.aesGcmDecrypt(
      this.#schedule.key,
      this.#nonce(),
      ciphertext.subarray(0, ciphertext.length - N_T),
      ciphertext.subarray(ciphertext.length - N_T),
      aad,
    );
    this.#seq++;
    return pt;
  }

  /** RFC 9180 §5.3: LabeledExpand(exporter_secret, "sec", exporter_context, L). */
  export(exporterContext: Uint8Array, length: number): Promise<Uint8Array> {
    return this.#hpke.labeledExpand(this.#hpke.suiteId, this.#schedule.exporterSecret, 'sec', exporterContext, length);
  }
}

/** HPKE with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and the chosen AES-GCM, on a cryptoplug backend. */
export class Hpke {
  readonly backend: Backend;
  readonly aead: AeadId;
  /** "HPKE" ‖ kem_id ‖ kdf_id ‖ aead_id */
  readonly suiteId: Uint8Array;
  /** "KEM" ‖ kem_id */
  readonly kemSuiteId: Uint8Array;

  constructor(backend: Backend, aead: AeadId = AEAD_AES_256_GCM) {
    if (aead !== AEAD_AES_128_GCM && aead !== AEAD_AES_256_GCM) throw new UnsupportedError(`HPKE AEAD 0x${Number(aead).toString(16)} is not supported (AES-128-GCM or AES-256-GCM)`);
    this.backend = backend;
    this.aead = aead;
    this.suiteId = concatBytes(utf8('HPKE'), i2osp(KEM_DHKEM_X25519_HKDF_SHA256, 2), i2osp(KDF_HKDF_SHA256, 2), i2osp(aead, 2));
    this.kemSuiteId = concatBytes(utf8('KEM'), i2osp(KEM_DHKEM_X25519_HKDF_SHA256, 2));
  }

  // -------------------------------------------------------------------------------------------------------------------
  // KDF

  /** HKDF-Extract(salt, ikm) = HMAC-SHA256(salt, ikm); empty salt = 32 zero bytes. */
  extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
    return this.backend.hmac('SHA-256', salt.length === 0 ? new Uint8Array(N_H) : salt, ikm);
  }

  /** HKDF-Expand (RFC 5869 §2.3) over the contract's HMAC. */
  async expand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(length) || length < 0 || length > 255 * N_H) throw new InputInvalidError(`HKDF-Expand length ${length} is out of range`);
    const blocks: Uint8Array[] = [];
    let t: Uint8Array = new Uint8Array(0);
    for (let i = 1; blocks.length * N_H < length; i++) {
      t = await this.backend.hmac('SHA-256', prk, concatBytes(t, info, new Uint8Array([i])));
      blocks.push(t);
    }
    return concatBytes(...blocks).slice(0, length);
  }

  labeledExtract(suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Promise<Uint8Array> {
    return this.extract(salt, concatBytes(HPKE_V1, suiteId, utf8(label), ikm));
  }

  labeledExpand(suiteId: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number): Promise<Uint8Array> {
    if (length > 0xffff) throw new InputInvalidError('LabeledExpand length must fit in two bytes');
    return this.expand(prk, concatBytes(i2osp(length, 2), HPKE_V1, suiteId, utf8(label), info), length);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // DHKEM(X25519, HKDF-SHA256)

  /** RFC 9180 §7.1.3 DeriveKeyPair for X25519: sk = LabeledExpand(LabeledExtract("", "dkp_prk", ikm), "sk", "", 32). */
  async deriveKeyPair(ikm: Uint8Array): Promise<PrivateKey> {
    if (!isBytes(ikm) || ikm.length < N_SECRET) throw new InputInvalidError('DeriveKeyPair needs at least 32 bytes of input keying material');
    const prk = await this.labeledExtract(this.kemSuiteId, new Uint8Array(0), 'dkp_prk', ikm);
    const sk = await this.labeledExpand(this.kemSuiteId, prk, 'sk', new Uint8Array(0), N_SECRET);
    return privateKeyFromMaterial({ kty: 'OKP', curve: 'X25519', d: sk });
  }

  /** GenerateKeyPair(): the backend's X25519 key generation, or 32 random bytes from it. */
  async #generateEphemeral(): Promise<PrivateKey> {
    if (this.backend.supports({ op: 'generateKey', spec: 'x25519' })) return this.backend.generateKey('x25519');
    return privateKeyFromMaterial({ kty: 'OKP', curve: 'X25519', d: this.backend.randomBytes(32) });
  }

  async #extractAndExpand(dh: Uint8Array, kemContext: Uint8Array): Promise<Uint8Array> {
    const prk = await this.labeledExtract(this.kemSuiteId, new Uint8Array(0), 'eae_prk', dh);
    return this.labeledExpand(this.kemSuiteId, prk, 'shared_secret', kemContext, N_SECRET);
  }

  /** Encap(pkR): a fresh ephemeral key (or `ephemeral`, for test vectors) → shared secret and enc. */
  async encap(recipient: PublicKey | PrivateKey, ephemeral?: PrivateKey): Promise<{ sharedSecret: Uint8Array; enc: Uint8Array }> {
    const pkR = requireX25519Public(recipient, 'HPKE recipient');
    const skE = ephemeral ? requireX25519Private(ephemeral, 'HPKE ephemeral key') : await this.#generateEphemeral();
    const dh = await this.backend.deriveSharedSecret(skE, pkR);
    const enc = rawX25519(skE.publicKey());
    const pkRm = rawX25519(pkR);
    return { sharedSecret: await this.#extractAndExpand(dh, concatBytes(enc, pkRm)), enc: enc.slice() };
  }

  /** Decap(enc, skR). A bad `enc` (wrong length, small-order point) is a failed decryption. */
  async decap(enc: Uint8Array, recipient: PrivateKey): Promise<Uint8Array> {
    const skR = requireX25519Private(recipient, 'HPKE recipient');
    if (!isBytes(enc) || enc.length !== N_PK) throw new DecryptionFailedError();
    let dh: Uint8Array;
    try {
      dh = await this.backend.deriveSharedSecret(skR, publicKeyFromMaterial({ kty: 'OKP', curve: 'X25519', x: enc }));
    } catch (e) {
      if (e instanceof CryptoplugError && e.code === 'ERR_UNSUPPORTED') throw e;
      throw new DecryptionFailedError({ cause: e });
    }
    const pkRm = rawX25519(skR.publicKey());
    return this.#extractAndExpand(dh, concatBytes(enc, pkRm));
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Key schedule (base mode: psk = psk_id = "")

  async keySchedule(sharedSecret: Uint8Array, info: Uint8Array): Promise<KeySchedule> {
    const empty = new Uint8Array(0);
    const pskIdHash = await this.labeledExtract(this.suiteId, empty, 'psk_id_hash', empty);
    const infoHash = await this.labeledExtract(this.suiteId, empty, 'info_hash', info);
    const context = concatBytes(new Uint8Array([MODE_BASE]), pskIdHash, infoHash);
    const secret = await this.labeledExtract(this.suiteId, sharedSecret, 'secret', empty);
    return {
      key: await this.labeledExpand(this.suiteId, secret, 'key', context, keyLength(this.aead)),
      baseNonce: await this.labeledExpand(this.suiteId, secret, 'base_nonce', context, N_N),
      exporterSecret: await this.labeledExpand(this.suiteId, secret, 'exp', context, N_H),
    };
  }

  async setupBaseS(recipient: PublicKey | PrivateKey, info: Uint8Array, ephemeral?: PrivateKey): Promise<{ enc: Uint8Array; context: HpkeContext }> {
    const { sharedSecret, enc } = await this.encap(recipient, ephemeral);
    return { enc, context: new HpkeContext(this, await this.keySchedule(sharedSecret, info)) };
  }

  async setupBaseR(enc: Uint8Array, recipient: PrivateKey, info: Uint8Array): Promise<HpkeContext> {
    return new HpkeContext(this, await this.keySchedule(await this.decap(enc, recipient), info));
  }

  /** Single-shot SealBase. */
  async seal(recipient: PublicKey | PrivateKey, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<{ enc: Uint8Array; ciphertext: Uint8Array }> {
    const { enc, context } = await this.setupBaseS(recipient, info);
    return { enc, ciphertext: await context.seal(aad, plaintext) };
  }

  /** Single-shot OpenBase: `ERR_DECRYPTION_FAILED` for a wrong key, enc, info, aad or ciphertext. */
  async open(enc: Uint8Array, recipient: PrivateKey, info: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
    return (await this.setupBaseR(enc, recipient, info)).open(aad, ciphertext);
  }
}
