/**
 * One guarded JSON parser for every piece of untrusted JSON (JOSE headers/claims/JSON serializations, ETAMP messages,
 * e2ee envelopes, akenza tokens, JWK text). `JSON.parse` itself copes with deep nesting, but the code that walks the
 * result afterwards (canonicalisation, validation, copying) recurses and overflows the stack with a plain `RangeError`
 * (a 12.5 KB ETAMP header 4,118 levels deep did). Nesting depth and size are checked in one linear scan before parsing,
 * so every failure is a `CryptoplugError`:
 * - deeper than `maxDepth` (default 64) → `ERR_LIMIT_EXCEEDED`;
 * - longer than `maxBytes` UTF-16 code units (default 4 MiB) → `ERR_INPUT_TOO_LARGE`;
 * - not JSON → the caller's error (`invalid`), `ERR_INPUT_INVALID` by default.
 */
import { CryptoplugError, InputInvalidError, InputTooLargeError, LimitExceededError } from '../errors.js';

export interface JsonGuardOptions {
  /** Deepest nesting of arrays/objects accepted (the top-level value is depth 1). Default 64. */
  readonly maxDepth?: number;
  /** Longest text accepted, in UTF-16 code units (= bytes for ASCII JSON). Default 4 MiB. */
  readonly maxBytes?: number;
  /** What to throw when the text is not JSON (default ERR_INPUT_INVALID "… is not valid JSON"). */
  readonly invalid?: (cause: unknown) => CryptoplugError;
  /** Names the input in messages ("JWS header", "ETAMP message"). */
  readonly what?: string;
}

export const JSON_LIMITS = /* @__PURE__ */ Object.freeze({ maxDepth: 64, maxBytes: 4 * 1024 * 1024 });

/** Nesting depth of a JSON text (brackets outside strings), stopping as soon as it passes `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}

/**
 * False when the text has at most one `{` or `[` (so its depth is at most 1 and the scan can be skipped): a few native
 * `indexOf` scans instead of a JS loop over every character — the common case of a flat JOSE header or claims set.
 * Brackets inside strings only make it answer true (then the exact scan runs).
 */
function mayNest(text: string): boolean {
  const brace = text.indexOf('{');
  const bracket = text.indexOf('[');
  if (brace < 0 && bracket < 0) return false;
  const first = brace < 0 ? bracket : bracket < 0 ? brace : Math.min(brace, bracket);
  return text.indexOf('{', first + 1) >= 0 || text.indexOf('[', first + 1) >= 0;
}

export function parseJsonGuarded(text: string, options: JsonGuardOptions = {}): unknown {
  const what = options.what ?? 'JSON';
  if (typeof text !== 'string') throw new InputInvalidError(`${what} must be text`);
  const maxBytes = options.maxBytes ?? JSON_LIMITS.maxBytes;
  const maxDepth = options.maxDepth ?? JSON_LIMITS.maxDepth;
  if (text.length > maxBytes) throw new InputTooLargeError(`${what} is ${text.length} bytes, more than the limit of ${maxBytes}`);
  if ((maxDepth < 1 || mayNest(text)) && jsonDepth(text, maxDepth) > maxDepth) throw new LimitExceededError(`${what} nests deeper than the limit of ${maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw options.invalid ? options.invalid(cause) : new InputInvalidError(`${what} is not valid JSON`, { cause });
  }
}
