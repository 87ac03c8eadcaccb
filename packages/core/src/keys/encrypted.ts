/**
 * Encrypted private keys, synchronously (key import is sync), with @noble/hashes (PBKDF2, scrypt, MD5),
 * @noble/ciphers (AES-CBC) and des.js (DES-EDE3-CBC):
 * - PKCS#8 `ENCRYPTED PRIVATE KEY` (RFC 5958 EncryptedPrivateKeyInfo) with PBES2 (RFC 8018): PBKDF2 with
 *   HMAC-SHA1/224/256/384/512 or scrypt (RFC 7914), and AES-128/192/256-CBC or DES-EDE3-CBC. This is what
 *   pycryptodome's `export_key(passphrase=..., pkcs=8, protection='scryptAndAES128-CBC' | 'PBKDF2WithHMAC-SHA1And…')`,
 *   OpenSSL 3 and `cryptography` write.
 * - legacy OpenSSL PEM (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: DES-EDE3-CBC|AES-128-CBC|AES-192-CBC|AES-256-CBC,IV`),
 *   key from EVP_BytesToKey(MD5, salt = IV[0..8], 1 iteration): pycryptodome `pkcs=1`, `openssl rsa -aes256`...
 *
 * ASN.1: EncryptedPrivateKeyInfo from @peculiar/asn1-pkcs8 and the PKCS#5 / scrypt parameter schemas of `pkcs5.ts`
 * (@peculiar/asn1-schema), each structure strict DER — parsed, re-serialised and compared byte for byte — so BER forms
 * (indefinite or non-minimal lengths, non-minimal INTEGERs, constructed OCTET STRINGs) and trailing bytes are
 * `ERR_KEY_INVALID`.
 *
 * `decodeEncryptedKey` is what `importKey(..., { passphrase })` calls for encrypted PEM; a wrong passphrase is
 * `ERR_KEY_PASSPHRASE` (bad padding or a result that is not DER). `encryptPkcs8` writes PBES2 (scrypt or PBKDF2) +
 * AES-CBC.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { EncryptedData, EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { cbc } from '@noble/ciphers/aes.js';
// @ts-expect-error des.js ships no type declarations; its small API is typed by DesModule below.
import desModule from 'des.js';
import type { PemBlock } from '../encoding/pem.js';
import { InputInvalidError, KeyInvalidError, KeyPassphraseError, UnsupportedError } from '../errors.js';
import { concatBytes, hexToBytes, utf8 } from '../bytes.js';
import { checkPbkdf2Cost, checkScryptCost, type KdfLimits } from './kdf-limits.js';
import { DerError, parseDer, serializeDer } from '../encoding/asn1.js';
import { AnySequence, Pbes2Params, Pbkdf2Params, ScryptParams } from './pkcs5.js';

interface DesCipher {
  update(data: Uint8Array | number[]): number[];
  final(): number[];
}
interface DesModule {
  EDE: unknown;
  CBC: { instantiate(base: unknown): { create(options: { type: 'encrypt' | 'decrypt'; key: Uint8Array; iv: Uint8Array; padding: false }): DesCipher } };
}
const des = desModule as DesModule;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  aes128cbc: '2.16.840.1.101.3.4.1.2',
  aes192cbc: '2.16.840.1.101.3.4.1.22',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  desEde3cbc: '1.2.840.113549.3.7',
} as const;

type Prf = typeof sha1;
const PRF: Record<string, { hash: Prf; name: string }> = {
  [OID.hmacWithSHA1]: { hash: sha1, name: 'SHA-1' },
  [OID.hmacWithSHA224]: { hash: sha224, name: 'SHA-224' },
  [OID.hmacWithSHA256]: { hash: sha256, name: 'SHA-256' },
  [OID.hmacWithSHA384]: { hash: sha384, name: 'SHA-384' },
  [OID.hmacWithSHA512]: { hash: sha512, name: 'SHA-512' },
};

type CipherName = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc';
const CIPHER_BY_OID: Record<string, CipherName> = {
  [OID.aes128cbc]: 'aes-128-cbc',
  [OID.aes192cbc]: 'aes-192-cbc',
  [OID.aes256cbc]: 'aes-256-cbc',
  [OID.desEde3cbc]: 'des-ede3-cbc',
};
const CIPHER: Record<CipherName, { keyBytes: number; ivBytes: number; oid: string }> = {
  'aes-128-cbc': { keyBytes: 16, ivBytes: 16, oid: OID.aes128cbc },
  'aes-192-cbc': { keyBytes: 24, ivBytes: 16, oid: OID.aes192cbc },
  'aes-256-cbc': { keyBytes: 32, ivBytes: 16, oid: OID.aes256cbc },
  'des-ede3-cbc': { keyBytes: 24, ivBytes: 8, oid: OID.desEde3cbc },
};

/** Work limits for attacker-supplied KDF parameters (an encrypted key file is input too). */
export const ENCRYPTED_KEY_LIMITS = Object.freeze({
  maxPbkdf2Iterations: 10_000_000,
  maxScryptN: 2 ** 20,
  maxScryptR: 32,
  maxScryptP: 16,
  /** 128 · N · r · p bytes of scrypt working memory at most. */
  maxScryptMemory: 1024 * 1024 * 1024,
});

