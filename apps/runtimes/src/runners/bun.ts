/**
 * Bun runner: `bun dist/runners/bun.js <host url>` — the suite entry unbundled, packages resolved by Bun from
 * node_modules, the way a Bun application loads them.
 */
import { pullLoop } from '../suite-entry.js';

const base = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[2];
if (!base) throw new Error('usage: bun dist/runners/bun.js <host url>');
await pullLoop(base);
