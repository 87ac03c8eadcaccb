/**
 * @cryptoplug/conformance — checks any cryptoplug Backend against Wycheproof and the repository's cross-implementation
 * vectors. This entry point is runtime-neutral (no file system): it takes already-loaded suite data. The Node loader
 * that reads the files from disk is the `@cryptoplug/conformance/node` subpath.
 */
export { listSuites } from './suites.js';
export { runConformance } from './run.js';
export { countTests, sampleIndices, sampleSuite, sampleVectors, sampleWycheproof } from './sample.js';
export { MATRIX_LEGEND, formatMatrix, formatReport, formatUnavailable } from './format.js';
export { runCrossMatrix, formatCrossMatrix, type CrossKeys, type CrossReport, type CrossCell } from './cross.js';
export type { ConformanceReport, LoadedSuites, RunOptions, SuiteDescriptor, SuiteFailure, SuiteResult, SuiteSource } from './types.js';
