/** ECDSA signature encodings: IEEE P1363 (r‖s, fixed size) ↔ DER `ECDSA-Sig-Value` (strict). */
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import type { EcCurve } from '../names.js';
import { EC } from '../curves.js';
import { SignatureMalformedError } from '../errors.js';
import { DerError, parseDer, serializeDer, strictUnsignedInteger, unsignedIntegerBody } from './asn1.js';
import { assertP1363Length } from './ecdsa-signature.js';

/** DER → P1363. Throws `ERR_SIGNATURE_MALFORMED` for anything that is not strict DER with non-negative minimal integers
 * that fit the curve size. (r or s being 0 or ≥ n is left to verification, which returns false.) */
export function derToP1363(curve: EcCurve, der: Uint8Array): Uint8Array {
  const size = EC[curve].size;
  let sig: ECDSASigValue;
  try {
    sig = parseDer(der, ECDSASigValue, 'ECDSA DER signature');
  } catch (cause) {
    throw new SignatureMalformedError(cause instanceof DerError ? cause.message : 'ECDSA DER signature: not valid DER', { cause });
  }
  const out = new Uint8Array(2 * size);
  const parts = [new Uint8Array(sig.r), new Uint8Array(sig.s)];
  parts.forEach((body, i) => {
    const v = strictUnsignedInteger(body);
    if (!v) throw new SignatureMalformedError('ECDSA DER signature: integer is negative or not minimally encoded');
    const trimmed = v.length > 1 && v[0] === 0 ? v.subarray(1) : v;
    if (trimmed.length > size) throw new SignatureMalformedError(`ECDSA DER signature: integer larger than ${curve} allows`);
    out.set(trimmed, i * size + (size - trimmed.length));
  });
  return out;
}

/** P1363 → DER. The input must have exactly 2 × curve size bytes. */
export function p1363ToDer(curve: EcCurve, p1363: Uint8Array): Uint8Array {
  assertP1363Length(curve, p1363);
  const size = EC[curve].size;
  const r = unsignedIntegerBody(p1363.subarray(0, size));
  const s = unsignedIntegerBody(p1363.subarray(size));
  return serializeDer(new ECDSASigValue({ r: r.slice().buffer as ArrayBuffer, s: s.slice().buffer as ArrayBuffer }));
}

