/** `cryptoplug keygen`: a key pair as private.pem (PKCS#8), public.pem (SPKI), private.jwk.json, public.jwk.json. */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { InputInvalidError, KEY_SPECS, exportPem, jwkFromKey, jwkThumbprint, type KeySpec, type PrivateKey } from '@cryptoplug/core';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { examples } from '../command.js';

export async function writeKeyFiles(key: PrivateKey, dir: string, force: boolean): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string, number]> = [
    ['private.pem', exportPem(key, 'pkcs8'), 0o600],
    ['public.pem', exportPem(key, 'spki'), 0o644],
    ['private.jwk.json', JSON.stringify(jwkFromKey(key, { private: true }), null, 2) + '\n', 0o600],
    ['public.jwk.json', JSON.stringify(jwkFromKey(key.publicKey()), null, 2) + '\n', 0o644],
  ];
  if (!force) {
    for (const [name] of files) {
      const path = join(dir, name);
      const exists = await access(path).then(() => true, () => false);
      if (exists) throw new InputInvalidError(`${path} exists (use --force to overwrite)`);
    }
  }
  const written: string[] = [];
  for (const [name, text, mode] of files) {
    const path = join(dir, name);
    await writeFile(path, text, { mode });
    written.push(path);
  }
  return written;
}

export function register(program: Command, ctx: CliContext): void {
  const keygen = program
    .command('keygen')
    .description('generate a key pair and write private.pem, public.pem, private.jwk.json, public.jwk.json')
    .addOption(new Option('--type <TYPE>', 'key type').choices([...KEY_SPECS]).makeOptionMandatory())
    .requiredOption('--out <DIR>', 'output directory (created if missing)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print the written paths and the key thumbprint as JSON')
    .addOption(backendOption())
    .action(async (o: { type: KeySpec; out: string; force?: boolean; json?: boolean; backend: string }) => {
      const backend = await ctx.backend(o.backend);
      const key = await backend.generateKey(o.type);
      const files = await writeKeyFiles(key, o.out, o.force === true);
      const thumbprint = jwkThumbprint(key);
      if (o.json) ctx.out(JSON.stringify({ type: o.type, thumbprint, files }, null, 2) + '\n');
      else ctx.out(files.join('\n') + '\n');
      ctx.err(`${o.type} key written to ${o.out} (JWK thumbprint ${thumbprint})`);
    });
  examples(
    keygen,
    'cryptoplug keygen --type ec-p256 --out keys/',
    'cryptoplug keygen --type rsa-2048 --out rsa/ --json',
    'cryptoplug keygen --type ed25519 --out keys/ --force --backend noble',
  );
}
