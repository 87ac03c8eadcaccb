/**
 * Key generation for EC (P-256/384/521), Ed25519 and X25519: noble draws a random private key (its
 * `utils.randomSecretKey`, from crypto.getRandomValues) and core validates it into a neutral PrivateKey, deriving the
 * public part. No RSA: noble has no RSA.
 */
import { UnsupportedError, privateKeyFromMaterial, type EcCurve, type KeySpec, type PrivateKey } from '@cryptoplug/core';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { CURVE } from './noble.js';

export const KEYGEN_SPECS: readonly KeySpec[] = ['ec-p256', 'ec-p384', 'ec-p521', 'ed25519', 'x25519'];

const EC_SPEC: Partial<Record<KeySpec, EcCurve>> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' };

export function generateKey(spec: KeySpec): PrivateKey {
  const curve = EC_SPEC[spec];
  if (curve) return privateKeyFromMaterial({ kty: 'EC', curve, d: CURVE[curve].utils.randomSecretKey() });
  if (spec === 'ed25519') return privateKeyFromMaterial({ kty: 'OKP', curve: 'Ed25519', d: ed25519.utils.randomSecretKey() });
  if (spec === 'x25519') return privateKeyFromMaterial({ kty: 'OKP', curve: 'X25519', d: x25519.utils.randomSecretKey() });
  throw new UnsupportedError(`generating ${spec} keys is not supported by the noble backend`);
}
