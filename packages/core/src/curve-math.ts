/**
 * Scalar multiplication through @noble/curves: the public key of a private scalar, used once per private-key import to
 * derive (or check) the public part. Kept out of `curves.ts` so public-key paths (verify, encrypt) never carry it.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import type { EcCurve, OkpCurve } from './names.js';
import { EC } from './curves.js';
import { KeyInvalidError } from './errors.js';

const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

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