// ------------------------------------------------------------------------------------------------ DER helpers

/** Strict DER (parse, re-serialise, compare: BER length forms, non-minimal INTEGERs and trailing bytes are refused). */
function strict<T>(der: Uint8Array | ArrayBuffer | null | undefined, type: new () => T, what: string): T {
  if (der === undefined || der === null) throw new KeyInvalidError(`${what}: missing`);
  try {
    return parseDer(der instanceof Uint8Array ? der : new Uint8Array(der), type, what);
  } catch (cause) {
    throw new KeyInvalidError(cause instanceof DerError ? cause.message : `${what}: not valid DER`, { cause });
  }
}

function posInt(v: bigint, what: string): number {
  if (v < 1n) throw new KeyInvalidError(`${what}: must be positive`);
  if (v > 0xffffffffffffn) throw new UnsupportedError(`${what}: value out of range`);
  return Number(v);
}

// --------------------------------------------------------------------------------------------- ciphers

function pkcs7Unpad(data: Uint8Array, block: number): Uint8Array {
  if (data.length === 0 || data.length % block !== 0) throw new KeyPassphraseError('wrong passphrase (or the encrypted key is corrupted)');
  const n = data[data.length - 1]!;
  let bad = n === 0 || n > block ? 1 : 0;
  for (let i = 0; i < block; i++) {
    // constant pattern: compare the last `n` bytes without early exit
    const inPad = i < n ? 1 : 0;
    bad |= inPad & (data[data.length - 1 - i]! !== n ? 1 : 0);
  }
  if (bad) throw new KeyPassphraseError('wrong passphrase (or the encrypted key is corrupted)');
  return data.subarray(0, data.length - n);
}

function pkcs7Pad(data: Uint8Array, block: number): Uint8Array {
  const n = block - (data.length % block);
  return concatBytes(data, new Uint8Array(n).fill(n));
}

function decrypt(cipher: CipherName, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const spec = CIPHER[cipher];
  if (iv.length !== spec.ivBytes) throw new KeyInvalidError(`${cipher}: IV must be ${spec.ivBytes} bytes`);
  if (data.length === 0 || data.length % spec.ivBytes !== 0) throw new KeyPassphraseError('wrong passphrase (or the encrypted key is corrupted)');
  let raw: Uint8Array;
  if (cipher === 'des-ede3-cbc') {
    try {
      const d = des.CBC.instantiate(des.EDE).create({ type: 'decrypt', key, iv, padding: false });
      raw = new Uint8Array([...d.update(data), ...d.final()]);
    } catch (cause) {
      throw new KeyPassphraseError('wrong passphrase (or the encrypted key is corrupted)', { cause });
    }
  } else {
    raw = cbc(key, iv, { disablePadding: true }).decrypt(data);
  }
  return pkcs7Unpad(raw, spec.ivBytes);
}

function encrypt(cipher: CipherName, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const spec = CIPHER[cipher];
  const padded = pkcs7Pad(data, spec.ivBytes);
  if (cipher === 'des-ede3-cbc') {
    const e = des.CBC.instantiate(des.EDE).create({ type: 'encrypt', key, iv, padding: false });
    return new Uint8Array([...e.update(padded), ...e.final()]);
  }
  return cbc(key, iv, { disablePadding: true }).encrypt(padded);
}

/** The decrypted bytes must be one complete DER SEQUENCE, else the passphrase was wrong. */
function assertDerKey(der: Uint8Array): Uint8Array {
  try {
    parseDer(der, AnySequence, 'decrypted key');
  } catch (cause) {
    throw new KeyPassphraseError('wrong passphrase (or the encrypted key is corrupted)', { cause });
  }
  return der;
}

// ------------------------------------------------------------------------------------------------ PBES2

