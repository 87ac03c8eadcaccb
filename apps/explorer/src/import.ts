/**
 * `@cryptoplug/explorer/schema`: the zod schemas of what the explorer exports and imports (schema.ts), and
 * `parseImport`, which throws a typed error (ERR_EXPLORER_IMPORT_INVALID) instead of returning a failed check.
 */
import { ExplorerError } from './errors.js';
import { checkImport, checkImportText, type ImportedRun } from './schema.js';

export * from './schema.js';
export { EXPLORER_ERROR_CODES, ExplorerError, type ExplorerErrorCode } from './errors.js';

/** Validates one parsed JSON value as an explorer run, a bench report or conformance report(s); throws ERR_EXPLORER_IMPORT_INVALID. */
export function parseImport(value: unknown, fallbackLabel?: string): ImportedRun {
  const r = checkImport(value, fallbackLabel);
  if (!r.ok) throw new ExplorerError('ERR_EXPLORER_IMPORT_INVALID', r.message);
  return r.run;
}

/** The same from JSON text (a syntax error is ERR_EXPLORER_IMPORT_INVALID too). */
export function parseImportText(text: string, fallbackLabel?: string): ImportedRun {
  const r = checkImportText(text, fallbackLabel);
  if (!r.ok) throw new ExplorerError('ERR_EXPLORER_IMPORT_INVALID', r.message);
  return r.run;
}
