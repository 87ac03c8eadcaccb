/**
 * `cryptoplug vectors status|fetch`: third-party test data (Wycheproof, the JOSE cookbook). The repository's own
 * vectors ship inside @cryptoplug/conformance; Wycheproof and the cookbook stay out of the repository and are found
 * through an environment variable, a sibling checkout or the user cache that `vectors fetch` fills (see
 * packages/conformance/src/third-party.ts). `fetch` downloads the pinned upstream commit and checks every file
 * against the SHA-256 manifest kept in the repository; nothing unverified is ever installed.
 */
import type { Command } from 'commander';
import { InputInvalidError } from '@cryptoplug/core';
import type { CliContext } from '../context.js';

const NAMES = ['wycheproof', 'jose-cookbook'] as const;
type Name = (typeof NAMES)[number];

function parseOnly(only: string | undefined): Name[] {
  if (only === undefined) return [...NAMES];
  const picked = only.split(',').map((s) => s.trim());
  for (const p of picked) if (!(NAMES as readonly string[]).includes(p)) throw new InputInvalidError(`unknown data set "${p}" (one of: ${NAMES.join(', ')})`);
  return picked as Name[];
}

export function register(program: Command, ctx: CliContext): void {
  const vectors = program
    .command('vectors')
    .description('third-party test data (Wycheproof, JOSE cookbook): where it is found, and fetching the pinned copy')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug vectors status\n  $ cryptoplug vectors fetch            # needs internet access; verifies every file\n');

  vectors
    .command('status')
    .description('say which third-party data is found where (and whether it matches the pinned SHA-256 manifest)')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug vectors status --json\n')
    .action(async (o: { json?: boolean }) => {
      const tp = await import('@cryptoplug/conformance/node');
      const manifest = tp.thirdPartyManifest();
      const rows: Array<{ name: Name; pinned: string; found: boolean; dir?: string; via?: 'option' | 'env' | 'sibling' | 'cache'; looked?: string[]; files?: number; missing?: number; mismatched?: number }> = [];
      for (const name of NAMES) {
        const pin = manifest[name];
        const loc = tp.locateThirdParty(name);
        const check = loc.found ? await tp.verifyThirdParty(name, loc.dir) : undefined;
        rows.push({
          name,
          pinned: `${pin.repository}@${pin.commit}`,
          found: loc.found,
          ...(loc.found ? { dir: loc.dir, via: loc.via } : { looked: loc.looked }),
          ...(check ? { files: check.checked, missing: check.missing.length, mismatched: check.mismatched.length } : {}),
        });
      }
      if (o.json) return void ctx.out(JSON.stringify({ cache: tp.cacheRoot(), data: rows }, null, 2) + '\n');
      const via = { option: 'given', env: 'from the environment variable', sibling: 'a sibling checkout', cache: 'the vectors fetch cache' } as const;
      const lines: string[] = [];
      for (const r of rows) {
        if (!r.found) {
          lines.push(`${r.name}: not found (pinned ${r.pinned})`, `  ${tp.missingLine(r.name)}`);
          continue;
        }
        const state = r.missing === 0 && r.mismatched === 0 ? `matches the pinned manifest (${r.files} files)` : `${r.mismatched} file(s) differ from the pinned manifest, ${r.missing} missing`;
        lines.push(`${r.name}: ${r.dir} (${via[r.via!]}); ${state}`);
      }
      lines.push(`cache: ${tp.cacheRoot()}`);
      ctx.out(lines.join('\n') + '\n');
    });

  vectors
    .command('fetch')
    .description('download the pinned Wycheproof and JOSE cookbook commits into the user cache, checking every file against the SHA-256 manifest')
    .option('--only <NAMES>', `only these data sets, comma-separated (${NAMES.join(', ')})`)
    .option('--base-url <URL>', 'codeload-style archive server (default: $CRYPTOPLUG_VECTORS_BASE_URL, else https://codeload.github.com)')
    .addHelpText(
      'after',
      '\nThe cache is $CRYPTOPLUG_CACHE_DIR, else ~/.cache/cryptoplug (XDG_CACHE_HOME; ~/Library/Caches on macOS).\n' +
        '\nExamples:\n  $ cryptoplug vectors fetch\n  $ cryptoplug vectors fetch --only wycheproof\n',
    )
    .action(async (o: { only?: string; baseUrl?: string }) => {
      const names = parseOnly(o.only);
      const tp = await import('@cryptoplug/conformance/node');
      for (const name of names) {
        const r = await tp.fetchThirdParty(name, { ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), log: (l) => ctx.err(l) });
        ctx.out(`${name}: ${r.files} files verified in ${r.dir}\n`);
      }
    });
}
