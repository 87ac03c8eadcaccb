import { InputInvalidError } from '../errors.js';
import { NativeBuffer, nativeFromBase64url } from '#native-buffer';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const T64 = /* @__PURE__ */ table(B64);
const T64URL = /* @__PURE__ */ table(B64URL);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/**
 * Strict decoder of unpadded text (callers handle padding first): rejects impossible lengths, characters outside the
 * alphabet and non-zero trailing bits.
 */
function decode(s: string, t: Int16Array, what: string): Uint8Array {
  if (s.length % 4 === 1) throw new InputInvalidError(`invalid ${what} length`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? t[c]! : -1;
    if (v < 0) throw new InputInvalidError(`invalid character in ${what}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new InputInvalidError(`non-canonical ${what} (trailing bits)`);
  return out;
}

/** base64url never carries padding (RFC 7515 §2): the portable path's checks, in the order of the standard decoder's. */
function decodeUrl(text: string): Uint8Array {
  if (typeof text !== 'string') throw new InputInvalidError('base64url must be a string');
  if (text.endsWith('=')) throw new InputInvalidError('base64url must not be padded');
  return decode(text, T64URL, 'base64url');
}

// Node's Buffer codec where the runtime has one (native-buffer.ts; none in browser builds: no-native-buffer.ts).

/**
 * The bytes of an ASCII string (base64url text and the dots between: a JWS signing input), for reading only: on
 * runtimes with `Buffer` a latin1 write into its pool (several times cheaper than `TextEncoder` with a fresh
 * ArrayBuffer); elsewhere `TextEncoder`. For ASCII both give the same bytes; callers pass only checked ASCII.
 */
export function asciiBytes(text: string): Uint8Array {
  return NativeBuffer ? NativeBuffer.from(text, 'latin1') : new TextEncoder().encode(text);
}

/**
 * The UTF-8 bytes of any string, for reading only (hashing a token): `Buffer` where the runtime has it (possibly a view
 * into its shared pool, so never keep or return them), `TextEncoder` elsewhere.
 */
export function utf8Transient(text: string): Uint8Array {
  return NativeBuffer ? NativeBuffer.from(text, 'utf8') : new TextEncoder().encode(text);
}

/** base64url without padding (RFC 7515 §2). */
export function base64url(bytes: Uint8Array): string {
  // Up to 64 bytes (signatures, HMAC tags) Buffer copies them: V8 keeps so small a typed array on its own heap, and
  // reading its `.buffer` would move it off the heap (an allocation and a finaliser per call: JWT HS256 sign lost 15%).
  if (NativeBuffer && bytes.length > 16) return (bytes.length <= 64 ? NativeBuffer.from(bytes) : NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('base64url');
  return encode(bytes, B64URL, false);
}

/** Strict base64url decoding: no padding, no whitespace, canonical trailing bits. */
export function fromBase64url(text: string): Uint8Array {
  const bytes = fromBase64urlTransient(text);
  // a plain Uint8Array of its own (a small Buffer is a view into a shared pool)
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes);
}

/**
 * {@link fromBase64url} for bytes that are only read and then dropped (a signature to verify, a JWT payload to parse):
 * the same strict checks, but on runtimes with `Buffer` the result may be a view into Buffer's shared pool (no copy).
 * Never return such bytes to a caller or keep them: the pool's other bytes belong to other buffers.
 */
export function fromBase64urlTransient(text: string): Uint8Array {
  return nativeFromBase64url(text) ?? decodeUrl(text);
}

/** base64url (no padding) of the UTF-8 encoding of `text`, without a separate encode step where `Buffer` exists. */
export function base64urlOfText(text: string): string {
  if (NativeBuffer) return NativeBuffer.from(text, 'utf8').toString('base64url');
  return encode(new TextEncoder().encode(text), B64URL, false);
}

/** Standard base64 with padding (RFC 4648 §4). */
export function base64(bytes: Uint8Array): string {
  return encode(bytes, B64, true);
}

/** Standard base64; padding optional; whitespace is not accepted (strip it first for PEM bodies). */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new InputInvalidError('base64 must be a string');
  let s = text;
  if (s.endsWith('==')) {
    s = s.slice(0, -2);
    if (s.length % 4 !== 2) throw new InputInvalidError('invalid base64 padding');
  } else if (s.endsWith('=')) {
    s = s.slice(0, -1);
    if (s.length % 4 !== 3) throw new InputInvalidError('invalid base64 padding');
  }
  return decode(s, T64, 'base64');
}
