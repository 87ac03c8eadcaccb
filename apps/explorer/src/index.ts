/**
 * @cryptoplug/explorer — the backend explorer: a static page (`dist/site/`) that runs the conformance suite and the
 * benchmark in the visitor's own browser, and the server behind `cryptoplug explorer`. The run schema (zod) is the
 * `@cryptoplug/explorer/schema` subpath.
 */
export { startExplorer, buildServer, findWycheproof, SITE_DIR, DEFAULT_HOST, DEFAULT_PORT, type ExplorerOptions, type ExplorerServer, type WycheproofSource } from './server.js';
export { EXPLORER_ERROR_CODES, ExplorerError, type ExplorerErrorCode } from './errors.js';
