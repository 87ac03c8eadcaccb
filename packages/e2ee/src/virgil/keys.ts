/**
 * Virgil keys: Ed25519 and Curve25519 (X25519) key pairs as PKCS#8 / SPKI DER — exactly what virgil-crypto 5.x
 * `exportPrivateKey` / `exportPublicKey` produce — and Virgil key identifiers.
 *
 * Key identifier (virgil-crypto `calculateKeyPairIdentifier`): the first 8 bytes of SHA-512 of the public key's SPKI
 * DER, or (with `useSha256Identifiers`) the full 32-byte SHA-256 of it.
 *
 * Other Virgil key types (RSA, secp256r1, compound / post-quantum keys) are recognised and rejected with
 * `ERR_UNSUPPORTED`.
 */
import {
  CryptoplugError,
  KeyPassphraseError,
  KeyUsageError,
  PrivateKey,
  PublicKey,
  SecretKey,
  UnsupportedError,
  exportDer,
  fromBase64,
  importKey,
  parsePem,
  utf8,
  type Backend,
  type Key,
} from '@cryptoplug/core';
import { AsnConvert } from '@peculiar/asn1-schema';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier, AnySequence } from '../asn1.js';
import { OIDS, VIRGIL_ARC, oidName } from './oids.js';
import { decryptPrivateKeyDer } from './encrypted-keys.js';

const PBES2 = '1.2.840.113549.1.5.13';

export type VirgilKeyType = 'ed25519' | 'curve25519';

/** Which hash makes the key identifier: SHA-512 (first 8 bytes, the default) or SHA-256 (all 32 bytes). */
export type KeyIdHash = 'SHA-512' | 'SHA-256';

export type VirgilKeyInput = Uint8Array | string;

/**
 * Looks at the algorithm OID of a PKCS#8 / SPKI structure (or SEC1 EC key) before core's import, so that Virgil key
 * types cryptoplug cannot use are reported as `ERR_UNSUPPORTED` with their name.
 */
function rejectUnsupportedDer(der: Uint8Array): void {
  let items: ArrayBuffer[];
  try {
    items = AsnConvert.parse(der, AnySequence);
  } catch {
    return; // core reports malformed keys
  }
  const tag = (i: number) => (items[i] ? new Uint8Array(items[i]!)[0] : undefined);
  let algorithm: ArrayBuffer | undefined;
  if (tag(0) === 0x02 && tag(1) === 0x30) {
    algorithm = items[1]; // PKCS#8 PrivateKeyInfo / OneAsymmetricKey
  } else if (tag(0) === 0x02 && tag(1) === 0x04) {
    // SEC1 ECPrivateKey { INTEGER 1, OCTET STRING d, ... }: how virgil-crypto exports SECP256R1 private keys
    throw new UnsupportedError('Virgil secp256r1 (EC) keys are not supported by the e2ee codec (only Ed25519 and Curve25519)');
  } else if (tag(0) === 0x30) {
    algorithm = items[0]; // SPKI
  }
  let oid: string;
  try {
    oid = AsnConvert.parse(algorithm!, AlgorithmIdentifier).algorithm;
  } catch {
    return;
  }
  if (oid === OIDS.ed25519 || oid === OIDS.x25519) return;
  if (oid === OIDS.rsaEncryption || oid === OIDS.ecPublicKey || oid.startsWith(VIRGIL_ARC)) {
    throw new UnsupportedError(`${oidName(oid)} keys are not supported by the e2ee codec (only Ed25519 and Curve25519)`);
  }
}

function toBytes(input: VirgilKeyInput): Uint8Array | string {
  if (typeof input !== 'string') return input;
  const text = input.trim();
  // virgil-crypto applications usually keep keys as base64 of the DER
  if (!text.startsWith('-----') && !text.startsWith('{') && /^[A-Za-z0-9+/=\s]+$/.test(text)) return fromBase64(text.replace(/\s+/g, ''));
  return input;
}

/** Requires an Ed25519 or X25519 key (a Virgil ED25519 / CURVE25519 key pair). */
export function assertVirgilKey<K extends PrivateKey | PublicKey>(key: K, what: string): K {
  if (!(key instanceof PrivateKey) && !(key instanceof PublicKey)) {
    throw new KeyUsageError(`${what}: expected a cryptoplug PrivateKey or PublicKey`);
  }
  if (key.kty === 'OKP' && (key.curve === 'Ed25519' || key.curve === 'X25519')) return key;
  throw new UnsupportedError(`${what}: ${key.describe()} is not supported by the e2ee codec (Virgil ED25519 or CURVE25519 keys only)`);
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm { pbes2, ... }, encryptedData OCTET STRING } (core checks DER) */
function isEncryptedPkcs8(der: Uint8Array): boolean {
  try {
    return AsnConvert.parse(der, EncryptedPrivateKeyInfo).encryptionAlgorithm.algorithm === PBES2;
  } catch {
    return false;
  }
}