interface Pbes2 {
  kdf:
    | { kind: 'pbkdf2'; salt: Uint8Array; iterations: number; keyLength?: number; prf: { hash: Prf; name: string } }
    | { kind: 'scrypt'; salt: Uint8Array; N: number; r: number; p: number; keyLength?: number };
  cipher: CipherName;
  iv: Uint8Array;
}

function parsePbes2(paramsDer: ArrayBuffer | null | undefined): Pbes2 {
  const params = strict(paramsDer, Pbes2Params, 'PBES2 parameters');
  const kdfOid = params.keyDerivationFunc.algorithm;
  const encOid = params.encryptionScheme.algorithm;
  const cipher = CIPHER_BY_OID[encOid];
  if (!cipher) throw new UnsupportedError(`PBES2 encryption scheme ${encOid} is not supported (AES-128/192/256-CBC, DES-EDE3-CBC are)`);
  const iv = new Uint8Array(strict(params.encryptionScheme.parameters, OctetString, 'PBES2 cipher IV').buffer);
  let kdf: Pbes2['kdf'];
  if (kdfOid === OID.pbkdf2) {
    const p = strict(params.keyDerivationFunc.parameters, Pbkdf2Params, 'PBKDF2 parameters (only the "specified" salt form is supported)');
    const iterations = posInt(p.iterationCount, 'PBKDF2 iteration count');
    const keyLength = p.keyLength === undefined ? undefined : posInt(p.keyLength, 'PBKDF2 key length');
    let prf = PRF[OID.hmacWithSHA1]!;
    if (p.prf) {
      const found = PRF[p.prf.algorithm];
      if (!found) throw new UnsupportedError(`PBKDF2 PRF ${p.prf.algorithm} is not supported`);
      prf = found;
    }
    if (iterations > ENCRYPTED_KEY_LIMITS.maxPbkdf2Iterations) throw new UnsupportedError(`PBKDF2 iteration count ${iterations} exceeds ${ENCRYPTED_KEY_LIMITS.maxPbkdf2Iterations}`);
    kdf = { kind: 'pbkdf2', salt: new Uint8Array(p.salt), iterations, prf, ...(keyLength !== undefined ? { keyLength } : {}) };
  } else if (kdfOid === OID.scrypt) {
    const p = strict(params.keyDerivationFunc.parameters, ScryptParams, 'scrypt parameters');
    const N = posInt(p.costParameter, 'scrypt cost parameter');
    const r = posInt(p.blockSize, 'scrypt block size');
    const pp = posInt(p.parallelizationParameter, 'scrypt parallelization');
    const keyLength = p.keyLength === undefined ? undefined : posInt(p.keyLength, 'scrypt key length');
    const L = ENCRYPTED_KEY_LIMITS;
    if ((N & (N - 1)) !== 0 || N < 2) throw new KeyInvalidError('scrypt cost parameter must be a power of two');
    if (N > L.maxScryptN || r > L.maxScryptR || pp > L.maxScryptP || 128 * N * r * pp > L.maxScryptMemory) {
      throw new UnsupportedError(`scrypt parameters N=${N} r=${r} p=${pp} exceed the allowed work`);
    }
    kdf = { kind: 'scrypt', salt: new Uint8Array(p.salt), N, r, p: pp, ...(keyLength !== undefined ? { keyLength } : {}) };
  } else {
    throw new UnsupportedError(`PBES2 key derivation function ${kdfOid} is not supported (PBKDF2 and scrypt are)`);
  }
  return { kdf, cipher, iv };
}

function deriveKey(p: Pbes2, passphrase: Uint8Array, limits: KdfLimits | null): Uint8Array {
  const dkLen = CIPHER[p.cipher].keyBytes;
  if (p.kdf.keyLength !== undefined && p.kdf.keyLength !== dkLen) throw new KeyInvalidError(`PBES2 key length ${p.kdf.keyLength} does not fit ${p.cipher}`);
  // caller-set work limits (kdf-limits.ts), before any derivation; null = our own encryption (encryptPkcs8)
  if (limits) {
    if (p.kdf.kind === 'pbkdf2') checkPbkdf2Cost(p.kdf.iterations, limits);
    else checkScryptCost(p.kdf.N, p.kdf.r, p.kdf.p, limits);
  }
  if (p.kdf.kind === 'pbkdf2') return pbkdf2(p.kdf.prf.hash, passphrase, p.kdf.salt, { c: p.kdf.iterations, dkLen });
  return scrypt(passphrase, p.kdf.salt, { N: p.kdf.N, r: p.kdf.r, p: p.kdf.p, dkLen, maxmem: ENCRYPTED_KEY_LIMITS.maxScryptMemory + 1024 * 1024 });
}

