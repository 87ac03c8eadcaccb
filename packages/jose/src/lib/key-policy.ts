/**
 * The key checks that only HMAC and RSA algorithms need, split out of `keys.ts` and loaded on first use there: the
 * JWS HMAC key (a secret key of the algorithm's minimum length, RFC 7518 §3.2, that is not an asymmetric key or
 * certificate: the algorithm-confusion detector) and JOSE's RSA policy (size, ROCA). Same checks and errors as before
 * the split.
 */
import { EC, KeyAlgMismatchError, KeyInvalidError, PrivateKey, PublicKey, type Key, decodeEcPoint, fromBase64url, jwkFromKey, type EcCurve } from '@cryptoplug/core';
import { contentEnc, type JwsAlgSpec, type KeyManagementSpec } from './algorithms.js';
import { MIN_RSA_BITS, assertRsaKty, needPrivate, needPublic, needSecret, type JweKey, type JwsKey } from './keys.js';
import { hasRocaFingerprint } from './roca.js';

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

/** The checked JWS HMAC key. */
export function hmacJwsKey(spec: Extract<JwsAlgSpec, { kind: 'hmac' }>, alg: string, key: Key): JwsKey {
  const secret = needSecret(key, alg);
  if (secret.length < spec.minKeyBytes) {
    throw new KeyInvalidError(`${alg} needs a key of at least ${spec.minKeyBytes} bytes (RFC 7518 §3.2), got ${secret.length}`);
  }
  if (looksLikeAsymmetricKeyMaterial(secret)) {
    throw new KeyAlgMismatchError(`${alg} secret is an asymmetric key or certificate (algorithm confusion refused)`);
  }
  return Object.freeze({ kind: 'hmac', secret });
}

/** The checked JWS RSA key (its class already checked for the op): an RSA key under JOSE's RSA policy. */
export function rsaJwsKey<K extends JwsKey & { key: PrivateKey | PublicKey }>(alg: string, checked: K): K {
  assertRsaKty(checked.key, alg);
  assertRsa(checked.key, alg);
  return checked;
}

/** RSA keys that passed the size and ROCA checks. Keys are immutable, so a key that passed once always passes. */
const rsaPassed = new WeakSet<PrivateKey | PublicKey>();

/** The RSA policy of JOSE (the caller checked that the key is RSA): at least MIN_RSA_BITS, no ROCA fingerprint. */
export function assertRsa(key: PrivateKey | PublicKey, alg: string): void {
  if (rsaPassed.has(key)) return;
  if (key.bits < MIN_RSA_BITS) throw new KeyInvalidError(`${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits, got ${key.bits}`);
  // the modulus through the public JWK export (once per key: the result is remembered below)
  const n = jwkFromKey(key.publicKey()).n;
  if (n !== undefined && hasRocaFingerprint(fromBase64url(n))) {
    throw new KeyInvalidError('RSA key has the ROCA fingerprint (CVE-2017-15361): it was made by a broken generator');
  }
  rsaPassed.add(key);
}


/** jweKey for RSA-OAEP and the secret-key algorithms (everything but ECDH-ES): same checks, same errors. */
export function otherJweKey(spec: Exclude<KeyManagementSpec, { kind: 'ecdh-es' | 'ecdh-es-kw' }>, alg: string, enc: string, key: Key, op: 'encrypt' | 'decrypt'): JweKey {
  switch (spec.kind) {
    case 'rsa-oaep': {
      const k = op === 'decrypt' ? needPrivate(key, alg, op) : needPublic(key, alg);
      assertRsaKty(k, alg);
      assertRsa(k, alg);
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
    case 'pbes2':
      return { kind: 'secret', secret: needSecret(key, alg) };
  }
}
