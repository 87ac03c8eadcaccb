/**
 * The README's benchmark tables, rendered from bench.json reports (used by readme-table.mjs and readme-runs.mjs).
 * Every ratio is the report's own (the median of the per-round ratios, `pairedRatio`); nothing is recomputed here
 * except the cache table's two ratios, which have no target and so are not in the report's ratio list.
 */
import { pairedRatio } from '../dist/harness.js';
import { ceilingRows } from '../dist/report.js';

const k = (n) => (n >= 10000 ? `${(n / 1000).toFixed(1)}k` : n >= 1000 ? `${(n / 1000).toFixed(2)}k` : n.toFixed(0));
const cell = (c) => (c?.ok ? `${k(c.opsPerSec)} ±${Math.round(c.spread * 50)}%` : '—');
const mark = (x) => (x === undefined ? '—' : `${x.ratio.toFixed(2)}× ${x.met ? '✅' : '❌'}`);
const ratioOf = (r, op, contestant, baseline) => r.ratios.find((x) => x.operation === op && x.contestant === contestant && x.baseline === baseline && x.mode === 'sequential');
const byName = (op) => Object.fromEntries(op.results.map((c) => [c.name, c]));
const table = (head, align, rows) => [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];

/** JWT/JWS rows on `auto` against the floor and the peers, the cache rows and the batch rows (with the ceiling). */
export function joseTables(r) {
  const cols = ['minimal:node-crypto', 'cryptoplug-jose:auto', 'fast-jwt', 'jose', 'jsonwebtoken', 'node-jose'];
  const rows = r.operations
    .filter((o) => o.group === 'jose' && !o.id.includes('cache'))
    .map((op) => {
      const by = byName(op);
      const ahead = ['jsonwebtoken', 'node-jose'].map((b) => ratioOf(r, op.id, 'cryptoplug-jose:auto', b)).filter(Boolean);
      const aheadCell = ahead.length === 0 ? '—' : ahead.every((x) => x.met) ? '✅' : `❌ ${ahead.filter((x) => !x.met).map((x) => `${x.baseline} ${x.ratio.toFixed(2)}×`).join(', ')}`;
      return [op.id, ...cols.map((n) => cell(by[n])), mark(ratioOf(r, op.id, 'cryptoplug-jose:auto', 'fast-jwt')), mark(ratioOf(r, op.id, 'cryptoplug-jose:auto', 'minimal:node-crypto')), aheadCell];
    });
  const out = table(
    ['op', 'minimal node:crypto', 'cryptoplug `auto`', 'fast-jwt', 'jose', 'jsonwebtoken', 'node-jose', 'auto ÷ fast-jwt (≥ 1.0)', 'auto ÷ minimal (≥ 0.85)', 'auto ahead of jsonwebtoken, node-jose'],
    ['---', ...cols.map(() => '---:'), '---:', '---:', '---:'],
    rows,
  );
  const cache = r.operations.filter((o) => o.id.includes('cache on')).map((op) => {
    const by = byName(op);
    const a = by['cryptoplug-jose:auto+cache'], f = by['fast-jwt+cache'], n = by['cryptoplug-jose:auto'];
    const pr = (x, y) => (x?.ok && y?.ok ? `${pairedRatio(x, y).toFixed(2)}×` : '—');
    return [op.id.replace(', cache on', ''), cell(a), cell(f), cell(n), pr(a, f), pr(a, n)];
  });
  if (cache.length) out.push('', ...table(['verify, cache on', 'cryptoplug `auto` + cache', 'fast-jwt + cache', '`auto` without cache', 'cache ÷ fast-jwt cache', 'cache ÷ no cache'], ['---', '---:', '---:', '---:', '---:', '---:'], cache));
  // the report's own ceiling rows (verifyMany ÷ one-by-one per backend, next to the two-thread ceiling)
  const batch = ceilingRows(r.ratios).map((c) => [
    c.operation,
    c.backend,
    c.target === undefined ? `${c.speedup.toFixed(2)}×` : mark({ ratio: c.speedup, met: c.speedup >= c.target }),
    c.target === undefined ? '—' : `≥ ${c.target}×`,
    c.ceiling === undefined ? '—' : `${c.ceiling.toFixed(2)}×`,
    c.ofCeiling === undefined ? '—' : `${Math.round(c.ofCeiling * 100)}%`,
  ]);
  if (batch.length) out.push('', ...table(['operation', 'backend', 'verifyMany ÷ one-by-one', 'target', 'ceiling ÷ raw one-by-one', 'verifyMany ÷ ceiling'], ['---', '---', '---:', '---:', '---:', '---:'], batch));
  return out.join('\n');
}

/** Adapter ÷ raw library, one column per backend, each from that backend's own run (`--backend NAME`). */
export function adapterTable(reports) {
  const names = Object.keys(reports);
  const ids = [];
  for (const name of names) for (const op of reports[name].operations) if (op.group === 'primitive' && !ids.includes(op.id)) ids.push(op.id);
  const rows = ids.map((id) => [id, ...names.map((name) => mark(ratioOf(reports[name], id, `adapter:${name}`, `raw:${name}`)))]);
  return table(['operation', ...names], ['---', ...names.map(() => '---:')], rows).join('\n');
}

/** JWS on the WebCrypto backend against panva jose on the same WebCrypto (`--backend webcrypto --only JWS`). */
export function webcryptoJwsTable(r) {
  const rows = r.operations
    .filter((o) => o.group === 'jose' && o.id.startsWith('JWS '))
    .map((op) => {
      const by = byName(op);
      return [op.id, cell(by['cryptoplug-jose:webcrypto']), cell(by.jose), mark(ratioOf(r, op.id, 'cryptoplug-jose:webcrypto', 'jose'))];
    });
  return table(['op', 'cryptoplug on WebCrypto', 'panva jose', '÷ jose (≥ 1.0)'], ['---', '---:', '---:', '---:'], rows).join('\n');
}

/** "met N of M" over the targets these reports carry (each ratio with a target counted once). */
export function targetSummary(reports) {
  const seen = new Map();
  for (const r of reports) for (const x of r.ratios) if (x.mode === 'sequential' && x.target !== undefined) seen.set(`${x.operation}|${x.contestant}|${x.baseline}`, x);
  const all = [...seen.values()];
  const missed = all.filter((x) => !x.met);
  return [`targets met: ${all.length - missed.length} of ${all.length}`, ...missed.map((x) => `- missed: ${x.operation}: ${x.contestant} ÷ ${x.baseline} = ${x.ratio.toFixed(3)}× (target ${x.target}×)`)].join('\n');
}
