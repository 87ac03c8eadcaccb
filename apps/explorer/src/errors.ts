/** The explorer's own error codes (core's `CryptoplugError` subclasses, `ERR_EXPLORER_*`), exported as a list. */
import { CryptoplugError } from '@cryptoplug/core';

export const EXPLORER_ERROR_CODES = [
  /** An imported file is not an explorer run, a `bench --json` report or a `conformance --json` report. */
  'ERR_EXPLORER_IMPORT_INVALID',
  /** The built page (`dist/site/index.html`) is missing: the package was not built. */
  'ERR_EXPLORER_SITE_MISSING',
  /** The server could not listen (port in use, address not available, bad port). */
  'ERR_EXPLORER_LISTEN',
] as const;

export type ExplorerErrorCode = (typeof EXPLORER_ERROR_CODES)[number];

export class ExplorerError extends CryptoplugError {
  declare readonly code: ExplorerErrorCode;
  constructor(code: ExplorerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
