/**
 * Deno runner: `deno run --allow-net=127.0.0.1:<port> dist/runners/deno.js <host url>` — the suite entry unbundled,
 * packages resolved by Deno's npm compatibility from node_modules (as `npm:` imports would load them).
 */
import { pullLoop } from '../suite-entry.js';

const base = (globalThis as { Deno?: { args?: string[] } }).Deno?.args?.[0];
if (!base) throw new Error('usage: deno run --allow-net=… dist/runners/deno.js <host url>');
await pullLoop(base);
