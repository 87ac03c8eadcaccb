/**
 * DER key containers ↔ key material: PKCS#8 PrivateKeyInfo (v1, and v2/OneAsymmetricKey for OKP), SPKI,
 * PKCS#1 RSAPrivateKey / RSAPublicKey, SEC1 ECPrivateKey. Parsing uses @peculiar/asn1-*; every parse is strict DER.
 */
import * as asn1js from 'asn1js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import type { EcCurve } from '../names.js';
import { EC, OID, OKP_OID, decodeEcPoint, ecCurveByOid, okpCurveByOid } from '../curves.js';
import { KeyInvalidError, UnsupportedError } from '../errors.js';
import { DerError, parseDer, serializeDer, strictUnsignedInteger, unsignedIntegerBody } from '../encoding/asn1.js';
import { PrivateKey, PublicKey } from './key.js';
import { keyMaterial } from './material.js';
import type { PrivateInput } from './validate.js';
import { privateKeyFromMaterial, publicKeyFromMaterial } from './validate.js';

function strict<T>(der: Uint8Array, type: new () => T, what: string): T {
  try {
    return parseDer(der, type, what);
  } catch (cause) {
    throw new KeyInvalidError(cause instanceof DerError ? cause.message : `${what}: not valid DER`, { cause });
  }
}

function int(buf: ArrayBuffer, what: string): Uint8Array {
  const v = strictUnsignedInteger(new Uint8Array(buf));
  if (!v) throw new KeyInvalidError(`${what} is negative or not minimally encoded`);
  return v.slice();
}

function intBuf(magnitude: Uint8Array): ArrayBuffer {
  return unsignedIntegerBody(magnitude).slice().buffer as ArrayBuffer;
}

function namedCurveOf(parameters: ArrayBuffer | null | undefined, what: string): EcCurve {
  if (!parameters) throw new KeyInvalidError(`${what}: EC key without curve parameters`);
  let params: ECParameters;
  try {
    params = AsnConvert.parse(parameters, ECParameters);
  } catch (cause) {
    throw new KeyInvalidError(`${what}: invalid EC parameters`, { cause });
  }
  if (!params.namedCurve) throw new UnsupportedError(`${what}: explicit EC curve parameters are not supported (use a named curve)`);
  const curve = ecCurveByOid(params.namedCurve);
  if (!curve) throw new UnsupportedError(`${what}: EC curve ${params.namedCurve} is not supported`);
  return curve;
}

function ecParams(curve: EcCurve): ArrayBuffer {
  return AsnConvert.serialize(new ECParameters({ namedCurve: EC[curve].oid }));
}

const NULL_PARAMS = new Uint8Array([5, 0]).buffer;

function assertNoParams(alg: AlgorithmIdentifier, what: string, allowNull: boolean): void {
  const p = alg.parameters;
  if (p === undefined || p === null) return;
  const bytes = new Uint8Array(p);
  if (allowNull && bytes.length === 2 && bytes[0] === 5 && bytes[1] === 0) return;
  throw new KeyInvalidError(`${what}: unexpected algorithm parameters`);
}

// ---------------------------------------------------------------------------------------------- public keys

export function publicKeyFromSpki(der: Uint8Array): PublicKey {
  const spki = strict(der, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo');
  const oid = spki.algorithm.algorithm;
  const bits = new Uint8Array(spki.subjectPublicKey);
  if (oid === OID.ecPublicKey) {
    const curve = namedCurveOf(spki.algorithm.parameters, 'SubjectPublicKeyInfo');
    const { x, y } = decodeEcPoint(curve, bits);
    return publicKeyFromMaterial({ kty: 'EC', curve, x, y });
  }
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    if (oid === OID.rsaEncryption) assertNoParams(spki.algorithm, 'SubjectPublicKeyInfo', true);
    return publicKeyFromPkcs1(bits);
  }
  const okp = okpCurveByOid(oid);
  if (okp) {
    assertNoParams(spki.algorithm, 'SubjectPublicKeyInfo', false);
    return publicKeyFromMaterial({ kty: 'OKP', curve: okp, x: bits });
  }
  throw new UnsupportedError(`SubjectPublicKeyInfo: key algorithm ${oid} is not supported`);
}

export function publicKeyFromPkcs1(der: Uint8Array): PublicKey {
  const k = strict(der, RSAPublicKey, 'RSAPublicKey');
  return publicKeyFromMaterial({ kty: 'RSA', n: int(k.modulus, 'RSA modulus'), e: int(k.publicExponent, 'RSA exponent') });
}

