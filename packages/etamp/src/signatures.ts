/**
 * The two detached signatures, as python-ecdsa makes them: `base64.b64encode(sk.sign(text.encode()))`.
 * python-ecdsa 0.18's `SigningKey.sign(data)` hashes with the key's default hash (SHA-1 for a key from
 * `SigningKey.generate()`/`from_pem()`) and encodes with `sigencode_string`: raw r‖s, each 66 bytes for P-521.
 * That is the contract's ECDSA with `encoding: 'p1363'`; the strong profile only swaps the hash for SHA-512.
 */
import {
  EC,
  SignatureMalformedError,
  base64,
  bigIntToBytes,
  bytesToBigInt,
  decodeEcPoint,
  fromBase64,
  p1363InRange,
  utf8,
  type Backend,
  type HashName,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import type { SignatureMessageDiagnosis } from './errors.js';

const CURVE = 'P-521';
const SIG_BYTES = 2 * EC[CURVE].size;
// secp521r1 field prime 2^521 - 1
const P521_P = (1n << 521n) - 1n;

export async function signDetached(backend: Backend, key: PrivateKey, hash: HashName, text: string): Promise<string> {
  return base64(await backend.sign({ name: 'ECDSA', hash, encoding: 'p1363' }, key, utf8(text)));
}

/** The signature bytes, or undefined when the text is not standard base64 of 132 bytes. */
export function decodeDetached(b64: string): Uint8Array | undefined {
  let sig: Uint8Array;
  try {
    sig = fromBase64(b64);
  } catch {
    return undefined;
  }
  return sig.length === SIG_BYTES ? sig : undefined;
}

/** True only when the signature verifies; malformed text or bytes are simply not valid. */
export async function verifyDetached(backend: Backend, key: PublicKey, hash: HashName, b64: string, text: string): Promise<boolean> {
  const sig = decodeDetached(b64);
  if (!sig) return false;
  try {
    return await backend.verify({ name: 'ECDSA', hash, encoding: 'p1363' }, key, sig, utf8(text));
  } catch (e) {
    if (e instanceof SignatureMalformedError) return false;
    throw e;
  }
}

/** True when r (mod n lifted back to the field) is the x-coordinate of a P-521 point, as every real signature's r is. */
function rIsCurveX(r: bigint): boolean {
  const n = EC[CURVE].order;
  for (let x = r; x < P521_P; x += n) {
    try {
      decodeEcPoint(CURVE, new Uint8Array([0x02, ...bigIntToBytes(x, EC[CURVE].size)]));
      return true;
    } catch {
      /* not on the curve: try the next lift */
    }
  }
  return false;
}

/**
 * Why a `SignatureMessage` that did not verify failed, as far as anyone can tell without the signer's secrets (see
 * {@link SignatureMessageDiagnosis}). ECDSA does not reveal what was signed: for any (r, s) with a valid r there is a
 * message hash e with s·R − r·Q = e·G, so a well-formed signature over unknown data cannot be attributed.
 */
export function diagnoseSignatureMessage(b64: string): SignatureMessageDiagnosis {
  const sig = decodeDetached(b64);
  if (!sig) return 'malformed';
  if (!p1363InRange(CURVE, sig)) return 'impossible';
  return rIsCurveX(bytesToBigInt(sig.subarray(0, EC[CURVE].size))) ? 'unverifiable' : 'impossible';
}
