/**
 * defineBackend(): turns a backend's raw operations into the validated {@link Backend} API. Every check lives here,
 * once (the webcrypto-core "check, then the backend's work" template), so all backends reject the same bad inputs the
 * same way and produce the same output shapes.
 */
import type {
  AesGcmResult,
  Backend,
  BackendImpl,
  Capabilities,
  CapabilityQuery,
  EcdhCurve,
  HashName,
  KeySpec,
  OaepParams,
  SignatureAlgorithm,
  VerifyItem,
} from './contract.js';
import { HASHES, KEY_SPECS } from './contract.js';
import { EC } from './curves.js';
import {
  CryptoplugError,
  DecryptionFailedError,
  InputInvalidError,
  KeyAlgMismatchError,
  KeyInvalidError,
  KeyUsageError,
  OperationFailedError,
  SignatureMalformedError,
  UnsupportedError,
} from './errors.js';
import { assertBytes, bytesToBigInt, isBytes, timingSafeEqual } from './bytes.js';
import { assertP1363Length, p1363InRange } from './encoding/ecdsa-signature.js';

/** The DER signature codec (ASN.1 schemas) loads on the first `encoding: 'der'` call only. */
type DerCodec = typeof import('./encoding/ecdsa-der.js');
let derCodec: DerCodec | undefined;
async function loadDerCodec(): Promise<DerCodec> {
  return (derCodec ??= await import('./encoding/ecdsa-der.js'));
}
const wantsDer = (alg: unknown): boolean => (alg as { name?: unknown; encoding?: unknown } | null)?.encoding === 'der';
import type { PrivateKey, PublicKey } from './keys/key.js';
import { PrivateKey as PrivateKeyClass, PublicKey as PublicKeyClass } from './keys/key.js';
import { ensureKeyPairChecked, isPairUnchecked } from './keys/pair-check.js';

export const HASH_SIZE: Readonly<Record<HashName, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

function assertHash(hash: unknown): asserts hash is HashName {
  if (!HASHES.includes(hash as HashName)) throw new UnsupportedError(`hash ${String(hash)} is not supported`);
}

function assertAlg(alg: unknown): asserts alg is SignatureAlgorithm {
  if (typeof alg !== 'object' || alg === null) throw new InputInvalidError('signature algorithm must be an object');
  const a = alg as { name?: unknown; hash?: unknown; encoding?: unknown; saltLength?: unknown };
  switch (a.name) {
    case 'ECDSA':
      assertHash(a.hash);
      if (a.encoding !== undefined && a.encoding !== 'p1363' && a.encoding !== 'der') {
        throw new InputInvalidError(`ECDSA signature encoding must be "p1363" or "der", got ${String(a.encoding)}`);
      }
      return;
    case 'RSASSA-PKCS1-v1_5':
      assertHash(a.hash);
      return;
    case 'RSA-PSS':
      assertHash(a.hash);
      if (typeof a.saltLength !== 'number' || !Number.isInteger(a.saltLength) || a.saltLength < 0) {
        throw new InputInvalidError('RSA-PSS needs an explicit non-negative integer saltLength');
      }
      return;
    case 'Ed25519':
      return;
    default:
      throw new UnsupportedError(`signature algorithm ${String(a.name)} is not supported`);
  }
}

function asPrivate(key: unknown, what: string): PrivateKey {
  if (key instanceof PrivateKeyClass) return key;
  if (key instanceof PublicKeyClass) throw new KeyUsageError(`${what} needs a private key, got a public key`);
  throw new KeyInvalidError(`${what}: key must be a cryptoplug PrivateKey (use importKey)`);
}

function asPublic(key: unknown, what: string): PublicKey {
  if (key instanceof PublicKeyClass) return key;
  if (key instanceof PrivateKeyClass) return key.publicKey();
  throw new KeyInvalidError(`${what}: key must be a cryptoplug PublicKey or PrivateKey (use importKey)`);
}

function assertKeyFits(alg: SignatureAlgorithm, key: PrivateKey | PublicKey): void {
  const m = key.material;
  const ok =
    alg.name === 'ECDSA' ? m.kty === 'EC' : alg.name === 'Ed25519' ? m.kty === 'OKP' && m.curve === 'Ed25519' : m.kty === 'RSA';
  if (!ok) throw new KeyAlgMismatchError(`${alg.name} cannot use an ${key.describe()}`);
}

