/**
 * The backend contract: what every cryptoplug backend implements, as small typed operations on neutral keys.
 *
 * Backends implement {@link BackendImpl} (only the operations they can do); {@link defineBackend} in `backend.ts`
 * wraps it into a {@link Backend} that validates every input once, the same way for every backend, before the
 * backend's own code runs. Output contract (fixed here, not per backend):
 * - ECDSA signatures are IEEE P1363 (r‖s, each left-padded to the curve size) unless `encoding: 'der'` is asked for.
 * - ECDH returns the raw shared secret Z (the x-coordinate for NIST curves; the u-coordinate for X25519).
 * - RSA-OAEP always names its hash; MGF1 uses the same hash; the label defaults to empty.
 * - RSA-PSS always names its salt length; MGF1 uses the same hash.
 * - Symmetric keys are plain bytes; asymmetric keys are {@link PrivateKey} / {@link PublicKey} objects.
 */
import type { PrivateKey, PublicKey } from './keys/key.js';
import type { Curve, EcCurve, EcdhCurve, HashName, KeySpec, SignatureEncoding } from './names.js';
import { ECDH_CURVES, EC_CURVES, HASHES, KEY_SPECS } from './names.js';

// The names (hashes, curves, key types, runtimes) live in the leaf module names.ts, which keys/key.ts imports too: the
// contract sits at the bottom of core's import graph with no cycle through the key classes.
export * from './names.js';



export type SignatureAlgorithm =
  | { readonly name: 'ECDSA'; readonly hash: HashName; readonly encoding?: SignatureEncoding }
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: HashName }
  | { readonly name: 'RSA-PSS'; readonly hash: HashName; readonly saltLength: number }
  | { readonly name: 'Ed25519' };

export type SignatureAlgorithmName = SignatureAlgorithm['name'];

export interface OaepParams {
  readonly hash: HashName;
  /** OAEP label; empty when absent. */
  readonly label?: Uint8Array;
}

/** One verification of a batch: the same arguments as `verify`. */
export interface VerifyItem {
  readonly alg: SignatureAlgorithm;
  readonly key: PublicKey;
  readonly signature: Uint8Array;
  readonly data: Uint8Array;
}

export interface AesGcmResult {
  readonly ciphertext: Uint8Array;
  /** 16-byte authentication tag. */
  readonly tag: Uint8Array;
}

/** AES-GCM IV lengths in bytes (see {@link Capabilities.aesGcmIv}). */
export interface AesGcmIvBounds {
  readonly min: number;
  /** Absent: no upper bound. */
  readonly max?: number;
  /** Where the bounds come from, e.g. "OpenSSL's GCM_IV_MAX_SIZE". */
  readonly reason?: string;
}

/**
 * What a backend can do in the current runtime, as data. Absent/empty means "not supported": asking for it fails
 * with `ERR_UNSUPPORTED` before the backend runs.
 */
export interface Capabilities {
  /**
   * ECDSA: every curve × hash combination, except the pairs in `exclude` (a runtime can lack single pairs: Deno's
   * WebCrypto cannot sign P-384 with SHA-1). Queries for an excluded pair are unsupported, so `auto` falls back.
   */
  readonly ecdsa: {
    readonly curves: readonly EcCurve[];
    readonly hashes: readonly HashName[];
    readonly exclude?: ReadonlyArray<{ readonly curve: EcCurve; readonly hash: HashName }>;
  };
  readonly rsaPkcs1: { readonly hashes: readonly HashName[] };
  readonly rsaPss: { readonly hashes: readonly HashName[] };
  readonly ed25519: boolean;
  readonly ecdh: { readonly curves: readonly EcdhCurve[] };
  readonly rsaOaep: { readonly hashes: readonly HashName[]; readonly label: boolean };
  readonly digest: readonly HashName[];
  readonly hmac: readonly HashName[];
  readonly aesGcm: boolean;
  /**
   * AES-GCM IV lengths in bytes this backend takes: `min` ≥ 1 to `max` (absent: no upper bound); `reason` says where
   * the bounds come from (shown in the ERR_UNSUPPORTED message). Absent: every non-empty IV. An IV outside the bounds is
   * ERR_UNSUPPORTED before the backend runs, and `{ op: 'aesGcm', ivLength }` answers it, so `auto` routes by IV length.
   */
  readonly aesGcmIv?: AesGcmIvBounds;
  readonly aesCbc: boolean;
  readonly aesKw: boolean;
  /** AES key sizes in bits the AES modes accept (absent: all of 128, 192, 256). Chromium has no 192-bit AES. */
  readonly aesKeySizes?: ReadonlyArray<128 | 192 | 256>;
  readonly hkdf: readonly HashName[];
  readonly pbkdf2: readonly HashName[];
  readonly random: boolean;
  readonly generateKey: readonly KeySpec[];
}

