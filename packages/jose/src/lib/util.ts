/** Small shared helpers: strict base64url/JSON decoding with JOSE error types, header merging, limits. */
// Core subpaths, not the index: `jwt decode` (and the CLI's start-up) loads only these leaf modules.
import { CryptoplugError, InputInvalidError } from '@cryptoplug/core/errors';
import { base64url, fromBase64url, fromBase64urlTransient } from '@cryptoplug/core/base64';
import { fromUtf8, utf8 } from '@cryptoplug/core/bytes';
import { parseJsonGuarded } from '@cryptoplug/core/json';
import type { Backend } from '@cryptoplug/core/contract';
import type { JoseError } from './errors.js';

export type ErrorClass = new (message: string, options?: { cause?: unknown }) => JoseError;

/** Input size limits. Tokens over these are rejected before any cryptography runs. */
export interface Limits {
  /** Longest compact token or JSON serialization (characters). */
  readonly maxTokenLength: number;
  /** Longest encoded protected header (characters). */
  readonly maxHeaderLength: number;
  /** Most signatures (JWS General JSON) or recipients (JWE General JSON). */
  readonly maxEntries: number;
  /** Largest plaintext a `zip: "DEF"` JWE may inflate to (bytes). */
  readonly maxDecompressedLength: number;
}

export const DEFAULT_LIMITS: Limits = /* @__PURE__ */ Object.freeze({
  maxTokenLength: 4 * 1024 * 1024,
  maxHeaderLength: 64 * 1024,
  maxEntries: 32,
  maxDecompressedLength: 4 * 1024 * 1024,
});

export function limitsOf(partial: Partial<Limits> | undefined): Limits {
  if (partial === undefined) return DEFAULT_LIMITS;
  const out = { ...DEFAULT_LIMITS, ...partial };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InputInvalidError(`limits.${k} must be a positive integer`);
  }
  return out;
}

export function assertBackend(backend: unknown): asserts backend is Backend {
  if (typeof backend !== 'object' || backend === null || typeof (backend as Backend).sign !== 'function') {
    throw new InputInvalidError('options.backend must be a cryptoplug Backend');
  }
}

/** A rejected promise with `e` as an Error (for functions that return promises but check synchronously first). */
export function rejected(e: unknown): Promise<never> {
  return Promise.reject(e instanceof Error ? e : new Error(String(e)));
}

export function b64u(bytes: Uint8Array): string {
  return base64url(bytes);
}

/** Strict base64url (no padding, no whitespace, canonical trailing bits); failures become `Err`. */
export function decodeB64u(value: unknown, what: string, Err: ErrorClass): Uint8Array {
  return decodeWith(fromBase64url, value, what, Err);
}

/** {@link decodeB64u} for bytes that are only read (core's `fromBase64urlTransient`: possibly a pooled view). */
export function decodeB64uTransient(value: unknown, what: string, Err: ErrorClass): Uint8Array {
  return decodeWith(fromBase64urlTransient, value, what, Err);
}