function rsaBytes(key: PrivateKey | PublicKey): number {
  return Math.ceil(key.bits / 8);
}

function assertPssSalt(alg: SignatureAlgorithm, key: PrivateKey | PublicKey): void {
  if (alg.name !== 'RSA-PSS') return;
  const emLen = Math.ceil((key.bits - 1) / 8);
  const max = emLen - HASH_SIZE[alg.hash] - 2;
  if (alg.saltLength > max) throw new InputInvalidError(`RSA-PSS saltLength ${alg.saltLength} exceeds ${max} for this key and hash`);
}

const P25519 = 2n ** 255n - 19n;
const X25519_LOW_ORDER = new Set<bigint>([
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P25519 - 1n,
]);

/** RFC 7748 u-coordinates whose shared secret is all-zero (small-order points, in any encoding). */
function isLowOrderX25519(u: Uint8Array): boolean {
  const le = Uint8Array.from(u).reverse();
  le[0]! &= 0x7f; // RFC 7748: mask the top bit
  return X25519_LOW_ORDER.has(bytesToBigInt(le) % P25519);
}

function intInRange(n: unknown, min: number, max: number, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new InputInvalidError(`${what} must be an integer in ${min}..${max}`);
  }
}

function assertAesKey(key: unknown, what: string): asserts key is Uint8Array {
  assertBytes(key, what);
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new InputInvalidError(`${what} must be 16, 24 or 32 bytes, got ${key.length}`);
  }
}

export function supportsQuery(caps: Capabilities, q: CapabilityQuery): boolean {
  switch (q.op) {
    case 'sign':
    case 'verify':
      switch (q.alg) {
        case 'ECDSA':
          return (
            (q.curve === undefined || caps.ecdsa.curves.includes(q.curve as never)) &&
            (q.hash === undefined || caps.ecdsa.hashes.includes(q.hash)) &&
            caps.ecdsa.curves.length > 0 &&
            !(caps.ecdsa.exclude ?? []).some((x) => x.curve === q.curve && x.hash === q.hash)
          );
        case 'RSASSA-PKCS1-v1_5':
          return q.hash === undefined ? caps.rsaPkcs1.hashes.length > 0 : caps.rsaPkcs1.hashes.includes(q.hash);
        case 'RSA-PSS':
          return q.hash === undefined ? caps.rsaPss.hashes.length > 0 : caps.rsaPss.hashes.includes(q.hash);
        case 'Ed25519':
          return caps.ed25519;
        default:
          return false;
      }
    case 'ecdh':
      return caps.ecdh.curves.includes(q.curve);
    case 'oaepEncrypt':
    case 'oaepDecrypt':
      return caps.rsaOaep.hashes.includes(q.hash) && (!q.label || caps.rsaOaep.label);
    case 'digest':
      return caps.digest.includes(q.hash);
    case 'hmac':
      return caps.hmac.includes(q.hash);
    case 'hkdf':
      return caps.hkdf.includes(q.hash);
    case 'pbkdf2':
      return caps.pbkdf2.includes(q.hash);
    case 'aesGcm':
    case 'aesCbc':
    case 'aesKw':
      return caps[q.op] && (q.keyBits === undefined || (caps.aesKeySizes ?? [128, 192, 256]).includes(q.keyBits));
    case 'random':
      return caps.random;
    case 'generateKey':
      return caps.generateKey.includes(q.spec);
    default:
      return false;
  }
}

/** The capability question a signature operation asks: algorithm, the key's curve, and the hash. */
export function signatureQuery(op: 'sign' | 'verify', alg: SignatureAlgorithm, key: PrivateKey | PublicKey): CapabilityQuery {
  // built in place (it runs on every sign/verify): one object, no spread temporaries
  const q: { op: 'sign' | 'verify'; alg: SignatureAlgorithm['name']; curve?: NonNullable<PrivateKey['curve']>; hash?: HashName } = { op, alg: alg.name };
  const curve = key.curve;
  if (curve) q.curve = curve;
  if ('hash' in alg) q.hash = alg.hash;
  return q as CapabilityQuery;
}

