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
  algorithm,
  children,
  decodeDer,
  decodePrefix,
  der,
  explicit,
  isContext,
  isNull,
  octets,
  oid,
  setItems,
  smallInt,
  utf8,
  type Asn,
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

function customParam(key: string, v: CustomParamValue): Asn {
  const value = v.type === 'int' ? der.explicit(0, der.int(v.value)) : v.type === 'string' ? der.explicit(1, der.utf8(v.value)) : der.explicit(2, der.octets(v.value));
  return der.seq(der.utf8(key), value);
}

/** DER of VirgilSignedDataInfo: also the AEAD additional data of signed messages. */
export function signedDataInfoDer(hash: VirgilHash): Uint8Array {
  return der.encode(signedDataInfo(hash));
}

function signedDataInfo(hash: VirgilHash): Asn {
  return der.seq(der.int(0), der.alg(HASH_OID[hash], der.null()));
}

export function encodeMessageInfo(info: MessageInfo): Uint8Array {
  if (info.passwordRecipients !== 0) throw new UnsupportedError('password recipients are not supported');
  const recipients = info.recipients.map((r) =>
    der.seq(der.int(2), der.explicit(0, der.octets(r.id)), der.alg(r.algorithm), der.octets(r.encryptedKey)),
  );
  const enveloped = der.seq(
    der.int(2),
    der.setOf(recipients),
    der.seq(der.oid(OIDS.cmsData), der.alg(OIDS.aes256Gcm, der.octets(info.nonce))),
  );
  const items: Asn[] = [der.int(versionOf(info)), der.seq(der.oid(OIDS.cmsEnvelopedData), der.explicit(0, enveloped))];
  if (info.customParams.length > 0) items.push(der.explicit(0, der.setOf(info.customParams.map(([k, v]) => customParam(k, v)))));
  if (info.cipherKdf) items.push(der.explicit(1, der.alg(info.cipherKdf)));
  if (info.footer) {
    const f = [der.int(0), der.int(info.footer.dataSize)];
    if (info.footer.signedDataHash) f.push(der.explicit(0, signedDataInfo(info.footer.signedDataHash)));
    items.push(der.explicit(2, der.seq(...f)));
  }
  if (info.padding) items.push(der.explicit(3, der.alg(info.padding)));
  return der.encode(der.seq(...items));
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

function parseRecipient(node: Asn, out: KeyRecipientInfo[]): 'key' | 'password' {
  if (isContext(node, 3)) return 'password';
  if (node.idBlock.tagClass !== 1 || node.idBlock.tagNumber !== 16) {
    throw new UnsupportedError(`${WHAT}: recipient kind [${node.idBlock.tagNumber}] is not supported`);
  }
  const what = `${WHAT}.recipientInfo`;
  const items = children(node, what, 4, 4);
  if (smallInt(items[0], `${what}.version`) !== 2) throw new MalformedError(`${what}: version must be 2`);
  const id = octets(explicit(items[1], 0, `${what}.rid`), `${what}.rid`);
  const alg = algorithm(items[2], `${what}.keyEncryptionAlgorithm`);
  out.push({ id, algorithm: alg.oid, encryptedKey: octets(items[3], `${what}.encryptedKey`) });
  return 'key';
}

function parseCustomParams(node: Asn): Array<[string, CustomParamValue]> {
  const what = `${WHAT}.customParams`;
  const out: Array<[string, CustomParamValue]> = [];
  for (const kv of setItems(node, what)) {
    const [k, v] = children(kv, `${what}.param`, 2, 2);
    const key = utf8(k, `${what}.key`);
    let value: CustomParamValue;
    if (isContext(v, 0)) value = { type: 'int', value: smallInt(explicit(v, 0, `${what}.${key}`), `${what}.${key}`) };
    else if (isContext(v, 1)) value = { type: 'string', value: utf8(explicit(v, 1, `${what}.${key}`), `${what}.${key}`) };
    else if (isContext(v, 2)) value = { type: 'data', value: octets(explicit(v, 2, `${what}.${key}`), `${what}.${key}`) };
    else throw new MalformedError(`${what}.${key}: unknown value kind`);
    out.push([key, value]);
  }
  return out;
}

function parseHashAlg(node: Asn | undefined, what: string): VirgilHash {
  const alg = algorithm(node, what);
  if (alg.params !== undefined && !isNull(alg.params)) throw new MalformedError(`${what}: unexpected hash parameters`);
  const hash = hashByOid(alg.oid);
  if (!hash) throw new UnsupportedError(`${what}: hash ${alg.oid} is not supported`);
  return hash;
}

function parseFooterInfo(node: Asn): FooterInfo {
  const what = `${WHAT}.footerInfo`;
  const items = children(node, what, 2, 3);
  if (smallInt(items[0], `${what}.version`) !== 0) throw new MalformedError(`${what}: version must be 0`);
  const dataSize = smallInt(items[1], `${what}.dataSize`);
  if (items[2] === undefined) return { dataSize };
  const sdi = children(explicit(items[2], 0, `${what}.signedDataInfo`), `${what}.signedDataInfo`, 2, 2);
  if (smallInt(sdi[0], `${what}.signedDataInfo.version`) !== 0) throw new MalformedError(`${what}.signedDataInfo: version must be 0`);
  return { dataSize, signedDataHash: parseHashAlg(sdi[1], `${what}.signedDataInfo.digestAlgorithm`) };
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
  const { node, length } = decodePrefix(data, WHAT);
  const top = children(node, WHAT, 2, 6);
  const version = smallInt(top[0], `${WHAT}.version`);

  const ci = children(top[1], `${WHAT}.cmsContent`, 2, 2);
  if (oid(ci[0], `${WHAT}.cmsContent.contentType`) !== OIDS.cmsEnvelopedData) throw new MalformedError(`${WHAT}: content is not enveloped data`);
  const env = children(explicit(ci[1], 0, `${WHAT}.cmsContent.content`), `${WHAT}.envelopedData`, 3, 3);
  const envVersion = smallInt(env[0], `${WHAT}.envelopedData.version`);
  const recipients: KeyRecipientInfo[] = [];
  let passwordRecipients = 0;
  for (const r of setItems(env[1], `${WHAT}.recipientInfos`, 1)) {
    if (parseRecipient(r, recipients) === 'password') passwordRecipients++;
  }
  if (envVersion !== (passwordRecipients > 0 ? 3 : 2)) throw new MalformedError(`${WHAT}.envelopedData: version ${envVersion} does not match its recipients`);
  const eci = children(env[2], `${WHAT}.encryptedContentInfo`, 2, 2);
  if (oid(eci[0], `${WHAT}.encryptedContentInfo.contentType`) !== OIDS.cmsData) throw new MalformedError(`${WHAT}: encrypted content is not data`);
  const cipher = algorithm(eci[1], `${WHAT}.contentEncryptionAlgorithm`);
  if (cipher.oid !== OIDS.aes256Gcm) throw new UnsupportedError(`${WHAT}: content cipher ${cipher.oid} is not supported (AES-256-GCM only)`);
  const nonce = octets(cipher.params, `${WHAT}.contentEncryptionAlgorithm.nonce`);
  if (nonce.length !== 12) throw new MalformedError(`${WHAT}: AES-GCM nonce must be 12 bytes`);

  let customParams: Array<[string, CustomParamValue]> = [];
  let cipherKdf: string | undefined;
  let footer: FooterInfo | undefined;
  let padding: string | undefined;
  let next = 0;
  for (const item of top.slice(2)) {
    const tag = item.idBlock.tagNumber;
    if (item.idBlock.tagClass !== 3 || tag < next || tag > 3) throw new MalformedError(`${WHAT}: unexpected or out-of-order field`);
    next = tag + 1;
    const inner = explicit(item, tag, `${WHAT}.[${tag}]`);
    if (tag === 0) customParams = parseCustomParams(inner);
    else if (tag === 1) cipherKdf = algorithm(inner, `${WHAT}.cipherKdf`).oid;
    else if (tag === 2) footer = parseFooterInfo(inner);
    else padding = algorithm(inner, `${WHAT}.cipherPadding`).oid;
  }
  const info: MessageInfo = {
    recipients,
    passwordRecipients,
    nonce,
    customParams,
    ...(cipherKdf ? { cipherKdf } : {}),
    ...(footer ? { footer } : {}),
    ...(padding ? { padding } : {}),
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
  const infos = signers.map((s) => der.seq(der.int(0), der.octets(s.signerId), der.alg(s.algorithm), der.octets(s.signature)));
  return der.encode(der.seq(der.int(0), der.explicit(0, der.setOf(infos))));
}

export function decodeFooter(bytes: Uint8Array): SignerInfo[] {
  const what = 'VirgilMessageInfoFooter';
  const items = children(decodeDer(bytes, what), what, 1, 2);
  if (smallInt(items[0], `${what}.version`) !== 0) throw new MalformedError(`${what}: version must be 0`);
  if (items[1] === undefined) return [];
  return setItems(explicit(items[1], 0, `${what}.signerInfos`), `${what}.signerInfos`).map((node) => {
    const s = children(node, `${what}.signerInfo`, 4, 4);
    if (smallInt(s[0], `${what}.signerInfo.version`) !== 0) throw new MalformedError(`${what}.signerInfo: version must be 0`);
    return {
      signerId: octets(s[1], `${what}.signerInfo.signerId`),
      algorithm: algorithm(s[2], `${what}.signerInfo.signerAlgorithm`).oid,
      signature: octets(s[3], `${what}.signerInfo.signature`),
    };
  });
}

