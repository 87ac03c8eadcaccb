/** Validation of key material, done once at import/generation so backends can trust what they receive. */
import type { PublicMaterial } from './key.js';
import type { EcCurve } from '../names.js';
import { PrivateKey, PublicKey, bitLength } from './key.js';
import {
  EC,
  assertEcPoint,
  assertKeyPairConsistent,
  assertOkpPublic,
} from '../curves.js';
import { ecPublicFromPrivate, okpPublicFromPrivate } from '../curve-math.js';
import { KeyInvalidError } from '../errors.js';
import { bigIntToBytes, bytesToBigInt, concatBytes, stripLeadingZeros } from '../bytes.js';
import { markPairUnchecked } from './pair-check.js';

export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 16384;

function checkRsaPublic(n: Uint8Array, e: Uint8Array): void {
  const bits = bitLength(n);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    throw new KeyInvalidError(`RSA modulus of ${bits} bits is outside ${RSA_MIN_BITS}..${RSA_MAX_BITS}`);
  }
  const nv = bytesToBigInt(n);
  const ev = bytesToBigInt(e);
  if ((nv & 1n) === 0n) throw new KeyInvalidError('RSA modulus is even');
  // 3 ≤ e < 2^32 and odd: the range WebCrypto implementations and BoringSSL accept. A huge e (up to n) is valid
  // mathematically but makes every public-key operation cost a full-size exponentiation (forge: seconds per verify
  // at 4096 bits, minutes at 16384), so the policy is the same, small, range on every backend.
  if (ev < 3n || (ev & 1n) === 0n || ev >= nv || ev >= RSA_MAX_PUBLIC_EXPONENT) {
    throw new KeyInvalidError('RSA public exponent is invalid (it must be odd and 3 ≤ e < 2^32)');
  }
}

/** Public exponents must be below this (2^32). */
export const RSA_MAX_PUBLIC_EXPONENT = 0x100000000n;

/** An EC public key from its coordinates, on-curve checked (the EC case of {@link publicKeyFromMaterial}). */
export function ecPublicKey(curve: EcCurve, x: Uint8Array, y: Uint8Array): PublicKey {
  assertEcPoint(curve, x, y);
  return new PublicKey({ kty: 'EC', curve, x: x.slice(), y: y.slice() });
}

export function publicKeyFromMaterial(m: PublicMaterial): PublicKey {
  switch (m.kty) {
    case 'EC':
      return ecPublicKey(m.curve, m.x, m.y);
    case 'OKP':
      assertOkpPublic(m.curve, m.x);
      return new PublicKey({ kty: 'OKP', curve: m.curve, x: m.x.slice() });
    case 'RSA': {
      const n = stripLeadingZeros(m.n);
      const e = stripLeadingZeros(m.e);
      checkRsaPublic(n, e);
      return new PublicKey({ kty: 'RSA', n: n.slice(), e: e.slice() });
    }
  }
}

/** Private material where the public part may be missing (derived then) or present (then it must match). */
export type PrivateInput =
  | { kty: 'EC'; curve: EcCurve; d: Uint8Array; x?: Uint8Array; y?: Uint8Array }
  | { kty: 'OKP'; curve: 'Ed25519' | 'X25519'; d: Uint8Array; x?: Uint8Array }
  | {
      kty: 'RSA';
      n: Uint8Array;
      e: Uint8Array;
      d: Uint8Array;
      p?: Uint8Array;
      q?: Uint8Array;
      dp?: Uint8Array;
      dq?: Uint8Array;
      qi?: Uint8Array;
    };

/** SEC1 allows a shorter big-endian scalar; normalise to the curve size. */
function ecScalar(curve: EcCurve, d: Uint8Array): Uint8Array {
  const size = EC[curve].size;
  if (d.length === size) return d;
  try {
    return bigIntToBytes(bytesToBigInt(d), size);
  } catch {
    throw new KeyInvalidError(`${curve} private scalar is too long`);
  }
}

/**
 * Private material with its public part (as a JWK always has): everything cheap is checked now, the scalar
 * multiplication that proves the pair consistent runs before the key's first private operation (see pair-check.ts).
 */
