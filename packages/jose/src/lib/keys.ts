/**
 * Key resolution and the key policy of every JOSE operation: the key must fit the algorithm (type, curve, size),
 * JWK metadata (`use`, `key_ops`, `alg`) must allow the operation, and secrets must not be asymmetric key material in
 * disguise (the HS256-with-a-public-key confusion attack).
 */
import {
  CryptoplugError,
  EC,
  KeyAlgMismatchError,
  KeyInvalidError,
  KeyUsageError,
  PrivateKey,
  PublicKey,
  SecretKey,
  decodeEcPoint,
  fromBase64url,
  isBytes,
  isJwkLike,
  jwkFromKey,
  keyFromJwkDeferred,
  publicKeyFromJwk,
  type EcCurve,
  type Jwk,
  type Key,
} from '@cryptoplug/core';
import { contentEnc, jweAlg, jwsAlg, type JwsAlgSpec, type KeyManagementSpec } from './algorithms.js';
import { JwkInvalidError } from './errors.js';
import { hasRocaFingerprint } from './roca.js';

/** A key as callers give it: a cryptoplug key, raw secret bytes (HMAC key, AES key, PBES2 password) or a JWK. */
export type KeyInput = Key | Uint8Array | Jwk;

export type JoseFamily = 'jws' | 'jwe';

/** Picks the key from the token's (merged) header: a JWK Set selector, or your own lookup. */
export type KeyResolver = (header: Readonly<Record<string, unknown>>, context: { readonly family: JoseFamily }) => KeyInput | Promise<KeyInput>;

export type KeyOperation = 'sign' | 'verify' | 'encrypt' | 'decrypt';

/** RFC 7518 §3.3/§3.5/§4.2/§4.3: RSA keys of 2048 bits or more. */
export const MIN_RSA_BITS = 2048;

const OPS: Record<KeyOperation, readonly string[]> = {
  sign: ['sign'],
  verify: ['verify'],
  encrypt: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
  decrypt: ['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'],
};

/** Checks a JWK's `use`, `key_ops` and `alg` against the operation. `algAliases` lists other acceptable `alg` values. */
export function assertJwkAllows(jwk: Jwk, alg: string, op: KeyOperation, algAliases: readonly string[] = []): void {
  const family: JoseFamily = op === 'sign' || op === 'verify' ? 'jws' : 'jwe';
  if (jwk.use !== undefined) {
    if (typeof jwk.use !== 'string') throw new JwkInvalidError('JWK "use" must be a string');
    const want = family === 'jws' ? 'sig' : 'enc';
    if (jwk.use !== want) throw new JwkInvalidError(`JWK "use" is "${jwk.use}", the key cannot be used to ${op}`);
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops) || !jwk.key_ops.every((o) => typeof o === 'string')) {
      throw new JwkInvalidError('JWK "key_ops" must be an array of strings');
    }
    if (!jwk.key_ops.some((o) => OPS[op].includes(o))) throw new JwkInvalidError(`JWK "key_ops" does not allow "${op}"`);
  }
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string') throw new JwkInvalidError('JWK "alg" must be a string');
    if (jwk.alg !== alg && !algAliases.includes(jwk.alg)) {
      throw new JwkInvalidError(`JWK "alg" is "${jwk.alg}", the key cannot be used with ${alg}`);
    }
  }
}

/** The key object from any input form; a JWK's metadata is checked first. */
export function toKey(input: KeyInput, alg: string, op: KeyOperation, algAliases: readonly string[] = []): Key {
  // verify/encrypt need only the public half (a private JWK's private members are not imported); sign/decrypt keys
  // have their pair consistency checked by the backend before first use (no curve arithmetic in verify bundles).
  return op === 'verify' || op === 'encrypt' ? toPublicOpKey(input, alg, op, algAliases) : keyFrom(input, alg, op, algAliases, keyFromJwkDeferred);
}

