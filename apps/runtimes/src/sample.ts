/** The "sampled" tier's sampling rule lives in the conformance package (one implementation for this matrix and `--quick`). */
export { countTests, sampleIndices, sampleSuite, sampleVectors, sampleWycheproof } from '@cryptoplug/conformance';