/**
 * Capabilities that claim nothing, plus the ones given: a backend (or a test) declares only what it has, and a family
 * added to {@link Capabilities} later is "not supported" for it until it says otherwise. Frozen.
 */
export function capabilitiesWith(claims: Partial<Capabilities>): Capabilities {
  return Object.freeze({
    ecdsa: { curves: [], hashes: [] },
    rsaPkcs1: { hashes: [] },
    rsaPss: { hashes: [] },
    ed25519: false,
    ecdh: { curves: [] },
    rsaOaep: { hashes: [], label: false },
    digest: [],
    hmac: [],
    aesGcm: false,
    aesCbc: false,
    aesKw: false,
    hkdf: [],
    pbkdf2: [],
    random: false,
    generateKey: [],
    ...claims,
  });
}

/**
 * Everything the contract names, claimed: what a backend that implements every family on every curve, hash and key
 * size would declare. For stub backends in tests and as a checklist for backend authors; a real backend declares only
 * what it has (see {@link capabilitiesWith}). Frozen.
 */
export function allCapabilities(): Capabilities {
  return capabilitiesWith({
    ecdsa: { curves: [...EC_CURVES], hashes: [...HASHES] },
    rsaPkcs1: { hashes: [...HASHES] },
    rsaPss: { hashes: [...HASHES] },
    ed25519: true,
    ecdh: { curves: [...ECDH_CURVES] },
    rsaOaep: { hashes: [...HASHES], label: true },
    digest: [...HASHES],
    hmac: [...HASHES],
    aesGcm: true,
    aesCbc: true,
    aesKw: true,
    hkdf: [...HASHES],
    pbkdf2: [...HASHES],
    random: true,
    generateKey: [...KEY_SPECS],
  });
}

/**
 * What a backend implements. Every method may assume core has already validated its inputs (key types, curves,
 * lengths, capability); a method that is absent is unsupported. Methods may throw any error: core wraps non-cryptoplug
 * errors as `ERR_OPERATION_FAILED` (with the cause), and decryption errors as `ERR_DECRYPTION_FAILED`.
 */
