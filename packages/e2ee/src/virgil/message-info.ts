/**
 * VirgilMessageInfo: the DER header virgil-crypto 5.x puts in front of the AES-256-GCM ciphertext (a CMS
 * EnvelopedData with Virgil extensions), and the VirgilMessageInfoFooter of signed (`signAndEncrypt`) messages.
 *
 *   VirgilMessageInfo ::= SEQUENCE {
 *     version       INTEGER,                               -- 0; 1 with cipherKdf; 2 with cipherKdf+footerInfo;
 *                                                          -- 3 whenever cipherPadding is present
 *     cmsContent    ContentInfo,                           -- { envelopedData, [0] EnvelopedData }
 *     customParams  [0] EXPLICIT SET OF KeyValue OPTIONAL,
 *     cipherKdf     [1] EXPLICIT AlgorithmIdentifier OPTIONAL, -- { id-alg-hkdf-with-sha512 }
 *     footerInfo    [2] EXPLICIT VirgilFooterInfo OPTIONAL,
 *     cipherPadding [3] EXPLICIT AlgorithmIdentifier OPTIONAL  -- { 1.3.6.1.4.1.54811.1.3 random padding }
 *   }
 *   EnvelopedData ::= SEQUENCE { version INTEGER (2, or 3 with password recipients),
 *                                recipientInfos SET OF RecipientInfo, encryptedContentInfo EncryptedContentInfo }
 *   KeyTransRecipientInfo ::= SEQUENCE { version INTEGER (2), rid [0] EXPLICIT OCTET STRING (key id),
 *                                        keyEncryptionAlgorithm AlgorithmIdentifier (recipient key OID),
 *                                        encryptedKey OCTET STRING (ECIES envelope) }
 *   EncryptedContentInfo ::= SEQUENCE { contentType OID (data), { aes256-GCM, OCTET STRING nonce(12) } }
 *   KeyValue ::= SEQUENCE { key UTF8String, value CHOICE { [0] INTEGER, [1] UTF8String, [2] OCTET STRING } }
 *   VirgilFooterInfo ::= SEQUENCE { version INTEGER (0), dataSize INTEGER,
 *                                   signedDataInfo [0] EXPLICIT SEQUENCE { version INTEGER (0), digestAlgorithm } OPTIONAL }
 *   VirgilMessageInfoFooter ::= SEQUENCE { version INTEGER (0), signerInfos [0] EXPLICIT SET OF SEQUENCE {
 *                                   version INTEGER (0), signerId OCTET STRING, signerAlgorithm AlgorithmIdentifier,
 *                                   signature OCTET STRING } OPTIONAL }
 */
import { UnsupportedError } from '@cryptoplug/core';
import {
  ContentInfo,
  CustomParams,
  EncryptedContentInfo,
  EnvelopedData,
  FooterInfo as FooterInfoAsn,
  KeyTransRecipientInfo,
  KeyValue,
  KeyValueValue,
  OctetString,
  RecipientInfo,
  RecipientInfos,
  SignedDataInfo,
  SignerInfo as SignerInfoAsn,
  SignerInfos,
  VirgilMessageInfo,
  VirgilMessageInfoFooter,
  alg,
  buffer,
  decodeDer,
  decodePrefix,
  encode,
  noParams,
  smallInt,
  sortedSetOf,
  type AlgorithmIdentifier,
} from '../asn1.js';
import { MalformedError } from '../errors.js';
import { HASH_OID, OIDS, hashByOid, type VirgilHash } from './oids.js';

export interface KeyRecipientInfo {
  readonly id: Uint8Array;
  /** OID of the recipient key's algorithm (Ed25519, X25519, or another Virgil type). */
  readonly algorithm: string;
  readonly encryptedKey: Uint8Array;
}

export type CustomParamValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'data'; readonly value: Uint8Array };

export interface FooterInfo {
  /** Size of the (padded) plaintext, i.e. of the ciphertext without its tag. */
  readonly dataSize: number;
  /** Hash of the signed data (SHA-512 for virgil-crypto). */
  readonly signedDataHash?: VirgilHash;
}

export interface MessageInfo {
  readonly recipients: readonly KeyRecipientInfo[];
  /** Number of password recipients (pwri [3]); cryptoplug cannot decrypt for them. */
  readonly passwordRecipients: number;
  /** Data cipher: AES-256-GCM with this 12-byte nonce. */
  readonly nonce: Uint8Array;
  readonly customParams: ReadonlyArray<readonly [string, CustomParamValue]>;
  /** OID of the cipher KDF (HKDF-SHA-512) of signed messages. */
  readonly cipherKdf?: string;
  readonly footer?: FooterInfo;
  /** OID of the cipher padding (Virgil random padding). */
  readonly padding?: string;
}