/** EncryptedPrivateKeyInfo DER → PrivateKeyInfo DER. */
export function decryptPkcs8(der: Uint8Array, passphrase: Uint8Array, limits: KdfLimits = {}): Uint8Array {
  const info = strict(der, EncryptedPrivateKeyInfo, 'ENCRYPTED PRIVATE KEY (EncryptedPrivateKeyInfo)');
  const alg = info.encryptionAlgorithm.algorithm;
  if (alg !== OID.pbes2) throw new UnsupportedError(`ENCRYPTED PRIVATE KEY: scheme ${alg} is not supported (only PBES2; PBES1/PKCS#12 schemes are obsolete)`);
  const params = parsePbes2(info.encryptionAlgorithm.parameters);
  const key = deriveKey(params, passphrase, limits);
  return assertDerKey(decrypt(params.cipher, key, params.iv, new Uint8Array(info.encryptedData.buffer)));
}

// ------------------------------------------------------------------------------------------- legacy PEM

const DEK: Record<string, CipherName> = {
  'DES-EDE3-CBC': 'des-ede3-cbc',
  'AES-128-CBC': 'aes-128-cbc',
  'AES-192-CBC': 'aes-192-cbc',
  'AES-256-CBC': 'aes-256-cbc',
};

/** OpenSSL EVP_BytesToKey with MD5 and one iteration (what legacy PEM encryption uses). */
export function evpBytesToKey(passphrase: Uint8Array, salt: Uint8Array, keyBytes: number): Uint8Array {
  const out: Uint8Array[] = [];
  let length = 0;
  let prev = new Uint8Array(0);
  while (length < keyBytes) {
    prev = md5(concatBytes(prev, passphrase, salt));
    out.push(prev);
    length += prev.length;
  }
  return concatBytes(...out).subarray(0, keyBytes);
}

function decryptLegacy(headers: Readonly<Record<string, string>>, der: Uint8Array, passphrase: Uint8Array): Uint8Array {
  const dek = headers['DEK-Info'];
  if (!dek) throw new KeyInvalidError('encrypted PEM without a DEK-Info header');
  const [name, ivHex] = dek.split(',').map((s) => s.trim());
  const cipher = DEK[(name ?? '').toUpperCase()];
  if (!cipher) throw new UnsupportedError(`legacy PEM encryption ${name} is not supported (DES-EDE3-CBC, AES-128/192/256-CBC are)`);
  let iv: Uint8Array;
  try {
    iv = hexToBytes(ivHex ?? '');
  } catch (cause) {
    throw new KeyInvalidError('DEK-Info IV is not hex', { cause });
  }
  if (iv.length !== CIPHER[cipher].ivBytes) throw new KeyInvalidError(`DEK-Info IV must be ${CIPHER[cipher].ivBytes} bytes for ${name}`);
  const key = evpBytesToKey(passphrase, iv.subarray(0, 8), CIPHER[cipher].keyBytes);
  return assertDerKey(decrypt(cipher, key, iv, der));
}

/**
 * Decrypts an encrypted PEM block for importKey: `ENCRYPTED PRIVATE KEY` blocks give PrivateKeyInfo DER; legacy
 * encrypted blocks (`RSA PRIVATE KEY`, `EC PRIVATE KEY`... with `Proc-Type: 4,ENCRYPTED`) give the DER of their own label.
 */
export function decodeEncryptedKey(block: Pick<PemBlock, 'label' | 'headers' | 'der'>, passphrase: Uint8Array, limits: KdfLimits = {}): Uint8Array {
  if (!(passphrase instanceof Uint8Array)) throw new InputInvalidError('passphrase must be bytes');
  if (block.label === 'ENCRYPTED PRIVATE KEY') return decryptPkcs8(block.der, passphrase, limits);
  if (/ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) return decryptLegacy(block.headers, block.der, passphrase);
  throw new InputInvalidError(`PEM block "${block.label}" is not encrypted`);
}

// ------------------------------------------------------------------------------------------------ export

export interface EncryptPkcs8Options {
  readonly kdf: 'scrypt' | 'pbkdf2';
  /** Default aes-256-cbc. */
  readonly cipher?: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';
  /** PBKDF2: iterations (default 600000, the OWASP 2023 figure for HMAC-SHA256) and PRF (default SHA-256). */
  readonly iterations?: number;
  readonly prf?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** scrypt: N (default 2^14: OpenSSL refuses more than 32 MiB of scrypt memory by default), r (8), p (1). */
  readonly N?: number;
  readonly r?: number;
  readonly p?: number;
  /** Fixed salt / IV (tests only). Default: 16 random bytes each. */
  readonly salt?: Uint8Array;
  readonly iv?: Uint8Array;
}

