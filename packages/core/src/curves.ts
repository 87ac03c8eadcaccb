/**
 * Curve parameters as data (sizes, OIDs), plus point validation through @noble/curves so that every EC or OKP
 * public key that enters cryptoplug is checked once, in core, before any backend sees it.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import type { Curve, EcCurve, HashName, OkpCurve } from './contract.js';
import { KeyInvalidError } from './errors.js';
import { bytesEqual } from './bytes.js';

export interface EcCurveInfo {
  readonly name: EcCurve;
  /** Field/scalar size in bytes (coordinate size and P1363 half-signature size). */
  readonly size: number;
  readonly bits: number;
  readonly oid: string;
  /** The hash JOSE pairs with this curve. */
  readonly joseHash: HashName;
  readonly order: bigint;
}

export const EC: Readonly<Record<EcCurve, EcCurveInfo>> = Object.freeze({
  'P-256': { name: 'P-256', size: 32, bits: 256, oid: '1.2.840.10045.3.1.7', joseHash: 'SHA-256', order: p256.Point.CURVE().n },
  'P-384': { name: 'P-384', size: 48, bits: 384, oid: '1.3.132.0.34', joseHash: 'SHA-384', order: p384.Point.CURVE().n },
  'P-521': { name: 'P-521', size: 66, bits: 521, oid: '1.3.132.0.35', joseHash: 'SHA-512', order: p521.Point.CURVE().n },
});

export const OKP_OID: Readonly<Record<OkpCurve, string>> = Object.freeze({
  Ed25519: '1.3.101.112',
  X25519: '1.3.101.110',
});

export const OID = Object.freeze({
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  rsaesOaep: '1.2.840.113549.1.1.7',
});

const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

export function isEcCurve(c: unknown): c is EcCurve {
  return c === 'P-256' || c === 'P-384' || c === 'P-521';
}
export function isOkpCurve(c: unknown): c is OkpCurve {
  return c === 'Ed25519' || c === 'X25519';
}
export function isCurve(c: unknown): c is Curve {
  return isEcCurve(c) || isOkpCurve(c);
}

export function ecCurveByOid(oid: string): EcCurve | undefined {
  for (const c of Object.values(EC)) if (c.oid === oid) return c.name;
  return undefined;
}

export function okpCurveByOid(oid: string): OkpCurve | undefined {
  if (oid === OKP_OID.Ed25519) return 'Ed25519';
  if (oid === OKP_OID.X25519) return 'X25519';
  return undefined;
}

/** Validates an SEC1 point (compressed or uncompressed) and returns its affine coordinates. */
export function decodeEcPoint(curve: EcCurve, point: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const size = EC[curve].size;
  if (point.length !== 1 + 2 * size && point.length !== 1 + size) {
    throw new KeyInvalidError(`${curve} public point must be ${1 + size} or ${1 + 2 * size} bytes, got ${point.length}`);
  }
  let p;
  try {
    p = NOBLE[curve].Point.fromBytes(point);
    p.assertValidity();
  } catch (cause) {
    throw new KeyInvalidError(`${curve} public point is not on the curve`, { cause });
  }
  const uncompressed = p.toBytes(false);
  return { x: uncompressed.slice(1, 1 + size), y: uncompressed.slice(1 + size) };
}

/** Checks that (x, y) is a valid point of the curve (not infinity, on the curve, coordinates in range). */
export function assertEcPoint(curve: EcCurve, x: Uint8Array, y: Uint8Array): void {
  const size = EC[curve].size;
  if (x.length !== size || y.length !== size) throw new KeyInvalidError(`${curve} coordinates must be ${size} bytes`);
  const point = new Uint8Array(1 + 2 * size);
  point[0] = 4;
  point.set(x, 1);
  point.set(y, 1 + size);
  decodeEcPoint(curve, point);
}

export function compressEcPoint(curve: EcCurve, x: Uint8Array, y: Uint8Array): Uint8Array {
  const size = EC[curve].size;
  const out = new Uint8Array(1 + size);
  out[0] = (y[size - 1]! & 1) === 1 ? 3 : 2;
  out.set(x, 1);
  return out;
}

/** Public point of an EC private scalar; rejects 0 and scalars ≥ n. */
export function ecPublicFromPrivate(curve: EcCurve, d: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const size = EC[curve].size;
  if (d.length !== size) throw new KeyInvalidError(`${curve} private scalar must be ${size} bytes`);
  let pub;
  try {
    pub = NOBLE[curve].getPublicKey(d, false);
  } catch (cause) {
    throw new KeyInvalidError(`${curve} private scalar is out of range`, { cause });
  }
  return { x: pub.slice(1, 1 + size), y: pub.slice(1 + size) };
}

export function okpPublicFromPrivate(curve: OkpCurve, d: Uint8Array): Uint8Array {
  if (d.length !== 32) throw new KeyInvalidError(`${curve} private key must be 32 bytes`);
  return curve === 'Ed25519' ? ed25519.getPublicKey(d) : x25519.getPublicKey(d);
}

/**
 * Ed25519 public keys must be the canonical encoding of a point of large order (libsodium's rule, which
 * `crypto_sign_verify_detached` applies: `ge25519_is_canonical` + `ge25519_has_small_order`): y < p, no sign bit on
 * x = 0, and not one of the eight torsion points. A small-order key (the identity above all) lets the signature
 * (R = identity, S = 0) verify every message on cofactorless verifiers (OpenSSL, WebCrypto), while noble and forge
 * refuse it: checking here, at import, gives every backend the same answer. X25519 accepts any 32-byte u-coordinate
 * (RFC 7748); its small-order peers are refused at ECDH.
 */
export function assertOkpPublic(curve: OkpCurve, x: Uint8Array): void {
  if (x.length !== 32) throw new KeyInvalidError(`${curve} public key must be 32 bytes, got ${x.length}`);
  if (curve === 'Ed25519') {
    let point;
    try {
      point = ed25519.Point.fromBytes(x); // strict (not ZIP-215): refuses y ≥ p and x = 0 with the sign bit set
    } catch (cause) {
      throw new KeyInvalidError('Ed25519 public key is not a valid point encoding', { cause });
    }
    if (!bytesEqual(point.toBytes(), x)) throw new KeyInvalidError('Ed25519 public key is not canonically encoded');
    if (point.isSmallOrder()) throw new KeyInvalidError('Ed25519 public key is a point of small order');
  }
}

export function assertKeyPairConsistent(what: string, derived: Uint8Array, given: Uint8Array): void {
  if (!bytesEqual(derived, given)) throw new KeyInvalidError(`${what}: public part does not match the private key`);
}
