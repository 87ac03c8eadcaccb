/**
 * Backend-neutral key objects. A key holds its material as bytes (validated at import) and a small cache where a
 * backend may keep its native handle (CryptoKey, KeyObject, forge key...) so repeated operations never re-import.
 *
 * Keys are immutable: material is copied in and never handed out except through deliberate export. The material
 * lives in a module-private WeakMap, not on the object: a key has no `material` property, and `JSON.stringify` or
 * `util.inspect` of a private key shows no scalar. Backends (and core's own encoders) read it through
 * {@link keyMaterial}, exported from the internal subpath `@cryptoplug/core/backend-internal` — not a public API.
 */
import type { Curve } from '../names.js';
import { EC } from '../curves.js';
import { KeyInvalidError } from '../errors.js';
import { bytesToBigInt } from '../bytes.js';
import { attachMaterial, keyMaterial as materialOf, type PrivateMaterial, type PublicMaterial } from './material.js';

export type { PrivateMaterial, PublicMaterial } from './material.js';

export type AsymmetricKty = 'EC' | 'OKP' | 'RSA';

const handles = new WeakMap<object, Map<string, unknown>>();

abstract class AsymmetricKey {
  abstract readonly type: 'private' | 'public';

  get kty(): AsymmetricKty {
    return materialOf(this).kty;
  }

  /** Curve name for EC and OKP keys, undefined for RSA. */
  get curve(): Curve | undefined {
    const m = materialOf(this);
    return m.kty === 'RSA' ? undefined : m.curve;
  }

  #bits: number | undefined;

  /** RSA modulus size in bits, or the curve size in bits (computed once: it is on every RSA operation's path). */
  get bits(): number {
    if (this.#bits === undefined) {
      const m = materialOf(this);
      this.#bits = m.kty === 'RSA' ? bitLength(m.n) : m.kty === 'EC' ? EC[m.curve].bits : 256;
    }
    return this.#bits;
  }

  /** Short description for messages: "EC P-256 private key", "RSA-2048 public key". */
  describe(): string {
    const m = materialOf(this);
    const kind = m.kty === 'RSA' ? `RSA-${this.bits}` : m.kty === 'EC' ? `EC ${m.curve}` : m.curve;
    return `${kind} ${this.type} key`;
  }
}

export class PublicKey extends AsymmetricKey {
  readonly type = 'public' as const;
  /** Use importKey()/the key helpers; the constructor trusts its (already validated) input. */
  constructor(material: PublicMaterial) {
    super();
    attachMaterial(this, material);
    if (new.target === PublicKey) Object.freeze(this);
  }
  publicKey(): PublicKey {
    return this;
  }
}

export class PrivateKey extends AsymmetricKey {
  readonly type = 'private' as const;
  #public: PublicKey | undefined;
  /** Use importKey()/generateKey(); the constructor trusts its (already validated) input. */
  constructor(material: PrivateMaterial) {
    super();
    attachMaterial(this, material);
    // #private caches stay writable; nothing can be added to or changed on the object itself
    if (new.target === PrivateKey) Object.freeze(this);
  }
  publicKey(): PublicKey {
    if (!this.#public) {
      const m = materialOf(this);
      this.#public = new PublicKey(
        m.kty === 'EC'
          ? { kty: 'EC', curve: m.curve, x: m.x, y: m.y }
          : m.kty === 'OKP'
            ? { kty: 'OKP', curve: m.curve, x: m.x }
            : { kty: 'RSA', n: m.n, e: m.e },
      );
    }
    return this.#public;
  }
}

/** A symmetric key from a JWK `oct` or raw bytes; operations take its `bytes`. */
export class SecretKey {
  readonly type = 'secret' as const;
  readonly kty = 'oct' as const;
  readonly #bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    if (bytes.length === 0) throw new KeyInvalidError('secret key must not be empty');
    this.#bytes = bytes.slice();
  }
  /** A copy of the key bytes. */
  get bytes(): Uint8Array {
    return this.#bytes.slice();
  }
  get bits(): number {
    return this.#bytes.length * 8;
  }
  describe(): string {
    return `${this.bits}-bit secret key`;
  }
}

export type Key = PrivateKey | PublicKey | SecretKey;
export type AsymmetricKeyObject = PrivateKey | PublicKey;

export function isPrivateKey(k: unknown): k is PrivateKey {
  return k instanceof PrivateKey;
}
export function isPublicKey(k: unknown): k is PublicKey {
  return k instanceof PublicKey;
}
export function isSecretKey(k: unknown): k is SecretKey {
  return k instanceof SecretKey;
}

/**
 * The per-key native handle cache for backends: `cachedHandle(key, 'webcrypto:ECDSA', () => importKey(...))`.
 * The factory runs once per (key, slot); a rejected promise is evicted so a later call can retry.
 */
export function cachedHandle<T>(key: object, slot: string, make: () => T): T {
  let map = handles.get(key);
  if (!map) {
    map = new Map();
    handles.set(key, map);
  }
  if (map.has(slot)) return map.get(slot) as T;
  const value = make();
  map.set(slot, value);
  if (value instanceof Promise) {
    value.catch(() => {
      if (map.get(slot) === value) map.delete(slot);
    });
  }
  return value;
}

export function bitLength(bytes: Uint8Array): number {
  const v = bytesToBigInt(bytes);
  return v === 0n ? 0 : v.toString(2).length;
}