// ---------------------------------------------------------------------------------------------------------------------
// Encoding

function customParam(key: string, v: CustomParamValue): KeyValue {
  const value = new KeyValueValue();
  if (v.type === 'int') value.int = BigInt(v.value);
  else if (v.type === 'string') value.str = v.value;
  else value.data = buffer(v.value);
  return Object.assign(new KeyValue(), { key, value });
}

/** DER of VirgilSignedDataInfo: also the AEAD additional data of signed messages. */
export function signedDataInfoDer(hash: VirgilHash): Uint8Array {
  return encode(signedDataInfo(hash));
}

function signedDataInfo(hash: VirgilHash): SignedDataInfo {
  return Object.assign(new SignedDataInfo(), { version: 0n, digestAlgorithm: alg(HASH_OID[hash], null) });
}

export function encodeMessageInfo(info: MessageInfo): Uint8Array {
  if (info.passwordRecipients !== 0) throw new UnsupportedError('password recipients are not supported');
  const recipients = info.recipients.map((r) => {
    const ktri = Object.assign(new KeyTransRecipientInfo(), { version: 2n, rid: buffer(r.id), keyEncryptionAlgorithm: alg(r.algorithm), encryptedKey: buffer(r.encryptedKey) });
    return Object.assign(new RecipientInfo(), { ktri });
  });
  const enveloped = Object.assign(new EnvelopedData(), {
    version: 2n,
    recipientInfos: new RecipientInfos(sortedSetOf(recipients)),
    encryptedContentInfo: Object.assign(new EncryptedContentInfo(), {
      contentType: OIDS.cmsData,
      contentEncryptionAlgorithm: alg(OIDS.aes256Gcm, encode(new OctetString(info.nonce))),
    }),
  });
  const out = Object.assign(new VirgilMessageInfo(), {
    version: BigInt(versionOf(info)),
    cmsContent: Object.assign(new ContentInfo(), { contentType: OIDS.cmsEnvelopedData, content: enveloped }),
  });
  if (info.customParams.length > 0) out.customParams = new CustomParams(sortedSetOf(info.customParams.map(([k, v]) => customParam(k, v))));
  if (info.cipherKdf) out.cipherKdf = alg(info.cipherKdf);
  if (info.footer) {
    out.footerInfo = Object.assign(new FooterInfoAsn(), { version: 0n, dataSize: BigInt(info.footer.dataSize) });
    if (info.footer.signedDataHash) out.footerInfo.signedDataInfo = signedDataInfo(info.footer.signedDataHash);
  }
  if (info.padding) out.cipherPadding = alg(info.padding);
  return encode(out);
}