export function spkiFromPublicKey(key: PublicKey): Uint8Array {
  const m = keyMaterial(key);
  let algorithm: AlgorithmIdentifier;
  let bits: Uint8Array;
  switch (m.kty) {
    case 'EC':
      algorithm = new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: ecParams(m.curve) });
      bits = new Uint8Array(1 + m.x.length * 2);
      bits[0] = 4;
      bits.set(m.x, 1);
      bits.set(m.y, 1 + m.x.length);
      break;
    case 'OKP':
      algorithm = new AlgorithmIdentifier({ algorithm: OKP_OID[m.curve] });
      bits = m.x;
      break;
    case 'RSA':
      algorithm = new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: NULL_PARAMS });
      bits = pkcs1FromPublicKey(key);
      break;
  }
  return serializeDer(new SubjectPublicKeyInfo({ algorithm, subjectPublicKey: bits.slice().buffer as ArrayBuffer }));
}

export function pkcs1FromPublicKey(key: PublicKey): Uint8Array {
  const m = keyMaterial(key);
  if (m.kty !== 'RSA') throw new KeyInvalidError('PKCS#1 export is for RSA keys');
  return serializeDer(new RSAPublicKey({ modulus: intBuf(m.n), publicExponent: intBuf(m.e) }));
}

// --------------------------------------------------------------------------------------------- private keys

/**
 * PKCS#8 v2 `OneAsymmetricKey` (RFC 5958) carries `[1] publicKey`; @peculiar's PrivateKeyInfo is v1 only. Parse the
 * outer SEQUENCE with asn1js, and hand back the equivalent v1 encoding plus the public key bytes.
 */
function fromOneAsymmetricKey(der: Uint8Array): { v1: Uint8Array; publicKey: Uint8Array } | undefined {
  const parsed = asn1js.fromBER(der.slice().buffer as ArrayBuffer);
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const items = parsed.result.valueBlock.value;
  const version = items[0];
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 1 || items.length < 4) return undefined;
  const last = items[items.length - 1]!;
  if (last.idBlock.tagClass !== 3 || last.idBlock.tagNumber !== 1) return undefined;
  const hex = new Uint8Array((last as asn1js.Primitive).valueBlock.valueHexView ?? new Uint8Array());
  if (hex.length < 2 || hex[0] !== 0) return undefined; // BIT STRING with no unused bits
  const v1 = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), ...items.slice(1, -1)] });
  return { v1: new Uint8Array(v1.toBER(false)), publicKey: hex.slice(1) };
}

export function privateKeyFromPkcs8(der: Uint8Array): PrivateKey {
  let info: PrivateKeyInfo;
  let v2Public: Uint8Array | undefined;
  try {
    info = parseDer(der, PrivateKeyInfo, 'PKCS#8 PrivateKeyInfo');
    // v1 (0), or v2 (1, RFC 5958 OneAsymmetricKey) without the optional public key — python-ecdsa writes the latter.
    if (info.version !== 0 && info.version !== 1) throw new KeyInvalidError(`PKCS#8: unsupported version ${info.version}`);
  } catch (cause) {
    const v2 = fromOneAsymmetricKey(der);
    if (!v2) {
      if (cause instanceof KeyInvalidError) throw cause;
      throw new KeyInvalidError(cause instanceof DerError ? cause.message : 'PKCS#8: not valid DER', { cause });
    }
    info = strict(v2.v1, PrivateKeyInfo, 'PKCS#8 OneAsymmetricKey');
    v2Public = v2.publicKey;
  }
  const oid = info.privateKeyAlgorithm.algorithm;
  const inner = new Uint8Array(info.privateKey.buffer);
  if (oid === OID.ecPublicKey) {
    const curve = namedCurveOf(info.privateKeyAlgorithm.parameters, 'PKCS#8');
    return privateKeyFromSec1(inner, curve);
  }
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    if (oid === OID.rsaEncryption) assertNoParams(info.privateKeyAlgorithm, 'PKCS#8', true);
    return privateKeyFromPkcs1(inner);
  }
  const okp = okpCurveByOid(oid);
  if (okp) {
    assertNoParams(info.privateKeyAlgorithm, 'PKCS#8', false);
    const d = new Uint8Array(strict(inner, OctetString, `PKCS#8 ${okp} CurvePrivateKey`).buffer);
    if (d.length !== 32) throw new KeyInvalidError(`${okp} private key must be 32 bytes, got ${d.length}`);
    return privateKeyFromMaterial(v2Public ? { kty: 'OKP', curve: okp, d, x: v2Public } : { kty: 'OKP', curve: okp, d });
  }
  throw new UnsupportedError(`PKCS#8: key algorithm ${oid} is not supported`);
}

