/**
 * Backend-neutral key objects. A key holds its material as bytes (validated at import) and a small cache where a
 * backend may keep its native handle (CryptoKey, KeyObject, forge key...) so repeated operations never re-import.
 *
 * Keys are immutable: material is copied in and never handed out except through deliberate export.
 */
import type { Curve, EcCurve, OkpCurve } from '../names.js';
import { EC } from '../curves.js';
import { KeyInvalidError } from '../errors.js';
import { bytesToBigInt } from '../bytes.js';

export type PublicMaterial =
  | { readonly kty: 'EC'; readonly curve: EcCurve; readonly x: Uint8Array; readonly y: Uint8Array }
  | { readonly kty: 'OKP'; readonly curve: OkpCurve; readonly x: Uint8Array }
  | { readonly kty: 'RSA'; readonly n: Uint8Array; readonly e: Uint8Array };

export type PrivateMaterial =
  | { readonly kty: 'EC'; readonly curve: EcCurve; readonly x: Uint8Array; readonly y: Uint8Array; readonly d: Uint8Array }
  | { readonly kty: 'OKP'; readonly curve: OkpCurve; readonly x: Uint8Array; readonly d: Uint8Array }
  | {
      readonly kty: 'RSA';
      readonly n: Uint8Array;
      readonly e: Uint8Array;
      readonly d: Uint8Array;
      readonly p: Uint8Array;
      readonly q: Uint8Array;
      readonly dp: Uint8Array;
      readonly dq: Uint8Array;
      readonly qi: Uint8Array;
    };

export type AsymmetricKty = 'EC' | 'OKP' | 'RSA';

const handles = new WeakMap<object, Map<string, unknown>>();

abstract class AsymmetricKey {
  abstract readonly type: 'private' | 'public';
  abstract readonly material: PublicMaterial | PrivateMaterial;

  get kty(): AsymmetricKty {
    return this.material.kty;
  }

  /** Curve name for EC and OKP keys, undefined for RSA. */
  get curve(): Curve | undefined {
    return this.material.kty === 'RSA' ? undefined : this.material.curve;
  }

  #bits: number | undefined;

  /** RSA modulus size in bits, or the curve size in bits (computed once: it is on every RSA operation's path). */
  get bits(): number {
    if (this.#bits === undefined) {
      const m = this.material;
      this.#bits = m.kty === 'RSA' ? bitLength(m.n) : m.kty === 'EC' ? EC[m.curve].bits : 256;
    }
    return this.#bits;
  }

  /** Short description for messages: "EC P-256 private key", "RSA-2048 public key". */
  describe(): string {
    const m = this.material;
    const kind = m.kty === 'RSA' ? `RSA-${this.bits}` : m.kty === 'EC' ? `EC ${m.curve}` : m.curve;
    return `${kind} ${this.type} key`;
  }
}

export class PublicKey extends AsymmetricKey {
  readonly type = 'public' as const;
  readonly material: PublicMaterial;
  /** Use importKey()/the key helpers; the constructor trusts its (already validated) input. */
  constructor(material: PublicMaterial) {
    super();
    this.material = Object.freeze({ ...material });
  }
  publicKey(): PublicKey {
    return this;
  }
}

export class PrivateKey extends AsymmetricKey {
  readonly type = 'private' as const;
  readonly material: PrivateMaterial;
  #public: PublicKey | undefined;
  /** Use importKey()/generateKey(); the constructor trusts its (already validated) input. */
  constructor(material: PrivateMaterial) {
    super();
    this.material = Object.freeze({ ...material });
  }
  publicKey(): PublicKey {
    if (!this.#public) {
      const m = this.material;
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
