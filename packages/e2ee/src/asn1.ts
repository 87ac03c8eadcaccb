/**
 * Small, strict DER layer on asn1js: decode (requiring canonical DER: re-encoding must give back the input bytes),
 * typed accessors that throw `ERR_E2EE_MALFORMED` with a path-like message, and encoders (DER SET OF sorted).
 */
import * as asn1js from 'asn1js';
import { bytesEqual } from '@cryptoplug/core';
import { MalformedError } from './errors.js';

export type Asn = asn1js.BaseBlock;

const CONTEXT = 3;

function encodeNode(node: Asn): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

/**
 * Decodes the DER element at the start of `bytes` (more bytes may follow: a Virgil message is a DER header followed by
 * ciphertext). Returns the element and its encoded length. The element itself must be canonical DER.
 */
export function decodePrefix(bytes: Uint8Array, what: string): { node: Asn; length: number } {
  let parsed: asn1js.FromBerResult;
  try {
    parsed = asn1js.fromBER(bytes, { maxDepth: 32 });
  } catch (cause) {
    throw new MalformedError(`${what}: not valid DER`, { cause });
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw new MalformedError(`${what}: not valid DER${parsed.result.error ? ` (${parsed.result.error})` : ''}`);
  }
  const node = parsed.result as Asn;
  const length = parsed.offset;
  assertCanonical(node, what);
  let again: Uint8Array;
  try {
    again = encodeNode(node);
  } catch (cause) {
    throw new MalformedError(`${what}: not valid DER`, { cause });
  }
  if (!bytesEqual(again, bytes.subarray(0, length))) throw new MalformedError(`${what}: not canonical DER`);
  return { node, length };
}

/**
 * DER rules asn1js does not enforce (it keeps BER forms and re-encodes them as they came): definite, minimal lengths,
 * one-byte tags, non-empty minimal INTEGERs, primitive OCTET STRINGs, empty NULLs. Walks constructed elements only
 * (never into OCTET STRING contents).
 */
function assertCanonical(node: Asn, what: string, depth = 0): void {
  const len = node.lenBlock;
  if (len.isIndefiniteForm) throw new MalformedError(`${what}: indefinite length (not DER)`);
  const minimal = len.length < 0x80 ? 1 : 1 + Math.ceil(len.length.toString(16).length / 2);
  if (len.blockLength !== minimal || (len.length < 0x80 && len.longFormUsed)) throw new MalformedError(`${what}: non-minimal length (not DER)`);
  if (node.idBlock.blockLength !== 1) throw new MalformedError(`${what}: multi-byte tag (not DER)`);
  if (node instanceof asn1js.Integer) {
    const v = node.valueBlock.valueHexView;
    if (v.length === 0) throw new MalformedError(`${what}: empty INTEGER`);
    if (v.length > 1 && ((v[0] === 0 && (v[1]! & 0x80) === 0) || (v[0] === 0xff && (v[1]! & 0x80) !== 0))) {
      throw new MalformedError(`${what}: non-minimal INTEGER (not DER)`);
    }
  } else if (node instanceof asn1js.OctetString) {
    if (node.idBlock.isConstructed) throw new MalformedError(`${what}: constructed OCTET STRING (not DER)`);
  } else if (node instanceof asn1js.Null) {
    if (len.length !== 0) throw new MalformedError(`${what}: NULL with content`);
  } else if (node instanceof asn1js.Constructed) {
    if (depth > 32) throw new MalformedError(`${what}: nested too deeply`);
    for (const child of node.valueBlock.value) assertCanonical(child, what, depth + 1);
  }
}

/** Decodes exactly one canonical DER element spanning all of `bytes`. */
export function decodeDer(bytes: Uint8Array, what: string): Asn {
  const { node, length } = decodePrefix(bytes, what);
  if (length !== bytes.length) throw new MalformedError(`${what}: ${bytes.length - length} trailing bytes after the DER structure`);
  return node;
}

/** The DER encoding of a decoded element (for embedded structures such as SubjectPublicKeyInfo). */
export function rawOf(node: Asn): Uint8Array {
  return encodeNode(node);
}

const UNIVERSAL = 1;

/** Exact universal tag and form check (asn1js maps e.g. ENUMERATED to a subclass of Integer, and keeps BER forms). */
function universal(node: Asn | undefined, tag: number): boolean {
  return (
    node !== undefined &&
    node.idBlock.tagClass === UNIVERSAL &&
    node.idBlock.tagNumber === tag &&
    node.idBlock.isConstructed === (tag === 16 || tag === 17)
  );
}