export function privateKeyFromPkcs1(der: Uint8Array): PrivateKey {
  const k = strict(der, RSAPrivateKey, 'RSAPrivateKey');
  if (k.version !== 0 || k.otherPrimeInfos) throw new UnsupportedError('multi-prime RSA keys are not supported');
  return privateKeyFromMaterial({
    kty: 'RSA',
    n: int(k.modulus, 'RSA modulus'),
    e: int(k.publicExponent, 'RSA public exponent'),
    d: int(k.privateExponent, 'RSA private exponent'),
    p: int(k.prime1, 'RSA prime p'),
    q: int(k.prime2, 'RSA prime q'),
    dp: int(k.exponent1, 'RSA dp'),
    dq: int(k.exponent2, 'RSA dq'),
    qi: int(k.coefficient, 'RSA qi'),
  });
}

/** SEC1 ECPrivateKey. `curve` comes from the PKCS#8 wrapper; standalone SEC1 must name its curve itself. */
export function privateKeyFromSec1(der: Uint8Array, curve?: EcCurve): PrivateKey {
  const k = strict(der, ECPrivateKey, 'SEC1 ECPrivateKey');
  if (k.version !== 1) throw new KeyInvalidError('SEC1 ECPrivateKey: version must be 1');
  let c = curve;
  if (k.parameters) {
    const inner = namedCurveOf(AsnConvert.serialize(k.parameters), 'SEC1 ECPrivateKey');
    if (c && inner !== c) throw new KeyInvalidError('SEC1 ECPrivateKey: curve differs from the PKCS#8 algorithm');
    c = inner;
  }
  if (!c) throw new KeyInvalidError('SEC1 ECPrivateKey without a named curve');
  const d = new Uint8Array(k.privateKey.buffer);
  const input: PrivateInput = { kty: 'EC', curve: c, d };
  if (k.publicKey) {
    const pub = decodeEcPoint(c, new Uint8Array(k.publicKey));
    return privateKeyFromMaterial({ ...input, x: pub.x, y: pub.y });
  }
  return privateKeyFromMaterial(input);
}

export function pkcs8FromPrivateKey(key: PrivateKey): Uint8Array {
  const m = keyMaterial(key);
  let algorithm: AlgorithmIdentifier;
  let inner: Uint8Array;
  switch (m.kty) {
    case 'EC':
      algorithm = new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: ecParams(m.curve) });
      inner = sec1FromPrivateKey(key, false);
      break;
    case 'OKP':
      algorithm = new AlgorithmIdentifier({ algorithm: OKP_OID[m.curve] });
      inner = serializeDer(new OctetString(m.d));
      break;
    case 'RSA':
      algorithm = new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: NULL_PARAMS });
      inner = pkcs1FromPrivateKey(key);
      break;
  }
  return serializeDer(new PrivateKeyInfo({ version: 0, privateKeyAlgorithm: algorithm, privateKey: new OctetString(inner) }));
}

export function sec1FromPrivateKey(key: PrivateKey, withCurve = true): Uint8Array {
  const m = keyMaterial(key);
  if (m.kty !== 'EC') throw new KeyInvalidError('SEC1 export is for EC keys');
  const point = new Uint8Array(1 + m.x.length * 2);
  point[0] = 4;
  point.set(m.x, 1);
  point.set(m.y, 1 + m.x.length);
  return serializeDer(
    new ECPrivateKey({
      version: 1,
      privateKey: new OctetString(m.d),
      ...(withCurve ? { parameters: new ECParameters({ namedCurve: EC[m.curve].oid }) } : {}),
      publicKey: point.buffer,
    }),
  );
}

export function pkcs1FromPrivateKey(key: PrivateKey): Uint8Array {
  const m = keyMaterial(key);
  if (m.kty !== 'RSA') throw new KeyInvalidError('PKCS#1 export is for RSA keys');
  return serializeDer(
    new RSAPrivateKey({
      version: 0,
      modulus: intBuf(m.n),
      publicExponent: intBuf(m.e),
      privateExponent: intBuf(m.d),
      prime1: intBuf(m.p),
      prime2: intBuf(m.q),
      exponent1: intBuf(m.dp),
      exponent2: intBuf(m.dq),
      coefficient: intBuf(m.qi),
    }),
  );
}

