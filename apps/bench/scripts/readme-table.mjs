#!/usr/bin/env node
/**
 * The README's JWT/JWS, cache and batch tables from one bench.json: `node scripts/readme-table.mjs bench-results/bench.json`
 * (all of the README's tables, from their own runs: readme-runs.mjs).
 */
import { readFileSync } from 'node:fs';
import { joseTables, targetSummary } from './readme-tables.mjs';

const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(`${joseTables(r)}\n\n${targetSummary([r])}`);
