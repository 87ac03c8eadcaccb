/** `cryptoplug sign` and `cryptoplug verify`: raw signatures over a file or stdin, base64url on the wire. */
import { Command, Option } from 'commander';
import { KeyUsageError, PrivateKey, SecretKey, SignatureInvalidError, base64url, fromBase64url, InputInvalidError } from '@cryptoplug/core';
import type { CliContext } from '../context.js';
import { SIGNATURE_ALG_NAMES, signatureAlgorithm } from '../algs.js';
import { backendOption } from './shared.js';
import { examples } from '../command.js';

export function register(program: Command, ctx: CliContext): void {
  const sign = program
    .command('sign')
    .description('sign a file (or stdin) and print the base64url signature')
    .requiredOption('--alg <ALG>', `signature algorithm: ${SIGNATURE_ALG_NAMES.join(', ')}`)
    .requiredOption('--key <FILE>', 'private key: PEM (PKCS#8, PKCS#1, SEC1), DER or JWK')
    .addOption(new Option('--encoding <ENC>', 'ECDSA signature encoding').choices(['p1363', 'der']))
    .option('--hash <H>', 'hash for ECDSA / RSASSA-PKCS1-v1_5 / RSA-PSS (SHA-1, SHA-256, SHA-384, SHA-512)')
    .option('--salt-length <N>', 'RSA-PSS salt length in bytes (default: the hash length)')
    .option('--passphrase-file <F>', 'passphrase for an encrypted private key')
    .addOption(backendOption())
    .argument('[FILE]', 'data to sign; - or absent for stdin')
    .action(async (file: string | undefined, o: { alg: string; key: string; encoding?: string; hash?: string; saltLength?: string; passphraseFile?: string; backend: string }) => {
      const key = await ctx.readKey(o.key, o.passphraseFile ? { passphraseFile: o.passphraseFile } : {});
      if (!(key instanceof PrivateKey)) throw new KeyUsageError(`signing needs a private key, ${o.key} holds a ${key.type} key`);
      const alg = signatureAlgorithm(o.alg, key, o);
      const data = await ctx.readInput(file);
      const backend = await ctx.backend(o.backend);
      ctx.out(base64url(await backend.sign(alg, key, data)) + '\n');
    });

  examples(
    sign,
    'cryptoplug sign --alg ES256 --key keys/private.pem file.bin > sig.txt',
    'echo hello | cryptoplug sign --alg RSA-PSS --hash SHA-384 --key rsa.pem',
    'cryptoplug sign --alg ECDSA --hash SHA-1 --encoding der --key keys/private.pem file.bin',
  );

  const verify = program
    .command('verify')
    .description('verify a base64url signature over a file (or stdin); exit 0 if valid, 1 if not')
    .requiredOption('--alg <ALG>', `signature algorithm: ${SIGNATURE_ALG_NAMES.join(', ')}`)
    .requiredOption('--key <FILE>', 'public (or private) key: PEM, DER or JWK')
    .requiredOption('--signature <B64>', 'the signature, base64url (or @FILE)')
    .addOption(new Option('--encoding <ENC>', 'ECDSA signature encoding').choices(['p1363', 'der']))
    .option('--hash <H>', 'hash for ECDSA / RSASSA-PKCS1-v1_5 / RSA-PSS')
    .option('--salt-length <N>', 'RSA-PSS salt length in bytes (default: the hash length)')
    .option('--json', 'print {"valid": true|false} on stdout')
    .addOption(backendOption())
    .argument('[FILE]', 'signed data; - or absent for stdin')
    .action(async (file: string | undefined, o: { alg: string; key: string; signature: string; encoding?: string; hash?: string; saltLength?: string; json?: boolean; backend: string }) => {
      const key = await ctx.readKey(o.key);
      if (key instanceof SecretKey) throw new KeyUsageError('verification needs a public or private key, not a secret key');
      const alg = signatureAlgorithm(o.alg, key, o);
      const sigText = (await ctx.readToken(o.signature)).trim();
      let signature: Uint8Array;
      try {
        signature = fromBase64url(sigText);
      } catch (cause) {
        throw new InputInvalidError('--signature is not base64url', { cause });
      }
      if (o.signature === '-' && file === undefined) throw new InputInvalidError('the signature and the data cannot both come from stdin');
      const data = await ctx.readInput(file);
      const backend = await ctx.backend(o.backend);
      const valid = await backend.verify(alg, key, signature, data);
      if (o.json) ctx.out(JSON.stringify({ valid }) + '\n');
      if (!valid) throw new SignatureInvalidError();
      ctx.err('signature valid');
    });

  examples(
    verify,
    'cryptoplug verify --alg ES256 --key keys/public.pem --signature @sig.txt file.bin   # exit 0 valid, 1 invalid',
    'cryptoplug verify --json --alg EdDSA --key public.jwk.json --signature "$SIG" file.bin',
  );
}
