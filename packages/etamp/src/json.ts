/**
 * JSON text exactly as Python's `json.dumps(value, separators=(",", ":"))` writes it (what PyJWT signs): no spaces,
 * keys in insertion order, and `ensure_ascii`: every character outside printable ASCII (0x7f and above, each UTF-16
 * code unit of an astral character separately) as a lowercase `\uXXXX` escape. `JSON.stringify` already escapes
 * `"`, `\`, and the control characters below 0x20 the way Python does (`\b \t \n \f \r`, else `\u00XX`).
 */
import { InputInvalidError } from '@cryptoplug/core';

export function pythonJson(value: unknown): string {
  check(value);
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Only what both languages print the same way: strings, safe integers, booleans, null, arrays, plain objects. */
function check(value: unknown): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InputInvalidError('claims numbers must be safe integers (Python prints other numbers differently)');
    return;
  }
  if (Array.isArray(value)) return value.forEach(check);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) check(v);
    return;
  }
  throw new InputInvalidError(`cannot encode a ${typeof value} in ETAMP claims`);
}
