/** `cryptoplug backends`: what loads in this runtime, capabilities, and (with --explain) what `auto` picks. */
import { Command } from 'commander';
import { detectRuntime, runtimeVersion, type Backend, type Capabilities } from '@cryptoplug/core';
import { createRegistry, type AutoBackend } from '@cryptoplug/backends';
import type { CliContext } from '../context.js';
import { examples } from '../command.js';

/** The AES-GCM IV lengths a backend takes (`capabilities().aesGcmIv`): "1–128", "≥ 8". */
function gcmIv(c: Capabilities): string {
  const b = c.aesGcmIv ?? { min: 1 };
  return b.max === undefined ? `≥ ${b.min}` : `${b.min}–${b.max}`;
}

export function summarizeCapabilities(c: Capabilities): string[] {
  const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');
  return [
    `ECDSA        ${c.ecdsa.curves.length ? `${list(c.ecdsa.curves)} × ${list(c.ecdsa.hashes)}` : '—'}`,
    `Ed25519      ${c.ed25519 ? 'yes' : '—'}`,
    `RSA PKCS#1   ${list(c.rsaPkcs1.hashes)}`,
    `RSA-PSS      ${list(c.rsaPss.hashes)}`,
    `RSA-OAEP     ${list(c.rsaOaep.hashes)}${c.rsaOaep.hashes.length ? (c.rsaOaep.label ? ' (label)' : ' (no label)') : ''}`,
    `ECDH         ${list(c.ecdh.curves)}`,
    `digest       ${list(c.digest)}`,
    `HMAC         ${list(c.hmac)}`,
    `AES          ${list([c.aesGcm && `GCM (IV ${gcmIv(c)} bytes)`, c.aesCbc && 'CBC', c.aesKw && 'KW'].filter(Boolean) as string[])}`,
    `HKDF/PBKDF2  ${list(c.hkdf)} / ${list(c.pbkdf2)}`,
    `keygen       ${list(c.generateKey)}`,
  ];
}

export async function describeBackends(): Promise<{
  runtime: string;
  available: readonly Backend[];
  unavailable: ReadonlyArray<{ name: string; reason: string }>;
  auto: AutoBackend;
}> {
  const registry = createRegistry();
  const { available, unavailable } = await registry.loadAll();
  const auto = (await registry.select('auto')) as AutoBackend;
  return { runtime: `${detectRuntime()} ${runtimeVersion()}`, available, unavailable, auto };
}

export function explainLines(auto: AutoBackend): string[] {
  const rows = auto.explain();
  const w = Math.max(...rows.map((r) => r.operation.length));
  return rows.map((r) => `${r.operation.padEnd(w)}  ${(r.backend ?? 'none').padEnd(9)}  ${r.reason}`);
}

export function register(program: Command, ctx: CliContext): void {
  const backends = program
    .command('backends')
    .description('list the backends available in this runtime and their capabilities')
    .option('--json', 'print as JSON')
    .option('--explain', 'show which backend `auto` picks for each operation and why')
    .option('--backend <NAME>', 'show only this backend', 'auto')
    .action(async (o: { json?: boolean; explain?: boolean; backend: string }) => {
      const d = await describeBackends();
      const shown = o.backend === 'auto' ? d.available : d.available.filter((b) => b.name === o.backend);
      if (o.backend !== 'auto' && shown.length === 0) {
        const why = d.unavailable.find((u) => u.name === o.backend);
        // Surface the registry's typed error (unknown name, or unavailable here).
        await createRegistry().select(o.backend);
        if (why) ctx.err(`${o.backend}: ${why.reason}`);
      }
      if (o.json) {
        ctx.out(
          JSON.stringify(
            {
              runtime: d.runtime,
              backends: shown.map((b) => ({ name: b.name, capabilities: b.capabilities() })),
              unavailable: d.unavailable,
              ...(o.explain ? { auto: d.auto.explain() } : {}),
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const lines: string[] = [`runtime: ${d.runtime}`, ''];
      for (const b of shown) {
        lines.push(`${b.name}`);
        for (const l of summarizeCapabilities(b.capabilities())) lines.push(`  ${l}`);
        lines.push('');
      }
      for (const u of d.unavailable) lines.push(`${u.name}: unavailable (${u.reason})`);
      if (o.explain) {
        lines.push('', `auto picks (preference: ${d.auto.members.map((m) => m.name).join(' > ')}):`);
        for (const l of explainLines(d.auto)) lines.push(`  ${l}`);
      }
      ctx.out(lines.join('\n').replace(/\n+$/, '') + '\n');
    });
  examples(
    backends,
    'cryptoplug backends',
    'cryptoplug backends --explain          # what auto picks per operation, and why',
    'cryptoplug backends --backend noble --json',
  );
}
