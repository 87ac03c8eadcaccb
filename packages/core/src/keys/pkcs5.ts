/**
 * ASN.1 schemas (@peculiar/asn1-schema) for password-based encryption of PKCS#8 keys — there is no @peculiar package
 * for PKCS#5, so they are defined here, as RFC 8018 (PKCS#5 v2.1) appendix A and RFC 7914 §7 write them:
 *
 *   PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
 *   PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
 *                                iterationCount INTEGER (1..MAX), keyLength INTEGER (1..MAX) OPTIONAL,
 *                                prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
 *   scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter INTEGER (1..MAX), blockSize INTEGER (1..MAX),
 *                                parallelizationParameter INTEGER (1..MAX), keyLength INTEGER (1..MAX) OPTIONAL }
 *
 * Only the `specified` salt is supported (nothing writes `otherSource`). `prf` is modelled as OPTIONAL without a
 * default so an explicitly written hmacWithSHA1 (strictly non-DER, written by some older tools) round-trips and is
 * accepted. Decorators are applied in static blocks (the project compiles without `experimentalDecorators`).
 * Integers are bigints, so re-serialisation is minimal and a non-minimal INTEGER fails the strict DER comparison.
 */
import { AsnArray, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

const int = { type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter } as const;

export class Pbes2Params {
  keyDerivationFunc = new AlgorithmIdentifier();
  encryptionScheme = new AlgorithmIdentifier();
  constructor(params: Partial<Pbes2Params> = {}) {
    Object.assign(this, params);
  }
  static {
    AsnType({ type: AsnTypeTypes.Sequence })(this);
    AsnProp({ type: AlgorithmIdentifier })(this.prototype, 'keyDerivationFunc');
    AsnProp({ type: AlgorithmIdentifier })(this.prototype, 'encryptionScheme');
  }
}

export class Pbkdf2Params {
  salt: ArrayBuffer = new ArrayBuffer(0);
  iterationCount = 0n;
  keyLength?: bigint;
  prf?: AlgorithmIdentifier;
  constructor(params: Partial<Pbkdf2Params> = {}) {
    Object.assign(this, params);
  }
  static {
    AsnType({ type: AsnTypeTypes.Sequence })(this);
    AsnProp({ type: AsnPropTypes.OctetString })(this.prototype, 'salt');
    AsnProp(int)(this.prototype, 'iterationCount');
    AsnProp({ ...int, optional: true })(this.prototype, 'keyLength');
    AsnProp({ type: AlgorithmIdentifier, optional: true })(this.prototype, 'prf');
  }
}

export class ScryptParams {
  salt: ArrayBuffer = new ArrayBuffer(0);
  costParameter = 0n;
  blockSize = 0n;
  parallelizationParameter = 0n;
  keyLength?: bigint;
  constructor(params: Partial<ScryptParams> = {}) {
    Object.assign(this, params);
  }
  static {
    AsnType({ type: AsnTypeTypes.Sequence })(this);
    AsnProp({ type: AsnPropTypes.OctetString })(this.prototype, 'salt');
    AsnProp(int)(this.prototype, 'costParameter');
    AsnProp(int)(this.prototype, 'blockSize');
    AsnProp(int)(this.prototype, 'parallelizationParameter');
    AsnProp({ ...int, optional: true })(this.prototype, 'keyLength');
  }
}

/** Any SEQUENCE (its elements kept as encoded): the "is this one complete DER SEQUENCE?" check after decryption. */
export class AnySequence extends AsnArray<ArrayBuffer> {
  static {
    AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Any })(this);
  }
}
