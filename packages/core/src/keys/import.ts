/**
 * Key import from any supported format, detected from content: PEM (PKCS#8, SPKI, PKCS#1 private/public, SEC1,
 * X.509 certificate → its SPKI), DER (the same containers), JWK (object or JSON text) and raw bytes (EC points,
 * compressed or uncompressed; Ed25519/X25519 32-byte keys with an explicit curve).
 */
import { Certificate } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { Curve, EcCurve } from '../names.js';
import { EC, decodeEcPoint, isCurve, isEcCurve } from '../curves.js';
import { CryptoplugError, InputInvalidError, KeyInvalidError, KeyPassphraseError, KeyUsageError, UnsupportedError } from '../errors.js';
import { isBytes, fromUtf8 } from '../bytes.js';
import { looksLikePem, parsePem } from '../encoding/pem.js';
import { parseDer } from '../encoding/asn1.js';
import { parseJsonGuarded } from '../encoding/json.js';
import type { Key } from './key.js';
import { PrivateKey, PublicKey, SecretKey } from './key.js';
import { isJwkLike, keyFromJwk } from './jwk.js';
import {
  privateKeyFromPkcs1,
  privateKeyFromPkcs8,
  privateKeyFromSec1,
  publicKeyFromPkcs1,
  publicKeyFromSpki,
} from './der.js';
import { privateKeyFromMaterial, publicKeyFromMaterial } from './validate.js';
import { decodeEncryptedKey } from './encrypted.js';
import type { KdfLimits } from './kdf-limits.js';

export type KeyFormat = 'pem' | 'der' | 'jwk' | 'raw';

export interface ImportOptions {
  /** Skip detection. */
  readonly format?: KeyFormat;
  /** Raw keys: which curve the bytes belong to (required for Ed25519/X25519; EC points infer it from their length). */
  readonly curve?: Curve;
  /** Raw Ed25519/X25519 and EC scalars: the bytes are the private key. */
  readonly private?: boolean;
  /** Passphrase for encrypted PEM (`ENCRYPTED PRIVATE KEY`, legacy `Proc-Type: 4,ENCRYPTED`). */
  readonly passphrase?: string | Uint8Array;
  /**
   * Work limits for the KDF of an encrypted key, checked before any derivation (defaults: PBKDF2 ≤ 600,000
   * iterations, scrypt 128·N·r·p ≤ 64 MiB; see kdf-limits.ts). Exceeding them is `ERR_LIMIT_EXCEEDED`.
   */
  readonly kdfLimits?: KdfLimits;
}

const KEY_LABELS = new Set([
  'PRIVATE KEY', 'PUBLIC KEY', 'RSA PRIVATE KEY', 'RSA PUBLIC KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'CERTIFICATE',
]);

function fromPem(text: string, options: ImportOptions): Key {
  const blocks = parsePem(text).filter((b) => b.label !== 'EC PARAMETERS');
  const keys = blocks.filter((b) => KEY_LABELS.has(b.label));
  if (keys.length === 0) {
    throw new UnsupportedError(`PEM block "${blocks[0]?.label ?? ''}" is not a supported key type`);
  }
  if (keys.length > 1) throw new InputInvalidError(`expected one key in the PEM text, found ${keys.length}`);
  const block = keys[0]!;
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
  if (encrypted) {
    if (options.passphrase === undefined) throw new KeyPassphraseError('the private key is encrypted: a passphrase is needed');
    const pass = typeof options.passphrase === 'string' ? new TextEncoder().encode(options.passphrase) : options.passphrase;
    const der = decodeEncryptedKey(block, pass, options.kdfLimits ?? {});
    return block.label === 'ENCRYPTED PRIVATE KEY' ? privateKeyFromPkcs8(der) : fromLabel(block.label, der);
  }
  return fromLabel(block.label, block.der);
}

function fromLabel(label: string, der: Uint8Array): Key {
  switch (label) {
    case 'PRIVATE KEY':
      return privateKeyFromPkcs8(der);
    case 'PUBLIC KEY':
      return publicKeyFromSpki(der);
    case 'RSA PRIVATE KEY':
      return privateKeyFromPkcs1(der);
    case 'RSA PUBLIC KEY':
      return publicKeyFromPkcs1(der);
    case 'EC PRIVATE KEY':
      return privateKeyFromSec1(der);
    case 'CERTIFICATE':
      return publicKeyFromCertificate(der);
    default:
      throw new UnsupportedError(`PEM block "${label}" is not a supported key type`);
  }
}

function publicKeyFromCertificate(der: Uint8Array): PublicKey {
  let cert: Certificate;
  try {
    cert = parseDer(der, Certificate, 'X.509 certificate');
  } catch (cause) {
    throw new KeyInvalidError('X.509 certificate: not valid DER', { cause });
  }
  return publicKeyFromSpki(new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo)));
}

