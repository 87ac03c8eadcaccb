/**
 * Virgil's ASN.1 structures as @peculiar/asn1-schema schemas (decorators applied in static blocks: the project
 * compiles without `experimentalDecorators`), and strict DER decoding: parse, re-serialise, compare byte for byte, so
 * BER forms (indefinite or non-minimal lengths, non-minimal INTEGERs, constructed strings) and trailing bytes are
 * `ERR_E2EE_MALFORMED`. Fields typed ANY (AlgorithmIdentifier parameters) are decoded strictly in turn where they are
 * used. The definitions follow virgil-crypto 5.x (virgil-crypto-c `VirgilMessageInfo`, `VirgilSignature`, ECIES
 * envelope), as written out in message-info.ts, ecies.ts and signature.ts.
 */
import {
  AsnArray,
  AsnChoiceType,
  AsnConvert,
  AsnIntegerBigIntConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { bytesEqual } from '@cryptoplug/core';
import { MalformedError } from './errors.js';

export { AlgorithmIdentifier, OctetString, SubjectPublicKeyInfo };

const INT = { type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter } as const;
const OCTETS = { type: AsnPropTypes.OctetString } as const;
type Ctor<T> = new () => T;

function sequence(cls: Ctor<unknown>, props: Record<string, Parameters<typeof AsnProp>[0]>): void {
  AsnType({ type: AsnTypeTypes.Sequence })(cls);
  for (const [name, options] of Object.entries(props)) AsnProp(options)(cls.prototype as object, name);
}

// ---------------------------------------------------------------------------------------------------------------------
// VirgilMessageInfo (see message-info.ts for the ASN.1)

export class KeyTransRecipientInfo {
  version = 2n;
  rid: ArrayBuffer = new ArrayBuffer(0); // [0] EXPLICIT OCTET STRING: the key id
  keyEncryptionAlgorithm = new AlgorithmIdentifier();
  encryptedKey: ArrayBuffer = new ArrayBuffer(0);
  static {
    sequence(this, { version: INT, rid: { ...OCTETS, context: 0 }, keyEncryptionAlgorithm: { type: AlgorithmIdentifier }, encryptedKey: OCTETS });
  }
}

/** PasswordRecipientInfo contents are not decoded (cryptoplug cannot decrypt for password recipients); it is counted. */
export class PasswordRecipientInfo extends AsnArray<ArrayBuffer> {
  static {
    AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Any })(this);
  }
}

/** RecipientInfo ::= CHOICE { ktri KeyTransRecipientInfo, pwri [3] IMPLICIT PasswordRecipientInfo } */
export class RecipientInfo {
  ktri?: KeyTransRecipientInfo;
  pwri?: PasswordRecipientInfo;
  static {
    AsnChoiceType()(this);
    AsnProp({ type: KeyTransRecipientInfo })(this.prototype, 'ktri');
    AsnProp({ type: PasswordRecipientInfo, context: 3, implicit: true })(this.prototype, 'pwri');
  }
}

export class RecipientInfos extends AsnArray<RecipientInfo> {
  static {
    AsnType({ type: AsnTypeTypes.Set, itemType: RecipientInfo })(this);
  }
}

export class EncryptedContentInfo {
  contentType = '';
  contentEncryptionAlgorithm = new AlgorithmIdentifier();
  static {
    sequence(this, { contentType: { type: AsnPropTypes.ObjectIdentifier }, contentEncryptionAlgorithm: { type: AlgorithmIdentifier } });
  }
}

export class EnvelopedData {
  version = 2n;
  recipientInfos = new RecipientInfos();
  encryptedContentInfo = new EncryptedContentInfo();
  static {
    sequence(this, { version: INT, recipientInfos: { type: RecipientInfos }, encryptedContentInfo: { type: EncryptedContentInfo } });
  }
}

/** ContentInfo ::= SEQUENCE { contentType OID (envelopedData), content [0] EXPLICIT EnvelopedData } */
export class ContentInfo {
  contentType = '';
  content = new EnvelopedData();
  static {
    sequence(this, { contentType: { type: AsnPropTypes.ObjectIdentifier }, content: { type: EnvelopedData, context: 0 } });
  }
}

/** KeyValue.value ::= CHOICE { [0] EXPLICIT INTEGER, [1] EXPLICIT UTF8String, [2] EXPLICIT OCTET STRING } */
export class KeyValueValue {
  int?: bigint;
  str?: string;
  data?: ArrayBuffer;
  static {
    AsnChoiceType()(this);
    AsnProp({ ...INT, context: 0 })(this.prototype, 'int');
    AsnProp({ type: AsnPropTypes.Utf8String, context: 1 })(this.prototype, 'str');
    AsnProp({ ...OCTETS, context: 2 })(this.prototype, 'data');
  }
}

export class KeyValue {
  key = '';
  value = new KeyValueValue();
  static {
    sequence(this, { key: { type: AsnPropTypes.Utf8String }, value: { type: KeyValueValue } });
  }
}

export class CustomParams extends AsnArray<KeyValue> {
  static {
    AsnType({ type: AsnTypeTypes.Set, itemType: KeyValue })(this);
  }
}

export class SignedDataInfo {
  version = 0n;
  digestAlgorithm = new AlgorithmIdentifier();
  static {
    sequence(this, { version: INT, digestAlgorithm: { type: AlgorithmIdentifier } });
  }
}

