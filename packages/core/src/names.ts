/** The names the contract uses — hashes, curves, key types, runtimes — as a leaf module (it imports nothing). */
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
export type EcCurve = 'P-256' | 'P-384' | 'P-521';
export type OkpCurve = 'Ed25519' | 'X25519';
export type Curve = EcCurve | OkpCurve;
export type EcdhCurve = EcCurve | 'X25519';
export type SignatureEncoding = 'p1363' | 'der';

export const HASHES: readonly HashName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
export const EC_CURVES: readonly EcCurve[] = ['P-256', 'P-384', 'P-521'];
export const ECDH_CURVES: readonly EcdhCurve[] = ['P-256', 'P-384', 'P-521', 'X25519'];

/** Key types `generateKey` can make. */
export type KeySpec = 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ed25519' | 'x25519' | 'rsa-2048' | 'rsa-3072' | 'rsa-4096';
export const KEY_SPECS: readonly KeySpec[] = [
  'ec-p256', 'ec-p384', 'ec-p521', 'ed25519', 'x25519', 'rsa-2048', 'rsa-3072', 'rsa-4096',
];

export type RuntimeName = 'node' | 'bun' | 'deno' | 'workerd' | 'browser' | 'unknown';