/**
 * {@link toKey} for verify/encrypt: a JWK is imported as its public half only. Verify-only code calls this, so its
 * bundle carries no private-key import (scalar range, RSA CRT checks, the deferred pair check).
 */
export function toPublicOpKey(input: KeyInput, alg: string, op: 'verify' | 'encrypt', algAliases: readonly string[] = []): Key {
  return keyFrom(input, alg, op, algAliases, publicKeyFromJwk);
}

function keyFrom(input: KeyInput, alg: string, op: KeyOperation, algAliases: readonly string[], fromJwk: (jwk: Jwk) => Key): Key {
  if (input instanceof PrivateKey || input instanceof PublicKey || input instanceof SecretKey) return input;
  if (isBytes(input)) return new SecretKey(input);
  if (isJwkLike(input)) {
    assertJwkAllows(input, alg, op, algAliases);
    return fromJwk(input);
  }
  throw new KeyInvalidError('key must be a cryptoplug key (importKey), secret bytes or a JWK object');
}

const latin1 = /* @__PURE__ */ new TextDecoder('latin1');

/**
 * True when the bytes are exactly one DER SEQUENCE whose (definite, minimal) length covers the whole input, the shape
 * of every DER key and certificate (SPKI, PKCS#8, PKCS#1, SEC1, X.509). Checked structurally so HMAC secrets need no
 * key parser; a random secret has this shape with a probability of about 2^-16.
 */
function isDerSequence(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  const first = bytes[1]!;
  if (first < 0x80) return first === bytes.length - 2 && first > 0;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || bytes.length < 2 + n || bytes[2] === 0) return false;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
  return len >= 0x80 && len === bytes.length - 2 - n;
}

/**
 * True when secret bytes are really an asymmetric key or certificate (PEM, OpenSSH, JWK JSON, DER): using those as an
 * HMAC secret is the classic alg-confusion attack (RS256 token re-signed as HS256 with the public key as secret).
 */