export class FooterInfo {
  version = 0n;
  dataSize = 0n;
  signedDataInfo?: SignedDataInfo;
  static {
    sequence(this, { version: INT, dataSize: INT, signedDataInfo: { type: SignedDataInfo, context: 0, optional: true } });
  }
}

export class VirgilMessageInfo {
  version = 0n;
  cmsContent = new ContentInfo();
  customParams?: CustomParams;
  cipherKdf?: AlgorithmIdentifier;
  footerInfo?: FooterInfo;
  cipherPadding?: AlgorithmIdentifier;
  static {
    sequence(this, {
      version: INT,
      cmsContent: { type: ContentInfo },
      customParams: { type: CustomParams, context: 0, optional: true },
      cipherKdf: { type: AlgorithmIdentifier, context: 1, optional: true },
      footerInfo: { type: FooterInfo, context: 2, optional: true },
      cipherPadding: { type: AlgorithmIdentifier, context: 3, optional: true },
    });
  }
}

export class SignerInfo {
  version = 0n;
  signerId: ArrayBuffer = new ArrayBuffer(0);
  signerAlgorithm = new AlgorithmIdentifier();
  signature: ArrayBuffer = new ArrayBuffer(0);
  static {
    sequence(this, { version: INT, signerId: OCTETS, signerAlgorithm: { type: AlgorithmIdentifier }, signature: OCTETS });
  }
}

export class SignerInfos extends AsnArray<SignerInfo> {
  static {
    AsnType({ type: AsnTypeTypes.Set, itemType: SignerInfo })(this);
  }
}

export class VirgilMessageInfoFooter {
  version = 0n;
  signerInfos?: SignerInfos;
  static {
    sequence(this, { version: INT, signerInfos: { type: SignerInfos, context: 0, optional: true } });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// ECIES envelope and signature (see ecies.ts, signature.ts)

export class EciesMac {
  algorithm = new AlgorithmIdentifier();
  digest: ArrayBuffer = new ArrayBuffer(0);
  static {
    sequence(this, { algorithm: { type: AlgorithmIdentifier }, digest: OCTETS });
  }
}

export class EciesEncrypted {
  algorithm = new AlgorithmIdentifier();
  data: ArrayBuffer = new ArrayBuffer(0);
  static {
    sequence(this, { algorithm: { type: AlgorithmIdentifier }, data: OCTETS });
  }
}

export class EciesEnvelope {
  version = 0n;
  originator = new SubjectPublicKeyInfo();
  kdf = new AlgorithmIdentifier();
  hmac = new EciesMac();
  encrypted = new EciesEncrypted();
  static {
    sequence(this, {
      version: INT,
      originator: { type: SubjectPublicKeyInfo },
      kdf: { type: AlgorithmIdentifier },
      hmac: { type: EciesMac },
      encrypted: { type: EciesEncrypted },
    });
  }
}

export class VirgilSignature {
  digestAlgorithm = new AlgorithmIdentifier();
  signature: ArrayBuffer = new ArrayBuffer(0);
  static {
    sequence(this, { digestAlgorithm: { type: AlgorithmIdentifier }, signature: OCTETS });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Strict decoding and encoding

/**
 * Decodes the DER structure at the start of `bytes` (more bytes may follow: a Virgil message is a DER header followed
 * by ciphertext) and returns it with its encoded length. The structure itself must be canonical DER.
 */
export function decodePrefix<T>(bytes: Uint8Array | ArrayBuffer, type: Ctor<T>, what: string): { value: T; length: number } {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let value: T;
  let again: Uint8Array;
  try {
    value = AsnConvert.parse(input, type);
    again = new Uint8Array(AsnConvert.serialize(value));
  } catch (cause) {
    throw new MalformedError(`${what}: not valid DER`, { cause });
  }
  if (again.length > input.length || !bytesEqual(again, input.subarray(0, again.length))) {
    throw new MalformedError(`${what}: not canonical DER (BER lengths, non-minimal integers or constructed strings)`);
  }
  return { value, length: again.length };
}

/** Decodes exactly one canonical DER structure spanning all of `bytes`. */
export function decodeDer<T>(bytes: Uint8Array | ArrayBuffer | null | undefined, type: Ctor<T>, what: string): T {
  if (bytes === null || bytes === undefined) throw new MalformedError(`${what}: missing`);
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const { value, length } = decodePrefix(input, type, what);
  if (length !== input.length) throw new MalformedError(`${what}: ${input.length - length} trailing bytes after the DER structure`);
  return value;
}

/** A non-negative INTEGER that must fit a number (versions, sizes). */
export function smallInt(v: bigint, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (v < 0n || v > BigInt(max)) throw new MalformedError(`${what}: ${v} is out of range`);
  return Number(v);
}

export function encode(value: unknown): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}

export function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/** An AlgorithmIdentifier; `params` is already-encoded DER (or null for an explicit NULL, undefined for none). */
export function alg(oid: string, params?: Uint8Array | null): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: oid, ...(params === undefined ? {} : { parameters: params === null ? null : buffer(params) }) });
}

/** DER SET OF: elements sorted by their encodings. */
export function sortedSetOf<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, bytes: encode(item) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes))
    .map((e) => e.item);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** True when AlgorithmIdentifier parameters are absent or NULL. */
export function noParams(a: AlgorithmIdentifier): boolean {
  return a.parameters === undefined || a.parameters === null;
}

/** Any SEQUENCE, its elements kept as encoded (for sniffing a key container's algorithm before core's import). */
export class AnySequence extends AsnArray<ArrayBuffer> {
  static {
    AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Any })(this);
  }
}