export function children(node: Asn | undefined, what: string, min = 0, max = Infinity): Asn[] {
  if (!(node instanceof asn1js.Sequence) || !universal(node, 16)) throw new MalformedError(`${what}: expected a SEQUENCE`);
  return count(node.valueBlock.value, what, min, max);
}

export function setItems(node: Asn | undefined, what: string, min = 0, max = Infinity): Asn[] {
  if (!(node instanceof asn1js.Set) || !universal(node, 17)) throw new MalformedError(`${what}: expected a SET`);
  return count(node.valueBlock.value, what, min, max);
}

function count(items: Asn[], what: string, min: number, max: number): Asn[] {
  if (items.length < min || items.length > max) {
    throw new MalformedError(`${what}: expected ${min === max ? min : `${min}..${max === Infinity ? 'n' : max}`} elements, got ${items.length}`);
  }
  return items;
}

export function integer(node: Asn | undefined, what: string): bigint {
  if (!(node instanceof asn1js.Integer) || !universal(node, 2)) throw new MalformedError(`${what}: expected an INTEGER`);
  return node.toBigInt();
}

/** An INTEGER that must be a small non-negative number (versions, sizes). */
export function smallInt(node: Asn | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = integer(node, what);
  if (v < 0n || v > BigInt(max)) throw new MalformedError(`${what}: ${v} is out of range`);
  return Number(v);
}

export function octets(node: Asn | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString) || !universal(node, 4) || node.idBlock.isConstructed) throw new MalformedError(`${what}: expected an OCTET STRING`);
  return new Uint8Array(node.valueBlock.valueHexView);
}

export function oid(node: Asn | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier) || !universal(node, 6)) throw new MalformedError(`${what}: expected an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}

export function utf8(node: Asn | undefined, what: string): string {
  if (!(node instanceof asn1js.Utf8String) || !universal(node, 12)) throw new MalformedError(`${what}: expected a UTF8String`);
  return node.valueBlock.value;
}

export function isNull(node: Asn | undefined): boolean {
  return node instanceof asn1js.Null && universal(node, 5);
}

/** True when the element is a constructed context-specific tag `[tag]`. */
export function isContext(node: Asn | undefined, tag: number): boolean {
  return node !== undefined && node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tag && node.idBlock.isConstructed;
}

/** The content of an EXPLICIT `[tag]` (exactly one inner element). */
export function explicit(node: Asn | undefined, tag: number, what: string): Asn {
  if (!isContext(node, tag)) throw new MalformedError(`${what}: expected [${tag}]`);
  const inner = (node as asn1js.Constructed).valueBlock.value;
  if (inner.length !== 1) throw new MalformedError(`${what}: [${tag}] must hold exactly one element`);
  return inner[0]!;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
export function algorithm(node: Asn | undefined, what: string): { oid: string; params: Asn | undefined } {
  const items = children(node, what, 1, 2);
  return { oid: oid(items[0], `${what}.algorithm`), params: items[1] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Encoders

export const der = {
  seq: (...items: Asn[]): Asn => new asn1js.Sequence({ value: items }),
  /** DER SET OF: elements sorted by their encodings. */
  setOf: (items: Asn[]): Asn => {
    const sorted = items
      .map((item) => ({ item, bytes: encodeNode(item) }))
      .sort((a, b) => compareBytes(a.bytes, b.bytes))
      .map((e) => e.item);
    return new asn1js.Set({ value: sorted });
  },
  int: (value: number | bigint): Asn => asn1js.Integer.fromBigInt(value),
  octets: (bytes: Uint8Array): Asn => new asn1js.OctetString({ valueHex: bytes.slice() }),
  oid: (value: string): Asn => new asn1js.ObjectIdentifier({ value }),
  null: (): Asn => new asn1js.Null(),
  utf8: (value: string): Asn => new asn1js.Utf8String({ value }),
  /** EXPLICIT `[tag]` around one element. */
  explicit: (tag: number, inner: Asn): Asn =>
    new asn1js.Constructed({ idBlock: { tagClass: CONTEXT, tagNumber: tag }, value: [inner] }),
  /** An already-encoded DER element (SubjectPublicKeyInfo...). */
  raw: (bytes: Uint8Array, what = 'embedded DER'): Asn => decodeDer(bytes, what),
  alg: (algOid: string, params?: Asn): Asn =>
    new asn1js.Sequence({ value: params ? [new asn1js.ObjectIdentifier({ value: algOid }), params] : [new asn1js.ObjectIdentifier({ value: algOid })] }),
  encode: (node: Asn): Uint8Array => encodeNode(node),
};

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
