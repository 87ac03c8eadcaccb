/**
 * Virgil signatures (virgil-crypto `calculateSignature` / `verifySignature`):
 *
 *   VirgilSignature ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier ({ sha512, NULL }), signature OCTET STRING }
 *
 * where `signature` is Ed25519 over SHA-512(data) — the digest is what gets signed (64 bytes of Ed25519). Only ED25519
 * keys sign (a CURVE25519 key cannot; virgil-crypto aborts its WASM in that case, cryptoplug throws
 * `ERR_KEY_ALG_MISMATCH`).
 */
import {
  KeyAlgMismatchError,
  SignatureMalformedError,
  UnsupportedError,
  CryptoplugError,
  type Backend,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import { VirgilSignature, alg, buffer, decodeDer, encode, noParams } from '../asn1.js';
import { HASH_OID, hashByOid, type VirgilHash } from './oids.js';

export const SIGNATURE_HASH: VirgilHash = 'SHA-512';

function requireEd25519(key: PrivateKey | PublicKey, what: string): void {
  if (key.curve !== 'Ed25519') throw new KeyAlgMismatchError(`${what} needs an ED25519 key, got ${key.describe()} (CURVE25519 keys only decrypt)`);
}

/** Raw Ed25519 signature over a digest (what a signer info in the footer of signed messages carries). */
export async function signDigest(backend: Backend, key: PrivateKey, digest: Uint8Array): Promise<Uint8Array> {
  requireEd25519(key, 'signing');
  return backend.sign({ name: 'Ed25519' }, key, digest);
}

export async function verifyDigest(backend: Backend, key: PublicKey, digest: Uint8Array, signature: Uint8Array): Promise<boolean> {
  requireEd25519(key, 'verification');
  if (signature.length !== 64) return false;
  return backend.verify({ name: 'Ed25519' }, key, signature, digest);
}

/** Virgil signature DER over `data`. */
export async function virgilSign(backend: Backend, key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  requireEd25519(key, 'signing');
  const digest = await backend.digest(SIGNATURE_HASH, data);
  const sig = await signDigest(backend, key, digest);
  return encode(Object.assign(new VirgilSignature(), { digestAlgorithm: alg(HASH_OID[SIGNATURE_HASH], null), signature: buffer(sig) }));
}

/** Parses a Virgil signature: its digest algorithm and the raw Ed25519 signature. */
export function parseVirgilSignature(signature: Uint8Array): { hash: VirgilHash; value: Uint8Array } {
  try {
    const parsed = decodeDer(signature, VirgilSignature, 'Virgil signature');
    const digest = parsed.digestAlgorithm;
    if (!noParams(digest)) throw new SignatureMalformedError('Virgil signature: unexpected digest parameters');
    const hash = hashByOid(digest.algorithm);
    if (!hash) throw new UnsupportedError(`Virgil signature: digest ${digest.algorithm} is not supported`);
    const value = new Uint8Array(parsed.signature);
    if (value.length !== 64) throw new SignatureMalformedError(`Virgil signature: Ed25519 signature must be 64 bytes, got ${value.length}`);
    return { hash, value };
  } catch (e) {
    if (e instanceof CryptoplugError && (e.code === 'ERR_UNSUPPORTED' || e.code === 'ERR_SIGNATURE_MALFORMED')) throw e;
    throw new SignatureMalformedError('not a Virgil signature (DER SEQUENCE { digestAlgorithm, OCTET STRING })', { cause: e });
  }
}

/**
 * Verifies a Virgil signature. `false` for a well-formed signature that does not match; throws
 * `ERR_SIGNATURE_MALFORMED` for bytes that are not a Virgil signature.
 */
export async function virgilVerify(backend: Backend, key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  requireEd25519(key, 'verification');
  const { hash, value } = parseVirgilSignature(signature);
  return verifyDigest(backend, key, await backend.digest(hash, data), value);
}