export interface BackendImpl {
  readonly name: string;
  capabilities(): Capabilities;
  sign?(alg: SignatureAlgorithm, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /** Receives P1363 for ECDSA (core converts DER) already checked for length; returns the boolean outcome. */
  verify?(alg: SignatureAlgorithm, key: PublicKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> | boolean;
  /**
   * Optional batch verification that spreads work over the runtime's thread pool (node:crypto's async verify runs on
   * libuv's pool). Items arrive validated and normalised exactly as for `verify` (P1363, lengths checked). When absent,
   * core runs `verify` over the items with bounded concurrency, which parallelises async backends (WebCrypto) for free.
   */
  verifyMany?(items: readonly VerifyItem[]): Promise<boolean[]>;
  deriveSharedSecret?(privateKey: PrivateKey, publicKey: PublicKey): Promise<Uint8Array> | Uint8Array;
  oaepEncrypt?(params: OaepParams, key: PublicKey, plaintext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  oaepDecrypt?(params: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  digest?(hash: HashName, data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  hmac?(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  aesGcmEncrypt?(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<AesGcmResult> | AesGcmResult;
  aesGcmDecrypt?(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Promise<Uint8Array> | Uint8Array;
  aesCbcEncrypt?(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  aesCbcDecrypt?(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> | Uint8Array;
  aesKwWrap?(kek: Uint8Array, key: Uint8Array): Promise<Uint8Array> | Uint8Array;
  aesKwUnwrap?(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> | Uint8Array;
  hkdf?(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> | Uint8Array;
  pbkdf2?(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> | Uint8Array;
  randomBytes?(length: number): Uint8Array;
  generateKey?(spec: KeySpec): Promise<PrivateKey> | PrivateKey;
}

/** The validated, uniform API a caller uses. Every method is async except `randomBytes` and `capabilities`. */
export interface Backend {
  readonly name: string;
  capabilities(): Capabilities;
  /** True when `sign`/`verify` etc. would run for these parameters (no throw, no work). */
  supports(query: CapabilityQuery): boolean;
  sign(alg: SignatureAlgorithm, key: PrivateKey, data: Uint8Array): Promise<Uint8Array>;
  /** `false` for a well-formed but wrong signature; throws for malformed signatures (see errors.ts). */
  verify(alg: SignatureAlgorithm, key: PublicKey | PrivateKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /**
   * Verifies many signatures, in parallel where the backend can (thread pool) — results in input order, each exactly what
   * `verify` would return. A malformed item throws (as `verify` would) before any work starts.
   */
  verifyMany(
    items: ReadonlyArray<{ alg: SignatureAlgorithm; key: PublicKey | PrivateKey; signature: Uint8Array; data: Uint8Array }>,
    options?: { concurrency?: number },
  ): Promise<boolean[]>;
  deriveSharedSecret(privateKey: PrivateKey, publicKey: PublicKey | PrivateKey): Promise<Uint8Array>;
  oaepEncrypt(params: OaepParams, key: PublicKey | PrivateKey, plaintext: Uint8Array): Promise<Uint8Array>;
  oaepDecrypt(params: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Promise<Uint8Array>;
  digest(hash: HashName, data: Uint8Array): Promise<Uint8Array>;
  hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** Constant-time check of a full-length HMAC tag. */
  hmacVerify(hash: HashName, key: Uint8Array, data: Uint8Array, tag: Uint8Array): Promise<boolean>;
  aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Promise<AesGcmResult>;
  aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad?: Uint8Array): Promise<Uint8Array>;
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array>;
  aesKwWrap(kek: Uint8Array, key: Uint8Array): Promise<Uint8Array>;
  aesKwUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array>;
  hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>;
  pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array>;
  randomBytes(length: number): Uint8Array;
  generateKey(spec: KeySpec): Promise<PrivateKey>;
}

/** A capability question: an operation with the parameters that matter for support. */
export type CapabilityQuery =
  | { op: 'sign' | 'verify'; alg: SignatureAlgorithmName; curve?: Curve; hash?: HashName }
  | { op: 'ecdh'; curve: EcdhCurve }
  | { op: 'oaepEncrypt' | 'oaepDecrypt'; hash: HashName; label?: boolean }
  | { op: 'digest' | 'hmac' | 'hkdf' | 'pbkdf2'; hash: HashName }
  | { op: 'aesGcm'; keyBits?: 128 | 192 | 256; /** IV length in bytes. */ ivLength?: number }
  | { op: 'aesCbc' | 'aesKw'; keyBits?: 128 | 192 | 256 }
  | { op: 'random' }
  | { op: 'generateKey'; spec: KeySpec };

/**
 * How a backend package declares itself: a name and a loader (each backend package exports one, e.g. `nodeBackend`).
 * The type lives in the contract, not next to the registry (`@cryptoplug/backends`), because the backend packages must
 * not depend on the registry package, which depends on all of them.
 */
export interface BackendFactory {
  readonly name: string;
  /** Loads the backend for this runtime; throws `ERR_BACKEND_UNAVAILABLE` when it cannot run here. */
  load(): Promise<Backend>;
}
