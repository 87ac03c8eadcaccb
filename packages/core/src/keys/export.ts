/** Key export: PEM/DER (PKCS#8, SPKI, PKCS#1, SEC1), JWK and raw. Private material leaves only on explicit request. */
import { formatPem } from '../encoding/pem.js';
import { compressEcPoint } from '../curves.js';
import { InputInvalidError, KeyUsageError } from '../errors.js';
import { concatBytes } from '../bytes.js';
import type { Key } from './key.js';
import { PrivateKey, PublicKey, SecretKey } from './key.js';
import { keyMaterial } from './material.js';
import { pkcs1FromPrivateKey, pkcs1FromPublicKey, pkcs8FromPrivateKey, sec1FromPrivateKey, spkiFromPublicKey } from './der.js';

export type DerFormat = 'pkcs8' | 'spki' | 'pkcs1' | 'pkcs1-public' | 'sec1';

const PEM_LABEL: Record<DerFormat, string> = {
  pkcs8: 'PRIVATE KEY',
  spki: 'PUBLIC KEY',
  pkcs1: 'RSA PRIVATE KEY',
  'pkcs1-public': 'RSA PUBLIC KEY',
  sec1: 'EC PRIVATE KEY',
};

function asymmetric(key: Key): PrivateKey | PublicKey {
  if (key instanceof SecretKey) throw new KeyUsageError('secret keys export only as JWK "oct" or raw bytes');
  return key;
}

function requirePrivate(key: Key, format: string): PrivateKey {
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`${format} export needs a private key`);
  return key;
}

export function exportDer(key: Key, format: DerFormat): Uint8Array {
  const k = asymmetric(key);
  switch (format) {
    case 'pkcs8':
      return pkcs8FromPrivateKey(requirePrivate(k, 'PKCS#8'));
    case 'spki':
      return spkiFromPublicKey(k.publicKey());
    case 'pkcs1':
      return pkcs1FromPrivateKey(requirePrivate(k, 'PKCS#1'));
    case 'pkcs1-public':
      return pkcs1FromPublicKey(k.publicKey());
    case 'sec1':
      return sec1FromPrivateKey(requirePrivate(k, 'SEC1'));
    default:
      throw new InputInvalidError(`unknown DER format ${String(format)}`);
  }
}

export function exportPem(key: Key, format: DerFormat): string {
  return formatPem(PEM_LABEL[format] ?? 'UNKNOWN', exportDer(key, format));
}

/**
 * Raw export: EC public points (uncompressed unless `compressed`), OKP public keys, and — only with `private: true` —
 * EC scalars, OKP private keys and secret key bytes.
 */
export function exportRaw(key: Key, options: { compressed?: boolean; private?: boolean } = {}): Uint8Array {
  if (key instanceof SecretKey) {
    if (!options.private) throw new InputInvalidError('exporting a secret key needs { private: true }');
    return key.bytes;
  }
  if (options.private) {
    const m = keyMaterial(requirePrivate(key, 'raw private'));
    if (m.kty === 'RSA') throw new InputInvalidError('RSA keys have no raw form (use PKCS#8 or JWK)');
    return m.d.slice();
  }
  const m = keyMaterial(key.publicKey());
  switch (m.kty) {
    case 'EC':
      return options.compressed ? compressEcPoint(m.curve, m.x, m.y) : concatBytes(new Uint8Array([4]), m.x, m.y);
    case 'OKP':
      return m.x.slice();
    case 'RSA':
      throw new InputInvalidError('RSA keys have no raw form (use SPKI or JWK)');
  }
}