function passBytes(p: string | Uint8Array): Uint8Array {
  return typeof p === 'string' ? utf8(p) : p;
}

function importAny(input: VirgilKeyInput, passphrase: string | Uint8Array | undefined): Key {
  const data = toBytes(input);
  if (typeof data !== 'string') {
    if (isEncryptedPkcs8(data)) {
      if (passphrase === undefined) throw new KeyPassphraseError('the private key is encrypted: a passphrase is needed');
      return importKey(decryptPrivateKeyDer(data, passBytes(passphrase)), { format: 'der' });
    }
    rejectUnsupportedDer(data);
  } else if (data.includes('-----BEGIN')) {
    const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END/.exec(data);
    if (m && !m[1]!.includes('ENCRYPTED')) {
      try {
        rejectUnsupportedDer(fromBase64(m[2]!.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '')));
      } catch (e) {
        if (e instanceof UnsupportedError) throw e;
      }
    }
  }
  // core's importKey decrypts `ENCRYPTED PRIVATE KEY` / legacy encrypted PEM itself when given the passphrase.
  return importKey(data, passphrase === undefined ? {} : { passphrase });
}

/**
 * Imports a Virgil private key: PKCS#8 DER (what `exportPrivateKey` returns), its base64, or PEM — including
 * `ENCRYPTED PRIVATE KEY` (PKCS#8 PBES2) with a passphrase, through core's key import.
 */
export function importVirgilPrivateKey(input: VirgilKeyInput, options: { passphrase?: string | Uint8Array } = {}): PrivateKey {
  const key = importAny(input, options.passphrase);
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`expected a private key, got a ${key.type} key`);
  return assertVirgilKey(key, 'private key');
}

/** Imports a Virgil public key: SPKI DER (what `exportPublicKey` returns), its base64, or PEM. */
export function importVirgilPublicKey(input: VirgilKeyInput): PublicKey {
  const key = importAny(input, undefined);
  if (key instanceof SecretKey) throw new KeyUsageError('expected a public key, got a secret key');
  return assertVirgilKey(key.publicKey(), 'public key');
}

/** PKCS#8 DER, byte-identical to virgil-crypto's `exportPrivateKey` for the same key. */
export function exportVirgilPrivateKey(key: PrivateKey): Uint8Array {
  return exportDer(assertVirgilKey(key, 'private key'), 'pkcs8');
}

/** SPKI DER, byte-identical to virgil-crypto's `exportPublicKey` for the same key. */
export function exportVirgilPublicKey(key: PrivateKey | PublicKey): Uint8Array {
  return exportDer(assertVirgilKey(key, 'public key').publicKey(), 'spki');
}

const idCache = new WeakMap<PrivateKey | PublicKey, Partial<Record<KeyIdHash, Uint8Array>>>();

/** Virgil key identifier of a key pair (computed from the public key; remembered per key object). */
export async function virgilKeyId(backend: Backend, key: PrivateKey | PublicKey, hash: KeyIdHash = 'SHA-512'): Promise<Uint8Array> {
  const cached = idCache.get(key)?.[hash];
  if (cached) return cached.slice();
  const spki = exportVirgilPublicKey(key);
  const id = hash === 'SHA-256' ? await backend.digest('SHA-256', spki) : (await backend.digest('SHA-512', spki)).slice(0, 8);
  idCache.set(key, { ...idCache.get(key), [hash]: id.slice() });
  return id;
}

/** Both identifiers a key may be known by (SHA-512/8 and SHA-256). */
export async function virgilKeyIds(backend: Backend, key: PrivateKey | PublicKey): Promise<Uint8Array[]> {
  return [await virgilKeyId(backend, key, 'SHA-512'), await virgilKeyId(backend, key, 'SHA-256')];
}

/** Generates a Virgil key pair through the backend (ED25519 signs and decrypts; CURVE25519 only decrypts). */
export async function generateVirgilKeyPair(backend: Backend, type: VirgilKeyType = 'ed25519'): Promise<PrivateKey> {
  if (type !== 'ed25519' && type !== 'curve25519') {
    throw new UnsupportedError(`Virgil key type ${String(type)} is not supported (ed25519 or curve25519)`);
  }
  return backend.generateKey(type === 'ed25519' ? 'ed25519' : 'x25519');
}