export function privateKeyFromMaterialDeferred(m: PrivateInput): PrivateKey {
  if (m.kty === 'EC' && m.x && m.y) {
    const d = ecScalar(m.curve, m.d);
    const v = bytesToBigInt(d);
    if (v === 0n || v >= EC[m.curve].order) throw new KeyInvalidError(`${m.curve} private scalar is out of range`);
    assertEcPoint(m.curve, m.x, m.y);
    return markPairUnchecked(new PrivateKey({ kty: 'EC', curve: m.curve, d: d.slice(), x: m.x.slice(), y: m.y.slice() }));
  }
  if (m.kty === 'OKP' && m.x) {
    if (m.d.length !== 32) throw new KeyInvalidError(`${m.curve} private key must be 32 bytes`);
    assertOkpPublic(m.curve, m.x);
    return markPairUnchecked(new PrivateKey({ kty: 'OKP', curve: m.curve, d: m.d.slice(), x: m.x.slice() }));
  }
  if (m.kty === 'RSA') return rsaPrivate(m);
  throw new KeyInvalidError('private key material without its public part needs privateKeyFromMaterial');
}

export function privateKeyFromMaterial(m: PrivateInput): PrivateKey {
  switch (m.kty) {
    case 'EC': {
      const d = ecScalar(m.curve, m.d);
      const pub = ecPublicFromPrivate(m.curve, d);
      if (m.x && m.y) assertKeyPairConsistent(`${m.curve} key`, concatBytes(pub.x, pub.y), concatBytes(m.x, m.y));
      return new PrivateKey({ kty: 'EC', curve: m.curve, d: d.slice(), x: pub.x, y: pub.y });
    }
    case 'OKP': {
      const x = okpPublicFromPrivate(m.curve, m.d);
      if (m.x) assertKeyPairConsistent(`${m.curve} key`, x, m.x);
      return new PrivateKey({ kty: 'OKP', curve: m.curve, d: m.d.slice(), x });
    }
    case 'RSA':
      return rsaPrivate(m);
  }
}

function rsaPrivate(m: Extract<PrivateInput, { kty: 'RSA' }>): PrivateKey {
  {
    {
      const n = stripLeadingZeros(m.n);
      const e = stripLeadingZeros(m.e);
      checkRsaPublic(n, e);
      if (!m.p || !m.q || !m.dp || !m.dq || !m.qi) {
        throw new KeyInvalidError('RSA private keys need the CRT parameters (p, q, dp, dq, qi)');
      }
      const [nv, dv, pv, qv, dpv, dqv, qiv] = [n, m.d, m.p, m.q, m.dp, m.dq, m.qi].map(bytesToBigInt) as bigint[];
      if (pv! * qv! !== nv || pv! < 3n || qv! < 3n) throw new KeyInvalidError('RSA key: p × q does not equal n');
      if (dv! <= 0n || dv! >= nv!) throw new KeyInvalidError('RSA key: private exponent out of range');
      if (dv! % (pv! - 1n) !== dpv || dv! % (qv! - 1n) !== dqv || (qiv! * qv!) % pv! !== 1n) {
        throw new KeyInvalidError('RSA key: CRT parameters are inconsistent');
      }
      // e must invert d: with dP = d mod (p−1) and dQ = d mod (q−1) (checked above), e·dP ≡ 1 (mod p−1) and
      // e·dQ ≡ 1 (mod q−1) together mean e·d ≡ 1 (mod lcm(p−1, q−1) = λ(n)). Cheaper than computing λ(n), and it
      // checks the exponents the CRT signers actually use. A key failing it signs values its own public key rejects.
      const ev = bytesToBigInt(e);
      if ((ev * dpv!) % (pv! - 1n) !== 1n || (ev * dqv!) % (qv! - 1n) !== 1n) {
        throw new KeyInvalidError('RSA key: the public exponent e does not match the private exponent d');
      }
      const strip = (b: Uint8Array) => stripLeadingZeros(b).slice();
      return new PrivateKey({
        kty: 'RSA', n: n.slice(), e: e.slice(), d: strip(m.d), p: strip(m.p), q: strip(m.q),
        dp: strip(m.dp), dq: strip(m.dq), qi: strip(m.qi),
      });
    }
  }
}