const PRF_OID: Record<NonNullable<EncryptPkcs8Options['prf']>, string> = {
  'SHA-1': OID.hmacWithSHA1,
  'SHA-256': OID.hmacWithSHA256,
  'SHA-384': OID.hmacWithSHA384,
  'SHA-512': OID.hmacWithSHA512,
};

/** PrivateKeyInfo DER → EncryptedPrivateKeyInfo DER (PBES2 with scrypt or PBKDF2, AES-CBC). Wrap with formatPem('ENCRYPTED PRIVATE KEY', …). */
export function encryptPkcs8(der: Uint8Array, passphrase: string | Uint8Array, options: EncryptPkcs8Options): Uint8Array {
  if (!(der instanceof Uint8Array) || der.length === 0) throw new InputInvalidError('PKCS#8 DER must be non-empty bytes');
  assertDerKey(der);
  const pass = typeof passphrase === 'string' ? utf8(passphrase) : passphrase;
  if (!(pass instanceof Uint8Array) || pass.length === 0) throw new InputInvalidError('passphrase must not be empty');
  const cipher: CipherName = options?.cipher ?? 'aes-256-cbc';
  if (!CIPHER[cipher] || (cipher as string) === 'des-ede3-cbc') throw new InputInvalidError(`cipher must be aes-128-cbc, aes-192-cbc or aes-256-cbc`);
  const salt = options.salt ?? randomBytes(16);
  const iv = options.iv ?? randomBytes(16);
  if (iv.length !== 16) throw new InputInvalidError('AES-CBC IV must be 16 bytes');
  if (salt.length < 8) throw new InputInvalidError('salt must be at least 8 bytes');
  let kdf: AlgorithmIdentifier;
  let params: Pbes2;
  if (options.kdf === 'scrypt') {
    const N = options.N ?? 2 ** 14;
    const r = options.r ?? 8;
    const p = options.p ?? 1;
    params = { kdf: { kind: 'scrypt', salt, N, r, p }, cipher, iv };
    const scryptParams = new ScryptParams({ salt: bufferOf(salt), costParameter: BigInt(N), blockSize: BigInt(r), parallelizationParameter: BigInt(p) });
    kdf = new AlgorithmIdentifier({ algorithm: OID.scrypt, parameters: AsnConvert.serialize(scryptParams) });
  } else if (options.kdf === 'pbkdf2') {
    const iterations = options.iterations ?? 600_000;
    const prfName = options.prf ?? 'SHA-256';
    const prfOid = PRF_OID[prfName];
    if (!prfOid) throw new InputInvalidError(`unknown PBKDF2 PRF ${String(prfName)}`);
    if (!Number.isSafeInteger(iterations) || iterations < 1000) throw new InputInvalidError('PBKDF2 iterations must be an integer ≥ 1000');
    params = { kdf: { kind: 'pbkdf2', salt, iterations, prf: PRF[prfOid]! }, cipher, iv };
    // hmacWithSHA1 is the DEFAULT: left out, as DER requires
    const pbkdf2Params = new Pbkdf2Params({
      salt: bufferOf(salt),
      iterationCount: BigInt(iterations),
      ...(prfOid !== OID.hmacWithSHA1 ? { prf: new AlgorithmIdentifier({ algorithm: prfOid, parameters: null }) } : {}),
    });
    kdf = new AlgorithmIdentifier({ algorithm: OID.pbkdf2, parameters: AsnConvert.serialize(pbkdf2Params) });
  } else {
    throw new InputInvalidError('options.kdf must be "scrypt" or "pbkdf2"');
  }
  const pbes2Params = new Pbes2Params({
    keyDerivationFunc: kdf,
    encryptionScheme: new AlgorithmIdentifier({ algorithm: CIPHER[cipher].oid, parameters: AsnConvert.serialize(new OctetString(iv)) }),
  });
  const key = deriveKey(params, pass, null);
  const encrypted = encrypt(cipher, key, iv, der);
  const info = new EncryptedPrivateKeyInfo({
    encryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: AsnConvert.serialize(pbes2Params) }),
    encryptedData: new EncryptedData(bufferOf(encrypted)),
  });
  return serializeDer(info);
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