/** Which DER container the bytes are, by structure alone; the matching decoder then validates the content. */
function fromDer(der: Uint8Array): Key {
  const probes: Array<[new () => unknown, (d: Uint8Array) => Key]> = [
    [PrivateKeyInfo, privateKeyFromPkcs8],
    [SubjectPublicKeyInfo, publicKeyFromSpki],
    [RSAPrivateKey, privateKeyFromPkcs1],
    [RSAPublicKey, publicKeyFromPkcs1],
    [ECPrivateKey, (d) => privateKeyFromSec1(d)],
    [Certificate, publicKeyFromCertificate],
  ];
  for (const [type, decode] of probes) {
    let matches = false;
    try {
      AsnConvert.parse(der, type);
      matches = true;
    } catch {
      /* not this container */
    }
    if (matches) return decode(der);
  }
  // PKCS#8 v2 (OneAsymmetricKey) does not parse as v1 PrivateKeyInfo; privateKeyFromPkcs8 handles it.
  try {
    return privateKeyFromPkcs8(der);
  } catch (e) {
    if (e instanceof CryptoplugError && e.code !== 'ERR_KEY_INVALID') throw e;
  }
  throw new KeyInvalidError('DER is not a PKCS#8, SPKI, PKCS#1, SEC1 or X.509 structure');
}

const POINT_SIZES: Record<number, EcCurve> = { 65: 'P-256', 33: 'P-256', 97: 'P-384', 49: 'P-384', 133: 'P-521', 67: 'P-521' };

function fromRaw(bytes: Uint8Array, options: ImportOptions): Key {
  const curve = options.curve ?? (bytes[0] === 2 || bytes[0] === 3 || bytes[0] === 4 ? POINT_SIZES[bytes.length] : undefined);
  if (!curve) throw new KeyInvalidError('raw key: pass the curve (Ed25519/X25519 keys and EC scalars cannot be detected)');
  if (!isCurve(curve)) throw new UnsupportedError(`raw key: curve ${String(curve)} is not supported`);
  if (isEcCurve(curve)) {
    if (options.private) {
      if (bytes.length !== EC[curve].size) throw new KeyInvalidError(`${curve} raw private scalar must be ${EC[curve].size} bytes`);
      return privateKeyFromMaterial({ kty: 'EC', curve, d: bytes });
    }
    const { x, y } = decodeEcPoint(curve, bytes);
    return publicKeyFromMaterial({ kty: 'EC', curve, x, y });
  }
  if (bytes.length !== 32) throw new KeyInvalidError(`${curve} raw key must be 32 bytes, got ${bytes.length}`);
  return options.private
    ? privateKeyFromMaterial({ kty: 'OKP', curve, d: bytes })
    : publicKeyFromMaterial({ kty: 'OKP', curve, x: bytes });
}

function parseJsonKey(text: string): unknown {
  return parseJsonGuarded(text, { what: 'JWK text', invalid: (cause) => new KeyInvalidError('key text is neither PEM nor JSON', { cause }) });
}

/** Imports a key, detecting the format from content unless `options.format` says it. Synchronous, no backend needed. */
export function importKey(input: string | Uint8Array | object, options: ImportOptions = {}): Key {
  try {
    return importAny(input, options);
  } catch (e) {
    if (e instanceof CryptoplugError) throw e;
    throw new KeyInvalidError('key could not be parsed', { cause: e });
  }
}

function importAny(input: string | Uint8Array | object, options: ImportOptions): Key {
  const format = options.format;
  if (isBytes(input)) {
    if (format === 'raw') return fromRaw(input, options);
    if (format === 'der') return fromDer(input);
    if (format === 'pem' || format === 'jwk') return importAny(fromUtf8(input), options);
    if (input.length === 0) throw new KeyInvalidError('key is empty');
    if (options.curve !== undefined) return fromRaw(input, options);
    if (input[0] === 0x30) return fromDer(input);
    // text in a byte buffer (a key file read as bytes)
    const first = input[0]!;
    if (first === 0x2d /* - */ || first === 0x7b /* { */ || first === 0x20 || first === 0x0a || first === 0x0d || first === 0x09) {
      return importAny(fromUtf8(input), options);
    }
    return fromRaw(input, options);
  }
  if (typeof input === 'string') {
    if (format === 'jwk' || (format === undefined && input.trimStart().startsWith('{'))) return keyFromJwk(parseJsonKey(input));
    if (format === undefined || format === 'pem') {
      if (!looksLikePem(input)) throw new KeyInvalidError('key text is neither PEM nor JWK JSON');
      return fromPem(input, options);
    }
    throw new InputInvalidError(`a ${format} key must be given as bytes`);
  }
  if (isJwkLike(input)) return keyFromJwk(input);
  throw new KeyInvalidError('unrecognised key input (expected PEM text, DER bytes, JWK or raw bytes)');
}

/** Imports and requires a private key. */
export function importPrivateKey(input: string | Uint8Array | object, options: ImportOptions = {}): PrivateKey {
  const key = importKey(input, options);
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`expected a private key, got a ${key.type} key`);
  return key;
}

/** Imports a public key; a private key is accepted and reduced to its public part. */
export function importPublicKey(input: string | Uint8Array | object, options: ImportOptions = {}): PublicKey {
  const key = importKey(input, options);
  if (key instanceof SecretKey) throw new KeyUsageError('expected a public key, got a secret key');
  return key.publicKey();
}
