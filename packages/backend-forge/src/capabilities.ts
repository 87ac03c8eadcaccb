/**
 * What the forge backend does. Static: forge is pure JavaScript and behaves the same in every runtime.
 *
 * Not claimed, so core answers ERR_UNSUPPORTED before this backend runs:
 * - ECDSA and ECDH (P-256/384/521, X25519): forge 1.x has no elliptic-curve signatures or key agreement
 *   (its ed25519 module is signatures only); EC/X25519 key generation likewise.
 * - AES-KW: forge has no RFC 3394 key wrap.
 */
import type { Capabilities, HashName, KeySpec } from '@cryptoplug/core';

const ALL: readonly HashName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

export const CAPABILITIES: Capabilities = Object.freeze({
  ecdsa: { curves: [], hashes: [] },
  rsaPkcs1: { hashes: ALL },
  rsaPss: { hashes: ALL },
  ed25519: true,
  ecdh: { curves: [] },
  rsaOaep: { hashes: ALL, label: true },
  digest: ALL,
  hmac: ALL,
  aesGcm: true,
  // forge derives J0 with GHASH for every IV other than 12 bytes: any non-empty IV.
  aesGcmIv: { min: 1, reason: 'node-forge takes any non-empty IV' },
  aesCbc: true,
  aesKw: false,
  hkdf: ALL,
  pbkdf2: ALL,
  random: true,
  generateKey: ['ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'] satisfies KeySpec[],
});