/** Wraps a backend's raw operations with core's validation, capability checks and error normalisation. */
export function defineBackend(impl: BackendImpl): Backend {
  const name = impl.name;
  let caps: Capabilities | undefined;
  const capabilities = (): Capabilities => (caps ??= impl.capabilities());

  /** Capability gate; `what` is only rendered when the answer is no (this runs on every operation). */
  const require = (q: CapabilityQuery, what: string | (() => string)): void => {
    if (!supportsQuery(capabilities(), q)) {
      throw new UnsupportedError(`${typeof what === 'function' ? what() : what} is not supported by the ${name} backend`);
    }
  };
  const sigWhat = (alg: SignatureAlgorithm, k: PrivateKey | PublicKey) => () =>
    `${alg.name} ${k.curve ?? ''} ${'hash' in alg ? alg.hash : ''}`.replace(/\s+/g, ' ').trim();

  /** The impl's methods, bound once (not a new bound function per operation). */
  const bound = new Map<keyof BackendImpl, unknown>();
  const method = <K extends keyof BackendImpl>(k: K): NonNullable<BackendImpl[K]> => {
    let fn = bound.get(k);
    if (fn === undefined) {
      const own = impl[k];
      if (typeof own !== 'function') throw new UnsupportedError(`${String(k)} is not implemented by the ${name} backend`);
      bound.set(k, (fn = (own as (...a: unknown[]) => unknown).bind(impl)));
    }
    return fn as NonNullable<BackendImpl[K]>;
  };

  const wrap = (what: string, e: unknown): never => {
    if (e instanceof CryptoplugError) throw e;
    throw new OperationFailedError(`${name}: ${what} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  };

  /** Runs the backend's operation, normalising its errors; a synchronous backend's result comes back without a promise. */
  function run<T>(what: string, fn: () => Promise<T> | T): Promise<T> | T {
    let r: Promise<T> | T;
    try {
      r = fn();
    } catch (e) {
      return wrap(what, e);
    }
    return r instanceof Promise ? r.catch((e: unknown) => wrap(what, e)) : r;
  }

  /**
   * Every failure while decrypting becomes the one ERR_DECRYPTION_FAILED (no padding/tag/label oracle through codes or
   * messages) — except ERR_UNSUPPORTED, which depends only on the parameters (an IV length the library cannot do),
   * never on the ciphertext, so it reveals nothing and must not be reported as a wrong key or tampering.
   */
  async function decrypting<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DecryptionFailedError || (e instanceof CryptoplugError && e.code === 'ERR_UNSUPPORTED')) throw e;
      throw new DecryptionFailedError({ cause: e });
    }
  }

  /** The checks of `verify`, shared with `verifyMany`: returns the normalised item, or `false` when core already knows. */
  function prepareVerify(alg: SignatureAlgorithm, key: PublicKey | PrivateKey, signature: Uint8Array, data: Uint8Array): VerifyItem | false {
    assertAlg(alg);
    const k = asPublic(key, alg.name);
    assertBytes(data, 'data');
    assertBytes(signature, 'signature');
    assertKeyFits(alg, k);
    require(signatureQuery('verify', alg, k), sigWhat(alg, k));
    let sig = signature;
    switch (alg.name) {
      case 'ECDSA': {
        const curve = k.material.kty === 'EC' ? k.material.curve : 'P-256';
        if (alg.encoding === 'der') sig = derCodec!.derToP1363(curve, signature); // loaded by the caller
        else assertP1363Length(curve, signature);
        if (!p1363InRange(curve, sig)) return false;
        return { alg: { name: 'ECDSA', hash: alg.hash, encoding: 'p1363' }, key: k, signature: sig, data };
      }
      case 'Ed25519':
        if (sig.length !== 64) throw new SignatureMalformedError(`Ed25519 signature must be 64 bytes, got ${sig.length}`);
        break;
      default:
        if (sig.length !== rsaBytes(k)) {
          throw new SignatureMalformedError(`RSA signature must be ${rsaBytes(k)} bytes for this key, got ${sig.length}`);
        }
        if (alg.name === 'RSA-PSS' && alg.saltLength > Math.ceil((k.bits - 1) / 8) - HASH_SIZE[alg.hash] - 2) return false;
    }
    return { alg, key: k, signature: sig, data };
  }

  const backend: Backend = {
    name,
    capabilities,
    supports: (q) => supportsQuery(capabilities(), q),

    async sign(alg, key, data) {
      assertAlg(alg);
      const k = asPrivate(key, alg.name);
      if (isPairUnchecked(k)) await ensureKeyPairChecked(k); // no await (and no microtask) for a checked pair
      assertBytes(data, 'data');
      assertKeyFits(alg, k);
      assertPssSalt(alg, k);
      require(signatureQuery('sign', alg, k), sigWhat(alg, k));
      // Backends always sign P1363; core encodes DER when asked.
      const implAlg: SignatureAlgorithm = alg.name === 'ECDSA' && alg.encoding === 'der' ? { name: 'ECDSA', hash: alg.hash, encoding: 'p1363' } : alg;
      const answer = run('sign', () => method('sign')(implAlg, k, data));
      const sig = answer instanceof Promise ? await answer : answer; // a synchronous backend's value is used as is
      if (!isBytes(sig)) throw new OperationFailedError(`${name}: sign returned no bytes`);
      if (alg.name === 'ECDSA') {
        const curve = k.material.kty === 'EC' ? k.material.curve : 'P-256';
        if (sig.length !== 2 * EC[curve].size) throw new OperationFailedError(`${name}: ECDSA signature of unexpected length`);
        return alg.encoding === 'der' ? (await loadDerCodec()).p1363ToDer(curve, sig) : sig;
      }
      return sig;
    },

    async verify(alg, key, signature, data) {
      if (wantsDer(alg)) await loadDerCodec();
      const prepared = prepareVerify(alg, key, signature, data);
      if (prepared === false) return false;
      const answer = run('verify', () => method('verify')(prepared.alg, prepared.key, prepared.signature, prepared.data));
      const ok = answer instanceof Promise ? await answer : answer;
      if (typeof ok !== 'boolean') throw new OperationFailedError(`${name}: verify returned a non-boolean`);
      return ok;
    },

    async verifyMany(items, options = {}) {
      if (!Array.isArray(items)) throw new InputInvalidError('verifyMany takes an array of items');
      const concurrency = options.concurrency ?? 64;
      intInRange(concurrency, 1, 65536, 'verifyMany concurrency');
      if (items.some((it) => wantsDer(it?.alg))) await loadDerCodec();
      const prepared = items.map((it) => prepareVerify(it.alg, it.key, it.signature, it.data));
      const results: boolean[] = prepared.map(() => false);
      const todo: Array<{ index: number; item: VerifyItem }> = [];
      prepared.forEach((p, index) => {
        if (p !== false) todo.push({ index, item: p });
      });
      if (todo.length === 0) return results;
      const batch = impl.verifyMany;
      if (typeof batch === 'function') {
        const out = await run('verifyMany', () => batch.call(impl, todo.map((t) => t.item)));
        if (!Array.isArray(out) || out.length !== todo.length || out.some((v) => typeof v !== 'boolean')) {
          throw new OperationFailedError(`${name}: verifyMany returned a malformed result`);
        }
        todo.forEach((t, i) => (results[t.index] = out[i]!));
        return results;
      }
      const verifyOne = method('verify');
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const t = todo[next++]!;
          const ok = await run('verify', () => verifyOne(t.item.alg, t.item.key, t.item.signature, t.item.data));
          if (typeof ok !== 'boolean') throw new OperationFailedError(`${name}: verify returned a non-boolean`);
          results[t.index] = ok;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
      return results;
    },

    async deriveSharedSecret(privateKey, publicKey) {
      const priv = asPrivate(privateKey, 'ECDH');
      await ensureKeyPairChecked(priv);
      const pub = asPublic(publicKey, 'ECDH');
      const curve = priv.curve;
      if (curve === undefined || curve === 'Ed25519' || priv.kty === 'RSA') {
        throw new KeyAlgMismatchError(`ECDH cannot use an ${priv.describe()}`);
      }
      if (pub.curve !== curve) throw new KeyAlgMismatchError(`ECDH peer key is ${pub.describe()}, expected ${curve}`);
      require({ op: 'ecdh', curve: curve as EcdhCurve }, `ECDH on ${curve}`);
      if (curve === 'X25519' && pub.material.kty === 'OKP' && isLowOrderX25519(pub.material.x)) {
        throw new KeyInvalidError('X25519 public key has small order (the shared secret would be all zero)');
      }
      const z = await run('ECDH', () => method('deriveSharedSecret')(priv, pub));
      const size = curve === 'X25519' ? 32 : EC[curve].size;
      if (!isBytes(z) || z.length !== size) throw new OperationFailedError(`${name}: ECDH returned ${isBytes(z) ? z.length : 'no'} bytes, expected ${size}`);
      return z;
    },

    async oaepEncrypt(params, key, plaintext) {
      const p = checkOaep(params);
      const k = asPublic(key, 'RSA-OAEP');
      if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
      assertBytes(plaintext, 'plaintext');
      const max = rsaBytes(k) - 2 * HASH_SIZE[p.hash] - 2;
      if (plaintext.length > max) throw new InputInvalidError(`RSA-OAEP plaintext is ${plaintext.length} bytes, at most ${max} fit this key and hash`);
      require({ op: 'oaepEncrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, `RSA-OAEP with ${p.hash}${p.label?.length ? ' and a label' : ''}`);
      return run('RSA-OAEP encrypt', () => method('oaepEncrypt')(p, k, plaintext));
    },

    async oaepDecrypt(params, key, ciphertext) {
      const p = checkOaep(params);
      const k = asPrivate(key, 'RSA-OAEP decrypt');
      if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
      assertBytes(ciphertext, 'ciphertext');
      require({ op: 'oaepDecrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, `RSA-OAEP with ${p.hash}${p.label?.length ? ' and a label' : ''}`);
      if (ciphertext.length !== rsaBytes(k)) throw new DecryptionFailedError();
      return decrypting(() => method('oaepDecrypt')(p, k, ciphertext));
    },

    async digest(hash, data) {
      assertHash(hash);
      assertBytes(data, 'data');
      require({ op: 'digest', hash }, `digest ${hash}`);
      return run('digest', () => method('digest')(hash, data));
    },

    async hmac(hash, key, data) {
      assertHash(hash);
      assertBytes(key, 'HMAC key');
      assertBytes(data, 'data');
      require({ op: 'hmac', hash }, `HMAC ${hash}`);
      return run('HMAC', () => method('hmac')(hash, key, data));
    },

    async hmacVerify(hash, key, data, tag) {
      assertBytes(tag, 'tag');
      const expected = await backend.hmac(hash, key, data);
      if (tag.length !== expected.length) throw new InputInvalidError(`HMAC ${hash} tag must be ${expected.length} bytes`);
      return timingSafeEqual(expected, tag);
    },

    async aesGcmEncrypt(key, iv, plaintext, aad = new Uint8Array(0)): Promise<AesGcmResult> {
      assertAesKey(key, 'AES-GCM key');
      assertBytes(iv, 'AES-GCM iv');
      if (iv.length === 0) throw new InputInvalidError('AES-GCM iv must not be empty');
      assertBytes(plaintext, 'plaintext');
      assertBytes(aad, 'additional data');
      require({ op: 'aesGcm', keyBits: (key.length * 8) as 128 }, `AES-GCM with a ${key.length * 8}-bit key`);
      const r = await run('AES-GCM encrypt', () => method('aesGcmEncrypt')(key, iv, plaintext, aad));
      if (r.tag.length !== 16 || r.ciphertext.length !== plaintext.length) throw new OperationFailedError(`${name}: AES-GCM output has the wrong size`);
      return r;
    },

    async aesGcmDecrypt(key, iv, ciphertext, tag, aad = new Uint8Array(0)) {
      assertAesKey(key, 'AES-GCM key');
      assertBytes(iv, 'AES-GCM iv');
      if (iv.length === 0) throw new InputInvalidError('AES-GCM iv must not be empty');
      assertBytes(ciphertext, 'ciphertext');
      assertBytes(tag, 'tag');
      assertBytes(aad, 'additional data');
      require({ op: 'aesGcm', keyBits: (key.length * 8) as 128 }, `AES-GCM with a ${key.length * 8}-bit key`);
      if (tag.length !== 16) throw new DecryptionFailedError();
      return decrypting(() => method('aesGcmDecrypt')(key, iv, ciphertext, tag, aad));
    },

    async aesCbcEncrypt(key, iv, plaintext) {
      assertAesKey(key, 'AES-CBC key');
      assertBytes(iv, 'AES-CBC iv', 16);
      assertBytes(plaintext, 'plaintext');
      require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
      return run('AES-CBC encrypt', () => method('aesCbcEncrypt')(key, iv, plaintext));
    },

    async aesCbcDecrypt(key, iv, ciphertext) {
      assertAesKey(key, 'AES-CBC key');
      assertBytes(iv, 'AES-CBC iv', 16);
      assertBytes(ciphertext, 'ciphertext');
      require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
      if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new DecryptionFailedError();
      return decrypting(() => method('aesCbcDecrypt')(key, iv, ciphertext));
    },

    async aesKwWrap(kek, key) {
      assertAesKey(kek, 'AES-KW key-encryption key');
      assertBytes(key, 'key to wrap');
      if (key.length < 16 || key.length % 8 !== 0) throw new InputInvalidError('AES-KW wraps keys of 16 bytes or more, in multiples of 8');
      require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
      return run('AES-KW wrap', () => method('aesKwWrap')(kek, key));
    },

    async aesKwUnwrap(kek, wrapped) {
      assertAesKey(kek, 'AES-KW key-encryption key');
      assertBytes(wrapped, 'wrapped key');
      require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
      if (wrapped.length < 24 || wrapped.length % 8 !== 0) throw new DecryptionFailedError();
      return decrypting(() => method('aesKwUnwrap')(kek, wrapped));
    },

    async hkdf(hash, ikm, salt, info, length) {
      assertHash(hash);
      assertBytes(ikm, 'HKDF input key material');
      assertBytes(salt, 'HKDF salt');
      assertBytes(info, 'HKDF info');
      intInRange(length, 1, 255 * HASH_SIZE[hash], 'HKDF output length');
      require({ op: 'hkdf', hash }, `HKDF ${hash}`);
      return run('HKDF', () => method('hkdf')(hash, ikm, salt, info, length));
    },

    async pbkdf2(hash, password, salt, iterations, length) {
      assertHash(hash);
      assertBytes(password, 'PBKDF2 password');
      assertBytes(salt, 'PBKDF2 salt');
      intInRange(iterations, 1, 100_000_000, 'PBKDF2 iterations');
      intInRange(length, 1, 1024, 'PBKDF2 output length');
      require({ op: 'pbkdf2', hash }, `PBKDF2 ${hash}`);
      return run('PBKDF2', () => method('pbkdf2')(hash, password, salt, iterations, length));
    },

    randomBytes(length) {
      intInRange(length, 0, 1 << 24, 'random length');
      require({ op: 'random' }, 'random bytes');
      try {
        return method('randomBytes')(length);
      } catch (e) {
        if (e instanceof CryptoplugError) throw e;
        throw new OperationFailedError(`${name}: random bytes failed`, { cause: e });
      }
    },

    async generateKey(spec: KeySpec) {
      if (!KEY_SPECS.includes(spec)) throw new UnsupportedError(`key type ${String(spec)} is not supported`);
      require({ op: 'generateKey', spec }, `generating ${spec} keys`);
      const key = await run('key generation', () => method('generateKey')(spec));
      if (!(key instanceof PrivateKeyClass)) throw new OperationFailedError(`${name}: key generation returned no private key`);
      return key;
    },
  };

  function checkOaep(params: OaepParams): OaepParams {
    if (typeof params !== 'object' || params === null) throw new InputInvalidError('RSA-OAEP parameters must be an object');
    assertHash(params.hash);
    if (params.label !== undefined) assertBytes(params.label, 'RSA-OAEP label');
    return params;
  }

  return Object.freeze(backend);
}
