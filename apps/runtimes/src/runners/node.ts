/** Node runner: `node dist/runners/node.js <host url>` — the suite entry UNBUNDLED (packages resolved from node_modules). */
import { pullLoop } from '../suite-entry.js';

const base = process.argv[2];
if (!base) throw new Error('usage: node dist/runners/node.js <host url>');
await pullLoop(base);
