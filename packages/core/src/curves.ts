/**
 * Curve parameters as data (sizes, OIDs, field and group orders) and the public-key checks every EC or OKP public key
 * passes once, in core, before any backend sees it. Public-key validation is field arithmetic on bigint (a point is on
 * the curve, coordinates in range; an Ed25519 encoding decodes), so the verify path of a browser bundle carries no
 * curve library; scalar multiplication (private-key consistency) lives in `curve-math.ts` with @noble/curves.
 */
import type { Curve, EcCurve, HashName, OkpCurve } from './names.js';
import { KeyInvalidError } from './errors.js';
import { bigIntToBytes, bytesEqual, bytesToBigInt } from './bytes.js';

export interface EcCurveInfo {
  readonly name: EcCurve;
  /** Field/scalar size in bytes (coordinate size and P1363 half-signature size). */
  readonly size: number;
  readonly bits: number;
  readonly oid: string;
  /** The hash JOSE pairs with this curve. */
  readonly joseHash: HashName;
  /** Group order n. */
  readonly order: bigint;
  /** Field prime p (a = -3 for all three curves). */
  readonly p: bigint;
  /** Curve coefficient b. */
  readonly b: bigint;
}

// SEC 2 / FIPS 186-4 domain parameters (checked against @noble/curves in core's tests); the field primes in their
// generalized-Mersenne form (FIPS 186-4 D.1.2), which is shorter in a bundle than the hex.
export const EC: Readonly<Record<EcCurve, EcCurveInfo>> = /* @__PURE__ */ Object.freeze({
  'P-256': {
    name: 'P-256', size: 32, bits: 256, oid: '1.2.840.10045.3.1.7', joseHash: 'SHA-256',
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    name: 'P-384', size: 48, bits: 384, oid: '1.3.132.0.34', joseHash: 'SHA-384',
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    name: 'P-521', size: 66, bits: 521, oid: '1.3.132.0.35', joseHash: 'SHA-512',
    order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
});

export const OKP_OID: Readonly<Record<OkpCurve, string>> = /* @__PURE__ */ Object.freeze({
  Ed25519: '1.3.101.112',
  X25519: '1.3.101.110',
});

export const OID = /* @__PURE__ */ Object.freeze({
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  rsaesOaep: '1.2.840.113549.1.1.7',
});

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

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

/** y² for x on the curve y² = x³ − 3x + b (mod p). */
function rhs(c: EcCurveInfo, x: bigint): bigint {
  return mod(x * x * x - 3n * x + c.b, c.p);
}

/** Validates an SEC1 point (compressed or uncompressed) and returns its affine coordinates. */
export function decodeEcPoint(curve: EcCurve, point: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const c = EC[curve];
  const size = c.size;
  if (point.length === 1 + 2 * size && point[0] === 4) {
    const x = point.slice(1, 1 + size);
    const y = point.slice(1 + size);
    assertEcPoint(curve, x, y);
    return { x, y };
  }
  if (point.length === 1 + size && (point[0] === 2 || point[0] === 3)) {
    const x = bytesToBigInt(point.subarray(1));
    if (x >= c.p) throw new KeyInvalidError(`${curve} public point is not on the curve`);
    const y2 = rhs(c, x);
    // p ≡ 3 (mod 4) for P-256, P-384 and P-521: the square root is y2^((p+1)/4).
    let y = modPow(y2, (c.p + 1n) / 4n, c.p);
    if ((y * y) % c.p !== y2) throw new KeyInvalidError(`${curve} public point is not on the curve`);
    if (Number(y & 1n) !== (point[0]! & 1)) y = c.p - y;
    return { x: point.slice(1), y: bigIntToBytes(y, size) };
  }
  if (point.length !== 1 + 2 * size && point.length !== 1 + size) {
    throw new KeyInvalidError(`${curve} public point must be ${1 + size} or ${1 + 2 * size} bytes, got ${point.length}`);
  }
  throw new KeyInvalidError(`${curve} public point is not on the curve`);
}

/**
 * Checks that (x, y) is a valid point of the curve (not infinity, on the curve, coordinates in range). The NIST prime
 * curves have cofactor 1, so every affine point on the curve is in the prime-order group.
 */
export function assertEcPoint(curve: EcCurve, x: Uint8Array, y: Uint8Array): void {
  const c = EC[curve];
  if (x.length !== c.size || y.length !== c.size) throw new KeyInvalidError(`${curve} coordinates must be ${c.size} bytes`);
  const xv = bytesToBigInt(x);
  const yv = bytesToBigInt(y);
  if (xv >= c.p || yv >= c.p || (yv * yv) % c.p !== rhs(c, xv)) throw new KeyInvalidError(`${curve} public point is not on the curve`);
}

export function compressEcPoint(curve: EcCurve, x: Uint8Array, y: Uint8Array): Uint8Array {
  const size = EC[curve].size;
  const out = new Uint8Array(1 + size);
  out[0] = (y[size - 1]! & 1) === 1 ? 3 : 2;
  out.set(x, 1);
  return out;
}

/**
 * Ed25519's field constants (p = 2^255 − 19, d, √−1) and the small-order y values below, computed on the first
 * Ed25519 key: as top-level bigint expressions a bundler would keep them (it cannot prove their operators free of side
 * effects) in builds that never decode an Ed25519 point.
 */
let ed: readonly [p: bigint, d: bigint, sqrtM1: bigint, smallOrderY: ReadonlySet<bigint>] | undefined;
export function edConstants(): NonNullable<typeof ed> {
  if (ed === undefined) {
    const p = 2n ** 255n - 19n;
    ed = [p, mod(-121665n * modPow(121666n, p - 2n, p), p), modPow(2n, (p - 1n) / 4n, p), new Set([1n, p - 1n, 0n, ED_Y8, p - ED_Y8])];
  }
  return ed;
}

/**
 * y-coordinates of Ed25519's eight torsion points (the points of small order): the identity (y = 1), order 2
 * (y = p − 1), order 4 (y = 0) and order 8 (y = ±2707385501144840649318225287225658788936804267575313519463743609750303402022),
 * as listed in libsodium's `ge25519_has_small_order` blocklist. A canonical encoding of small order has one of these y.
 */
const ED_Y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022n;

/**
 * RFC 8032 §5.1.3 decoding with the canonical rule: the y of a 32-byte string that decodes to an Ed25519 point
 * (y < p, x recoverable, no "-0"), or null.
 */
function ed25519PointY(bytes: Uint8Array): bigint | null {
  const le = Uint8Array.from(bytes).reverse();
  const sign = (le[0]! & 0x80) >> 7;
  le[0]! &= 0x7f;
  const y = bytesToBigInt(le);
  const [ED_P, ED_D, ED_SQRT_M1] = edConstants();
  if (y >= ED_P) return null;
  const u = mod(y * y - 1n, ED_P);
  const v = mod(ED_D * y * y + 1n, ED_P);
  const v3 = (v * v * v) % ED_P;
  let x = (u * v3 % ED_P) * modPow(u * v3 * v3 % ED_P * v, (ED_P - 5n) / 8n, ED_P) % ED_P;
  const vx2 = (v * x * x) % ED_P;
  if (vx2 === mod(-u, ED_P)) x = (x * ED_SQRT_M1) % ED_P;
  else if (vx2 !== u) return null;
  return x === 0n && sign === 1 ? null : y;
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
    const y = ed25519PointY(x);
    if (y === null) throw new KeyInvalidError('Ed25519 public key is not a canonical point encoding');
    if (edConstants()[3].has(y)) throw new KeyInvalidError('Ed25519 public key is a point of small order');
  }
}

export function assertKeyPairConsistent(what: string, derived: Uint8Array, given: Uint8Array): void {
  if (!bytesEqual(derived, given)) throw new KeyInvalidError(`${what}: public part does not match the private key`);
}