function versionOf(info: MessageInfo): number {
  if (info.padding) return 3;
  if (info.cipherKdf && info.footer) return 2;
  if (info.cipherKdf) return 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// Decoding

const WHAT = 'VirgilMessageInfo';

function parseCustomParams(params: CustomParams): Array<[string, CustomParamValue]> {
  const what = `${WHAT}.customParams`;
  return params.map(({ key, value: v }): [string, CustomParamValue] => {
    if (v.int !== undefined) return [key, { type: 'int', value: smallInt(v.int, `${what}.${key}`) }];
    if (v.str !== undefined) return [key, { type: 'string', value: v.str }];
    if (v.data !== undefined) return [key, { type: 'data', value: new Uint8Array(v.data) }];
    throw new MalformedError(`${what}.${key}: unknown value kind`);
  });
}

function parseHashAlg(a: AlgorithmIdentifier, what: string): VirgilHash {
  if (!noParams(a)) throw new MalformedError(`${what}: unexpected hash parameters`);
  const hash = hashByOid(a.algorithm);
  if (!hash) throw new UnsupportedError(`${what}: hash ${a.algorithm} is not supported`);
  return hash;
}

function parseFooterInfo(f: FooterInfoAsn): FooterInfo {
  const what = `${WHAT}.footerInfo`;
  if (f.version !== 0n) throw new MalformedError(`${what}: version must be 0`);
  const dataSize = smallInt(f.dataSize, `${what}.dataSize`);
  if (f.signedDataInfo === undefined) return { dataSize };
  if (f.signedDataInfo.version !== 0n) throw new MalformedError(`${what}.signedDataInfo: version must be 0`);
  return { dataSize, signedDataHash: parseHashAlg(f.signedDataInfo.digestAlgorithm, `${what}.signedDataInfo.digestAlgorithm`) };
}

/**
 * Decodes the message info at the start of a Virgil message. Returns it with its length (the ciphertext follows).
 */
export function decodeMessageInfo(data: Uint8Array): { info: MessageInfo; length: number } {
  if (data.length > 0 && data[0] !== 0x30) {
    // Virgil group-session messages are protobuf (field 1 varint: 0x08 ...), not a CMS envelope.
    if (data[0] === 0x08) throw new UnsupportedError('Virgil group-session messages are not supported (only recipient-cipher envelopes)');
    throw new MalformedError(`${WHAT}: the message does not start with a DER SEQUENCE`);
  }
  const { value: mi, length } = decodePrefix(data, VirgilMessageInfo, WHAT);
  const version = smallInt(mi.version, `${WHAT}.version`);
  if (mi.cmsContent.contentType !== OIDS.cmsEnvelopedData) throw new MalformedError(`${WHAT}: content is not enveloped data`);
  const env = mi.cmsContent.content;
  const envVersion = smallInt(env.version, `${WHAT}.envelopedData.version`);
  if (env.recipientInfos.length < 1) throw new MalformedError(`${WHAT}.recipientInfos: expected at least one recipient`);
  const recipients: KeyRecipientInfo[] = [];
  let passwordRecipients = 0;
  for (const r of env.recipientInfos) {
    if (r.pwri) {
      passwordRecipients++;
      continue;
    }
    const k = r.ktri;
    if (!k) throw new UnsupportedError(`${WHAT}: recipient kind is not supported`);
    if (k.version !== 2n) throw new MalformedError(`${WHAT}.recipientInfo: version must be 2`);
    recipients.push({ id: new Uint8Array(k.rid), algorithm: k.keyEncryptionAlgorithm.algorithm, encryptedKey: new Uint8Array(k.encryptedKey) });
  }
  if (envVersion !== (passwordRecipients > 0 ? 3 : 2)) throw new MalformedError(`${WHAT}.envelopedData: version ${envVersion} does not match its recipients`);
  const eci = env.encryptedContentInfo;
  if (eci.contentType !== OIDS.cmsData) throw new MalformedError(`${WHAT}: encrypted content is not data`);
  const cipher = eci.contentEncryptionAlgorithm;
  if (cipher.algorithm !== OIDS.aes256Gcm) throw new UnsupportedError(`${WHAT}: content cipher ${cipher.algorithm} is not supported (AES-256-GCM only)`);
  const nonce = new Uint8Array(decodeDer(cipher.parameters, OctetString, `${WHAT}.contentEncryptionAlgorithm.nonce`).buffer);
  if (nonce.length !== 12) throw new MalformedError(`${WHAT}: AES-GCM nonce must be 12 bytes`);

  const info: MessageInfo = {
    recipients,
    passwordRecipients,
    nonce,
    customParams: mi.customParams ? parseCustomParams(mi.customParams) : [],
    ...(mi.cipherKdf ? { cipherKdf: mi.cipherKdf.algorithm } : {}),
    ...(mi.footerInfo ? { footer: parseFooterInfo(mi.footerInfo) } : {}),
    ...(mi.cipherPadding ? { padding: mi.cipherPadding.algorithm } : {}),
  };
  if (version !== versionOf(info)) throw new MalformedError(`${WHAT}: version ${version} does not match the fields present`);
  return { info, length };
}

// ---------------------------------------------------------------------------------------------------------------------
// Footer

export interface SignerInfo {
  readonly signerId: Uint8Array;
  /** OID of the signer key's algorithm (Ed25519). */
  readonly algorithm: string;
  readonly signature: Uint8Array;
}

export function encodeFooter(signers: readonly SignerInfo[]): Uint8Array {
  const infos = signers.map((s) =>
    Object.assign(new SignerInfoAsn(), { version: 0n, signerId: buffer(s.signerId), signerAlgorithm: alg(s.algorithm), signature: buffer(s.signature) }),
  );
  return encode(Object.assign(new VirgilMessageInfoFooter(), { version: 0n, signerInfos: new SignerInfos(sortedSetOf(infos)) }));
}

export function decodeFooter(bytes: Uint8Array): SignerInfo[] {
  const what = 'VirgilMessageInfoFooter';
  const footer = decodeDer(bytes, VirgilMessageInfoFooter, what);
  if (footer.version !== 0n) throw new MalformedError(`${what}: version must be 0`);
  if (footer.signerInfos === undefined) return [];
  return footer.signerInfos.map((s) => {
    if (s.version !== 0n) throw new MalformedError(`${what}.signerInfo: version must be 0`);
    return { signerId: new Uint8Array(s.signerId), algorithm: s.signerAlgorithm.algorithm, signature: new Uint8Array(s.signature) };
  });
}
