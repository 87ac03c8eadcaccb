/**
 * RSASSA-PKCS1-v1_5 and RSA-PSS (RFC 8017). Signing uses forge (`privateKey.sign(md[, pss])`, CRT with blinding).
 *
 * Verification does NOT use forge's verify functions. Both are implemented here as "raw RSA public operation, then
 * check the encoded message", with forge's BigInteger, digests and MGF1 doing the arithmetic and hashing:
 *
 * - PKCS#1 v1.5: forge parses the decrypted block (padding, then a BER DigestInfo), and its history is a list of
 *   signature forgeries through lenient parsing (CVE-2022-24771/24772/24773; 1.3.x and 1.4.x tightened it again).
 *   Here the verifier builds the one expected block `00 01 FF…FF 00 ‖ DigestInfo(hash, H(m))` itself (DER, NULL
 *   parameters, the hash the caller named) and compares all k bytes in constant time. No parser, nothing to be
 *   lenient about. A DigestInfo *without* the NULL parameters is rejected (Wycheproof "MissingNull", "acceptable").
 * - PSS: forge's `pss.verify` takes the salt as `db.substr(-sLen)`, which for sLen = 0 is the whole DB instead of
 *   the empty string, so every salt-length-0 signature fails; and it drops the leading byte of the block without
 *   checking it when the modulus size is 1 mod 8. EMSA-PSS-VERIFY (RFC 8017 §9.1.2) is written out below instead.
 *
 * A signature representative ≥ n is an invalid signature (false), not an error (RFC 8017 §5.2.2 "signature
 * representative out of range" → "invalid signature"); core has already checked the length is k bytes.
 */
import forge from 'node-forge';
import { timingSafeEqual, type PrivateKey, type PublicKey, type SignatureAlgorithm, type HashName, hexToBytes } from '@cryptoplug/core';
import { fromBigInteger, fromBin, toBigInteger, toBin } from './binary.js';
import { digestBin, md } from './hash.js';
import { rsaPrivate, rsaPublic } from './keys.js';

type Rsa = Extract<SignatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' }>;

/** DER DigestInfo prefixes (AlgorithmIdentifier with NULL parameters, then the OCTET STRING header): RFC 8017 §9.2 note 1. */
const DIGEST_INFO: Readonly<Record<HashName, Uint8Array>> = {
  'SHA-1': hexToBytes('3021300906052b0e03021a05000414'),
  'SHA-256': hexToBytes('3031300d060960864801650304020105000420'),
  'SHA-384': hexToBytes('3041300d060960864801650304020205000430'),
  'SHA-512': hexToBytes('3051300d060960864801650304020305000440'),
};

function pssScheme(alg: Extract<Rsa, { name: 'RSA-PSS' }>): unknown {
  return forge.pss.create({ md: md(alg.hash), mgf: forge.mgf.mgf1.create(md(alg.hash)), saltLength: alg.saltLength });
}

export function rsaSign(alg: Rsa, key: PrivateKey, data: Uint8Array): Uint8Array {
  const priv = rsaPrivate(key);
  const m = md(alg.hash);
  m.update(toBin(data));
  const sig = alg.name === 'RSA-PSS' ? priv.sign(m, pssScheme(alg)) : priv.sign(m);
  return fromBin(sig);
}

/** s^e mod n as k bytes, or undefined when the representative is out of range (s ≥ n). */
function rsavp1(key: PublicKey, sig: Uint8Array): { em: Uint8Array; bits: number; k: number } | undefined {
  const h = rsaPublic(key);
  const s = toBigInteger(sig);
  if (s.compareTo(h.key.n) >= 0) return undefined;
  return { em: fromBigInteger(s.modPow(h.key.e, h.key.n), h.k), bits: h.bits, k: h.k };
}

export function rsaVerify(alg: Rsa, key: PublicKey, sig: Uint8Array, data: Uint8Array): boolean {
  const r = rsavp1(key, sig);
  if (!r) return false;
  const mHash = fromBin(digestBin(alg.hash, toBin(data)));
  return alg.name === 'RSA-PSS' ? emsaPssVerify(alg, mHash, r.em, r.bits) : timingSafeEqual(r.em, emsaPkcs1v15(alg.hash, mHash, r.k));
}

/** EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2) of a digest for a k-byte modulus (k ≥ 128 here: core's minimum is 1024 bits). */
function emsaPkcs1v15(hash: HashName, mHash: Uint8Array, k: number): Uint8Array {
  const prefix = DIGEST_INFO[hash];
  const em = new Uint8Array(k).fill(0xff);
  const tLen = prefix.length + mHash.length;
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - tLen - 1] = 0x00;
  em.set(prefix, k - tLen);
  em.set(mHash, k - mHash.length);
  return em;
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with MGF1 on the same hash. `block` is the k-byte output of RSAVP1. */
function emsaPssVerify(alg: Extract<Rsa, { name: 'RSA-PSS' }>, mHash: Uint8Array, block: Uint8Array, modBits: number): boolean {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const sLen = alg.saltLength;
  // §8.1.2 step 2c: I2OSP(m, emLen). When emLen = k − 1 the k-byte block must start with a zero byte.
  if (block.length > emLen && block.subarray(0, block.length - emLen).some((b) => b !== 0)) return false;
  const em = block.subarray(block.length - emLen);
  if (emLen < hLen + sLen + 2) return false; // step 3
  if (em[emLen - 1] !== 0xbc) return false; // step 4
  const dbLen = emLen - hLen - 1;
  const maskedDB = em.subarray(0, dbLen); // step 5
  const h = em.subarray(dbLen, dbLen + hLen);
  const topMask = 0xff >> (8 * emLen - emBits); // the bits that may be set in the first byte
  if ((maskedDB[0]! & ~topMask) !== 0) return false; // step 6
  const dbMask = fromBin(forge.mgf.mgf1.create(md(alg.hash)).generate(toBin(h), dbLen)); // step 7
  const db = new Uint8Array(dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = maskedDB[i]! ^ dbMask[i]!; // step 8
  db[0]! &= topMask; // step 9
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false; // step 10
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(dbLen - sLen); // step 11 (empty when sLen = 0)
  const mPrime = new Uint8Array(8 + hLen + sLen); // step 12
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  const hPrime = fromBin(digestBin(alg.hash, toBin(mPrime))); // step 13
  return timingSafeEqual(h, hPrime); // step 14
}