export function looksLikeAsymmetricKeyMaterial(bytes: Uint8Array): boolean {
  const head = latin1.decode(bytes.subarray(0, 8192));
  if (/-----BEGIN [A-Z0-9 ]*(?:KEY|CERTIFICATE)[A-Z0-9 ]*-----/.test(head)) return true;
  if (/^\s*(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-(?:ssh|ecdsa)-[\w@.-]+)\s+[A-Za-z0-9+/=]+/.test(head)) return true;
  if (/^\s*\{[\s\S]*"kty"\s*:/.test(head)) return true;
  if (isDerSequence(bytes)) return true;
  return isRawEcPublicPoint(bytes);
}

const EC_POINT_LENGTHS: Readonly<Record<number, EcCurve>> = { 65: 'P-256', 33: 'P-256', 97: 'P-384', 49: 'P-384', 133: 'P-521', 67: 'P-521' };

/**
 * True when the bytes are exactly a raw SEC1 public point (uncompressed 04‖x‖y or compressed 02/03‖x) of P-256,
 * P-384 or P-521 that is ON the curve: the raw form of a public key used as an HMAC secret is the same alg confusion
 * as the PEM form. Judged out of scope (documented in the README): a raw 32-byte Ed25519/X25519 key and a raw RSA
 * modulus, because a random 32-byte (or 256-byte) secret cannot be told apart from them — about half of all random
 * 32-byte strings decode as an Ed25519 point. The compressed form has the same problem at a small rate: a random
 * secret of exactly 33, 49 or 67 bytes is refused with probability ≈ 0.4% (first byte 02/03, x on the curve);
 * HMAC keys of the hash size (32/48/64 bytes), what `generateSecret` makes, are never affected.
 */
export function isRawEcPublicPoint(bytes: Uint8Array): boolean {
  const curve = EC_POINT_LENGTHS[bytes.length];
  if (!curve) return false;
  const first = bytes[0];
  if (bytes.length === 1 + 2 * EC[curve].size ? first !== 4 : first !== 2 && first !== 3) return false;
  try {
    decodeEcPoint(curve, bytes);
    return true;
  } catch {
    return false;
  }
}

/** RSA keys that passed the size and ROCA checks. Keys are immutable, so a key that passed once always passes. */
const rsaPassed = new WeakSet<PrivateKey | PublicKey>();

function assertRsa(key: PrivateKey | PublicKey, alg: string): void {
  if (key.kty !== 'RSA') throw new KeyAlgMismatchError(`${alg} needs an RSA key, got an ${key.describe()}`);
  if (rsaPassed.has(key)) return;
  if (key.bits < MIN_RSA_BITS) throw new KeyInvalidError(`${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits, got ${key.bits}`);
  // the modulus through the public JWK export (once per key: the result is remembered below)
  const n = jwkFromKey(key.publicKey()).n;
  if (n !== undefined && hasRocaFingerprint(fromBase64url(n))) {
    throw new KeyInvalidError('RSA key has the ROCA fingerprint (CVE-2017-15361): it was made by a broken generator');
  }
  rsaPassed.add(key);
}

function needPrivate(key: Key, alg: string, op: KeyOperation): PrivateKey {
  if (key instanceof PrivateKey) return key;
  if (key instanceof PublicKey) throw new KeyUsageError(`${alg} needs a private key to ${op}, got a public key`);
  throw new KeyAlgMismatchError(`${alg} needs an asymmetric private key, got a secret key`);
}

function needPublic(key: Key, alg: string): PublicKey {
  if (key instanceof PublicKey) return key;
  if (key instanceof PrivateKey) return key.publicKey();
  throw new KeyAlgMismatchError(`${alg} needs an asymmetric key, got a secret key`);
}

function needSecret(key: Key, alg: string): Uint8Array {
  if (key instanceof SecretKey) return key.bytes;
  throw new KeyAlgMismatchError(`${alg} needs a secret key, got an ${key.describe()}`);
}

export type JwsKey = { readonly kind: 'hmac'; readonly secret: Uint8Array } | { readonly kind: 'private'; readonly key: PrivateKey } | { readonly kind: 'public'; readonly key: PublicKey };

/**
 * The checked JWS key per (key object, alg, op): every check below runs once per key and algorithm, not per token.
 * Only cryptoplug key objects are cached (they are immutable); raw secret bytes and JWK objects can be changed by the
 * caller after a call, so they are converted and checked on every call (import them once for speed).
 */
const jwsKeys = new WeakMap<Key, Map<string, JwsKey>>();

/** The key for a JWS algorithm, checked against the algorithm's requirements. */
export function jwsKey(spec: JwsAlgSpec, alg: string, key: Key, op: 'sign' | 'verify'): JwsKey {
  let perKey = jwsKeys.get(key);
  const slot = `${alg} ${op}`;
  const hit = perKey?.get(slot);
  if (hit) return hit;
  const checked = checkJwsKey(spec, alg, key, op);
  if (!perKey) jwsKeys.set(key, (perKey = new Map()));
  perKey.set(slot, checked);
  return checked;
}

function checkJwsKey(spec: JwsAlgSpec, alg: string, key: Key, op: 'sign' | 'verify'): JwsKey {
  if (spec.kind === 'hmac') {
    const secret = needSecret(key, alg);
    if (secret.length < spec.minKeyBytes) {
      throw new KeyInvalidError(`${alg} needs a key of at least ${spec.minKeyBytes} bytes (RFC 7518 §3.2), got ${secret.length}`);
    }
    if (looksLikeAsymmetricKeyMaterial(secret)) {
      throw new KeyAlgMismatchError(`${alg} secret is an asymmetric key or certificate (algorithm confusion refused)`);
    }
    return Object.freeze({ kind: 'hmac', secret });
  }
  const k = op === 'sign' ? needPrivate(key, alg, op) : needPublic(key, alg);
  if (spec.kty === 'RSA') assertRsa(k, alg);
  else if (k.kty !== spec.kty || (spec.curve !== undefined && k.curve !== spec.curve)) {
    throw new KeyAlgMismatchError(`${alg} needs ${spec.curve ?? spec.kty} key, got an ${k.describe()}`);
  }
  return Object.freeze(op === 'sign' ? { kind: 'private', key: k as PrivateKey } : { kind: 'public', key: k as PublicKey });
}

/** Resolves and checks the key for a JWS alg. */
export function resolveJwsKey(input: KeyInput, alg: string, op: 'sign' | 'verify'): JwsKey {
  return op === 'verify' ? resolveJwsVerifyKey(input, alg) : jwsKey(jwsAlg(alg)!, alg, toKey(input, alg, op), op);
}

/** {@link resolveJwsKey} for verification (what verify-only code calls: no private-key import in its bundle). */
export function resolveJwsVerifyKey(input: KeyInput, alg: string): JwsKey {
  return jwsKey(jwsAlg(alg)!, alg, toPublicOpKey(input, alg, 'verify'), 'verify');
}

export type JweKey =
  | { readonly kind: 'secret'; readonly secret: Uint8Array }
  | { readonly kind: 'private'; readonly key: PrivateKey }
  | { readonly kind: 'public'; readonly key: PublicKey };

/** The key for a JWE key-management algorithm (and, for `dir`, the content encryption `enc`). */
export function jweKey(input: KeyInput, alg: string, enc: string, op: 'encrypt' | 'decrypt'): JweKey {
  const spec: KeyManagementSpec = jweAlg(alg)!;
  const key = toKey(input, alg, op, spec.kind === 'dir' ? [enc] : []);
  switch (spec.kind) {
    case 'rsa-oaep': {
      const k = op === 'decrypt' ? needPrivate(key, alg, op) : needPublic(key, alg);
      assertRsa(k, alg);
      return op === 'decrypt' ? { kind: 'private', key: k as PrivateKey } : { kind: 'public', key: k as PublicKey };
    }
    case 'ecdh-es':
    case 'ecdh-es-kw': {
      const k = op === 'decrypt' ? needPrivate(key, alg, op) : needPublic(key, alg);
      const curve = k.curve;
      if (!(k.kty === 'EC' || curve === 'X25519')) throw new KeyAlgMismatchError(`${alg} needs an EC (P-256/384/521) or X25519 key, got an ${k.describe()}`);
      return op === 'decrypt' ? { kind: 'private', key: k as PrivateKey } : { kind: 'public', key: k as PublicKey };
    }
    case 'aes-kw':
    case 'aes-gcm-kw': {
      const secret = needSecret(key, alg);
      if (secret.length !== spec.kwKeyBytes) throw new KeyInvalidError(`${alg} needs a ${spec.kwKeyBytes * 8}-bit key, got ${secret.length * 8} bits`);
      return { kind: 'secret', secret };
    }
    case 'dir': {
      const secret = needSecret(key, alg);
      const ce = contentEnc(enc);
      if (ce && secret.length !== ce.keyBytes) throw new KeyInvalidError(`dir with ${enc} needs a ${ce.keyBytes * 8}-bit key, got ${secret.length * 8} bits`);
      return { kind: 'secret', secret };
    }
    case 'pbes2': {
      const secret = needSecret(key, alg);
      return { kind: 'secret', secret };
    }
  }
}

/** Turns a foreign error raised during key resolution into a KeyInvalidError (CryptoplugErrors pass). */
export async function callResolver(resolver: KeyResolver, header: Record<string, unknown>, family: JoseFamily): Promise<KeyInput> {
  try {
    return await resolver(Object.freeze({ ...header }), { family });
  } catch (e) {
    if (e instanceof CryptoplugError) throw e;
    throw new KeyInvalidError(`key resolver failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function isResolver(input: unknown): input is KeyResolver {
  return typeof input === 'function';
}
