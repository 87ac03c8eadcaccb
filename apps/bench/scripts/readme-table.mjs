#!/usr/bin/env node
/** The README's JWT/JWS table from a bench.json: `node scripts/readme-table.mjs bench-results/bench.json`. */
import { readFileSync } from 'node:fs';
import { pairedRatio } from '../dist/harness.js';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const k = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const cols = ['minimal:node-crypto', 'cryptoplug-jose:auto', 'fast-jwt', 'jose', 'jsonwebtoken', 'node-jose'];
const head = ['op', 'minimal node:crypto', 'cryptoplug `auto`', 'fast-jwt', 'jose', 'jsonwebtoken', 'node-jose', 'auto ÷ fast-jwt (≥ 1.0)', 'auto ÷ minimal (≥ 0.85)', 'auto ahead of jsonwebtoken, node-jose'];
const out = [`| ${head.join(' | ')} |`, `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |`];
const mark = (x) => (x === undefined ? '—' : `${x.ratio.toFixed(2)}× ${x.met ? '✅' : '❌'}`);
for (const op of r.operations.filter((o) => o.group === 'jose' && !o.id.includes('cache'))) {
  const by = Object.fromEntries(op.results.map((c) => [c.name, c]));
  const cell = (n) => (by[n]?.ok ? `${k(by[n].opsPerSec)} ±${Math.round(by[n].spread * 50)}%` : '—');
  const ratio = (b) => r.ratios.find((x) => x.operation === op.id && x.contestant === 'cryptoplug-jose:auto' && x.baseline === b && x.mode === 'sequential');
  const ahead = ['jsonwebtoken', 'node-jose'].map(ratio).filter(Boolean);
  out.push(`| ${op.id} | ${cols.map(cell).join(' | ')} | ${mark(ratio('fast-jwt'))} | ${mark(ratio('minimal:node-crypto'))} | ${ahead.length ? (ahead.every((x) => x.met) ? '✅' : `❌ ${ahead.filter((x) => !x.met).map((x) => `${x.baseline} ${x.ratio.toFixed(2)}×`).join(', ')}`) : '—'} |`);
}
out.push('', '| verify, cache on | cryptoplug `auto` + cache | fast-jwt + cache | `auto` without cache | cache ÷ fast-jwt cache | cache ÷ no cache |', '| --- | ---: | ---: | ---: | ---: | ---: |');
for (const op of r.operations.filter((o) => o.id.includes('cache on'))) {
  const by = Object.fromEntries(op.results.map((c) => [c.name, c]));
  const v = (n) => (by[n]?.ok ? `${k(by[n].opsPerSec)} ±${Math.round(by[n].spread * 50)}%` : '—');
  const a = by['cryptoplug-jose:auto+cache'], f = by['fast-jwt+cache'], n = by['cryptoplug-jose:auto'];
  out.push(`| ${op.id.replace(', cache on', '')} | ${v('cryptoplug-jose:auto+cache')} | ${v('fast-jwt+cache')} | ${v('cryptoplug-jose:auto')} | ${pairedRatio(a, f).toFixed(2)}× | ${pairedRatio(a, n).toFixed(2)}× |`);
}
out.push('', '| batch | verifyMany ÷ one-by-one, node | auto |', '| --- | ---: | ---: |');
for (const op of r.operations.filter((o) => o.group === 'batch')) {
  const x = (c) => r.ratios.find((y) => y.operation === op.id && y.contestant === c && y.mode === 'sequential');
  out.push(`| ${op.id} | ${mark(x('verifyMany:node'))} | ${mark(x('verifyMany:auto'))} |`);
}
const t = r.ratios.filter((x) => x.mode === 'sequential' && x.target !== undefined);
out.push('', `targets met: ${t.filter((x) => x.met).length} of ${t.length}`);
console.log(out.join('\n'));