function decodeWith(decode: (text: string) => Uint8Array, value: unknown, what: string, Err: ErrorClass): Uint8Array {
  if (typeof value !== 'string') throw new Err(`${what} must be a string`);
  try {
    return decode(value);
  } catch (cause) {
    throw new Err(`${what} is not valid base64url`, { cause });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 JSON text → a plain object, or `Err`. */
export function parseJsonObject(bytes: Uint8Array, what: string, Err: ErrorClass): Record<string, unknown> {
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch (cause) {
    throw new Err(`${what} is not valid UTF-8`, { cause });
  }
  // depth/size guarded (core's parseJsonGuarded): deep nesting is ERR_LIMIT_EXCEEDED, never a RangeError
  const value = parseJsonGuarded(text, { what, invalid: (cause) => new Err(`${what} is not valid JSON`, { cause }) });
  if (!isObject(value)) throw new Err(`${what} must be a JSON object`);
  return value;
}

/** Decodes and parses a protected header (base64url of UTF-8 JSON object). */
export function decodeProtected(value: unknown, limits: Limits, Err: ErrorClass): Record<string, unknown> {
  if (typeof value !== 'string') throw new Err('protected header must be a string');
  checkHeaderLength(value, limits, Err);
  return parseProtected(value, Err);
}

/** The decoding and parsing of both decoders, once the text is known to be a string within the length limit. */
function parseProtected(value: string, Err: ErrorClass): Record<string, unknown> {
  return parseJsonObject(decodeB64u(value, 'protected header', Err), 'protected header', Err);
}

/**
 * Decoded protected headers, by their base64url text: a service verifies tokens whose header is one of a few
 * (`{"alg":"ES256","typ":"JWT","kid":"…"}`), so each is decoded and parsed once. Only flat headers (every value a
 * string, number, boolean or null) of at most 1 KiB are kept, at most 256 of them (the map is emptied when full, so a
 * stream of distinct headers costs nothing but misses); every call gets a fresh shallow copy, which is then a full
 * copy, so a caller changing its result changes nothing here. The text is the key, so the result is exactly what
 * decoding it again would give; the checks that depend on the call's options (alg allow-list, crit, b64) still run on
 * every call.
 */
const protectedCache = new Map<string, Readonly<Record<string, unknown>>>();
const PROTECTED_CACHE_ENTRIES = 256;
const PROTECTED_CACHE_LENGTH = 1024;

function isFlat(header: Record<string, unknown>): boolean {
  for (const k in header) {
    const v = header[k];
    if (typeof v === 'object' && v !== null) return false;
  }
  return true;
}

/** The protected header's length limit, checked before decoding (by both decoders, once each). */
function checkHeaderLength(value: string, limits: Limits, Err: ErrorClass): void {
  if (value.length > limits.maxHeaderLength) throw new Err(`protected header exceeds ${limits.maxHeaderLength} characters`);
}

/** {@link decodeProtected} through the cache of flat headers; returns an object of the caller's own. */
export function decodeProtectedCached(value: string, limits: Limits, Err: ErrorClass): Record<string, unknown> {
  checkHeaderLength(value, limits, Err);
  const hit = protectedCache.get(value);
  if (hit !== undefined) return { ...hit };
  const header = parseProtected(value, Err);
  if (value.length <= PROTECTED_CACHE_LENGTH && isFlat(header)) {
    if (protectedCache.size >= PROTECTED_CACHE_ENTRIES) protectedCache.clear();
    // not frozen: it never leaves this module (callers get copies), and a spread of a frozen object takes V8's slow
    // path (~0.5k instructions per verify, apps/bench/PROFILE.md)
    protectedCache.set(value, { ...header });
  }
  return header;
}

/** RFC 7515 §7.2.1 / RFC 7516 §7.2.1: header parameter names must be disjoint across the headers. */
export function assertDisjoint(Err: ErrorClass, ...headers: Array<Record<string, unknown> | undefined>): void {
  const seen = new Set<string>();
  for (const h of headers) {
    if (!h) continue;
    for (const name of Object.keys(h)) {
      if (seen.has(name)) throw new Err(`header parameter "${name}" appears in more than one header`);
      seen.add(name);
    }
  }
}

export function encodeJson(value: unknown): Uint8Array {
  return utf8(JSON.stringify(value));
}

export function toBytes(input: Uint8Array | string, what: string): Uint8Array {
  if (typeof input === 'string') return utf8(input);
  if (input instanceof Uint8Array) return input;
  throw new InputInvalidError(`${what} must be a Uint8Array or a string`);
}

/** Re-throws anything that is not a CryptoplugError as `Err` (foreign errors never escape). */
export function wrapForeign(e: unknown, Err: ErrorClass, what: string): never {
  if (e instanceof CryptoplugError) throw e;
  throw new Err(`${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export function assertAllowList(value: unknown, what: string): asserts value is readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isString)) {
    throw new InputInvalidError(`${what} must be a non-empty array of algorithm names`);
  }
  if (value.some(isNone)) throw new InputInvalidError(`${what} must not contain "none"`);
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** "none" in any case (only four-letter names are lower-cased: no string made per call for the usual names). */
export const isNone = (v: string): boolean => v.length === 4 && v.toLowerCase() === 'none';

// units: s, sec(s), second(s); m, min(s), minute(s); h, hr(s), hour(s); d, day(s); w, week(s); y, yr(s), year(s)
const DURATION = /^(\d+(?:\.\d+)?)\s*(s(?:ecs?|econds?)?|m(?:ins?|inutes?)?|h(?:rs?|ours?)?|d(?:ays?)?|w(?:eeks?)?|y(?:rs?|ears?)?)?$/i;

/** Seconds from a number (seconds) or a span like "30s", "15m", "2h", "7d". */
export function secondsOf(value: number | string, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InputInvalidError(`${what} must be a non-negative number of seconds`);
    return value;
  }
  const m = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  if (!m) throw new InputInvalidError(`${what} must be seconds or a span such as "30s", "15m", "2h", "7d"`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase()[0];
  const factor = unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : unit === 'w' ? 604800 : 31557600;
  return Math.round(n * factor);
}
