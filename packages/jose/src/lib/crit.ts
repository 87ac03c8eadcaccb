/** RFC 7515 §4.1.11 `crit`: every listed extension must be understood and integrity protected. */
import { InputInvalidError } from '@cryptoplug/core';
import { REGISTERED_HEADER_PARAMETERS } from './algorithms.js';
import { JoseNotSupportedError } from './errors.js';
import type { ErrorClass } from './util.js';

/** The extensions in force when there is no `crit` (shared: the answer of almost every call). */
const NONE: ReadonlySet<string> = new Set<string>();

/**
 * Validates `crit` and returns the set of extensions in force. `builtIn` are extensions this library implements
 * (`b64` for JWS); `recognized` are the caller's (`{ name: true }`).
 */
/** `options.crit`, when given, must be an object `{ extensionName: true }` (checked on every verify, `crit` or not). */
export function assertCritOption(recognized: unknown): void {
  if (recognized !== undefined && (typeof recognized !== 'object' || recognized === null)) {
    throw new InputInvalidError('options.crit must be an object { extensionName: true }');
  }
}

export function validateCrit(
  Err: ErrorClass,
  builtIn: ReadonlySet<string>,
  recognized: Readonly<Record<string, boolean>> | undefined,
  protectedHeader: Record<string, unknown> | undefined,
  joseHeader: Record<string, unknown>,
): ReadonlySet<string> {
  assertCritOption(recognized);
  if (joseHeader.crit === undefined) return NONE;
  if (protectedHeader?.crit === undefined) throw new Err('"crit" must be integrity protected (in the protected header)');
  const crit = protectedHeader.crit;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string' || c.length === 0)) {
    throw new Err('"crit" must be a non-empty array of non-empty strings');
  }
  const names = new Set<string>();
  for (const name of crit as string[]) {
    if (names.has(name)) throw new Err(`"crit" lists "${name}" twice`);
    names.add(name);
    if (REGISTERED_HEADER_PARAMETERS.has(name)) throw new Err(`"crit" must not list the registered header parameter "${name}"`);
    if (!builtIn.has(name) && recognized?.[name] !== true) {
      throw new JoseNotSupportedError(`extension header parameter "${name}" is critical but not understood`);
    }
    if (protectedHeader[name] === undefined) throw new Err(`critical header parameter "${name}" is missing from the protected header`);
  }
  return names;
}
