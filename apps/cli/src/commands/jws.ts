/** `cryptoplug jws sign|verify`: JSON Web Signatures over arbitrary bytes (RFC 7515, RFC 7797 b64: false). */
import { Command, InvalidArgumentError } from 'commander';
import { InputInvalidError } from '@cryptoplug/core';
import { signCompact, signFlattened, verifyJws, JWS_ALGORITHM_NAMES, type KeyInput } from '@cryptoplug/jose';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { algList, parseJsonArg, readJoseKey, readJsonObject, withBackend } from './jwt.js';
import { examples } from '../command.js';

function parseB64(value: string): boolean {
  if (value === 'false') return false;
  if (value === 'true') return true;
  throw new InvalidArgumentError('--b64 must be true or false');
}

export function register(program: Command, ctx: CliContext): void {
  const jws = program.command('jws').description('JSON Web Signatures (RFC 7515) over a file or stdin');
  examples(
    jws,
    'cryptoplug jws sign --alg ES256 --key keys/private.pem file.bin > file.jws',
    'cryptoplug jws verify --alg ES256 --key keys/public.pem @file.jws > payload.bin',
  );

  const sign = jws
    .command('sign')
    .description('sign a file (or stdin); print the compact JWS, or the flattened JSON serialization with --json')
    .requiredOption('--alg <ALG>', `signature algorithm: ${JWS_ALGORITHM_NAMES.join(', ')}`)
    .requiredOption('--key <FILE>', 'signing key: private PEM/DER/JWK, or an oct JWK for HS*')
    .option('--b64 <BOOL>', 'false: unencoded payload (RFC 7797; adds "crit": ["b64"])', parseB64, true)
    .option('--json', 'flattened JSON serialization instead of compact')
    .option('--kid <KID>', '"kid" header parameter')
    .option('--typ <TYP>', '"typ" header parameter')
    .option('--cty <CTY>', '"cty" header parameter')
    .option('--header <JSON>', 'more protected header parameters (JSON object or @FILE)', parseJsonArg('--header'))
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .addOption(backendOption())
    .argument('[FILE]', 'payload; - or absent for stdin')
    .action(async (file: string | undefined, o: { alg: string; key: string; b64: boolean; json?: boolean; kid?: string; typ?: string; cty?: string; header?: string; passphraseFile?: string; backend: string }) => {
      const extra = o.header ? await readJsonObject(ctx, o.header, '--header') : {};
      const header: Record<string, unknown> = { ...extra, alg: o.alg };
      if (o.kid !== undefined) header.kid = o.kid;
      if (o.typ !== undefined) header.typ = o.typ;
      if (o.cty !== undefined) header.cty = o.cty;
      if (!o.b64) {
        header.b64 = false;
        const crit = Array.isArray(header.crit) ? (header.crit as string[]) : [];
        header.crit = crit.includes('b64') ? crit : [...crit, 'b64'];
      }
      const key = (await readJoseKey(ctx, o.key, o.passphraseFile ? { passphraseFile: o.passphraseFile } : {})) as KeyInput;
      const payload = await ctx.readInput(file);
      const backend = await withBackend(ctx, o.backend);
      if (o.json) {
        const out = await signFlattened(payload, key, { backend, protectedHeader: header });
        ctx.out(JSON.stringify(out) + '\n');
      } else {
        ctx.out((await signCompact(payload, key, { backend, protectedHeader: header as { alg: string } })) + '\n');
      }
    });
  examples(
    sign,
    'cryptoplug jws sign --alg ES256 --key keys/private.pem file.bin > file.jws',
    'echo -n payload | cryptoplug jws sign --alg HS256 --key oct.jwk.json --b64 false --json',
  );

  const verify = jws
    .command('verify')
    .description('verify a JWS (compact, flattened or general JSON) and write its payload bytes to stdout')
    .requiredOption('--alg <ALG>', 'allowed algorithm(s), comma-separated; the header never chooses', algList)
    .requiredOption('--key <FILE>', 'verification key: public/private PEM, DER, JWK, oct JWK, or a JWK Set')
    .option('--payload <FILE>', 'detached content (RFC 7515 Appendix F)')
    .addOption(backendOption())
    .argument('[TOKEN]', 'the JWS, @FILE, or - / absent for stdin')
    .action(async (tokenArg: string | undefined, o: { alg: string[]; key: string; payload?: string; backend: string }) => {
      if (o.payload === '-' && (tokenArg === undefined || tokenArg === '-')) throw new InputInvalidError('the token and the payload cannot both come from stdin');
      const token = await ctx.readToken(tokenArg);
      const key = await readJoseKey(ctx, o.key, { allowSet: true });
      const detached = o.payload !== undefined ? await ctx.readInput(o.payload) : undefined;
      const backend = await withBackend(ctx, o.backend);
      const r = await verifyJws(token, key, { backend, algorithms: o.alg, ...(detached ? { payload: detached } : {}) });
      ctx.out(r.payload);
    });
  examples(
    verify,
    'cryptoplug jws verify --alg ES256 --key keys/public.pem @file.jws > payload.bin',
    'cryptoplug jws verify --alg ES256,EdDSA --key jwks.json --payload file.bin @detached.jws   # detached content',
  );
}
