/**
 * Key resolution and the key policy of every JOSE operation: the key must fit the algorithm (type, curve, size),
 * JWK metadata (`use`, `key_ops`, `alg`) must allow the operation, and secrets must not be asymmetric key material in
 * disguise (the HS256-with-a-public-key confusion attack).
 */
import {
  KeyAlgMismatchError,
  KeyInvalidError,
  KeyUsageError,
  PrivateKey,
  PublicKey,
  SecretKey,
  isBytes,
  isJwkLike,
  keyFromJwkDeferred,
  publicKeyFromJwk,
  publicKeyFromJwkOnDemand,
  type Jwk,
  type Key,
} from '@cryptoplug/core';
import { jweAlg, jwsAlg, type JwsAlgSpec, type KeyManagementSpec } from './algorithms.js';
import { JwkInvalidError } from './errors.js';

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
  if (jwk.use !== undefined) {
    if (typeof jwk.use !== 'string') throw new JwkInvalidError('JWK "use" must be a string');
    const want = op === 'sign' || op === 'verify' ? 'sig' : 'enc'; // JWS keys, JWE keys
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

function keyFrom<K extends Key | Promise<Key>>(input: KeyInput, alg: string, op: KeyOperation, algAliases: readonly string[], fromJwk: (jwk: Jwk) => K): Key | K {
  if (input instanceof PrivateKey || input instanceof PublicKey || input instanceof SecretKey) return input;
  if (isBytes(input)) return new SecretKey(input);
  if (isJwkLike(input)) {
    assertJwkAllows(input, alg, op, algAliases);
    return fromJwk(input);
  }
  throw new KeyInvalidError('key must be a cryptoplug key (importKey), secret bytes or a JWK object');
}

/**
 * The HMAC algorithm-confusion detector and the RSA key policy (size, ROCA) live in `key-policy.ts`, loaded on first use
 * (once; afterwards the checks below run synchronously, with no extra await): a verifier that only ever sees EC or
 * OKP keys does not carry them. The functions that need them return a promise only until the module is loaded.
 */
let policy: typeof import('./key-policy.js') | undefined;

type KeyPolicy = typeof import('./key-policy.js');
const loadPolicy = (): Promise<KeyPolicy> => import('./key-policy.js').then((p) => (policy = p));

/** Resolves once the key policy is loaded (undefined when it already is): for callers that need jweKey synchronously. */
export function keyPolicyReady(): Promise<unknown> | undefined {
  return policy ? undefined : loadPolicy();
}

export function needPrivate(key: Key, alg: string, op: KeyOperation): PrivateKey {
  if (key instanceof PrivateKey) return key;
  if (key instanceof PublicKey) throw new KeyUsageError(`${alg} needs a private key to ${op}, got a public key`);
  throw new KeyAlgMismatchError(`${alg} needs an asymmetric private key, got a secret key`);
}

export function needPublic(key: Key, alg: string): PublicKey {
  if (key instanceof PublicKey) return key;
  if (key instanceof PrivateKey) return key.publicKey();
  throw new KeyAlgMismatchError(`${alg} needs an asymmetric key, got a secret key`);
}

export function needSecret(key: Key, alg: string): Uint8Array {
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

/**
 * The key for a JWS algorithm, checked against the algorithm's requirements. `asymmetric` gives an asymmetric key's
 * class for the op ({@link signingKey} or {@link verifyingKey}: a function per op, so verify-only code carries no
 * private-key check).
 */
function jwsKey(spec: JwsAlgSpec, alg: string, key: Key, op: 'sign' | 'verify', asymmetric: (key: Key, alg: string) => JwsKey): JwsKey | Promise<JwsKey> {
  const slot = `${alg} ${op}`;
  const hit = jwsKeys.get(key)?.get(slot);
  if (hit) return hit;
  const checked = checkJwsKey(spec, alg, key, asymmetric);
  return checked instanceof Promise ? checked.then((c) => rememberJwsKey(key, slot, c)) : rememberJwsKey(key, slot, checked);
}

function rememberJwsKey(key: Key, slot: string, checked: JwsKey): JwsKey {
  let perKey = jwsKeys.get(key);
  if (!perKey) jwsKeys.set(key, (perKey = new Map()));
  perKey.set(slot, checked);
  return checked;
}

const signingKey = (key: Key, alg: string): JwsKey => Object.freeze({ kind: 'private', key: needPrivate(key, alg, 'sign') });
const verifyingKey = (key: Key, alg: string): JwsKey => Object.freeze({ kind: 'public', key: needPublic(key, alg) });

function checkJwsKey(spec: JwsAlgSpec, alg: string, key: Key, asymmetric: (key: Key, alg: string) => JwsKey): JwsKey | Promise<JwsKey> {
  // HMAC (secret, minimum length, algorithm confusion) and RSA (size, ROCA): in the key-policy module, once it is loaded
  // without a closure or an await (an HMAC key given as bytes is checked on every call)
  if (spec.kind === 'hmac') return policy ? policy.hmacJwsKey(spec, alg, key) : loadPolicy().then((p) => p.hmacJwsKey(spec, alg, key));
  const checked = asymmetric(key, alg) as Exclude<JwsKey, { kind: 'hmac' }>;
  if (spec.kty === 'RSA') return policy ? policy.rsaJwsKey(alg, checked) : loadPolicy().then((p) => p.rsaJwsKey(alg, checked));
  const k = checked.key;
  if (k.kty !== spec.kty || (spec.curve !== undefined && k.curve !== spec.curve)) {
    throw new KeyAlgMismatchError(`${alg} needs ${spec.curve ?? spec.kty} key, got an ${k.describe()}`);
  }
  return checked;
}

export function assertRsaKty(key: PrivateKey | PublicKey, alg: string): void {
  if (key.kty !== 'RSA') throw new KeyAlgMismatchError(`${alg} needs an RSA key, got an ${key.describe()}`);
}

/** Resolves and checks the key for a JWS alg. */
export function resolveJwsKey(input: KeyInput, alg: string, op: 'sign' | 'verify'): JwsKey | Promise<JwsKey> {
  return op === 'verify' ? resolveJwsVerifyKey(input, alg) : jwsKey(jwsAlg(alg)!, alg, toKey(input, alg, op), op, signingKey);
}

/**
 * {@link resolveJwsKey} for verification (what verify-only code calls: no private-key import in its bundle). A JWK is
 * imported by core's `publicKeyFromJwkOnDemand`: EC and `oct` keys at once, OKP and RSA keys through a module loaded
 * on first use (then synchronously), so an ES* verifier's bundle does not carry the Ed25519 and RSA key checks.
 */
export function resolveJwsVerifyKey(input: KeyInput, alg: string): JwsKey | Promise<JwsKey> {
  const key = keyFrom(input, alg, 'verify', [], publicKeyFromJwkOnDemand);
  return key instanceof Promise ? key.then((k) => jwsKey(jwsAlg(alg)!, alg, k, 'verify', verifyingKey)) : jwsKey(jwsAlg(alg)!, alg, key, 'verify', verifyingKey);
}

export type JweKey =
  | { readonly kind: 'secret'; readonly secret: Uint8Array }
  | { readonly kind: 'private'; readonly key: PrivateKey }
  | { readonly kind: 'public'; readonly key: PublicKey };

/** The key for a JWE key-management algorithm (and, for `dir`, the content encryption `enc`). */
export function jweKey(input: KeyInput, alg: string, enc: string, op: 'encrypt' | 'decrypt'): JweKey | Promise<JweKey> {
  const spec: KeyManagementSpec = jweAlg(alg)!;
  const key = toKey(input, alg, op, spec.kind === 'dir' ? [enc] : []);
  if (spec.kind === 'ecdh-es' || spec.kind === 'ecdh-es-kw') {
    const k = op === 'decrypt' ? needPrivate(key, alg, op) : needPublic(key, alg);
    const curve = k.curve;
    if (!(k.kty === 'EC' || curve === 'X25519')) throw new KeyAlgMismatchError(`${alg} needs an EC (P-256/384/521) or X25519 key, got an ${k.describe()}`);
    return op === 'decrypt' ? { kind: 'private', key: k as PrivateKey } : { kind: 'public', key: k as PublicKey };
  }
  // RSA-OAEP (with JOSE's RSA policy) and the secret-key algorithms: in the key-policy module
  return policy ? policy.otherJweKey(spec, alg, enc, key, op) : loadPolicy().then((p) => p.otherJweKey(spec, alg, enc, key, op));
}

/**
 * Calls the caller's key resolver; a foreign error it raises becomes a KeyInvalidError (CryptoplugErrors pass). In
 * `resolver.ts`, loaded on the first resolver call (once; afterwards called directly): a verifier given its key
 * does not carry it.
 */
let resolverModule: typeof import('./resolver.js') | undefined;
export function callResolver(resolver: KeyResolver, header: Record<string, unknown>, family: JoseFamily): Promise<KeyInput> {
  return resolverModule ? resolverModule.callResolver(resolver, header, family) : import('./resolver.js').then((m) => (resolverModule = m).callResolver(resolver, header, family));
}

export function isResolver(input: unknown): input is KeyResolver {
  return typeof input === 'function';
}
